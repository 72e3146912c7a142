"""``grooming-risk bench --target --floor`` against a real server, briefly.

The bench runs as its own process (it is the load client), the server runs in the test's
process, and the bench starts the no-op floor in a third. The figures are not checked
against targets here, only that a report with every part comes back from three processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import StartServer

ROOT = Path(__file__).resolve().parents[2]


def test_bench_target_with_floor_reports_both_servers_from_separate_processes(
    start_server: StartServer,
) -> None:
    running = start_server()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    done = subprocess.run(
        [sys.executable, "-m", "service", "bench", "--target", running.target, "--floor",
         "--server-pid", str(os.getpid()), "--duration", "1", "--warmup", "0.2",
         "--n", "40", "--bulk", "200", "--rounds", "3", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    report = json.loads(done.stdout)

    client = report["client"]["pid"]
    assert report["server_pid"] == os.getpid()
    assert len({client, report["server_pid"], report["floor_pid"]}) == 3
    for server in ("ours", "floor"):
        unary = report["unary"][server]
        assert unary["errors"] == 0
        assert unary["requests"] > 0
        for key in ("conversations_per_s", "p50_ms", "p99_ms", "client_cpu_cores",
                    "server_cpu_cores", "server_cpu_ms_per_call",
                    "server_context_switches_per_call"):
            assert unary[key] > 0, (server, key)
        assert unary["p50_ms"] <= unary["p99_ms"]
        rounds = unary["by_round"]  # the load alternated between the servers, 3 rounds each
        assert len(rounds) == 3 and min(rounds) > 0
        assert min(rounds) - 0.1 <= unary["conversations_per_s"] <= max(rounds) + 0.1
        for window in ("bulk", "batches"):  # a stream of single requests, and of batches
            bulk = report[window][server]
            assert bulk["conversations"] == 200
            assert bulk["conversations_per_s"] > 0
    assert all(report["ours_vs_floor"][k] > 0 for k in ("throughput", "p50", "p99"))
    assert report["rounds"] == 3
    by_round = report["ours_vs_floor"]["throughput_by_round"]
    assert len(by_round) == 3
    assert report["ours_vs_floor"]["throughput_median_of_rounds"] == sorted(by_round)[1]
    assert report["bulk"]["ours_vs_floor"] > 0 and report["batches"]["ours_vs_floor"] > 0
