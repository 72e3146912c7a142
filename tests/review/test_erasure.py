"""No content at rest: deleted cases leave no bytes behind, and no API accepts prose."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from service.errors import InvalidInput
from service.review.cases import Decision, Flag, IndicatorHit
from service.review.complaints import Resolution
from service.review.sql_store import SqlCaseStore
from service.review.sqlite_store import SqliteCaseStore
from tests.review.helpers import LEASE, MODEL, T0, THRESHOLD, make_flag, scan

# What a grooming message might say. It must never be accepted anywhere.
MESSAGE_TEXT = "you are so mature for your age, delete this chat"


def case_ids_of(flag: Flag, case_id: str) -> set[str]:
    return {
        case_id,
        flag.conversation_id,
        flag.suspected_participant_id,
        flag.partner_participant_id,
        *(mid for hit in flag.indicators for mid in hit.message_ids),
    }


def canary_flag(tag: str) -> Flag:
    return make_flag(
        conversation=f"CANARY-conv-{tag}",
        suspect=f"CANARY-suspect-{tag}",
        partner=f"CANARY-partner-{tag}",
        indicators=[
            ("flattery", [f"CANARY-msg-{tag}-1", f"CANARY-msg-{tag}-2"]),
            ("secrecy", [f"CANARY-msg-{tag}-3"]),
        ],
    )


def test_dismissal_erases_every_id_of_the_case(sqlite_store: SqliteCaseStore) -> None:
    store = sqlite_store
    for i in range(300):  # neighbours, so the case shares pages with live rows
        store.record_flag(make_flag(conversation=f"bg-{i}", indicators=[("x", [f"bgm-{i}"])]), T0)
    flag = canary_flag("dismiss")
    case = store.record_flag(flag, T0)
    # several row versions: merges, claims, a release, a renewal
    store.record_flag(
        make_flag(
            conversation=flag.conversation_id,
            suspect=flag.suspected_participant_id,
            partner=flag.partner_participant_id,
            indicators=[("secrecy", ["CANARY-msg-dismiss-4"])],
        ),
        T0,
    )
    store.claim(case.case_id, "rev-1", LEASE, T0)
    store.release(case.case_id, "rev-1", T0)
    store.claim(case.case_id, "rev-2", LEASE, T0)
    store.claim(case.case_id, "rev-2", LEASE, T0 + timedelta(minutes=1))
    needles = case_ids_of(flag, case.case_id) | {"CANARY-msg-dismiss-4"}
    assert scan(store.files(), needles) == needles  # present before ...
    assert store.decide(case.case_id, Decision.DISMISSED, "rev-2", "fp", T0) is None
    assert scan(store.files(), needles) == set()  # ... gone after
    assert scan(store.files(), {"bg-17", "bgm-250"}) == {"bg-17", "bgm-250"}


def _prose_attempts(store: SqlCaseStore, case_id: str) -> list[Callable[[], object]]:
    text = MESSAGE_TEXT
    now = T0 + timedelta(minutes=1)
    return [
        lambda: store.record_flag(make_flag(conversation=text), now),
        lambda: store.record_flag(make_flag(indicators=[(text, ["m"])]), now),
        lambda: store.record_flag(make_flag(indicators=[("flattery", [text])]), now),
        lambda: store.record_flag(make_flag(model=text), now),
        lambda: store.claim(case_id, text, LEASE, now),
        lambda: store.claim(case_id, "rev-1", LEASE, now, reason_code=text),
        lambda: store.release(case_id, "rev-1", now, reason_code=text),
        lambda: store.decide(case_id, Decision.CONFIRMED, "rev-1", text, now),
        lambda: store.report(case_id, "rev-1", text, "sent", now),
        lambda: store.report(case_id, "rev-1", "ncmec", text, now),
        lambda: store.file_complaint(case_id=text, channel="in_app", reason_code="x", now=now),
        lambda: store.file_complaint(case_id=case_id, channel=text, reason_code="x", now=now),
        lambda: store.file_complaint(case_id=case_id, channel="in_app", reason_code=text, now=now),
        lambda: store.file_complaint(account_ref=text, channel="in_app", reason_code="x", now=now),
        lambda: store.append_audit(
            "svc", "auth.failed", subject_ref="", reason_code="x", details={"note": text}, now=now
        ),
        lambda: store.append_audit(
            "svc", "auth.failed", subject_ref="", reason_code=text, details={}, now=now
        ),
        lambda: store.record_scoring(
            text, THRESHOLD, conversations=1, messages=1, not_scanned={}, now=now
        ),
        lambda: store.record_scoring(
            MODEL, THRESHOLD, conversations=1, messages=1, not_scanned={text: 1}, now=now
        ),
    ]


def test_no_api_accepts_message_text_and_ids_do_not_outlive_their_case(
    sqlite_store: SqliteCaseStore,
) -> None:
    store = sqlite_store
    flags = {tag: canary_flag(tag) for tag in ("confirmed", "reported", "open", "dismissed")}
    cases = {tag: store.record_flag(flag, T0) for tag, flag in flags.items()}

    for attempt in _prose_attempts(store, cases["open"].case_id):
        with pytest.raises(InvalidInput) as err:
            attempt()
        assert MESSAGE_TEXT not in str(err.value)  # errors never echo content

    for tag in ("confirmed", "reported", "dismissed"):
        store.claim(cases[tag].case_id, "rev-1", LEASE, T0)
    store.decide(cases["confirmed"].case_id, Decision.CONFIRMED, "rev-1", "grooming", T0)
    store.decide(cases["reported"].case_id, Decision.CONFIRMED, "rev-1", "grooming", T0)
    store.report(cases["reported"].case_id, "rev-2", "ncmec", "sent", T0)
    store.decide(cases["dismissed"].case_id, Decision.DISMISSED, "rev-1", "fp", T0)
    complaint = store.file_complaint(
        case_id=cases["reported"].case_id, channel="in_app", reason_code="appeal", now=T0
    )
    store.file_complaint(account_ref="CANARY-account-1", channel="email", reason_code="x", now=T0)
    store.resolve_complaint(complaint.complaint_id, Resolution.REJECTED, "rev-3", "valid", T0)
    store.record_scoring(MODEL, THRESHOLD, conversations=4, messages=9, not_scanned={}, now=T0)

    assert scan(store.files(), [MESSAGE_TEXT, "CANARY-account-1"]) == set()
    assert scan(store.files(), case_ids_of(flags["dismissed"], cases["dismissed"].case_id)) == set()
    assert store.purge_expired(T0 + timedelta(days=365)) == 3
    every_id = set().union(*(case_ids_of(flags[t], cases[t].case_id) for t in flags))
    assert scan(store.files(), every_id) == set()
    # Reviewer ids stay in the audit log and complaints by design.
    assert scan(store.files(), {"rev-1", "rev-3"}) == {"rev-1", "rev-3"}


def test_files_are_private(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "data" / "review.sqlite3")
    try:
        assert (store.path.stat().st_mode & 0o777) == 0o600
        assert (store.path.parent.stat().st_mode & 0o777) == 0o700
    finally:
        store.close()


def test_indicator_hits_are_ids_only() -> None:
    with pytest.raises(InvalidInput):
        IndicatorHit("flattery", (MESSAGE_TEXT,))
