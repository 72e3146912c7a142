"""Client helpers for the CLI and benchmarks: channels and domain -> proto requests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import grpc

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.scoring.conversation import AgeSource, ContentKind, Conversation
from service.servicers import _wire

_AGE_SOURCE = {
    AgeSource.UNKNOWN: pb.AGE_SOURCE_UNKNOWN,
    AgeSource.DECLARED: pb.AGE_SOURCE_DECLARED,
    AgeSource.ESTIMATED: pb.AGE_SOURCE_ESTIMATED,
    AgeSource.VERIFIED: pb.AGE_SOURCE_VERIFIED,
}
_KIND = {
    ContentKind.TEXT: pb.CONTENT_KIND_TEXT,
    ContentKind.AUDIO_TRANSCRIPT: pb.CONTENT_KIND_AUDIO_TRANSCRIPT,
    ContentKind.OTHER: pb.CONTENT_KIND_OTHER,
}


def request_for(conv: Conversation) -> pb.ScoreConversationRequest:
    """The scoring request for a domain conversation (labels are never sent)."""
    # Built in place with add(): a list of ChatMessage objects handed to a constructor is
    # built and then copied, which doubled the cost of a bulk client.
    request = pb.ScoreConversationRequest()
    c = request.conversation
    c.id = conv.id
    c.professional_secrecy = conv.professional_secrecy
    for p in conv.participants:
        if p.age is None:
            c.participants.add(id=p.id, age_source=_AGE_SOURCE[p.age_source])
        else:
            c.participants.add(id=p.id, age_source=_AGE_SOURCE[p.age_source], age=p.age)
    add = c.messages.add
    kinds = _KIND
    for m in conv.messages:
        seconds = int(m.sent_at)
        add(id=m.id, sender_id=m.sender, text=m.text, kind=kinds[m.kind],
            sent_at={"seconds": seconds, "nanos": round((m.sent_at - seconds) * 1e9)})
    return request


#: The full method name of ScoreConversationBatches, for calls with pre-serialized requests.
SCORE_BATCHES = "/grooming_risk.v1.ScoringService/ScoreConversationBatches"


def encode_request(conv: Conversation) -> bytes:
    """``request_for(conv).SerializeToString()``, byte for byte, by the compiled encoder
    (``service/servicers/_wire.c``): a bulk client's cost was mostly building protos."""
    return _wire.encode_request(conv, _AGE_SOURCE, _KIND)


def batch_payload(requests: Sequence[bytes]) -> bytes:
    """A serialized ScoreConversationBatch of serialized requests (field 1, repeated)."""
    out = bytearray()
    for r in requests:
        out += b"\x0a" + varint(len(r)) + r
    return bytes(out)


def varint(n: int) -> bytes:
    """``n`` as a protobuf varint; a negative ``n`` as its 64-bit two's complement."""
    n &= (1 << 64) - 1
    out = bytearray()
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def open_channel(
    target: str,
    *,
    ca: Path | None = None,
    cert: Path | None = None,
    key: Path | None = None,
    server_name: str | None = None,
) -> grpc.Channel:
    """A channel to ``target``; TLS when a CA is given, mutual TLS with cert and key."""
    options: list[tuple[str, str | int]] = [
               ("grpc.max_receive_message_length", 64 * 1024 * 1024),
               ("grpc.max_send_message_length", 64 * 1024 * 1024)]
    if server_name:
        options.append(("grpc.ssl_target_name_override", server_name))
    if ca is None:
        return grpc.insecure_channel(target, options=options)
    creds = grpc.ssl_channel_credentials(
        root_certificates=ca.read_bytes(),
        private_key=key.read_bytes() if key else None,
        certificate_chain=cert.read_bytes() if cert else None,
    )
    return grpc.secure_channel(target, creds, options=options)
