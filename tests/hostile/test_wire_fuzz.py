"""Raw bytes on the wire: undecodable requests get a clear status and the server lives on.

A generic channel (``request_serializer=None``) sends bytes the client stubs never would:
random bytes, truncated and bit-flipped encodings of a valid request, invalid UTF-8 in
every string field, over-long varints, unknown-group depth bombs, wire-type mismatches.

**What grpcio does with an undecodable request, and why the service does not let it.**
Left to itself, grpcio (1.85.1) runs the request deserializer before any interceptor or
handler (``grpc/_server.py``, ``_receive_message``) and, when it raises, ends the call
with ``INTERNAL`` / ``"Exception deserializing request!"`` -- the service's error table
never sees it. That path also leaks: every undecodable unary request kept one HTTP/2
stream slot of its connection (with ``grpc.max_concurrent_streams=100`` the connection
answered UNAVAILABLE "RST_STREAM error code 7" to everything after 100 of them), and an
undecodable bulk-stream message could leave an RPC state behind so ``App.stop`` waited
forever. The service now decodes requests itself inside the error interceptor
(``service/interceptors/__init__.py``, ``decode_inside``), so the exact answer asserted
here is ``INVALID_ARGUMENT`` / ``"request: is not a valid protobuf message"`` -- a fixed
detail with none of the bytes -- and never INTERNAL. Bytes that *do* parse (an empty
message, a non-minimal varint, unknown fields) reach validation and get an allowed
status. Messages over ``max_message_bytes`` are refused by gRPC core with
RESOURCE_EXHAUSTED before any decoding. On the bulk stream an undecodable message ends
the stream with the same INVALID_ARGUMENT pair after the responses to every message
before it. The two leaks have regression tests at the end of this module.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import grpc
import pytest
from google.protobuf.message import DecodeError
from grpc_health.v1 import health_pb2

from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.client import varint
from service.server import SCORING
from tests.hostile.conftest import HostileTally, OutputSink
from tests.hostile.helpers import (
    ALLOWED,
    BULK_METHOD,
    SCORE_METHOD,
    UNDECODABLE,
    ServerUnderTest,
    call_status,
    health_status,
    own_connection,
    positive_request,
    request_texts,
    start_app,
    stop_bounded,
)
from tests.hostile.output_check import assert_no_request_text

pytestmark = pytest.mark.slow

SEED = 20261128
BAD_UTF8 = (b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80",
            b"ok\x80", b"\xfe")
STRING_FIELDS = {  # path of field numbers from the request down to a string field
    "conversation.id": (1, 1),
    "participants.id": (1, 2, 1),
    "messages.id": (1, 3, 1),
    "messages.sender_id": (1, 3, 2),
    "messages.text": (1, 3, 4),
}


def _len_field(number: int, payload: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def _nest(path: tuple[int, ...], payload: bytes) -> bytes:
    for number in reversed(path):
        payload = _len_field(number, payload)
    return payload


def _valid_bytes() -> bytes:
    return positive_request("conv-wire-valid", start=1_700_000_000).SerializeToString()


def _group_bomb(depth: int, number: int = 15) -> bytes:
    return varint(number << 3 | 3) * depth + varint(number << 3 | 4) * depth


def wire_cases(seed: int = SEED) -> list[tuple[str, bytes]]:
    """Deterministic raw-bytes cases: (kind, bytes)."""
    rng = random.Random(seed)
    valid = _valid_bytes()
    cases: list[tuple[str, bytes]] = []
    for _ in range(120):
        cases.append(("random", rng.randbytes(rng.choice((0, 1, 2, 3, 5, 8, 16, 64, 256,
                                                         1024, 4096)))))
    for _ in range(40):
        cases.append(("random-in-conversation", _len_field(1, rng.randbytes(rng.randint(0, 200)))))
    cuts = sorted(set(range(1, 24)) | {rng.randrange(1, len(valid)) for _ in range(40)})
    cases += [("truncated", valid[:cut]) for cut in cuts]
    for _ in range(100):
        flipped = bytearray(valid)
        for _ in range(rng.randint(1, 3)):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        cases.append(("bit-flip", bytes(flipped)))
    for path in STRING_FIELDS.values():
        for bad in BAD_UTF8:
            cases.append(("invalid-utf8", _nest(path, bad)))
        # Invalid UTF-8 inside an otherwise valid request (appended field wins in proto3).
        cases.append(("invalid-utf8-in-valid", valid + _nest(path, b"\xff\xfe")))
    over_long = (
        b"\x08" + b"\xff" * 10 + b"\x01",  # 11-byte varint value
        b"\x0a" + b"\x80" * 10 + b"\x00",  # 11-byte length
        b"\x0a" + b"\xff" * 9 + b"\x01",  # length 2**64-1
        b"\x0a\xff\xff\xff\xff\x07x",  # length 2**31-1, one byte present
        b"\x8a\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00",  # over-long tag
        b"\x0a\x80\x00",  # non-minimal but valid: empty conversation
        b"\x0a\x80\x80\x80\x00",  # non-minimal but valid
        b"\x00\x00",  # field number 0
        b"\xf8\xff\xff\xff\x7f\x00",  # field number above 2**29-1
        b"\x0a",  # tag without length
        b"\x0a\x05",  # length without bytes
    )
    cases += [("over-long-varint", blob) for blob in over_long]
    for depth in (64, 99, 100, 101, 200, 10_000, 100_000):
        cases.append(("group-depth-bomb", _group_bomb(depth)))
        cases.append(("group-depth-bomb-in-conversation", _len_field(1, _group_bomb(depth))))
    cases.append(("unbalanced-group", varint(15 << 3 | 3) * 50))
    cases.append(("length-nesting", _nest((1, 3, 3, 3, 3) * 20, b"")))
    mismatches = (
        b"\x08\x01",  # conversation as varint
        b"\x09" + b"\x00" * 8,  # conversation as fixed64
        b"\x0d" + b"\x00" * 4,  # conversation as fixed32
        b"\x0b\x0c",  # conversation as a group
        _len_field(1, b"\x20\x02"),  # professional_secrecy = 2 (a bool that is not 0/1)
        _len_field(1, b"\x22\x01\x01"),  # bool field as length-delimited
        _len_field(1, _len_field(2, b"\x10" + b"\xff" * 9 + b"\x01")),  # age = 2**64-1
        _len_field(1, _len_field(3, b"\x28" + varint(-1))),  # kind = -1 (10-byte varint)
        valid + valid,  # concatenation merges: still valid
        valid * 50,  # repeated merge
    )
    cases += [("wire-type-mismatch", blob) for blob in mismatches]
    return cases


def _parses(blob: bytes) -> bool:
    try:
        spb.ScoreConversationRequest.FromString(blob)
    except DecodeError:
        return False
    except Exception:  # recursion limits and friends: grpcio treats any error the same
        return False
    return True


@pytest.fixture(scope="module")
def stream_server(tmp_path_factory: pytest.TempPathFactory,
                  sink: OutputSink) -> Iterator[ServerUnderTest]:
    """A default-limits server for bulk-stream fuzz (8 MiB messages)."""
    running = start_app(tmp_path_factory.mktemp("wire-stream"))
    yield running
    running.channel.close()
    stop_bounded(running.app, timeout=5)


def _expect(blob: bytes, code: grpc.StatusCode, details: str) -> None:
    if _parses(blob):
        assert code in ALLOWED, f"parsable bytes got {code.name}: {details!r}"
    else:
        assert (code, details) == UNDECODABLE


def test_raw_bytes_get_a_clear_status_and_the_server_stays_healthy(
    hostile_server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
) -> None:
    """Every case on one connection: UNDECODABLE or an allowed status; then all is healthy."""
    sink.texts.update(t for t in request_texts(positive_request("x")) if len(t) >= 8)
    raw = hostile_server.channel.unary_unary(SCORE_METHOD, request_serializer=None,
                                             response_deserializer=None)
    seen: dict[str, int] = {}
    for kind, blob in wire_cases():
        code, details, _ = call_status(raw, blob, timeout=30)
        tally.wire(code)
        seen[kind] = seen.get(kind, 0) + 1
        _expect(blob, code, details)
    print(f"wire fuzz cases by kind: {seen}")
    assert tally.statuses["wire:INTERNAL"] == 0
    assert tally.statuses["wire:INVALID_ARGUMENT"] > 0

    # Same connection afterwards: health and a normal request still work.
    assert health_status(hostile_server.channel) == health_pb2.HealthCheckResponse.SERVING
    assert health_status(hostile_server.channel, SCORING) == health_pb2.HealthCheckResponse.SERVING
    response = hostile_server.scoring.ScoreConversation(positive_request("conv-after-wire"),
                                                        timeout=30)
    assert response.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW


def test_connection_survives_undecodable_requests(hostile_server: ServerUnderTest) -> None:
    """Regression: grpcio's own decoding leaked one HTTP/2 stream slot per bad request."""
    limit = hostile_server.app.settings.max_concurrent_streams
    with own_connection(hostile_server.target) as channel:
        raw = channel.unary_unary(SCORE_METHOD, request_serializer=None,
                                  response_deserializer=None)
        for _ in range(limit + 20):  # a regression check, not fuzz: not counted
            code, details, _ = call_status(raw, b"\xff\xfe", timeout=10)
            assert (code, details) == UNDECODABLE
        assert health_status(channel) == health_pb2.HealthCheckResponse.SERVING


