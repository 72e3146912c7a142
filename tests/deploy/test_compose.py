"""compose.yaml and its nginx balancer: valid, wired to each other, and the balancer really
passes gRPC to both replicas (real nginx, real servers)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import review_pb2, scoring_pb2, scoring_pb2_grpc
from service.cli import build_parser
from service.client import open_channel
from tests.conftest import StartServer
from tests.deploy.files import (
    COMPOSE,
    NGINX_CONF,
    OPERATOR_ENV,
    ROOT,
    compose,
    dockerfile_env,
    interpolate,
)
from tests.server.helpers import positive
from tests.waiting import wait_until
from training.loadgen import free_port

REPLICAS = ("replica-1", "replica-2")


def _compose_cli() -> list[str] | None:
    """``docker compose`` (v2 plugin) or ``docker-compose`` (v1), whichever works here."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True,
                               timeout=30, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_config_accepts_the_file() -> None:
    cli = _compose_cli()
    if cli is None:
        pytest.skip("no docker compose CLI here (docker compose plugin or docker-compose)")
    env = {"PATH": os.environ.get("PATH", ""), **OPERATOR_ENV}
    done = subprocess.run([*cli, "-f", str(COMPOSE), "config", "--quiet"], capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr


def _services() -> dict[str, Any]:
    services = compose()["services"]
    assert isinstance(services, dict)
    return services


def test_services_start_in_order_and_replicas_are_locked_down() -> None:
    services = _services()
    assert set(services) == {"postgres", "migrate", *REPLICAS, "balancer"}
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    assert build_parser().parse_args(services["migrate"]["command"]).db_command == "upgrade"
    for name in REPLICAS:
        replica = services[name]
        assert replica["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}}
        assert replica["environment"]["GROOMING_RISK_MIGRATE_ON_START"] == "false"
        assert replica["read_only"] is True
        assert replica["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in replica["security_opt"]
        assert replica["build"] == "." and "command" not in replica  # the image's `serve`
        assert "ports" not in replica, "replicas are reached through the balancer only"
    assert services["balancer"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in REPLICAS}
    for volume in services["postgres"]["volumes"]:
        assert volume.split(":")[0] in compose()["volumes"]


def test_replicas_reach_the_compose_database_within_its_connections() -> None:
    services = _services()
    postgres = services["postgres"]
    db_env = {k: interpolate(v, OPERATOR_ENV) for k, v in postgres["environment"].items()}
    assert "${POSTGRES_PASSWORD:?" in COMPOSE.read_text(encoding="utf-8"), (
        "no default password: compose must refuse to start without one")
    url = interpolate(services["replica-1"]["environment"]["GROOMING_RISK_DATABASE_URL"],
                      OPERATOR_ENV)
    assert url == (f"postgresql://{db_env['POSTGRES_USER']}:{db_env['POSTGRES_PASSWORD']}"
                   f"@postgres:5432/{db_env['POSTGRES_DB']}")
    max_connections = int(re.search(r"max_connections=(\d+)",
                                    " ".join(postgres["command"])).group(1))  # type: ignore[union-attr]
    pool = sum(int(services[name]["environment"]["GROOMING_RISK_DATABASE_POOL_MAX"])
               for name in REPLICAS)
    assert pool + 1 + 3 <= max_connections  # + the migration + superuser_reserved_connections


def test_balancer_mounts_the_config_that_names_both_replicas() -> None:
    balancer = _services()["balancer"]
    mounts = [v.split(":") for v in balancer["volumes"]]
    assert [(ROOT / src).resolve() for src, _dst, _mode in mounts] == [NGINX_CONF]
    assert mounts[0][1] == "/etc/nginx/conf.d/default.conf" and mounts[0][2] == "ro"
    assert balancer["ports"] == ["127.0.0.1:50051:50051"], "published on loopback only"
    conf = NGINX_CONF.read_text(encoding="utf-8")
    port = dockerfile_env()["GROOMING_RISK_PORT"]
    upstream = re.findall(r"^\s*server\s+([\w.-]+):(\d+)", conf, re.M)
    assert upstream == [(name, port) for name in REPLICAS]
    assert re.search(r"^\s*listen\s+50051\s+http2;", conf, re.M)
    assert "grpc_pass grpc://grooming_risk_replicas;" in conf


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found is None:
        pytest.skip("nginx is not installed (Debian package nginx)")
    return found


def test_nginx_balances_grpc_calls_and_streams_over_both_replicas(
    start_server: StartServer, tmp_path: Path,
) -> None:
    nginx = _nginx()
    replicas = [start_server(), start_server()]
    listen = free_port()
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for name, replica in zip(REPLICAS, replicas, strict=True):
        conf = conf.replace(f"{name}:50051", f"127.0.0.1:{replica.app.port}")
    conf = conf.replace("listen 50051 http2;", f"listen 127.0.0.1:{listen} http2;")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    prefix.chmod(0o777)  # nginx's workers may run as nobody
    (prefix / "grpc.conf").write_text(conf, encoding="utf-8")
    (prefix / "nginx.conf").write_text(
        "worker_processes 1;\npid nginx.pid;\nerror_log error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n  access_log off;\n"
        + "".join(f"  {kind}_temp_path {kind}_temp;\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + "  include grpc.conf;\n}\n", encoding="utf-8")
    argv = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    checked = subprocess.run([*argv, "-t"], capture_output=True, text=True, timeout=30,
                             check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*argv, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        channel = open_channel(f"127.0.0.1:{listen}")
        wait_until(lambda: _serving(channel), timeout=20, what="nginx to pass health checks")
        scoring = scoring_pb2_grpc.ScoringServiceStub(channel)
        flagged = [scoring.ScoreConversation(positive(), timeout=20) for _ in range(6)]
        assert all(r.suspicious and r.case_id for r in flagged)
        streamed = list(scoring.ScoreConversations(iter([positive() for _ in range(4)]),
                                                   timeout=30))
        assert [r.outcome for r in streamed] == [scoring_pb2.OUTCOME_FLAGGED_FOR_REVIEW] * 4
        channel.close()
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful stop
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()
    # Each replica opened cases: calls went round both, not to one.
    opened = [len(r.review.ListCases(review_pb2.ListCasesRequest(page_size=100),
                                     timeout=10).cases) for r in replicas]
    assert sum(opened) == 10 and min(opened) >= 2, opened


def _serving(channel: Any) -> bool:
    stub = health_pb2_grpc.HealthStub(channel)
    try:
        response = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
    except Exception:
        return False
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)
