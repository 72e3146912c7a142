"""Proto <-> domain conversion for the gRPC layer. No logic beyond mapping fields.

Scoring requests are decoded from their bytes by the compiled decoder (``_wire.c``,
:func:`decode_request`) rather than through ``scoring_pb2``: the protobuf runtime
builds an object per chat message and a string per field read, which cost more than
scoring the conversation. :func:`conversation_from_proto` is the same mapping from a
parsed message; the decoder is tested against it.
"""

from __future__ import annotations

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.errors import InvalidInput
from service.scoring.conversation import (
    AgeSource,
    ContentKind,
    Conversation,
    Message,
    Participant,
)
from service.scoring.engine import Outcome
from service.scoring.policy import NotScannedReason
from service.servicers import _wire

_AGE_SOURCE: dict[int, AgeSource] = {
    pb.AGE_SOURCE_UNSPECIFIED: AgeSource.UNKNOWN,
    pb.AGE_SOURCE_UNKNOWN: AgeSource.UNKNOWN,
    pb.AGE_SOURCE_DECLARED: AgeSource.DECLARED,
    pb.AGE_SOURCE_ESTIMATED: AgeSource.ESTIMATED,
    pb.AGE_SOURCE_VERIFIED: AgeSource.VERIFIED,
}
_KIND: dict[int, ContentKind] = {
    pb.CONTENT_KIND_TEXT: ContentKind.TEXT,
    pb.CONTENT_KIND_AUDIO_TRANSCRIPT: ContentKind.AUDIO_TRANSCRIPT,
    pb.CONTENT_KIND_OTHER: ContentKind.OTHER,
}
OUTCOME_TO_PB = {
    Outcome.NOT_SUSPICIOUS: pb.OUTCOME_NOT_SUSPICIOUS,
    Outcome.FLAGGED_FOR_REVIEW: pb.OUTCOME_FLAGGED_FOR_REVIEW,
    Outcome.NOT_SCANNED: pb.OUTCOME_NOT_SCANNED,
}
REASON_TO_PB = {
    NotScannedReason.PROFESSIONAL_SECRECY: pb.NOT_SCANNED_REASON_PROFESSIONAL_SECRECY,
    NotScannedReason.NO_LIKELY_MINOR: pb.NOT_SCANNED_REASON_NO_LIKELY_MINOR,
    NotScannedReason.UNSUPPORTED_CONTENT: pb.NOT_SCANNED_REASON_UNSUPPORTED_CONTENT,
}
_MAX_AGE_FIELD = 1000  # uint32 ages above this are nonsense; validation reports the range
#: ContentKind by its enum number, for the decoder; None where the number means "not set".
_KIND_BY_NUMBER = tuple(_KIND.get(n) for n in range(max(_KIND) + 1))


#: A decoded scoring request: the conversation id as sent, and the conversation or the
#: error that makes it unusable (a bulk stream answers such an item and goes on).
Decoded = tuple[str, "Conversation | InvalidInput"]


def decode_request(data: bytes) -> Decoded:
    """Decode a serialized ``ScoreConversationRequest`` (gRPC's request deserializer).

    Raises ``ValueError`` if the bytes are not a valid message; a valid message whose
    fields are unusable comes back with its :class:`InvalidInput`, as
    :func:`conversation_from_proto` would raise it for the parsed message.
    """
    return _domain(_wire.decode_request(data, Message, _KIND_BY_NUMBER))


def decode_batch(data: bytes) -> list[Decoded]:
    """Decode a serialized ``ScoreConversationBatch``: :func:`decode_request` of each."""
    return [_domain(raw) for raw in _wire.decode_batch(data, Message, _KIND_BY_NUMBER)]


def _domain(raw: tuple[bool, str, list[tuple[str, int | None, int]], list[Message], bool, int]
            ) -> Decoded:
    present, cid, raw_participants, messages, secrecy, bad_kind = raw
    if not present:
        return cid, InvalidInput("conversation", "is required")
    try:
        participants = tuple([_participant(i, pid, age, source)
                              for i, (pid, age, source) in enumerate(raw_participants)])
    except InvalidInput as err:
        return cid, err
    if bad_kind >= 0:
        return cid, InvalidInput(f"conversation.messages[{bad_kind}].kind", "must be set")
    return cid, Conversation(id=cid, participants=participants, messages=tuple(messages),
                             professional_secrecy=secrecy)


def _participant(i: int, pid: str, age: int | None, number: int) -> Participant:
    source = _AGE_SOURCE.get(number)  # proto3 enums are open: any int may come
    if source is None:
        raise InvalidInput(f"conversation.participants[{i}].age_source", "unknown value")
    if age is not None:
        age = min(age, _MAX_AGE_FIELD)
        if source is AgeSource.UNKNOWN and number == pb.AGE_SOURCE_UNSPECIFIED:
            source = AgeSource.DECLARED  # an age without a source is the user's claim
    return Participant(pid, age, source)


def conversation_from_proto(request: pb.ScoreConversationRequest) -> Conversation:
    """Map a request to a domain conversation. Range checks happen in validation."""
    if not request.HasField("conversation"):
        raise InvalidInput("conversation", "is required")
    c = request.conversation
    participants = [_participant(i, p.id, p.age if p.HasField("age") else None, p.age_source)
                    for i, p in enumerate(c.participants)]
    kinds = _KIND
    new = tuple.__new__  # Message(...) without the named tuple's Python-level __new__
    try:
        messages = tuple([
            new(Message, (m.id, m.sender_id, (ts := m.sent_at).seconds + ts.nanos * 1e-9,
                          m.text, kinds[m.kind]))
            for m in c.messages
        ])
    except KeyError:
        for i, m in enumerate(c.messages):
            if m.kind not in kinds:
                raise InvalidInput(f"conversation.messages[{i}].kind", "must be set") from None
        raise
    return Conversation(
        id=c.id,
        participants=tuple(participants),
        messages=messages,
        professional_secrecy=c.professional_secrecy,
    )
