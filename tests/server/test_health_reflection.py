"""Standard gRPC health checking and server reflection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from service.api.grooming_risk.v1 import admin_pb2 as apb
from service.clock import ManualClock
from service.server import SERVICES
from tests.conftest import Running, StartServer
from tests.server.helpers import MODEL_DIR, MODEL_VERSION, positive, tampered_model

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
GROOMING_SERVICES = {
    "grooming_risk.v1.ScoringService",
    "grooming_risk.v1.ReviewService",
    "grooming_risk.v1.AdminService",
}


def _status(server: Running, service: str) -> int:
    stub = health_pb2_grpc.HealthStub(server.channel)
    response = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=10)
    return int(response.status)


def test_services_constant_names_the_three_services() -> None:
    assert set(SERVICES) == GROOMING_SERVICES


@pytest.mark.parametrize("service", ["", *sorted(GROOMING_SERVICES)])
def test_serving_after_start(server: Running, service: str) -> None:
    assert _status(server, service) == SERVING


def test_unknown_service_is_not_found(server: Running) -> None:
    with pytest.raises(grpc.RpcError) as info:
        _status(server, "grooming_risk.v1.NoSuchService")
    assert info.value.code() == grpc.StatusCode.NOT_FOUND


def test_not_serving_once_shutdown_begins(server: Running) -> None:
    stub = health_pb2_grpc.HealthStub(server.channel)
    watch = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=10)
    assert next(watch).status == SERVING

    server.app.health.enter_graceful_shutdown()  # the first step of App.stop

    assert next(watch).status == NOT_SERVING
    watch.cancel()
    for service in ("", *sorted(GROOMING_SERVICES)):
        assert _status(server, service) == NOT_SERVING


def test_reflection_lists_the_services(server: Running) -> None:
    stub = reflection_pb2_grpc.ServerReflectionStub(server.channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    responses = list(stub.ServerReflectionInfo(iter([request]), timeout=10))
    assert len(responses) == 1
    names = {s.name for s in responses[0].list_services_response.service}
    assert names >= GROOMING_SERVICES
    assert "grpc.health.v1.Health" in names
    assert "grpc.reflection.v1alpha.ServerReflection" in names


def test_reflection_serves_the_scoring_descriptor(server: Running) -> None:
    from google.protobuf import descriptor_pb2

    stub = reflection_pb2_grpc.ServerReflectionStub(server.channel)
    request = reflection_pb2.ServerReflectionRequest(
        file_containing_symbol="grooming_risk.v1.ScoringService"
    )
    (response,) = stub.ServerReflectionInfo(iter([request]), timeout=10)
    files = [descriptor_pb2.FileDescriptorProto.FromString(raw)
             for raw in response.file_descriptor_response.file_descriptor_proto]
    scoring = next(f for f in files if f.package == "grooming_risk.v1"
                   and any(s.name == "ScoringService" for s in f.service))
    methods = {m.name for s in scoring.service for m in s.method}
    assert methods == {"ScoreConversation", "ScoreConversations", "ScoreConversationBatches"}


SCORING_HEALTH = ("", "grooming_risk.v1.ScoringService")
STILL_SERVING = ("grooming_risk.v1.ReviewService", "grooming_risk.v1.AdminService")


def test_not_serving_for_scoring_when_started_after_the_legal_basis_lapsed(
    start_server: StartServer,
) -> None:
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    server = start_server(legal_basis="Regulation (EU) 2021/1232",
                          legal_basis_valid_until=yesterday)

    for service in SCORING_HEALTH:
        assert _status(server, service) == NOT_SERVING, service
    for service in STILL_SERVING:  # reviewers must still work the open cases
        assert _status(server, service) == SERVING, service
    # Health tells the truth: scoring is indeed refused.
    with pytest.raises(grpc.RpcError) as info:
        server.scoring.ScoreConversation(positive(), timeout=10)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_scoring_health_turns_not_serving_when_the_legal_basis_lapses(
    start_server: StartServer,
) -> None:
    clock = ManualClock(datetime.now(UTC))
    server = start_server(clock=clock, legal_basis="Regulation (EU) 2021/1232",
                          legal_basis_valid_until=clock.now().date(), counters_flush_s=0.05)
    stub = health_pb2_grpc.HealthStub(server.channel)
    watches = {s: stub.Watch(health_pb2.HealthCheckRequest(service=s), timeout=10)
               for s in SCORING_HEALTH}
    for watch in watches.values():
        assert next(watch).status == SERVING  # the last day still allows scoring

    clock.advance(timedelta(days=1))  # housekeeping notices; nobody calls it by hand

    for service, watch in watches.items():
        assert next(watch).status == NOT_SERVING, service
        watch.cancel()
    for service in STILL_SERVING:
        assert _status(server, service) == SERVING, service


def test_no_verified_model_at_start_is_not_serving_until_a_reload(
    start_server: StartServer, tmp_path: Path,
) -> None:
    server = start_server(model_dir=tampered_model(tmp_path / "tampered"))
    stub = health_pb2_grpc.HealthStub(server.channel)
    watches = {s: stub.Watch(health_pb2.HealthCheckRequest(service=s), timeout=30)
               for s in SCORING_HEALTH}
    for service, watch in watches.items():
        assert next(watch).status == NOT_SERVING, service
    for service in STILL_SERVING:  # reviewers work on, and an admin can load a model
        assert _status(server, service) == SERVING, service
    # Health tells the truth: scoring is refused, naming the model, not an internal error.
    with pytest.raises(grpc.RpcError) as info:
        server.scoring.ScoreConversation(positive(), timeout=10)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE
    assert info.value.details().startswith("model:")
    with pytest.raises(grpc.RpcError) as info:
        server.admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE

    reloaded = server.admin.ReloadModel(apb.ReloadModelRequest(model_dir=str(MODEL_DIR)),
                                        timeout=60)
    assert (reloaded.previous_model_version, reloaded.model_version) == ("", MODEL_VERSION)

    for service, watch in watches.items():
        assert next(watch).status == SERVING, service
        watch.cancel()
    scored = server.scoring.ScoreConversation(positive(), timeout=30)
    assert scored.model_version == MODEL_VERSION


def test_a_refused_reload_keeps_serving_the_old_model(
    server: Running, tmp_path: Path,
) -> None:
    with pytest.raises(grpc.RpcError) as info:
        server.admin.ReloadModel(apb.ReloadModelRequest(
            model_dir=str(tampered_model(tmp_path / "tampered"))), timeout=60)
    assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    for service in ("", *sorted(GROOMING_SERVICES)):
        assert _status(server, service) == SERVING, service
    assert server.scoring.ScoreConversation(positive(), timeout=30).model_version == MODEL_VERSION
