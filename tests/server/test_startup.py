"""`grooming-risk serve` refusing to start: one line naming what to fix, and an exit code.

Every test runs the real CLI as a subprocess, as an operator would, with the
``GROOMING_RISK_*`` environment cleared so only the flags count.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "service", "serve", *args]


def _refused(*args: str) -> tuple[int, list[str]]:
    """Run a ``serve`` that must exit on its own; its exit code and non-log stderr lines."""
    result = subprocess.run(_serve_argv(*args), cwd=ROOT, env=_env(), capture_output=True,
                            text=True, timeout=120, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    # JSON lines are the structured log; anything else is meant for the operator.
    return result.returncode, [line for line in result.stderr.splitlines()
                               if line and not line.startswith("{")]


@pytest.fixture
def running_servers() -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.communicate(timeout=10)


def _start_serving(procs: list[subprocess.Popen[str]], data_dir: Path) -> subprocess.Popen[str]:
    """Start ``serve`` on ``data_dir`` and wait until health says SERVING."""
    port = _free_port()
    proc = subprocess.Popen(
        _serve_argv("--port", str(port), "--metrics-port", "0", "--data-dir", str(data_dir)),
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    procs.append(proc)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        # Block on the channel becoming ready instead of polling with sleeps.
        grpc.channel_ready_future(channel).result(timeout=60)
        stub = health_pb2_grpc.HealthStub(channel)
        watch = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=60)
        for response in watch:
            if response.status == health_pb2.HealthCheckResponse.SERVING:
                watch.cancel()
                break
    return proc


def test_second_server_on_the_same_data_dir_refuses_to_start(
    tmp_path: Path, running_servers: list[subprocess.Popen[str]]
) -> None:
    data_dir = tmp_path / "var"
    first = _start_serving(running_servers, data_dir)

    code, lines = _refused("--port", str(_free_port()), "--metrics-port", "0",
                           "--data-dir", str(data_dir))

    assert code == 1
    assert len(lines) == 1, lines
    assert str(data_dir) in lines[0] and "in use" in lines[0]
    assert f"pid {first.pid}" in lines[0]
    assert first.poll() is None, "the refused start disturbed the running server"

    # The lock dies with its holder: once the first server exits, a new one starts.
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=30) == 0
    _start_serving(running_servers, data_dir)
