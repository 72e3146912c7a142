"""The CaseStore contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from service.errors import (
    ConcurrentModification,
    ConfigurationError,
    IllegalTransition,
    InvalidInput,
    NotFound,
)
from service.review import counters as ctr
from service.review.cases import Case, CaseStatus, Decision, Technology
from service.review.complaints import UNATTRIBUTED, ComplaintStatus, Resolution, SubjectKind
from service.review.paging import clamp_page_size, iter_all
from service.review.sql_store import SqlCaseStore
from service.review.sqlite_store import SqliteCaseStore
from service.review.store import CaseOrder, CaseStore
from tests.review.conftest import Backend
from tests.review.helpers import LEASE, MODEL, T0, THRESHOLD, make_flag
from tests.review.test_cases import ACTIONS, EXPECTED, HOLDER, OTHER

NOW = T0 + timedelta(minutes=5)
ALL_DAYS = (date(2000, 1, 1), date(2100, 1, 1))


def totals(store: SqlCaseStore) -> dict[str, int]:
    return ctr.totals(store.counter_rows(*ALL_DAYS))


def put_case_in(store: SqlCaseStore, status: CaseStatus, conversation: str) -> Case:
    case = store.record_flag(make_flag(conversation=conversation), T0)
    if status is CaseStatus.OPEN:
        return case
    if status is CaseStatus.EXPIRED:
        store.purge_expired(case.expires_at)
        return case
    claimed = store.claim(case.case_id, HOLDER, LEASE, T0)
    if status is CaseStatus.IN_REVIEW:
        return claimed
    decision = Decision.DISMISSED if status is CaseStatus.DISMISSED else Decision.CONFIRMED
    decided = store.decide(case.case_id, decision, HOLDER, "reviewed", T0)
    if status is CaseStatus.DISMISSED:
        return case
    assert decided is not None
    if status is CaseStatus.REPORTED:
        return store.report(case.case_id, HOLDER, "ncmec", "sent", T0)
    return decided


def act(store: SqlCaseStore, action: str, case: Case) -> CaseStatus:
    """Apply ``action`` through the store; return the status after it (DISMISSED/EXPIRED: gone)."""
    cid = case.case_id
    if action == "claim_self":
        return store.claim(cid, HOLDER, LEASE, NOW).status
    if action == "claim_other":
        return store.claim(cid, OTHER, LEASE, NOW).status
    if action == "release":
        return store.release(cid, HOLDER, NOW).status
    if action in ("confirm", "dismiss"):
        decision = Decision.CONFIRMED if action == "confirm" else Decision.DISMISSED
        after = store.decide(cid, decision, HOLDER, "reviewed", NOW)
        return CaseStatus.DISMISSED if after is None else after.status
    if action == "report":
        return store.report(cid, HOLDER, "eu-centre", "sent", NOW).status
    assert action == "expire"
    if store.purge_expired(case.expires_at + timedelta(days=400)) == 0:
        store.get_case(cid)  # raises NotFound for a case that was already gone
        raise AssertionError("a live case was not purged")
    return CaseStatus.EXPIRED


def test_stores_implement_the_protocol(store: SqlCaseStore) -> None:
    assert isinstance(store, CaseStore)


@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_transition_through_the_store(store: SqlCaseStore, status: CaseStatus) -> None:
    problems = []
    for index, action in enumerate(ACTIONS):
        case = put_case_in(store, status, conversation=f"conv-{status.value}-{index}")
        gone = status in (CaseStatus.DISMISSED, CaseStatus.EXPIRED)
        expected = NotFound if gone else EXPECTED[status][action]
        try:
            outcome: object = act(store, action, case)
        except Exception as err:
            outcome = type(err)
        if outcome != expected:
            problems.append(f"{status.value} --{action}--> {outcome}, expected {expected}")
        if isinstance(outcome, CaseStatus) and outcome in (
            CaseStatus.DISMISSED,
            CaseStatus.EXPIRED,
        ):
            with pytest.raises(NotFound):
                store.get_case(case.case_id)
    assert not problems, "\n".join(problems)


def test_record_flag_is_idempotent_per_conversation(store: SqlCaseStore) -> None:
    first = store.record_flag(make_flag(), T0)
    for minute in range(1, 4):
        again = store.record_flag(
            make_flag(indicators=[("secrecy", [f"m-{10 + minute}"])], score=0.9 + minute / 100),
            T0 + timedelta(minutes=minute),
        )
        assert again.case_id == first.case_id
    case = store.get_case(first.case_id)
    assert case.message_ids == {"m-1", "m-2", "m-11", "m-12", "m-13"}
    assert case.score == pytest.approx(0.93)
    assert store.count_cases()[CaseStatus.OPEN] == 1
    assert totals(store)[ctr.FLAGGED] == 1

    claimed = store.claim(first.case_id, HOLDER, LEASE, T0 + timedelta(minutes=5))
    merged = store.record_flag(make_flag(), T0 + timedelta(minutes=6))
    assert merged.case_id == first.case_id
    assert (merged.status, merged.claimed_by) == (CaseStatus.IN_REVIEW, HOLDER)
    assert merged.lease_expires_at == claimed.lease_expires_at

    other_suspect = store.record_flag(make_flag(suspect="user-c"), T0)
    assert other_suspect.case_id != first.case_id
    other_conversation = store.record_flag(make_flag(conversation="conv-2"), T0)
    assert other_conversation.case_id != first.case_id
    assert totals(store)[ctr.FLAGGED] == 3


def test_record_flags_is_record_flag_for_each_in_one_transaction(store: SqlCaseStore) -> None:
    flags = [
        (make_flag(conversation="conv-b"), T0),
        (make_flag(conversation="conv-a"), T0),
        # A later flag of a conversation in the same group merges into the case the
        # earlier one opened, whatever order the store locks them in.
        (make_flag(conversation="conv-b", indicators=[("secrecy", ["m-9"])], score=0.97),
         T0 + timedelta(minutes=1)),
    ]
    cases = store.record_flags(flags)
    assert [c.conversation_id for c in cases] == ["conv-b", "conv-a", "conv-b"]
    assert cases[0].case_id == cases[2].case_id != cases[1].case_id
    merged = store.get_case(cases[0].case_id)
    assert merged.message_ids == {"m-1", "m-2", "m-9"} and merged.score == pytest.approx(0.97)
    assert store.count_cases()[CaseStatus.OPEN] == 2
    assert totals(store)[ctr.FLAGGED] == 2

    # All or nothing: a bad flag in a group records none of it.
    with pytest.raises(InvalidInput):
        store.record_flags([(make_flag(conversation="conv-c"), T0), ("not a flag", T0)])  # type: ignore[list-item]
    assert store.count_cases()[CaseStatus.OPEN] == 2


def test_flag_after_a_decision_opens_a_new_case(store: SqlCaseStore) -> None:
    case = store.record_flag(make_flag(), T0)
    store.claim(case.case_id, HOLDER, LEASE, T0)
    store.decide(case.case_id, Decision.CONFIRMED, HOLDER, "reviewed", T0)
    new = store.record_flag(make_flag(), T0 + timedelta(hours=1))
    assert new.case_id != case.case_id and new.status is CaseStatus.OPEN
    assert store.get_case(case.case_id).status is CaseStatus.CONFIRMED

    store.claim(new.case_id, HOLDER, LEASE, T0 + timedelta(hours=1))
    assert (
        store.decide(new.case_id, Decision.DISMISSED, HOLDER, "fp", T0 + timedelta(hours=1)) is None
    )
    third = store.record_flag(make_flag(), T0 + timedelta(hours=2))
    assert third.case_id not in (case.case_id, new.case_id)


def test_get_and_list_cases(store: SqlCaseStore) -> None:
    with pytest.raises(NotFound):
        store.get_case("no-such-case")
    ids = [
        store.record_flag(
            make_flag(conversation=f"conv-{i}"), T0 + timedelta(minutes=i % 3)
        ).case_id
        for i in range(7)
    ]
    store.claim(ids[0], HOLDER, LEASE, NOW)
    page, token = store.list_cases(page_size=3)
    seen = [c.case_id for c in page]
    while token:
        page, token = store.list_cases(page_size=3, page_token=token)
        assert len(page) <= 3
        seen += [c.case_id for c in page]
    expected = sorted(ids, key=lambda cid: (store.get_case(cid).created_at, cid))
    assert seen == expected
    assert [c.case_id for c in iter_all(lambda t: store.list_cases(page_size=2, page_token=t))] == (
        expected
    )
    in_review, token = store.list_cases(CaseStatus.IN_REVIEW)
    assert [c.case_id for c in in_review] == [ids[0]] and token == ""
    _, token = store.list_cases(CaseStatus.OPEN, page_size=2)
    with pytest.raises(InvalidInput, match="different filter"):
        store.list_cases(CaseStatus.CONFIRMED, page_token=token)
    for bad in ("!!!", "bm90IGpzb24", "WyJjYXNlcyIsIiIsWzFdXQ"):
        with pytest.raises(InvalidInput):
            store.list_cases(page_token=bad)
    with pytest.raises(InvalidInput):
        store.list_cases(page_size=-1)
    assert (clamp_page_size(0), clamp_page_size(1), clamp_page_size(10_000)) == (50, 1, 500)


def test_queue_order_and_filters(store: SqlCaseStore) -> None:
    """The review queue: soonest expiry, then highest score, then id; filters by model
    version and age; keyset pages that never skip or repeat a case."""
    opened = [
        store.record_flag(make_flag(conversation=f"q-{i}", score=0.5 + (i % 4) / 10,
                                    model=MODEL if i % 3 else "other-1"),
                          T0 + timedelta(minutes=i % 2))
        for i in range(11)
    ]
    store.claim(opened[4].case_id, HOLDER, LEASE, NOW)
    store.decide(opened[4].case_id, Decision.CONFIRMED, HOLDER, "reviewed", NOW)

    def walk(**kw: object) -> list[str]:
        return [c.case_id for c in iter_all(lambda t: store.list_cases(
            page_size=3, page_token=t, order=CaseOrder.EXPIRY_THEN_SCORE, **kw))]  # type: ignore[arg-type]

    cases = [store.get_case(c.case_id) for c in opened]
    expected = [c.case_id for c in sorted(cases, key=lambda c: (c.expires_at, -c.score,
                                                                c.case_id))]
    assert walk() == expected
    assert walk(status=CaseStatus.OPEN) == [i for i in expected if i != opened[4].case_id]
    assert walk(model_version="other-1") == [
        i for i in expected if store.get_case(i).model_version == "other-1"]
    assert walk(created_before=T0 + timedelta(seconds=30)) == [
        c.case_id for c in sorted(cases, key=lambda c: (c.expires_at, -c.score, c.case_id))
        if c.created_at < T0 + timedelta(seconds=30)]
    _, token = store.list_cases(page_size=2, order=CaseOrder.EXPIRY_THEN_SCORE)
    with pytest.raises(InvalidInput, match="different filter"):
        store.list_cases(page_size=2, page_token=token)
    with pytest.raises(InvalidInput, match="different filter"):
        store.list_cases(page_size=2, page_token=token, order=CaseOrder.EXPIRY_THEN_SCORE,
                         model_version=MODEL)


def test_lease_expiry_and_takeover(store: SqlCaseStore) -> None:
    case = store.record_flag(make_flag(), T0)
    store.claim(case.case_id, HOLDER, LEASE, T0)
    with pytest.raises(ConcurrentModification):
        store.claim(case.case_id, OTHER, LEASE, T0 + LEASE - timedelta(seconds=1))
    renewed = store.claim(case.case_id, HOLDER, LEASE, T0 + timedelta(minutes=10))
    assert renewed.lease_expires_at == T0 + timedelta(minutes=25)
    lapsed = T0 + timedelta(minutes=26)
    with pytest.raises(ConcurrentModification):
        store.decide(case.case_id, Decision.CONFIRMED, HOLDER, "reviewed", lapsed)
    taken = store.claim(case.case_id, OTHER, LEASE, lapsed)
    assert taken.claimed_by == OTHER
    with pytest.raises(ConcurrentModification):
        store.decide(case.case_id, Decision.DISMISSED, HOLDER, "reviewed", lapsed)
    with pytest.raises(ConcurrentModification):
        store.release(case.case_id, HOLDER, lapsed)
    confirmed = store.decide(case.case_id, Decision.CONFIRMED, OTHER, "reviewed", lapsed)
    assert confirmed is not None and confirmed.decided_by == OTHER
    events, _ = store.list_audit(subject_ref=case.subject_ref)
    claims = [e for e in events if e.action == "case.claimed"]
    assert [e.details["takeover"] for e in claims] == ["0", "0", "1"]
    assert [e.actor for e in claims] == [HOLDER, HOLDER, OTHER]


def _race_to_claim(
    store: SqlCaseStore,
    case_id: str,
    reviewer: str,
    barrier: threading.Barrier,
    outcomes: dict[str, str],
) -> None:
    barrier.wait()
    try:
        store.claim(case_id, reviewer, LEASE, NOW)
        outcomes[reviewer] = "won"
    except ConcurrentModification:
        outcomes[reviewer] = "lost"


def test_concurrent_claims_have_exactly_one_winner(store: SqlCaseStore) -> None:
    for round_ in range(8):
        case = store.record_flag(make_flag(conversation=f"race-{round_}"), T0)
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}
        threads = [
            threading.Thread(
                target=_race_to_claim, args=(store, case.case_id, r, barrier, outcomes)
            )
            for r in ("rev-1", "rev-2")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes.values()) == ["lost", "won"], outcomes
        winner = next(r for r, o in outcomes.items() if o == "won")
        assert store.get_case(case.case_id).claimed_by == winner


def test_concurrent_flags_for_one_conversation_open_one_case(store: SqlCaseStore) -> None:
    barrier = threading.Barrier(4)
    ids: list[str] = []

    def flag(n: int) -> None:
        barrier.wait()
        ids.append(store.record_flag(make_flag(indicators=[("flattery", [f"m-{n}"])]), T0).case_id)

    threads = [threading.Thread(target=flag, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(ids) == 4 and len(set(ids)) == 1
    assert store.get_case(ids[0]).message_ids == {"m-0", "m-1", "m-2", "m-3"}
    assert totals(store)[ctr.FLAGGED] == 1


def test_report_checks_recipient_and_status(store: SqlCaseStore) -> None:
    case = store.record_flag(make_flag(), T0)
    with pytest.raises(IllegalTransition):
        store.report(case.case_id, HOLDER, "ncmec", "sent", NOW)
    store.claim(case.case_id, HOLDER, LEASE, NOW)
    store.decide(case.case_id, Decision.CONFIRMED, HOLDER, "reviewed", NOW)
    with pytest.raises(InvalidInput) as err:
        store.report(case.case_id, HOLDER, "unlisted-org", "sent", NOW)
    assert err.value.field == "recipient"
    reported = store.report(case.case_id, OTHER, "ncmec", "sent", NOW + timedelta(days=1))
    assert (reported.reported_to, reported.reported_by) == ("ncmec", OTHER)
    assert reported.expires_at == NOW + timedelta(days=91)
    with pytest.raises(IllegalTransition):
        store.report(case.case_id, OTHER, "eu-centre", "sent", NOW + timedelta(days=1))
    counts = totals(store)
    assert counts[ctr.REPORTED] == 1 and counts[ctr.reported_to_name("ncmec")] == 1


def test_dismissal_deletes_and_counts(store: SqlCaseStore) -> None:
    case = store.record_flag(make_flag(), T0)
    store.claim(case.case_id, HOLDER, LEASE, T0 + timedelta(hours=2))
    assert (
        store.decide(case.case_id, Decision.DISMISSED, HOLDER, "fp", T0 + timedelta(hours=2))
        is None
    )
    with pytest.raises(NotFound):
        store.get_case(case.case_id)
    assert store.list_cases() == ([], "")
    counts = totals(store)
    assert counts[ctr.DISMISSED] == 1 and counts[ctr.DECISION_COUNT] == 1
    assert counts[ctr.DECISION_SECONDS_SUM] == 7200
    assert counts[ctr.decision_bucket(7200)] == 1 == counts["decision_time.le_4h"]
    actions = [e.action for e in store.list_audit(subject_ref=case.subject_ref)[0]]
    assert actions == ["case.opened", "case.claimed", "case.dismissed"]
    with pytest.raises(InvalidInput):
        store.decide(case.case_id, "maybe", HOLDER, "fp", NOW)  # type: ignore[arg-type]


def test_complaint_lifecycle(store: SqlCaseStore) -> None:
    case = store.record_flag(make_flag(), T0)
    store.claim(case.case_id, HOLDER, LEASE, T0)
    store.decide(case.case_id, Decision.CONFIRMED, HOLDER, "reviewed", T0)
    upheld = store.file_complaint(
        case_id=case.case_id, channel="in_app", reason_code="appeal", now=NOW
    )
    assert (upheld.subject_kind, upheld.subject_ref) == (
        SubjectKind.CASE,
        store.case_ref(case.case_id),
    )
    assert (upheld.status, upheld.case_status) == (ComplaintStatus.OPEN, CaseStatus.CONFIRMED)
    assert upheld.technology == (MODEL, THRESHOLD)
    rejected = store.file_complaint(
        case_id=case.case_id, channel="email", reason_code="appeal", now=NOW
    )

    done = store.resolve_complaint(upheld.complaint_id, Resolution.UPHELD, OTHER, "error", NOW)
    assert done.status is ComplaintStatus.UPHELD and done.overturned and done.resolved_by == OTHER
    with pytest.raises(IllegalTransition):
        store.resolve_complaint(upheld.complaint_id, Resolution.REJECTED, OTHER, "again", NOW)
    done = store.resolve_complaint(rejected.complaint_id, Resolution.REJECTED, OTHER, "valid", NOW)
    assert done.status is ComplaintStatus.REJECTED and not done.overturned
    with pytest.raises(NotFound):
        store.resolve_complaint("no-such-complaint", Resolution.UPHELD, OTHER, "x", NOW)
    assert store.get_complaint(upheld.complaint_id).status is ComplaintStatus.UPHELD

    rows = store.counter_rows(*ALL_DAYS)
    per_tech = ctr.totals_by_technology(rows)[Technology(MODEL, THRESHOLD)]
    assert per_tech[ctr.COMPLAINTS_FILED] == 2
    assert per_tech[ctr.COMPLAINTS_UPHELD] == 1 == per_tech[ctr.DECISIONS_OVERTURNED]
    assert per_tech[ctr.COMPLAINTS_REJECTED] == 1
    history = [e.action for e in store.list_audit(subject_ref=case.subject_ref)[0]]
    assert history.count("complaint.filed") == 2 and history.count("complaint.resolved") == 2


def test_complaints_about_deleted_cases_and_accounts(store: SqlCaseStore) -> None:
    case = store.record_flag(make_flag(), T0)
    store.claim(case.case_id, HOLDER, LEASE, T0)
    store.decide(case.case_id, Decision.DISMISSED, HOLDER, "fp", T0)
    late = store.file_complaint(case_id=case.case_id, channel="in_app", reason_code="x", now=NOW)
    assert late.case_status is None and late.technology == UNATTRIBUTED
    resolved = store.resolve_complaint(late.complaint_id, Resolution.UPHELD, OTHER, "ok", NOW)
    assert not resolved.overturned  # nothing confirmed to overturn
    account = store.file_complaint(account_ref="acct-9", channel="email", reason_code="x", now=NOW)
    assert account.subject_kind is SubjectKind.ACCOUNT
    assert account.subject_ref == store.account_ref("acct-9") != store.case_ref("acct-9")
    for kwargs in ({}, {"case_id": "c", "account_ref": "a"}):
        with pytest.raises(InvalidInput):
            store.file_complaint(channel="in_app", reason_code="x", now=NOW, **kwargs)
    with pytest.raises(InvalidInput):
        store.file_complaint(case_id="c", channel="In App", reason_code="x", now=NOW)


def test_upheld_complaint_counts_against_a_decision_that_has_since_expired(
    store: SqlCaseStore,
) -> None:
    case = put_case_in(store, CaseStatus.REPORTED, "conv-x")
    complaint = store.file_complaint(
        case_id=case.case_id, channel="in_app", reason_code="x", now=NOW
    )
    assert store.purge_expired(T0 + timedelta(days=200)) == 1
    resolved = store.resolve_complaint(complaint.complaint_id, Resolution.UPHELD, OTHER, "ok", NOW)
    assert resolved.overturned
    assert totals(store)[ctr.DECISIONS_OVERTURNED] == 1


def test_list_complaints(store: SqlCaseStore) -> None:
    made = [
        store.file_complaint(
            account_ref=f"acct-{i}", channel="in_app", reason_code="x", now=T0 + timedelta(hours=i)
        )
        for i in range(5)
    ]
    store.resolve_complaint(made[1].complaint_id, Resolution.REJECTED, OTHER, "no", NOW)
    seen = list(iter_all(lambda t: store.list_complaints(page_size=2, page_token=t)))
    assert [c.complaint_id for c in seen] == [c.complaint_id for c in made]
    still_open, _ = store.list_complaints(ComplaintStatus.OPEN)
    assert len(still_open) == 4
    rejected, _ = store.list_complaints(ComplaintStatus.REJECTED)
    assert [c.complaint_id for c in rejected] == [made[1].complaint_id]


def test_scoring_counters_accumulate_and_survive_restarts(backend: Backend) -> None:
    store = backend.make()
    store.record_scoring(
        MODEL,
        THRESHOLD,
        conversations=3,
        messages=40,
        not_scanned={"professional_secrecy": 1},
        now=T0,
    )
    store.record_scoring(
        MODEL,
        THRESHOLD,
        conversations=2,
        messages=10,
        not_scanned={"professional_secrecy": 2, "no_likely_minor": 5},
        now=NOW,
    )
    store.record_scoring(MODEL, THRESHOLD, conversations=0, messages=0, not_scanned={}, now=NOW)
    ref = store.case_ref("some-case")
    store.close()
    reopened = backend.make()
    reopened.purge_expired(T0 + timedelta(days=1000))
    counts = totals(reopened)
    assert counts[ctr.CONVERSATIONS_SCORED] == 5 and counts[ctr.MESSAGES_SCORED] == 50
    assert counts["not_scanned.professional_secrecy"] == 3
    assert counts["not_scanned.no_likely_minor"] == 5
    assert reopened.case_ref("some-case") == ref  # the keyed-hash secret persists
    for bad in ({"gossip": 1}, {"no_likely_minor": -1}):
        with pytest.raises(InvalidInput):
            reopened.record_scoring(
                MODEL, THRESHOLD, conversations=1, messages=1, not_scanned=bad, now=NOW
            )
    with pytest.raises(InvalidInput):
        reopened.record_scoring(MODEL, 2.0, conversations=1, messages=1, not_scanned={}, now=NOW)


def test_audit_listing(store: SqlCaseStore) -> None:
    for i in range(5):
        store.append_audit(
            "svc-grpc",
            "auth.failed",
            subject_ref="",
            reason_code="bad_token",
            details={"peer": f"ipv4:10.0.0.{i}"},
            now=T0 + timedelta(hours=i),
        )
    events = list(iter_all(lambda t: store.list_audit(page_size=2, page_token=t)))
    assert [e.seq for e in events] == sorted(e.seq for e in events) and len(events) == 5
    recent, _ = store.list_audit(since=T0 + timedelta(hours=3))
    assert [e.details["peer"] for e in recent] == ["ipv4:10.0.0.3", "ipv4:10.0.0.4"]
    _, token = store.list_audit(page_size=1)
    with pytest.raises(InvalidInput):
        store.list_audit(since=T0, page_token=token)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"details": {"note": "he said something"}},
        {"details": {"Bad Key": "x"}},
        {"reason_code": "Free text reason"},
        {"subject_ref": "conv-1"},
        {"actor": "two words"},
        {"action": "Case Opened"},
    ],
)
def test_append_audit_refuses_prose(store: SqlCaseStore, kwargs: dict[str, object]) -> None:
    event: dict[str, object] = {
        "actor": "svc",
        "action": "config.startup",
        "subject_ref": "",
        "reason_code": "startup",
        "details": {},
    }
    event.update(kwargs)
    with pytest.raises(InvalidInput):
        store.append_audit(now=T0, **event)  # type: ignore[arg-type]


def test_audit_is_append_only(backend: Backend) -> None:
    store = backend.make()
    store.append_audit(
        "svc", "config.startup", subject_ref="", reason_code="startup", details={}, now=T0
    )
    for sql in ("UPDATE audit SET actor = 'mallory'", "DELETE FROM audit"):
        with pytest.raises(Exception, match="append-only"):
            backend.raw(sql)
    if backend.name == "postgres":
        with pytest.raises(Exception, match="append-only"):
            backend.raw("TRUNCATE audit")
    events, _ = store.list_audit()
    assert [e.actor for e in events] == ["svc"]


def test_recipients_are_configuration(backend: Backend) -> None:
    with pytest.raises(ConfigurationError):
        backend.make(recipients=["two words"])
    assert backend.make(recipients=["ncmec"]).recipients == frozenset({"ncmec"})


def test_sqlite_store_in_a_data_directory(tmp_path: Path) -> None:
    store = SqliteCaseStore.in_directory(tmp_path / "data")
    try:
        assert store.path == tmp_path / "data" / "review.sqlite3"
        store.record_flag(make_flag(), T0)
        mode = store._connection().execute("PRAGMA journal_mode").fetchone()
        assert mode is not None and mode[0] == "wal"
        secure = store._connection().execute("PRAGMA secure_delete").fetchone()
        assert secure is not None and secure[0] == 1
        sync = store._connection().execute("PRAGMA synchronous").fetchone()
        assert sync is not None and sync[0] == 2  # FULL
    finally:
        store.close()


def test_unreachable_postgres_is_a_configuration_error() -> None:
    pytest.importorskip("psycopg")
    from service.review.postgres_store import PostgresCaseStore

    with pytest.raises(ConfigurationError):
        PostgresCaseStore("host=127.0.0.1 port=1 user=nobody dbname=none connect_timeout=2")


def test_backlog_counts_statuses_and_dates_the_oldest_unreviewed_case(
    store: SqlCaseStore,
) -> None:
    empty = store.backlog()
    assert empty.cases == dict.fromkeys(CaseStatus, 0)
    assert empty.oldest_unreviewed_at is None
    assert empty.oldest_unreviewed_age_s(T0) == 0.0

    # The oldest case is reviewed, so it does not count; the in-review one does.
    put_case_in(store, CaseStatus.CONFIRMED, conversation="conv-old-confirmed")
    in_review = store.record_flag(make_flag(conversation="conv-in-review"),
                                  T0 + timedelta(hours=1))
    store.claim(in_review.case_id, HOLDER, LEASE, T0 + timedelta(hours=1))
    store.record_flag(make_flag(conversation="conv-open-1"), T0 + timedelta(hours=2))
    store.record_flag(make_flag(conversation="conv-open-2"), T0 + timedelta(hours=2))

    backlog = store.backlog()
    assert backlog.cases == {**dict.fromkeys(CaseStatus, 0), CaseStatus.OPEN: 2,
                             CaseStatus.IN_REVIEW: 1, CaseStatus.CONFIRMED: 1}
    assert backlog.cases == store.count_cases()
    assert backlog.oldest_unreviewed_at == T0 + timedelta(hours=1)
    assert backlog.oldest_unreviewed_age_s(T0 + timedelta(hours=3)) == 7200.0
