"""Real servers on 127.0.0.1:0 with real gRPC channels, one data directory each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest

from service.api.grooming_risk.v1 import admin_pb2_grpc, review_pb2_grpc, scoring_pb2_grpc
from service.config import Settings
from service.review.clock import Clock
from service.server import App, build_server


@dataclass
class Running:
    """A started server, a channel to it and its stubs."""

    app: App
    data_dir: Path
    channel: grpc.Channel
    scoring: scoring_pb2_grpc.ScoringServiceStub
    review: review_pb2_grpc.ReviewServiceStub
    admin: admin_pb2_grpc.AdminServiceStub

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.app.port}"


StartServer = Callable[..., Running]


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start servers with Settings overrides (and a clock); every one is stopped at teardown."""
    started: list[Running] = []

    def start(clock: Clock | None = None, **overrides: Any) -> Running:
        data_dir = tmp_path / f"data{len(started)}"
        settings = Settings(
            port=0, metrics_port=0, data_dir=data_dir, host="127.0.0.1", **overrides
        )
        app = build_server(settings, clock=clock)
        app.start()
        channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
        running = Running(
            app=app,
            data_dir=data_dir,
            channel=channel,
            scoring=scoring_pb2_grpc.ScoringServiceStub(channel),
            review=review_pb2_grpc.ReviewServiceStub(channel),
            admin=admin_pb2_grpc.AdminServiceStub(channel),
        )
        started.append(running)
        return running

    yield start
    for running in reversed(started):
        running.channel.close()
        running.app.stop(0)  # a no-op for servers a test already stopped


@pytest.fixture
def server(start_server: StartServer) -> Running:
    """A server with default settings."""
    return start_server()
