"""A real server with authentication (and optionally mTLS) on localhost:0."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from service.auth import add_client
from service.config import Settings
from service.server import App, build_server
from tests.security.certs import Authority

ROLES = ("platform", "reviewer", "auditor", "admin")


@pytest.fixture
def tokens(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A credentials file with one client per role; returns (file, role -> token)."""
    path = tmp_path / "credentials.json"
    return path, {role: add_client(path, f"{role}-client", [role]) for role in ROLES}


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., App]]:
    apps: list[App] = []

    def make(**overrides: Any) -> App:
        settings = Settings(port=0, metrics_port=0, host="127.0.0.1",
                            data_dir=tmp_path / f"data{len(apps)}", **overrides)
        app = build_server(settings)
        app.start()
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.stop(0)


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, object]:
    """A CA with server and client certificates, and a rogue CA's look-alike."""
    ca = Authority(tmp_path)
    rogue = Authority(tmp_path, cn="rogue CA")
    return {
        "ca": ca,
        "server": ca.issue("localhost", server=True),
        "admin": ca.issue("ops-admin"),
        "stranger": ca.issue("stranger"),
        "platform": ca.issue("platform-a"),
        "rogue": rogue.issue("ops-admin"),
    }
