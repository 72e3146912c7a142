"""The load client's helpers: latency percentiles, CPU readings, finding a server's PID."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from training.loadgen import (
    CpuWindow,
    free_port,
    latency_summary,
    listening_pid,
    own_cpu_seconds,
    process_context_switches,
    process_cpu_seconds,
    stat_cpu_seconds,
    unary_figures,
    wait_serving,
)


def test_percentiles_of_known_latencies() -> None:
    summary = latency_summary([k / 1000.0 for k in range(1, 101)])  # 1..100 ms
    assert summary["p50_ms"] == pytest.approx(50.5)
    assert summary["p90_ms"] == pytest.approx(90.1)
    assert summary["p99_ms"] == pytest.approx(99.01)
    assert summary["max_ms"] == pytest.approx(100.0)


def test_percentiles_of_no_calls_are_zero_not_an_error() -> None:
    assert latency_summary([]) == {"p50_ms": 0.0, "p90_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}


def test_stat_parsing_survives_a_command_name_with_spaces_and_parentheses() -> None:
    rest = " ".join(["S", *["0"] * 10, "250", "50", *["0"] * 30])
    assert stat_cpu_seconds(f"4242 (evil) name) ({rest}) {rest}", 100.0) == 3.0
    assert stat_cpu_seconds(f"4242 (python) {rest}", 100.0) == 3.0


def test_proc_and_getrusage_agree_on_this_process() -> None:
    proc0, own0 = process_cpu_seconds(os.getpid()), own_cpu_seconds()
    end = time.process_time() + 0.3
    while time.process_time() < end:  # burn CPU, the quantity under test
        pass
    proc = process_cpu_seconds(os.getpid()) - proc0
    own = own_cpu_seconds() - own0
    assert proc >= 0.25
    assert own >= 0.25
    assert abs(proc - own) < 0.1  # /proc counts in 10 ms ticks


def test_context_switches_of_this_process_count_a_thread_sleeping() -> None:
    before = process_context_switches(os.getpid())
    done = threading.Event()
    sleeper = threading.Thread(target=done.wait)  # a second thread: all tasks are read
    sleeper.start()
    for _ in range(50):
        time.sleep(0.001)  # each sleep gives the core up: one voluntary switch at least
    assert process_context_switches(os.getpid()) - before >= 50
    done.set()
    sleeper.join()


def test_cpu_window_in_cores() -> None:
    window = CpuWindow(elapsed_s=2.0, client_s=0.5, server_s=3.0)
    assert window.cores() == {"client_cpu_cores": 0.25, "server_cpu_cores": 1.5}
    assert CpuWindow(2.0, 0.5, None).cores()["server_cpu_cores"] is None


def test_windows_taken_together() -> None:
    total = CpuWindow.total([CpuWindow(2.0, 0.5, 1.0, 10), CpuWindow(1.0, 0.25, 0.5, 5)])
    assert total == CpuWindow(3.0, 0.75, 1.5, 15)
    assert CpuWindow.total([CpuWindow(2.0, 0.5, 1.0, 10), CpuWindow(1.0, 0.25, None)]) == (
        CpuWindow(3.0, 0.75, None, None))
    # 100 calls in 2 s, then 50 in 1 s: 50/s both times; ms latencies 1..100 and 1..50.
    loads = [([i / 1000 for i in range(1, 101)], 1, CpuWindow(2.0, 0.5, 1.0, 1000)),
             ([i / 1000 for i in range(1, 51)], 0, CpuWindow(1.0, 0.25, 0.5, 500))]
    figures = unary_figures(loads)
    assert figures["requests"] == 150 and figures["errors"] == 1
    assert figures["conversations_per_s"] == 50.0 and figures["by_round"] == [50.0, 50.0]
    assert figures["server_cpu_ms_per_call"] == 10.0
    assert figures["server_context_switches_per_call"] == 10.0
    assert "by_round" not in unary_figures(loads[:1])


def test_listening_pid_finds_this_process() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert listening_pid(sock.getsockname()[1]) == os.getpid()


def test_wait_serving_gives_up_on_a_server_that_exited() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    proc.wait()
    with pytest.raises(RuntimeError, match="exited with 3"):
        wait_serving(f"127.0.0.1:{free_port()}", proc, timeout=5)
