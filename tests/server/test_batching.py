"""The unary batcher: batches run on the callers' own threads, one at a time, and the
callers queued behind a batch are answered together by one of them."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

from service.batching import AdaptiveBatcher
from tests.waiting import wait_until


def test_callers_queued_behind_a_batch_are_scored_together_on_one_of_their_threads() -> None:
    gate = threading.Event()
    working = threading.Event()
    batches: list[tuple[list[int], str]] = []

    def process(items: Sequence[int]) -> list[int]:
        batches.append((list(items), threading.current_thread().name))
        working.set()
        gate.wait(10)
        return [i * 10 for i in items]

    batcher: AdaptiveBatcher[int, int] = AdaptiveBatcher(process, max_batch=8, max_queue=16)
    results: dict[int, int] = {}

    def call(i: int) -> None:
        results[i] = batcher.submit(i, 10)

    first = threading.Thread(target=call, args=(1,), name="caller-1")
    first.start()
    assert working.wait(10)
    rest = [threading.Thread(target=call, args=(i,), name=f"caller-{i}") for i in range(2, 7)]
    for t in rest:
        t.start()
    wait_until(lambda: batcher.queued() == 5, what="five callers queued behind the batch")
    gate.set()
    for t in (first, *rest):
        t.join(10)
    assert results == {i: i * 10 for i in range(1, 7)}
    assert [items for items, _ in batches] == [[1], [2, 3, 4, 5, 6]]
    # No worker thread: each batch ran on the thread of the first caller in it.
    assert batches[0][1] == "caller-1"
    assert batches[1][1] == "caller-2"


def test_an_error_reaches_every_caller_of_its_batch_and_the_next_batch_runs() -> None:
    calls = 0

    def process(items: Sequence[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("boom")
        return list(items)

    batcher: AdaptiveBatcher[int, int] = AdaptiveBatcher(process, max_batch=8, max_queue=16)
    with pytest.raises(ValueError, match="boom"):
        batcher.submit(1, 10)
    assert batcher.submit(2, 10) == 2
