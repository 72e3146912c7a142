"""The ``score`` CLI end to end on a large file: throughput, output count, peak memory.

Starts ``grooming-risk serve`` in its own process, runs ``grooming-risk score FILE`` in
another, and reports conversations per second over the CLI's whole run (reading the
file, the stream, writing the output), both processes' peak RSS (each one's own
``VmHWM``) and their CPU. The corpus is synthetic conversations
(bank b, about 30 messages each), repeated under fresh ids up to ``n``.

    python -m training.score_bench --n 100000        # benchmarks/score_cli.py runs this
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from training.loadgen import free_port, process_cpu_seconds, wait_serving

ROOT = Path(__file__).resolve().parents[1]


def synthetic_lines(n: int, positive_share: float = 0.35, seed: int = 2468,
                    pool: int = 400) -> Iterable[str]:
    """``n`` JSONL lines: a pool of synthetic conversations repeated under fresh ids."""
    from training import synth

    records = synth.generate(pool, seed=seed, bank="b", positive_share=positive_share)
    encoded = [json.dumps({k: v for k, v in r.items() if k != "label"}) for r in records]
    ids = [json.dumps(r["conversation_id"]) for r in records]
    for i in range(n):
        k = i % len(encoded)
        yield encoded[k].replace(ids[k], json.dumps(f"bench-{i}"), 1) + "\n"


def write_corpus(path: Path, lines: Iterable[str]) -> int:
    """Write ``lines`` to ``path``; returns how many."""
    n = 0
    with path.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line)
            n += 1
    return n


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _peak_rss_mb(pid: int) -> float:
    """VmHWM of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no VmHWM for process {pid}")


class _HighWater:
    """The client's peak RSS: its ``VmHWM``, read every 50 ms while it runs.

    Not ``wait4``'s ``ru_maxrss``: a child started by (v)fork from a big parent (a pytest
    worker that has run hundreds of tests) reports the parent's high-water mark, since
    Linux carries it over at exec. ``VmHWM`` belongs to the new program alone; only growth
    in its last 50 ms can go unseen.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.is_set():
            try:
                self.peak_mb = max(self.peak_mb, _peak_rss_mb(self.pid))
            except (OSError, RuntimeError):  # exited (or a zombie without VmHWM)
                return
            self._done.wait(0.05)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def run_score_cli(corpus: Path, workdir: Path,
                  server_env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Serve, score ``corpus`` with the CLI, stop; returns figures and output counts."""
    port = free_port()
    env = _env()
    server = subprocess.Popen(  # noqa: S603 - this interpreter, arguments built here
        [sys.executable, "-m", "service", "serve", "--port", str(port), "--metrics-port", "0",
         "--data-dir", str(workdir / "var"), "--log-level", "WARNING"],
        cwd=ROOT, env={**env, **(server_env or {})}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        wait_serving(f"127.0.0.1:{port}", server, timeout=120.0)
        out = workdir / "scored.jsonl"
        server_cpu0 = process_cpu_seconds(server.pid)
        t0 = time.perf_counter()
        with out.open("wb") as sink:
            client = subprocess.Popen(  # noqa: S603 - this interpreter, arguments built here
                [sys.executable, "-m", "service", "score", str(corpus), "--target",
                 f"127.0.0.1:{port}"],
                cwd=ROOT, env=env, stdout=sink, stderr=subprocess.PIPE)
            client_rss = _HighWater(client.pid)
            _, status, usage = os.wait4(client.pid, 0)
            client_rss.stop()
        elapsed = time.perf_counter() - t0
        client.returncode = os.waitstatus_to_exitcode(status)
        assert client.stderr is not None
        summary = client.stderr.read().decode("utf-8", "replace").strip().splitlines()
        server_cpu = process_cpu_seconds(server.pid) - server_cpu0
        server_rss = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    outcomes: dict[str, int] = {}
    lines = 0
    with out.open("rb") as handle:
        for raw in handle:
            lines += 1
            outcome = json.loads(raw)["outcome"]
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return {
        "exit_code": client.returncode,
        "summary": summary[-1] if summary else "",
        "output_lines": lines,
        "outcomes": outcomes,
        "elapsed_s": round(elapsed, 2),
        "conversations_per_s": round(lines / elapsed, 1),
        "client_peak_rss_mb": round(client_rss.peak_mb, 1),
        "server_peak_rss_mb": round(server_rss, 1),
        "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "server_cpu_s": round(server_cpu, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Write an ``--n`` conversation corpus, score it with the CLI, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--positive-share", type=float, default=0.35)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="score-bench-") as tmp:
        workdir = Path(tmp)
        corpus = workdir / "conversations.jsonl"
        n = write_corpus(corpus, synthetic_lines(args.n, args.positive_share))
        report = {"conversations": n, "corpus_mb": round(corpus.stat().st_size / 2**20, 1),
                  **run_score_cli(corpus, workdir)}
    print(json.dumps(report, indent=2))
    ok = (report["exit_code"] == 0 and report["output_lines"] == n)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
