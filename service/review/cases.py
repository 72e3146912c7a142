"""Review cases: what the scorer hands over, what a reviewer decides, and the state machine.

A flagged conversation becomes a :class:`Case`. A case holds references only --
ids, indicator codes, numbers, timestamps, reviewer ids, reason codes -- never
message text.

State machine (:data:`TRANSITIONS`)::

    OPEN ──claim──▶ IN_REVIEW ──decide──▶ CONFIRMED ──report──▶ REPORTED
      ▲               │  ▲ │ └──decide──▶ DISMISSED (deleted at once)
      └───release─────┘  └─┘ claim (renew by holder / take over an expired lease)
    OPEN, IN_REVIEW, CONFIRMED, REPORTED ──retention──▶ EXPIRED (deleted at once)

Error rules, in the order they are checked:

* malformed input (ids, codes, lease length, unlisted recipient) → ``InvalidInput``;
* the case is not in a status the action starts from → ``IllegalTransition``
  (e.g. deciding an OPEN case that nobody claimed, reporting an unconfirmed one,
  resolving anything twice);
* the case is IN_REVIEW but the caller does not hold a live lease on it →
  ``ConcurrentModification``: another reviewer holds it, or the caller's own lease
  ran out (someone may have taken over). Re-read the case and claim it again.

The functions here are pure: they take a case and ``now`` and return the new
case. The stores call them inside a locking transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from service.errors import ConcurrentModification, IllegalTransition, InvalidInput
from service.review.retention import RetentionPolicy
from service.review.validation import (
    require_code,
    require_id,
    require_token,
    require_unit_interval,
    require_utc,
)

MAX_INDICATORS = 64
"""Distinct indicator codes a case keeps."""
MAX_MESSAGE_IDS_PER_INDICATOR = 1000
"""Message ids kept per indicator code; later ones are dropped once a case holds this many."""
MIN_LEASE = timedelta(seconds=1)
MAX_LEASE = timedelta(hours=24)


class CaseStatus(StrEnum):
    """Where a case is in review."""

    OPEN = "open"
    IN_REVIEW = "in_review"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    REPORTED = "reported"
    EXPIRED = "expired"


class Decision(StrEnum):
    """A reviewer's decision on a claimed case."""

    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


ACTIVE_STATUSES: frozenset[CaseStatus] = frozenset({CaseStatus.OPEN, CaseStatus.IN_REVIEW})
"""Statuses in which new flags for the same conversation merge into the case."""

TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = MappingProxyType(
    {
        CaseStatus.OPEN: frozenset({CaseStatus.IN_REVIEW, CaseStatus.EXPIRED}),
        CaseStatus.IN_REVIEW: frozenset(
            {
                CaseStatus.IN_REVIEW,  # renew by the holder / take over an expired lease
                CaseStatus.OPEN,
                CaseStatus.CONFIRMED,
                CaseStatus.DISMISSED,
                CaseStatus.EXPIRED,
            }
        ),
        CaseStatus.CONFIRMED: frozenset({CaseStatus.REPORTED, CaseStatus.EXPIRED}),
        CaseStatus.REPORTED: frozenset({CaseStatus.EXPIRED}),
        CaseStatus.DISMISSED: frozenset(),
        CaseStatus.EXPIRED: frozenset(),
    }
)
"""Every allowed status change. DISMISSED and EXPIRED are terminal (and deleted)."""


def _next_step(current: CaseStatus, target: CaseStatus) -> str:
    """What a reviewer must do before ``current → target`` is allowed, if anything can."""
    if current is CaseStatus.OPEN and target in (CaseStatus.CONFIRMED, CaseStatus.DISMISSED):
        return "claim it first"
    if target is CaseStatus.REPORTED and current in (CaseStatus.OPEN, CaseStatus.IN_REVIEW):
        return "claim it and confirm it first" if current is CaseStatus.OPEN else (
            "confirm it first")
    if current is CaseStatus.OPEN and target is CaseStatus.OPEN:
        return "it is not claimed"
    if current in (CaseStatus.CONFIRMED, CaseStatus.REPORTED):
        return "it has already been decided"
    return "no action leaves this status"


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    """Raise :class:`IllegalTransition` unless ``current → target`` is in :data:`TRANSITIONS`.

    The message says what would make the action possible ("claim it first").
    """
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(f"case: cannot go from {current.value} to {target.value}: "
                                f"{_next_step(current, target)}")


class Technology(NamedTuple):
    """A scoring technology as the statistics see it: a model version at a threshold."""

    model_version: str
    threshold: float


@dataclass(frozen=True, slots=True)
class IndicatorHit:
    """One risk indicator and the ids of the messages that showed it (ids only)."""

    code: str
    message_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_code("indicator.code", self.code)
        if not isinstance(self.message_ids, tuple):
            raise InvalidInput("indicator.message_ids", "must be a tuple of ids")
        if len(self.message_ids) > MAX_MESSAGE_IDS_PER_INDICATOR:
            raise InvalidInput(
                "indicator.message_ids", f"at most {MAX_MESSAGE_IDS_PER_INDICATOR} ids"
            )
        for index, message_id in enumerate(self.message_ids):
            require_id(f"indicator.message_ids[{index}]", message_id)


