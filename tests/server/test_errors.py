"""Every row of ERROR_TABLE: through a real RPC where the domain raises it, else directly."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest

from service import errors
from service.api.grooming_risk.v1 import admin_pb2 as apb
from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.interceptors.errors import ERROR_TABLE, INTERNAL_MESSAGE, ErrorInterceptor, status_for
from tests.conftest import Running, StartServer
from tests.server.helpers import MANIFEST, MODEL_DIR, MODEL_VERSION, positive

# The contract, written out independently of the implementation's table (by class name,
# so a row under construction elsewhere does not break the import of this module).
EXPECTED: dict[str, grpc.StatusCode] = {
    "InvalidInput": grpc.StatusCode.INVALID_ARGUMENT,
    "NotFound": grpc.StatusCode.NOT_FOUND,
    "IllegalTransition": grpc.StatusCode.FAILED_PRECONDITION,
    "PreconditionFailed": grpc.StatusCode.FAILED_PRECONDITION,
    "ModelIntegrityError": grpc.StatusCode.FAILED_PRECONDITION,
    "ConcurrentModification": grpc.StatusCode.ABORTED,
    "Unauthenticated": grpc.StatusCode.UNAUTHENTICATED,
    "PermissionDenied": grpc.StatusCode.PERMISSION_DENIED,
    "RateLimited": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "Overloaded": grpc.StatusCode.UNAVAILABLE,
    "ConfigurationError": grpc.StatusCode.FAILED_PRECONDITION,
    "SchemaMismatch": grpc.StatusCode.FAILED_PRECONDITION,
    "ResourceInUse": grpc.StatusCode.UNAVAILABLE,
    "DeadlineExceeded": grpc.StatusCode.DEADLINE_EXCEEDED,
}


def _make(cls: type[errors.GroomingRiskError]) -> errors.GroomingRiskError:
    if cls is errors.InvalidInput:
        return errors.InvalidInput("conversation.messages[2].sender_id", "is not a participant")
    return cls(f"{cls.__name__.lower()}: content-free detail 42")


def _rpc_error(call, *args, **kwargs) -> grpc.RpcError:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.RpcError) as info:
        result = call(*args, timeout=10, **kwargs)
        if isinstance(result, Iterator):
            list(result)
    return info.value  # type: ignore[return-value]


def _flag(server: Running) -> str:
    r = server.scoring.ScoreConversation(positive(), timeout=10)
    assert r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
    return r.case_id


# --- the table itself ----------------------------------------------------------------


def test_table_covers_every_domain_error() -> None:
    domain = {
        cls for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.GroomingRiskError)
        and cls is not errors.GroomingRiskError
    }
    assert set(ERROR_TABLE) == domain
    assert {cls.__name__ for cls in domain} <= set(EXPECTED), "add the new row to EXPECTED"


@pytest.mark.parametrize("cls", list(ERROR_TABLE), ids=lambda c: c.__name__)
def test_status_for_every_row(cls: type[errors.GroomingRiskError]) -> None:
    err = _make(cls)
    code, detail = status_for(err)
    assert code == EXPECTED[cls.__name__]
    assert detail == str(err)


def test_status_for_a_subclass_uses_its_parent_row() -> None:
    class LeaseLost(errors.ConcurrentModification):
        pass

    assert status_for(LeaseLost("case: lease lost")) == (grpc.StatusCode.ABORTED,
                                                         "case: lease lost")


@pytest.mark.parametrize(
    "err",
    [RuntimeError("secret-detail"), KeyError("secret-detail"), ValueError("secret-detail"),
     errors.GroomingRiskError("secret-detail")],
    ids=lambda e: type(e).__name__,
)
def test_unexpected_errors_map_to_internal_with_a_fixed_message(err: BaseException) -> None:
    assert status_for(err) == (grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE)
    assert INTERNAL_MESSAGE == "internal error"


# --- rows reached through real RPCs --------------------------------------------------


def test_invalid_input_is_invalid_argument_with_the_field_path(server: Running) -> None:
    req = positive()
    req.conversation.id = ""
    err = _rpc_error(server.scoring.ScoreConversation, req)
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert err.details() == "conversation.id: is required"

    err = _rpc_error(server.review.DecideCase, rpb.DecideCaseRequest(
        case_id="c", decision=rpb.DECISION_UNSPECIFIED, reviewer_id="rev-1", reason="x"))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert err.details().startswith("decision:")


@pytest.mark.parametrize(
    ("from_date", "to_date", "field"),
    [("2026-13-01", "2026-12-31", "from_date"),
     ("2026-01-01", "31/12/2026", "to_date"),
     ("2026-06-01", "2026-05-01", "to_date")],
)
def test_bad_report_dates_are_invalid_argument(
    server: Running, from_date: str, to_date: str, field: str
) -> None:
    err = _rpc_error(server.review.GetTransparencyReport, rpb.GetTransparencyReportRequest(
        from_date=from_date, to_date=to_date, format=rpb.REPORT_FORMAT_JSON))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert err.details().startswith(f"{field}:")


def test_report_at_the_end_of_the_calendar_is_not_internal(server: Running) -> None:
    request = rpb.GetTransparencyReportRequest(
        from_date="9999-11-01", to_date="9999-12-31", format=rpb.REPORT_FORMAT_JSON)
    try:
        server.review.GetTransparencyReport(request, timeout=10)
    except grpc.RpcError as err:
        assert err.code() == grpc.StatusCode.INVALID_ARGUMENT, err.details()


def test_not_found(server: Running) -> None:
    for call, req in (
        (server.review.GetCase, rpb.GetCaseRequest(case_id="no-such-case")),
        (server.review.ClaimCase, rpb.ClaimCaseRequest(case_id="no-such-case",
                                                       reviewer_id="rev-1")),
        (server.review.DecideCase, rpb.DecideCaseRequest(
            case_id="no-such-case", decision=rpb.DECISION_CONFIRMED, reviewer_id="rev-1",
            reason="clear_indicators")),
    ):
        err = _rpc_error(call, req)
        assert err.code() == grpc.StatusCode.NOT_FOUND, call


def test_illegal_transition_is_failed_precondition(server: Running) -> None:
    case_id = _flag(server)
    err = _rpc_error(server.review.DecideCase, rpb.DecideCaseRequest(
        case_id=case_id, decision=rpb.DECISION_CONFIRMED, reviewer_id="rev-1",
        reason="clear_indicators"))
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "open" in err.details()

    err = _rpc_error(server.review.ReportCase, rpb.ReportCaseRequest(
        case_id=case_id, reviewer_id="rev-1", recipient="ncmec",
        reason="confirmed_solicitation"))
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    # Nothing changed.
    case = server.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
    assert case.status == rpb.CASE_STATUS_OPEN


def test_competing_claim_is_aborted(server: Running) -> None:
    case_id = _flag(server)
    server.review.ClaimCase(rpb.ClaimCaseRequest(case_id=case_id, reviewer_id="rev-1"),
                            timeout=10)
    err = _rpc_error(server.review.ClaimCase,
                     rpb.ClaimCaseRequest(case_id=case_id, reviewer_id="rev-2"))
    assert err.code() == grpc.StatusCode.ABORTED
    # The loser cannot decide either; the holder still can.
    err = _rpc_error(server.review.DecideCase, rpb.DecideCaseRequest(
        case_id=case_id, decision=rpb.DECISION_CONFIRMED, reviewer_id="rev-2",
        reason="clear_indicators"))
    assert err.code() == grpc.StatusCode.ABORTED
    case = server.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case
    assert case.claimed_by == "rev-1"


def test_lapsed_legal_basis_is_failed_precondition(start_server: StartServer) -> None:
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    server = start_server(legal_basis="Regulation (EU) 2021/1232",
                          legal_basis_valid_until=yesterday)
    err = _rpc_error(server.scoring.ScoreConversation, positive())
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "lapsed" in err.details()

    err = _rpc_error(server.scoring.ScoreConversations, iter([positive(), positive()]))
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION

    cases = server.review.ListCases(rpb.ListCasesRequest(), timeout=10).cases
    assert list(cases) == []


def test_legal_basis_valid_today_still_scores(start_server: StartServer) -> None:
    today = dt.datetime.now(dt.UTC).date()
    server = start_server(legal_basis="Regulation (EU) 2021/1232",
                          legal_basis_valid_until=today + dt.timedelta(days=1))
    r = server.scoring.ScoreConversation(positive(), timeout=10)
    assert r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW


def _copy_model(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(MODEL_DIR, target)
    return target


def test_tampered_model_reload_is_refused_and_the_old_model_keeps_serving(
    server: Running, tmp_path: Path
) -> None:
    before = server.admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
    assert before.model_version == MODEL_VERSION
    assert before.sha256 == MANIFEST["files"]["model.onnx"]

    tampered = _copy_model(tmp_path, "tampered")
    onnx = tampered / "model.onnx"
    blob = bytearray(onnx.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    onnx.write_bytes(bytes(blob))

    err = _rpc_error(server.admin.ReloadModel, apb.ReloadModelRequest(model_dir=str(tampered)))
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "model.onnx" in err.details()

    after = server.admin.GetModelInfo(apb.GetModelInfoRequest(), timeout=10)
    assert after.model_version == before.model_version
    assert after.sha256 == before.sha256
    assert after.loaded_at == before.loaded_at
    r = server.scoring.ScoreConversation(positive(), timeout=10)
    assert r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
    assert r.model_version == MODEL_VERSION


def test_intact_model_copy_reloads(server: Running, tmp_path: Path) -> None:
    # Control for the tampered case: the same copy without the flipped byte loads.
    intact = _copy_model(tmp_path, "intact")
    r = server.admin.ReloadModel(apb.ReloadModelRequest(model_dir=str(intact)), timeout=30)
    assert r.previous_model_version == MODEL_VERSION
    assert r.model_version == MODEL_VERSION
    flagged = server.scoring.ScoreConversation(positive(), timeout=10)
    assert flagged.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW


def test_missing_model_dir_reload_is_failed_precondition(server: Running, tmp_path: Path) -> None:
    err = _rpc_error(server.admin.ReloadModel,
                     apb.ReloadModelRequest(model_dir=str(tmp_path / "nowhere")))
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert str(tmp_path) not in err.details()


# --- the interceptor with a throwaway servicer ----------------------------------------


def _boom(request: bytes, context: grpc.ServicerContext) -> bytes:
    raise RuntimeError("secret-detail")


def _boom_stream(request: bytes, context: grpc.ServicerContext) -> Iterator[bytes]:
    yield b"first"
    raise RuntimeError("secret-detail")


def _domain(request: bytes, context: grpc.ServicerContext) -> bytes:
    raise errors.NotFound("case: no such case")


def _handler_aborts(request: bytes, context: grpc.ServicerContext) -> bytes:
    context.abort(grpc.StatusCode.PERMISSION_DENIED, "role reviewer required")
    raise AssertionError("unreachable")


@pytest.fixture
def throwaway() -> Iterator[grpc.Channel]:
    """A separate server: only the ErrorInterceptor and a tiny generic servicer."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2),
                         interceptors=[ErrorInterceptor()])
    handlers = {
        "Boom": grpc.unary_unary_rpc_method_handler(_boom),
        "BoomStream": grpc.unary_stream_rpc_method_handler(_boom_stream),
        "Domain": grpc.unary_unary_rpc_method_handler(_domain),
        "Aborts": grpc.unary_unary_rpc_method_handler(_handler_aborts),
    }
    server.add_generic_rpc_handlers(
        (grpc.method_handlers_generic_handler("test.Throwaway", handlers),)
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield channel
    channel.close()
    server.stop(0)


def test_interceptor_hides_unexpected_errors(
    throwaway: grpc.Channel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    err = _rpc_error(throwaway.unary_unary("/test.Throwaway/Boom"), b"x")
    assert err.code() == grpc.StatusCode.INTERNAL
    assert err.details() == "internal error"
    assert "secret-detail" not in str(err)
    assert "secret-detail" not in repr(err.trailing_metadata())

    calls = throwaway.unary_stream("/test.Throwaway/BoomStream")(b"x", timeout=10)
    received = []
    with pytest.raises(grpc.RpcError) as info:
        received.extend(calls)
    assert received == [b"first"]
    assert info.value.code() == grpc.StatusCode.INTERNAL
    assert info.value.details() == "internal error"

    # Logged by type only; the message never reaches a log record.
    unhandled = [r for r in caplog.records if r.getMessage() == "unhandled_error"]
    assert len(unhandled) == 2
    assert all(r.fields["exception"] == "RuntimeError" for r in unhandled)  # type: ignore[attr-defined]
    assert "secret-detail" not in caplog.text
    for record in caplog.records:
        assert "secret-detail" not in repr(record.__dict__)


def test_interceptor_maps_domain_errors_and_keeps_handler_aborts(
    throwaway: grpc.Channel,
) -> None:
    err = _rpc_error(throwaway.unary_unary("/test.Throwaway/Domain"), b"x")
    assert err.code() == grpc.StatusCode.NOT_FOUND
    assert err.details() == "case: no such case"
    err = _rpc_error(throwaway.unary_unary("/test.Throwaway/Aborts"), b"x")
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED
    assert err.details() == "role reviewer required"
