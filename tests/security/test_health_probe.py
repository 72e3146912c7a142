"""Probes: ``grooming-risk health`` (the image's HEALTHCHECK) and the plaintext health port
that Kubernetes gRPC probes use while the main port speaks TLS."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import scoring_pb2_grpc
from service.cli import main
from service.errors import ResourceInUse
from service.server import REVIEW, SCORING
from tests.conftest import Running, StartServer
from tests.security.certs import Authority, Pem
from tests.server.helpers import positive, tampered_model
from training.loadgen import free_port

SCRIPT = Path(sys.executable).parent / "grooming-risk"
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def _health(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``grooming-risk health ARGS`` (the real CLI, in process): code, stdout, stderr."""
    code = main(["health", *args])
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def _check(target: str, service: str = "") -> int:
    with grpc.insecure_channel(target) as channel:
        response = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=service), timeout=10)
    return int(response.status)


def test_health_command_exits_0_only_when_serving(
    server: Running, start_server: StartServer, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _health(capsys, "--target", server.target) == (0, "SERVING", "")
    assert _health(capsys, "--target", server.target, "--service", REVIEW)[:2] == (0, "SERVING")

    # No verified model: the server runs, reviewers work, but it must not take score calls.
    broken = start_server(model_dir=tampered_model(tmp_path / "tampered"))
    assert _health(capsys, "--target", broken.target)[:2] == (1, "NOT_SERVING")
    assert _health(capsys, "--target", broken.target, "--service", SCORING)[:2] == (
        1, "NOT_SERVING")
    assert _health(capsys, "--target", broken.target, "--service", REVIEW)[:2] == (0, "SERVING")

    code, out, err = _health(capsys, "--target", server.target, "--service", "no.Such")
    assert (code, out) == (1, "")
    assert err.startswith("NOT_FOUND"), err

    server.app.health.enter_graceful_shutdown()  # the first step of SIGTERM
    assert _health(capsys, "--target", server.target)[:2] == (1, "NOT_SERVING")
    port = server.app.port
    server.app.stop(0)
    code, out, err = _health(capsys, "--target", f"127.0.0.1:{port}", "--timeout-s", "2")
    assert (code, out) == (1, "")
    assert err.startswith("UNAVAILABLE: cannot reach"), err
    assert _health(capsys, "--target", server.target, "--timeout-s", "0")[0] == 2


def test_health_command_speaks_mutual_tls(
    start_server: StartServer, pki: dict[str, object], capsys: pytest.CaptureFixture[str],
) -> None:
    ca, cert = pki["ca"], pki["server"]
    client = pki["admin"]
    assert isinstance(ca, Authority) and isinstance(cert, Pem) and isinstance(client, Pem)
    app = start_server(tls_cert=cert.cert, tls_key=cert.key, tls_client_ca=ca.pem.cert).app
    target = f"localhost:{app.port}"
    assert _health(capsys, "--target", target, "--ca", str(ca.pem.cert), "--cert",
                   str(client.cert), "--key", str(client.key)) == (0, "SERVING", "")
    code, out, err = _health(capsys, "--target", target, "--ca", str(ca.pem.cert),
                             "--timeout-s", "3")
    assert (code, out) == (1, "")
    assert "--cert and --key" in err, err


def test_health_port_answers_check_in_plaintext_beside_a_tls_port(
    start_server: StartServer, pki: dict[str, object],
) -> None:
    ca, cert = pki["ca"], pki["server"]
    assert isinstance(ca, Authority) and isinstance(cert, Pem)
    probe_port = free_port()
    app = start_server(tls_cert=cert.cert, tls_key=cert.key, tls_client_ca=ca.pem.cert,
                       health_port=probe_port).app
    probes = f"127.0.0.1:{probe_port}"
    # What a Kubernetes gRPC probe does: plaintext Check, no credentials.
    assert _check(probes) == SERVING
    assert _check(probes, SCORING) == SERVING
    assert _check(probes, REVIEW) == SERVING

    with grpc.insecure_channel(probes) as channel:
        # Only Check: no watch streams to hold the port's threads, and no other service.
        watch = health_pb2_grpc.HealthStub(channel).Watch(
            health_pb2.HealthCheckRequest(service=""), timeout=10)
        with pytest.raises(grpc.RpcError) as info:
            next(watch)
        assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
        with pytest.raises(grpc.RpcError) as info:
            scoring_pb2_grpc.ScoringServiceStub(channel).ScoreConversation(
                positive(), timeout=10)
        assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED
        with pytest.raises(grpc.RpcError) as info:
            health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service="no.Such"), timeout=10)
        assert info.value.code() == grpc.StatusCode.NOT_FOUND

    # The same statuses as the main port, through shutdown.
    app.health.enter_graceful_shutdown()
    assert _check(probes) == NOT_SERVING
    assert _check(probes, REVIEW) == NOT_SERVING
    app.stop(0)
    with pytest.raises(grpc.RpcError) as info:
        _check(probes)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE


def test_installed_script_checks_the_health_port_as_the_image_does(
    start_server: StartServer,
) -> None:
    probe_port = free_port()
    start_server(health_port=probe_port)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    # The Dockerfile's HEALTHCHECK, with the port this test picked.
    done = subprocess.run([str(SCRIPT), "health", "--target", f"127.0.0.1:{probe_port}"],
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "SERVING\n", "")


def test_a_taken_health_port_is_refused_by_name(start_server: StartServer) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        with pytest.raises(ResourceInUse, match=f"health_port {taken}"):
            start_server(health_port=taken)
