"""The one factory for real servers in tests: 127.0.0.1:0, a data dir each, real channels.

Every test directory starts its servers here (``start_server`` for a test's own servers,
``start_app`` for a longer-lived fixture). Settings are built with every
``GROOMING_RISK_*`` variable out of the environment, so a developer's shell cannot change
what a test runs against.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import pytest

from service.api.grooming_risk.v1 import admin_pb2_grpc, review_pb2_grpc, scoring_pb2_grpc
from service.clock import Clock
from service.config import Settings
from service.server import App, build_server

ENV_PREFIX = "GROOMING_RISK_"

ChannelOptions = Sequence[tuple[str, Any]]


@dataclass
class Running:
    """A started server, its data dir and clock, and a channel to it with stubs."""

    app: App
    data_dir: Path
    clock: Clock | None
    channel: grpc.Channel
    scoring: scoring_pb2_grpc.ScoringServiceStub
    review: review_pb2_grpc.ReviewServiceStub
    admin: admin_pb2_grpc.AdminServiceStub
    extra_channels: list[grpc.Channel] = field(default_factory=list)

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.app.port}"

    def new_review_stub(self) -> review_pb2_grpc.ReviewServiceStub:
        """A ReviewService stub on a channel of its own: a second, independent client."""
        channel = grpc.insecure_channel(self.target)
        self.extra_channels.append(channel)
        return review_pb2_grpc.ReviewServiceStub(channel)

    def close(self) -> None:
        """Close the channels and stop the server (a no-op if a test already stopped it)."""
        for channel in (self.channel, *self.extra_channels):
            channel.close()
        self.app.stop(0)


StartServer = Callable[..., Running]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files that hold a slow test run first, each file's tests in their own order.

    ``scripts/test.sh`` spreads whole files over two processes (xdist ``loadfile``); the
    minutes-long ones (the model retrain, the fleet run) starting first keep the other
    process busy with the short files instead of waiting for them at the end.
    """
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: file order kept


@contextlib.contextmanager
def service_env_cleared() -> Iterator[None]:
    """``GROOMING_RISK_*`` out of ``os.environ`` inside the block, put back after it."""
    saved = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    for key in saved:
        del os.environ[key]
    try:
        yield
    finally:
        os.environ.update(saved)


def server_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test server: loopback, port 0, no metrics port, no environment."""
    with service_env_cleared():
        return Settings(**{"port": 0, "metrics_port": 0, "host": "127.0.0.1",
                           "data_dir": data_dir, **overrides})


def start_app(data_dir: Path, *, clock: Clock | None = None,
              channel_options: ChannelOptions = (), **overrides: Any) -> Running:
    """Build and start a server with ``overrides`` on top of :func:`server_settings`."""
    app = build_server(server_settings(data_dir, **overrides), clock=clock)
    app.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{app.port}", options=list(channel_options))
    return Running(app, data_dir, clock, channel,
                   scoring_pb2_grpc.ScoringServiceStub(channel),
                   review_pb2_grpc.ReviewServiceStub(channel),
                   admin_pb2_grpc.AdminServiceStub(channel))


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start servers (Settings overrides, a clock, channel options); all stop at teardown."""
    started: list[Running] = []

    def start(clock: Clock | None = None, **overrides: Any) -> Running:
        running = start_app(tmp_path / f"data{len(started)}", clock=clock, **overrides)
        started.append(running)
        return running

    yield start
    for running in reversed(started):
        running.close()


@pytest.fixture
def server(start_server: StartServer) -> Running:
    """A server with default settings."""
    return start_server()
