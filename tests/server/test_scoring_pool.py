"""Unary scoring runs on a pool of its own, and a call that waited out its deadline there
is answered DEADLINE_EXCEEDED without being scored (gRPC drops a call cancelled while
queued before its handler runs)."""

from __future__ import annotations

import threading
from concurrent import futures

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.conftest import Running, StartServer
from tests.server.helpers import DECLARED, benign, positive


def _scored(running: Running) -> float:
    registry = running.app.metrics.registry
    return sum(
        registry.get_sample_value("grooming_risk_conversations_total",
                                  {"outcome": outcome, "reason": ""}) or 0.0
        for outcome in ("not_suspicious", "flagged_for_review")
    )


def _cases(running: Running) -> int:
    listed = running.review.ListCases(rpb.ListCasesRequest(page_size=500), timeout=10)
    return len(listed.cases)


def _score_threads(before: set[threading.Thread]) -> list[str]:
    """Pool threads started since ``before`` (other tests' servers may have left theirs)."""
    return [t.name for t in set(threading.enumerate()) - before
            if t.name.startswith("score_")]


def test_concurrent_calls_run_on_the_scoring_pool_not_on_the_handler_threads(
    start_server: StartServer,
) -> None:
    before = set(threading.enumerate())
    running = start_server(scoring_threads=1)
    assert _score_threads(before) == []  # the pool starts its threads on first use
    requests = [positive() if i % 4 == 0 else benign(adult=(40, DECLARED), child=(12, DECLARED))
                for i in range(24)]
    with futures.ThreadPoolExecutor(8) as callers:
        answers = list(callers.map(
            lambda r: running.scoring.ScoreConversation(r, timeout=30), requests))
    assert [a.conversation_id for a in answers] == [r.conversation.id for r in requests]
    assert [a.outcome for a in answers[::4]] == [spb.OUTCOME_FLAGGED_FOR_REVIEW] * 6
    # Every call went through the interceptors onto the one pool thread.
    assert len(_score_threads(before)) == 1
    # Other calls stay on the handler threads: they are not queued behind scoring.
    busy = threading.Event()
    running.app.scoring.unary_pool.submit(busy.wait, 30)
    try:
        assert _cases(running) == 6
    finally:
        busy.set()


def test_a_call_that_waited_out_its_deadline_in_the_queue_is_not_scored(
    start_server: StartServer,
) -> None:
    running = start_server(scoring_threads=1)
    busy = threading.Event()
    running.app.scoring.unary_pool.submit(busy.wait, 30)  # the pool's one thread is taken
    before = _scored(running)
    with pytest.raises(grpc.RpcError) as raised:
        running.scoring.ScoreConversation(positive(), timeout=0.5)
    assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    busy.set()
    # The queued call runs after the blocker; a no-op queued behind it says when it has.
    running.app.scoring.unary_pool.submit(lambda: None).result(timeout=30)
    assert _scored(running) == before
    assert _cases(running) == 0  # no case for a call whose caller had gone
    # And the pool serves the next call as usual.
    answer = running.scoring.ScoreConversation(positive(), timeout=30)
    assert answer.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
    assert _scored(running) == before + 1
