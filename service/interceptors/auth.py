"""Authentication, authorization and per-client rate limits, in front of every RPC.

Identity comes from a bearer token (``authorization: Bearer <token>`` metadata) when
one is sent, else from a verified mTLS client certificate subject. Health checks and
reflection are public. Failures are counted and audited by reason, never with the token.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import grpc

from service.auth import PUBLIC_PREFIXES, Credentials, Principal, authorize, current_principal
from service.errors import GroomingRiskError, RateLimited, Unauthenticated
from service.interceptors import Behavior, WrappingInterceptor, wrap_handler
from service.observability import Metrics, annotate, log_event

log = logging.getLogger("grooming_risk.auth")

class TokenBuckets:
    """A token bucket per client: ``rate`` requests/s sustained, ``burst`` at once."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.burst = float(burst)
        self.clock = clock
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> bool:
        """Spend one token of ``client``'s bucket; False when it is empty."""
        now = self.clock()
        with self._lock:
            tokens, last = self._state.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._state[client] = (tokens, now)
                return False
            self._state[client] = (tokens - 1.0, now)
            return True


def _bearer_token(context: grpc.ServicerContext) -> str | None:
    token = None
    for key, value in context.invocation_metadata():
        if key == "authorization" and isinstance(value, str):
            scheme, _, rest = value.partition(" ")
            if scheme.lower() == "bearer" and rest:
                token = rest.strip()
    return token


def _peer_host(context: grpc.ServicerContext) -> str:
    peer = context.peer() or "unknown"
    return peer.rsplit(":", 1)[0]


class AuthInterceptor(WrappingInterceptor):
    """Authenticates, authorizes and rate-limits; raises domain errors for the error table."""

    def __init__(self, credentials: Credentials | None, metrics: Metrics,
                 buckets: TokenBuckets | None,
                 on_failure: Callable[[str, str, str], None]) -> None:
        super().__init__()
        self.credentials = credentials
        self.metrics = metrics
        self.buckets = buckets
        self.on_failure = on_failure

    def _principal(self, context: grpc.ServicerContext, method: str) -> Principal | None:
        """Who is calling: the bearer token's client when one is sent, else the certificate's.

        With mTLS the certificate authenticates the channel (a tool, a workstation, a
        platform); a bearer token on top names the person or client acting through it. So
        a token, when present, always names the principal, and a bad token is refused
        rather than falling back to the certificate's identity.
        """
        credentials = self.credentials  # one set for the whole call, even during a reload
        if credentials is None:
            return None
        token = _bearer_token(context)
        if token is not None:
            try:
                return credentials.by_token(token)
            except Unauthenticated:
                self._fail("invalid", "unknown", method)
                raise
        subjects: list[bytes] = context.auth_context().get("x509_subject") or []  # type: ignore[assignment]
        for subject in subjects:
            found = credentials.by_subject(bytes(subject).decode())  # type: ignore[arg-type]
            if found is not None:
                return found
        self._fail("missing", "unknown", method)
        raise Unauthenticated("missing credentials: send 'authorization: Bearer <token>'")

    def _fail(self, reason: str, actor: str, method: str) -> None:
        self.metrics.auth_failures.labels(reason).inc()
        log_event(log, "auth_failed", logging.WARNING, reason=reason, actor=actor,
                  method=method.rsplit("/", 1)[-1])
        self.on_failure(reason, actor, method)

    def _admit(self, context: grpc.ServicerContext, method: str) -> Principal | None:
        principal = self._principal(context, method)
        if principal is not None:
            annotate(caller=principal.name)  # the access log says who; never the token
            try:
                authorize(principal, method)
            except GroomingRiskError:
                self._fail("forbidden", principal.name, method)
                raise
        if self.buckets is not None:
            client = principal.name if principal else _peer_host(context)
            if not self.buckets.take(client):
                self.metrics.rejected.labels("rate_limit").inc()
                raise RateLimited("rate limit exceeded; retry later")
        return principal

    def wrap(self, handler: grpc.RpcMethodHandler, method: str) -> grpc.RpcMethodHandler:
        if method.startswith(PUBLIC_PREFIXES) or (
            self.credentials is None and self.buckets is None
        ):
            return handler

        def unary(behavior: Behavior) -> Behavior:
            def run(request: Any, context: grpc.ServicerContext) -> Any:
                token = current_principal.set(self._admit(context, method))
                try:
                    return behavior(request, context)
                finally:
                    current_principal.reset(token)

            return run

        def streaming(behavior: Behavior) -> Behavior:
            def run(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
                current_principal.set(self._admit(context, method))
                yield from behavior(request, context)

            return run

        return wrap_handler(handler, unary, streaming)
