"""Case writes on a thread of their own, so a slow database never stalls scoring.

Scoring hands each flag to :class:`CaseWriter` and goes on with the next batch; the caller
whose conversation was flagged waits on its :class:`PendingCase` and is answered only once
``record_flag`` has returned, i.e. once its case is committed. A flag is never
acknowledged before its case is durable; a full write queue sheds the flag's call with
:class:`Overloaded` (the client retries, and a rescored flag merges into the same case).
"""

from __future__ import annotations

import _thread
import logging
import queue
import threading
from datetime import datetime

from service.errors import DeadlineExceeded, Overloaded
from service.review.cases import Flag
from service.review.store import CaseStore

log = logging.getLogger(__name__)

#: The most flags one transaction records (what queued up while the last group committed).
GROUP_MAX = 64


class PendingCase:
    """The case a flag opens or updates, once the writer has committed it."""

    __slots__ = ("_done", "case_id", "error", "flag", "now")

    def __init__(self, flag: Flag, now: datetime) -> None:
        self.flag = flag
        self.now = now
        self.case_id = ""
        self.error: BaseException | None = None
        self._done = _thread.allocate_lock()
        self._done.acquire()  # released once, when the write has finished either way

    @classmethod
    def refused(cls, flag: Flag, now: datetime, err: BaseException) -> PendingCase:
        """A flag that was never queued: its caller gets ``err`` (e.g. :class:`Overloaded`)."""
        pending = cls(flag, now)
        pending.error = err
        pending._finish()
        return pending

    def wait(self, timeout: float | None = None) -> str:
        """The committed case's id; the store's error if the write failed."""
        if not self._done.acquire(timeout=-1 if timeout is None else timeout):
            # The write goes on: the flag is recorded even though this caller stops waiting.
            raise DeadlineExceeded("deadline passed before the case was recorded")
        self._done.release()  # later waits return at once
        if self.error is not None:
            raise self.error
        return self.case_id

    def _finish(self) -> None:
        self._done.release()


class CaseWriter:
    """One thread that records flags in the store, in the order they were submitted.

    Flags that queue up while a group commits are written together in one transaction
    (``record_flags``, at most :data:`GROUP_MAX`): a commit costs more than the rows of a
    flag. Each caller is still answered only after its group has committed.
    """

    def __init__(self, store: CaseStore, max_pending: int) -> None:
        self.store = store
        self._queue: queue.Queue[PendingCase | None] = queue.Queue(maxsize=max_pending)
        self._thread = threading.Thread(target=self._run, name="case-writer", daemon=True)
        self._thread.start()

    def submit(self, flag: Flag, now: datetime, wait_for_room: bool = False) -> PendingCase:
        """Queue ``flag`` for the store. When writes fall behind, the pending case is
        refused at once with :class:`Overloaded` and scoring goes on, or with
        ``wait_for_room`` this waits for the queue (back-pressure on a bulk stream)."""
        pending = PendingCase(flag, now)
        try:
            self._queue.put(pending, block=wait_for_room)
        except queue.Full:
            return PendingCase.refused(flag, now, Overloaded(
                "case store is falling behind; retry with backoff"))
        return pending

    def pending(self) -> int:
        """Flags waiting to be written (approximate under load)."""
        return self._queue.qsize()

    def close(self, timeout: float = 30.0) -> None:
        """Write every flag already queued, then stop."""
        if not self._thread.is_alive():
            return
        self._queue.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            group = [self._queue.get()]
            # What queued up meanwhile goes in the same transaction: one commit per group.
            while len(group) < GROUP_MAX and group[-1] is not None:
                try:
                    group.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = group[-1] is None
            self._write([p for p in group if p is not None])
            if stop:
                return

    def _write(self, group: list[PendingCase]) -> None:
        if not group:
            return
        try:
            cases = self.store.record_flags([(p.flag, p.now) for p in group])
        except BaseException as err:  # the flag's caller gets it through the error table
            if len(group) > 1:  # nothing was committed: each alone, each caller its answer
                for pending in group:
                    self._write([pending])
                return
            group[0].error = err
            group[0]._finish()
            return
        for pending, case in zip(group, cases, strict=True):
            pending.case_id = case.case_id
            pending._finish()
