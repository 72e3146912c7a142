"""The transparency report of Regulation (EU) 2021/1232, Article 3(1)(g)(vii).

Built from the content-free counters only (``counters.py``), so it can be
produced for any period, also after the cases themselves were deleted::

    report = build_report(store, start=date(2025, 1, 1), end=date(2026, 1, 1),
                          model_facts={"lr-2025.01": {"precision": 0.91, "recall": 0.78}},
                          generated_at=clock.now())
    render_json(report); render_markdown(report); render_html(report)

The period is half-open, ``start <= day < end`` (UTC days). Counts are of events
in the period: a case flagged in December and decided in January is flagged in
one year's report and decided in the next.

Every renderer is deterministic -- sorted keys, fixed float formatting, no
clock reads -- so the output can be compared byte for byte with golden files.
Markdown and HTML are rendered from ``report_to_dict()`` by the Jinja2 templates of
``service/templates/report/`` (the sections written once, in ``_sections.j2``), which the
reviewer console shares. Both carry a chart of flags, confirmations and dismissals per
month (a text bar chart / an inline SVG); neither needs external assets or scripts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from service.errors import InvalidInput
from service.review import counters as ctr
from service.review.cases import Technology
from service.review.complaints import UNATTRIBUTED
from service.review.retention import RetentionPolicy
from service.review.store import CaseStore
from service.review.validation import require_utc
from service.templating import environment

REGULATION = "Regulation (EU) 2021/1232, Article 3(1)(g)(vii)"
TITLE = "Transparency report: detection of online child solicitation"

MEASURES: tuple[str, ...] = (
    "Every flag is decided by a human reviewer; nothing is reported automatically.",
    "Each technology flags only above its alert threshold, chosen from the model's "
    "evaluation (see the table of thresholds and model facts).",
    "Dismissed cases (false positives) are deleted immediately; only content-free counters remain.",
    "The review system never stores message text; cases hold references only.",
    "Users can contest decisions; an upheld complaint against a confirmed decision is "
    "counted as an overturned decision of the technology that raised the flag.",
)

Fact = float | str


@dataclass(frozen=True, slots=True)
class TechnologyStats:
    """Outcomes for one technology (model version + threshold)."""

    model_version: str
    threshold: float
    conversations_scanned: int
    messages_scanned: int
    flagged: int
    confirmed: int
    dismissed: int
    reported: int
    expired: int
    decisions_overturned: int
    complaints_filed: int
    median_decision_seconds: float | None
    facts: Mapping[str, Fact]

    @property
    def decided(self) -> int:
        """Cases a reviewer decided: confirmed + dismissed."""
        return self.confirmed + self.dismissed

    @property
    def false_positive_ratio(self) -> float | None:
        """dismissed / decided, or None if nothing was decided."""
        return self.dismissed / self.decided if self.decided else None


@dataclass(frozen=True, slots=True)
class MonthStats:
    """Flags, confirmations and dismissals in one calendar month."""

    month: str
    flagged: int
    confirmed: int
    dismissed: int


@dataclass(frozen=True, slots=True)
class TransparencyReport:
    """Everything the report states, as plain numbers."""

    start: date
    end: date
    generated_at: datetime
    totals: Mapping[str, int]
    not_scanned: Mapping[str, int]
    technologies: tuple[TechnologyStats, ...]
    reports_by_recipient: Mapping[str, int]
    retention: RetentionPolicy
    decision_histogram: Mapping[str, int]
    median_decision_seconds: float | None
    months: tuple[MonthStats, ...]

    def total(self, name: str) -> int:
        """A counter summed over all technologies."""
        return self.totals.get(name, 0)

    @property
    def decided(self) -> int:
        """confirmed + dismissed over all technologies."""
        return self.total(ctr.CONFIRMED) + self.total(ctr.DISMISSED)

    @property
    def false_positive_ratio(self) -> float | None:
        """dismissed / decided over all technologies, or None."""
        return self.total(ctr.DISMISSED) / self.decided if self.decided else None

    @property
    def mean_decision_seconds(self) -> float | None:
        """Mean flag-to-decision time, or None."""
        count = self.total(ctr.DECISION_COUNT)
        return self.total(ctr.DECISION_SECONDS_SUM) / count if count else None


def _months(start: date, end: date) -> list[str]:
    months: list[str] = []
    year, month = start.year, start.month
    while date(year, month, 1) < end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _histogram(values: Mapping[str, int]) -> dict[str, int]:
    return {
        ctr.DECISION_TIME_PREFIX + name: values.get(ctr.DECISION_TIME_PREFIX + name, 0)
        for name, _ in ctr.DECISION_BUCKETS
    }


def report_from_counters(
    rows: Iterable[ctr.CounterRow],
    *,
    start: date,
    end: date,
    retention: RetentionPolicy,
    model_facts: Mapping[str, Mapping[str, Fact]],
    generated_at: datetime,
) -> TransparencyReport:
    """Aggregate counter cells (already limited to the period) into a report."""
    if end <= start:
        raise InvalidInput("end", "must be after start")
    rows = [row for row in rows if start <= row.day < end]
    totals = ctr.totals(rows)
    technologies: list[TechnologyStats] = []
    for technology, values in sorted(ctr.totals_by_technology(rows).items()):
        if technology == UNATTRIBUTED:
            continue
        technologies.append(_technology_stats(technology, values, model_facts))
    monthly: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row.name in (ctr.FLAGGED, ctr.CONFIRMED, ctr.DISMISSED):
            monthly[row.day.strftime("%Y-%m")][row.name] += row.value
    months = tuple(
        MonthStats(
            month,
            monthly[month][ctr.FLAGGED],
            monthly[month][ctr.CONFIRMED],
            monthly[month][ctr.DISMISSED],
        )
        for month in _months(start, end)
    )
    histogram = _histogram(totals)
    return TransparencyReport(
        start=start,
        end=end,
        generated_at=require_utc(generated_at),
        totals=dict(sorted(totals.items())),
        not_scanned={
            reason: totals.get(ctr.not_scanned_name(reason), 0)
            for reason in ctr.NOT_SCANNED_REASONS
        },
        technologies=tuple(technologies),
        reports_by_recipient={
            name.removeprefix(ctr.REPORTED_TO_PREFIX): value
            for name, value in sorted(totals.items())
            if name.startswith(ctr.REPORTED_TO_PREFIX)
        },
        retention=retention,
        decision_histogram=histogram,
        median_decision_seconds=ctr.histogram_median(histogram),
        months=months,
    )


def _technology_stats(
    technology: Technology, values: Mapping[str, int], model_facts: Mapping[str, Mapping[str, Fact]]
) -> TechnologyStats:
    return TechnologyStats(
        model_version=technology.model_version,
        threshold=technology.threshold,
        conversations_scanned=values.get(ctr.CONVERSATIONS_SCORED, 0),
        messages_scanned=values.get(ctr.MESSAGES_SCORED, 0),
        flagged=values.get(ctr.FLAGGED, 0),
        confirmed=values.get(ctr.CONFIRMED, 0),
        dismissed=values.get(ctr.DISMISSED, 0),
        reported=values.get(ctr.REPORTED, 0),
        expired=values.get(ctr.EXPIRED, 0),
        decisions_overturned=values.get(ctr.DECISIONS_OVERTURNED, 0),
        complaints_filed=values.get(ctr.COMPLAINTS_FILED, 0),
        median_decision_seconds=ctr.histogram_median(_histogram(values)),
        facts=dict(sorted(model_facts.get(technology.model_version, {}).items())),
    )


def build_report(
    store: CaseStore,
    *,
    start: date,
    end: date,
    model_facts: Mapping[str, Mapping[str, Fact]] | None = None,
    generated_at: datetime,
) -> TransparencyReport:
    """The report for ``start <= day < end`` from ``store``'s counters and retention policy."""
    return report_from_counters(
        store.counter_rows(start, end),
        start=start,
        end=end,
        retention=store.retention,
        model_facts=model_facts or {},
        generated_at=generated_at,
    )


