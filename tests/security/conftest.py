"""Credentials and certificates for the security tests (servers come from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.auth import add_client
from tests.security.certs import Authority

ROLES = ("platform", "reviewer", "auditor", "admin")


@pytest.fixture
def tokens(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A credentials file with one client per role; returns (file, role -> token)."""
    path = tmp_path / "credentials.json"
    return path, {role: add_client(path, f"{role}-client", [role]) for role in ROLES}


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
