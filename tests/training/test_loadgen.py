"""The load client's helpers: latency percentiles, CPU readings, finding a server's PID."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from training.loadgen import (
    CpuWindow,
    latency_summary,
    listening_pid,
    own_cpu_seconds,
    process_context_switches,
    process_cpu_seconds,
    stat_cpu_seconds,
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


def test_listening_pid_finds_this_process() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert listening_pid(sock.getsockname()[1]) == os.getpid()
