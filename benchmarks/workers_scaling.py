"""``serve --workers 2`` against ``--workers 1``: alternating runs of ``bench --target --floor``.

Each run starts a fresh server (its own data dir, a free port), waits for SERVING, runs
``grooming-risk bench --target ... --server-pid PID --floor --connections C --json`` and
stops the server with SIGTERM. Runs alternate 1, 2, 1, 2, ... so slow drifts of a shared
machine hit both alike; the summary gives medians and each run's ours / floor. The
worker that served each call is counted from the access log (``worker`` field).

    python benchmarks/workers_scaling.py --runs 3 --out benchmarks/results/DATE-workers.json
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.loadgen import free_port, wait_serving  # noqa: E402


def one_run(workers: int, args: argparse.Namespace) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    with tempfile.TemporaryDirectory(prefix="workers-bench-") as tmp:
        port = free_port()
        log_path = Path(tmp) / "serve.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "service", "serve", "--workers", str(workers),
                 "--port", str(port), "--metrics-port", "0", "--data-dir", f"{tmp}/var",
                 "--log-level", "INFO"],
                cwd=ROOT, env=env, stderr=log)
            try:
                wait_serving(f"127.0.0.1:{port}", server)
                bench = subprocess.run(
                    [sys.executable, "-m", "service", "bench", "--target", f"127.0.0.1:{port}",
                     "--server-pid", str(server.pid), "--floor", "--json",
                     "--connections", str(args.connections), "--duration", str(args.duration),
                     "--bulk", str(args.bulk)],
                    cwd=ROOT, env=env, capture_output=True, text=True, check=True)
            finally:
                server.send_signal(signal.SIGTERM)
                code = server.wait(timeout=120)
        served: Counter[int] = Counter()
        for line in log_path.read_text(errors="replace").splitlines():
            if line.startswith("{") and '"event":"rpc"' in line:
                event = json.loads(line)
                if event.get("method") == "ScoreConversation":
                    served[int(event.get("worker", 0))] += 1
    report: dict[str, Any] = json.loads(bench.stdout)
    report["workers"] = workers
    report["serve_exit_code"] = code
    report["unary_calls_by_worker"] = dict(sorted(served.items()))
    return report


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for workers in sorted({r["workers"] for r in runs}):
        mine = [r for r in runs if r["workers"] == workers]
        ours = [r["unary"]["ours"] for r in mine]
        out[f"workers_{workers}"] = {
            "runs": len(mine),
            "unary_conversations_per_s": [u["conversations_per_s"] for u in ours],
            "median_conversations_per_s": statistics.median(
                u["conversations_per_s"] for u in ours),
            "median_p50_ms": statistics.median(u["p50_ms"] for u in ours),
            "median_p99_ms": statistics.median(u["p99_ms"] for u in ours),
            "median_server_cpu_cores": statistics.median(
                u["server_cpu_cores"] or 0.0 for u in ours),
            "errors": sum(u["errors"] for u in ours),
            "median_ours_vs_floor": statistics.median(
                r["ours_vs_floor"]["throughput"] for r in mine),
            "floor_conversations_per_s": [r["unary"]["floor"]["conversations_per_s"]
                                          for r in mine],
            "unary_calls_by_worker": [r["unary_calls_by_worker"] for r in mine],
            "serve_exit_codes": [r["serve_exit_code"] for r in mine],
        }
    if "workers_1" in out and "workers_2" in out:
        # Pairs of neighbouring runs (1 then 2): the ratio within each pair, then its median.
        ones = [r for r in runs if r["workers"] == 1]
        twos = [r for r in runs if r["workers"] == 2]
        pairs = [two["unary"]["ours"]["conversations_per_s"]
                 / one["unary"]["ours"]["conversations_per_s"]
                 for one, two in zip(ones, twos, strict=True)]
        # The same, each run first divided by its own floor: the machine's load moves
        # both alike, so this ratio is the steadier one on a shared machine.
        normalised = [two["ours_vs_floor"]["throughput"] / one["ours_vs_floor"]["throughput"]
                      for one, two in zip(ones, twos, strict=True)]
        out["workers_2_vs_1"] = {
            "per_pair": [round(p, 3) for p in pairs],
            "median": round(statistics.median(pairs), 3),
            "per_pair_floor_normalised": [round(p, 3) for p in normalised],
            "median_floor_normalised": round(statistics.median(normalised), 3),
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each worker count")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--bulk", type=int, default=5000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--summarize", type=Path, metavar="RESULT_JSON",
                        help="recompute the summary of a recorded result file, run nothing")
    args = parser.parse_args()
    if args.summarize:
        recorded = json.loads(args.summarize.read_text())
        recorded["summary"] = summary(recorded["runs"])
        args.summarize.write_text(json.dumps(recorded, indent=2) + "\n")
        print(json.dumps(recorded["summary"], indent=2))
        return 0
    runs = []
    for run in range(args.runs):
        for workers in (1, 2):
            report = one_run(workers, args)
            report["run"] = run
            runs.append(report)
            unary = report["unary"]["ours"]
            print(f"run {run} workers {workers}: {unary['conversations_per_s']} conv/s, "
                  f"p99 {unary['p99_ms']} ms, errors {unary['errors']}, "
                  f"floor {report['unary']['floor']['conversations_per_s']} conv/s, "
                  f"by worker {report['unary_calls_by_worker']}", file=sys.stderr)
    result = {"command": " ".join(sys.argv), "summary": summary(runs), "runs": runs,
              "load_average": os.getloadavg()}
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(json.dumps(result["summary"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
