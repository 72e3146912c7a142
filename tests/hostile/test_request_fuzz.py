"""Hostile but well-formed requests against a real server: never INTERNAL, never text back.

Requests are protos built directly by hypothesis (``tests/hostile/strategies.py``), sent
over a real channel to a server on 127.0.0.1:0. Whatever arrives, the status is OK or
one of INVALID_ARGUMENT / FAILED_PRECONDITION / RESOURCE_EXHAUSTED / UNAVAILABLE, an
INVALID_ARGUMENT detail never contains message text, and requests that obey every rule
(however strange their content) are scored.
"""

from __future__ import annotations

import re

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.hostile.conftest import HostileTally, OutputSink
from tests.hostile.helpers import (
    ALLOWED,
    ALLOWED_ITEM_CODES,
    ServerUnderTest,
    call_status,
    leaked_texts,
    positive_request,
    request_texts,
)
from tests.hostile.output_check import assert_no_request_text
from tests.hostile.strategies import (
    MAX_CHARS,
    MAX_MESSAGES,
    canary,
    chaotic_requests,
    exotic_valid_requests,
    hostile_requests,
)

pytestmark = pytest.mark.slow

def fuzz(max_examples: int) -> settings:
    """Hypothesis settings for calls over a real channel: no deadline, no example database."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture,
                               HealthCheck.filter_too_much],
    )
_CANARY = re.compile(r"kq[0-9a-f]{8}CANARY")
_OUTCOMES = {spb.OUTCOME_NOT_SUSPICIOUS, spb.OUTCOME_FLAGGED_FOR_REVIEW, spb.OUTCOME_NOT_SCANNED}


def _remember(sink: OutputSink, request: spb.ScoreConversationRequest,
              whole_texts: bool = True) -> list[str]:
    """Note the request's texts (or, for the 10,000-message ones, their canaries)."""
    texts = request_texts(request)
    for text in texts:
        if len(text) >= 8:
            if whole_texts:
                sink.texts.add(text)
            sink.canaries.update(_CANARY.findall(text))
    return texts


def _score(server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
           request: spb.ScoreConversationRequest,
           whole_texts: bool = True) -> tuple[grpc.StatusCode, str]:
    """Send one request and check the properties every answer must have."""
    texts = _remember(sink, request, whole_texts)
    code, details, response = call_status(server.scoring.ScoreConversation, request)
    tally.request(code)
    assert code in ALLOWED, f"{code.name}: {details!r}"
    assert not leaked_texts(texts, details), f"{code.name} detail repeats message text"
    if code is grpc.StatusCode.OK:
        assert response.conversation_id == request.conversation.id
        assert response.outcome in _OUTCOMES
        assert response.suspicious == (response.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW)
        assert bool(response.case_id) == response.suspicious
        assert not leaked_texts(texts, str(response))
        tally.outcomes[spb.Outcome.Name(response.outcome)] += 1
    return code, details


@fuzz(350)
@given(request=chaotic_requests())
def test_chaotic_requests_get_a_clear_status(
    hostile_server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
    request: spb.ScoreConversationRequest,
) -> None:
    _score(hostile_server, tally, sink, request)


@fuzz(200)
@given(request=exotic_valid_requests())
def test_exotic_but_valid_requests_are_scored(
    hostile_server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
    request: spb.ScoreConversationRequest,
) -> None:
    code, details = _score(hostile_server, tally, sink, request)
    assert code is grpc.StatusCode.OK, f"{code.name}: {details!r}"


