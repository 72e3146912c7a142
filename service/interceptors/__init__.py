"""Server interceptors: access log and metrics, authentication, rate limits, error mapping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc

from service.errors import InvalidInput

Behavior = Callable[..., Any]

#: The attribute by which a method's behaviour names the thread pool gRPC runs it on
#: (``grpc._server._select_thread_pool_for_behavior``); a wrapper must carry it on.
THREAD_POOL = "experimental_thread_pool"


def same_pool(inner: Behavior, outer: Behavior) -> Behavior:
    """Return ``outer``, set to run on ``inner``'s thread pool if it has its own."""
    pool = getattr(inner, THREAD_POOL, None)
    if pool is not None:
        setattr(outer, THREAD_POOL, pool)
    return outer


def wrap_handler(
    handler: grpc.RpcMethodHandler,
    unary: Callable[[Behavior], Behavior],
    streaming: Callable[[Behavior], Callable[..., Iterator[Any]]],
) -> grpc.RpcMethodHandler:
    """Rebuild ``handler`` with its behaviour wrapped, through grpc's public constructors."""
    des, ser = handler.request_deserializer, handler.response_serializer
    if handler.unary_unary:  # exactly one of the four behaviours is set
        uu = handler.unary_unary
        return grpc.unary_unary_rpc_method_handler(same_pool(uu, unary(uu)), des, ser)
    if handler.unary_stream:
        us = handler.unary_stream
        return grpc.unary_stream_rpc_method_handler(same_pool(us, streaming(us)), des, ser)
    if handler.stream_unary:
        su = handler.stream_unary
        return grpc.stream_unary_rpc_method_handler(same_pool(su, unary(su)), des, ser)
    ss = handler.stream_stream
    assert ss is not None
    return grpc.stream_stream_rpc_method_handler(same_pool(ss, streaming(ss)), des, ser)


def decode_inside(handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    """Move request decoding into the behaviour, so a malformed message is a domain error.

    gRPC itself answers an undecodable request with INTERNAL; a client that sends bad
    bytes deserves INVALID_ARGUMENT, and INTERNAL should mean that something broke.
    """
    parse = handler.request_deserializer
    if parse is None:
        return handler

    def decode(raw: bytes) -> Any:
        try:
            return parse(raw)
        except Exception:  # DecodeError, or anything a malformed message provokes
            raise InvalidInput("request", "is not a valid protobuf message") from None

    def each(raws: Iterator[bytes]) -> Iterator[Any]:
        for raw in raws:
            yield decode(raw)

    ser = handler.response_serializer
    if handler.unary_unary:
        uu = handler.unary_unary
        return grpc.unary_unary_rpc_method_handler(
            same_pool(uu, lambda r, c: uu(decode(r), c)), None, ser)
    if handler.unary_stream:
        us = handler.unary_stream
        return grpc.unary_stream_rpc_method_handler(
            same_pool(us, lambda r, c: us(decode(r), c)), None, ser)
    if handler.stream_unary:
        su = handler.stream_unary
        return grpc.stream_unary_rpc_method_handler(
            same_pool(su, lambda r, c: su(each(r), c)), None, ser)
    ss = handler.stream_stream
    assert ss is not None
    return grpc.stream_stream_rpc_method_handler(
        same_pool(ss, lambda r, c: ss(each(r), c)), None, ser)


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
