"""How the transparency report's numbers read: the Jinja2 filters of ``templates/report/``.

The templates render ``report_to_dict()`` -- also after a JSON round trip, as the console
receives it -- so every filter takes that plain data, never the report dataclasses, and
nothing here depends on the order of a mapping's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from service.review import counters as ctr

CHART_WIDTH = 40
"""Characters of the longest bar of the text chart."""

SERIES: tuple[tuple[str, str, str], ...] = (
    ("flagged", "#4c78a8", "#"),
    ("confirmed", "#e45756", "+"),
    ("dismissed", "#54a24b", "-"),
)
"""The chart's series: name, SVG colour, text-chart fill character."""


def ratio(value: float | None) -> str:
    """``0.5152 (51.52 %)``, or ``n/a`` for a ratio of nothing."""
    return "n/a" if value is None else f"{value:.4f} ({value * 100:.2f} %)"


def threshold(value: float) -> str:
    """An alert threshold with four decimals."""
    return f"{value:.4f}"


def fact(value: object) -> str:
    """A model fact: floats with four decimals, anything else as written."""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def duration(seconds: float | None) -> str:
    """Hours below two days, days above; ``n/a`` when nothing was decided."""
    if seconds is None:
        return "n/a"
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def period(value: Mapping[str, str]) -> str:
    """The half-open period of the data as the inclusive day range readers expect."""
    last = date.fromisoformat(value["end_exclusive"]) - timedelta(days=1)
    return f"{value['start']} to {last.isoformat()} (UTC, inclusive)"


def decision_buckets(histogram: Mapping[str, int]) -> list[tuple[str, int]]:
    """The flag-to-decision histogram in bucket order (JSON sorts its keys)."""
    return [(name, histogram.get(name, 0)) for name, _ in ctr.DECISION_BUCKETS]


def markdown_cell(value: object) -> str:
    """A value made safe for one Markdown table cell."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _peak(monthly: Sequence[Mapping[str, Any]]) -> int:
    return max((int(m[name]) for m in monthly for name, _, _ in SERIES), default=0)


def _bar(value: int, maximum: int) -> int:
    if value <= 0 or maximum <= 0:
        return 0
    return max(1, (value * CHART_WIDTH + maximum // 2) // maximum)


def text_chart(monthly: Sequence[Mapping[str, Any]]) -> list[str]:
    """A fixed-width bar chart: one line per month and series, under a header line."""
    maximum = _peak(monthly)
    lines = [
        f"{'month':<8} {'series':<10} {'count':>6}  bar (# = flagged, + = confirmed, - = dismissed)"
    ]
    for m in monthly:
        for name, _, fill in SERIES:
            value = int(m[name])
            month = m["month"] if name == SERIES[0][0] else ""
            lines.append(
                f"{month:<8} {name:<10} {value:>6}  {fill * _bar(value, maximum)}".rstrip()
            )
    return lines


def svg_chart(monthly: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The geometry of the grouped SVG bar chart; ``_html.html.j2`` draws it.

    Coordinates come preformatted as strings so the markup is byte-for-byte stable.
    """
    bar, gap, group_gap = 12, 2, 14
    group = 3 * bar + 2 * gap + group_gap
    left, right, top, bottom, plot_h = 44, 12, 28, 36, 160
    width = left + max(1, len(monthly)) * group + right
    step = max(1, -(-_peak(monthly) // 4))
    ceiling = step * 4
    baseline = top + plot_h
    ticks = []
    for tick in range(5):
        y = baseline - tick * step * plot_h / ceiling
        ticks.append({"value": tick * step, "y": f"{y:.1f}", "label_y": f"{y + 3:.1f}"})
    months = []
    for index, m in enumerate(monthly):
        x0 = left + index * group + group_gap // 2
        bars = []
        for series, (name, colour, _) in enumerate(SERIES):
            value = int(m[name])
            h = value * plot_h / ceiling
            bars.append({"series": name, "colour": colour, "value": value,
                         "x": x0 + series * (bar + gap), "y": f"{baseline - h:.1f}",
                         "height": f"{h:.1f}"})
        months.append({"month": m["month"], "bars": bars,
                       "label_x": f"{x0 + (3 * bar + 2 * gap) / 2:.1f}"})
    return {
        "width": width,
        "height": baseline + bottom,
        "left": left,
        "right": width - right,
        "baseline": baseline,
        "bar_width": bar,
        "legend": [{"series": name, "colour": colour, "x": left + i * 90}
                   for i, (name, colour, _) in enumerate(SERIES)],
        "ticks": ticks,
        "months": months,
    }


FILTERS: dict[str, Callable[..., Any]] = {
    "ratio": ratio,
    "threshold": threshold,
    "fact": fact,
    "duration": duration,
    "period": period,
    "decision_buckets": decision_buckets,
    "markdown_cell": markdown_cell,
    "text_chart": text_chart,
    "svg_chart": svg_chart,
}
"""The report's filters by template name."""
