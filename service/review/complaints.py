"""Complaints (redress) against review decisions.

A complaint names its subject -- a case id or a platform account reference --
but the store keeps only the subject's keyed hash (``subject_ref``, see
``audit.py``), never the raw id. So a complaint survives the deletion of the
case it is about without keeping the case id on disk, and a complaint about a
case that was already deleted (or never existed: by design the store cannot
tell the two apart) is accepted all the same.

When it is filed and the case still exists, the complaint snapshots the case's
technology (model version + threshold) and status, so that an UPHELD outcome
against a CONFIRMED or REPORTED decision can be counted as an overturned
decision of that technology even after the case has expired. Complaints whose
case is unknown are counted under the unattributed technology
(``model_version == ""``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from service.errors import IllegalTransition
from service.review.cases import CaseStatus, Technology
from service.review.validation import require_code, require_id, require_utc

UNATTRIBUTED = Technology("", 0.0)
"""The technology complaints are counted under when their case is unknown."""


class SubjectKind(StrEnum):
    """What a complaint is about."""

    CASE = "case"
    ACCOUNT = "account"


class ComplaintStatus(StrEnum):
    """Where a complaint is in its lifecycle."""

    OPEN = "open"
    UPHELD = "upheld"
    REJECTED = "rejected"


class Resolution(StrEnum):
    """How a reviewer resolves a complaint."""

    UPHELD = "upheld"
    REJECTED = "rejected"


OVERTURNABLE: frozenset[CaseStatus] = frozenset({CaseStatus.CONFIRMED, CaseStatus.REPORTED})
"""Case statuses whose decision an upheld complaint marks as an error."""


@dataclass(frozen=True, slots=True)
class Complaint:
    """A complaint and its outcome. Holds keyed hashes and codes only."""

    complaint_id: str
    subject_kind: SubjectKind
    subject_ref: str
    channel: str
    reason_code: str
    status: ComplaintStatus
    filed_at: datetime
    model_version: str
    """Technology of the case when filed ("" if the case was unknown)."""
    threshold: float
    case_status: CaseStatus | None
    """Status of the case when filed, or None if it was unknown."""
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution_reason_code: str | None = None
    overturned: bool = False
    """Whether resolving it marked a CONFIRMED / REPORTED decision as an error."""

    @property
    def technology(self) -> Technology:
        """The technology the complaint is counted under."""
        return Technology(self.model_version, self.threshold)


def resolve(
    complaint: Complaint,
    resolution: Resolution,
    *,
    reviewer_id: str,
    reason_code: str,
    now: datetime,
    case_status: CaseStatus | None,
) -> Complaint:
    """OPEN → UPHELD | REJECTED. Resolving twice raises :class:`IllegalTransition`.

    ``case_status`` is the case's status now (None if deleted, in which case the
    status snapshot taken at filing time decides whether the decision is
    overturned).
    """
    require_id("reviewer_id", reviewer_id)
    require_code("reason_code", reason_code)
    resolution = Resolution(resolution)
    now = require_utc(now)
    if complaint.status is not ComplaintStatus.OPEN:
        raise IllegalTransition(f"complaint: already {complaint.status.value}")
    effective_status = case_status if case_status is not None else complaint.case_status
    overturned = resolution is Resolution.UPHELD and effective_status in OVERTURNABLE
    return replace(
        complaint,
        status=ComplaintStatus(resolution.value),
        resolved_at=now,
        resolved_by=reviewer_id,
        resolution_reason_code=reason_code,
        overturned=overturned,
    )
