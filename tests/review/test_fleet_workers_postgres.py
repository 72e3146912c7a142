"""``serve --workers 2`` on PostgreSQL: real processes, one schema migration, one case."""

from __future__ import annotations

import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.server.helpers import positive, unique_id
from tests.supervised import Fleet


def test_two_workers_on_postgresql_migrate_once_and_open_one_case(
        postgres_conninfo: str, tmp_path: Path) -> None:
    fleet = Fleet(tmp_path / "var", 2, "--database-url", postgres_conninfo)
    try:
        fleet.wait_for("fleet_health", status="SERVING")
        migrated = fleet.find("schema_migrated")
        assert len(migrated) == 1 and "worker" not in migrated[0], "the supervisor, once"
        conv_id = unique_id("conv-pg-fleet")
        parallel = 16
        barrier = threading.Barrier(parallel)

        def call(_i: int) -> str:
            barrier.wait()
            response = fleet.score(positive(conv_id))
            assert response.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
            return str(response.case_id)

        with ThreadPoolExecutor(parallel) as pool:
            case_ids = set(pool.map(call, range(parallel)))
        assert fleet.handled_by(conv_id) == {0, 1}, "both workers must have scored it"
        assert len(case_ids) == 1
        fleet.proc.send_signal(signal.SIGTERM)
        assert fleet.proc.wait(timeout=60) == 0
    finally:
        fleet.kill()
    with psycopg.connect(postgres_conninfo) as conn:
        rows = dict(conn.execute(
            "SELECT name, SUM(value) FROM counters GROUP BY name").fetchall())
        (cases,), = conn.execute("SELECT COUNT(*) FROM cases WHERE conversation_id = %s",
                                 (conv_id,)).fetchall()
    assert cases == 1
    assert rows["flagged"] == 1
    assert rows["conversations_scored"] == parallel  # both workers' counts, exactly
