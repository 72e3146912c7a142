"""Human review end to end over gRPC: claims, decisions, reports, redress, audit, retention.

Everything goes through a real server and real channels. The clock is a ManualClock, so
retention can be run forward by three months in a test that takes seconds.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import grpc
import pytest
from google.protobuf.json_format import MessageToJson

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import review_pb2_grpc
from tests.compliance.conftest import START, Serve, Served, flag_one, participant_ids

RECIPIENTS = ("ncmec", "eu-centre", "national-hotline")


def _claim_race(served: Served, case_id: str) -> dict[str, object]:
    """Two independent clients claim ``case_id`` at the same instant; reviewer -> outcome."""
    clients: dict[str, review_pb2_grpc.ReviewServiceStub] = {
        "alice": served.new_review_stub(),
        "bob": served.new_review_stub(),
    }
    for stub in clients.values():  # connect both before the race starts
        stub.ListCases(rpb.ListCasesRequest(page_size=1), timeout=10)
    barrier = threading.Barrier(len(clients))
    outcomes: dict[str, object] = {}

    def claim(reviewer: str, stub: review_pb2_grpc.ReviewServiceStub) -> None:
        barrier.wait(timeout=10)
        try:
            outcomes[reviewer] = stub.ClaimCase(
                rpb.ClaimCaseRequest(case_id=case_id, reviewer_id=reviewer), timeout=15
            ).case
        except grpc.RpcError as err:
            outcomes[reviewer] = err.code()

    threads = [threading.Thread(target=claim, args=item) for item in clients.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_concurrent_claims_from_two_clients_exactly_one_wins(serve: Serve) -> None:
    served = serve()
    for seed in (41, 42, 43):
        _conv, case_id = flag_one(served, seed=seed)
        outcomes = _claim_race(served, case_id)
        winners = [r for r, o in outcomes.items() if isinstance(o, rpb.Case)]
        losers = [r for r, o in outcomes.items() if o == grpc.StatusCode.ABORTED]
        assert len(winners) == 1 and len(losers) == 1, outcomes
        case = served.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
        assert case.status == rpb.CASE_STATUS_IN_REVIEW
        assert case.claimed_by == winners[0]


def _md_table(markdown: str, heading: str) -> list[dict[str, str]]:
    """The first Markdown table after ``## heading``, as one dict per row."""
    lines = markdown.split(f"## {heading}\n", 1)[1].splitlines()
    end = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    rows = [line for line in lines[:end] if line.startswith("|")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    header, body = cells[0], cells[2:]
    return [dict(zip(header, row, strict=True)) for row in body]


def _md_counts(markdown: str, heading: str) -> dict[str, str]:
    """An ``Outcome | Count`` table after ``## heading``, as {outcome: count}."""
    rows = _md_table(markdown, heading)
    assert rows and list(rows[0]) == ["Outcome", "Count"]
    return {row["Outcome"]: row["Count"] for row in rows}


def _files_containing(root: Path, needles: list[str]) -> list[tuple[str, str]]:
    """(file, needle) for each needle found in the raw bytes (UTF-8 / UTF-16) of any file."""
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        for needle in needles:
            forms = (needle.encode(), needle.encode("utf-16-le"), needle.encode("utf-16-be"))
            if any(form in blob for form in forms):
                hits.append((path.name, needle))
    return hits


def _code(call: object) -> grpc.StatusCode:
    with pytest.raises(grpc.RpcError) as err:
        call()  # type: ignore[operator]
    return err.value.code()


def test_case_lifecycle_redress_audit_report_and_retention(serve: Serve) -> None:
    served = serve(report_recipients=RECIPIENTS)
    review = served.review
    conv, case_id = flag_one(served, seed=51)
    secrets = [conv.id, *participant_ids(conv)]

    # -- flag -> claim -> confirm ------------------------------------------------------
    case = review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
    assert case.status == rpb.CASE_STATUS_OPEN and case.conversation_id == conv.id
    review.ClaimCase(rpb.ClaimCaseRequest(case_id=case_id, reviewer_id="alice"), timeout=10)
    served.clock.advance(timedelta(minutes=10))  # within the 15-minute lease
    decided = review.DecideCase(rpb.DecideCaseRequest(
        case_id=case_id, decision=rpb.DECISION_CONFIRMED, reviewer_id="alice",
        reason="clear_indicators"), timeout=10)
    assert not decided.deleted and decided.case.status == rpb.CASE_STATUS_CONFIRMED
    assert decided.case.decided_by == "alice"

    # -- report: only to a listed organisation ---------------------------------------
    unlisted = rpb.ReportCaseRequest(case_id=case_id, reviewer_id="alice",
                                     recipient="some-forum", reason="confirmed_solicitation")
    with pytest.raises(grpc.RpcError) as err:
        review.ReportCase(unlisted, timeout=10)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "recipient" in str(err.value.details())
    still = review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
    assert still.status == rpb.CASE_STATUS_CONFIRMED and still.reported_to == ""

    reported = review.ReportCase(rpb.ReportCaseRequest(
        case_id=case_id, reviewer_id="alice", recipient="national-hotline",
        reason="confirmed_solicitation"), timeout=10).case
    assert reported.status == rpb.CASE_STATUS_REPORTED
    assert reported.reported_to == "national-hotline"
    lifetime = reported.expires_at.ToDatetime() - served.clock.now().replace(tzinfo=None)
    assert lifetime == timedelta(days=90)

    # -- an illegal transition: a reported case cannot be decided again ----------------
    assert _code(lambda: review.DecideCase(rpb.DecideCaseRequest(
        case_id=case_id, decision=rpb.DECISION_DISMISSED, reviewer_id="alice",
        reason="second_thoughts"), timeout=10)) == grpc.StatusCode.FAILED_PRECONDITION
    assert review.GetCase(rpb.GetCaseRequest(case_id=case_id),
                          timeout=10).case.status == rpb.CASE_STATUS_REPORTED

    # -- redress: a complaint about the decision is upheld ------------------------------
    filed = review.FileComplaint(rpb.FileComplaintRequest(
        case_id=case_id, channel=rpb.COMPLAINT_CHANNEL_IN_APP, reason_code="not_grooming"),
        timeout=10).complaint
    assert filed.status == rpb.COMPLAINT_STATUS_OPEN and filed.subject_kind == "case"
    assert filed.WhichOneof("subject") is None and filed.subject_ref
    accounts = []
    for channel in (rpb.COMPLAINT_CHANNEL_EMAIL, rpb.COMPLAINT_CHANNEL_WEB_FORM,
                    rpb.COMPLAINT_CHANNEL_POSTAL, rpb.COMPLAINT_CHANNEL_AUTHORITY):
        account = f"acct-{conv.id[5:17]}-{channel}"
        accounts.append(account)
        c = review.FileComplaint(rpb.FileComplaintRequest(
            account_ref=account, channel=channel, reason_code="account_restricted"),
            timeout=10).complaint
        assert c.channel == channel and c.subject_kind == "account"
    secrets += accounts

    resolved = review.ResolveComplaint(rpb.ResolveComplaintRequest(
        complaint_id=filed.complaint_id, resolution=rpb.COMPLAINT_RESOLUTION_UPHELD,
        reviewer_id="carol", reason="wrong_decision"), timeout=10).complaint
    assert resolved.status == rpb.COMPLAINT_STATUS_UPHELD
    assert resolved.overturned and resolved.resolved_by == "carol"
    listed = review.ListComplaints(rpb.ListComplaintsRequest(
        status=rpb.COMPLAINT_STATUS_UPHELD), timeout=10).complaints
    assert [(c.complaint_id, c.overturned) for c in listed] == [(filed.complaint_id, True)]
    assert _code(lambda: review.ResolveComplaint(rpb.ResolveComplaintRequest(
        complaint_id=filed.complaint_id, resolution=rpb.COMPLAINT_RESOLUTION_REJECTED,
        reviewer_id="carol", reason="changed_mind"), timeout=10)
    ) == grpc.StatusCode.FAILED_PRECONDITION

    # -- audit: every step, and no conversation, participant or case id -----------------
    audit = review.ListAuditEvents(rpb.ListAuditEventsRequest(page_size=500), timeout=10)
    actions = [e.action for e in audit.events]
    for action in ("case.opened", "case.claimed", "case.confirmed", "case.reported",
                   "complaint.filed", "complaint.resolved"):
        assert action in actions, action
    case_events = [e for e in audit.events if e.action.startswith("case.")]
    assert {e.subject_id for e in case_events} == {filed.subject_ref}
    by_action = {e.action: e for e in case_events}
    assert by_action["case.confirmed"].actor == "alice"
    assert by_action["case.reported"].details["recipient"] == "national-hotline"
    resolved_events = [e for e in audit.events if e.action == "complaint.resolved"]
    assert resolved_events[0].details["overturned"] == "1"
    as_bytes, as_json = audit.SerializeToString(), MessageToJson(audit)
    for needle in [*secrets, case_id]:
        assert needle.encode() not in as_bytes, needle
        assert needle not in as_json, needle

    # -- transparency report for the day -------------------------------------------------
    day = START.date()
    md = review.GetTransparencyReport(rpb.GetTransparencyReportRequest(
        from_date=day.isoformat(), to_date=(day + timedelta(days=1)).isoformat(),
        format=rpb.REPORT_FORMAT_MARKDOWN), timeout=10)
    assert md.content_type == "text/markdown"
    cases = _md_counts(md.body, "Cases")
    assert (cases["Flagged"], cases["Confirmed"], cases["Dismissed"], cases["Reported"]) == (
        "1", "1", "0", "1")
    complaints = _md_counts(md.body, "Complaints")
    assert complaints == {"Filed": "5", "Upheld": "1", "Rejected": "0",
                          "Decisions overturned": "1"}
    technology = _md_table(md.body, "False positives per technology")[0]
    assert technology["Overturned decisions"] == "1"
    recipients = _md_table(md.body, "Reports by recipient organisation")
    assert {"Organisation": "national-hotline", "Reports": "1"} in recipients
    chart = md.body.split("## Flags, confirmations and dismissals per month", 1)[1]
    assert "```text" in chart and f"{day:%Y-%m}  flagged" in chart
    for needle in [*secrets, case_id]:
        assert needle not in md.body

    # -- retention: 91 days later the reported case and every trace of its ids are gone --
    assert _files_containing(served.data_dir, [case_id, conv.id]), (
        "positive control: the live case is in the database files")
    served.clock.advance(timedelta(days=91))
    assert served.app.purge() >= 1
    assert _code(lambda: review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10)
                 ) == grpc.StatusCode.NOT_FOUND
    assert not review.ListCases(rpb.ListCasesRequest(page_size=500), timeout=10).cases
    assert _files_containing(served.data_dir, [case_id, *secrets]) == []
    audit = review.ListAuditEvents(rpb.ListAuditEventsRequest(page_size=500), timeout=10)
    assert "case.expired" in [e.action for e in audit.events]
