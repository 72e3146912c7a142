"""The case state machine as pure functions, and input validation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.errors import ConcurrentModification, IllegalTransition, InvalidInput
from service.review.cases import (
    TRANSITIONS,
    Case,
    CaseStatus,
    Decision,
    IndicatorHit,
    check_transition,
    claim_case,
    decide_case,
    expire_case,
    merge_flag,
    merge_indicators,
    open_case,
    release_case,
    report_case,
)
from service.review.retention import RetentionPolicy
from service.review.validation import require_code, require_id
from tests.review.helpers import LEASE, RECIPIENTS, T0, make_flag

POLICY = RetentionPolicy()
HOLDER, OTHER = "rev-holder", "rev-other"
NOW = T0 + timedelta(minutes=5)
ACTIONS = ("claim_self", "claim_other", "release", "confirm", "dismiss", "report", "expire")

# Expected outcome of each action from each status: a status (success) or an error class.
# IN_REVIEW means "held by HOLDER with a live lease"; every action is taken by HOLDER
# except claim_other.
IL, CM = IllegalTransition, ConcurrentModification
EXPECTED: dict[CaseStatus, dict[str, CaseStatus | type[Exception]]] = {
    CaseStatus.OPEN: {
        "claim_self": CaseStatus.IN_REVIEW,
        "claim_other": CaseStatus.IN_REVIEW,
        "release": IL,
        "confirm": IL,
        "dismiss": IL,
        "report": IL,
        "expire": CaseStatus.EXPIRED,
    },
    CaseStatus.IN_REVIEW: {
        "claim_self": CaseStatus.IN_REVIEW,
        "claim_other": CM,
        "release": CaseStatus.OPEN,
        "confirm": CaseStatus.CONFIRMED,
        "dismiss": CaseStatus.DISMISSED,
        "report": IL,
        "expire": CaseStatus.EXPIRED,
    },
    CaseStatus.CONFIRMED: {
        "claim_self": IL,
        "claim_other": IL,
        "release": IL,
        "confirm": IL,
        "dismiss": IL,
        "report": CaseStatus.REPORTED,
        "expire": CaseStatus.EXPIRED,
    },
    CaseStatus.REPORTED: {**dict.fromkeys(ACTIONS[:-1], IL), "expire": CaseStatus.EXPIRED},
    CaseStatus.DISMISSED: {**dict.fromkeys(ACTIONS, IL)},
    CaseStatus.EXPIRED: {**dict.fromkeys(ACTIONS, IL)},
}


def case_in(status: CaseStatus) -> Case:
    case = open_case(make_flag(), "case-1", "0123456789abcdef", T0, POLICY)
    if status is CaseStatus.OPEN:
        return case
    claimed = claim_case(case, HOLDER, LEASE, T0)
    if status is CaseStatus.IN_REVIEW:
        return claimed
    if status is CaseStatus.CONFIRMED:
        return decide_case(
            claimed,
            Decision.CONFIRMED,
            reviewer_id=HOLDER,
            reason_code="ok",
            now=T0,
            policy=POLICY,
        )
    if status is CaseStatus.REPORTED:
        return replace(case_in(CaseStatus.CONFIRMED), status=CaseStatus.REPORTED)
    return replace(case, status=status)


def apply(action: str, case: Case) -> Case:
    if action == "claim_self":
        return claim_case(case, HOLDER, LEASE, NOW)
    if action == "claim_other":
        return claim_case(case, OTHER, LEASE, NOW)
    if action == "release":
        return release_case(case, HOLDER, NOW)
    if action in ("confirm", "dismiss"):
        decision = Decision.CONFIRMED if action == "confirm" else Decision.DISMISSED
        return decide_case(
            case, decision, reviewer_id=HOLDER, reason_code="reviewed", now=NOW, policy=POLICY
        )
    if action == "report":
        return report_case(
            case,
            reviewer_id=HOLDER,
            recipient=RECIPIENTS[0],
            reason_code="sent",
            now=NOW,
            policy=POLICY,
            recipients=frozenset(RECIPIENTS),
        )
    assert action == "expire"
    return expire_case(case, NOW)


@pytest.mark.parametrize("status", list(CaseStatus))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_status_action_pair(status: CaseStatus, action: str) -> None:
    expected = EXPECTED[status][action]
    case = case_in(status)
    if isinstance(expected, CaseStatus):
        after = apply(action, case)
        assert after.status is expected
        assert after.updated_at == NOW
        check_transition(status, expected)  # the table agrees with the functions
    else:
        with pytest.raises(expected):
            apply(action, case)


def test_transition_table_is_exactly_what_the_functions_allow() -> None:
    allowed = {
        (status, outcome)
        for status, row in EXPECTED.items()
        for outcome in row.values()
        if isinstance(outcome, CaseStatus)
    }
    table = {(src, dst) for src, targets in TRANSITIONS.items() for dst in targets}
    assert allowed == table
    for src in CaseStatus:
        for dst in CaseStatus:
            if (src, dst) not in table:
                with pytest.raises(IllegalTransition):
                    check_transition(src, dst)


def test_lease_renewal_takeover_and_lapse() -> None:
    claimed = claim_case(case_in(CaseStatus.OPEN), HOLDER, LEASE, T0)
    renewed = claim_case(claimed, HOLDER, LEASE, T0 + timedelta(minutes=10))
    assert renewed.lease_expires_at == T0 + timedelta(minutes=25)
    after_lapse = T0 + LEASE + timedelta(seconds=1)
    with pytest.raises(ConcurrentModification):  # holder's own lease ran out
        decide_case(
            claimed,
            Decision.CONFIRMED,
            reviewer_id=HOLDER,
            reason_code="x",
            now=after_lapse,
            policy=POLICY,
        )
    taken = claim_case(claimed, OTHER, LEASE, after_lapse)
    assert taken.claimed_by == OTHER
    with pytest.raises(ConcurrentModification):
        release_case(taken, HOLDER, after_lapse)
    with pytest.raises(ConcurrentModification):  # exactly at expiry the lease is gone
        release_case(claimed, HOLDER, T0 + LEASE)


def test_retention_is_set_on_open_decision_and_report() -> None:
    opened = case_in(CaseStatus.OPEN)
    assert opened.expires_at == T0 + timedelta(days=30)
    confirmed = decide_case(
        claim_case(opened, HOLDER, LEASE, NOW),
        Decision.CONFIRMED,
        reviewer_id=HOLDER,
        reason_code="ok",
        now=NOW,
        policy=POLICY,
    )
    assert confirmed.expires_at == NOW + timedelta(days=90)
    later = NOW + timedelta(days=3)
    reported = report_case(
        confirmed,
        reviewer_id=OTHER,
        recipient="ncmec",
        reason_code="sent",
        now=later,
        policy=POLICY,
        recipients=frozenset(RECIPIENTS),
    )
    assert reported.expires_at == later + timedelta(days=90)


def test_report_to_unlisted_recipient_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as err:
        report_case(
            case_in(CaseStatus.CONFIRMED),
            reviewer_id=HOLDER,
            recipient="someone-else",
            reason_code="sent",
            now=NOW,
            policy=POLICY,
            recipients=frozenset(RECIPIENTS),
        )
    assert err.value.field == "recipient"


def test_merge_flag_unions_indicators_and_takes_latest_score() -> None:
    case = case_in(CaseStatus.OPEN)
    later = T0 + timedelta(days=10)
    flag = make_flag(
        indicators=[("flattery", ["m-2", "m-9"]), ("secrecy", ["m-5"])],
        score=0.97,
        model="lr-2025.06",
        threshold=0.75,
    )
    merged = merge_flag(case, flag, later, POLICY)
    assert merged.indicators == (
        IndicatorHit("flattery", ("m-1", "m-2", "m-9")),
        IndicatorHit("secrecy", ("m-5",)),
    )
    assert (merged.score, merged.model_version, merged.threshold) == (0.97, "lr-2025.06", 0.75)
    assert merged.technology == case.technology  # statistics stay with the opening technology
    assert merged.expires_at == later + timedelta(days=30)
    assert merged.created_at == T0 and merged.flagged_at == later
    with pytest.raises(IllegalTransition):
        merge_flag(case_in(CaseStatus.CONFIRMED), flag, later, POLICY)


def test_merge_indicators_caps_ids() -> None:
    many = [IndicatorHit("a", tuple(f"m{i}" for i in range(1000)))]
    more = [IndicatorHit("a", ("extra",))]
    (hit,) = merge_indicators(many, more)
    assert len(hit.message_ids) == 1000 and "extra" not in hit.message_ids


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("flag.conversation_id", {"conversation": ""}),
        ("flag.conversation_id", {"conversation": "x" * 257}),
        ("flag.conversation_id", {"conversation": "has space"}),
        ("flag.suspected_participant_id", {"suspect": "tab\there"}),
        ("flag.partner_participant_id", {"partner": "nl\n"}),
        ("flag.partner_participant_id", {"suspect": "same", "partner": "same"}),
        ("flag.score", {"score": float("nan")}),
        ("flag.score", {"score": 1.5}),
        ("flag.threshold", {"threshold": -0.1}),
        ("flag.model_version", {"model": "bad version"}),
        ("indicator.code", {"indicators": [("Flattery", ["m"])]}),
        ("indicator.message_ids[0]", {"indicators": [("flattery", ["\x00"])]}),
    ],
)
def test_flag_validation(field: str, kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput) as err:
        make_flag(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


@pytest.mark.parametrize(
    "code", ["", "A", "has space", "x" * 65, "trailing\n", "semi;colon", "ümlaut"]
)
def test_reason_codes_refuse_prose(code: str) -> None:
    with pytest.raises(InvalidInput):
        require_code("reason_code", code)


@given(st.text(max_size=300))
def test_id_validation_accepts_only_printable_tokens(value: str) -> None:
    ok = 0 < len(value) <= 256 and value.isprintable() and not any(c.isspace() for c in value)
    if ok:
        assert require_id("id", value) == value
    else:
        with pytest.raises(InvalidInput) as err:
            require_id("id", value)
        assert err.value.field == "id"


@given(st.text(max_size=80))
def test_code_validation_matches_the_pattern(value: str) -> None:
    import re

    if re.fullmatch(r"[a-z0-9_.-]{1,64}", value):
        assert require_code("c", value) == value
    else:
        with pytest.raises(InvalidInput):
            require_code("c", value)


def test_lease_bounds() -> None:
    case = case_in(CaseStatus.OPEN)
    for lease in (timedelta(0), timedelta(hours=25)):
        with pytest.raises(InvalidInput):
            claim_case(case, HOLDER, lease, NOW)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        claim_case(case_in(CaseStatus.OPEN), HOLDER, LEASE, NOW.replace(tzinfo=None))
