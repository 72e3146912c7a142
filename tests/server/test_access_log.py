"""The access log says who called and how a call ended, and keeps health probes quiet."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import review_pb2, scoring_pb2
from service.auth import add_client
from tests.conftest import StartServer
from tests.server import helpers


class Waiter(logging.Handler):
    """Collects access-log lines and wakes a test when one for ``method`` arrives."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.arrived = threading.Event()
        self.method = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if getattr(record, "fields", {}).get("method") == self.method:
            self.arrived.set()

    def fields(self, method: str) -> list[dict[str, Any]]:
        return [r.fields for r in self.records  # type: ignore[attr-defined]
                if getattr(r, "fields", {}).get("method") == method]


@pytest.fixture
def access() -> Iterator[Waiter]:
    logger = logging.getLogger("grooming_risk.access")
    waiter = Waiter()
    old = logger.level
    logger.addHandler(waiter)
    logger.setLevel(logging.DEBUG)
    yield waiter
    logger.removeHandler(waiter)
    logger.setLevel(old)


def test_access_log_names_the_caller_never_the_token(
        start_server: StartServer, tmp_path: Path, access: Waiter) -> None:
    creds = tmp_path / "credentials.json"
    token = add_client(creds, "alice", ["reviewer"])
    served = start_server(credentials_file=creds)
    served.review.ListCases(review_pb2.ListCasesRequest(),
                            metadata=(("authorization", f"Bearer {token}"),), timeout=10)
    (line,) = access.fields("ListCases")
    assert line["caller"] == "alice" and line["code"] == "OK"
    assert token not in repr([r.__dict__ for r in access.records])


def test_a_cancelled_stream_is_logged_as_cancelled_with_its_counts(
        start_server: StartServer, access: Waiter) -> None:
    served = start_server()
    access.method = "ScoreConversations"
    n = 5000  # far more responses than HTTP/2 flow control lets the server send unread
    call = served.scoring.ScoreConversations(
        (helpers.benign(f"c{i}") for i in range(n)), timeout=60)
    assert [next(call).outcome, next(call).outcome] == [scoring_pb2.OUTCOME_NOT_SUSPICIOUS] * 2
    call.cancel()
    assert access.arrived.wait(30)
    (line,) = access.fields("ScoreConversations")
    assert line["code"] == "CANCELLED", sorted(line.items())
    assert 2 <= line["conversations"] < n and line["rejected"] == 0


def test_health_probes_are_logged_at_debug(start_server: StartServer, access: Waiter) -> None:
    served = start_server()
    health_pb2_grpc.HealthStub(served.channel).Check(health_pb2.HealthCheckRequest(),
                                                     timeout=10)
    served.review.ListCases(review_pb2.ListCasesRequest(), timeout=10)
    levels = {r.fields["method"]: r.levelno for r in access.records}  # type: ignore[attr-defined]
    assert levels == {"Check": logging.DEBUG, "ListCases": logging.INFO}
