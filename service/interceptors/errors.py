"""The one table that maps domain errors to gRPC status codes, and the interceptor using it.

Domain errors carry content-free messages by contract, so their text is sent as the
status detail. Every INVALID_ARGUMENT also carries a ``google.rpc.BadRequest`` with the
offending field path, so clients can read it without parsing the detail (decode it with
``grpc_status.rpc_status.from_call``). Anything else is a bug: it is logged by type only
and the client gets INTERNAL with a fixed message, so internal details (or data) never leak.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import grpc
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from service import errors
from service.interceptors import Behavior, WrappingInterceptor, decode_inside, wrap_handler
from service.observability import log_event

log = logging.getLogger(__name__)

INTERNAL_MESSAGE = "internal error"

ERROR_TABLE: dict[type[errors.GroomingRiskError], grpc.StatusCode] = {
    errors.InvalidInput: grpc.StatusCode.INVALID_ARGUMENT,
    errors.NotFound: grpc.StatusCode.NOT_FOUND,
    errors.IllegalTransition: grpc.StatusCode.FAILED_PRECONDITION,
    errors.PreconditionFailed: grpc.StatusCode.FAILED_PRECONDITION,
    errors.ModelIntegrityError: grpc.StatusCode.FAILED_PRECONDITION,
    errors.ConcurrentModification: grpc.StatusCode.ABORTED,
    errors.Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    errors.PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    errors.RateLimited: grpc.StatusCode.RESOURCE_EXHAUSTED,
    errors.Overloaded: grpc.StatusCode.UNAVAILABLE,
    errors.ConfigurationError: grpc.StatusCode.FAILED_PRECONDITION,
    errors.SchemaMismatch: grpc.StatusCode.FAILED_PRECONDITION,
    errors.ResourceInUse: grpc.StatusCode.UNAVAILABLE,
    errors.DeadlineExceeded: grpc.StatusCode.DEADLINE_EXCEEDED,
}


def status_for(err: BaseException) -> tuple[grpc.StatusCode, str]:
    """The status code and client-safe detail for ``err``."""
    for cls in type(err).__mro__:
        code = ERROR_TABLE.get(cls)  # type: ignore[call-overload]
        if code is not None:
            return code, str(err)
    return grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE


def field_violations(err: BaseException) -> list[tuple[str, str]]:
    """(field path, problem) pairs for an error the table maps to INVALID_ARGUMENT."""
    if isinstance(err, errors.InvalidInput):
        return [(err.field, err.problem)]
    return []


def abort(context: grpc.ServicerContext, err: BaseException) -> None:
    """End the call with ``err``'s status; INVALID_ARGUMENT carries a BadRequest detail."""
    code, detail = status_for(err)
    violations = field_violations(err) if code is grpc.StatusCode.INVALID_ARGUMENT else []
    if not violations:
        context.abort(code, detail)
        return
    bad_request = error_details_pb2.BadRequest(field_violations=[
        error_details_pb2.BadRequest.FieldViolation(field=path, description=problem)
        for path, problem in violations
    ])
    status = status_pb2.Status(code=code.value[0], message=detail)
    status.details.add().Pack(bad_request)
    context.abort_with_status(rpc_status.to_status(status))


def _report_unexpected(err: BaseException, method: str) -> None:
    # Type only: the message or traceback of an unexpected error may hold data.
    log_event(log, "unhandled_error", logging.ERROR, method=method,
              exception=type(err).__name__)


class ErrorInterceptor(WrappingInterceptor):
    """Turns domain errors into statuses via :data:`ERROR_TABLE`; everything else is INTERNAL."""

    def wrap(self, handler: grpc.RpcMethodHandler, method: str) -> grpc.RpcMethodHandler:

        def unary(behavior: Behavior) -> Behavior:
            def run(request: Any, context: grpc.ServicerContext) -> Any:
                try:
                    return behavior(request, context)
                except errors.GroomingRiskError as err:
                    abort(context, err)
                except Exception as err:
                    if context.code() is not None:  # type: ignore[attr-defined]  # already aborted by the handler
                        raise
                    _report_unexpected(err, method)
                    context.abort(grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE)

            return run

        def streaming(behavior: Behavior) -> Behavior:
            def run(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                try:
                    yield from behavior(request, context)
                except errors.GroomingRiskError as err:
                    abort(context, err)
                except Exception as err:
                    if context.code() is not None:  # type: ignore[attr-defined]
                        raise
                    _report_unexpected(err, method)
                    context.abort(grpc.StatusCode.INTERNAL, INTERNAL_MESSAGE)

            return run

        return wrap_handler(decode_inside(handler), unary, streaming)
