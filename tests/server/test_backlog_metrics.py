"""The metrics endpoint of a real server: process metrics and the case-backlog gauges."""

from __future__ import annotations

import time
import urllib.request
from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.clock import ManualClock
from service.review.cases import CaseStatus
from tests.conftest import StartServer
from tests.server.helpers import positive

AGE = "grooming_risk_oldest_unreviewed_case_age_seconds"


def _scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample on the endpoint: (name, sorted labels) -> value."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def _backlog(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> dict[str, float]:
    values = {status.value: samples[("grooming_risk_cases", (("status", status.value),))]
              for status in CaseStatus}
    values[AGE] = samples[(AGE, ())]
    return values


def test_process_metrics_and_backlog_gauges(start_server: StartServer) -> None:
    clock = ManualClock(datetime.now(UTC))
    server = start_server(clock=clock, counters_flush_s=0.02, backlog_refresh_s=0.02)
    port = server.app.metrics.serve("127.0.0.1", 0)

    samples = _scrape(port)
    for name in ("process_cpu_seconds_total", "process_resident_memory_bytes",
                 "process_open_fds", "process_start_time_seconds"):
        assert (name, ()) in samples, name
    assert samples[("process_resident_memory_bytes", ())] > 0
    assert any(name == "python_info" for name, _ in samples)
    # Refreshed at start-up: an empty store is an empty backlog, not a missing series.
    assert _backlog(samples) == {**{s.value: 0.0 for s in CaseStatus}, AGE: 0.0}

    first = server.scoring.ScoreConversation(positive(), timeout=30)
    clock.advance(timedelta(seconds=100))
    second = server.scoring.ScoreConversation(positive(), timeout=30)
    assert first.outcome == second.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
    server.review.ClaimCase(rpb.ClaimCaseRequest(case_id=first.case_id, reviewer_id="alice"),
                            timeout=10)
    clock.advance(timedelta(seconds=50))

    # The first case, now in review, is the oldest unreviewed: opened 150 s ago.
    expected = {**{s.value: 0.0 for s in CaseStatus}, "open": 1.0, "in_review": 1.0, AGE: 150.0}
    deadline = time.monotonic() + 10
    while (seen := _backlog(_scrape(port))) != expected:  # the housekeeping loop refreshes
        assert time.monotonic() < deadline, f"backlog gauges stayed {seen}"
        time.sleep(0.02)
