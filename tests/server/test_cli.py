"""CLI smoke test: the installed ``grooming-risk`` script against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Running

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "conversations.jsonl"
SCRIPT = Path(sys.executable).parent / "grooming-risk"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env=env, check=False)


def test_score_then_list_cases(server: Running) -> None:
    assert SCRIPT.exists(), SCRIPT
    expected_ids = [json.loads(line)["conversation_id"]
                    for line in EXAMPLES.read_text(encoding="utf-8").splitlines()
                    if line.strip()]

    scored = _run("score", str(EXAMPLES), "--target", server.target)
    assert scored.returncode == 0, scored.stderr
    rows = [json.loads(line) for line in scored.stdout.splitlines() if line.strip()]
    assert [r["conversation_id"] for r in rows] == expected_ids
    for r in rows:
        assert {"conversation_id", "outcome", "suspicious", "case_id"} <= set(r), r
        assert "score" not in r and "text" not in r
        assert r["outcome"] in {"not_suspicious", "flagged_for_review", "not_scanned"}, r
        assert r["suspicious"] == (r["outcome"] == "flagged_for_review")
        assert bool(r["case_id"]) == r["suspicious"]
        assert ("not_scanned_reason" in r) == (r["outcome"] == "not_scanned")
    flagged = {r["case_id"]: r["conversation_id"] for r in rows if r["suspicious"]}
    assert flagged, "the examples include clear positives"

    listed = _run("cases", "list", "--target", server.target, "--page-size", "500")
    assert listed.returncode == 0, listed.stderr
    listed_cases = [json.loads(line) for line in listed.stdout.splitlines()]  # JSONL
    cases = {c["case_id"]: c["conversation_id"] for c in listed_cases}
    assert cases == flagged
    for c in listed_cases:
        assert c["status"] == "CASE_STATUS_OPEN"
        assert c["message_ids"] and c["indicator_codes"]


def test_client_reports_an_unreachable_server(server: Running) -> None:
    port = server.app.port
    server.app.stop(0)
    listed = _run("cases", "list", "--target", f"127.0.0.1:{port}")
    assert listed.returncode == 1
    assert listed.stderr.startswith("UNAVAILABLE")
