"""What the console's templates show: cases, complaints and events as plain dicts.

Everything here comes from ``ReviewService`` responses: ids, codes, numbers and times.
There is no message text to show, by construction.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from google.protobuf.message import Message

from service.api.grooming_risk.v1 import review_pb2 as pb
from service.console.links import message_link
from service.listing import cell
from service.scoring.indicators import RiskIndicator, explanations

#: Reason codes offered for each decision (the API takes any short code; these are the
#: console's suggestions, so the transparency report's reasons stay comparable).
DECISION_REASONS: dict[str, tuple[str, ...]] = {
    "confirm": ("clear_indicators", "escalating_pattern", "meeting_or_photo_request"),
    "dismiss": ("not_grooming", "known_relationship", "peer_conversation",
                "insufficient_evidence"),
}
#: Reason codes of a report to a recipient.
REPORT_REASONS: tuple[str, ...] = ("confirmed_solicitation", "imminent_risk")
#: Reason codes of a complaint, and of its resolution.
COMPLAINT_REASONS: tuple[str, ...] = ("wrongly_flagged", "account_restricted",
                                      "decision_error", "other")
RESOLUTION_REASONS: tuple[str, ...] = ("decision_upheld", "decision_overturned",
                                       "no_case_found")
#: Complaint channels, as the proto names them (without the prefix).
CHANNELS: tuple[str, ...] = tuple(
    name.removeprefix("COMPLAINT_CHANNEL_").lower()
    for name in pb.ComplaintChannel.DESCRIPTOR.values_by_name
    if not name.endswith("UNSPECIFIED"))
#: Statuses a listed case can have (dismissed and expired cases are deleted).
CASE_STATUSES: tuple[str, ...] = ("open", "in_review", "confirmed", "reported")
COMPLAINT_STATUSES: tuple[str, ...] = ("open", "upheld", "rejected")
#: The queue's age filter: label -> hours a case has waited at least.
AGE_FILTERS: tuple[tuple[str, int], ...] = (
    ("1 hour", 1), ("1 day", 24), ("7 days", 168), ("14 days", 336), ("21 days", 504),
    ("28 days", 672))


def when(stamp: Any) -> datetime | None:
    """A proto Timestamp as an aware UTC datetime (None when unset)."""
    if not stamp.seconds and not stamp.nanos:
        return None
    return stamp.ToDatetime(tzinfo=UTC)  # type: ignore[no-any-return]


def indicator_name(code: int) -> str:
    """``RISK_INDICATOR_SECRECY`` (proto number) -> ``SECRECY``."""
    return pb.RiskIndicator.Name(code).removeprefix("RISK_INDICATOR_")  # type: ignore[arg-type]


def explain(name: str) -> str:
    """The plain-language explanation of an indicator code (from ``indicators.py``)."""
    try:
        return explanations()[RiskIndicator[name]]
    except KeyError:
        return "An indicator this console does not know yet."


def _natural_key(message_id: str) -> tuple[Any, ...]:
    """``m2`` before ``m10``: digit runs compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", message_id) if part)


def message_order(sequences: Iterable[Sequence[str]]) -> list[str]:
    """One order of all message ids that keeps each indicator's own order.

    The case keeps, per indicator, the ids of its messages in conversation order, but
    no order across indicators; a topological merge of those sequences (ties broken
    by the ids' natural order) gives the timeline.
    """
    after: dict[str, set[str]] = {}
    waiting: dict[str, int] = {}
    for seq in sequences:
        for mid in seq:
            after.setdefault(mid, set())
            waiting.setdefault(mid, 0)
        for earlier, later in itertools.pairwise(seq):
            if later not in after[earlier] and earlier != later:
                after[earlier].add(later)
                waiting[later] += 1
    ready = [(_natural_key(m), m) for m, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, mid = heapq.heappop(ready)
        order.append(mid)
        for nxt in after[mid]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, (_natural_key(nxt), nxt))
    # A cycle (ids seen in different orders) cannot come from one conversation; keep
    # any id left over rather than drop it.
    order += sorted((m for m in waiting if m not in set(order)), key=_natural_key)
    return order


def case_row(case: pb.Case) -> dict[str, Any]:
    """A case as the queue shows it."""
    return {
        "case_id": case.case_id,
        "status": cell(case, "status"),
        "score": case.score,
        "threshold": case.threshold,
        "model_version": case.model_version,
        "indicators": [indicator_name(c) for c in case.indicator_codes],
        "created_at": when(case.created_at),
        "expires_at": when(case.expires_at),
        "claimed_by": case.claimed_by,
        "lease_expires_at": when(case.lease_expires_at),
    }


def case_page(case: pb.Case, link_template: str | None) -> dict[str, Any]:
    """A case as its own page shows it: the row, the timeline and the explanations."""
    hits = [(indicator_name(h.indicator), list(h.message_ids)) for h in case.indicators]
    shown: dict[str, list[str]] = {}
    for name, ids in hits:
        for mid in ids:
            shown.setdefault(mid, []).append(name)
    ids = message_order([ids for _, ids in hits] + [sorted(case.message_ids, key=_natural_key)])

    def link(mid: str) -> str | None:
        if not link_template:
            return None
        return message_link(link_template, conversation_id=case.conversation_id,
                            message_id=mid, case_id=case.case_id)

    row = case_row(case)
    row.update({
        "conversation_id": case.conversation_id,
        "suspected_participant_id": case.suspected_participant_id,
        "partner_participant_id": case.partner_participant_id,
        "updated_at": when(case.updated_at),
        "decided_by": case.decided_by,
        "reason_code": case.reason_code,
        "reported_to": case.reported_to,
        "timeline": [{"message_id": mid, "link": link(mid), "indicators": shown.get(mid, [])}
                     for mid in ids],
        "explanations": [(name, explain(name)) for name in dict.fromkeys(
            name for name, _ in hits)],
    })
    return row


def complaint_row(c: pb.Complaint) -> dict[str, Any]:
    """A complaint as the complaints page shows it (its subject as a keyed hash)."""
    return {
        "complaint_id": c.complaint_id,
        "subject_kind": c.subject_kind,
        "subject_ref": c.subject_ref,
        "channel": cell(c, "channel"),
        "status": cell(c, "status"),
        "reason_code": c.reason_code,
        "created_at": when(c.created_at),
        "resolved_at": when(c.resolved_at),
        "resolved_by": c.resolved_by,
        "overturned": c.overturned,
    }


def event_row(e: pb.AuditEvent) -> dict[str, Any]:
    """An audit event as the audit page shows it."""
    return {"seq": e.seq, "at": when(e.at), "actor": e.actor, "action": e.action,
            "subject_id": e.subject_id, "reason_code": e.reason_code,
            "details": sorted(e.details.items())}


def model_info(info: Message) -> dict[str, Any]:
    """GetModelInfo's answer as the model page shows it."""
    return {"model_version": getattr(info, "model_version", ""),
            "threshold": getattr(info, "threshold", 0.0),
            "feature_version": getattr(info, "feature_version", ""),
            "sha256": getattr(info, "sha256", ""),
            "loaded_at": when(info.loaded_at)}  # type: ignore[attr-defined]

