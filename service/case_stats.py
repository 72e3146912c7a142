"""``cases stats``: the review backlog as a reviewer lead sees it, from ListCases pages.

Counted on the client from the cases a reviewer may list anyway, so it needs no RPC and
no role beyond ``reviewer``; a backlog large enough to make paging through it slow is a
backlog the Prometheus gauges (``grooming_risk_cases``) should be watched for instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from service.api.grooming_risk.v1 import review_pb2 as pb
from service.listing import cell, write_table

#: Statuses a listed case can have (dismissed and expired cases are deleted).
LISTED = ("open", "in_review", "confirmed", "reported")
UNREVIEWED = ("open", "in_review")


@dataclass
class CaseStats:
    """Counts per status, the oldest unreviewed case, and cases due to expire soon."""

    now: datetime
    within_days: int
    cases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LISTED, 0))
    expiring: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LISTED, 0))
    oldest_unreviewed_case_id: str = ""
    oldest_unreviewed_opened: datetime | None = None

    def add(self, case: pb.Case) -> None:
        """Count one case."""
        status = cell(case, "status")
        self.cases[status] = self.cases.get(status, 0) + 1
        if case.HasField("expires_at"):
            expires = case.expires_at.ToDatetime(tzinfo=UTC)
            if expires <= self.now + timedelta(days=self.within_days):
                self.expiring[status] = self.expiring.get(status, 0) + 1
        if status in UNREVIEWED and case.HasField("created_at"):
            opened = case.created_at.ToDatetime(tzinfo=UTC)
            if self.oldest_unreviewed_opened is None or opened < self.oldest_unreviewed_opened:
                self.oldest_unreviewed_opened = opened
                self.oldest_unreviewed_case_id = case.case_id

    @property
    def oldest_unreviewed_age_s(self) -> float | None:
        """Seconds the oldest open or in-review case has waited; None when none waits."""
        if self.oldest_unreviewed_opened is None:
            return None
        return max((self.now - self.oldest_unreviewed_opened).total_seconds(), 0.0)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (one object)."""
        opened = self.oldest_unreviewed_opened
        return {
            "cases": self.cases,
            "total": sum(self.cases.values()),
            "oldest_unreviewed": None if opened is None else {
                "case_id": self.oldest_unreviewed_case_id,
                "opened_at": opened.isoformat(timespec="seconds"),
                "age_s": round(self.oldest_unreviewed_age_s or 0.0, 1),
            },
            "expiring_within_days": self.within_days,
            "expiring": self.expiring,
            "expiring_total": sum(self.expiring.values()),
            "as_of": self.now.isoformat(timespec="seconds"),
        }

    def write_table(self, out: IO[str]) -> None:
        """A table per status, then one line about the oldest unreviewed case."""
        head = ["status", "cases", f"expiring_within_{self.within_days}d"]
        rows = [[s, str(n), str(self.expiring.get(s, 0))] for s, n in self.cases.items()]
        rows.append(["total", str(sum(self.cases.values())), str(sum(self.expiring.values()))])
        write_table([head, *rows], out)
        age, opened = self.oldest_unreviewed_age_s, self.oldest_unreviewed_opened
        if age is None or opened is None:
            out.write("oldest unreviewed: none\n")
        else:
            out.write(f"oldest unreviewed: {self.oldest_unreviewed_case_id}, waiting "
                      f"{_duration(age)} (opened {opened.isoformat(timespec='seconds')})\n")


def _duration(seconds: float) -> str:
    days, rest = divmod(int(seconds), 86400)
    return f"{days}d {rest // 3600}h" if days else f"{rest // 3600}h {rest % 3600 // 60}m"


def case_stats(cases: Iterable[pb.Case], now: datetime, within_days: int) -> CaseStats:
    """Stats over ``cases`` as of ``now``; "expiring" means expires_at <= now + within_days."""
    stats = CaseStats(now=now, within_days=within_days)
    for case in cases:
        stats.add(case)
    return stats


__all__: Sequence[str] = ["CaseStats", "case_stats"]
