"""INVALID_ARGUMENT carries a ``google.rpc.BadRequest`` with the field path, decoded by a client.

Each test decodes the rich status the way a client would (``grpc_status.rpc_status``)
and looks for the field path in the structured detail, not in the status message.
"""

from __future__ import annotations

import grpc
import pytest
from google.rpc import code_pb2, error_details_pb2
from grpc_status import rpc_status

from service import errors
from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.interceptors.errors import ERROR_TABLE
from tests.conftest import Running
from tests.server.helpers import positive

SCORE_METHOD = "/grooming_risk.v1.ScoringService/ScoreConversation"
BULK_METHOD = "/grooming_risk.v1.ScoringService/ScoreConversations"


def _violations(err: grpc.RpcError) -> list[tuple[str, str]]:
    """The (field, description) pairs of the BadRequest detail of a failed call."""
    status = rpc_status.from_call(err)  # type: ignore[arg-type]
    assert status is not None, "INVALID_ARGUMENT came without a rich status"
    assert status.code == code_pb2.INVALID_ARGUMENT
    found: list[tuple[str, str]] = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            found += [(v.field, v.description) for v in bad.field_violations]
    return found


def _failure(call, request) -> grpc.RpcError:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.RpcError) as info:
        call(request, timeout=10)
    return info.value  # type: ignore[return-value]


def test_unary_score_names_the_field_in_a_bad_request(server: Running) -> None:
    request = positive()
    request.conversation.messages[2].sender_id = "nobody-here"
    err = _failure(server.scoring.ScoreConversation, request)
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    violations = _violations(err)
    assert [field for field, _ in violations] == ["conversation.messages[2].sender_id"]
    # The structured detail carries no message text either.
    texts = [m.text for m in request.conversation.messages]
    assert not any(text in description for _, description in violations for text in texts)


def test_review_call_names_the_field_in_a_bad_request(server: Running) -> None:
    err = _failure(server.review.DecideCase, rpb.DecideCaseRequest(
        case_id="c", decision=rpb.DECISION_UNSPECIFIED, reviewer_id="rev-1", reason="x"))
    assert [field for field, _ in _violations(err)] == ["decision"]


def test_undecodable_request_names_the_request(server: Running) -> None:
    raw = server.channel.unary_unary(SCORE_METHOD)
    err = _failure(raw, b"\xff\xff\xff")
    assert [field for field, _ in _violations(err)] == ["request"]


def test_undecodable_stream_message_ends_the_stream_with_a_bad_request(server: Running) -> None:
    raw = server.channel.stream_stream(BULK_METHOD)
    with pytest.raises(grpc.RpcError) as info:
        list(raw(iter([b"\xff\xff\xff"]), timeout=10))
    assert [field for field, _ in _violations(info.value)] == ["request"]  # type: ignore[arg-type]


def test_bulk_item_error_carries_the_field_path(server: Running) -> None:
    bad = positive()
    bad.conversation.messages[1].sender_id = "nobody-here"
    responses = list(server.scoring.ScoreConversations(iter([positive(), bad]), timeout=30))
    assert responses[1].outcome == spb.OUTCOME_REJECTED
    assert responses[1].error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert responses[1].error.field == "conversation.messages[1].sender_id"
    assert responses[0].error.field == ""


def test_other_codes_carry_no_bad_request(server: Running) -> None:
    err = _failure(server.review.GetCase, rpb.GetCaseRequest(case_id="no-such-case"))
    assert err.code() == grpc.StatusCode.NOT_FOUND
    status = rpc_status.from_call(err)  # type: ignore[arg-type]
    assert status is None or not status.details


def test_every_invalid_argument_row_is_an_error_with_a_field() -> None:
    # The BadRequest detail is built from InvalidInput.field: a new row mapped to
    # INVALID_ARGUMENT must be one, or its clients would get no field path.
    rows = [cls for cls, code in ERROR_TABLE.items()
            if code is grpc.StatusCode.INVALID_ARGUMENT]
    assert rows
    assert all(issubclass(cls, errors.InvalidInput) for cls in rows)
