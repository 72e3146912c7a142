"""Adaptive micro-batching for unary calls, run by the handler threads themselves.

No worker thread and no timers. A handler that finds nobody scoring becomes the *leader*:
it takes whatever is queued (up to ``max_batch``, its own item first), runs it as one
batch, wakes the callers whose items it ran, and hands the lead to the next caller still
waiting, if any. At low load a batch holds one item and costs no thread hand-off at all;
under load batches grow by themselves, so concurrent calls share one feature pass and one
onnxruntime run, and each batch costs one wake-up per item it answers.

A full queue sheds load at once (:class:`Overloaded`). A caller whose deadline passes
stops waiting; its item is skipped if no batch has taken it yet.

Waiting is a bare lock per call, released once to wake its owner: cheaper than an
``Event`` (no condition, no waiter list), and the bulk of what a hand-off costs here.
"""

from __future__ import annotations

import _thread
import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from service.errors import DeadlineExceeded, Overloaded

#: The longest a leader waits for the callers of the previous batch to call again. Only
#: after a batch of several: at low load batches hold one call and nobody waits.
GATHER_S = 0.001

T = TypeVar("T")
R = TypeVar("R")

# A slot's life: QUEUED -> RUNNING -> DONE, or QUEUED -> CANCELLED (deadline passed before a
# batch took it), or QUEUED -> LEAD (woken to lead the next batch, its own item first).
_QUEUED, _RUNNING, _DONE, _CANCELLED, _LEAD = range(5)


class _Slot(Generic[T, R]):
    __slots__ = ("error", "item", "result", "state", "wake")

    def __init__(self, item: T) -> None:
        self.item = item
        self.wake = _thread.allocate_lock()
        self.wake.acquire()  # released exactly once: when done, or when made the leader
        self.state = _QUEUED
        self.result: R | None = None
        self.error: BaseException | None = None


class AdaptiveBatcher(Generic[T, R]):
    """Runs ``process`` on batches of submitted items; results keep per-item order.

    ``process`` runs on the calling threads (one at a time), never on a thread of its own.
    """

    def __init__(self, process: Callable[[Sequence[T]], Sequence[R]], max_batch: int,
                 max_queue: int, name: str = "batcher", gather_s: float = GATHER_S) -> None:
        self._process = process
        self._max_batch = max_batch
        self._max_queue = max_queue
        self.name = name
        self._lock = threading.Lock()
        self._queue: deque[_Slot[T, R]] = deque()
        self._leading = False  # a thread is running a batch or has been woken to run one
        self._closed = False
        self._gather_s = gather_s
        self._expected = 1  # callers the last batch answered: how many to gather for
        self._target = 0  # while a leader gathers: the queue length that ends its wait
        self._gathered = threading.Condition(self._lock)

    def submit(self, item: T, timeout: float | None = None) -> R:
        """Score ``item`` in the next batch; raise :class:`Overloaded` if the queue is full."""
        slot: _Slot[T, R] = _Slot(item)
        with self._lock:
            if self._closed:
                raise Overloaded("scoring is shutting down; retry on another replica")
            lead = not self._leading
            if not lead and len(self._queue) >= self._max_queue:
                raise Overloaded("scoring queue is full; retry with backoff")
            self._queue.append(slot)
            self._leading = True
            if self._target and len(self._queue) >= self._target:
                self._gathered.notify()
        if not lead:
            self._wait(slot, timeout)
            lead = slot.state == _LEAD
        if lead:
            self._lead(slot)
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def _wait(self, slot: _Slot[T, R], timeout: float | None) -> None:
        if slot.wake.acquire(timeout=-1 if timeout is None else timeout):
            return
        with self._lock:
            if slot.state == _QUEUED:  # no batch took it: drop it
                slot.state = _CANCELLED
                raise DeadlineExceeded("deadline passed before the conversation was scored")
            if slot.state == _RUNNING:  # its batch runs on; the answer is no longer wanted
                raise DeadlineExceeded("deadline passed before the conversation was scored")
        # DONE or LEAD: the wake-up is on its way (or here); a new leader must lead even
        # late, or the callers behind it would wait for nobody.
        slot.wake.acquire()

    def _lead(self, own: _Slot[T, R]) -> None:
        with self._lock:
            queue = self._queue
            expected = min(self._expected, self._max_batch)
            if len(queue) < expected and self._gather_s > 0:
                # The last batch answered ``expected`` callers: their next calls are on
                # their way. Waiting a moment for them (the lock is released meanwhile)
                # turns a batch of one plus a batch of the rest into one batch.
                self._target = expected
                self._gathered.wait(self._gather_s)
                self._target = 0
            batch: list[_Slot[T, R]] = []
            while queue and len(batch) < self._max_batch:
                slot = queue.popleft()
                if slot.state != _CANCELLED:
                    slot.state = _RUNNING
                    batch.append(slot)
            self._expected = len(batch)
        try:
            results = self._process([s.item for s in batch])
            for slot, result in zip(batch, results, strict=True):
                slot.result = result
        except BaseException as err:  # handed to every caller of this batch
            for slot in batch:
                slot.error = err
        with self._lock:
            for slot in batch:
                slot.state = _DONE
            queue = self._queue
            while queue and queue[0].state == _CANCELLED:
                queue.popleft()
            successor = queue[0] if queue else None
            if successor is not None:
                successor.state = _LEAD  # it stays first in the queue: its item leads its batch
            else:
                self._leading = False
        for slot in batch:
            if slot is not own:
                slot.wake.release()
        if successor is not None:
            successor.wake.release()

    def queued(self) -> int:
        """Items waiting for a batch (not those being processed); approximate under load."""
        return len(self._queue)

    def close(self) -> None:
        """Refuse new items (:class:`Overloaded`); items already queued are still run."""
        with self._lock:
            self._closed = True
