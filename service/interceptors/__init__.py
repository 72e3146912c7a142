"""Server interceptors: access log and metrics, authentication, rate limits, error mapping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc

Behavior = Callable[..., Any]


def wrap_handler(
    handler: grpc.RpcMethodHandler,
    unary: Callable[[Behavior], Behavior],
    streaming: Callable[[Behavior], Callable[..., Iterator[Any]]],
) -> grpc.RpcMethodHandler:
    """Rebuild ``handler`` with its behaviour wrapped, through grpc's public constructors."""
    des, ser = handler.request_deserializer, handler.response_serializer
    if handler.unary_unary:  # exactly one of the four behaviours is set
        return grpc.unary_unary_rpc_method_handler(unary(handler.unary_unary), des, ser)
    if handler.unary_stream:
        return grpc.unary_stream_rpc_method_handler(streaming(handler.unary_stream), des, ser)
    if handler.stream_unary:
        return grpc.stream_unary_rpc_method_handler(unary(handler.stream_unary), des, ser)
    assert handler.stream_stream is not None
    return grpc.stream_stream_rpc_method_handler(streaming(handler.stream_stream), des, ser)


class WrappingInterceptor(grpc.ServerInterceptor):
    """Base for interceptors that wrap a method's behaviour, built once per method.

    gRPC asks the interceptors for a handler on every call; wrapping anew each time
    would allocate closures on the hot path, so wrapped handlers are cached per
    (method, inner handler).
    """

    def __init__(self) -> None:
        self._wrapped: dict[tuple[str, int], tuple[Any, Any]] = {}

    def wrap(self, handler: grpc.RpcMethodHandler, method: str) -> grpc.RpcMethodHandler:
        """Return ``handler`` with this interceptor's behaviour around it."""
        raise NotImplementedError

    def intercept_service(
        self, continuation: Any, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        key = (method, id(handler))
        cached = self._wrapped.get(key)
        if cached is None or cached[0] is not handler:
            cached = (handler, self.wrap(handler, method))
            self._wrapped[key] = cached
        return cached[1]  # type: ignore[no-any-return]
