"""Readers for the deployment files: the Dockerfile's instructions, compose.yaml, the
Kubernetes manifests, and the GROOMING_RISK_* settings each of them sets."""

from __future__ import annotations

import functools
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from service.config import Settings, env_var

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE = ROOT / "compose.yaml"
NGINX_CONF = ROOT / "deploy" / "nginx" / "grpc.conf"
KUBERNETES = ROOT / "deploy" / "kubernetes"

#: What an operator exports before `docker compose up` (compose.yaml's header).
OPERATOR_ENV = {"POSTGRES_PASSWORD": "not-a-real-password", "LEGAL_BASIS_VALID_UNTIL": "2027-06-30"}

#: GROOMING_RISK_<FIELD> -> field, for every setting.
SETTING_OF_VAR = {env_var(name): name for name in Settings.model_fields}


@dataclass
class Instruction:
    """One Dockerfile instruction, continuation lines joined."""

    keyword: str
    args: str
    stage: int  # 0-based index of the FROM it belongs to (-1 before the first FROM)


def dockerfile() -> list[Instruction]:
    """The Dockerfile's instructions in order, comments dropped."""
    out: list[Instruction] = []
    stage = -1
    logical = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not logical and (not line or line.startswith("#")):
            continue
        if logical and line.startswith("#"):
            continue
        logical += " " + line.removesuffix("\\").strip() if logical else line.removesuffix("\\")
        if line.endswith("\\"):
            continue
        keyword, _, args = logical.strip().partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        out.append(Instruction(keyword, args.strip(), stage))
        logical = ""
    return out


def exec_form(args: str) -> list[str]:
    """The argv of an exec-form (JSON array) CMD, ENTRYPOINT or HEALTHCHECK CMD."""
    parsed = json.loads(args)
    assert isinstance(parsed, list) and all(isinstance(a, str) for a in parsed), args
    return parsed


def dockerfile_env() -> dict[str, str]:
    """ENV of the final stage (``KEY=VALUE`` pairs)."""
    instructions = dockerfile()
    last = max(i.stage for i in instructions)
    env: dict[str, str] = {}
    for i in instructions:
        if i.keyword == "ENV" and i.stage == last:
            for pair in shlex.split(i.args):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def compose() -> dict[str, Any]:
    """compose.yaml as PyYAML reads it (anchors and merge keys resolved)."""
    loaded = yaml.load(COMPOSE.read_text(encoding="utf-8"), Loader=_LOADER)
    assert isinstance(loaded, dict)
    return loaded


_INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}``, from ``env``."""
    return _INTERPOLATION.sub(lambda m: env[m.group(1)], value)


#: libyaml's loader when PyYAML was built with it: several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def kubernetes() -> tuple[tuple[Path, dict[str, Any]], ...]:
    """Every document of every manifest under deploy/kubernetes/, with its file (read once;
    do not modify them)."""
    docs = []
    for path in sorted(KUBERNETES.glob("*.yaml")):
        for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_LOADER):
            if doc is not None:
                docs.append((path, doc))
    return tuple(docs)


def kind(name: str) -> list[dict[str, Any]]:
    """The Kubernetes objects of one kind."""
    return [doc for _, doc in kubernetes() if doc["kind"] == name]


def pod_templates() -> Iterator[tuple[str, dict[str, Any]]]:
    """(object name, pod spec) of every workload that runs pods."""
    for doc in kind("Deployment") + kind("Job"):
        yield doc["metadata"]["name"], doc["spec"]["template"]["spec"]
