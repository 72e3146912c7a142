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
The Markdown and HTML renderings carry a chart of flags, confirmations and
dismissals per month (a text bar chart / an inline SVG); neither needs external
assets or scripts.
"""

from __future__ import annotations

import html
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

REGULATION = "Regulation (EU) 2021/1232, Article 3(1)(g)(vii)"
TITLE = "Transparency report: detection of online child solicitation"
CHART_WIDTH = 40

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


def _fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f} ({value * 100:.2f} %)"


def _fmt_threshold(value: float) -> str:
    return f"{value:.4f}"


def _fmt_fact(value: Fact) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def _period(report: TransparencyReport) -> str:
    last = date.fromordinal(report.end.toordinal() - 1)
    return f"{report.start.isoformat()} to {last.isoformat()} (UTC, inclusive)"


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


# -- Markdown ----------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: Iterable[list[str]], numeric_from: int = 1) -> list[str]:
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines.extend("| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows)
    lines.append("")
    return lines


def _bar(value: int, maximum: int) -> int:
    if value <= 0 or maximum <= 0:
        return 0
    return max(1, (value * CHART_WIDTH + maximum // 2) // maximum)


def text_chart(months: Iterable[MonthStats]) -> list[str]:
    """A fixed-width bar chart: one line per month and series."""
    months = list(months)
    maximum = max((max(m.flagged, m.confirmed, m.dismissed) for m in months), default=0)
    lines = [
        f"{'month':<8} {'series':<10} {'count':>6}  bar (# = flagged, + = confirmed, - = dismissed)"
    ]
    for m in months:
        for label, value, fill in (
            ("flagged", m.flagged, "#"),
            ("confirmed", m.confirmed, "+"),
            ("dismissed", m.dismissed, "-"),
        ):
            month = m.month if label == "flagged" else ""
            lines.append(
                f"{month:<8} {label:<10} {value:>6}  {fill * _bar(value, maximum)}".rstrip()
            )
    return lines


# -- tables shared by the Markdown and HTML renderers -------------------------------------

Table = tuple[list[str], list[list[str]]]


def _data_processed_table(report: TransparencyReport) -> Table:
    t = report.total
    rows = [
        ["Conversations scanned", str(t(ctr.CONVERSATIONS_SCORED))],
        ["Messages scanned", str(t(ctr.MESSAGES_SCORED))],
    ]
    rows += [
        [f"Conversations not scanned: {reason}", str(n)] for reason, n in report.not_scanned.items()
    ]
    return ["Measure", "Count"], rows


def _technology_table(report: TransparencyReport) -> Table:
    header = ["Model version", "Threshold", "Flagged", "Confirmed", "Dismissed", "Decided",
              "False-positive ratio", "Overturned decisions"]
    rows = [
        [
            tech.model_version,
            _fmt_threshold(tech.threshold),
            str(tech.flagged),
            str(tech.confirmed),
            str(tech.dismissed),
            str(tech.decided),
            _fmt_ratio(tech.false_positive_ratio),
            str(tech.decisions_overturned),
        ]
        for tech in report.technologies
    ]
    return header, rows


def _facts_table(report: TransparencyReport) -> Table:
    fact_keys = sorted({key for tech in report.technologies for key in tech.facts})
    rows = [
        [
            tech.model_version,
            _fmt_threshold(tech.threshold),
            *(_fmt_fact(tech.facts[k]) if k in tech.facts else "n/a" for k in fact_keys),
        ]
        for tech in report.technologies
    ]
    return ["Model version", "Threshold", *fact_keys], rows


def _recipients_table(report: TransparencyReport) -> Table:
    rows = [[name, str(n)] for name, n in report.reports_by_recipient.items()]
    return ["Organisation", "Reports"], rows or [["(none)", "0"]]


def _decision_time_table(report: TransparencyReport) -> Table:
    rows = [
        [name.removeprefix(ctr.DECISION_TIME_PREFIX), str(n)]
        for name, n in report.decision_histogram.items()
    ]
    return ["Time to decision", "Decisions"], rows


def render_markdown(report: TransparencyReport) -> str:
    """The report as Markdown with a text bar chart per month."""
    t = report.total
    out: list[str] = [f"# {TITLE}", ""]
    out += [
        f"{REGULATION}.",
        "",
        f"- Period: {_period(report)}",
        f"- Generated: {_generated(report)}",
        "",
    ]
    out += ["## Data processed", ""]
    out += _table(*_data_processed_table(report))
    out += ["## Cases", ""]
    out += _table(
        [
            "Flagged",
            "Confirmed",
            "Dismissed",
            "Reported",
            "Expired unreviewed",
            "Expired after decision",
            "False-positive ratio",
        ],
        [
            [
                str(t(ctr.FLAGGED)),
                str(t(ctr.CONFIRMED)),
                str(t(ctr.DISMISSED)),
                str(t(ctr.REPORTED)),
                str(t(ctr.EXPIRED_UNREVIEWED)),
                str(t(ctr.EXPIRED_DECIDED)),
                _fmt_ratio(report.false_positive_ratio),
            ]
        ],
        numeric_from=0,
    )
    out += [
        "False-positive ratio = dismissed / decided, where decided = confirmed + dismissed.",
        "",
    ]
    out += ["## False positives per technology", ""]
    out += _table(*_technology_table(report), numeric_from=1)
    out += ["## Measures that limit errors", ""]
    out += [f"- {measure}" for measure in MEASURES] + [""]
    out += _table(*_facts_table(report))
    out += ["## Complaints", ""]
    out += _table(
        ["Filed", "Upheld", "Rejected", "Decisions overturned"],
        [
            [
                str(t(ctr.COMPLAINTS_FILED)),
                str(t(ctr.COMPLAINTS_UPHELD)),
                str(t(ctr.COMPLAINTS_REJECTED)),
                str(t(ctr.DECISIONS_OVERTURNED)),
            ]
        ],
        numeric_from=0,
    )
    out += ["## Reports by recipient organisation", ""]
    out += _table(*_recipients_table(report))
    out += ["## Retention", ""]
    r = report.retention
    out += [
        f"- Unreviewed cases: {r.unreviewed_days} days after the latest flag",
        f"- Confirmed cases: {r.confirmed_days} days after the decision",
        f"- Reported cases: {r.reported_days} days after the report",
        "- Dismissed cases: deleted immediately",
        "",
    ]
    out += ["## Flag-to-decision time", ""]
    out += [
        f"- Decisions: {t(ctr.DECISION_COUNT)}",
        f"- Median (estimated from the histogram): {_fmt_duration(report.median_decision_seconds)}",
        f"- Mean: {_fmt_duration(report.mean_decision_seconds)}",
        "",
    ]
    out += _table(*_decision_time_table(report))
    out += ["## Flags, confirmations and dismissals per month", "", "```text"]
    out += text_chart(report.months)
    out += ["```", ""]
    return "\n".join(out)


# -- HTML --------------------------------------------------------------------------------

_SERIES: tuple[tuple[str, str], ...] = (
    ("flagged", "#4c78a8"),
    ("confirmed", "#e45756"),
    ("dismissed", "#54a24b"),
)


def svg_chart(months: Iterable[MonthStats]) -> str:
    """An inline SVG grouped bar chart of flags, confirmations and dismissals per month."""
    months = list(months)
    bar, gap, group_gap = 12, 2, 14
    group = 3 * bar + 2 * gap + group_gap
    left, right, top, bottom, plot_h = 44, 12, 28, 36, 160
    width = left + max(1, len(months)) * group + right
    height = top + plot_h + bottom
    maximum = max((max(m.flagged, m.confirmed, m.dismissed) for m in months), default=0)
    step = max(1, -(-maximum // 4))
    ceiling = step * 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Flags, confirmations and dismissals per month">',
        "<style>text{font-family:sans-serif;font-size:10px;fill:#333}</style>",
    ]
    for index, (label, colour) in enumerate(_SERIES):
        x = left + index * 90
        parts.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="17">{label}</text>')
    for tick in range(5):
        value = tick * step
        y = top + plot_h - value * plot_h / ceiling
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            'stroke="#ddd" stroke-width="1"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 3:.1f}" text-anchor="end">{value}</text>')
    for index, m in enumerate(months):
        x0 = left + index * group + group_gap // 2
        for series, (label, colour) in enumerate(_SERIES):
            value = int(getattr(m, label))
            h = value * plot_h / ceiling
            x = x0 + series * (bar + gap)
            parts.append(
                f'<rect x="{x}" y="{top + plot_h - h:.1f}" width="{bar}" height="{h:.1f}" '
                f'fill="{colour}"><title>{html.escape(m.month)} {label}: {value}</title></rect>'
            )
        parts.append(
            f'<text x="{x0 + (3 * bar + 2 * gap) / 2:.1f}" y="{top + plot_h + 14}" '
            f'text-anchor="middle">{html.escape(m.month)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#333" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _html_table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    out = [
        "<table>",
        "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


_CSS = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}"
    "th:first-child,td:first-child{text-align:left}"
)


def render_html(report: TransparencyReport) -> str:
    """The report as a self-contained HTML page with an inline SVG chart (no scripts)."""
    t = report.total
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(TITLE)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(TITLE)}</h1>",
        f"<p>{e(REGULATION)}. Period: {e(_period(report))}. "
        f"Generated: {e(_generated(report))}.</p>",
        "<h2>Data processed</h2>",
    ]
    out += _html_table(*_data_processed_table(report))
    out.append("<h2>Cases</h2>")
    out += _html_table(
        ["Outcome", "Count"],
        [
            ["Flagged", str(t(ctr.FLAGGED))],
            ["Confirmed", str(t(ctr.CONFIRMED))],
            ["Dismissed", str(t(ctr.DISMISSED))],
            ["Reported", str(t(ctr.REPORTED))],
            ["Expired unreviewed", str(t(ctr.EXPIRED_UNREVIEWED))],
            ["Expired after decision", str(t(ctr.EXPIRED_DECIDED))],
            ["False-positive ratio", _fmt_ratio(report.false_positive_ratio)],
        ],
    )
    out.append(
        "<p>False-positive ratio = dismissed / decided, where decided = confirmed + dismissed.</p>"
    )
    out.append("<h2>False positives per technology</h2>")
    out += _html_table(*_technology_table(report))
    out.append("<h2>Measures that limit errors</h2>")
    out.append("<ul>" + "".join(f"<li>{e(m)}</li>" for m in MEASURES) + "</ul>")
    out += _html_table(*_facts_table(report))
    out.append("<h2>Complaints</h2>")
    out += _html_table(
        ["Outcome", "Count"],
        [
            ["Filed", str(t(ctr.COMPLAINTS_FILED))],
            ["Upheld", str(t(ctr.COMPLAINTS_UPHELD))],
            ["Rejected", str(t(ctr.COMPLAINTS_REJECTED))],
            ["Decisions overturned", str(t(ctr.DECISIONS_OVERTURNED))],
        ],
    )
    out.append("<h2>Reports by recipient organisation</h2>")
    out += _html_table(*_recipients_table(report))
    r = report.retention
    out.append("<h2>Retention</h2>")
    out.append(
        "<ul>"
        f"<li>Unreviewed cases: {r.unreviewed_days} days after the latest flag</li>"
        f"<li>Confirmed cases: {r.confirmed_days} days after the decision</li>"
        f"<li>Reported cases: {r.reported_days} days after the report</li>"
        "<li>Dismissed cases: deleted immediately</li>"
        "</ul>"
    )
    out.append("<h2>Flag-to-decision time</h2>")
    out.append(
        "<ul>"
        f"<li>Decisions: {t(ctr.DECISION_COUNT)}</li>"
        "<li>Median (estimated from the histogram): "
        f"{e(_fmt_duration(report.median_decision_seconds))}</li>"
        f"<li>Mean: {e(_fmt_duration(report.mean_decision_seconds))}</li>"
        "</ul>"
    )
    out += _html_table(*_decision_time_table(report))
    out.append("<h2>Flags, confirmations and dismissals per month</h2>")
    out.append("<figure>")
    out.append(svg_chart(report.months))
    out.append("</figure>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


RENDERERS: dict[str, Callable[[TransparencyReport], str]] = {
    "html": render_html,
    "json": render_json,
    "md": render_markdown,
}
"""Renderers by output format name (for the CLI)."""
