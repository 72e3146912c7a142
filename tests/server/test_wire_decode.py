"""The compiled request decoder agrees with protobuf's own parser and the reference mapping.

``conversation_from_wire`` (``service/servicers/_wire.c``) replaces ``scoring_pb2`` parsing
plus ``conversation_from_proto`` on the scoring path. For every input here both paths must
give the same :class:`Conversation` or the same :class:`InvalidInput` (field and problem):
valid requests of every shape, the protobuf rules a hand-written decoder gets wrong
(repeated scalars, merged sub-messages, unknown fields, wire-type mismatches, integer
truncation, presence of an optional zero), and thousands of mutated and truncated
encodings.
"""

from __future__ import annotations

import random

import pytest

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.client import encode_request, request_for, varint
from service.errors import InvalidInput
from service.scoring.conversation import Conversation
from service.servicers.converters import conversation_from_proto, decode_batch, decode_request

SEED = 20261202


def _reference(data: bytes) -> Conversation | tuple[str, str]:
    try:
        request = pb.ScoreConversationRequest.FromString(data)
    except Exception:
        return ("request", "is not a valid protobuf message")
    try:
        return conversation_from_proto(request)
    except InvalidInput as err:
        return (err.field, err.problem)


def _compiled(data: bytes) -> Conversation | tuple[str, str]:
    try:
        _, got = decode_request(data)
    except ValueError:
        return ("request", "is not a valid protobuf message")
    return (got.field, got.problem) if isinstance(got, InvalidInput) else got


def _agree(data: bytes) -> None:
    expected, got = _reference(data), _compiled(data)
    assert got == expected, data.hex()
    if isinstance(got, Conversation):  # the id is the conversation's, as sent
        assert decode_request(data)[0] == got.id
    if isinstance(got, Conversation):  # floats equal and of the same type, strings not bytes
        assert isinstance(expected, Conversation)
        for mine, theirs in zip(got.messages, expected.messages, strict=True):
            assert type(mine) is type(theirs)
            assert [type(x) for x in mine] == [type(x) for x in theirs]


# ---- building wire bytes by hand ------------------------------------------------------

def field(number: int, wire_type: int, payload: bytes | int) -> bytes:
    tag = varint(number << 3 | wire_type)
    if wire_type == 0:
        assert isinstance(payload, int)
        return tag + varint(payload)
    assert isinstance(payload, bytes)
    if wire_type == 2:
        return tag + varint(len(payload)) + payload
    return tag + payload  # fixed32/fixed64: caller gives the bytes


def request(conversation: bytes) -> bytes:
    return field(1, 2, conversation)


def message(mid: str = "m1", sender: str = "a", seconds: int = 1_700_000_000, nanos: int = 0,
            text: str = "hi", kind: int = 1) -> bytes:
    ts = field(1, 0, seconds) + (field(2, 0, nanos) if nanos else b"")
    return (field(1, 2, mid.encode()) + field(2, 2, sender.encode()) + field(3, 2, ts)
            + field(4, 2, text.encode()) + field(5, 0, kind))


def participant(pid: str = "a", age: int | None = 14, source: int = 2) -> bytes:
    return (field(1, 2, pid.encode()) + (field(2, 0, age) if age is not None else b"")
            + field(3, 0, source))


def conversation(*parts: bytes, cid: str = "c1") -> bytes:
    return field(1, 2, cid.encode()) + b"".join(parts)


BASE = conversation(field(2, 2, participant("a", 14)), field(2, 2, participant("b", 30)),
                    field(3, 2, message("m1", "a")), field(3, 2, message("m2", "b", text="yo")))


def _random_request(rng: random.Random) -> pb.ScoreConversationRequest:
    r = pb.ScoreConversationRequest()
    c = r.conversation
    c.id = rng.choice(["c", "conv-1", "é-ü", "x" * 300, ""])
    c.professional_secrecy = rng.random() < 0.2
    ids = [f"p{i}" for i in range(rng.randint(0, 4))]
    for pid in ids:
        p = c.participants.add(id=pid, age_source=rng.choice([0, 1, 2, 3, 4, 7]))
        if rng.random() < 0.7:
            p.age = rng.choice([0, 9, 14, 17, 18, 45, 121, 4_294_967_295])
    for i in range(rng.randint(0, 12)):
        m = c.messages.add(id=rng.choice([f"m{i}", "dup", "", "with space"]),
                           sender_id=rng.choice([*ids, "ghost", ""]),
                           text=rng.choice(["hello", "", "ünïcødé ✓", "a" * 5000, "\n\t"]),
                           kind=rng.choice([0, 1, 1, 1, 2, 3, 9]))
        if rng.random() < 0.9:
            m.sent_at.seconds = rng.choice([0, 1_700_000_000, -5, 2**40, -(2**62)])
            m.sent_at.nanos = rng.choice([0, 1, 999_999_999, -1, 500])
    return r


