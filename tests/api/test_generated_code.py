"""Checks on the gRPC contract and the checked-in generated code (service/api)."""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
API_DIR = REPO_ROOT / "service" / "api"
GENERATED_ROOT = "grooming_risk"
GENERATE_SCRIPT = REPO_ROOT / "scripts" / "generate_api.py"
REGENERATE_HINT = "run scripts/generate_api.sh and commit the result"

MODULE_PREFIX = "service.api.grooming_risk.v1"

EXPECTED_SERVICES = {
    "scoring": {
        "ScoringService": {"ScoreConversation", "ScoreConversations",
                           "ScoreConversationBatches"},
    },
    "review": {
        "ReviewService": {
            "ListCases",
            "GetCase",
            "ClaimCase",
            "ReleaseCase",
            "DecideCase",
            "ReportCase",
            "FileComplaint",
            "ResolveComplaint",
            "ListComplaints",
            "ListAuditEvents",
            "GetTransparencyReport",
            "GetCaller",
        },
    },
    "admin": {
        "AdminService": {"ReloadModel", "GetModelInfo"},
    },
}


def _generated_files(root: Path) -> dict[str, bytes]:
    base = root / GENERATED_ROOT
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(base.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_checked_in_code_matches_protos(tmp_path: Path) -> None:
    if importlib.util.find_spec("grpc_tools") is None:
        pytest.fail(
            "grpcio-tools is not installed (pinned in the requirements); cannot check drift"
        )
    result = subprocess.run(
        [sys.executable, str(GENERATE_SCRIPT), "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"generation failed:\n{result.stdout}\n{result.stderr}"
    )

    expected = _generated_files(tmp_path)
    actual = _generated_files(API_DIR)
    assert expected, "generation produced no files"

    missing = sorted(set(expected) - set(actual))
    stale = sorted(set(actual) - set(expected))
    changed = sorted(
        name for name in set(expected) & set(actual) if expected[name] != actual[name]
    )
    problems = []
    if missing:
        problems.append(f"missing from service/api: {missing}")
    if stale:
        problems.append(f"stale in service/api: {stale}")
    if changed:
        problems.append(f"out of date in service/api: {changed}")
    assert not problems, (
        "generated code does not match proto/; "
        + REGENERATE_HINT
        + "\n"
        + "\n".join(problems)
    )


def test_api_package_init_is_kept() -> None:
    assert (API_DIR / "__init__.py").is_file()


@pytest.mark.parametrize("proto_name", sorted(EXPECTED_SERVICES))
def test_service_descriptors(proto_name: str) -> None:
    pb2 = importlib.import_module(f"{MODULE_PREFIX}.{proto_name}_pb2")
    pb2_grpc = importlib.import_module(f"{MODULE_PREFIX}.{proto_name}_pb2_grpc")
    assert pb2.DESCRIPTOR.package == "grooming_risk.v1"
    expected = EXPECTED_SERVICES[proto_name]
    assert set(pb2.DESCRIPTOR.services_by_name) == set(expected)
    for service_name, methods in expected.items():
        service = pb2.DESCRIPTOR.services_by_name[service_name]
        assert set(service.methods_by_name) == methods
        for method in service.methods_by_name.values():
            if method.name == "ScoreConversationBatches":
                assert method.input_type.name == "ScoreConversationBatch"
                assert method.output_type.name == "ScoreConversationBatchResult"
            elif service_name == "ScoringService":
                assert method.input_type.name == "ScoreConversationRequest"
                assert method.output_type.name == "ScoreConversationResponse"
            else:
                assert method.input_type.name == f"{method.name}Request"
                assert method.output_type.name == f"{method.name}Response"
        assert hasattr(pb2_grpc, f"{service_name}Stub")
        assert hasattr(pb2_grpc, f"{service_name}Servicer")
        assert hasattr(pb2_grpc, f"add_{service_name}Servicer_to_server")


def test_streaming_shape() -> None:
    scoring_pb2 = importlib.import_module(f"{MODULE_PREFIX}.scoring_pb2")
    methods = scoring_pb2.DESCRIPTOR.services_by_name["ScoringService"].methods_by_name
    unary = methods["ScoreConversation"]
    assert not unary.client_streaming and not unary.server_streaming
    for name in ("ScoreConversations", "ScoreConversationBatches"):
        assert methods[name].client_streaming and methods[name].server_streaming


def test_scoring_response_carries_no_score_or_text() -> None:
    scoring_pb2 = importlib.import_module(f"{MODULE_PREFIX}.scoring_pb2")
    fields = set(scoring_pb2.ScoreConversationResponse.DESCRIPTOR.fields_by_name)
    assert fields == {
        "conversation_id",
        "outcome",
        "suspicious",
        "case_id",
        "not_scanned_reason",
        "model_version",
        "error",
    }
    # The per-item error of the bulk stream holds a status code and a field path only.
    assert set(scoring_pb2.ItemError.DESCRIPTOR.fields_by_name) == {"code", "message", "field"}


def test_cases_complaints_and_audit_hold_no_text_fields() -> None:
    review_pb2 = importlib.import_module(f"{MODULE_PREFIX}.review_pb2")
    for message in ("Case", "IndicatorHit", "Complaint", "AuditEvent"):
        fields = set(getattr(review_pb2, message).DESCRIPTOR.fields_by_name)
        assert not fields & {"text", "content", "message_text", "body"}, message


def test_enum_zero_values_are_unspecified() -> None:
    for proto_name in EXPECTED_SERVICES:
        pb2 = importlib.import_module(f"{MODULE_PREFIX}.{proto_name}_pb2")
        for enum in pb2.DESCRIPTOR.enum_types_by_name.values():
            assert enum.values_by_number[0].name.endswith("_UNSPECIFIED"), enum.name


def _find_buf() -> str | None:
    local = REPO_ROOT / "node_modules" / ".bin" / "buf"
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which("buf")


def test_buf_lint() -> None:
    buf = _find_buf()
    if buf is None:
        pytest.skip(
            "buf not found (node_modules/.bin/buf or buf on PATH); "
            "install with: npm install --no-save --prefix . @bufbuild/buf"
        )
    result = subprocess.run(
        [buf, "lint"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, f"buf lint failed:\n{result.stdout}\n{result.stderr}"
