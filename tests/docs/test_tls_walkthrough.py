"""The README's TLS, mutual TLS and token walkthrough works as written.

The ```bash block under "TLS, mutual TLS and tokens: a walkthrough" runs verbatim in a
fresh directory laid out like a clone (``scripts``, ``examples`` and ``models`` from this
checkout, ``.venv/bin/grooming-risk`` running this checkout's code), with
``GROOMING_RISK_*`` cleared. Only the port changes, to a free one. Then every step's
outcome is checked: the certificates, the credentials file, the platform's scores, the
reviewer's cases, who the server says called, and a clean shutdown.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from training.loadgen import free_port

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("### TLS, mutual TLS and tokens: a walkthrough", 1)[1]
BLOCK = re.findall(r"```bash\n(.*?)\n```", SECTION, re.S)[0]
README_PORT = "50443"


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A directory that looks like a fresh clone with its virtualenv installed."""
    root = tmp_path / "clone"
    root.mkdir()
    for name in ("scripts", "examples", "models"):
        (root / name).symlink_to(ROOT / name)
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "grooming-risk"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m service "$@"\n',
                    encoding="utf-8")
    shim.chmod(0o755)
    return root


def _stop_a_left_over_server(lock: Path) -> None:
    """If the block failed before its ``kill``, stop its server: the one that still holds
    the data-dir lock (a released lock's PID may belong to another process by now)."""
    if not lock.exists():
        return
    with lock.open("r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = handle.read().strip()
            if pid.isdigit():
                os.kill(int(pid), signal.SIGTERM)


def test_the_readme_walkthrough_runs_as_written(clone: Path) -> None:
    assert README_PORT in BLOCK
    port = str(free_port())
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    env.pop("PYTHONPATH", None)
    try:
        run = subprocess.run(["bash", "-euxo", "pipefail", "-c", BLOCK.replace(README_PORT, port)],
                             cwd=clone, env=env, capture_output=True, text=True, timeout=180,
                             check=False)
    finally:
        _stop_a_left_over_server(clone / "var-tls" / "serve.lock")
    assert run.returncode == 0, run.stderr + (clone / "serve.log").read_text()
    assert "Traceback" not in run.stderr

    # 1. make_dev_certs.sh: a CA, a server certificate and two client certificates.
    certs = clone / "certs"
    for stem in ("ca", "server", "platform-a", "reviewer"):
        assert (certs / f"{stem}.crt").is_file() and (certs / f"{stem}.key").is_file()
        assert (certs / f"{stem}.key").stat().st_mode & 0o077 == 0
    # 2. credentials add: the platform by subject, alice by token (only its hash is kept).
    creds = json.loads((clone / "creds.json").read_text())["clients"]
    assert [(c["name"], c["roles"], c.get("tls_subject")) for c in creds] == [
        ("platform-a", ["platform"], "CN=platform-a"), ("alice", ["reviewer"], None)]
    assert all("token" not in c for c in creds)
    # 3. serve with TLS, a client CA and the credentials file came up (and 6. went down).
    log = [json.loads(line) for line in (clone / "serve.log").read_text().splitlines()]
    events = [e["event"] for e in log]
    assert "serving" in events and events[-1] == "stopped"
    serving = next(e for e in log if e["event"] == "serving")
    assert serving["tls"] is True and serving["port"] == int(port)
    # 4. the platform's score: every line answered, some flagged.
    scored = [json.loads(line) for line in (clone / "scored.jsonl").read_text().splitlines()]
    assert len(scored) == 40 and not any(r["outcome"] == "rejected" for r in scored)
    flagged = {r["case_id"] for r in scored if r["suspicious"]}
    assert flagged
    # 5. the reviewer's cases list (JSON lines: stdout is not a terminal) shows those cases.
    assert {json.loads(line)["case_id"] for line in run.stdout.splitlines()} == flagged
    # The certificate named the platform; the token, not the workstation certificate,
    # named the reviewer.
    callers = {(e["method"].rsplit("/", 1)[-1], e.get("caller")) for e in log
               if e["event"] == "rpc"}
    assert ("ScoreConversationBatches", "platform-a") in callers
    assert ("ListCases", "alice") in callers
