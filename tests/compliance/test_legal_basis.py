"""The legal-basis window, end to end: warn before it lapses, refuse to score after it.

Regulation (EU) 2021/1232 is a temporary derogation. A platform sets the last day it may
rely on it (``legal_basis_valid_until``); the service exports the days left, warns in the
last ``legal_basis_warning_days`` and refuses every scoring call once the day has passed.
"""

from __future__ import annotations

import json
import logging
import math
from datetime import timedelta

import grpc
import pytest
from prometheus_client import generate_latest

from service.api.grooming_risk.v1 import scoring_pb2, scoring_pb2_grpc
from service.client import request_for
from service.observability import JsonFormatter
from tests.compliance.conftest import START, Serve, synthetic
from tests.waiting import wait_until

METRIC = "grooming_risk_legal_basis_days_left"
LEGAL_BASIS = "Regulation (EU) 2021/1232"


def _events(caplog: pytest.LogCaptureFixture, event: str) -> list[dict[str, object]]:
    """The captured log records of ``event``, rendered as the service's JSON log lines."""
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.getMessage() == event]


def _score_ok(stub: scoring_pb2_grpc.ScoringServiceStub, n: int = 2) -> None:
    """Scoring works: every conversation gets a normal outcome."""
    for conv in synthetic(n, suspicious=False, seed=31):
        response = stub.ScoreConversation(request_for(conv), timeout=10)
        assert response.outcome in (scoring_pb2.OUTCOME_NOT_SUSPICIOUS,
                                    scoring_pb2.OUTCOME_FLAGGED_FOR_REVIEW,
                                    scoring_pb2.OUTCOME_NOT_SCANNED)


def test_scoring_is_refused_once_the_legal_basis_lapses(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    valid_until = START.date() + timedelta(days=1)  # tomorrow, by the server's clock
    served = serve(legal_basis=LEGAL_BASIS, legal_basis_valid_until=valid_until)
    registry = served.app.metrics.registry

    # The day before the last day: scoring works, one day is left, and the service warns.
    _score_ok(served.scoring)
    served.app.check_legal_basis()
    assert registry.get_sample_value(METRIC) == 1
    assert f"{METRIC} 1.0" in generate_latest(registry).decode()
    expiring = _events(caplog, "legal_basis_expiring")
    assert expiring, "no legal_basis_expiring log line"
    assert all(e["level"] == "WARNING" and e["days_left"] == 1 for e in expiring)
    assert not _events(caplog, "legal_basis_not_configured")

    # The last day itself still allows scoring.
    served.clock.advance(timedelta(days=1))
    served.app.check_legal_basis()
    assert registry.get_sample_value(METRIC) == 0
    _score_ok(served.scoring)

    # The day after: every scoring call fails, and the detail names the date.
    served.clock.advance(timedelta(days=1))
    served.app.check_legal_basis()
    assert registry.get_sample_value(METRIC) == -1
    lapsed = _events(caplog, "legal_basis_lapsed")
    assert lapsed and lapsed[-1]["level"] == "ERROR" and lapsed[-1]["days_ago"] == 1

    conv, other = synthetic(2, suspicious=True, seed=32)
    with pytest.raises(grpc.RpcError) as unary:
        served.scoring.ScoreConversation(request_for(conv), timeout=10)
    assert unary.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert valid_until.isoformat() in str(unary.value.details())
    assert LEGAL_BASIS in str(unary.value.details())

    with pytest.raises(grpc.RpcError) as bulk:
        list(served.scoring.ScoreConversations(
            iter([request_for(conv), request_for(other)]), timeout=10))
    assert bulk.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert valid_until.isoformat() in str(bulk.value.details())

    # Nothing was flagged after the lapse.
    cases = served.app.store.list_cases(page_size=500)[0]
    assert conv.id not in {c.conversation_id for c in cases}
    assert other.id not in {c.conversation_id for c in cases}


def test_no_warning_outside_the_warning_window(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    served = serve(legal_basis=LEGAL_BASIS,
                   legal_basis_valid_until=START.date() + timedelta(days=200),
                   legal_basis_warning_days=30)
    served.app.check_legal_basis()
    assert served.app.metrics.registry.get_sample_value(METRIC) == 200
    assert not _events(caplog, "legal_basis_expiring")
    _score_ok(served.scoring, n=1)


def test_unconfigured_legal_basis_is_logged_once_and_scoring_works(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    served = serve(counters_flush_s=0.05, purge_interval_s=0.05)
    # Housekeeping checks the legal basis right after each purge: once the third purge is
    # logged, it has checked at least twice.
    wait_until(lambda: len(_events(caplog, "retention_purge")) >= 3,
               what="three housekeeping purges")
    served.app.check_legal_basis()
    _score_ok(served.scoring)

    warnings = _events(caplog, "legal_basis_not_configured")
    assert len(warnings) == 1
    assert warnings[0]["level"] == "WARNING"
    assert "GROOMING_RISK_LEGAL_BASIS_VALID_UNTIL" in str(warnings[0]["hint"])
    assert not _events(caplog, "legal_basis_expiring")
    assert not _events(caplog, "legal_basis_lapsed")


def test_days_left_metric_is_nan_when_not_configured(serve: Serve) -> None:
    served = serve()
    served.app.check_legal_basis()
    assert math.isnan(served.app.metrics.registry.get_sample_value(METRIC))
    assert f"{METRIC} NaN" in generate_latest(served.app.metrics.registry).decode()
