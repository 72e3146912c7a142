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
