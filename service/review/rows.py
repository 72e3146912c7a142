"""Row mapping: the columns of the store's tables and the conversion of rows to domain objects.

Timestamps are the one thing the dialects store differently (ISO text on SQLite,
``timestamptz`` on PostgreSQL), so :class:`RowMapping` is built with the backend's two
converters; everything else (JSON indicator lists, enum values, 0/1 flags) is shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from service.review.audit import AuditEvent
from service.review.cases import Case, CaseStatus, IndicatorHit
from service.review.complaints import Complaint, ComplaintStatus, SubjectKind

CASE_COLUMNS: tuple[str, ...] = (
    "case_id",
    "subject_ref",
    "conversation_id",
    "suspected_participant_id",
    "partner_participant_id",
    "indicators",
    "score",
    "threshold",
    "model_version",
    "opened_model_version",
    "opened_threshold",
    "status",
    "created_at",
    "flagged_at",
    "updated_at",
    "expires_at",
    "claimed_by",
    "lease_expires_at",
    "decided_by",
    "decided_at",
    "reason_code",
    "reported_to",
    "reported_by",
    "reported_at",
    "report_reason_code",
)
_CASE_TIMES = frozenset(
    {
        "created_at",
        "flagged_at",
        "updated_at",
        "expires_at",
        "lease_expires_at",
        "decided_at",
        "reported_at",
    }
)
COMPLAINT_COLUMNS: tuple[str, ...] = (
    "complaint_id",
    "subject_kind",
    "subject_ref",
    "channel",
    "reason_code",
    "status",
    "filed_at",
    "model_version",
    "threshold",
    "case_status",
    "resolved_at",
    "resolved_by",
    "resolution_reason_code",
    "overturned",
)
AUDIT_COLUMNS: tuple[str, ...] = (
    "seq",
    "at",
    "actor",
    "action",
    "subject_ref",
    "reason_code",
    "details",
)
CASE_SELECT = f"SELECT {', '.join(CASE_COLUMNS)} FROM cases"  # noqa: S608 - constant column list
COMPLAINT_SELECT = f"SELECT {', '.join(COMPLAINT_COLUMNS)} FROM complaints"  # noqa: S608 - constant column list
AUDIT_SELECT = f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit"  # noqa: S608 - constant column list


def indicators_json(indicators: Iterable[IndicatorHit]) -> str:
    """The ``indicators`` column: ``[[code, [message ids]], ...]`` as compact JSON."""
    return json.dumps(
        [[hit.code, list(hit.message_ids)] for hit in indicators], separators=(",", ":")
    )


def indicators_from_json(text: str) -> tuple[IndicatorHit, ...]:
    """The hits stored by :func:`indicators_json`."""
    return tuple(
        IndicatorHit(str(code), tuple(str(m) for m in ids)) for code, ids in json.loads(text)
    )


class RowMapping:
    """Domain objects to statement parameters and back, for one backend's timestamp type."""

    def __init__(
        self, to_db: Callable[[datetime], object], from_db: Callable[[Any], datetime]
    ) -> None:
        self._to_db = to_db
        self._from_db = from_db

    def case_params(self, case: Case) -> list[object]:
        """The values of ``CASE_COLUMNS`` for ``case``."""
        params: list[object] = []
        for column in CASE_COLUMNS:
            value: object = getattr(case, column)
            if column == "indicators":
                value = indicators_json(case.indicators)
            elif column == "status":
                value = case.status.value
            elif column in _CASE_TIMES and value is not None:
                assert isinstance(value, datetime)
                value = self._to_db(value)
            params.append(value)
        return params

    def case_from_row(self, row: Sequence[Any]) -> Case:
        """The case in a row of ``CASE_SELECT``."""
        values = dict(zip(CASE_COLUMNS, row, strict=True))
        for column in _CASE_TIMES:
            if values[column] is not None:
                values[column] = self._from_db(values[column])
        values["indicators"] = indicators_from_json(values["indicators"])
        values["status"] = CaseStatus(values["status"])
        for column in ("score", "threshold", "opened_threshold"):
            values[column] = float(values[column])
        return Case(**values)

    def complaint_params(self, complaint: Complaint) -> list[object]:
        """The values of ``COMPLAINT_COLUMNS`` for ``complaint``."""
        return [
            complaint.complaint_id,
            complaint.subject_kind.value,
            complaint.subject_ref,
            complaint.channel,
            complaint.reason_code,
            complaint.status.value,
            self._to_db(complaint.filed_at),
            complaint.model_version,
            complaint.threshold,
            complaint.case_status.value if complaint.case_status is not None else None,
            self._to_db(complaint.resolved_at) if complaint.resolved_at is not None else None,
            complaint.resolved_by,
            complaint.resolution_reason_code,
            1 if complaint.overturned else 0,
        ]

    def complaint_from_row(self, row: Sequence[Any]) -> Complaint:
        """The complaint in a row of ``COMPLAINT_SELECT``."""
        v = dict(zip(COMPLAINT_COLUMNS, row, strict=True))
        return Complaint(
            complaint_id=v["complaint_id"],
            subject_kind=SubjectKind(v["subject_kind"]),
            subject_ref=v["subject_ref"],
            channel=v["channel"],
            reason_code=v["reason_code"],
            status=ComplaintStatus(v["status"]),
            filed_at=self._from_db(v["filed_at"]),
            model_version=v["model_version"],
            threshold=float(v["threshold"]),
            case_status=CaseStatus(v["case_status"]) if v["case_status"] is not None else None,
            resolved_at=self._from_db(v["resolved_at"]) if v["resolved_at"] is not None else None,
            resolved_by=v["resolved_by"],
            resolution_reason_code=v["resolution_reason_code"],
            overturned=bool(v["overturned"]),
        )

    def audit_from_row(self, row: Sequence[Any]) -> AuditEvent:
        """The event in a row of ``AUDIT_SELECT``."""
        v = dict(zip(AUDIT_COLUMNS, row, strict=True))
        return AuditEvent(
            seq=int(v["seq"]),
            at=self._from_db(v["at"]),
            actor=v["actor"],
            action=v["action"],
            subject_ref=v["subject_ref"],
            reason_code=v["reason_code"],
            details=json.loads(v["details"]),
        )