def test_oversized_messages_are_resource_exhausted(
    stream_server: ServerUnderTest, tally: HostileTally,
) -> None:
    blob = b"\x0a" + varint(9 * 1024 * 1024) + b"\x00" * (9 * 1024 * 1024)
    raw = stream_server.channel.unary_unary(SCORE_METHOD, request_serializer=None,
                                            response_deserializer=None)
    code, _details, _ = call_status(raw, blob, timeout=30)
    tally.wire(code)
    assert code is grpc.StatusCode.RESOURCE_EXHAUSTED
    bulk = stream_server.channel.stream_stream(BULK_METHOD, request_serializer=None,
                                               response_deserializer=None)
    with pytest.raises(grpc.RpcError) as err:
        list(bulk(iter([blob]), timeout=30))
    tally.wire(err.value.code())
    assert err.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED


def _stream_cases() -> list[tuple[str, list[bytes]]]:
    valid = _valid_bytes()
    garbage = b"\xff\xfe\xfd"
    bad_text = _nest(STRING_FIELDS["messages.text"], b"\xff\xfe")
    return [
        ("garbage", [garbage]),
        ("valid-then-garbage", [valid, garbage]),
        ("valid-valid-truncated", [valid, valid, valid[:17]]),
        ("invalid-utf8-text", [bad_text]),
        ("valid-invalid-utf8-valid", [valid, bad_text, valid]),
        ("depth-bomb", [_group_bomb(200)]),
        ("over-long-varint", [b"\x0a" + b"\x80" * 10 + b"\x00"]),
        ("empty-message", [b""]),  # parses: an empty request, rejected as an item
        ("all-valid", [valid, valid, b"\x0a\x80\x00"]),
    ]


