"""Mutual TLS and bearer tokens together: the token names the principal, the certificate
authenticates the channel (README, "Certificates and tokens together")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2, review_pb2_grpc, scoring_pb2_grpc
from service.auth import add_client
from service.client import open_channel

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mtls(start_server, tmp_path: Path, pki):  # type: ignore[no-untyped-def]
    """An mTLS server knowing platform-a by certificate and alice by token."""
    creds = tmp_path / "credentials.json"
    creds.write_text(json.dumps({"clients": [
        {"name": "platform-a", "roles": ["platform"], "tls_subject": "CN=platform-a"}]}))
    alice = add_client(creds, "alice", ["reviewer"])
    server = pki["server"]
    app = start_server(credentials_file=creds, tls_cert=server.cert, tls_key=server.key,
                         tls_client_ca=pki["ca"].pem.cert).app
    return app, alice


def _list_cases(channel: grpc.Channel, token: str | None) -> grpc.StatusCode:
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    try:
        review_pb2_grpc.ReviewServiceStub(channel).ListCases(
            review_pb2.ListCasesRequest(), metadata=metadata, timeout=10)
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


def test_a_reviewer_token_over_a_platform_certificate_acts_as_the_reviewer(mtls, pki) -> None:  # type: ignore[no-untyped-def]
    app, alice = mtls
    ca, platform = pki["ca"], pki["platform"]
    with open_channel(f"localhost:{app.port}", ca=ca.pem.cert, cert=platform.cert,
                      key=platform.key) as channel:
        # The certificate alone is platform-a: scoring only.
        assert _list_cases(channel, None) is grpc.StatusCode.PERMISSION_DENIED
        # The token names the principal: alice may list cases over the same channel.
        assert _list_cases(channel, alice) is grpc.StatusCode.OK
        # and then she is a reviewer only: the certificate's platform role does not add up.
        with pytest.raises(grpc.RpcError) as err:
            list(scoring_pb2_grpc.ScoringServiceStub(channel).ScoreConversations(
                iter(()), metadata=(("authorization", f"Bearer {alice}"),), timeout=10))
        assert err.value.code() is grpc.StatusCode.PERMISSION_DENIED
        # A wrong token is refused, never silently replaced by the certificate's identity.
        assert _list_cases(channel, "not-a-token") is grpc.StatusCode.UNAUTHENTICATED


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env=env, check=False)


def test_reviewer_cli_without_a_client_certificate_is_told_to_send_one(mtls, pki) -> None:  # type: ignore[no-untyped-def]
    app, alice = mtls
    ca = pki["ca"]
    result = _cli("cases", "list", "--target", f"localhost:{app.port}",
                  "--ca", str(ca.pem.cert), "--token", alice)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("UNAVAILABLE")
    assert "--cert" in lines[0] and "--key" in lines[0] and f"localhost:{app.port}" in lines[0]


def test_reviewer_cli_with_a_certificate_and_token_lists_cases(mtls, pki) -> None:  # type: ignore[no-untyped-def]
    app, alice = mtls
    ca, platform = pki["ca"], pki["platform"]
    result = _cli("cases", "list", "--target", f"localhost:{app.port}",
                  "--ca", str(ca.pem.cert), "--cert", str(platform.cert),
                  "--key", str(platform.key), "--token", alice)
    assert result.returncode == 0, result.stderr