@dataclass(frozen=True, slots=True)
class Flag:
    """What the scorer hands over when a conversation crosses the threshold."""

    conversation_id: str
    suspected_participant_id: str
    partner_participant_id: str
    indicators: tuple[IndicatorHit, ...]
    score: float
    threshold: float
    model_version: str

    def __post_init__(self) -> None:
        require_id("flag.conversation_id", self.conversation_id)
        require_id("flag.suspected_participant_id", self.suspected_participant_id)
        require_id("flag.partner_participant_id", self.partner_participant_id)
        if self.suspected_participant_id == self.partner_participant_id:
            raise InvalidInput("flag.partner_participant_id", "must differ from the suspect")
        if not isinstance(self.indicators, tuple) or not all(
            isinstance(hit, IndicatorHit) for hit in self.indicators
        ):
            raise InvalidInput("flag.indicators", "must be a tuple of IndicatorHit")
        if len({hit.code for hit in self.indicators}) > MAX_INDICATORS:
            raise InvalidInput("flag.indicators", f"at most {MAX_INDICATORS} distinct codes")
        require_unit_interval("flag.score", self.score)
        require_unit_interval("flag.threshold", self.threshold)
        require_token("flag.model_version", require_id("flag.model_version", self.model_version))

    @property
    def technology(self) -> Technology:
        """The model version and threshold that raised this flag."""
        return Technology(self.model_version, float(self.threshold))


@dataclass(frozen=True, slots=True)
class Case:
    """A flagged conversation under human review. References only, never content.

    ``score``, ``threshold`` and ``model_version`` are those of the latest flag;
    ``opened_model_version`` / ``opened_threshold`` are those of the flag that
    opened the case, and all statistics about the case are counted under them
    (so that, per technology, every flag has exactly one outcome).
    """

    case_id: str
    subject_ref: str
    """Keyed hash of ``case_id``; what the audit log and complaints refer to."""
    conversation_id: str
    suspected_participant_id: str
    partner_participant_id: str
    indicators: tuple[IndicatorHit, ...]
    score: float
    threshold: float
    model_version: str
    opened_model_version: str
    opened_threshold: float
    status: CaseStatus
    created_at: datetime
    """When the first flag opened the case; flag-to-decision time starts here."""
    flagged_at: datetime
    """When the latest flag was merged in."""
    updated_at: datetime
    expires_at: datetime
    claimed_by: str | None = None
    lease_expires_at: datetime | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason_code: str | None = None
    """Reason code of the decision."""
    reported_to: str | None = None
    reported_by: str | None = None
    reported_at: datetime | None = None
    report_reason_code: str | None = None

    @property
    def technology(self) -> Technology:
        """The technology the case is counted under (the one that opened it)."""
        return Technology(self.opened_model_version, self.opened_threshold)

    @property
    def message_ids(self) -> frozenset[str]:
        """All message ids referenced by any indicator."""
        return frozenset(mid for hit in self.indicators for mid in hit.message_ids)

    def lease_is_live(self, now: datetime) -> bool:
        """Whether someone holds an unexpired lease on this case at ``now``."""
        return (
            self.status is CaseStatus.IN_REVIEW
            and self.lease_expires_at is not None
            and require_utc(now) < self.lease_expires_at
        )


def merge_indicators(
    existing: Iterable[IndicatorHit], new: Iterable[IndicatorHit]
) -> tuple[IndicatorHit, ...]:
    """Union indicator hits per code (ids in first-seen order), sorted by code, capped."""
    merged: dict[str, dict[str, None]] = {}
    for hit in (*existing, *new):
        ids = merged.setdefault(hit.code, {})
        for message_id in hit.message_ids:
            if len(ids) >= MAX_MESSAGE_IDS_PER_INDICATOR:
                break
            ids[message_id] = None
    codes = sorted(merged)[:MAX_INDICATORS]
    return tuple(IndicatorHit(code, tuple(merged[code])) for code in codes)


def open_case(
    flag: Flag, case_id: str, subject_ref: str, now: datetime, policy: RetentionPolicy
) -> Case:
    """A new OPEN case for ``flag``; it expires after the unreviewed retention."""
    now = require_utc(now)
    return Case(
        case_id=case_id,
        subject_ref=subject_ref,
        conversation_id=flag.conversation_id,
        suspected_participant_id=flag.suspected_participant_id,
        partner_participant_id=flag.partner_participant_id,
        indicators=merge_indicators((), flag.indicators),
        score=float(flag.score),
        threshold=float(flag.threshold),
        model_version=flag.model_version,
        opened_model_version=flag.model_version,
        opened_threshold=float(flag.threshold),
        status=CaseStatus.OPEN,
        created_at=now,
        flagged_at=now,
        updated_at=now,
        expires_at=now + policy.unreviewed,
    )


