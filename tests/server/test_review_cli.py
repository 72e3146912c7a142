"""Reviewer CLI: JSONL lists that page, and refusals that say what to do next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Running
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
