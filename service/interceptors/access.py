"""Access log and RPC metrics: one JSON line and one latency sample per call."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from typing import Any

import grpc

from service.interceptors import Behavior, WrappingInterceptor, wrap_handler
from service.observability import Metrics, call_fields, log_event

log = logging.getLogger("grooming_risk.access")

HEALTH_PREFIX = "/grpc.health.v1.Health/"


class AccessInterceptor(WrappingInterceptor):
    """Outermost interceptor: times every call, counts it by status and logs it."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.metrics = metrics

    def wrap(self, handler: grpc.RpcMethodHandler, full: str) -> grpc.RpcMethodHandler:
        method = full.rsplit("/", 1)[-1]
        requests = self.metrics.requests
        latency = self.metrics.latency.labels(method)
        # Load balancers probe health every few seconds: at INFO they would drown the log.
        level = logging.DEBUG if full.startswith(HEALTH_PREFIX) else logging.INFO

        def finish(start: float, context: grpc.ServicerContext, fields: dict[str, Any],
                   cancelled: bool = False) -> None:
            code = context.code()  # type: ignore[attr-defined]
            if code is None:
                code = grpc.StatusCode.CANCELLED if cancelled else grpc.StatusCode.OK
            name = code.name if isinstance(code, grpc.StatusCode) else str(code)
            elapsed = time.perf_counter() - start
            requests.labels(method, name).inc()
            latency.observe(elapsed)
            log_event(log, "rpc", level, method=method, code=name,
                      latency_ms=round(elapsed * 1000.0, 3), **fields)

        def unary(behavior: Behavior) -> Behavior:
            def run(request: Any, context: grpc.ServicerContext) -> Any:
                start = time.perf_counter()
                fields: dict[str, Any] = {}
                token = call_fields.set(fields)
                try:
                    return behavior(request, context)
                finally:
                    call_fields.reset(token)
                    finish(start, context, fields)

            return run

        def streaming(behavior: Behavior) -> Behavior:
            def run(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                start = time.perf_counter()
                fields: dict[str, Any] = {}
                token = call_fields.set(fields)
                cancelled = False
                try:
                    yield from behavior(request, context)
                except GeneratorExit:
                    cancelled = True  # gRPC closed the stream: the client went away
                    raise
                finally:
                    # The generator may be resumed in another context.
                    with contextlib.suppress(ValueError):
                        call_fields.reset(token)
                    finish(start, context, fields, cancelled or not context.is_active())

            return run

        return wrap_handler(handler, unary, streaming)

