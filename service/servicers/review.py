"""``ReviewService``: proto <-> domain for cases, complaints, the audit log and reports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from service.api.grooming_risk.v1 import review_pb2 as pb
from service.api.grooming_risk.v1 import review_pb2_grpc as pb_grpc
from service.auth import current_principal
from service.clock import Clock
from service.errors import InvalidInput, PermissionDenied
from service.observability import annotate
from service.review.cases import Case, CaseStatus, Decision
from service.review.complaints import Complaint, ComplaintStatus, Resolution
from service.review.store import CaseOrder, CaseStore

_STATUS_TO_PB = {
    CaseStatus.OPEN: pb.CASE_STATUS_OPEN,
    CaseStatus.IN_REVIEW: pb.CASE_STATUS_IN_REVIEW,
    CaseStatus.CONFIRMED: pb.CASE_STATUS_CONFIRMED,
    CaseStatus.DISMISSED: pb.CASE_STATUS_DISMISSED,
    CaseStatus.REPORTED: pb.CASE_STATUS_REPORTED,
    CaseStatus.EXPIRED: pb.CASE_STATUS_EXPIRED,
}
_STATUS_FROM_PB = {v: k for k, v in _STATUS_TO_PB.items()}
_DECISION = {pb.DECISION_CONFIRMED: Decision.CONFIRMED, pb.DECISION_DISMISSED: Decision.DISMISSED}
_CHANNEL = {
    pb.COMPLAINT_CHANNEL_IN_APP: "in_app",
    pb.COMPLAINT_CHANNEL_EMAIL: "email",
    pb.COMPLAINT_CHANNEL_WEB_FORM: "web_form",
    pb.COMPLAINT_CHANNEL_POSTAL: "postal",
    pb.COMPLAINT_CHANNEL_AUTHORITY: "authority",
}
_CHANNEL_TO_PB = {v: k for k, v in _CHANNEL.items()}
_C_STATUS_TO_PB = {
    ComplaintStatus.OPEN: pb.COMPLAINT_STATUS_OPEN,
    ComplaintStatus.UPHELD: pb.COMPLAINT_STATUS_UPHELD,
    ComplaintStatus.REJECTED: pb.COMPLAINT_STATUS_REJECTED,
}
_C_STATUS_FROM_PB = {v: k for k, v in _C_STATUS_TO_PB.items()}
_RESOLUTION = {
    pb.COMPLAINT_RESOLUTION_UPHELD: Resolution.UPHELD,
    pb.COMPLAINT_RESOLUTION_REJECTED: Resolution.REJECTED,
}
_ORDER = {
    pb.CASE_ORDER_UNSPECIFIED: CaseOrder.CREATED,
    pb.CASE_ORDER_CREATED: CaseOrder.CREATED,
    pb.CASE_ORDER_EXPIRY_THEN_SCORE: CaseOrder.EXPIRY_THEN_SCORE,
}
_CONTENT_TYPES = {"json": "application/json", "md": "text/markdown", "html": "text/html"}
_FORMATS = {
    pb.REPORT_FORMAT_UNSPECIFIED: "json",
    pb.REPORT_FORMAT_JSON: "json",
    pb.REPORT_FORMAT_MARKDOWN: "md",
    pb.REPORT_FORMAT_HTML: "html",
}


# Reports cover a year; allow a few to compare, not centuries.
MAX_REPORT_DAYS = 5 * 366


def _ts(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _indicator_pb(code: str) -> pb.RiskIndicator:
    return cast(pb.RiskIndicator, pb.RiskIndicator.Value(f"RISK_INDICATOR_{code.upper()}"))


def case_to_pb(case: Case) -> pb.Case:
    """Map a domain case (references and codes only) to its proto."""
    hits = [pb.IndicatorHit(indicator=_indicator_pb(h.code), message_ids=h.message_ids)
            for h in case.indicators]
    return pb.Case(
        case_id=case.case_id,
        conversation_id=case.conversation_id,
        suspected_participant_id=case.suspected_participant_id,
        partner_participant_id=case.partner_participant_id,
        message_ids=sorted(case.message_ids),
        indicators=hits,
        indicator_codes=[h.indicator for h in hits],
        score=case.score,
        model_version=case.model_version,
        threshold=case.threshold,
        status=_STATUS_TO_PB[case.status],
        created_at=_ts(case.created_at),
        updated_at=_ts(case.updated_at),
        expires_at=_ts(case.expires_at),
        claimed_by=case.claimed_by or "",
        lease_expires_at=_ts(case.lease_expires_at),
        decided_by=case.decided_by or "",
        reason_code=case.reason_code or "",
        reported_to=case.reported_to or "",
    )


def complaint_to_pb(c: Complaint) -> pb.Complaint:
    """Map a domain complaint to its proto (the subject as a keyed hash)."""
    return pb.Complaint(
        complaint_id=c.complaint_id,
        channel=_CHANNEL_TO_PB.get(c.channel, pb.COMPLAINT_CHANNEL_UNSPECIFIED),
        status=_C_STATUS_TO_PB[c.status],
        reason_code=c.resolution_reason_code or c.reason_code,
        created_at=_ts(c.filed_at),
        resolved_at=_ts(c.resolved_at),
        resolved_by=c.resolved_by or "",
        subject_ref=c.subject_ref,
        subject_kind=c.subject_kind.value,
        overturned=c.overturned,
    )


def _lookup(table: Mapping[Any, object], value: int, field: str) -> object:
    if value not in table:
        raise InvalidInput(field, "must be set to a known value")
    return table[value]


def _acting_as(reviewer_id: str) -> str:
    """With authentication on, a reviewer acts only under their own name."""
    principal = current_principal.get()
    if principal is not None and reviewer_id != principal.name:
        raise PermissionDenied("reviewer_id must be the authenticated client's name")
    return reviewer_id


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, "must be a date YYYY-MM-DD") from None


class ReviewServicer(pb_grpc.ReviewServiceServicer):
    """Human review: cases, complaints, audit log and the transparency report."""

    def __init__(self, store: CaseStore, clock: Clock, default_lease_s: float,
                 model_facts: Mapping[str, Mapping[str, object]] | None = None) -> None:
        self.store = store
        self.clock = clock
        self.default_lease = timedelta(seconds=default_lease_s)
        self.model_facts = dict(model_facts or {})

    def ListCases(self, request: pb.ListCasesRequest,  # noqa: N802
                  context: grpc.ServicerContext) -> pb.ListCasesResponse:
        """Cases in creation or queue order, optionally filtered by status, model version
        and age."""
        status = None
        if request.status != pb.CASE_STATUS_UNSPECIFIED:
            status = _STATUS_FROM_PB.get(request.status)
            if status is None:
                raise InvalidInput("status", "unknown value")
        order = _lookup(_ORDER, request.order, "order")
        assert isinstance(order, CaseOrder)
        created_before = (request.created_before.ToDatetime(tzinfo=UTC)
                          if request.HasField("created_before") else None)
        cases, token = self.store.list_cases(
            status, request.page_size, request.page_token,
            model_version=request.model_version or None, created_before=created_before,
            order=order)
        return pb.ListCasesResponse(cases=[case_to_pb(c) for c in cases], next_page_token=token)

    def GetCase(self, request: pb.GetCaseRequest,  # noqa: N802
                context: grpc.ServicerContext) -> pb.GetCaseResponse:
        """One case by id."""
        annotate(case_id=request.case_id[:64])
        return pb.GetCaseResponse(case=case_to_pb(self.store.get_case(request.case_id)))

    def ClaimCase(self, request: pb.ClaimCaseRequest,  # noqa: N802
                  context: grpc.ServicerContext) -> pb.ClaimCaseResponse:
        """Claim a case for review with a lease (ABORTED if someone else holds it)."""
        lease = (request.lease.ToTimedelta() if request.HasField("lease")
                 else self.default_lease)
        annotate(case_id=request.case_id[:64], reviewer_id=request.reviewer_id[:64])
        reviewer = _acting_as(request.reviewer_id)
        case = self.store.claim(request.case_id, reviewer, lease, self.clock.now())
        return pb.ClaimCaseResponse(case=case_to_pb(case))

    def ReleaseCase(self, request: pb.ReleaseCaseRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.ReleaseCaseResponse:
        """Hand a claimed case back to the queue."""
        reviewer = _acting_as(request.reviewer_id)
        case = self.store.release(request.case_id, reviewer, self.clock.now())
        return pb.ReleaseCaseResponse(case=case_to_pb(case))

    def DecideCase(self, request: pb.DecideCaseRequest,  # noqa: N802
                   context: grpc.ServicerContext) -> pb.DecideCaseResponse:
        """Confirm, or dismiss (which deletes the case at once)."""
        decision = _lookup(_DECISION, request.decision, "decision")
        assert isinstance(decision, Decision)
        annotate(case_id=request.case_id[:64], reviewer_id=request.reviewer_id[:64],
                 decision=decision.value)
        case = self.store.decide(request.case_id, decision, _acting_as(request.reviewer_id),
                                 request.reason, self.clock.now())
        if case is None:
            return pb.DecideCaseResponse(deleted=True)
        return pb.DecideCaseResponse(case=case_to_pb(case))

    def ReportCase(self, request: pb.ReportCaseRequest,  # noqa: N802
                   context: grpc.ServicerContext) -> pb.ReportCaseResponse:
        """Record that a confirmed case was reported to a listed organisation."""
        case = self.store.report(request.case_id, _acting_as(request.reviewer_id),
                                 request.recipient,
                                 request.reason, self.clock.now())
        return pb.ReportCaseResponse(case=case_to_pb(case))

    def FileComplaint(self, request: pb.FileComplaintRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.FileComplaintResponse:
        """File a complaint (redress) about a case or an account."""
        channel = _lookup(_CHANNEL, request.channel, "channel")
        subject = request.WhichOneof("subject")
        if subject is None:
            raise InvalidInput("subject", "case_id or account_ref is required")
        complaint = self.store.file_complaint(
            channel=str(channel), reason_code=request.reason_code, now=self.clock.now(),
            case_id=request.case_id if subject == "case_id" else None,
            account_ref=request.account_ref if subject == "account_ref" else None,
        )
        return pb.FileComplaintResponse(complaint=complaint_to_pb(complaint))

    def ResolveComplaint(self, request: pb.ResolveComplaintRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.ResolveComplaintResponse:
        """Uphold or reject a complaint."""
        resolution = _lookup(_RESOLUTION, request.resolution, "resolution")
        assert isinstance(resolution, Resolution)
        complaint = self.store.resolve_complaint(
            request.complaint_id, resolution, _acting_as(request.reviewer_id), request.reason,
            self.clock.now(),
        )
        return pb.ResolveComplaintResponse(complaint=complaint_to_pb(complaint))

    def ListComplaints(self, request: pb.ListComplaintsRequest,  # noqa: N802
                       context: grpc.ServicerContext) -> pb.ListComplaintsResponse:
        """Complaints in filing order, optionally of one status."""
        status = None
        if request.status != pb.COMPLAINT_STATUS_UNSPECIFIED:
            status = _C_STATUS_FROM_PB.get(request.status)
            if status is None:
                raise InvalidInput("status", "unknown value")
        items, token = self.store.list_complaints(status, request.page_size, request.page_token)
        return pb.ListComplaintsResponse(complaints=[complaint_to_pb(c) for c in items],
                                         next_page_token=token)

    def ListAuditEvents(self, request: pb.ListAuditEventsRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> pb.ListAuditEventsResponse:
        """The append-only audit log."""
        since = (request.since.ToDatetime(tzinfo=UTC) if request.HasField("since") else None)
        events, token = self.store.list_audit(since, request.page_size, request.page_token)
        return pb.ListAuditEventsResponse(
            events=[
                pb.AuditEvent(seq=e.seq, at=_ts(e.at), actor=e.actor, action=e.action,
                              subject_id=e.subject_ref, reason_code=e.reason_code,
                              details=dict(e.details))
                for e in events
            ],
            next_page_token=token,
        )

    def GetTransparencyReport(self, request: pb.GetTransparencyReportRequest,  # noqa: N802
                              context: grpc.ServicerContext) -> pb.GetTransparencyReportResponse:
        """The transparency report for a date range, as JSON, Markdown or HTML."""
        from service.review import report

        start = _date(request.from_date, "from_date")
        last = _date(request.to_date, "to_date")  # inclusive, as the proto documents
        if last < start:
            raise InvalidInput("to_date", "must not be before from_date")
        if (last - start).days >= MAX_REPORT_DAYS or last.year > 9998:
            raise InvalidInput("to_date", f"a report covers at most {MAX_REPORT_DAYS} days")
        end = last + timedelta(days=1)
        fmt = str(_lookup(_FORMATS, request.format, "format"))
        built = report.build_report(self.store, start=start, end=end,
                                    model_facts=self.model_facts,  # type: ignore[arg-type]
                                    generated_at=self.clock.now())
        return pb.GetTransparencyReportResponse(content_type=_CONTENT_TYPES[fmt],
                                                body=report.RENDERERS[fmt](built))

    def GetCaller(self, request: pb.GetCallerRequest,  # noqa: N802
                  context: grpc.ServicerContext) -> pb.GetCallerResponse:
        """The authenticated caller's name and roles (nothing when authentication is off)."""
        principal = current_principal.get()
        if principal is None:
            return pb.GetCallerResponse(authenticated=False)
        return pb.GetCallerResponse(authenticated=True, name=principal.name,
                                    roles=sorted(r.value for r in principal.roles))