@fuzz(60)
@given(requests=st.lists(hostile_requests(), min_size=1, max_size=6))
def test_bulk_stream_answers_every_hostile_item_in_order(
    hostile_server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
    requests: list[spb.ScoreConversationRequest],
) -> None:
    texts = [t for r in requests for t in _remember(sink, r)]
    try:
        responses = list(hostile_server.scoring.ScoreConversations(iter(requests), timeout=60))
    except grpc.RpcError as err:
        tally.request(err.code(), len(requests))
        assert err.code() in ALLOWED, f"{err.code().name}: {err.details()!r}"
        assert not leaked_texts(texts, err.details() or "")
        return
    tally.request(grpc.StatusCode.OK, len(requests))
    assert len(responses) == len(requests)
    for request, response in zip(requests, responses, strict=True):
        assert response.conversation_id == request.conversation.id[:256]
        if response.outcome == spb.OUTCOME_REJECTED:
            assert response.error.code in ALLOWED_ITEM_CODES - {0}
            assert not leaked_texts(texts, response.error.message)
        else:
            assert response.outcome in _OUTCOMES
            assert not response.HasField("error")
        tally.outcomes[spb.Outcome.Name(response.outcome)] += 1


def _sized(n_messages: int, text_chars: int, conv_id: str) -> spb.ScoreConversationRequest:
    request = positive_request(conv_id)
    base = list(request.conversation.messages)
    del request.conversation.messages[:]
    filler = "Привет 😀 مرحبا 你好 \u202e\u200b "
    for i in range(n_messages):
        m = request.conversation.messages.add()
        m.CopyFrom(base[i % len(base)])
        m.id = f"m{i}"
        if text_chars:
            mark = canary(i)
            m.text = (mark + filler * (text_chars // len(filler) + 1))[:text_chars]
    return request


@pytest.mark.parametrize(("text_chars", "label"), [(0, "short"), (1000, "1k"),
                                                   (MAX_CHARS, "at-limit")])
def test_ten_thousand_messages_are_refused_not_crashed(
    hostile_server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
    text_chars: int, label: str,
) -> None:
    """10,000 messages (up to ~80 MB) fit the 128 MiB server limit; validation refuses them."""
    request = _sized(10_000, text_chars, f"conv-10k-{label}")
    code, details = _score(hostile_server, tally, sink, request, whole_texts=False)
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert details == f"conversation.messages: more than {MAX_MESSAGES} messages"


def test_ten_thousand_messages_in_a_bulk_stream_are_rejected_items(
    hostile_server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
) -> None:
    big = _sized(10_000, 200, "conv-10k-bulk")
    fine = positive_request("conv-10k-bulk-neighbour")
    texts = _remember(sink, big, whole_texts=False) + _remember(sink, fine)
    responses = list(hostile_server.scoring.ScoreConversations(iter([big, fine, big]),
                                                               timeout=120))
    tally.request(grpc.StatusCode.OK, 3)
    assert [r.outcome for r in responses] == [
        spb.OUTCOME_REJECTED, spb.OUTCOME_FLAGGED_FOR_REVIEW, spb.OUTCOME_REJECTED]
    for r in (responses[0], responses[2]):
        assert r.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
        assert not leaked_texts(texts, r.error.message)


@pytest.mark.parametrize(("n_messages", "text_chars", "expected"), [
    (0, 0, grpc.StatusCode.OK),
    (MAX_MESSAGES, 0, grpc.StatusCode.OK),
    (MAX_MESSAGES + 1, 0, grpc.StatusCode.INVALID_ARGUMENT),
    (3, MAX_CHARS, grpc.StatusCode.OK),
    (3, MAX_CHARS + 1, grpc.StatusCode.INVALID_ARGUMENT),
])
def test_size_limits_are_exact(
    hostile_server: ServerUnderTest, tally: HostileTally, sink: OutputSink,
    n_messages: int, text_chars: int, expected: grpc.StatusCode,
) -> None:
    request = _sized(n_messages, text_chars, f"conv-limit-{n_messages}-{text_chars}")
    code, details = _score(hostile_server, tally, sink, request, whole_texts=False)
    assert code is expected, details


def test_server_output_holds_no_request_text(tally: HostileTally, sink: OutputSink) -> None:
    """Runs last in this module: nothing the server logged or printed repeats a text."""
    print(f"hostile inputs so far: {tally.hostile_inputs}")
    assert tally.hostile_inputs > 0
    assert_no_request_text(sink)
