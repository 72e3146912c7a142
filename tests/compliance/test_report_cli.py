"""The annual transparency report through the CLI, against a real server.

``grooming-risk report`` is what compliance staff run once a year; it is a plain gRPC
client of ``GetTransparencyReport``. The Markdown this test produces is printed and kept
in ``benchmarks/sample-report.md`` as an example of the real output (refresh it with
``GROOMING_RISK_WRITE_RESULTS=1``; tests never write into the checkout otherwise).
"""

from __future__ import annotations

import calendar
import dataclasses
import json
import os
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.client import request_for
from service.clock import ManualClock
from tests.compliance.conftest import START, Serve, Served, flag_one, synthetic

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "benchmarks" / "sample-report.md"
DAY = START.date()
PERIOD = ("--from", DAY.isoformat(), "--to", DAY.isoformat())  # --to is inclusive


def _cli() -> str:
    """The installed ``grooming-risk`` console script of this environment."""
    local = Path(sys.executable).parent / "grooming-risk"
    found = str(local) if local.exists() else shutil.which("grooming-risk")
    assert found, "the grooming-risk console script is not installed"
    return found


def _report(served: Served, fmt: str, *period: str) -> str:
    result = subprocess.run(
        [_cli(), "report", *(period or PERIOD), "--format", fmt, "--target", served.target],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _activity(served: Served) -> dict[str, int]:
    """Score, flag, confirm, dismiss and report a little; return what was done."""
    done = {"scanned": 0, "not_scanned": 0, "flagged": 0, "confirmed": 0, "dismissed": 0}
    positives = synthetic(6, suspicious=True, seed=61)
    negatives = synthetic(6, suspicious=False, seed=62)
    secrecy = dataclasses.replace(synthetic(1, suspicious=False, seed=63)[0],
                                  professional_secrecy=True)
    case_ids = []
    for conv in [*positives, *negatives, secrecy]:
        r = served.scoring.ScoreConversation(request_for(conv), timeout=10)
        if r.outcome == spb.OUTCOME_NOT_SCANNED:
            done["not_scanned"] += 1
        else:
            done["scanned"] += 1
        if r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW:
            done["flagged"] += 1
            case_ids.append(r.case_id)
    assert len(case_ids) >= 2, "the shipped model flagged fewer than two synthetic positives"
    for case_id, decision in zip(case_ids, (rpb.DECISION_CONFIRMED, rpb.DECISION_DISMISSED),
                                 strict=False):
        served.review.ClaimCase(rpb.ClaimCaseRequest(case_id=case_id, reviewer_id="alice"),
                                timeout=10)
        served.clock.advance(timedelta(minutes=7))
        served.review.DecideCase(rpb.DecideCaseRequest(
            case_id=case_id, decision=decision, reviewer_id="alice", reason="reviewed"),
            timeout=10)
        done["confirmed" if decision == rpb.DECISION_CONFIRMED else "dismissed"] += 1
    served.review.ReportCase(rpb.ReportCaseRequest(
        case_id=case_ids[0], reviewer_id="alice", recipient="eu-centre",
        reason="confirmed_solicitation"), timeout=10)
    # Counters are flushed every second by housekeeping; flush now instead of waiting.
    served.app.screening.counters.flush(served.app.store, served.app.clock.now())
    return done


def test_report_cli_renders_markdown_html_and_json(serve: Serve) -> None:
    served = serve()
    done = _activity(served)

    md = _report(served, "md")
    print(md)  # kept for the closing note
    if os.environ.get("GROOMING_RISK_WRITE_RESULTS") == "1":  # refresh the committed example
        SAMPLE.write_text(md, encoding="utf-8")
    assert md.startswith("# Transparency report")
    assert f"Period: {DAY.isoformat()} to {DAY.isoformat()} (UTC, inclusive)" in md
    assert "| --- |" in md or "| ---: |" in md
    assert "## Cases" in md and "## Complaints" in md and "## Retention" in md
    assert "```text" in md and "bar (# = flagged, + = confirmed, - = dismissed)" in md
    assert f"{DAY:%Y-%m}  flagged" in md

    page = _report(served, "html")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert page.rstrip().endswith("</html>")
    assert "<svg" in page and "</svg>" in page and "<script" not in page.lower()

    data = json.loads(_report(served, "json"))
    cases = data["cases"]
    assert cases["flagged"] == done["flagged"]
    assert (cases["confirmed"], cases["dismissed"], cases["reported"]) == (1, 1, 1)
    assert cases["false_positive_ratio"] == 0.5
    assert data["reports_by_recipient"] == {"eu-centre": 1}
    assert data["data_processed"]["not_scanned_conversations"]["professional_secrecy"] == 1
    assert data["period"] == {"start": DAY.isoformat(),
                              "end_exclusive": (DAY + timedelta(days=1)).isoformat()}
    assert data["retention_days"] == {"unreviewed_days": 30, "confirmed_days": 90,
                                      "reported_days": 90, "dismissed": 0}
    assert [t["model_version"] for t in data["technologies"]] == [
        served.app.screening.scorer.model.version]

    # The next day's report sees none of this.
    later = ("--from", (DAY + timedelta(days=1)).isoformat(),
             "--to", (DAY + timedelta(days=2)).isoformat())
    assert json.loads(_report(served, "json", *later))["cases"]["flagged"] == 0


def test_report_cli_reports_errors_without_a_traceback(serve: Serve) -> None:
    served = serve()
    result = subprocess.run(
        [_cli(), "report", "--from", "2026-02-01", "--to", "2026-01-01", "--format", "md",
         "--target", served.target],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("INVALID_ARGUMENT: to_date")
    assert "Traceback" not in result.stderr


def test_conversations_scanned_excludes_not_scanned(serve: Serve) -> None:
    served = serve()
    done = _activity(served)
    data = json.loads(_report(served, "json"))
    processed = data["data_processed"]
    assert sum(processed["not_scanned_conversations"].values()) == done["not_scanned"]
    assert processed["conversations_scanned"] == done["scanned"]


def test_report_to_date_is_inclusive_as_the_proto_documents(serve: Serve) -> None:
    served = serve()
    _activity(served)
    try:
        response = served.review.GetTransparencyReport(rpb.GetTransparencyReportRequest(
            from_date=DAY.isoformat(), to_date=DAY.isoformat(),
            format=rpb.REPORT_FORMAT_JSON), timeout=10)
    except grpc.RpcError as err:
        pytest.fail(f"{err.code().name}: {err.details()}")
    assert json.loads(response.body)["cases"]["flagged"] >= 2


OPERATIONS = REPO / "docs" / "operations.md"


def _documented_report_commands() -> list[list[str]]:
    """The ``grooming-risk report`` command lines of docs/operations.md, as argv lists."""
    commands = [shlex.split(line) for line in OPERATIONS.read_text(encoding="utf-8").splitlines()
                if line.startswith(".venv/bin/grooming-risk report ")]
    assert commands, "docs/operations.md shows no yearly report command"
    return commands


def _run_documented(argv: list[str], served: Served, tmp_path: Path) -> str:
    """Run a documented command verbatim against ``served``; return what it wrote."""
    args = argv[1:]  # the console script of this environment stands in for .venv/bin/
    out: Path | None = None
    if ">" in args:  # shell redirection: the file after it receives stdout
        i = args.index(">")
        out, args = tmp_path / args[i + 1], args[:i]
    elif "--out" in args:
        i = args.index("--out")
        out = tmp_path / args[i + 1]
        args = [*args[:i + 1], str(out), *args[i + 2:]]
    assert out is not None, f"documented command writes no file: {shlex.join(argv)}"
    result = subprocess.run([_cli(), *args, "--target", served.target],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    if ">" in argv:
        out.write_text(result.stdout, encoding="utf-8")
    return out.read_text(encoding="utf-8")


def test_documented_yearly_report_covers_exactly_one_calendar_year(
    serve: Serve, tmp_path: Path
) -> None:
    # One flag on the last day of 2026 and one on the first day of 2027: the documented
    # 2026 report must count the first and not the second.
    clock = ManualClock(datetime(2026, 12, 31, 23, 0, tzinfo=UTC))
    served = serve(clock=clock)
    flag_one(served, seed=71)
    clock.advance(timedelta(hours=2))
    flag_one(served, seed=72)

    commands = _documented_report_commands()
    assert {argv[argv.index("--format") + 1] for argv in commands} == {"md", "html", "json"}
    for argv in commands:
        body = _run_documented(argv, served, tmp_path)
        start = date.fromisoformat(argv[argv.index("--from") + 1])
        last = date.fromisoformat(argv[argv.index("--to") + 1])
        assert (start.month, start.day, last.month, last.day) == (1, 1, 12, 31), argv
        assert start.year == last.year
        year_days = 366 if calendar.isleap(start.year) else 365
        fmt = argv[argv.index("--format") + 1]
        if fmt == "json":
            data = json.loads(body)
            first = date.fromisoformat(data["period"]["start"])
            end = date.fromisoformat(data["period"]["end_exclusive"])
            assert (first, (end - first).days) == (start, year_days)
            assert data["cases"]["flagged"] == 1, "the report counts a day outside the year"
        else:
            assert f"Period: {start.isoformat()} to {last.isoformat()} (UTC, inclusive)" in body


def test_report_help_says_to_is_inclusive() -> None:
    result = subprocess.run([_cli(), "report", "--help"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    help_text = " ".join(result.stdout.split())
    assert "last day covered, YYYY-MM-DD (UTC, inclusive)" in help_text
    assert "exclusive" not in help_text
