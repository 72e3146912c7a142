"""Bulk scoring over one stream: 1,000 conversations, in order, bad items rejected alone."""

from __future__ import annotations

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.client import request_for
from service.scoring.jsonl import conversation_from_dict
from tests.conftest import Running
from training.synth import generate

N = 1000
BAD_AT = (300, 301, 500, 650, 799)


@pytest.fixture(scope="module")
def synthetic() -> list[spb.ScoreConversationRequest]:
    records = generate(N, seed=3, bank="b")
    assert len({r["conversation_id"] for r in records}) == N
    return [request_for(conversation_from_dict(r)) for r in records]


def _spoil(req: spb.ScoreConversationRequest, k: int) -> spb.ScoreConversationRequest:
    bad = spb.ScoreConversationRequest()
    bad.CopyFrom(req)
    if k % 2:
        bad.conversation.messages[0].sender_id = "nobody-we-know"
    else:
        bad.conversation.participants[0].age = 0
    return bad


def test_one_thousand_in_order_with_rejections(
    server: Running, synthetic: list[spb.ScoreConversationRequest]
) -> None:
    requests = list(synthetic)
    for k, i in enumerate(BAD_AT):
        requests[i] = _spoil(requests[i], k)

    responses = list(server.scoring.ScoreConversations(iter(requests), timeout=120))

    assert len(responses) == N
    assert [r.conversation_id for r in responses] == [q.conversation.id for q in requests]
    for i, r in enumerate(responses):
        if i in BAD_AT:
            assert r.outcome == spb.OUTCOME_REJECTED
            assert r.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
            assert r.error.message.startswith("conversation.")
            assert not r.suspicious and r.case_id == ""
        else:
            assert r.outcome in (spb.OUTCOME_NOT_SUSPICIOUS, spb.OUTCOME_FLAGGED_FOR_REVIEW,
                                 spb.OUTCOME_NOT_SCANNED), (i, r)
            assert not r.HasField("error")
            assert r.suspicious == (r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW)
            assert bool(r.case_id) == r.suspicious

    flagged = [r for r in responses if r.suspicious]
    outcomes = {r.outcome for r in responses}
    assert {spb.OUTCOME_NOT_SUSPICIOUS, spb.OUTCOME_FLAGGED_FOR_REVIEW,
            spb.OUTCOME_NOT_SCANNED, spb.OUTCOME_REJECTED} <= outcomes
    assert len(flagged) > 100  # about a third of the corpus is positive

    # Each flag is one case, listed under the conversation it names.
    cases: dict[str, str] = {}
    token = ""
    while True:
        page = server.review.ListCases(rpb.ListCasesRequest(page_size=500, page_token=token),
                                       timeout=10)
        cases.update({c.case_id: c.conversation_id for c in page.cases})
        token = page.next_page_token
        if not token:
            break
    assert cases == {r.case_id: r.conversation_id for r in flagged}


def test_stream_and_unary_agree(
    server: Running, synthetic: list[spb.ScoreConversationRequest]
) -> None:
    sample = synthetic[:60]
    streamed = list(server.scoring.ScoreConversations(iter(sample), timeout=60))
    unary = [server.scoring.ScoreConversation(q, timeout=10) for q in sample]
    # Same outcomes, and the unary rescoring lands in the cases the stream opened.
    assert streamed == unary


def test_empty_stream(server: Running) -> None:
    assert list(server.scoring.ScoreConversations(iter([]), timeout=10)) == []


def _batches(requests: list[spb.ScoreConversationRequest], sizes: list[int]
             ) -> list[spb.ScoreConversationBatch]:
    out, at = [], 0
    for size in sizes:
        out.append(spb.ScoreConversationBatch(requests=requests[at:at + size]))
        at += size
    assert at == len(requests)
    return out


def test_batches_answer_each_batch_in_order_as_the_stream_does(
    server: Running, synthetic: list[spb.ScoreConversationRequest]
) -> None:
    requests = list(synthetic[:300])
    for k, i in enumerate((0, 7, 150, 299)):
        requests[i] = _spoil(requests[i], k)
    sizes = [1, 0, 64, 200, 35]  # an empty batch gets an empty result, in its place
    results = list(server.scoring.ScoreConversationBatches(
        iter(_batches(requests, sizes)), timeout=120))

    assert [len(r.responses) for r in results] == sizes
    flat = [response for r in results for response in r.responses]
    # The per-conversation stream on the same conversations: the same answers, and the
    # same case for each flag (rescoring lands in the open case).
    assert flat == list(server.scoring.ScoreConversations(iter(requests), timeout=120))
    assert [r.outcome == spb.OUTCOME_REJECTED for r in flat] == [
        i in (0, 7, 150, 299) for i in range(300)]
    assert any(r.suspicious for r in flat) and any(r.outcome == spb.OUTCOME_NOT_SCANNED
                                                   for r in flat)


def test_an_oversized_batch_ends_the_stream_after_the_results_before_it(
    server: Running, synthetic: list[spb.ScoreConversationRequest]
) -> None:
    small = spb.ScoreConversationBatch(requests=synthetic[:3])
    oversized = spb.ScoreConversationBatch(requests=[synthetic[3]] * 1001)
    call = server.scoring.ScoreConversationBatches(iter([small, oversized, small]), timeout=60)
    first = next(call)
    assert len(first.responses) == 3
    with pytest.raises(grpc.RpcError) as caught:
        next(call)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details() == "requests: more than 1000 conversations"
    # A full batch of 1,000 is fine.
    (full,) = server.scoring.ScoreConversationBatches(
        iter([spb.ScoreConversationBatch(requests=[synthetic[3]] * 1000)]), timeout=60)
    assert len(full.responses) == 1000


def test_an_undecodable_batch_ends_the_stream_with_invalid_argument(server: Running) -> None:
    call = server.channel.stream_stream(
        "/grooming_risk.v1.ScoringService/ScoreConversationBatches")
    with pytest.raises(grpc.RpcError) as caught:
        list(call(iter([b"\x0a\x05ab"]), timeout=10))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details() == "request: is not a valid protobuf message"
