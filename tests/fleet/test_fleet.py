"""A fleet under fire: three replicas on one PostgreSQL behind nginx, 50 SIGKILLs, one
database restart, and load from client processes all along.

The harness is ``benchmarks/fleet.py`` (a human runs it with a bigger setting); this test
runs its CI setting, records the report to ``benchmarks/fleet.json`` when asked
(``GROOMING_RISK_WRITE_RESULTS=1``) and asserts the checks. It skips, with the reason,
when nginx or the PostgreSQL binaries are missing (``scripts/test.sh`` installs both when
it can).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import fleet
from tests.recorded import record

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_kills_and_a_database_restart_lose_nothing_acknowledged(tmp_path: Path) -> None:
    why = fleet.missing_parts()
    if why:
        pytest.skip(why)
    cfg = fleet.FleetConfig()
    report = fleet.run_fleet(cfg, tmp_path)
    record("fleet.json", report)
    run, db = report["kill_phase"], report["database"]
    print(f"\nfleet: {run['kills']} kills, {run['requests_ok']} requests OK, "
          f"statuses {run['by_status']}, restart {run['replica_restart']}, "
          f"client error window {run['client_error_window_after_kill']}, "
          f"total {report['total_s']} s")

    # The run did what it says: every kill, the database restart, real load of each kind.
    assert run["kills"] >= cfg.kills, (
        f"only {run['kills']} kills in {report['kill_phase_s']} s: replicas restart in "
        f"{run['replica_restart']} s on this machine")
    assert run["pg_restarts"] == 1
    for op in ("score", "claim", "decide"):
        assert run["by_op"][op]["OK"] > 0, run["by_op"]
    assert run["by_status"].get("UNAVAILABLE", 0) > 0, "no kill ever hit a call in flight"
    assert db["hot_conversations"] == fleet.HOT_CONVERSATIONS

    # Clients saw nothing but UNAVAILABLE, and only after a disruption; no call gave up.
    assert run["non_retryable"] == {}, run["unexpected"]
    assert run["unexpected_count"] == 0, run["unexpected"]
    assert run["gave_up"] == 0
    assert run["failures_before_first_kill"] == 0

    # The database agrees with every acknowledgement.
    assert db["duplicate_open_cases"] == 0
    assert db["hot_case_ids_per_conversation_max"] == 1, "two cases for one conversation"
    assert db["lost_flags"] == 0, db["lost_flag_ids"]
    assert db["lost_decisions"] == 0, db["lost_decision_ids"]
    assert db["case_counters"]["holds"], db["case_counters"]

    # Scoring counters: never more than was attempted; never less than acknowledged minus
    # what the kills can have taken out of memory (the flush window, measured).
    counts = db["scoring_counters"]
    acknowledged = counts["acknowledged_scanned"] + counts["acknowledged_not_scanned"]
    counted = counts["conversations_scored"] + counts["not_scanned"]
    assert acknowledged - counts["loss_bound"] <= counted, counts
    assert counted <= acknowledged + counts["failed_score_attempts"], counts

    assert report["throughput"]["rounds"][0]["fleet"]["errors"] == 0
    assert report["throughput"]["rounds"][0]["one_replica"]["errors"] == 0