def test_valid_requests_of_every_shape_agree() -> None:
    rng = random.Random(SEED)
    for _ in range(2000):
        _agree(_random_request(rng).SerializeToString())


@pytest.mark.parametrize("data", [
    b"",  # no conversation
    request(b""),  # an empty conversation is present
    request(BASE),
    request(BASE) + request(conversation(field(3, 2, message("m3", "a")), cid="c2")),  # merged
    request(BASE + field(1, 2, b"second-id") + field(4, 0, 1) + field(4, 0, 0)),  # last wins
    request(BASE + field(4, 0, 2**64 - 1)),  # a bool from a long varint
    request(conversation(field(2, 2, participant("a", 0)))),  # age 0 is present
    request(conversation(field(2, 2, participant("a", None, 0)))),  # no age, no source
    request(conversation(field(2, 2, participant("a", 2**33 + 5)))),  # uint32 truncation
    request(conversation(field(2, 2, participant("a", 14, 2**32 + 2)))),  # enum truncation
    request(conversation(field(2, 2, participant("a", 14, -1)))),  # negative enum
    request(conversation(field(2, 2, participant("a") + field(2, 0, 16) + field(3, 0, 4)))),
    request(conversation(field(3, 2, message(kind=0)))),  # kind not set
    request(conversation(field(3, 2, message(kind=-3)))),
    request(conversation(field(3, 2, message(kind=2**32 + 1)))),  # int32 truncation
    request(conversation(field(3, 2, message(nanos=-1)))),
    request(conversation(field(3, 2, message(seconds=-(2**63))))),
    request(conversation(field(3, 2, message(seconds=2**64 - 1)))),  # int64 -1
    request(conversation(field(3, 2, message() + field(3, 2, field(2, 0, 7))))),  # merged ts
    request(conversation(field(3, 2, message() + field(4, 2, b"second text")))),
    # a sender given twice, then the first one again (the decoder reuses sender strings)
    request(conversation(field(3, 2, message(sender="a") + field(2, 2, b"b")),
                         field(3, 2, message("m2", sender="a")),
                         field(3, 2, message("m3", sender="b")))),
    request(conversation(field(3, 2, field(5, 0, 1)))),  # every string empty
    # unknown fields of every wire type, at every level
    request(BASE) + field(9, 0, 5) + field(10, 1, b"12345678") + field(11, 5, b"1234")
    + field(12, 2, b"junk"),
    request(BASE + field(99, 2, b"x") + field(3, 2, message() + field(77, 0, 1)
                                              + field(3, 2, field(6, 5, b"abcd")))),
    request(BASE + field(15, 3, b"") + field(1, 0, 3) + field(15, 4, b"")),  # a group
    # known fields with the wrong wire type are unknown fields
    request(BASE + field(1, 0, 5) + field(2, 0, 1) + field(3, 5, b"abcd") + field(4, 2, b"x")),
    field(1, 0, 7),  # the conversation itself as a varint
    request(conversation(field(2, 2, field(2, 2, b"\x01") + field(3, 5, b"1234")))),
    # malformed
    request(BASE)[:-1],
    b"\x0a",
    b"\x0a\x05ab",
    b"\x08" + b"\xff" * 10 + b"\x01",  # an 11-byte varint
    b"\x00\x01",  # field number 0
    b"\x0f",  # wire type 7
    b"\x0c",  # an end-group with no start
    field(5, 3, b"") + field(5, 0, 1),  # a group that never ends
    field(5, 3, b"") + field(6, 4, b""),  # a group ended by another number
    request(field(1, 2, b"\xff\xfe")),  # invalid UTF-8 in the id
    request(conversation(field(3, 2, field(4, 2, b"ok\x80")))),  # ... in a text
    request(conversation(field(3, 2, field(4, 2, b"\xed\xa0\x80")))),  # a surrogate
    request(conversation(field(3, 2, field(4, 2, b"\xc0\xaf")))),  # overlong
    request(conversation(field(2, 2, field(1, 2, b"\xf4\x90\x80\x80")))),  # above U+10FFFF
    request(conversation(field(3, 2, field(1, 2, b"ok") + field(1, 2, b"\xfe")))),
    request(BASE + field(3, 2, message() + field(3, 2, b"\x08"))),  # truncated timestamp
])
def test_protobuf_rules_agree(data: bytes) -> None:
    _agree(data)


