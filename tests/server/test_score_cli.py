"""The ``score`` command as a user meets it: a real CLI process against a real server.

Every mistake is one line on stderr and a documented exit status (docs/operations.md,
"Exit codes"), never a traceback; output has one line per input line so a run can resume.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Running, StartServer
from tests.security.certs import Authority

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "conversations.jsonl"


def _score(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    return subprocess.run([sys.executable, "-m", "service", "score", *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
                          check=False)


def _one_line(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_missing_file_and_directory_are_usage_errors(server: Running, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    line = _one_line(_score(missing, "--target", server.target), 2)
    assert str(missing) in line and "No such file" in line
    line = _one_line(_score(tmp_path, "--target", server.target), 2)
    assert str(tmp_path) in line and "directory" in line


def test_wrong_port_names_the_target(server: Running) -> None:
    port = server.app.port
    server.app.stop(0)
    line = _one_line(_score(EXAMPLES, "--target", f"127.0.0.1:{port}"), 1)
    assert line.startswith("UNAVAILABLE") and f"127.0.0.1:{port}" in line
    assert "--skip 0" in line


def test_tls_mismatch_says_what_to_pass(start_server: StartServer, tmp_path: Path) -> None:
    ca = Authority(tmp_path)
    cert = ca.issue("localhost", server=True)
    tls = start_server(tls_cert=cert.cert, tls_key=cert.key)
    line = _one_line(_score(EXAMPLES, "--target", tls.target), 1)
    assert "UNAVAILABLE" in line and "--ca" in line
    plain = start_server()
    line = _one_line(_score(EXAMPLES, "--target", plain.target, "--ca", ca.pem.cert), 1)
    assert "UNAVAILABLE" in line and plain.target in line


def test_lapsed_legal_basis_is_one_line(start_server: StartServer) -> None:
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    served = start_server(legal_basis="Regulation (EU) 2021/1232",
                          legal_basis_valid_until=yesterday)
    line = _one_line(_score(EXAMPLES, "--target", served.target), 1)
    assert line.startswith("FAILED_PRECONDITION") and yesterday.isoformat() in line


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, int]:
    """Five lines (valid, unreadable JSON, valid, too long for the server, valid) and the
    server's max_messages that rejects the long one only."""
    good = EXAMPLES.read_text(encoding="utf-8").splitlines()
    limit = max(len(json.loads(line)["messages"]) for line in good[:3])
    long = next(line for line in good if len(json.loads(line)["messages"]) > limit)
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([good[0], "{not json", good[1], long, good[2]]) + "\n\n",
                    encoding="utf-8")
    return path, limit


def test_rejected_lines_give_exit_3_a_summary_and_a_resume_point(
        start_server: StartServer, mixed: tuple[Path, int]) -> None:
    path, limit = mixed
    served = start_server(max_messages=limit)
    full = _score(path, "--target", served.target)
    summary = _one_line(full, 3)
    assert summary.startswith("score: 5 lines,") and summary.endswith(", 2 rejected")
    rows = [json.loads(line) for line in full.stdout.splitlines()]
    ids = [json.loads(line)["conversation_id"]
           for line in EXAMPLES.read_text(encoding="utf-8").splitlines()[:3]]
    assert len(rows) == 5  # one per non-blank input line, in input order
    assert [r["outcome"] == "rejected" for r in rows] == [False, True, False, True, False]
    assert rows[1]["error"]["code"] == "INVALID_ARGUMENT"
    assert rows[1]["error"]["message"].startswith("line 2: ")
    assert rows[3]["error"]["code"] == "INVALID_ARGUMENT"
    assert [rows[0]["conversation_id"], rows[2]["conversation_id"],
            rows[4]["conversation_id"]] == ids

    resumed = _score(path, "--target", served.target, "--skip", "3")
    assert resumed.returncode == 3, resumed.stderr
    tail = [json.loads(line) for line in resumed.stdout.splitlines()]
    assert [(r["conversation_id"], r["outcome"]) for r in tail] == [
        (r["conversation_id"], r["outcome"]) for r in rows[3:]]
    assert resumed.stderr.startswith("score: 2 lines,")

    clean = _score(path, "--target", served.target, "--skip", "4")
    assert clean.returncode == 0, clean.stderr


def test_progress_only_when_asked_or_on_a_terminal(server: Running) -> None:
    quiet = _score(EXAMPLES, "--target", server.target)
    assert quiet.returncode == 0, quiet.stderr
    assert "/40 lines" not in quiet.stderr
    loud = _score(EXAMPLES, "--target", server.target, "--progress")
    assert loud.returncode == 0, loud.stderr
    assert "score: 40/40 lines" in loud.stderr.splitlines()


