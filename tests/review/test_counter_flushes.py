"""Scoring counts survive a flush whose answer is lost: re-sent, and counted once.

A replica flushes in-memory counts in numbered batches; when the COMMIT succeeds but the
answer never arrives (connection dropped, database restarted), it cannot tell and sends
the batch again. Before flush marks that counted the batch twice.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.errors import Overloaded
from service.review import counters as ctr
from service.review.counters import FlushMark
from service.review.sql_store import SqlCaseStore
from service.scoring.engine import Outcome, ScoreResult
from service.screening import ScoringCounters
from tests.review.conftest import Backend
from tests.review.helpers import MODEL, T0, THRESHOLD

DAY = (T0.date(), T0.date() + timedelta(days=1))


def scored(store: SqlCaseStore) -> dict[str, int]:
    return ctr.totals(store.counter_rows(*DAY))


def test_a_batch_at_or_below_the_writers_mark_is_skipped(store: SqlCaseStore) -> None:
    def send(writer: str, seq: int) -> None:
        store.record_scoring(MODEL, THRESHOLD, conversations=2, messages=7,
                             not_scanned={"no_likely_minor": 1}, now=T0,
                             flush=FlushMark(writer, seq))

    send("replica-a", 1)
    send("replica-a", 1)  # the same batch again: its answer was lost
    assert scored(store)[ctr.CONVERSATIONS_SCORED] == 2
    send("replica-a", 2)
    send("replica-a", 1)  # an old number never counts again
    send("replica-b", 1)  # another writer's numbers are its own
    totals = scored(store)
    assert totals[ctr.CONVERSATIONS_SCORED] == 6 and totals[ctr.MESSAGES_SCORED] == 21
    assert totals[ctr.not_scanned_name("no_likely_minor")] == 3
    store.record_scoring(MODEL, THRESHOLD, conversations=1, messages=1, not_scanned={}, now=T0)
    assert scored(store)[ctr.CONVERSATIONS_SCORED] == 7  # no mark: always added


def test_marks_of_writers_idle_for_a_week_are_pruned(backend: Backend) -> None:
    store = backend.make()
    store.record_scoring(MODEL, THRESHOLD, conversations=1, messages=1, not_scanned={},
                         now=T0, flush=FlushMark("gone", 5))
    store.record_scoring(MODEL, THRESHOLD, conversations=1, messages=1, not_scanned={},
                         now=T0 + timedelta(days=6), flush=FlushMark("alive", 9))
    store.purge_expired(T0 + timedelta(days=ctr.FLUSH_MARKS_KEPT_DAYS, seconds=1))
    # "gone" starts again from nothing (pruned); "alive" still skips its old numbers.
    store.record_scoring(MODEL, THRESHOLD, conversations=1, messages=1, not_scanned={},
                         now=T0, flush=FlushMark("gone", 5))
    store.record_scoring(MODEL, THRESHOLD, conversations=1, messages=1, not_scanned={},
                         now=T0, flush=FlushMark("alive", 9))
    assert ctr.totals(store.counter_rows(T0.date(), T0.date() + timedelta(days=8)))[
        ctr.CONVERSATIONS_SCORED] == 3


def result(reason: object = None) -> ScoreResult:
    return ScoreResult("conv", Outcome.NOT_SUSPICIOUS if reason is None else Outcome.NOT_SCANNED,
                       MODEL, THRESHOLD, not_scanned_reason=reason,  # type: ignore[arg-type]
                       messages_scored=4 if reason is None else 0)


def test_a_flush_whose_answer_is_lost_is_resent_and_counted_once(
    store: SqlCaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    counters = ScoringCounters()
    counters.add([result(), result()])
    commit_then_lose_answer = store.record_scoring
    calls: list[int] = []

    def answer_lost(*args: object, **kwargs: object) -> None:
        # The store really commits; the caller just never hears back (as when the
        # connection drops between COMMIT and its reply).
        calls.append(1)
        commit_then_lose_answer(*args, **kwargs)  # type: ignore[arg-type]
        if len(calls) == 1:
            raise Overloaded("review store: PostgreSQL is unavailable")

    monkeypatch.setattr(store, "record_scoring", answer_lost)
    counters.flush(store, T0)
    assert scored(store)[ctr.CONVERSATIONS_SCORED] == 2  # committed, answer lost
    counters.add([result()])
    counters.flush(store, T0)  # re-sends the lost batch first, then the new one
    assert len(calls) == 3
    totals = scored(store)
    assert totals[ctr.CONVERSATIONS_SCORED] == 3 and totals[ctr.MESSAGES_SCORED] == 12
    counters.flush(store, T0)
    assert len(calls) == 3  # nothing left to send


def test_a_flush_that_fails_before_commit_is_resent_in_order(
    store: SqlCaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    counters = ScoringCounters()
    counters.add([result()])
    real = store.record_scoring
    down = [True]

    def database_down(*args: object, **kwargs: object) -> None:
        if down[0]:
            raise Overloaded("review store: PostgreSQL is unavailable")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "record_scoring", database_down)
    counters.flush(store, T0)
    counters.add([result(), result()])
    counters.flush(store, T0)
    assert ctr.CONVERSATIONS_SCORED not in scored(store)
    down[0] = False
    counters.flush(store, T0)
    assert scored(store)[ctr.CONVERSATIONS_SCORED] == 3