def test_mutated_and_truncated_encodings_agree() -> None:
    rng = random.Random(SEED + 1)
    for _ in range(3000):
        data = bytearray(_random_request(rng).SerializeToString() or BASE)
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < 0.4 and data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            elif roll < 0.6 and data:
                del data[rng.randrange(len(data)):]
            elif roll < 0.8:
                at = rng.randrange(len(data) + 1)
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
            else:
                at = rng.randrange(len(data) + 1)
                wire_type = rng.choice([0, 1, 2, 5])
                payload = rng.choice([0, 7, 300]) if wire_type == 0 else b"12345678"
                data[at:at] = field(rng.randint(1, 20), wire_type, payload)
        _agree(bytes(data))


def _batch_reference(data: bytes) -> list[Conversation | tuple[str, str]] | None:
    try:
        batch = pb.ScoreConversationBatch.FromString(data)
    except Exception:
        return None
    out: list[Conversation | tuple[str, str]] = []
    for r in batch.requests:
        try:
            out.append(conversation_from_proto(r))
        except InvalidInput as err:
            out.append((err.field, err.problem))
    return out


def _batch_compiled(data: bytes) -> list[Conversation | tuple[str, str]] | None:
    try:
        decoded = decode_batch(data)
    except ValueError:
        return None
    return [(c.field, c.problem) if isinstance(c, InvalidInput) else c for _, c in decoded]


def test_batches_agree_whole_mutated_and_truncated() -> None:
    rng = random.Random(SEED + 2)
    for _ in range(400):
        batch = pb.ScoreConversationBatch()
        for _ in range(rng.randint(0, 6)):
            batch.requests.append(_random_request(rng))
        data = bytearray(batch.SerializeToString())
        if rng.random() < 0.2:  # an unknown field between requests
            data += field(2, 0, 7) + field(1, 2, BASE[:0])
        expected = _batch_reference(bytes(data))
        assert expected is not None
        assert _batch_compiled(bytes(data)) == expected
        for _ in range(3):
            mutated = bytearray(data)
            if mutated and rng.random() < 0.5:
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
            elif mutated:
                del mutated[rng.randrange(len(mutated)):]
            assert _batch_compiled(bytes(mutated)) == _batch_reference(bytes(mutated)), (
                bytes(mutated).hex())


def test_errors_say_nothing_of_the_text() -> None:
    canary = "CANARY-wire-7f3a"
    data = request(conversation(field(3, 2, message(text=canary, kind=0))))
    _, error = decode_request(data)
    assert isinstance(error, InvalidInput) and canary not in str(error)
    with pytest.raises(ValueError) as caught:
        decode_request(data[:-3])
    assert canary not in str(caught.value)


def test_the_encoder_writes_what_protobuf_writes_byte_for_byte() -> None:
    rng = random.Random(SEED + 3)
    conversations = []
    for _ in range(1500):
        _, got = decode_request(_random_request(rng).SerializeToString())
        if isinstance(got, Conversation):
            conversations.append(got)
    # Timestamps the CLI reads from JSONL: fractions, negatives, halves (round half even).
    for sent_at in (0.0, 1.5e-9, 2.5e-9, -0.25, -1_700_000_000.123456789,
                    1_700_000_000.9999999999, 123.000000000499, 2.0**40 + 0.5):
        base = conversations[0]
        conversations.append(Conversation(
            id="ts", participants=base.participants,
            messages=tuple(m._replace(sent_at=sent_at) for m in base.messages)))
    assert len(conversations) > 200
    for conv in conversations:
        encoded = encode_request(conv)
        assert encoded == request_for(conv).SerializeToString()
        _, back = decode_request(encoded)
        assert isinstance(back, Conversation)
        assert (back.id, back.participants, back.professional_secrecy) == (
            conv.id, conv.participants, conv.professional_secrecy)
        assert [(m.id, m.sender, m.text, m.kind) for m in back.messages] == [
            (m.id, m.sender, m.text, m.kind) for m in conv.messages]
