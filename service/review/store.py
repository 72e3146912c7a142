"""The case store's contract: what the gRPC layer and the housekeeping call.

:class:`CaseStore` is the interface; ``sql_store.SqlCaseStore`` implements it
once for both backends (``sqlite_store`` and ``postgres_store``). Paging lives in
``paging.py``, row mapping in ``rows.py``, schema migrations in ``migrations/``.

Decisions worth knowing:

* **One active case per suspect per conversation.** ``record_flag`` merges a
  flag into the conversation's OPEN / IN_REVIEW case for the same suspected
  participant (indicators and message ids are unioned, score / threshold /
  model version become the latest, unreviewed retention restarts). For a 1:1
  conversation that is one case per conversation; a group conversation with two
  different suspects gets one case per suspect, because a reviewer decides --
  and a report names -- one person. The partner id is kept from the first flag.
  A database constraint (partial unique index) backs this up, so two replicas
  flagging the same conversation at once still open one case.
* **A decided conversation that is flagged again opens a new case.** The earlier
  CONFIRMED / REPORTED decision covered the evidence then; new indicators need a
  decision (and possibly a report) of their own, and a decision must not change
  after the fact. A DISMISSED case leaves nothing behind, so a new flag for the
  same conversation also opens a fresh case.
* **Physical deletion.** DISMISSED and EXPIRED cases are deleted in the same
  transaction as the transition (details in ``sql_store.py``).
* **Content-free side tables.** Counters carry no ids; the audit log and
  complaints name their subject by a keyed hash (``case_ref``), never a case id.
* **Pagination** returns ``(items, next_page_token)`` (see ``paging.py``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

from service.review.audit import AuditEvent
from service.review.cases import Case, CaseStatus, Decision, Flag
from service.review.complaints import Complaint, ComplaintStatus, Resolution
from service.review.counters import CounterRow, FlushMark
from service.review.retention import RetentionPolicy

DEFAULT_CLAIM_REASON = "review.claim"
DEFAULT_RELEASE_REASON = "review.release"


class CaseOrder(enum.Enum):
    """The order of a case listing."""

    CREATED = "created"
    """Creation order, oldest first."""
    EXPIRY_THEN_SCORE = "expiry_then_score"
    """The review queue: soonest expiry first, then highest score, then case id."""


@dataclass(frozen=True)
class Backlog:
    """The review queue in numbers: counts and one timestamp, never a case's content."""

    cases: Mapping[CaseStatus, int]
    """Live cases per status (every status present, zero if none)."""
    oldest_unreviewed_at: datetime | None
    """When the oldest open or in-review case was opened; None when there is none."""

    def oldest_unreviewed_age_s(self, now: datetime) -> float:
        """Seconds the oldest unreviewed case has waited at ``now`` (0 when none waits)."""
        if self.oldest_unreviewed_at is None:
            return 0.0
        return max((now - self.oldest_unreviewed_at).total_seconds(), 0.0)


