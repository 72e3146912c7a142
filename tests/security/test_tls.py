"""TLS and mutual TLS with certificates generated in the test."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest

from service.api.grooming_risk.v1 import admin_pb2, admin_pb2_grpc
from service.client import open_channel


def _info(channel: grpc.Channel) -> str:
    reply = admin_pb2_grpc.AdminServiceStub(channel).GetModelInfo(
        admin_pb2.GetModelInfoRequest(), timeout=10)
    return str(reply.model_version)


def test_mtls_identifies_clients_by_certificate(start_server, tmp_path: Path, pki) -> None:  # type: ignore[no-untyped-def]
    creds = tmp_path / "credentials.json"
    creds.write_text(json.dumps({"clients": [
        {"name": "ops", "roles": ["admin"], "tls_subject": "CN=ops-admin"}]}))
    server, ca = pki["server"], pki["ca"]
    app = start_server(credentials_file=creds, tls_cert=server.cert, tls_key=server.key,
                         tls_client_ca=ca.pem.cert).app
    target = f"localhost:{app.port}"
    admin = pki["admin"]
    with open_channel(target, ca=ca.pem.cert, cert=admin.cert, key=admin.key) as channel:
        assert _info(channel)  # authorised by certificate subject alone
    stranger = pki["stranger"]
    with open_channel(target, ca=ca.pem.cert, cert=stranger.cert, key=stranger.key) as channel:
        with pytest.raises(grpc.RpcError) as err:
            _info(channel)
        assert err.value.code() is grpc.StatusCode.UNAUTHENTICATED
    rogue = pki["rogue"]
    with open_channel(target, ca=ca.pem.cert, cert=rogue.cert, key=rogue.key) as channel:
        with pytest.raises(grpc.RpcError) as err:
            _info(channel)
        assert err.value.code() is grpc.StatusCode.UNAVAILABLE  # handshake refused
    with open_channel(target, ca=ca.pem.cert) as channel:  # no client certificate
        with pytest.raises(grpc.RpcError) as err:
            _info(channel)
        assert err.value.code() is grpc.StatusCode.UNAVAILABLE
    with grpc.insecure_channel(target) as channel:  # plaintext to a TLS port
        with pytest.raises(grpc.RpcError) as err:
            _info(channel)
        assert err.value.code() is grpc.StatusCode.UNAVAILABLE


def test_tls_without_client_ca_serves_token_clients(start_server, tmp_path: Path, pki) -> None:  # type: ignore[no-untyped-def]
    from service.auth import add_client

    creds = tmp_path / "credentials.json"
    token = add_client(creds, "ops", ["admin"])
    server, ca = pki["server"], pki["ca"]
    app = start_server(credentials_file=creds, tls_cert=server.cert, tls_key=server.key).app
    with open_channel(f"localhost:{app.port}", ca=ca.pem.cert) as channel:
        reply = admin_pb2_grpc.AdminServiceStub(channel).GetModelInfo(
            admin_pb2.GetModelInfoRequest(), metadata=(("authorization", f"Bearer {token}"),),
            timeout=10)
        assert reply.model_version
