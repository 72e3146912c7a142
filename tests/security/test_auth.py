"""Who may call what: every role against every RPC, failures counted and audited."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    review_pb2,
    review_pb2_grpc,
    scoring_pb2,
    scoring_pb2_grpc,
)
from service.auth import PERMISSIONS, Role
from service.errors import ConfigurationError

AUTH_CODES = {grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED}


def _call(channel: grpc.Channel, method: str, metadata: tuple[tuple[str, str], ...],
          actor: str = "") -> grpc.StatusCode:
    """Call ``method`` with an empty (usually invalid) request; return the status code."""
    service, name = method.strip("/").split("/")
    short = service.rsplit(".", 1)[-1]
    module, stub_cls = {
        "ScoringService": (scoring_pb2, scoring_pb2_grpc.ScoringServiceStub),
        "ReviewService": (review_pb2, review_pb2_grpc.ReviewServiceStub),
        "AdminService": (admin_pb2, admin_pb2_grpc.AdminServiceStub),
    }[short]
    stub = stub_cls(channel)
    request_cls = getattr(module, "ScoreConversationBatch" if name == "ScoreConversationBatches"
                          else "ScoreConversationRequest" if short == "ScoringService"
                          else f"{name}Request")
    try:
        if name in ("ScoreConversations", "ScoreConversationBatches"):
            list(getattr(stub, name)(iter([request_cls()]), metadata=metadata, timeout=10))
        elif name == "ReloadModel":
            # An invalid folder: authorized callers get FAILED_PRECONDITION, not a reload.
            stub.ReloadModel(request_cls(model_dir="/nonexistent"), metadata=metadata,
                             timeout=10)
        else:
            fields = request_cls.DESCRIPTOR.fields_by_name
            request = request_cls(reviewer_id=actor) if "reviewer_id" in fields else request_cls()
            getattr(stub, name)(request, metadata=metadata, timeout=10)
    except grpc.RpcError as err:
        return err.code()
    return grpc.StatusCode.OK


def test_every_role_against_every_rpc(start_server, tokens) -> None:  # type: ignore[no-untyped-def]
    path, by_role = tokens
    app = start_server(credentials_file=path).app
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        for method, allowed in sorted(PERMISSIONS.items()):
            for role, token in by_role.items():
                code = _call(channel, method, (("authorization", f"Bearer {token}"),),
                             actor=f"{role}-client")
                if Role(role) in allowed:
                    assert code not in AUTH_CODES, (method, role, code)
                else:
                    assert code is grpc.StatusCode.PERMISSION_DENIED, (method, role, code)
            assert _call(channel, method, ()) is grpc.StatusCode.UNAUTHENTICATED
            assert _call(channel, method, (("authorization", "Bearer wrong"),)) \
                is grpc.StatusCode.UNAUTHENTICATED


def test_health_and_reflection_need_no_token(start_server, tokens) -> None:  # type: ignore[no-untyped-def]
    path, _ = tokens
    app = start_server(credentials_file=path).app
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
        assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_failures_are_counted_and_audited_without_the_token(start_server, tokens) -> None:  # type: ignore[no-untyped-def]
    path, by_role = tokens
    app = start_server(credentials_file=path).app
    secret = "not-a-token-but-looks-secret-123"
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        _call(channel, "/grooming_risk.v1.ReviewService/ListCases",
              (("authorization", f"Bearer {secret}"),))
        _call(channel, "/grooming_risk.v1.ReviewService/ListCases", ())
        _call(channel, "/grooming_risk.v1.ReviewService/ListCases",
              (("authorization", f"Bearer {by_role['platform']}"),))
    reg = app.metrics.registry
    for reason in ("invalid", "missing", "forbidden"):
        assert reg.get_sample_value("grooming_risk_auth_failures_total", {"reason": reason}) == 1
    events, _ = app.store.list_audit(page_size=100)
    failed = [(e.actor, e.reason_code) for e in events if e.action == "auth.failed"]
    assert failed == [("unknown", "invalid"), ("unknown", "missing"),
                      ("platform-client", "forbidden")]
    app.store.close()
    for file in app.settings.data_dir.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert secret.encode() not in data
            for token in by_role.values():
                assert token.encode() not in data


def test_reviewers_act_only_under_their_own_name(start_server, tokens) -> None:  # type: ignore[no-untyped-def]
    path, by_role = tokens
    app = start_server(credentials_file=path).app
    meta = (("authorization", f"Bearer {by_role['reviewer']}"),)
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        stub = review_pb2_grpc.ReviewServiceStub(channel)
        with pytest.raises(grpc.RpcError) as err:
            stub.ClaimCase(review_pb2.ClaimCaseRequest(case_id="c", reviewer_id="mallory"),
                           metadata=meta)
        assert err.value.code() is grpc.StatusCode.PERMISSION_DENIED
        with pytest.raises(grpc.RpcError) as err:
            stub.ClaimCase(review_pb2.ClaimCaseRequest(case_id="c", reviewer_id="reviewer-client"),
                           metadata=meta)
        assert err.value.code() is grpc.StatusCode.NOT_FOUND


def test_rate_limit_answers_resource_exhausted(start_server, tokens) -> None:  # type: ignore[no-untyped-def]
    path, by_role = tokens
    app = start_server(credentials_file=path, rate_limit_per_s=0.01, rate_limit_burst=3).app
    meta = (("authorization", f"Bearer {by_role['auditor']}"),)
    other = (("authorization", f"Bearer {by_role['admin']}"),)
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        codes = [_call(channel, "/grooming_risk.v1.AdminService/GetModelInfo", meta)
                 for _ in range(5)]
        assert codes == [grpc.StatusCode.OK] * 3 + [grpc.StatusCode.RESOURCE_EXHAUSTED] * 2
        # Buckets are per client: another client is unaffected.
        assert _call(channel, "/grooming_risk.v1.AdminService/GetModelInfo", other) \
            is grpc.StatusCode.OK
    assert app.metrics.registry.get_sample_value(
        "grooming_risk_load_shed_total", {"limit": "rate_limit"}) == 2


def test_plaintext_off_loopback_is_refused(tmp_path: Path) -> None:
    from service.config import Settings
    from service.server import build_server

    with pytest.raises(ConfigurationError, match="refusing plaintext"):
        build_server(Settings(host="0.0.0.0", port=0, metrics_port=0, data_dir=tmp_path))


def test_credentials_file_never_holds_tokens(tmp_path: Path) -> None:
    from service.auth import Credentials

    path = tmp_path / "c.json"
    path.write_text(json.dumps({"clients": [{"name": "x", "roles": ["admin"], "token": "t"}]}))
    with pytest.raises(ConfigurationError, match="never the token"):
        Credentials.load(path)
    path.write_text(json.dumps({"clients": [{"name": "x", "roles": ["root"],
                                             "token_sha256": "0" * 64}]}))
    with pytest.raises(ConfigurationError, match="unknown role"):
        Credentials.load(path)


def test_issued_tokens_are_recognisable_and_never_look_like_an_option() -> None:
    from service.auth import TOKEN_PREFIX, new_token

    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    # Without the prefix about one token in 64 began with "-", and `--token "$T"` then
    # failed as a usage error (the TLS walkthrough's flake).
    assert all(t.startswith(TOKEN_PREFIX) and not t.startswith("-") for t in tokens)
    assert all(len(t) == len(TOKEN_PREFIX) + 43 for t in tokens)  # 256 random bits
