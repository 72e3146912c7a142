"""Flags become cases; reviewers claim, confirm and dismiss them through ReviewService."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.conftest import Running
from tests.server.helpers import (
    ADULT,
    CHILD,
    MANIFEST,
    MODEL_VERSION,
    find_in_files,
    positive,
)

DAY = 24 * 3600


def _flag(server: Running, req: spb.ScoreConversationRequest | None = None) -> tuple[
    spb.ScoreConversationRequest, str
]:
    req = req or positive()
    r = server.scoring.ScoreConversation(req, timeout=10)
    assert r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW, r
    assert r.case_id
    return req, r.case_id


def _all_cases(server: Running) -> list[rpb.Case]:
    return list(server.review.ListCases(rpb.ListCasesRequest(page_size=500), timeout=10).cases)


def test_flag_opens_a_case_with_references_only(server: Running) -> None:
    req, case_id = _flag(server)
    case = server.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
    message_ids = {m.id for m in req.conversation.messages}

    assert case.case_id == case_id
    assert case.conversation_id == req.conversation.id
    assert case.suspected_participant_id == ADULT
    assert case.partner_participant_id == CHILD
    assert case.status == rpb.CASE_STATUS_OPEN
    assert 0.0 < case.score <= 1.0
    assert case.score >= case.threshold
    assert case.threshold == pytest.approx(MANIFEST["threshold"])
    assert case.model_version == MODEL_VERSION
    assert case.claimed_by == "" and case.decided_by == ""

    assert case.message_ids, "a flagged case points at the messages that showed indicators"
    assert set(case.message_ids) <= message_ids
    assert len(set(case.message_ids)) == len(case.message_ids)
    codes = set(case.indicator_codes)
    assert {rpb.RISK_INDICATOR_AGE_PROBE, rpb.RISK_INDICATOR_SECRECY,
            rpb.RISK_INDICATOR_PHOTO_REQUEST, rpb.RISK_INDICATOR_MEETING_REQUEST} <= codes
    assert rpb.RISK_INDICATOR_UNSPECIFIED not in codes
    assert codes == {hit.indicator for hit in case.indicators}
    hit_ids: set[str] = set()
    for hit in case.indicators:
        assert hit.message_ids
        assert set(hit.message_ids) <= message_ids
        hit_ids |= set(hit.message_ids)
    assert hit_ids == set(case.message_ids)

    assert abs(case.created_at.seconds - time.time()) < 120
    lifetime = case.expires_at.ToDatetime() - case.created_at.ToDatetime()
    assert abs(lifetime - timedelta(days=30)) < timedelta(seconds=5)  # unreviewed retention

    listed = _all_cases(server)
    assert [c.case_id for c in listed] == [case_id]
    assert listed[0] == case


def test_rescoring_is_idempotent(server: Running) -> None:
    req, case_id = _flag(server)
    for _ in range(3):
        again = server.scoring.ScoreConversation(req, timeout=10)
        assert again.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
        assert again.case_id == case_id
    bulk = list(server.scoring.ScoreConversations(iter([req, req]), timeout=10))
    assert [r.case_id for r in bulk] == [case_id, case_id]
    cases = _all_cases(server)
    assert [c.case_id for c in cases] == [case_id]
    assert cases[0].conversation_id == req.conversation.id


def test_claim_then_confirm_keeps_the_case_for_90_days(server: Running) -> None:
    _, case_id = _flag(server)
    claimed = server.review.ClaimCase(
        rpb.ClaimCaseRequest(case_id=case_id, reviewer_id="rev-1"), timeout=10
    ).case
    assert claimed.status == rpb.CASE_STATUS_IN_REVIEW
    assert claimed.claimed_by == "rev-1"
    assert claimed.HasField("lease_expires_at")

    before = time.time()
    decided = server.review.DecideCase(
        rpb.DecideCaseRequest(case_id=case_id, decision=rpb.DECISION_CONFIRMED,
                              reviewer_id="rev-1", reason="clear_indicators"),
        timeout=10,
    )
    after = time.time()
    assert not decided.deleted
    case = decided.case
    assert case.status == rpb.CASE_STATUS_CONFIRMED
    assert case.decided_by == "rev-1"
    assert case.reason_code == "clear_indicators"
    assert case.claimed_by == ""
    expires = case.expires_at.seconds + case.expires_at.nanos / 1e9
    assert before + 90 * DAY - 2 <= expires <= after + 90 * DAY + 2

    fetched = server.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
    assert fetched.status == rpb.CASE_STATUS_CONFIRMED
    assert fetched.expires_at == case.expires_at
    confirmed = server.review.ListCases(
        rpb.ListCasesRequest(status=rpb.CASE_STATUS_CONFIRMED), timeout=10
    ).cases
    assert [c.case_id for c in confirmed] == [case_id]


def test_claim_then_dismiss_erases_every_byte(server: Running) -> None:
    kept_req, kept_case = _flag(server)  # control: a live case whose ids must be found
    req, case_id = _flag(server)
    conv_id = req.conversation.id
    assert find_in_files(server.data_dir, [case_id, conv_id]), "scan finds live cases"

    server.review.ClaimCase(rpb.ClaimCaseRequest(case_id=case_id, reviewer_id="rev-2"),
                            timeout=10)
    decided = server.review.DecideCase(
        rpb.DecideCaseRequest(case_id=case_id, decision=rpb.DECISION_DISMISSED,
                              reviewer_id="rev-2", reason="benign_context"),
        timeout=10,
    )
    assert decided.deleted is True

    with pytest.raises(grpc.RpcError) as info:
        server.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10)
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    assert [c.case_id for c in _all_cases(server)] == [kept_case]

    # While the server still runs (WAL mode, connections open) ...
    assert find_in_files(server.data_dir, [case_id, conv_id]) == []
    # ... the control case is still there, so the scan does read the live data.
    assert {needle for _, needle in find_in_files(server.data_dir, [kept_case])} == {kept_case}
    assert find_in_files(server.data_dir, [kept_req.conversation.id])

    server.app.stop(0)
    assert find_in_files(server.data_dir, [case_id, conv_id]) == []


def test_concurrent_rescoring_opens_one_case(server: Running) -> None:
    req = positive()
    n = 16
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def score(k: int) -> None:
        barrier.wait()
        try:
            results[k] = server.scoring.ScoreConversation(req, timeout=20)
        except grpc.RpcError as err:
            results[k] = (err.code(), err.details())

    threads = [threading.Thread(target=score, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, spb.ScoreConversationResponse) for r in results), results
    case_ids = {r.case_id for r in results}  # type: ignore[union-attr]
    assert len(case_ids) == 1
    assert [c.case_id for c in _all_cases(server)] == list(case_ids)


def test_concurrent_claims_have_exactly_one_winner(server: Running) -> None:
    _, case_id = _flag(server)
    n = 8
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def claim(k: int) -> None:
        barrier.wait()
        try:
            results[k] = server.review.ClaimCase(
                rpb.ClaimCaseRequest(case_id=case_id, reviewer_id=f"rev-{k}"), timeout=20
            ).case.claimed_by
        except grpc.RpcError as err:
            results[k] = err.code()

    threads = [threading.Thread(target=claim, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if isinstance(r, str)]
    assert len(winners) == 1, results
    assert results.count(grpc.StatusCode.ABORTED) == n - 1, results
    case = server.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
    assert case.claimed_by == winners[0]


@pytest.mark.parametrize("decision", [rpb.DECISION_CONFIRMED, rpb.DECISION_DISMISSED])
def test_a_decided_conversation_flagged_again_opens_a_new_case(
    server: Running, decision: int
) -> None:
    req, first = _flag(server)
    server.review.ClaimCase(rpb.ClaimCaseRequest(case_id=first, reviewer_id="rev-1"),
                            timeout=10)
    server.review.DecideCase(rpb.DecideCaseRequest(
        case_id=first, decision=decision, reviewer_id="rev-1", reason="decided"), timeout=10)
    _, second = _flag(server, req)
    assert second != first
    live = {c.case_id: c.status for c in _all_cases(server)}
    expected = {second: rpb.CASE_STATUS_OPEN}
    if decision == rpb.DECISION_CONFIRMED:
        expected[first] = rpb.CASE_STATUS_CONFIRMED
    assert live == expected
