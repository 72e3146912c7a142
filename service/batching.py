"""Adaptive micro-batching for unary calls: no timers, no added wait at low load.

Handler threads put work on a bounded queue and wait. One worker thread takes whatever
is queued (up to ``max_batch``) and runs it as one batch, so concurrent unary calls share
one feature pass and one onnxruntime run. At low load a batch holds one item and the only
cost is a thread hand-off; under load batches grow by themselves. A full queue sheds load
at once (:class:`Overloaded`), and a caller whose deadline passes stops waiting and its
item is skipped if it has not started.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from service.errors import DeadlineExceeded, Overloaded

T = TypeVar("T")
R = TypeVar("R")


class _Slot(Generic[T, R]):
    __slots__ = ("cancelled", "done", "error", "item", "result")

    def __init__(self, item: T) -> None:
        self.item = item
        self.done = threading.Event()
        self.result: R | None = None
        self.error: BaseException | None = None
        self.cancelled = False


class AdaptiveBatcher(Generic[T, R]):
    """Runs ``process`` on batches of submitted items; results keep per-item order."""

    def __init__(self, process: Callable[[Sequence[T]], Sequence[R]], max_batch: int,
                 max_queue: int, name: str = "batcher") -> None:
        self._process = process
        self._max_batch = max_batch
        self._queue: queue.Queue[_Slot[T, R] | None] = queue.Queue(maxsize=max_queue)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, item: T, timeout: float | None = None) -> R:
        """Score ``item`` in the next batch; raise :class:`Overloaded` if the queue is full."""
        slot: _Slot[T, R] = _Slot(item)
        try:
            self._queue.put_nowait(slot)
        except queue.Full:
            raise Overloaded("scoring queue is full; retry with backoff") from None
        if not slot.done.wait(timeout):
            slot.cancelled = True
            if not slot.done.is_set():
                raise DeadlineExceeded("deadline passed before the conversation was scored")
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def queued(self) -> int:
        """Items waiting for a batch (not those being processed); approximate under load."""
        return self._queue.qsize()

    def close(self) -> None:
        """Stop the worker after the items already queued."""
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
            live = [s for s in batch if not s.cancelled]
            if not live:
                continue
            try:
                results = self._process([s.item for s in live])
                for slot, result in zip(live, results, strict=True):
                    slot.result = result
            except BaseException as err:  # handed to every waiting caller of this batch
                for slot in live:
                    slot.error = err
            for slot in live:
                slot.done.set()
