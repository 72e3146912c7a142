"""The ``score`` CLI on a large file, as separate processes: every line answered, in
bounded memory, and a progress bar on a terminal.

CI scores 10,000 short conversations; ``benchmarks/score_cli.py`` runs the same check on
100,000 (about two minutes on a 2-core machine, too long for CI).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import Running
from tests.server.helpers import BENIGN_LINES, POSITIVE_LINES
from training.score_bench import run_score_cli, write_corpus

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "conversations.jsonl"
N = 10_000
PEAK_RSS_MB = 500


def _short_conversations(n: int) -> Iterator[str]:
    """Short synthetic conversations: a third with warning signs, some not scannable."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    for i in range(n):
        lines = POSITIVE_LINES if i % 3 == 0 else BENIGN_LINES
        yield json.dumps({
            "conversation_id": f"bulk-{i}",
            "professional_secrecy": i % 7 == 0,  # not scanned
            "participants": [
                {"id": f"a{i}", "age": 30 + i % 20, "age_source": "declared"},
                {"id": f"c{i}", "age": 12 + i % 3, "age_source": "declared"},
            ],
            "messages": [
                {"id": f"m{k}", "sender": f"a{i}" if who == "a" else f"c{i}",
                 "sent_at": (start + dt.timedelta(seconds=30 * k)).isoformat(), "text": text}
                for k, (who, text) in enumerate(lines)
            ],
        }) + "\n"


def test_ten_thousand_conversations_all_answered_in_bounded_memory(tmp_path: Path) -> None:
    corpus = tmp_path / "conversations.jsonl"
    assert write_corpus(corpus, _short_conversations(N)) == N

    report = run_score_cli(corpus, tmp_path)
    print(json.dumps(report))  # the figures, for the CI log

    assert report["exit_code"] == 0, report
    assert report["output_lines"] == N
    assert report["summary"].startswith(f"score: {N} lines,"), report
    outcomes = report["outcomes"]
    assert set(outcomes) == {"flagged_for_review", "not_suspicious", "not_scanned"}, outcomes
    assert outcomes["flagged_for_review"] >= N // 4
    assert report["client_peak_rss_mb"] < PEAK_RSS_MB, report
    assert report["server_peak_rss_mb"] < PEAK_RSS_MB, report
    # In order: line i answers conversation bulk-i.
    with (tmp_path / "scored.jsonl").open(encoding="utf-8") as out:
        for i, line in enumerate(out):
            assert json.loads(line)["conversation_id"] == f"bulk-{i}"


def test_a_terminal_gets_a_progress_bar(server: Running) -> None:
    primary, replica = pty.openpty()
    # A terminal of 100 x 30 (a fresh pty has no size, and tqdm would draw nothing).
    fcntl.ioctl(replica, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    with subprocess.Popen([sys.executable, "-m", "service", "score", str(EXAMPLES),
                           "--target", server.target], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=replica) as proc:
        os.close(replica)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: the CLI closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        out, _ = proc.communicate(timeout=60)
    os.close(primary)
    assert proc.returncode == 0
    assert len(out.splitlines()) == 40
    text = shown.decode("utf-8", "replace")
    try:
        import tqdm  # noqa: F401
    except ImportError:
        assert "score: 40/40 lines" in text, text
    else:
        assert "40/40" in text and "lines/s" in text, text
    assert "score: 40 lines," in text  # the summary still follows