def merge_flag(case: Case, flag: Flag, now: datetime, policy: RetentionPolicy) -> Case:
    """Fold a new flag into an OPEN / IN_REVIEW case (status and lease unchanged).

    Indicators and message ids are merged; score, threshold and model version
    become the latest flag's; unreviewed retention restarts from ``now``.
    """
    now = require_utc(now)
    if case.status not in ACTIVE_STATUSES:
        raise IllegalTransition(f"case: cannot merge a flag into a {case.status.value} case")
    return replace(
        case,
        indicators=merge_indicators(case.indicators, flag.indicators),
        score=float(flag.score),
        threshold=float(flag.threshold),
        model_version=flag.model_version,
        flagged_at=now,
        updated_at=now,
        expires_at=max(case.expires_at, now + policy.unreviewed),
    )


def claim_case(case: Case, reviewer_id: str, lease: timedelta, now: datetime) -> Case:
    """Claim ``case`` for review until ``now + lease``.

    OPEN → IN_REVIEW. On an IN_REVIEW case the holder renews its lease, and
    anyone may take over a lease that has expired; a live lease held by
    another reviewer raises :class:`ConcurrentModification`.
    """
    require_id("reviewer_id", reviewer_id)
    if not MIN_LEASE <= lease <= MAX_LEASE:
        raise InvalidInput("lease", f"must be between {MIN_LEASE} and {MAX_LEASE}")
    now = require_utc(now)
    check_transition(case.status, CaseStatus.IN_REVIEW)
    if case.lease_is_live(now) and case.claimed_by != reviewer_id:
        raise ConcurrentModification("case: claimed by another reviewer")
    return replace(
        case,
        status=CaseStatus.IN_REVIEW,
        claimed_by=reviewer_id,
        lease_expires_at=now + lease,
        updated_at=now,
    )


def _require_live_lease(case: Case, reviewer_id: str, now: datetime) -> None:
    if case.claimed_by != reviewer_id or not case.lease_is_live(now):
        raise ConcurrentModification("case: caller does not hold a live lease; claim it again")


def release_case(case: Case, reviewer_id: str, now: datetime) -> Case:
    """IN_REVIEW → OPEN, by the reviewer holding a live lease."""
    require_id("reviewer_id", reviewer_id)
    now = require_utc(now)
    check_transition(case.status, CaseStatus.OPEN)
    _require_live_lease(case, reviewer_id, now)
    return replace(
        case, status=CaseStatus.OPEN, claimed_by=None, lease_expires_at=None, updated_at=now
    )


def decide_case(
    case: Case,
    decision: Decision,
    *,
    reviewer_id: str,
    reason_code: str,
    now: datetime,
    policy: RetentionPolicy,
) -> Case:
    """IN_REVIEW → CONFIRMED | DISMISSED, by the reviewer holding a live lease.

    A confirmed case is kept for the confirmed retention from ``now``; a
    dismissed case is returned with status DISMISSED for the store to delete.
    """
    require_id("reviewer_id", reviewer_id)
    require_code("reason_code", reason_code)
    decision = Decision(decision)
    now = require_utc(now)
    target = CaseStatus(decision.value)
    check_transition(case.status, target)
    _require_live_lease(case, reviewer_id, now)
    return replace(
        case,
        status=target,
        claimed_by=None,
        lease_expires_at=None,
        decided_by=reviewer_id,
        decided_at=now,
        reason_code=reason_code,
        updated_at=now,
        expires_at=now + policy.confirmed if target is CaseStatus.CONFIRMED else now,
    )


def report_case(
    case: Case,
    *,
    reviewer_id: str,
    recipient: str,
    reason_code: str,
    now: datetime,
    policy: RetentionPolicy,
    recipients: frozenset[str],
) -> Case:
    """CONFIRMED → REPORTED to one of the configured ``recipients``.

    An unlisted recipient is malformed input (``InvalidInput`` on field
    ``recipient``): the list is static configuration the caller can read, so the
    request is wrong, not the system's state. No lease is needed: the case left
    review when it was confirmed.
    """
    require_id("reviewer_id", reviewer_id)
    require_id("recipient", recipient)
    require_code("reason_code", reason_code)
    if recipient not in recipients:
        raise InvalidInput("recipient", "is not a configured recipient organisation; "
                           f"allowed: {', '.join(sorted(recipients))}")
    now = require_utc(now)
    check_transition(case.status, CaseStatus.REPORTED)
    return replace(
        case,
        status=CaseStatus.REPORTED,
        reported_to=recipient,
        reported_by=reviewer_id,
        reported_at=now,
        report_reason_code=reason_code,
        updated_at=now,
        expires_at=now + policy.reported,
    )


def expire_case(case: Case, now: datetime) -> Case:
    """Any live status → EXPIRED (the store then deletes the case)."""
    now = require_utc(now)
    check_transition(case.status, CaseStatus.EXPIRED)
    return replace(
        case, status=CaseStatus.EXPIRED, claimed_by=None, lease_expires_at=None, updated_at=now
    )