# -- formatting helpers ------------------------------------------------------------------


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _fact_json(value: Fact) -> Fact:
    return round(value, 6) if isinstance(value, float) else value


def _generated(report: TransparencyReport) -> str:
    return report.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- JSON --------------------------------------------------------------------------------


def report_to_dict(report: TransparencyReport) -> dict[str, Any]:
    """The report as JSON-ready data (rounded floats, no dataclasses)."""
    t = report.total
    return {
        "complaints": {
            "decisions_overturned": t(ctr.DECISIONS_OVERTURNED),
            "filed": t(ctr.COMPLAINTS_FILED),
            "rejected": t(ctr.COMPLAINTS_REJECTED),
            "upheld": t(ctr.COMPLAINTS_UPHELD),
        },
        "cases": {
            "confirmed": t(ctr.CONFIRMED),
            "decided": report.decided,
            "dismissed": t(ctr.DISMISSED),
            "expired": t(ctr.EXPIRED),
            "expired_decided": t(ctr.EXPIRED_DECIDED),
            "expired_unreviewed": t(ctr.EXPIRED_UNREVIEWED),
            "false_positive_ratio": _ratio(report.false_positive_ratio),
            "flagged": t(ctr.FLAGGED),
            "reported": t(ctr.REPORTED),
        },
        "data_processed": {
            "conversations_scanned": t(ctr.CONVERSATIONS_SCORED),
            "messages_scanned": t(ctr.MESSAGES_SCORED),
            "not_scanned_conversations": dict(report.not_scanned),
        },
        "flag_to_decision": {
            "decisions": t(ctr.DECISION_COUNT),
            "histogram": {
                name.removeprefix(ctr.DECISION_TIME_PREFIX): value
                for name, value in report.decision_histogram.items()
            },
            "mean_seconds": _seconds(report.mean_decision_seconds),
            "median_seconds_estimated": _seconds(report.median_decision_seconds),
        },
        "measures_limiting_errors": list(MEASURES),
        "monthly": [
            {
                "confirmed": m.confirmed,
                "dismissed": m.dismissed,
                "flagged": m.flagged,
                "month": m.month,
            }
            for m in report.months
        ],
        "period": {
            "end_exclusive": report.end.isoformat(),
            "start": report.start.isoformat(),
        },
        "regulation": REGULATION,
        "reports_by_recipient": dict(report.reports_by_recipient),
        "retention_days": {**report.retention.as_dict(), "dismissed": 0},
        "generated_at": _generated(report),
        "technologies": [
            {
                "complaints_filed": tech.complaints_filed,
                "confirmed": tech.confirmed,
                "conversations_scanned": tech.conversations_scanned,
                "decided": tech.decided,
                "decisions_overturned": tech.decisions_overturned,
                "dismissed": tech.dismissed,
                "expired": tech.expired,
                "false_positive_ratio": _ratio(tech.false_positive_ratio),
                "flagged": tech.flagged,
                "median_decision_seconds_estimated": _seconds(tech.median_decision_seconds),
                "messages_scanned": tech.messages_scanned,
                "model_facts": {key: _fact_json(value) for key, value in tech.facts.items()},
                "model_version": tech.model_version,
                "reported": tech.reported,
                "threshold": tech.threshold,
            }
            for tech in report.technologies
        ],
        "title": TITLE,
    }


def render_json(report: TransparencyReport) -> str:
    """The report as pretty-printed JSON with sorted keys and a trailing newline."""
    return json.dumps(report_to_dict(report), indent=2, sort_keys=True, ensure_ascii=True) + "\n"


# -- Markdown and HTML -------------------------------------------------------------------
# Both render report_to_dict() through the templates of service/templates/report/: the
# sections are written once (_sections.j2), the formats differ only in how a block looks.


def _render(template: str, report: TransparencyReport) -> str:
    return environment().get_template(template).render(report=report_to_dict(report))


def render_markdown(report: TransparencyReport) -> str:
    """The report as Markdown with a text bar chart per month."""
    return _render("report/report.md.j2", report)


def render_html(report: TransparencyReport) -> str:
    """The report as a self-contained HTML page with an inline SVG chart (no scripts)."""
    return _render("report/report.html.j2", report)


RENDERERS: dict[str, Callable[[TransparencyReport], str]] = {
    "html": render_html,
    "json": render_json,
    "md": render_markdown,
}
"""Renderers by output format name (for the CLI)."""
