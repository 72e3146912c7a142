"""The transparency report: a golden-file test over a fixed year of events, plus renderer checks.

Regenerate the golden files after an intended change with::

    GOLDEN_UPDATE=1 .venv/bin/python -m pytest tests/review/test_report.py
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from service.clock import ManualClock
from service.errors import InvalidInput
from service.review.cases import Decision, Technology
from service.review.complaints import Resolution
from service.review.counters import DECISION_BUCKETS
from service.review.report import (
    TransparencyReport,
    build_report,
    render_html,
    render_json,
    render_markdown,
    report_from_counters,
)
from service.review.retention import RetentionPolicy
from service.review.sql_store import SqlCaseStore
from service.templating import environment
from tests.review.conftest import Backend
from tests.review.helpers import make_flag, sequential_ids

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"
EARLY = Technology("lr-2025.01", 0.8)
LATE = Technology("lr-2025.07", 0.75)
MODEL_FACTS: dict[str, dict[str, float | str]] = {
    EARLY.model_version: {"precision": 0.912, "recall": 0.781, "model_card": "models/lr-2025.01"},
    LATE.model_version: {"precision": 0.9371, "recall": 0.8042, "model_card": "models/lr-2025.07"},
}
RECIPIENTS = ("eu-centre", "ncmec")


def drive_year(store: SqlCaseStore, clock: ManualClock) -> None:
    """A fixed, varied year of scoring, flags, decisions, reports, complaints and purges."""
    for month in range(1, 13):
        tech = EARLY if month <= 6 else LATE
        clock.set(datetime(2025, month, 2, 8, tzinfo=UTC))
        store.record_scoring(
            tech.model_version,
            tech.threshold,
            conversations=1000 + 37 * month,
            messages=15_000 + 411 * month,
            not_scanned={
                "professional_secrecy": month % 3,
                "no_likely_minor": 20 + month,
                "unsupported_content": 2 * month,
            },
            now=clock.now(),
        )
        flagged_at = clock.now()
        cases = []
        for k in range(2 + month % 4):
            flag = make_flag(
                conversation=f"c-{month}-{k}",
                suspect=f"s-{month}-{k}",
                partner=f"p-{month}-{k}",
                model=tech.model_version,
                threshold=tech.threshold,
                indicators=[("flattery", [f"m-{month}-{k}-1"])],
            )
            cases.append(store.record_flag(flag, flagged_at))
        store.record_flag(  # a repeat flag merges into the first case
            make_flag(
                conversation=f"c-{month}-0",
                suspect=f"s-{month}-0",
                partner=f"p-{month}-0",
                model=tech.model_version,
                threshold=tech.threshold,
                indicators=[("secrecy", [f"m-{month}-0-2"])],
            ),
            flagged_at + timedelta(minutes=30),
        )
        plan = []
        for k, case in enumerate(cases):
            pattern = (month + k + (tech is LATE)) % 5
            delay = timedelta(days=2) if pattern == 3 else timedelta(hours=k + 1)
            plan.append((flagged_at + delay, pattern, k, case.case_id))
        confirmed: list[str] = []
        for when, pattern, k, case_id in sorted(plan):
            if pattern == 4:
                continue  # left unreviewed; retention expires it
            clock.set(when)
            store.claim(case_id, f"rev-{k % 2}", timedelta(minutes=20), when)
            decision = Decision.CONFIRMED if pattern in (0, 1) else Decision.DISMISSED
            store.decide(case_id, decision, f"rev-{k % 2}", "reviewed", when)
            if decision is Decision.CONFIRMED:
                confirmed.append(case_id)
                if pattern == 0:
                    store.report(case_id, "rev-lead", RECIPIENTS[(month + k) % 2], "sent", when)
        clock.set(datetime(2025, month, 10, 12, tzinfo=UTC))
        if confirmed and month % 3 == 0:
            complaint = store.file_complaint(
                case_id=confirmed[0], channel="in_app", reason_code="appeal", now=clock.now()
            )
            clock.advance(timedelta(days=2))
            resolution = Resolution.UPHELD if month % 2 else Resolution.REJECTED
            store.resolve_complaint(
                complaint.complaint_id, resolution, "rev-appeals", "reviewed", clock.now()
            )
        if month == 5:
            store.file_complaint(
                account_ref="acct-1", channel="email", reason_code="restriction", now=clock.now()
            )
        clock.set(datetime(2025, month, 20, 3, tzinfo=UTC))
        store.purge_expired(clock.now())
    clock.set(datetime(2025, 12, 31, 23, tzinfo=UTC))
    store.purge_expired(clock.now())


def year_report(store: SqlCaseStore) -> TransparencyReport:
    return build_report(
        store,
        start=date(2025, 1, 1),
        end=date(2026, 1, 1),
        model_facts=MODEL_FACTS,
        generated_at=datetime(2026, 1, 5, 12, tzinfo=UTC),
    )


def test_golden_report(backend: Backend) -> None:
    ids = sequential_ids()
    store = backend.make(
        recipients=RECIPIENTS, retention=RetentionPolicy(), id_factory=lambda: next(ids)
    )
    drive_year(store, ManualClock(datetime(2025, 1, 1, tzinfo=UTC)))
    report = year_report(store)
    rendered = {
        "transparency_report.json": render_json(report),
        "transparency_report.md": render_markdown(report),
        "transparency_report.html": render_html(report),
    }
    for name, text in rendered.items():
        path = GOLDEN / name
        if UPDATE:
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"missing {path}; run with GOLDEN_UPDATE=1 to create it"
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} differs from the golden file; if the change is intended, "
            "regenerate with GOLDEN_UPDATE=1"
        )


def test_golden_numbers_are_consistent() -> None:
    data = json.loads((GOLDEN / "transparency_report.json").read_text(encoding="utf-8"))
    cases = data["cases"]
    assert cases["decided"] == cases["confirmed"] + cases["dismissed"]
    assert cases["false_positive_ratio"] == round(cases["dismissed"] / cases["decided"], 6)
    assert sum(m["flagged"] for m in data["monthly"]) == cases["flagged"]
    assert sum(data["reports_by_recipient"].values()) == cases["reported"]
    assert sum(t["flagged"] for t in data["technologies"]) == cases["flagged"]
    assert [t["model_version"] for t in data["technologies"]] == ["lr-2025.01", "lr-2025.07"]
    assert cases["expired"] == cases["expired_unreviewed"] + cases["expired_decided"] > 0
    assert data["complaints"]["decisions_overturned"] >= 1
    assert sum(data["flag_to_decision"]["histogram"].values()) == cases["decided"]


def test_renderings_are_self_contained() -> None:
    html = (GOLDEN / "transparency_report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert html.count("<rect") > 12 * 3
    markdown = (GOLDEN / "transparency_report.md").read_text(encoding="utf-8")
    chart = markdown.split("```text\n", 1)[1].split("```", 1)[0]
    assert chart.count("\n") == 1 + 12 * 3
    assert all(len(line) <= 100 for line in chart.splitlines())


def _golden_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / "transparency_report.json").read_text("utf-8"))
    return data


def test_templates_render_the_reports_json_as_the_golden_files() -> None:
    # The console renders the report from GetTransparencyReport's JSON, whose keys are
    # sorted: the templates must need nothing but that data, in any key order.
    data = _golden_data()
    assert list(data["flag_to_decision"]["histogram"]) != [n for n, _ in DECISION_BUCKETS]
    env = environment()
    for template, golden in (("report/report.md.j2", "transparency_report.md"),
                             ("report/report.html.j2", "transparency_report.html")):
        rendered = env.get_template(template).render(report=data)
        assert rendered == (GOLDEN / golden).read_text(encoding="utf-8"), template
    body = env.get_template("report/_body.html.j2").render(report=data)
    page = (GOLDEN / "transparency_report.html").read_text(encoding="utf-8")
    assert body.startswith("<h1>") and body.endswith("</figure>\n")
    assert "<body>\n" + body + "</body>" in page


def _markdown_tables(text: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("| "):
            if not previous.startswith("| "):
                tables.append([])
            if not line.startswith("| ---"):
                tables[-1].append([c.strip() for c in line.strip("|").split(" | ")])
        previous = line
    return tables


def _html_tables(text: str) -> list[list[list[str]]]:
    return [
        [re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", t)]
        for t in re.findall(r"<table>(.*?)</table>", text, flags=re.S)
    ]


def test_markdown_and_html_tables_have_one_orientation() -> None:
    markdown = _markdown_tables((GOLDEN / "transparency_report.md").read_text("utf-8"))
    html = _html_tables((GOLDEN / "transparency_report.html").read_text("utf-8"))
    assert len(markdown) == len(html) == 7
    assert markdown == html
    cases = dict(html[1][1:])
    assert html[1][0] == ["Outcome", "Count"] and cases["Flagged"] == "42"


def test_html_escapes_everything_the_data_holds() -> None:
    data = _golden_data()
    data["technologies"][0]["model_version"] = "<script>alert(1)</script>"
    data["reports_by_recipient"] = {"a&b<i>": 1, "x|y": 2}
    data["technologies"][0]["model_facts"]["note"] = "\"quoted\" <b>"
    body = environment().get_template("report/_body.html.j2").render(report=data)
    assert "<script" not in body and "<i>" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "a&amp;b&lt;i&gt;" in body
    markdown = environment().get_template("report/report.md.j2").render(report=data)
    assert "| x\\|y | 2 |" in markdown


def test_escaping_and_empty_periods() -> None:
    report = report_from_counters(
        [],
        start=date(2025, 1, 1),
        end=date(2025, 3, 1),
        retention=RetentionPolicy(),
        model_facts={"<b>": {"note": "<script>alert(1)</script>|x"}},
        generated_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    assert report.false_positive_ratio is None and report.median_decision_seconds is None
    assert [m.month for m in report.months] == ["2025-01", "2025-02"]
    for text in (render_json(report), render_markdown(report), render_html(report)):
        assert "n/a" in text or "null" in text
        assert "<script>" not in text
    with pytest.raises(InvalidInput):
        report_from_counters(
            [],
            start=date(2025, 2, 1),
            end=date(2025, 2, 1),
            retention=RetentionPolicy(),
            model_facts={},
            generated_at=datetime(2025, 3, 1, tzinfo=UTC),
        )