@runtime_checkable
class CaseStore(Protocol):
    """Cases, complaints, counters and the audit log. All times are UTC-aware.

    Errors: ``InvalidInput`` (malformed argument), ``NotFound`` (no such case or
    complaint -- including one that was deleted), ``IllegalTransition`` and
    ``ConcurrentModification`` (see ``cases.py``).
    """

    @property
    def recipients(self) -> frozenset[str]:
        """Organisations confirmed cases may be reported to."""
        ...

    @property
    def retention(self) -> RetentionPolicy:
        """The retention policy cases are kept under."""
        ...

    def case_ref(self, case_id: str) -> str:
        """Keyed hash of a case id: the ``subject_ref`` of its audit events and complaints."""
        ...

    def account_ref(self, account_ref: str) -> str:
        """Keyed hash of a platform account reference (complaints about an account)."""
        ...

    def record_flag(self, flag: Flag, now: datetime) -> Case:
        """Open a case for ``flag`` or merge it into the active one; never a second active case."""
        ...

    def record_flags(self, flags: Sequence[tuple[Flag, datetime]]) -> list[Case]:
        """``record_flag`` for each (flag, now) in order, in one transaction: all or none."""
        ...

    def get_case(self, case_id: str) -> Case:
        """The case, or ``NotFound``."""
        ...

    def list_cases(
        self,
        status: CaseStatus | None = None,
        page_size: int = 0,
        page_token: str = "",
        *,
        model_version: str | None = None,
        created_before: datetime | None = None,
        order: CaseOrder = CaseOrder.CREATED,
    ) -> tuple[list[Case], str]:
        """A page of cases in ``order``, optionally of one status, one model version, and
        opened before a time (the queue's age filter)."""
        ...

    def count_cases(self) -> Mapping[CaseStatus, int]:
        """Number of live cases per status (every status present, zero if none)."""
        ...

    def backlog(self) -> Backlog:
        """Cases per status and the opening time of the oldest unreviewed case (index-only)."""
        ...

    def claim(
        self,
        case_id: str,
        reviewer_id: str,
        lease: timedelta,
        now: datetime,
        reason_code: str = DEFAULT_CLAIM_REASON,
    ) -> Case:
        """Claim (or renew / take over) a case for review until ``now + lease``."""
        ...

    def release(
        self,
        case_id: str,
        reviewer_id: str,
        now: datetime,
        reason_code: str = DEFAULT_RELEASE_REASON,
    ) -> Case:
        """Hand a claimed case back to the queue."""
        ...

    def decide(
        self,
        case_id: str,
        decision: Decision,
        reviewer_id: str,
        reason_code: str,
        now: datetime,
    ) -> Case | None:
        """Confirm (returns the case) or dismiss (deletes it, returns None)."""
        ...

    def report(
        self, case_id: str, reviewer_id: str, recipient: str, reason_code: str, now: datetime
    ) -> Case:
        """Record that a confirmed case was reported to ``recipient``."""
        ...

    def purge_expired(self, now: datetime) -> int:
        """Delete every case with ``expires_at <= now``; return how many.

        Each expiry is counted (``expired`` plus ``expired_unreviewed`` or
        ``expired_decided``) and audited (``case.expired``), with one
        ``retention.purge`` event per run; rows are erased physically where the
        backend allows it. Call it periodically with the current time. With several
        replicas on one database only one purges at a time: the others return 0.
        """
        ...

    def file_complaint(
        self,
        *,
        channel: str,
        reason_code: str,
        now: datetime,
        case_id: str | None = None,
        account_ref: str | None = None,
    ) -> Complaint:
        """File a complaint about a case id or an account (exactly one of them)."""
        ...

    def get_complaint(self, complaint_id: str) -> Complaint:
        """The complaint, or ``NotFound``."""
        ...

    def resolve_complaint(
        self,
        complaint_id: str,
        resolution: Resolution,
        reviewer_id: str,
        reason_code: str,
        now: datetime,
    ) -> Complaint:
        """Uphold or reject an open complaint."""
        ...

    def list_complaints(
        self, status: ComplaintStatus | None = None, page_size: int = 0, page_token: str = ""
    ) -> tuple[list[Complaint], str]:
        """Complaints ordered by (filed_at, complaint_id), optionally of one status."""
        ...

    def record_scoring(
        self,
        model_version: str,
        threshold: float,
        *,
        conversations: int,
        messages: int,
        not_scanned: Mapping[str, int],
        now: datetime,
        flush: FlushMark | None = None,
    ) -> None:
        """Add batched scoring counts (one UPSERT). ``not_scanned`` counts conversations.

        With ``flush``, a batch at or below the writer's last applied number is skipped:
        re-sending a batch whose answer was lost does not count it twice.
        """
        ...

    def counter_rows(self, start: date, end: date) -> list[CounterRow]:
        """All counter cells with ``start <= day < end``."""
        ...

    def append_audit(
        self,
        actor: str,
        action: str,
        *,
        subject_ref: str,
        reason_code: str,
        details: Mapping[str, str],
        now: datetime,
    ) -> AuditEvent:
        """Append one content-free audit event."""
        ...

    def list_audit(
        self,
        since: datetime | None = None,
        page_size: int = 0,
        page_token: str = "",
        *,
        subject_ref: str | None = None,
    ) -> tuple[list[AuditEvent], str]:
        """Audit events in append order, optionally from ``since`` and for one subject."""
        ...

    def close(self) -> None:
        """Release connections. The store is unusable afterwards."""
        ...
