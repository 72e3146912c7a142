"""The shared server factory ignores the developer's ``GROOMING_RISK_*`` environment."""

from __future__ import annotations

import os

import pytest

from service.config import Settings
from tests.conftest import StartServer


def test_factory_servers_ignore_grooming_risk_environment(
    start_server: StartServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GROOMING_RISK_MAX_MESSAGES", "3")
    monkeypatch.setenv("GROOMING_RISK_LEGAL_BASIS_VALID_UNTIL", "2000-01-01")
    assert Settings(data_dir="unused").max_messages == 3  # the variable is really read

    running = start_server()

    assert running.app.settings.max_messages == Settings.model_fields["max_messages"].default
    assert running.app.settings.legal_basis_valid_until is None
    # ... and the environment is left as the test set it.
    assert os.environ["GROOMING_RISK_MAX_MESSAGES"] == "3"
