"""Graceful shutdown: calls already running finish; new calls are refused."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import review_pb2_grpc, scoring_pb2_grpc
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.server import build_server
from tests.conftest import Running
from tests.server.helpers import benign, positive

STREAMS = 3
PER_STREAM = 60
HOLD_AT = 20  # each generator pauses here until the stop is under way


def _wait_until(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)


def _cases_after_restart(server: Running) -> set[str]:
    """Conversation ids with a case, read by a fresh server on the same data directory."""
    app = build_server(server.app.settings)
    app.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
            cases = review_pb2_grpc.ReviewServiceStub(channel).ListCases(
                rpb.ListCasesRequest(page_size=500), timeout=10).cases
    finally:
        app.stop(0)
    return {c.conversation_id for c in cases}


def _new_call_fails(target: str) -> bool:
    channel = grpc.insecure_channel(target)
    try:
        scoring_pb2_grpc.ScoringServiceStub(channel).ScoreConversation(benign(), timeout=2)
    except grpc.RpcError as err:
        assert err.code() == grpc.StatusCode.UNAVAILABLE, err
        return True
    finally:
        channel.close()
    return False


def test_stop_drains_in_flight_streams_and_refuses_new_calls(server: Running) -> None:
    target = server.target
    requests = [[positive() if i % 3 == 0 else benign() for i in range(PER_STREAM)]
                for _ in range(STREAMS)]
    resume = threading.Event()
    started = [threading.Event() for _ in range(STREAMS)]
    results: list[list[spb.ScoreConversationResponse]] = [[] for _ in range(STREAMS)]
    failures: list[BaseException] = []

    def slow(items: list[spb.ScoreConversationRequest]) -> Iterator[spb.ScoreConversationRequest]:
        for i, item in enumerate(items):
            if i == HOLD_AT:
                resume.wait(15)
            else:
                time.sleep(0.002)
            yield item

    def consume(k: int) -> None:
        try:
            for response in server.scoring.ScoreConversations(slow(requests[k]), timeout=30):
                results[k].append(response)
                started[k].set()
        except BaseException as err:
            failures.append(err)

    health = health_pb2_grpc.HealthStub(server.channel)
    watch = health.Watch(health_pb2.HealthCheckRequest(service=""), timeout=30)
    assert next(watch).status == health_pb2.HealthCheckResponse.SERVING

    consumers = [threading.Thread(target=consume, args=(k,)) for k in range(STREAMS)]
    for t in consumers:
        t.start()
    for event in started:
        assert event.wait(10), "every stream is in flight before the stop"

    stopper = threading.Thread(target=server.app.stop, kwargs={"grace": 5})
    t0 = time.monotonic()
    stopper.start()

    # Health flips first (seen on a Watch opened before the stop) ...
    assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
    watch.cancel()
    # ... and new calls are refused while the old ones are still held open.
    _wait_until(lambda: _new_call_fails(target))
    assert all(len(r) < PER_STREAM for r in results), "streams were still in flight"

    resume.set()
    for t in consumers:
        t.join(20)
    stopper.join(20)
    assert not stopper.is_alive()
    assert time.monotonic() - t0 < 5, "drained well within the grace period"

    assert failures == []
    for k in range(STREAMS):
        got = results[k]
        assert [r.conversation_id for r in got] == [
            q.conversation.id for q in requests[k]
        ]
        assert all(r.outcome != spb.OUTCOME_REJECTED for r in got)
        assert sum(r.suspicious for r in got) == PER_STREAM // 3
    assert _new_call_fails(target)


def test_unary_calls_accepted_before_stop_complete(
    server: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="grooming_risk.access")
    server.scoring.ScoreConversation(benign(), timeout=10)  # warm up
    requests = [positive() for _ in range(40)]
    futures_ = [server.scoring.ScoreConversation.future(r, timeout=20) for r in requests]
    server.app.stop(grace=5)  # while most of them are queued or running

    # What the application saw, from its access log: conversation id -> status code.
    accepted = {
        r.fields.get("conversation_id"): r.fields["code"]  # type: ignore[attr-defined]
        for r in caplog.records if r.getMessage() == "rpc"
    }
    live_cases = _cases_after_restart(server)
    completed = 0
    for req, future in zip(requests, futures_, strict=True):
        conv_id = req.conversation.id
        if conv_id in accepted:
            # Accepted by the application: it must run to completion and reach the client.
            assert accepted[conv_id] == "OK"
            response = future.result(timeout=10)
            assert response.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
            assert response.case_id
            assert conv_id in live_cases
            completed += 1
        else:
            # Never reached the application (queued in gRPC core when the stop began):
            # refused, and nothing was recorded for it.
            with pytest.raises(grpc.RpcError) as info:
                future.result(timeout=10)
            assert info.value.code() in (grpc.StatusCode.CANCELLED,
                                         grpc.StatusCode.UNAVAILABLE)
            assert conv_id not in live_cases
    assert completed >= 1


def test_store_is_closed_after_stop(server: Running) -> None:
    server.scoring.ScoreConversation(positive(), timeout=10)
    server.app.stop(0)
    with pytest.raises(grpc.RpcError) as info:
        server.review.ListCases(rpb.ListCasesRequest(), timeout=2)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE
    server.app.stop(0)  # idempotent
