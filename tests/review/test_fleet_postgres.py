"""Several replicas on one PostgreSQL: each test uses store instances with pools of their own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from psycopg import errors as pg_errors

from service.errors import Overloaded
from service.review import counters as ctr
from service.review.cases import CaseStatus
from service.review.postgres_store import _PURGE_LOCK_KEY, PostgresCaseStore
from service.review.retry import Backoff
from tests.review.helpers import MODEL, RECIPIENTS, T0, THRESHOLD, make_flag

DAY = (T0.date(), T0.date() + timedelta(days=1))


@pytest.fixture
def replicas(postgres_conninfo: str) -> Iterator[Callable[..., PostgresCaseStore]]:
    opened: list[PostgresCaseStore] = []

    def make(**kw: Any) -> PostgresCaseStore:
        store = PostgresCaseStore(postgres_conninfo, recipients=RECIPIENTS,
                                  **{"pool_max": 4, **kw})
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def together(n: int, work: Callable[[int], None]) -> None:
    """Run ``work(i)`` for i in 0..n-1 on threads released at once; re-raise any failure."""
    barrier = threading.Barrier(n)
    failures: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as err:
            failures.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures, failures


def test_two_replicas_rescoring_one_conversation_open_one_case(
    replicas: Callable[..., PostgresCaseStore],
) -> None:
    a, b = replicas(), replicas()
    for round_ in range(5):
        conversation = f"conv-race-{round_}"
        opened: list[str] = []

        def flag(i: int, conversation: str = conversation, opened: list[str] = opened) -> None:
            store = a if i % 2 else b
            opened.append(store.record_flag(make_flag(conversation=conversation), T0).case_id)

        together(8, flag)
        assert len(set(opened)) == 1
    cases, _ = a.list_cases(status=CaseStatus.OPEN, page_size=100)
    assert len(cases) == 5
    assert ctr.totals(a.counter_rows(*DAY))[ctr.FLAGGED] == 5


def test_the_database_itself_refuses_a_second_open_case(postgres_conninfo: str,
                                                        replicas: Callable[..., Any]) -> None:
    store = replicas()
    case = store.record_flag(make_flag(), T0)
    with psycopg.connect(postgres_conninfo, autocommit=True) as conn, pytest.raises(
        pg_errors.UniqueViolation
    ):
        conn.execute(
            "INSERT INTO cases SELECT 'other', 'otherref', conversation_id, "
            "suspected_participant_id, partner_participant_id, indicators, score, threshold, "
            "model_version, opened_model_version, opened_threshold, status, created_at, "
            "flagged_at, updated_at, expires_at FROM cases WHERE case_id = %s", (case.case_id,))


def test_counters_stay_exact_when_replicas_flush_together(
    replicas: Callable[..., PostgresCaseStore],
) -> None:
    stores = [replicas() for _ in range(4)]
    flushes = 25

    def flush(i: int) -> None:
        for _ in range(flushes):
            stores[i % 4].record_scoring(MODEL, THRESHOLD, conversations=3, messages=11,
                                         not_scanned={"professional_secrecy": 1}, now=T0)

    together(12, flush)
    totals = ctr.totals(stores[0].counter_rows(*DAY))
    assert totals[ctr.CONVERSATIONS_SCORED] == 12 * flushes * 3
    assert totals[ctr.MESSAGES_SCORED] == 12 * flushes * 11
    assert totals[ctr.not_scanned_name("professional_secrecy")] == 12 * flushes


def test_only_one_replica_purges_at_a_time(postgres_conninfo: str,
                                           replicas: Callable[..., PostgresCaseStore]) -> None:
    a, b = replicas(), replicas()
    case = a.record_flag(make_flag(), T0)
    later = case.expires_at + timedelta(seconds=1)
    with psycopg.connect(postgres_conninfo, autocommit=True) as other:
        # Another replica is purging: it holds the purge turn.
        other.execute("SELECT pg_advisory_lock(%s)", (_PURGE_LOCK_KEY,))
        assert b.purge_expired(later) == 0
        assert a.get_case(case.case_id).case_id == case.case_id
        other.execute("SELECT pg_advisory_unlock(%s)", (_PURGE_LOCK_KEY,))
    assert b.purge_expired(later) == 1
    events, _ = a.list_audit(page_size=500)
    assert [e.details["count"] for e in events if e.action == "retention.purge"] == ["1"]


def test_concurrent_purges_delete_each_case_once(
    replicas: Callable[..., PostgresCaseStore],
) -> None:
    stores = [replicas() for _ in range(3)]
    for i in range(30):
        stores[0].record_flag(make_flag(conversation=f"conv-{i}"), T0)
    later = T0 + timedelta(days=400)
    purged: list[int] = []
    together(6, lambda i: purged.append(stores[i % 3].purge_expired(later)))
    assert sum(purged) == 30
    assert ctr.totals(stores[0].counter_rows(later.date(), later.date() + timedelta(days=1)))[
        ctr.EXPIRED] == 30


def test_statement_timeout_turns_a_stuck_statement_into_overloaded(
    postgres_conninfo: str, replicas: Callable[..., PostgresCaseStore]
) -> None:
    store = replicas(statement_timeout=timedelta(milliseconds=300))
    case = store.record_flag(make_flag(), T0)
    with psycopg.connect(postgres_conninfo) as locker:
        locker.execute("LOCK TABLE cases IN ACCESS EXCLUSIVE MODE")
        release = threading.Timer(15, locker.rollback)  # a failing test must not hang
        release.start()
        started = time.monotonic()
        try:
            with pytest.raises(Overloaded):
                store.get_case(case.case_id)
        finally:
            release.cancel()
        assert time.monotonic() - started < 5
        locker.rollback()
    assert store.get_case(case.case_id).case_id == case.case_id  # the pool recovered


def test_an_exhausted_pool_is_overloaded_not_a_hang(
    replicas: Callable[..., PostgresCaseStore],
) -> None:
    store = replicas(pool_min=2, pool_max=2, pool_timeout=timedelta(milliseconds=200))
    held = [store._pool.getconn(), store._pool.getconn()]
    try:
        with pytest.raises(Overloaded):
            store.get_case("any")
    finally:
        for conn in held:
            store._pool.putconn(conn)
    assert store.pool_stats()["pool_max"] == 2


@pytest.mark.parametrize("error", [pg_errors.SerializationFailure, pg_errors.DeadlockDetected])
def test_conflicts_are_retried_with_jittered_bounded_backoff(
    replicas: Callable[..., PostgresCaseStore], error: type[Exception]
) -> None:
    store = replicas()
    waits: list[float] = []
    store._backoff = Backoff(attempts=4, base_s=0.01, cap_s=0.03, sleep=waits.append)
    calls: list[int] = []

    def conflicts_twice() -> str:
        calls.append(1)
        if len(calls) <= 2:
            raise error()
        return "done"

    assert store._retrying(conflicts_twice) == "done"
    assert len(waits) == 2 and 0 <= waits[0] < 0.01 and 0 <= waits[1] < 0.02
    calls.clear()
    waits.clear()

    def always() -> str:
        calls.append(1)
        raise error()

    with pytest.raises(error):
        store._retrying(always)
    assert len(calls) == 4 and len(waits) == 3 and max(waits) < 0.03

    def not_a_conflict() -> str:
        calls.append(1)
        raise pg_errors.UndefinedTable()

    calls.clear()
    with pytest.raises(pg_errors.UndefinedTable):
        store._retrying(not_a_conflict)
    assert len(calls) == 1


def test_jitter_spreads_the_waits() -> None:
    backoff = Backoff(attempts=6, base_s=0.01, cap_s=1.0)
    waits = {round(backoff.delay(3), 6) for _ in range(50)}
    assert len(waits) > 10 and max(waits) < 0.08