def test_proto_field_names_score_like_ours_and_both_spellings_are_rejected(
    server: Running, tmp_path: Path
) -> None:
    ours = json.loads(EXAMPLES.read_text(encoding="utf-8").splitlines()[0])
    proto_named = {("id" if k == "conversation_id" else k): v for k, v in ours.items()}
    proto_named["messages"] = [{("sender_id" if k == "sender" else k): v for k, v in m.items()}
                               for m in ours["messages"]]
    twice = {**ours, "id": ours["conversation_id"]}
    path = tmp_path / "aliases.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (ours, proto_named, twice)) + "\n",
                    encoding="utf-8")
    result = _score(path, "--target", server.target)
    assert result.returncode == 3, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[1]["conversation_id"] == ours["conversation_id"]
    assert rows[1]["outcome"] == rows[0]["outcome"] != "rejected"
    assert rows[2]["outcome"] == "rejected"
    assert rows[2]["error"]["message"].startswith("line 3: conversation_id: is given twice")


def _rows(text: str) -> list[tuple[str, str]]:
    return [(r["conversation_id"], r["outcome"]) for r in map(json.loads, text.splitlines())]


def test_dash_reads_stdin(start_server: StartServer, mixed: tuple[Path, int]) -> None:
    path, limit = mixed
    served = start_server(max_messages=limit)
    from_file = _score(path, "--target", served.target)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    piped = subprocess.run([sys.executable, "-m", "service", "score", "-", "--target",
                            served.target, "--progress"],
                           input=path.read_text(encoding="utf-8"), capture_output=True,
                           text=True, timeout=120, cwd=ROOT, env=env, check=False)
    assert piped.returncode == 3, piped.stderr
    assert _rows(piped.stdout) == _rows(from_file.stdout)
    assert len(_rows(piped.stdout)) == 5
    assert "score: 5 lines" in piped.stderr.splitlines()  # progress without a total


def test_resume_continues_an_output_file_after_its_complete_lines(
        start_server: StartServer, mixed: tuple[Path, int], tmp_path: Path) -> None:
    path, limit = mixed
    served = start_server(max_messages=limit)
    full = _score(path, "--target", served.target).stdout.splitlines()
    out = tmp_path / "scored.jsonl"
    # An interrupted run: two complete lines and half of the third.
    out.write_text(full[0] + "\n" + full[1] + "\n" + full[2][:10], encoding="utf-8")

    resumed = _score(path, "--target", served.target, "--resume", out)

    assert resumed.returncode == 3, resumed.stderr
    assert resumed.stdout == ""  # the output went to the file
    assert resumed.stderr.startswith("score: 3 lines,")
    assert _rows(out.read_text(encoding="utf-8")) == _rows("\n".join(full))
    # Nothing left to do: a second --resume scores nothing and leaves the file alone.
    again = _score(path, "--target", served.target, "--resume", out)
    assert again.returncode == 0 and again.stderr.startswith("score: 0 lines,")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    # A first run may use --resume too: the file is created.
    fresh = tmp_path / "fresh.jsonl"
    first = _score(path, "--target", served.target, "--resume", fresh)
    assert first.returncode == 3 and _rows(fresh.read_text(encoding="utf-8")) == _rows(
        "\n".join(full))


def test_resume_and_skip_together_is_a_usage_error(server: Running, tmp_path: Path) -> None:
    line = _one_line(_score(EXAMPLES, "--target", server.target, "--skip", "1",
                            "--resume", tmp_path / "out.jsonl"), 2)
    assert "--skip" in line and "--resume" in line
    assert not (tmp_path / "out.jsonl").exists()


def test_resume_hint_after_a_failure_names_the_output_file(server: Running,
                                                           tmp_path: Path) -> None:
    port = server.app.port
    server.app.stop(0)
    out = tmp_path / "out.jsonl"
    line = _one_line(_score(EXAMPLES, "--target", f"127.0.0.1:{port}", "--resume", out), 1)
    assert line.endswith(f"resume with --resume {out})")


def test_strict_stops_at_the_first_rejected_line(start_server: StartServer,
                                                 mixed: tuple[Path, int]) -> None:
    path, limit = mixed
    served = start_server(max_messages=limit)
    # Line 2 is unreadable JSON: nothing after it is sent.
    local = _score(path, "--target", served.target, "--strict")
    summary = _one_line(local, 3)
    outcomes = [o for _, o in _rows(local.stdout)]
    assert len(outcomes) == 2 and outcomes[1] == "rejected" and outcomes[0] != "rejected"
    assert "stopped at the first rejected line (--strict)" in summary
    assert summary.endswith("resume with --skip 2)")
    # Line 4 is refused by the server: its row is the last one, line 5 gets none.
    remote = _score(path, "--target", served.target, "--strict", "--skip", "2")
    summary = _one_line(remote, 3)
    outcomes = [o for _, o in _rows(remote.stdout)]
    assert len(outcomes) == 2 and outcomes[1] == "rejected" and outcomes[0] != "rejected"
    assert summary.startswith("score: 2 lines,") and summary.endswith("--skip 4)")
    # Nothing rejected: --strict changes nothing.
    clean = _score(path, "--target", served.target, "--strict", "--skip", "4")
    assert clean.returncode == 0 and len(_rows(clean.stdout)) == 1
