"""Real processes for the console tests: ``grooming-risk serve`` and ``grooming-risk console``.

Both run as child processes with every ``GROOMING_RISK_*`` variable out of their
environment (as the shared server factory does for in-process servers), each writing
its JSON log to a file the canary test reads afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import grpc

from service.api.grooming_risk.v1 import review_pb2_grpc, scoring_pb2_grpc
from tests.conftest import ENV_PREFIX
from tests.waiting import wait_until
from training.loadgen import free_port

ROOT = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    """The test's environment without GROOMING_RISK_*, with this checkout importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env["PYTHONPATH"] = str(ROOT)
    return env


@dataclass
class Process:
    """A started child and its log file."""

    proc: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start(args: Sequence[str], log: Path) -> Process:
    """``python -m service ARGS`` with stderr to ``log``."""
    with log.open("wb") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "service", *args], cwd=ROOT,
                                env=child_env(), stdout=subprocess.DEVNULL, stderr=handle)
    return Process(proc, log)


def wait_for_event(process: Process, event: str, timeout: float = 60.0) -> None:
    """Wait until ``process`` logged ``event`` (fail fast if it exited)."""
    def logged() -> bool:
        if process.proc.poll() is not None:
            raise AssertionError(f"process exited ({process.proc.returncode}):\n"
                                 f"{process.log_text()[-2000:]}")
        return f'"event":"{event}"' in process.log_text()
    wait_until(logged, timeout, f"{event} in {process.log}")


@dataclass
class Server:
    """A running ``grooming-risk serve`` with stubs on a channel to it."""

    process: Process
    port: int
    data_dir: Path
    channel: grpc.Channel

    @property
    def scoring(self) -> scoring_pb2_grpc.ScoringServiceStub:
        return scoring_pb2_grpc.ScoringServiceStub(self.channel)

    @property
    def review(self) -> review_pb2_grpc.ReviewServiceStub:
        return review_pb2_grpc.ReviewServiceStub(self.channel)


def start_serve(directory: Path, credentials: Path) -> Server:
    port = free_port()
    data_dir = directory / "var"
    process = start(["serve", "--port", str(port), "--metrics-port", "0", "--data-dir",
                     str(data_dir), "--credentials-file", str(credentials),
                     "--counters-flush-s", "0.2", "--shutdown-delay-s", "0",
                     "--grace-period-s", "2"], directory / "serve.log")
    return Server(process, port, data_dir, grpc.insecure_channel(f"127.0.0.1:{port}"))


def start_console(directory: Path, name: str, grpc_port: int, *extra: str) -> tuple[Process, int]:
    port = free_port()
    process = start(["console", "--port", str(grpc_port), "--console-port", str(port), *extra],
                    directory / f"{name}.log")
    return process, port
