"""Each resource limit, through a real server where a client can hit it, else directly."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import grpc
import pytest

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.api.grooming_risk.v1 import scoring_pb2_grpc as pb_grpc
from service.batching import AdaptiveBatcher
from service.errors import DeadlineExceeded, Overloaded
from tests.waiting import wait_until


def _request(text: str = "hi there", n: int = 1) -> pb.ScoreConversationRequest:
    msgs = [pb.ChatMessage(id=f"m{i}", sender_id="a", text=text, kind=pb.CONTENT_KIND_TEXT)
            for i in range(n)]
    for m in msgs:
        m.sent_at.seconds = 1_760_000_000
    return pb.ScoreConversationRequest(conversation=pb.Conversation(
        id="c1",
        participants=[pb.Participant(id="a", age=30, age_source=pb.AGE_SOURCE_DECLARED),
                      pb.Participant(id="b", age=12, age_source=pb.AGE_SOURCE_DECLARED)],
        messages=msgs))


def _held_stream(stub: pb_grpc.ScoringServiceStub, release: threading.Event
                 ) -> tuple[threading.Thread, list[object], threading.Event]:
    """Open a bulk stream that stays open until ``release`` is set.

    The returned event is set when the first response arrives: the server is then
    handling the stream, so it holds its RPC slot and its HTTP/2 stream.
    """
    outcome: list[object] = []
    answered = threading.Event()

    def requests() -> Iterator[pb.ScoreConversationRequest]:
        yield _request()
        release.wait(10)

    def run() -> None:
        try:
            n = 0
            for _ in stub.ScoreConversations(requests(), timeout=20):
                n += 1
                answered.set()
            outcome.append(n)
        except grpc.RpcError as err:
            outcome.append(err.code())
        finally:
            answered.set()  # never leave the test waiting

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome, answered


def test_message_size_limit(start_server) -> None:  # type: ignore[no-untyped-def]
    app = start_server(max_message_bytes=4096).app
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        stub = pb_grpc.ScoringServiceStub(channel)
        assert stub.ScoreConversation(_request(), timeout=10).conversation_id == "c1"
        with pytest.raises(grpc.RpcError) as err:
            stub.ScoreConversation(_request("x" * 3000, n=3), timeout=10)
        assert err.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
        assert stub.ScoreConversation(_request(), timeout=10).conversation_id == "c1"


@pytest.mark.parametrize(
    ("setting", "code", "timeout"),
    [
        # Past maximum_concurrent_rpcs the server sheds the call at once.
        ({"max_concurrent_rpcs": 1}, grpc.StatusCode.RESOURCE_EXHAUSTED, 10.0),
        # Past the HTTP/2 stream limit the call waits for a free stream until its deadline.
        ({"max_concurrent_streams": 1}, grpc.StatusCode.DEADLINE_EXCEEDED, 1.0),
    ],
)
def test_concurrency_limits(start_server, setting: dict[str, int],  # type: ignore[no-untyped-def]
                            code: grpc.StatusCode, timeout: float) -> None:
    app = start_server(**setting).app
    release = threading.Event()
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        stub = pb_grpc.ScoringServiceStub(channel)
        holder, outcome, answered = _held_stream(stub, release)
        assert answered.wait(10)
        assert not outcome, f"the held stream ended early: {outcome}"
        with pytest.raises(grpc.RpcError) as err:
            stub.ScoreConversation(_request(), timeout=timeout)
        assert err.value.code() is code
        release.set()
        holder.join(20)
        assert outcome == [1]  # the held stream was not disturbed
        assert stub.ScoreConversation(_request(), timeout=10).conversation_id == "c1"


def test_client_deadline_is_respected_and_server_stays_healthy(start_server) -> None:  # type: ignore[no-untyped-def]
    app = start_server(scoring_threads=1).app
    # The pool's one thread is taken, so the call cannot be answered before its deadline.
    # (A 1 ms deadline alone raced a fast server and a client timer late under load.)
    busy = threading.Event()
    app.scoring.unary_pool.submit(busy.wait, 30)
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        stub = pb_grpc.ScoringServiceStub(channel)
        try:
            with pytest.raises(grpc.RpcError) as err:
                stub.ScoreConversation(_request(n=900), timeout=0.2)
        finally:
            busy.set()
        assert err.value.code() is grpc.StatusCode.DEADLINE_EXCEEDED
        assert stub.ScoreConversation(_request(), timeout=10).conversation_id == "c1"


def _blocking_batcher(max_queue: int) -> tuple[AdaptiveBatcher[int, int], threading.Event,
                                                 list[list[int]], threading.Event]:
    """A batcher whose batches wait for ``gate``; ``working`` is set once one has started."""
    gate = threading.Event()
    working = threading.Event()
    seen: list[list[int]] = []

    def process(items: object) -> list[int]:
        batch = list(items)  # type: ignore[call-overload]
        seen.append(batch)
        working.set()
        gate.wait(10)
        return batch

    return AdaptiveBatcher(process, max_batch=8, max_queue=max_queue), gate, seen, working


def test_full_queue_sheds_load_instead_of_growing() -> None:
    batcher, gate, _, working = _blocking_batcher(max_queue=2)
    results: list[object] = []
    first = threading.Thread(target=lambda: results.append(batcher.submit(1, 10)))
    first.start()
    assert working.wait(10)  # item 1 is being processed; the queue is empty again
    waiting = [threading.Thread(target=lambda i=i: results.append(batcher.submit(i, 10)))
               for i in (2, 3)]
    for t in waiting:
        t.start()
    wait_until(lambda: batcher.queued() == 2, what="items 2 and 3 queued")
    with pytest.raises(Overloaded):
        batcher.submit(4, 10)
    gate.set()
    for t in (first, *waiting):
        t.join(10)
    assert sorted(results) == [1, 2, 3]  # type: ignore[type-var]
    batcher.close()


def test_deadline_drops_work_that_has_not_started() -> None:
    batcher, gate, seen, working = _blocking_batcher(max_queue=8)
    first = threading.Thread(target=lambda: batcher.submit(1, 10))
    first.start()
    assert working.wait(10)
    with pytest.raises(DeadlineExceeded):
        batcher.submit(2, 0.2)  # waits behind item 1, gives up
    gate.set()
    first.join(10)
    # Item 3 queues behind item 2: once it is answered, the worker has passed item 2.
    assert batcher.submit(3, 10) == 3
    assert [1] in seen and all(2 not in batch for batch in seen)  # never scored
    batcher.close()


def test_overload_maps_to_unavailable() -> None:
    from service.interceptors.errors import status_for

    assert status_for(Overloaded("x"))[0] is grpc.StatusCode.UNAVAILABLE
    assert status_for(DeadlineExceeded("x"))[0] is grpc.StatusCode.DEADLINE_EXCEEDED
