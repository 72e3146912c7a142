"""Retention: policy validation and purges driven by an injected clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.clock import ManualClock
from service.errors import ConfigurationError, NotFound
from service.review import counters as ctr
from service.review.cases import CaseStatus, Decision
from service.review.retention import RetentionPolicy
from service.review.sqlite_store import SqliteCaseStore
from tests.review.conftest import Backend
from tests.review.helpers import LEASE, T0, make_flag, scan
from tests.review.test_store_contract import ALL_DAYS, totals


@pytest.mark.parametrize(
    "kwargs",
    [
        {"confirmed_days": 366},
        {"reported_days": 400},
        {"unreviewed_days": 0},
        {"unreviewed_days": -5},
        {"confirmed_days": 30.5},
        {"reported_days": True},
    ],
)
def test_policy_refuses_out_of_range_periods(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        RetentionPolicy(**kwargs)  # type: ignore[arg-type]


def test_policy_defaults_and_limits() -> None:
    policy = RetentionPolicy()
    assert (policy.unreviewed_days, policy.confirmed_days, policy.reported_days) == (30, 90, 90)
    assert RetentionPolicy(1, 365, 365).confirmed == timedelta(days=365)


def test_confirmed_case_is_kept_89_days_and_gone_at_91(backend: Backend) -> None:
    clock = ManualClock(T0)
    store = backend.make(retention=RetentionPolicy(confirmed_days=90))
    flag = make_flag(
        conversation="conv-ret-7f3a",
        suspect="suspect-ret-91b2",
        partner="partner-ret-c4d5",
        indicators=[("flattery", ["msg-ret-0001", "msg-ret-0002"])],
    )
    case = store.record_flag(flag, clock.now())
    store.claim(case.case_id, "rev-1", LEASE, clock.now())
    store.decide(case.case_id, Decision.CONFIRMED, "rev-1", "reviewed", clock.now())  # day 0

    clock.advance(timedelta(days=89))
    assert store.purge_expired(clock.now()) == 0
    assert store.get_case(case.case_id).status is CaseStatus.CONFIRMED

    clock.advance(timedelta(days=2))  # day 91
    assert store.purge_expired(clock.now()) == 1
    with pytest.raises(NotFound):
        store.get_case(case.case_id)
    counts = totals(store)
    assert counts[ctr.EXPIRED] == 1 == counts[ctr.EXPIRED_DECIDED]
    assert ctr.EXPIRED_UNREVIEWED not in counts
    events, _ = store.list_audit(subject_ref=case.subject_ref)
    assert events[-1].action == "case.expired" and events[-1].details["from"] == "confirmed"
    purges = [e for e in store.list_audit()[0] if e.action == "retention.purge"]
    assert [e.details["count"] for e in purges] == ["0", "1"]

    needles = {
        case.case_id,
        flag.conversation_id,
        flag.suspected_participant_id,
        flag.partner_participant_id,
        "msg-ret-0001",
        "msg-ret-0002",
    }
    if backend.name == "sqlite":  # PostgreSQL makes no byte-level promise (postgres_store.py)
        assert scan(backend.files(), needles) == set()


def test_unreviewed_cases_expire_and_new_flags_restart_the_clock(backend: Backend) -> None:
    store = backend.make()
    stale = store.record_flag(make_flag(conversation="stale"), T0)
    active = store.record_flag(make_flag(conversation="active"), T0)
    claimed = store.record_flag(make_flag(conversation="claimed"), T0)
    store.record_flag(make_flag(conversation="active"), T0 + timedelta(days=20))
    store.claim(claimed.case_id, "rev-1", timedelta(hours=24), T0 + timedelta(days=29, hours=23))
    assert store.purge_expired(T0 + timedelta(days=30)) == 2  # a live lease does not stop retention
    assert store.get_case(active.case_id).status is CaseStatus.OPEN
    for gone in (stale, claimed):
        with pytest.raises(NotFound):
            store.get_case(gone.case_id)
    assert store.purge_expired(T0 + timedelta(days=50)) == 1
    counts = ctr.totals(store.counter_rows(*ALL_DAYS))
    assert counts[ctr.EXPIRED] == 3 == counts[ctr.EXPIRED_UNREVIEWED]


def test_purge_erases_many_cases_from_the_sqlite_files(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    clock = ManualClock(T0)
    store = SqliteCaseStore(tmp_path / "review.sqlite3", recipients=["ncmec"])
    try:
        doomed, kept = [], []
        for i in range(600):  # enough rows for multi-level b-trees and page splits
            flag = make_flag(
                conversation=f"conv-{i:04d}-zq",
                suspect=f"sus-{i:04d}-zq",
                partner=f"par-{i:04d}-zq",
                indicators=[("flattery", [f"msg-{i:04d}-zq"])],
            )
            case = store.record_flag(flag, clock.now())
            if i % 3 == 0:
                store.claim(case.case_id, "rev", LEASE, clock.now())
                store.decide(case.case_id, Decision.CONFIRMED, "rev", "ok", clock.now())
                kept.append(case)
            else:
                doomed.append(case)
        clock.advance(timedelta(days=31))
        assert store.purge_expired(clock.now()) == len(doomed)
        doomed_ids = {
            value
            for case in doomed
            for value in (
                case.case_id,
                case.conversation_id,
                case.suspected_participant_id,
                case.partner_participant_id,
                *case.message_ids,
            )
        }
        assert scan(store.files(), doomed_ids) == set()
        sample = {kept[0].conversation_id, kept[-1].case_id}
        assert scan(store.files(), sample) == sample  # the scan does see live data
    finally:
        store.close()
