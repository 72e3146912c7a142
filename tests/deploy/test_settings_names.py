"""Every GROOMING_RISK_* variable the deployment files set is a real setting, and the values
they set make a valid settings object (pydantic-settings ignores unknown variables, so a
misspelled name would silently fall back to the default)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from service.config import Settings
from tests.conftest import service_env_cleared
from tests.deploy.files import (
    OPERATOR_ENV,
    ROOT,
    SETTING_OF_VAR,
    compose,
    dockerfile_env,
    interpolate,
    pod_templates,
)

#: Variables the client commands read (service/commands.py), not the server's settings.
CLIENT_VARS = {"GROOMING_RISK_TARGET", "GROOMING_RISK_TOKEN"}
SAMPLE_DATABASE_URL = "postgresql://grooming:secret@db.internal:5432/grooming"
VAR = re.compile(r"GROOMING_RISK_[A-Z][A-Z0-9_]*")


def _unknown(env: dict[str, Any]) -> set[str]:
    return {name for name in env if name.startswith("GROOMING_RISK_")} - set(SETTING_OF_VAR)


def _settings(env: dict[str, Any]) -> Settings:
    """The settings a process started with ``env`` (on top of the image's ENV) would get."""
    values = {SETTING_OF_VAR[name]: value for name, value in {**dockerfile_env(), **env}.items()
              if name in SETTING_OF_VAR}
    with service_env_cleared():
        return Settings(**values)


def _environments() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {"Dockerfile": {}}
    for name, service in compose()["services"].items():
        if service.get("build") == ".":
            found[f"compose {name}"] = {k: interpolate(str(v), OPERATOR_ENV)
                                        for k, v in service.get("environment", {}).items()}
    for workload, pod in pod_templates():
        for container in pod["containers"]:
            env = {}
            for e in container.get("env", []):
                secret = e.get("valueFrom", {}).get("secretKeyRef")
                env[e["name"]] = SAMPLE_DATABASE_URL if secret else e["value"]
            found[f"kubernetes {workload}/{container['name']}"] = env
    return found


def test_the_check_would_catch_a_misspelled_variable() -> None:
    assert _unknown({"GROOMING_RISK_DATABASE_POOL_SIZE": "10", "GROOMING_RISK_PORT": "1"}) == {
        "GROOMING_RISK_DATABASE_POOL_SIZE"}


@pytest.mark.parametrize("where", sorted(_environments()))
def test_deployment_files_set_only_real_settings_to_valid_values(where: str) -> None:
    env = _environments()[where]
    assert _unknown(env) == set(), f"{where}: not a setting (service/config.py)"
    assert _unknown(dockerfile_env()) == set()
    settings = _settings(env)
    if where != "Dockerfile":
        assert settings.database_url == (SAMPLE_DATABASE_URL if where.startswith("kubernetes")
                                         else interpolate(env["GROOMING_RISK_DATABASE_URL"],
                                                          OPERATOR_ENV))
    assert str(settings.model_dir) == "/opt/grooming-risk/models/default"


def test_documents_name_only_real_variables() -> None:
    for path in (ROOT / "README.md", ROOT / "docs" / "operations.md",
                 ROOT / "deploy" / "nginx" / "grpc.conf"):
        named = set(VAR.findall(path.read_text(encoding="utf-8")))
        assert named - set(SETTING_OF_VAR) - CLIENT_VARS == set(), path.name