@pytest.mark.parametrize(("label", "messages"), _stream_cases(),
                         ids=[label for label, _ in _stream_cases()])
def test_bulk_stream_with_raw_bytes_ends_clearly(
    stream_server: ServerUnderTest, tally: HostileTally, label: str, messages: list[bytes],
) -> None:
    bulk = stream_server.channel.stream_stream(BULK_METHOD, request_serializer=None,
                                               response_deserializer=None)
    first_bad = next((i for i, m in enumerate(messages) if not _parses(m)), None)
    received: list[bytes] = []
    try:
        for response in bulk(iter(messages), timeout=30):
            received.append(response)
    except grpc.RpcError as err:
        tally.wire(err.code())
        assert first_bad is not None, f"{label}: {err.code().name} {err.details()!r}"
        assert (err.code(), err.details()) == UNDECODABLE
        assert len(received) == first_bad  # everything before the bad message is answered
    else:
        tally.wire(grpc.StatusCode.OK)
        assert first_bad is None, f"{label}: undecodable message but the stream ended OK"
        assert len(received) == len(messages)
    for blob in received:
        spb.ScoreConversationResponse.FromString(blob)


def test_stream_server_is_healthy_after_the_fuzz(stream_server: ServerUnderTest) -> None:
    assert health_status(stream_server.channel) == health_pb2.HealthCheckResponse.SERVING
    unary = stream_server.scoring.ScoreConversation(positive_request("conv-after-stream-fuzz"),
                                                    timeout=30)
    assert unary.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
    streamed = list(stream_server.scoring.ScoreConversations(
        iter([positive_request("conv-after-stream-fuzz-2")]), timeout=30))
    assert [r.outcome for r in streamed] == [spb.OUTCOME_FLAGGED_FOR_REVIEW]


def test_stop_completes_after_undecodable_stream_messages(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Regression: with grpcio decoding, a bad stream message could make App.stop hang.

    grpcio 1.85.1's ``_status`` sends a second status without checking ``state.statused``
    after ``_receive_message`` aborted, leaking an RPC state about once in 20 streams; the
    shutdown event then never fires. 200 streams made it happen every time it was tried.
    """
    running = start_app(tmp_path_factory.mktemp("wire-stop"))
    bulk = running.channel.stream_stream(BULK_METHOD, request_serializer=None,
                                         response_deserializer=None)
    for _ in range(200):  # a regression check, not fuzz: not counted
        with pytest.raises(grpc.RpcError) as err:
            list(bulk(iter([b"\xff\xfe"]), timeout=10))
        assert (err.value.code(), err.value.details()) == UNDECODABLE
    running.channel.close()
    assert stop_bounded(running.app, timeout=10), "App.stop(0) still waiting after 10 s"


def test_server_output_holds_no_request_text(tally: HostileTally, sink: OutputSink) -> None:
    """Runs last in this module: nothing logged or printed repeats a request text."""
    print(f"hostile inputs so far: {tally.hostile_inputs}; wire fuzz cases: {tally.wire_fuzz}")
    assert tally.wire_fuzz > 0
    assert_no_request_text(sink)
