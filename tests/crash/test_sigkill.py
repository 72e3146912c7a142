"""Crash safety: SIGKILL the real server mid-burst, restart it, and lose nothing acknowledged.

The server runs as a subprocess (``grooming-risk serve``) on a free port with its own data
directory. Each cycle flags fresh conversations, then runs a burst of reviewer decisions
(claim + confirm, or claim + dismiss) from several threads while a load thread keeps
scoring, and a killer thread sends SIGKILL at a random moment (``random.Random(SEED)``).
Before the restart, ``PRAGMA integrity_check`` runs on the database opened read-only.
After the restart:

* every decision the server acknowledged (the RPC returned OK) is there: confirmed cases
  are CONFIRMED, dismissed cases are NOT_FOUND;
* every case a scoring response named still exists, unless a dismissal of it was sent;
* decisions that were in flight at the kill either happened completely or not at all;
* at most one active (open or in-review) case exists per (conversation, suspect).

The number of cycles survived goes to ``benchmarks/crash-safety.json``.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import review_pb2_grpc, scoring_pb2_grpc
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.recorded import record
from training.loadgen import free_port

pytestmark = pytest.mark.slow

SEED = 20261128
CYCLES = 6
FLAGS_PER_CYCLE = 16
DECISION_THREADS = 4
KILL_WINDOW_S = (0.05, 0.6)
RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "crash-safety.json"
ACTIVE = {rpb.CASE_STATUS_OPEN, rpb.CASE_STATUS_IN_REVIEW}
LINES = (
    ("a", "hey how old are you"), ("c", "im 13"), ("a", "you seem so mature for your age"),
    ("a", "which school do you go to"), ("a", "are you alone right now?"),
    ("a", "dont tell anyone about our chats ok, its our secret"),
    ("a", "lets talk on snapchat instead"), ("a", "send me a pic of you"),
    ("a", "we should meet up this weekend, dont tell your parents"),
)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("grooming-risk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "service"]


def positive(conv_id: str) -> spb.ScoreConversationRequest:
    """A valid, clearly suspicious conversation (adult 34 -> child 13)."""
    conv = spb.Conversation(id=conv_id)
    adult = conv.participants.add(id="u-adult", age_source=spb.AGE_SOURCE_DECLARED)
    adult.age = 34
    child = conv.participants.add(id="u-child", age_source=spb.AGE_SOURCE_DECLARED)
    child.age = 13
    start = int(time.time()) - 3600
    for i, (who, text) in enumerate(LINES):
        m = conv.messages.add(id=f"m{i + 1}", sender_id="u-adult" if who == "a" else "u-child",
                              text=text, kind=spb.CONTENT_KIND_TEXT)
        m.sent_at.seconds = start + 30 * i
    return spb.ScoreConversationRequest(conversation=conv)


class ServerProcess:
    """``grooming-risk serve`` on a fresh free port over one data directory."""

    def __init__(self, data_dir: Path, log_path: Path) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.channel: grpc.Channel | None = None
        self.port = 0

    def start(self, timeout: float = 40.0) -> None:
        if self.channel is not None:
            self.channel.close()
        self.port = free_port()
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [*_command(), "serve", "--port", str(self.port), "--data-dir",
                 str(self.data_dir), "--metrics-port", "0"],
                stdout=log, stderr=log, env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        health = health_pb2_grpc.HealthStub(self.channel)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                status = health.Check(health_pb2.HealthCheckRequest(), timeout=1).status
            except grpc.RpcError:
                time.sleep(0.1)
                continue
            if status == health_pb2.HealthCheckResponse.SERVING:
                return
            time.sleep(0.1)
        raise AssertionError(f"server not SERVING after {timeout}s:\n{self.log()}")

    @property
    def scoring(self) -> scoring_pb2_grpc.ScoringServiceStub:
        return scoring_pb2_grpc.ScoringServiceStub(self.channel)

    @property
    def review(self) -> review_pb2_grpc.ReviewServiceStub:
        return review_pb2_grpc.ReviewServiceStub(self.channel)

    def kill(self) -> None:
        """SIGKILL (no handlers, no flush, no close) and reap."""
        assert self.proc is not None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        # The channel stays open: calls still in flight must fail with UNAVAILABLE, not
        # with "closed channel". start() replaces it.

    def terminate(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.channel is not None:
            self.channel.close()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]


@dataclass
class Ledger:
    """What the server acknowledged and what was only attempted, across all cycles."""

    flagged: dict[str, str] = field(default_factory=dict)  # case id -> conversation id
    plan: dict[str, tuple[str, str]] = field(default_factory=dict)  # case -> (decision, reviewer)
    decided: dict[str, str] = field(default_factory=dict)  # acknowledged decisions
    attempted: set[str] = field(default_factory=set)  # decisions sent (acknowledged or not)
    in_doubt_resolved: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open_cases(self) -> list[str]:
        with self.lock:
            return sorted(c for c in self.flagged if c not in self.decided)


def _score(server: ServerProcess, ledger: Ledger, rng: random.Random, conv_id: str) -> None:
    response = server.scoring.ScoreConversation(positive(conv_id), timeout=10)
    assert response.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW, response
    with ledger.lock:
        ledger.flagged[response.case_id] = conv_id
        if response.case_id not in ledger.plan:
            decision = rng.choice(("confirmed", "dismissed"))
            ledger.plan[response.case_id] = (decision, f"rev-{rng.randrange(4)}")


def _decide(server: ServerProcess, ledger: Ledger, case_id: str) -> None:
    """Claim and decide one case; record the decision only when the RPC returned OK."""
    decision, reviewer = ledger.plan[case_id]
    review = server.review
    try:
        review.ClaimCase(rpb.ClaimCaseRequest(case_id=case_id, reviewer_id=reviewer), timeout=10)
        with ledger.lock:
            ledger.attempted.add(case_id)
        review.DecideCase(rpb.DecideCaseRequest(
            case_id=case_id, reviewer_id=reviewer,
            decision=(rpb.DECISION_CONFIRMED if decision == "confirmed"
                      else rpb.DECISION_DISMISSED),
            reason="clear_indicators" if decision == "confirmed" else "benign_context",
        ), timeout=10)
    except grpc.RpcError as err:
        # Only a killed server may fail a decision; anything else is a finding.
        assert err.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED,
                              grpc.StatusCode.DEADLINE_EXCEEDED), (err.code(), err.details())
        return
    with ledger.lock:
        ledger.decided[case_id] = decision


def _all_cases(server: ServerProcess) -> list[rpb.Case]:
    cases: list[rpb.Case] = []
    token = ""
    while True:
        page = server.review.ListCases(rpb.ListCasesRequest(page_size=500, page_token=token),
                                       timeout=10)
        cases += page.cases
        token = page.next_page_token
        if not token:
            return cases


def _case_status(server: ServerProcess, case_id: str) -> int | None:
    """The case's status, or None when it does not exist."""
    try:
        return server.review.GetCase(rpb.GetCaseRequest(case_id=case_id), timeout=10).case.status
    except grpc.RpcError as err:
        assert err.code() == grpc.StatusCode.NOT_FOUND, (err.code(), err.details())
        return None


