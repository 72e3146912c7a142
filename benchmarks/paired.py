"""Two servers, one client, alternating windows: is change B faster than A?

Starts a fresh ``grooming-risk serve`` from each of two source trees (``--a`` and ``--b``,
e.g. a ``git worktree`` of main and one of a branch, each with its C extensions built),
each with its own data dir and port, plus ``--a-env``/``--b-env`` settings. One asyncio
client in this process, with requests serialized up front, then loads them in turn:
``--rounds`` unary windows each, alternating A, B, A, B, ... so that the shared machine's
drifting load falls on both. Repeated ``--reps`` times with fresh servers. The report
gives B / A by round, its median per repetition, and each side's figures (CPU and
context switches per call from /proc).

    python benchmarks/paired.py --a /tmp/wt-main --b . --reps 3
    python benchmarks/paired.py --a . --b . --b-env GROOMING_RISK_SCORING_THREADS=1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.loadgen import drive, free_port, wait_serving  # noqa: E402

KEYS = ("conversations_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_call",
        "server_context_switches_per_call", "errors", "by_round")


def _start(tree: Path, extra_env: list[str], tmp: str) -> tuple[subprocess.Popen[bytes], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    env.update(item.split("=", 1) for item in extra_env)
    env["PYTHONPATH"] = str(tree)  # this tree's service package, not the installed one
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port), "--metrics-port", "0",
         "--data-dir", f"{tmp}/var", "--log-level", "WARNING"],
        cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"127.0.0.1:{port}"


def one_rep(args: argparse.Namespace, payloads: list[bytes]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="paired-a-") as ta, \
            tempfile.TemporaryDirectory(prefix="paired-b-") as tb:
        a, a_target = _start(args.a, args.a_env, ta)
        b, b_target = _start(args.b, args.b_env, tb)
        try:
            wait_serving(a_target, a)
            wait_serving(b_target, b)
            measured = asyncio.run(drive(
                {"A": (a_target, a.pid), "B": (b_target, b.pid)}, payloads,
                args.concurrency, args.duration, 1.0, 0, (), rounds=args.rounds))
        finally:
            for server in (a, b):
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=120)
    fa, fb = measured["A"]["unary"], measured["B"]["unary"]
    by_round = [round(y / x, 3) for x, y in zip(fa["by_round"], fb["by_round"], strict=True)]
    return {"A": {k: fa[k] for k in KEYS}, "B": {k: fb[k] for k in KEYS},
            "b_over_a_by_round": by_round,
            "b_over_a_median": round(statistics.median(by_round), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", type=Path, default=ROOT, help="source tree of server A")
    parser.add_argument("--b", type=Path, default=ROOT, help="source tree of server B")
    parser.add_argument("--a-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--b-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--reps", type=int, default=3, help="fresh pairs of servers")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--duration", type=float, default=40.0,
                        help="unary seconds per server per repetition, over all rounds")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--out", type=Path, help="also write the JSON report here")
    args = parser.parse_args()
    args.a, args.b = args.a.resolve(), args.b.resolve()

    from service.client import request_for
    from training.bench_corpus import bench_conversations

    payloads = [request_for(c).SerializeToString()
                for c in bench_conversations(1000, 4321, 0.02)]
    reps = [one_rep(args, payloads) for _ in range(args.reps)]
    report = {
        "a": {"tree": str(args.a), "env": args.a_env},
        "b": {"tree": str(args.b), "env": args.b_env},
        "rounds": args.rounds, "duration_s": args.duration, "concurrency": args.concurrency,
        "reps": reps,
        "b_over_a_medians": [r["b_over_a_median"] for r in reps],
    }
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
