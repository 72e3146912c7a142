"""``serve --workers 2``: a supervisor and two real worker processes on one port.

One fleet (module fixture) is started with its second worker frozen (SIGSTOP) until the
first has loaded its model, so the test sees health while only one worker is ready.
The tests then run against it in file order; the last one stops it with SIGTERM.
Clients use a local subchannel pool per channel, so each channel is its own TCP
connection and the kernel spreads them across the workers (SO_REUSEPORT).
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import admin_pb2 as apb
from service.api.grooming_risk.v1 import admin_pb2_grpc, review_pb2_grpc, scoring_pb2_grpc
from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.config import Settings, usable_cores
from service.datadir import DataDirLock
from service.errors import ResourceInUse
from tests.conftest import StartServer, service_env_cleared
from tests.server.helpers import benign, positive, unique_id
from tests.supervised import ROOT, Fleet, service_env
from tests.waiting import wait_until

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def _counter_total(data_dir: Path, name: str) -> int:
    """A counter summed over days and models, read from the database without a server."""
    conn = sqlite3.connect(f"file:{data_dir / 'review.sqlite3'}?mode=ro", uri=True)
    try:
        (value,), = conn.execute("SELECT COALESCE(SUM(value), 0) FROM counters WHERE name = ?",
                                 (name,)).fetchall()
    finally:
        conn.close()
    return int(value)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    """Two workers; the second is frozen until the first serves, to watch health then."""
    fleet = Fleet(tmp_path_factory.mktemp("fleet") / "var")
    try:
        second = int(fleet.wait_for("worker_started", worker=1)["pid"])
        os.kill(second, signal.SIGSTOP)  # still importing: it has not bound the port
        try:
            fleet.wait_for("serving", worker=0)
            fleet.startup["while_one_ready"] = [fleet.health() for _ in range(5)]
            fleet.startup["score_while_one_ready"] = fleet.score(benign()).outcome
        finally:
            os.kill(second, signal.SIGCONT)
        fleet.wait_for("fleet_health", status="SERVING")
        wait_until(lambda: fleet.health() == SERVING, 30, "SERVING once both are ready")
        yield fleet
    finally:
        fleet.kill()


def test_health_is_serving_only_once_every_worker_is_ready(fleet: Fleet) -> None:
    # Worker 0 had a verified model and answered calls, but worker 1 was not ready.
    assert fleet.startup["while_one_ready"] == [NOT_SERVING] * 5
    assert fleet.startup["score_while_one_ready"] == spb.OUTCOME_NOT_SUSPICIOUS
    assert fleet.find("scoring_health", worker=0, status="NOT_SERVING",
                      reason="waiting_for_workers")
    fleet_serving = fleet.find("fleet_health", status="SERVING")[0]["ts"]
    assert all(e["ts"] <= fleet_serving for e in fleet.find("worker_ready"))
    for index in (0, 1):  # a worker logs its SERVING after the fleet's, maybe after now
        fleet.wait_for("scoring_health", worker=index, status="SERVING")
        first = fleet.find("scoring_health", worker=index, status="SERVING")[0]
        assert first["ts"] >= fleet_serving


def test_two_workers_rescoring_one_conversation_open_one_case(fleet: Fleet) -> None:
    conv_id = unique_id("conv-fleet")
    rounds, parallel = 3, 16
    case_ids: list[str] = []
    with ThreadPoolExecutor(parallel) as pool:
        for _ in range(rounds):
            barrier = threading.Barrier(parallel)

            def call(_i: int, barrier: threading.Barrier = barrier) -> str:
                barrier.wait()
                response = fleet.score(positive(conv_id))
                assert response.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
                return str(response.case_id)

            case_ids += pool.map(call, range(parallel))
    assert fleet.handled_by(conv_id) == {0, 1}, "both workers must have scored it"
    assert len(set(case_ids)) == 1, "one case, whichever worker scored the flag"
    with fleet.channel() as channel:
        cases = review_pb2_grpc.ReviewServiceStub(channel).ListCases(
            rpb.ListCasesRequest(page_size=500), timeout=10).cases
    assert [c.case_id for c in cases if c.conversation_id == conv_id] == [case_ids[0]]


def test_metrics_endpoint_sums_every_worker(fleet: Fleet) -> None:
    ids = [unique_id("conv-metrics") for _ in range(24)]
    for conv_id in ids:
        fleet.score(benign(conv_id))
    assert set().union(*(fleet.handled_by(i) for i in ids)) == {0, 1}
    ok = fleet.metric("grooming_risk_rpc_requests_total", code="OK",
                      method="ScoreConversation")
    assert ok == fleet.scored_ok
    assert fleet.metric("grooming_risk_workers_ready") == 2
    assert fleet.metric("grooming_risk_worker_resident_memory_bytes", worker="1") > 0


def test_killing_a_worker_leaves_the_other_serving_and_it_is_replaced(fleet: Fleet) -> None:
    scored = fleet.scored_ok
    # Its counts are flushed every 0.2 s: wait for them, since SIGKILL loses the rest.
    wait_until(lambda: _counter_total(fleet.data_dir, "conversations_scored") == scored,
               30, "counters flushed")
    victim = fleet.worker_pid(0)
    os.kill(victim, signal.SIGKILL)
    fleet.wait_for("worker_exited", pid=victim, timeout=30)
    for _ in range(10):  # while the replacement loads its model
        assert fleet.score(benign()).outcome == spb.OUTCOME_NOT_SUSPICIOUS
    assert fleet.health() == SERVING
    # The victim's own start event also matches worker=0: wait for a second one.
    wait_until(lambda: len(fleet.find("worker_started", worker=0)) >= 2, 60,
               "a replacement for worker 0 started")
    replacement = fleet.find("worker_started", worker=0)[-1]["pid"]
    assert replacement != victim
    fleet.wait_for("worker_ready", pid=replacement)
    assert fleet.find("worker_restarting", worker=0)
    assert fleet.metric("grooming_risk_worker_restarts_total", worker="0") == 1
    wait_until(lambda: fleet.health() == SERVING, 30, "SERVING with the replacement")


def test_a_second_server_on_the_fleets_data_dir_is_refused(fleet: Fleet) -> None:
    env = service_env()
    done = subprocess.run(
        [sys.executable, "-m", "service", "serve", "--workers", "1", "--port", "0",
         "--metrics-port", "0", "--data-dir", str(fleet.data_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "is in use by another grooming-risk server" in done.stderr


def test_sighup_and_reload_model_reach_every_worker(fleet: Fleet) -> None:
    def reloaded_since(start: int) -> set[int]:
        return {e["worker"] for e in fleet.find("model_reloaded")[start:]}

    before = len(fleet.find("model_reloaded"))
    fleet.proc.send_signal(signal.SIGHUP)
    wait_until(lambda: reloaded_since(before) == {0, 1}, 60, "both workers reloaded")
    before = len(fleet.find("model_reloaded"))
    with fleet.channel() as channel:  # one connection: one worker gets the call
        admin_pb2_grpc.AdminServiceStub(channel).ReloadModel(apb.ReloadModelRequest(),
                                                             timeout=60)
    wait_until(lambda: reloaded_since(before) == {0, 1}, 60, "the other worker followed")
    assert fleet.find("fleet_model_reload")
    assert fleet.health() == SERVING


def test_sigterm_drains_every_worker_and_counters_stay_exact(fleet: Fleet) -> None:
    conversations = [benign() if i % 10 else positive() for i in range(1500)]
    received: list[spb.ScoreConversationResponse] = []
    first = threading.Event()
    errors: list[grpc.RpcError] = []

    def stream() -> None:
        with fleet.channel() as channel:
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            try:
                for response in stub.ScoreConversations(iter(conversations), timeout=120):
                    received.append(response)
                    first.set()
            except grpc.RpcError as err:
                errors.append(err)
                first.set()

    streamer = threading.Thread(target=stream)
    streamer.start()
    assert first.wait(60)
    fleet.proc.send_signal(signal.SIGTERM)
    streamer.join(120)
    assert not errors, errors[0].code() if errors else None
    assert len(received) == len(conversations)
    assert not [r for r in received if r.outcome == spb.OUTCOME_REJECTED]
    assert fleet.proc.wait(timeout=60) == 0
    fleet._reader.join(10)
    for index in (0, 1):
        assert fleet.find("draining", worker=index) and fleet.find("stopped", worker=index)
    started = fleet.find("workers_starting")[0]
    assert not Path(started["metrics_dir"]).exists()
    DataDirLock.acquire(fleet.data_dir).release()  # the fleet let go of the data dir
    assert _counter_total(fleet.data_dir, "conversations_scored") == \
        fleet.scored_ok + len(conversations)


def test_a_fleet_on_a_taken_port_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    env = service_env()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "service", "serve", "--workers", "2", "--port", str(port),
             "--metrics-port", "0", "--data-dir", str(tmp_path / "var")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"grooming-risk serve: port {port} on 127.0.0.1 is already in use"]
    assert not (tmp_path / "var").exists(), "refused before touching the data dir"


def test_a_worker_reports_serving_only_with_the_fleet(start_server: StartServer) -> None:
    running = start_server()
    app = running.app
    reports: list[bool] = []
    app.on_readiness = reports.append
    health = health_pb2_grpc.HealthStub(running.channel)

    def status() -> int:
        return int(health.Check(health_pb2.HealthCheckRequest(), timeout=5).status)

    app.fleet_ready = False
    app.follow_readiness()
    assert status() == NOT_SERVING and reports == [True]  # ready itself, the fleet is not
    app.fleet_ready = True
    app.follow_readiness()
    assert status() == SERVING and reports == [True]  # reported once, on the change


def test_a_worker_takes_only_the_lock_its_supervisor_handed_down(tmp_path: Path) -> None:
    held = DataDirLock.acquire(tmp_path)  # the supervisor's
    handed = DataDirLock.inherited(os.dup(held.fileno()), tmp_path)  # as pass_fds does
    handed.release()  # a worker's exit closes its descriptor only
    with pytest.raises(ResourceInUse, match="in use"):
        DataDirLock.acquire(tmp_path)  # still the fleet's
    other_open = os.open(tmp_path / "serve.lock", os.O_RDWR)  # the same file, not handed
    try:
        with pytest.raises(ResourceInUse, match="not held"):
            DataDirLock.inherited(other_open, tmp_path)
        with pytest.raises(ResourceInUse, match="not held"):
            DataDirLock.inherited(os.dup(held.fileno()), tmp_path / "elsewhere")
    finally:
        os.close(other_open)
        held.release()


def test_automatic_worker_count_is_cores_for_postgresql_and_one_for_sqlite() -> None:
    with service_env_cleared():
        assert Settings().worker_processes == 1
        assert Settings(database_url="postgresql://x@localhost/db").worker_processes == \
            usable_cores()
        assert Settings(workers=3).worker_processes == 3