def _verify(server: ServerProcess, ledger: Ledger) -> None:
    """Everything acknowledged survived; in-flight decisions are all-or-nothing."""
    for case_id, conv_id in sorted(ledger.flagged.items()):
        status = _case_status(server, case_id)
        decision, _ = ledger.plan[case_id]
        if ledger.decided.get(case_id) == "confirmed":
            assert status == rpb.CASE_STATUS_CONFIRMED, (case_id, status)
        elif ledger.decided.get(case_id) == "dismissed":
            assert status is None, (case_id, status)
        elif status is None:
            # Gone without an acknowledgement: only a dismissal that was sent may do that.
            assert case_id in ledger.attempted and decision == "dismissed", (case_id, conv_id)
            ledger.decided[case_id] = "dismissed"
            ledger.in_doubt_resolved["dismissed"] += 1
        elif status == rpb.CASE_STATUS_CONFIRMED:
            assert case_id in ledger.attempted and decision == "confirmed", (case_id, conv_id)
            ledger.decided[case_id] = "confirmed"
            ledger.in_doubt_resolved["confirmed"] += 1
        else:
            assert status in ACTIVE, (case_id, status)
    cases = _all_cases(server)
    ids = [c.case_id for c in cases]
    assert len(ids) == len(set(ids)), "a case is listed twice"
    active = Counter((c.conversation_id, c.suspected_participant_id)
                     for c in cases if c.status in ACTIVE)
    duplicated = {key: n for key, n in active.items() if n > 1}
    assert not duplicated, f"more than one active case per (conversation, suspect): {duplicated}"


