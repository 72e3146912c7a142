"""Bad requests: INVALID_ARGUMENT naming the field path, never echoing message text."""

from __future__ import annotations

import time
from collections.abc import Callable

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.conftest import Running, StartServer
from tests.server.helpers import unique_id

# Every text is a marker that must never come back in a status detail.
TEXTS = ("Zq7-alpha", "Zq7-bravo", "Zq7-charly")
YEAR = 365 * 24 * 3600


def _base() -> spb.ScoreConversationRequest:
    """A valid, small conversation (3 messages, texts of 9 characters)."""
    now = int(time.time()) - 600
    conv = spb.Conversation(
        id=unique_id("conv-val"),
        participants=[
            spb.Participant(id="p-old", age=35, age_source=spb.AGE_SOURCE_DECLARED),
            spb.Participant(id="p-young", age=12, age_source=spb.AGE_SOURCE_VERIFIED),
        ],
    )
    for i, text in enumerate(TEXTS):
        m = conv.messages.add(id=f"m{i + 1}", sender_id=("p-old", "p-young")[i % 2],
                              text=text, kind=spb.CONTENT_KIND_TEXT)
        m.sent_at.seconds = now + 10 * i
    return spb.ScoreConversationRequest(conversation=conv)


def _missing_id(r: spb.ScoreConversationRequest) -> None:
    r.conversation.id = ""


def _unknown_sender(r: spb.ScoreConversationRequest) -> None:
    r.conversation.messages[1].sender_id = "p-stranger"


def _duplicate_message_id(r: spb.ScoreConversationRequest) -> None:
    r.conversation.messages[2].id = "m1"


def _too_many_messages(r: spb.ScoreConversationRequest) -> None:
    last = r.conversation.messages[-1]
    for i in range(3):
        m = r.conversation.messages.add()
        m.CopyFrom(last)
        m.id = f"extra{i}"


def _too_long_text(r: spb.ScoreConversationRequest) -> None:
    r.conversation.messages[0].text = "Zq7-far-too-long-text"


def _age(value: int) -> Callable[[spb.ScoreConversationRequest], None]:
    def mutate(r: spb.ScoreConversationRequest) -> None:
        r.conversation.participants[1].age = value

    return mutate


def _age_with_unknown_source(r: spb.ScoreConversationRequest) -> None:
    r.conversation.participants[1].age_source = spb.AGE_SOURCE_UNKNOWN


def _timestamp(seconds: int) -> Callable[[spb.ScoreConversationRequest], None]:
    def mutate(r: spb.ScoreConversationRequest) -> None:
        r.conversation.messages[0].sent_at.seconds = seconds

    return mutate


def _kind_unset(r: spb.ScoreConversationRequest) -> None:
    r.conversation.messages[0].ClearField("kind")


def _no_conversation(r: spb.ScoreConversationRequest) -> None:
    r.ClearField("conversation")


def _no_participants(r: spb.ScoreConversationRequest) -> None:
    del r.conversation.participants[:]


def _age_source_without_age(r: spb.ScoreConversationRequest) -> None:
    r.conversation.participants[0].ClearField("age")


CASES = [
    ("missing-conversation-id", _missing_id, "conversation.id"),
    ("unknown-sender", _unknown_sender, "conversation.messages[1].sender_id"),
    ("duplicate-message-id", _duplicate_message_id, "conversation.messages[2].id"),
    ("too-many-messages", _too_many_messages, "conversation.messages"),
    ("too-long-text", _too_long_text, "conversation.messages[0].text"),
    ("age-0", _age(0), "conversation.participants[1].age"),
    ("age-200", _age(200), "conversation.participants[1].age"),
    ("age-with-unknown-source", _age_with_unknown_source,
     "conversation.participants[1].age_source"),
    ("timestamp-1990", _timestamp(631_152_000), "conversation.messages[0].sent_at"),
    ("timestamp-next-year", _timestamp(int(time.time()) + YEAR),
     "conversation.messages[0].sent_at"),
    ("timestamp-unset", _timestamp(0), "conversation.messages[0].sent_at"),
    ("kind-unset", _kind_unset, "conversation.messages[0].kind"),
    ("no-conversation", _no_conversation, "conversation"),
    ("no-participants", _no_participants, "conversation.participants"),
    ("age-source-without-age", _age_source_without_age, "conversation.participants[0].age"),
]


@pytest.fixture
def limited(start_server: StartServer) -> Running:
    """A server whose limits the base request sits just under."""
    return start_server(max_messages=5, max_chars_per_message=10)


def test_base_request_is_valid(limited: Running) -> None:
    r = limited.scoring.ScoreConversation(_base(), timeout=10)
    assert r.outcome in (spb.OUTCOME_NOT_SUSPICIOUS, spb.OUTCOME_FLAGGED_FOR_REVIEW)


@pytest.mark.parametrize(("name", "mutate", "field"), CASES, ids=[c[0] for c in CASES])
def test_bad_request_is_invalid_argument(
    limited: Running, name: str, mutate: Callable[[spb.ScoreConversationRequest], None],
    field: str,
) -> None:
    req = _base()
    mutate(req)
    with pytest.raises(grpc.RpcError) as info:
        limited.scoring.ScoreConversation(req, timeout=10)
    err = info.value
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = err.details() or ""
    assert details.startswith(f"{field}: "), details
    texts = [m.text for m in req.conversation.messages] if req.HasField("conversation") else []
    for text in {*texts, *TEXTS, "Zq7"}:
        assert text not in details
        assert text not in repr(err.trailing_metadata())
    # A rejected conversation leaves nothing behind.
    assert list(limited.review.ListCases(rpb.ListCasesRequest(), timeout=10).cases) == []


@pytest.mark.parametrize(("name", "mutate", "field"), CASES, ids=[c[0] for c in CASES])
def test_bad_item_in_a_stream_is_rejected_alone(
    limited: Running, name: str, mutate: Callable[[spb.ScoreConversationRequest], None],
    field: str,
) -> None:
    bad = _base()
    mutate(bad)
    good_before, good_after = _base(), _base()
    responses = list(limited.scoring.ScoreConversations(
        iter([good_before, bad, good_after]), timeout=10))
    assert len(responses) == 3
    assert responses[0].conversation_id == good_before.conversation.id
    assert responses[2].conversation_id == good_after.conversation.id
    assert responses[0].outcome != spb.OUTCOME_REJECTED
    assert responses[2].outcome != spb.OUTCOME_REJECTED
    rejected = responses[1]
    assert rejected.outcome == spb.OUTCOME_REJECTED
    assert rejected.conversation_id == bad.conversation.id
    assert not rejected.suspicious and rejected.case_id == ""
    assert rejected.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert rejected.error.message.startswith(f"{field}: ")
    assert "Zq7" not in rejected.error.message
