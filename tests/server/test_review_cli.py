"""Reviewer CLI: lists that page as JSON lines, a table or CSV; backlog stats; and refusals
that say what to do next."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from service.clock import ManualClock
from tests.conftest import Running, StartServer
from tests.server import helpers

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env=env, check=False)


def _page(server: Running, *command: str) -> tuple[list[dict[str, object]], str]:
    """(JSONL rows, next page token or "")."""
    result = _cli(*command, "--target", server.target, "--page-size", "1")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    token = result.stderr.strip().removeprefix("more: --page-token ") if result.stderr else ""
    return rows, token


def _walk(server: Running, *command: str) -> list[dict[str, object]]:
    rows, token = _page(server, *command)
    seen = list(rows)
    while token:
        rows, token = _page(server, *command, "--page-token", token)
        assert len(rows) == 1
        seen += rows
    return seen


def test_an_empty_case_list_prints_nothing(server: Running) -> None:
    result = _cli("cases", "list", "--target", server.target)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_cases_complaints_and_audit_page_as_jsonl(server: Running) -> None:
    ids = [server.scoring.ScoreConversation(helpers.positive(), timeout=10).case_id
           for _ in range(3)]
    assert all(ids)
    assert [c["case_id"] for c in _walk(server, "cases", "list")] == sorted(
        ids, key=ids.index)
    for case_id in ids[:2]:
        filed = _cli("complaints", "file", "--case", case_id, "--channel", "email",
                     "--reason", "wrong_decision", "--target", server.target)
        assert filed.returncode == 0, filed.stderr
    assert len(_walk(server, "complaints", "list")) == 2
    events = _walk(server, "audit")
    assert len(events) >= 3 and len({e["seq"] for e in events}) == len(events)


def test_refusals_say_what_to_do(server: Running) -> None:
    case_id = server.scoring.ScoreConversation(helpers.positive(), timeout=10).case_id
    decided = _cli("cases", "decide", case_id, "confirm", "--reviewer", "alice",
                   "--reason", "clear_indicators", "--target", server.target)
    assert decided.returncode == 1
    assert decided.stderr.startswith("FAILED_PRECONDITION") and "claim it first" in decided.stderr
    for step in (("claim", case_id, "--reviewer", "alice"),
                 ("decide", case_id, "confirm", "--reviewer", "alice",
                  "--reason", "clear_indicators")):
        assert _cli("cases", *step, "--target", server.target).returncode == 0
    reported = _cli("cases", "report", case_id, "--recipient", "police", "--reviewer", "alice",
                    "--target", server.target)
    assert reported.returncode == 1
    line = reported.stderr.strip()
    assert line.startswith("INVALID_ARGUMENT: recipient") and "allowed: eu-centre, ncmec" in line


def _scored_cases(server: Running, n: int, **kw: object) -> list[str]:
    ids = [server.scoring.ScoreConversation(helpers.positive(**kw), timeout=10).case_id
           for _ in range(n)]
    assert all(ids)
    return ids


def test_formats_json_table_and_csv(server: Running) -> None:
    ids = _scored_cases(server, 2)
    assert _cli("cases", "claim", ids[0], "--reviewer", "alice",
                "--target", server.target).returncode == 0

    as_json = _cli("cases", "list", "--format", "json", "--target", server.target)
    assert [json.loads(line)["status"] for line in as_json.stdout.splitlines()] == [
        "CASE_STATUS_IN_REVIEW", "CASE_STATUS_OPEN"]

    as_csv = _cli("cases", "list", "--format", "csv", "--target", server.target)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["case_id"], r["status"], r["claimed_by"]) for r in rows] == [
        (ids[0], "in_review", "alice"), (ids[1], "open", "")]
    assert all(dt.datetime.fromisoformat(r["expires_at"]).tzinfo for r in rows)

    table = _cli("cases", "list", "--format", "table", "--target", server.target)
    header, *lines = table.stdout.splitlines()
    assert header.split() == ["case_id", "status", "score", "model_version", "created_at",
                              "expires_at", "claimed_by", "conversation_id"]
    status_at = header.index("status")
    assert [line[status_at:].split()[0] for line in lines] == ["in_review", "open"]

    filed = _cli("complaints", "file", "--case", ids[1], "--channel", "email",
                 "--reason", "wrong_decision", "--target", server.target)
    assert filed.returncode == 0, filed.stderr
    complaints = list(csv.DictReader(io.StringIO(_cli(
        "complaints", "list", "--format", "csv", "--target", server.target).stdout)))
    assert [(c["status"], c["channel"], c["subject_kind"]) for c in complaints] == [
        ("open", "email", "case")]
    audit = _cli("audit", "--format", "table", "--target", server.target).stdout.splitlines()
    assert audit[0].split() == ["seq", "at", "actor", "action", "reason_code", "subject_id"]
    assert any("case.claimed" in line.split() for line in audit[1:])


def test_a_terminal_gets_a_table_by_default_and_a_pipe_gets_json(server: Running) -> None:
    case_id = _scored_cases(server, 1)[0]
    piped = _cli("cases", "list", "--target", server.target)
    assert json.loads(piped.stdout)["case_id"] == case_id

    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "service", "cases", "list", "--target",
                               server.target], stdout=follower, stderr=subprocess.PIPE,
                              cwd=ROOT, env=env, timeout=60, check=False)
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the writer closed its end
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert proc.returncode == 0, proc.stderr
    header, row = seen.decode().splitlines()[:2]
    assert header.startswith("case_id ") and row.startswith(case_id)


def test_cases_stats_backlog_oldest_and_expiring(start_server: StartServer) -> None:
    opened = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    # Cases opened two days ago with three days' retention expire tomorrow.
    clock = ManualClock(opened)
    served = start_server(clock=clock, retention_open_days=3)
    empty = _cli("cases", "stats", "--format", "json", "--target", served.target)
    assert empty.returncode == 0, empty.stderr
    assert json.loads(empty.stdout)["total"] == 0
    assert json.loads(empty.stdout)["oldest_unreviewed"] is None

    ids = []
    for _ in range(3):  # a minute apart, so the first is the oldest without a tie
        ids += _scored_cases(served, 1, start=opened.timestamp() - 3600)
        clock.advance(dt.timedelta(minutes=1))
    first, claimed, confirmed = ids
    for step in (("claim", claimed, "--reviewer", "alice"),
                 ("claim", confirmed, "--reviewer", "bob"),
                 ("decide", confirmed, "confirm", "--reviewer", "bob",
                  "--reason", "clear_indicators")):
        assert _cli("cases", *step, "--target", served.target).returncode == 0

    result = _cli("cases", "stats", "--format", "json", "--expiring-days", "5",
                  "--target", served.target)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["cases"] == {"open": 1, "in_review": 1, "confirmed": 1, "reported": 0}
    assert stats["total"] == 3
    # The confirmed case is kept 90 days after its decision: not due within 5 days.
    assert stats["expiring"] == {"open": 1, "in_review": 1, "confirmed": 0, "reported": 0}
    assert stats["oldest_unreviewed"]["case_id"] == first
    assert abs(stats["oldest_unreviewed"]["age_s"] - 2 * 86400) < 3600
    none_due = json.loads(_cli("cases", "stats", "--format", "json", "--expiring-days", "0",
                               "--target", served.target).stdout)
    assert none_due["expiring_total"] == 0

    table = _cli("cases", "stats", "--format", "table", "--target", served.target).stdout
    lines = table.splitlines()
    assert lines[0].split() == ["status", "cases", "expiring_within_7d"]
    assert lines[5].split() == ["total", "3", "2"]
    assert lines[6].startswith(f"oldest unreviewed: {first}, waiting 2d ")
