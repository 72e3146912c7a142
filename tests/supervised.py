"""A real ``serve --workers N`` process for tests: its JSON log events as they arrive,
and clients that each open their own connection (so the kernel spreads them over the
workers)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.api.grooming_risk.v1 import scoring_pb2_grpc
from tests.conftest import ENV_PREFIX
from tests.waiting import wait_until
from training.loadgen import free_port

ROOT = Path(__file__).resolve().parents[1]
#: One TCP connection per channel (gRPC would otherwise share one between channels).
OWN_CONNECTION = [("grpc.use_local_subchannel_pool", 1)]
START_TIMEOUT_S = 120.0


def service_env() -> dict[str, str]:
    """This process's environment without any ``GROOMING_RISK_*`` variable."""
    return {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}


class Fleet:
    """A ``serve --workers N`` process, its JSON log events as they arrive, and counts of
    what the tests sent it."""

    def __init__(self, data_dir: Path, workers: int = 2, *extra: str) -> None:
        self.port, self.metrics_port = free_port(), free_port()
        self.data_dir = data_dir
        env = service_env()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service", "serve", "--workers", str(workers),
             "--port", str(self.port), "--metrics-port", str(self.metrics_port),
             "--data-dir", str(data_dir), "--shutdown-delay-s", "0.5",
             "--counters-flush-s", "0.2", *extra],
            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
        )
        self.events: list[dict[str, Any]] = []
        self.stderr: list[str] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.scored_ok = 0  # ScoreConversation calls answered OK, all tests together
        self.startup: dict[str, Any] = {}

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._lock:
                self.stderr.append(line)
                if line.startswith("{"):
                    self.events.append(json.loads(line))

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def find(self, event: str, **fields: Any) -> list[dict[str, Any]]:
        """The events named ``event`` whose fields include ``fields``."""
        with self._lock:
            return [e for e in self.events if e["event"] == event
                    and all(e.get(k) == v for k, v in fields.items())]

    def wait_for(self, event: str, timeout: float = START_TIMEOUT_S,
                 **fields: Any) -> dict[str, Any]:
        wait_until(lambda: self.find(event, **fields) or self.proc.poll() is not None,
                   timeout, f"{event} {fields}")
        found = self.find(event, **fields)
        assert found, f"serve exited ({self.proc.returncode}): {''.join(self.stderr)[-2000:]}"
        return found[-1]

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(self.target, options=OWN_CONNECTION)

    def health(self) -> int | None:
        """The overall health status one new connection gets; None if nobody answered."""
        with self.channel() as channel:
            try:
                return int(health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(), timeout=2).status)
            except grpc.RpcError:
                return None

    def score(self, request: spb.ScoreConversationRequest) -> spb.ScoreConversationResponse:
        """One call on a connection of its own."""
        with self.channel() as channel:
            response = scoring_pb2_grpc.ScoringServiceStub(channel).ScoreConversation(
                request, timeout=30)
        with self._lock:
            self.scored_ok += 1
        return response  # type: ignore[no-any-return]

    def metric(self, name: str, **labels: str) -> float:
        """The value of one sample on the supervisor's metrics endpoint (0 if absent)."""
        text = urllib.request.urlopen(
            f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=10).read().decode()
        for line in text.splitlines():
            match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
            if match and match[1] == name:
                found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
                if found == labels:
                    return float(match[3])
        return 0.0

    def worker_pid(self, index: int) -> int:
        return int(self.find("worker_started", worker=index)[-1]["pid"])

    def handled_by(self, conversation_id: str) -> set[int]:
        """The workers whose access log shows a call for ``conversation_id``."""
        return {e["worker"] for e in self.find("rpc", method="ScoreConversation")
                if e.get("conversation_id") == conversation_id}

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for event in self.find("worker_started"):  # orphans stop on their own; be sure
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(event["pid"]), signal.SIGKILL)