def _integrity(data_dir: Path) -> str:
    """``PRAGMA integrity_check`` with the database opened read-only (server is dead)."""
    conn = sqlite3.connect(f"file:{data_dir / 'review.sqlite3'}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
    return "; ".join(str(r[0]) for r in rows)


def _burst_then_kill(server: ServerProcess, ledger: Ledger, rng: random.Random, cycle: int,
                     kill_after: float) -> int:
    """Decide every undecided case from several threads with scoring load alongside
    (fresh conversations and re-scores of open ones); SIGKILL after ``kill_after`` seconds.

    Returns how many RPCs were in flight when the signal was sent.
    """
    todo = ledger.open_cases()
    rng.shuffle(todo)
    stop_load = threading.Event()
    busy = Counter[str]()
    load_errors: list[BaseException] = []
    in_flight: list[int] = []

    def keep_scoring(load_rng: random.Random) -> None:
        n = 0
        while not stop_load.is_set():
            open_now = ledger.open_cases()
            conv_id = (ledger.flagged[load_rng.choice(open_now)]
                       if open_now and load_rng.random() < 0.3
                       else f"crash-load-c{cycle}-{n}-{uuid.uuid4().hex[:8]}")
            n += 1
            busy["scoring"] += 1
            try:
                _score(server, ledger, load_rng, conv_id)
            except grpc.RpcError as err:
                assert err.code() == grpc.StatusCode.UNAVAILABLE, err
                return
            finally:
                busy["scoring"] -= 1

    def load(load_rng: random.Random) -> None:
        try:
            keep_scoring(load_rng)
        except BaseException as err:  # surfaced after the burst
            load_errors.append(err)

    def decide(case_id: str) -> None:
        busy["deciding"] += 1
        try:
            _decide(server, ledger, case_id)
        finally:
            busy["deciding"] -= 1

    def killer() -> None:
        time.sleep(kill_after)
        in_flight.append(busy["deciding"] + busy["scoring"])
        server.kill()

    loader = threading.Thread(target=load, args=(random.Random(rng.random()),), daemon=True)
    loader.start()
    assassin = threading.Thread(target=killer, daemon=True)
    assassin.start()
    with ThreadPoolExecutor(DECISION_THREADS, thread_name_prefix="reviewer") as pool:
        list(pool.map(decide, todo))
    assassin.join(30)
    stop_load.set()
    loader.join(30)
    assert not load_errors, load_errors
    assert server.proc is not None and server.proc.returncode == -signal.SIGKILL
    return in_flight[0]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "data", tmp_path / "server.log")
    yield process
    if process.proc is not None and process.proc.poll() is None:
        process.kill()


def test_acknowledged_decisions_survive_sigkill(server: ServerProcess) -> None:
    # Kill moments come from their own generator, so they do not depend on how many cases
    # the (timing-dependent) bursts happened to produce.
    kill_rng = random.Random(SEED)
    kill_points = [round(kill_rng.uniform(*KILL_WINDOW_S), 3) for _ in range(CYCLES)]
    rng = random.Random(SEED + 1)
    ledger = Ledger()
    survived = 0
    in_flight_at_kill: list[int] = []
    for cycle in range(CYCLES):
        server.start()
        if cycle:
            _verify(server, ledger)
            survived += 1
        for i in range(FLAGS_PER_CYCLE):
            _score(server, ledger, rng, f"crash-c{cycle}-{i}-{uuid.uuid4().hex[:8]}")

        in_flight_at_kill.append(
            _burst_then_kill(server, ledger, rng, cycle, kill_points[cycle]))

        integrity = _integrity(server.data_dir)
        assert integrity == "ok", f"cycle {cycle}: integrity_check: {integrity}"

    server.start()
    _verify(server, ledger)
    survived += 1
    server.terminate()

    acknowledged = Counter(ledger.decided.values()) - ledger.in_doubt_resolved
    record(RESULTS.name, {
        "sigkill_cycles": survived,
        "seed": SEED,
        "kill_after_s": kill_points,
        "rpcs_in_flight_at_kill": in_flight_at_kill,
        "cases_flagged": len(ledger.flagged),
        "decisions_acknowledged": dict(acknowledged),
        "in_flight_decisions_found_committed": dict(ledger.in_doubt_resolved),
    })
    print(f"\nSIGKILL cycles survived: {survived}; cases flagged: {len(ledger.flagged)}; "
          f"decisions: {dict(acknowledged)}; in flight at kill: {in_flight_at_kill}")
    assert survived >= 5
