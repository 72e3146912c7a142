"""Fleet benchmark: replicas on one PostgreSQL behind nginx, under load, killed again and again.

Everything is real and started here: a throwaway PostgreSQL (``tests/postgres.py``:
initdb/pg_ctl), ``--replicas`` ``grooming-risk serve`` processes on it, nginx (Debian's)
with ``grpc_pass`` to an upstream of them (config from ``fleet-nginx.conf.template``),
and ``--clients`` load processes (``fleet.py client``, sync gRPC, several threads each)
that call through nginx:

* score new conversations (some flag, some do not, some are not scanned),
* rescore their own flagged conversations, and "hot" conversations that every client
  rescores (two replicas racing to open the same case),
* claim and decide (confirm or dismiss) the cases their own flags opened.

A client retries a call that failed with UNAVAILABLE (jittered backoff, bounded) and
records every status it saw, what was acknowledged (case ids, decisions, counts) and when.
A decision whose retry is answered "already decided" (FAILED_PRECONDITION) or "gone"
(NOT_FOUND, for a dismissal) after an UNAVAILABLE is checked with GetCase and recorded as
"in doubt, found committed": the first attempt committed and the answer was lost.

Meanwhile this process SIGKILLs a SERVING replica (while another one serves) and
restarts it, until ``--kills``, and restarts PostgreSQL once (``pg_ctl restart -m fast``)
halfway. Then the clients stop, the replicas stop with SIGTERM (flushing their counters),
and the database itself is checked (direct SQL) against what clients were told:

* no two open or in-review cases for one (conversation, suspect);
* every acknowledged flag's case exists, unless an acknowledged dismissal deleted it;
* every acknowledged decision is there (confirmed: CONFIRMED by that reviewer;
  dismissed: gone);
* the counters' case invariant holds exactly (flagged = live cases + dismissed), and the
  scoring counters are compared with acknowledged requests (they are flushed from memory
  every ``counters_flush_s``, so a SIGKILL loses the last window: measured and bounded);
* statuses: only OK and UNAVAILABLE, plus the in-doubt answers above.

Last, the replicas start again and ``grooming-risk bench`` (its own process) measures
throughput through nginx to one replica and to all of them, in the same run.

    PYTHONPATH=. .venv/bin/python benchmarks/fleet.py run --kills 200 --json
    PYTHONPATH=. .venv/bin/python benchmarks/fleet.py run --kills 50 --throughput-rounds 3

``tests/fleet/test_fleet.py`` runs it with the CI setting and asserts the checks; the
figures and the method are in ``benchmarks/fleet.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import grpc  # noqa: E402

from service.api.grooming_risk.v1 import review_pb2 as rpb  # noqa: E402
from service.api.grooming_risk.v1 import review_pb2_grpc, scoring_pb2_grpc  # noqa: E402
from service.api.grooming_risk.v1 import scoring_pb2 as spb  # noqa: E402
from service.review.retry import Backoff  # noqa: E402

TEMPLATE = Path(__file__).with_name("fleet-nginx.conf.template")
CALL_TIMEOUT_S = 10.0
RETRY_FOR_S = 30.0
"""A client gives up on one operation after retrying it this long (counted as gave_up)."""
UPSTREAM_HEADER = "x-fleet-upstream"
ENV_PREFIX = "GROOMING_RISK_"
HOT_CONVERSATIONS = 12
"""Conversations every client rescores, so replicas race to open their one case."""

# Non-explicit warning signs only (the ones child-safety educators publish); the same
# lines flag in tests/crash/test_sigkill.py.
FLAG_LINES = (
    ("a", "hey how old are you"), ("c", "im 13"), ("a", "you seem so mature for your age"),
    ("a", "which school do you go to"), ("a", "are you alone right now?"),
    ("a", "dont tell anyone about our chats ok, its our secret"),
    ("a", "lets talk on snapchat instead"), ("a", "send me a pic of you"),
    ("a", "we should meet up this weekend, dont tell your parents"),
)
BENIGN_LINES = (
    ("a", "practice moved to thursday at 5"), ("c", "ok thanks coach"),
    ("a", "bring your water bottle and shin guards"), ("c", "will do"),
    ("a", "great passing in the last game, the whole team played well"),
)


def conversation(conv_id: str, kind: str, epoch: int) -> spb.ScoreConversationRequest:
    """A small conversation, the same bytes for the same (id, kind, epoch).

    ``flag``: adult (34) to child (13) with warning signs; ``benign``: a coach's logistics;
    ``secret``: the flagging one under professional secrecy (not scanned by the gate).
    """
    lines = BENIGN_LINES if kind == "benign" else FLAG_LINES
    conv = spb.Conversation(id=conv_id, professional_secrecy=kind == "secret")
    adult = conv.participants.add(id="u-adult", age_source=spb.AGE_SOURCE_DECLARED)
    adult.age = 34
    child = conv.participants.add(id="u-child", age_source=spb.AGE_SOURCE_DECLARED)
    child.age = 13
    for i, (who, text) in enumerate(lines):
        m = conv.messages.add(id=f"m{i + 1}", sender_id="u-adult" if who == "a" else "u-child",
                              text=text, kind=spb.CONTENT_KIND_TEXT)
        m.sent_at.seconds = epoch + 30 * i
    return spb.ScoreConversationRequest(conversation=conv)


def service_env() -> dict[str, str]:
    """This environment without ``GROOMING_RISK_*`` (a developer's shell must not leak in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def grooming_risk_command() -> list[str]:
    """The installed ``grooming-risk`` script next to this interpreter, or ``-m service``."""
    script = Path(sys.executable).with_name("grooming-risk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "service"]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0..1, nearest rank) of ``values``, or None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def spread(values: Sequence[float]) -> dict[str, float | int | None]:
    """n, p50 and max, in seconds rounded to milliseconds."""
    p50 = percentile(values, 0.5)
    return {"n": len(values), "p50_s": None if p50 is None else round(p50, 3),
            "max_s": round(max(values), 3) if values else None}


# --- the load client (its own process) --------------------------------------------------


class Refused(Exception):
    """A call ended with a status other than OK after its retries."""

    def __init__(self, code: grpc.StatusCode, after_unavailable: bool) -> None:
        super().__init__(code.name)
        self.code = code
        self.after_unavailable = after_unavailable


@dataclass
class Ledger:
    """What one client sent, saw and was told; written as JSON when it stops."""

    client: int
    statuses: Counter[str] = field(default_factory=Counter)
    """Every attempt, as ``op:STATUS``."""
    in_doubt: Counter[str] = field(default_factory=Counter)
    """Answers to a retried decision whose first attempt had committed, ``op:STATUS``."""
    unexpected: list[str] = field(default_factory=list)
    failures: list[tuple[float, str, str]] = field(default_factory=list)
    """(wall time, op, status) of every attempt that was not OK."""
    scoring_acks: list[tuple[float, int, int]] = field(default_factory=list)
    """(wall time, replica port, 1 if scanned else 0) of every acknowledged score."""
    scanned: int = 0
    messages: int = 0
    not_scanned: Counter[str] = field(default_factory=Counter)
    unacked_scoring_attempts: int = 0
    """Score attempts that failed: each may still have been counted by a replica."""
    flags: dict[str, str] = field(default_factory=dict)
    """Acknowledged case id -> conversation id."""
    hot: dict[str, list[str]] = field(default_factory=dict)
    """Hot conversation -> the case ids this client was told."""
    decisions: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """Case id -> (decision, reviewer, "ack" | "in_doubt")."""
    gave_up: int = 0
    recoveries: list[float] = field(default_factory=list)
    """Seconds from an operation's first failure to its success."""

    def to_json(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it rebuilds a Counter from (key, value) pairs.
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["hot"] = {k: sorted(set(v)) for k, v in self.hot.items()}
        return out


class LoadClient:
    """Threads that score, rescore and decide through one channel to the balancer."""

    def __init__(self, target: str, client: int, threads: int, rate: float, epoch: int,
                 seed: int) -> None:
        self.channel = grpc.insecure_channel(target)
        self.scoring = scoring_pb2_grpc.ScoringServiceStub(self.channel)
        self.review = review_pb2_grpc.ReviewServiceStub(self.channel)
        self.ledger = Ledger(client)
        self.threads = threads
        self.interval = threads / rate if rate > 0 else 0.0
        self.epoch = epoch
        self.seed = seed
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.own: list[tuple[str, str]] = []  # (conversation id, kind) this client flagged
        self.to_decide: list[str] = []
        self.queued: set[str] = set()
        self.serial = 0

    def call(self, op: str, method: Any, request: Any) -> tuple[Any, int]:
        """The response and the port of the replica that answered; retries UNAVAILABLE
        (jittered backoff, for up to ``RETRY_FOR_S``) and counts every attempt's status."""
        first_failure: list[float] = []
        backoff = Backoff(attempts=10_000, base_s=0.02, cap_s=0.5)
        deadline = time.monotonic() + RETRY_FOR_S

        def attempt() -> tuple[Any, int]:
            try:
                response, call = method.with_call(request, timeout=CALL_TIMEOUT_S)
            except grpc.RpcError as err:
                code = err.code()
                with self.lock:
                    self.ledger.statuses[f"{op}:{code.name}"] += 1
                    self.ledger.failures.append((time.time(), op, code.name))
                if code is grpc.StatusCode.UNAVAILABLE and not first_failure:
                    first_failure.append(time.monotonic())
                raise
            with self.lock:
                self.ledger.statuses[f"{op}:OK"] += 1
                if first_failure:
                    self.ledger.recoveries.append(time.monotonic() - first_failure[0])
            upstream = dict(call.initial_metadata()).get(UPSTREAM_HEADER, "")
            last = str(upstream).rsplit(",", 1)[-1].strip()
            return response, int(last.rsplit(":", 1)[1]) if ":" in last else 0

        def retryable(err: Exception) -> bool:
            return (isinstance(err, grpc.RpcError)
                    and err.code() is grpc.StatusCode.UNAVAILABLE
                    and time.monotonic() < deadline)

        try:
            return backoff.run(attempt, retryable)
        except grpc.RpcError as err:
            if err.code() is grpc.StatusCode.UNAVAILABLE:
                with self.lock:
                    self.ledger.gave_up += 1
            raise Refused(err.code(), after_unavailable=bool(first_failure)) from None

    def score(self, conv_id: str, kind: str, hot: bool = False) -> None:
        request = conversation(conv_id, kind, self.epoch)
        try:
            response, port = self.call("score", self.scoring.ScoreConversation, request)
        except Refused as refused:
            with self.lock:
                self.ledger.unacked_scoring_attempts += 1
                self.ledger.unexpected.append(f"score:{refused.code.name}")
            return
        now = time.time()
        with self.lock:
            ledger = self.ledger
            scanned = response.outcome in (spb.OUTCOME_FLAGGED_FOR_REVIEW,
                                           spb.OUTCOME_NOT_SUSPICIOUS)
            ledger.scoring_acks.append((now, port, int(scanned)))
            if scanned:
                ledger.scanned += 1
                ledger.messages += len(request.conversation.messages)
            else:
                ledger.not_scanned[spb.NotScannedReason.Name(response.not_scanned_reason)] += 1
            if response.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW:
                ledger.flags[response.case_id] = conv_id
                if hot:
                    ledger.hot.setdefault(conv_id, []).append(response.case_id)
                else:
                    if (conv_id, kind) not in self.own:
                        self.own.append((conv_id, kind))
                    if response.case_id not in self.queued:  # each case is decided once
                        self.queued.add(response.case_id)
                        self.to_decide.append(response.case_id)

    def decide(self, case_id: str, rng: random.Random, reviewer: str) -> None:
        decision = rng.choice(("confirmed", "dismissed"))
        try:
            self.call("claim", self.review.ClaimCase,
                      rpb.ClaimCaseRequest(case_id=case_id, reviewer_id=reviewer))
        except Refused as refused:
            with self.lock:
                self.ledger.unexpected.append(f"claim:{refused.code.name}")
            return
        request = rpb.DecideCaseRequest(
            case_id=case_id, reviewer_id=reviewer,
            decision=(rpb.DECISION_CONFIRMED if decision == "confirmed"
                      else rpb.DECISION_DISMISSED),
            reason="clear_indicators" if decision == "confirmed" else "benign_context")
        try:
            self.call("decide", self.review.DecideCase, request)
        except Refused as refused:
            answer = f"decide:{refused.code.name}"
            if refused.after_unavailable and self.committed(case_id, decision, reviewer):
                with self.lock:
                    self.ledger.in_doubt[answer] += 1
                    self.ledger.statuses[answer] -= 1  # an answer, not a failure
                    self.ledger.decisions[case_id] = (decision, reviewer, "in_doubt")
            else:
                with self.lock:
                    self.ledger.unexpected.append(answer)
            return
        with self.lock:
            self.ledger.decisions[case_id] = (decision, reviewer, "ack")

    def committed(self, case_id: str, decision: str, reviewer: str) -> bool:
        """Whether an in-doubt decision is in the store (the retry's answer was about it)."""
        try:
            response, _ = self.call("get", self.review.GetCase,
                                    rpb.GetCaseRequest(case_id=case_id))
        except Refused as refused:
            gone = decision == "dismissed" and refused.code is grpc.StatusCode.NOT_FOUND
            if gone:  # the answer that confirms the dismissal, not a failure
                with self.lock:
                    self.ledger.statuses["get:NOT_FOUND"] -= 1
                    self.ledger.in_doubt["get:NOT_FOUND"] += 1
            return gone
        return (decision == "confirmed" and response.case.status == rpb.CASE_STATUS_CONFIRMED
                and response.case.decided_by == reviewer)

    def work(self, index: int) -> None:
        rng = random.Random(self.seed * 1000 + index)
        reviewer = f"rev-{self.ledger.client}-{index}"
        next_at = time.monotonic()
        while not self.stop.is_set():
            roll = rng.random()
            with self.lock:
                self.serial += 1
                serial = self.serial
                case_id = self.to_decide.pop(0) if roll >= 0.8 and self.to_decide else None
                own = rng.choice(self.own) if self.own else None
            client = self.ledger.client
            if case_id is not None:
                self.decide(case_id, rng, reviewer)
            elif roll < 0.25:
                self.score(f"c{client}-{serial}", "flag")
            elif roll < 0.40:
                self.score(f"c{client}-{serial}", "benign")
            elif roll < 0.45:
                self.score(f"c{client}-{serial}", "secret")
            elif roll < 0.60 and own is not None:
                self.score(*own)
            else:
                self.score(f"hot-{rng.randrange(HOT_CONVERSATIONS)}", "flag", hot=True)
            if self.interval:
                next_at += rng.uniform(0.5, 1.5) * self.interval
                self.stop.wait(max(0.0, next_at - time.monotonic()))

    def run(self) -> Ledger:
        workers = [threading.Thread(target=self.work, args=(i,), daemon=True)
                   for i in range(self.threads)]
        for w in workers:
            w.start()
        sys.stdin.read()  # the driver closes our stdin to stop us
        self.stop.set()
        for w in workers:
            w.join(RETRY_FOR_S + 2 * CALL_TIMEOUT_S)
        self.channel.close()
        return self.ledger


def client_main(args: argparse.Namespace) -> int:
    client = LoadClient(args.target, args.client, args.threads, args.rate, args.epoch,
                        args.seed)
    ledger = client.run()
    Path(args.out).write_text(json.dumps(ledger.to_json()) + "\n", encoding="utf-8")
    return 0


# --- the parts the driver starts ---------------------------------------------------------


class Replica:
    """One ``grooming-risk serve`` on a fixed port (it comes back on the same one)."""

    def __init__(self, index: int, port: int, database_url: str, workdir: Path,
                 counters_flush_s: float) -> None:
        self.index = index
        self.port = port
        self.database_url = database_url
        self.data_dir = workdir / f"replica{index}"
        self.log_path = workdir / f"replica{index}.log"
        self.counters_flush_s = counters_flush_s
        self.proc: subprocess.Popen[bytes] | None = None
        self.serving = threading.Event()
        self.launched_at = 0.0
        self.failed_starts = 0
        self.lock = threading.Lock()
        self.stopped = False

    def launch(self, reopen: bool = False) -> None:
        """Start the process (a restart thread cannot bring back a terminated replica
        unless ``reopen``: no replica outlives the run)."""
        with self.lock:
            if reopen:
                self.stopped = False
            if self.stopped:
                raise RuntimeError(f"replica {self.index} was stopped")
            self._launch()

    def _launch(self) -> None:
        self.serving.clear()
        self.launched_at = time.monotonic()
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [*grooming_risk_command(), "serve", "--workers", "1", "--port", str(self.port),
                 "--metrics-port", "0", "--data-dir", str(self.data_dir),
                 "--database-url", self.database_url,
                 "--counters-flush-s", str(self.counters_flush_s),
                 "--shutdown-delay-s", "0", "--grace-period-s", "5"],
                stdout=log, stderr=log, env=service_env())

    def wait_serving(self, timeout: float = 120.0) -> float:
        """Block until the health service says SERVING; relaunch if the process died
        (e.g. PostgreSQL was restarting). Returns seconds since the first launch."""
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        started = self.launched_at
        deadline = time.monotonic() + timeout
        with grpc.insecure_channel(f"127.0.0.1:{self.port}") as channel:
            health = health_pb2_grpc.HealthStub(channel)
            while time.monotonic() < deadline:
                assert self.proc is not None
                if self.proc.poll() is not None:
                    self.failed_starts += 1
                    self.launch()
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(), timeout=1).status
                except grpc.RpcError:
                    status = None
                if status == health_pb2.HealthCheckResponse.SERVING:
                    self.serving.set()
                    return time.monotonic() - started
                time.sleep(0.02)
        raise RuntimeError(f"replica {self.index} not SERVING after {timeout}s; "
                           f"see {self.log_path}")

    def kill(self) -> float:
        """SIGKILL (no flush, no close); returns the wall time of the signal."""
        assert self.proc is not None
        self.serving.clear()
        at = time.time()
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)
        return at

    def terminate(self) -> None:
        """SIGTERM: drain, flush counters, close the pool."""
        with self.lock:
            self.stopped = True
        self.serving.clear()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Balancer:
    """nginx with the generated config, in the foreground (``daemon off``)."""

    def __init__(self, workdir: Path, replica_ports: Sequence[int], fleet_port: int,
                 single_port: int) -> None:
        self.prefix = workdir / "nginx"
        (self.prefix / "tmp").mkdir(parents=True, exist_ok=True)
        self.fleet_port = fleet_port
        self.single_port = single_port
        fields = {
            "PREFIX": str(self.prefix),
            "FLEET_PORT": str(fleet_port),
            "SINGLE_PORT": str(single_port),
            "FLEET_SERVERS": "\n".join(f"        server 127.0.0.1:{p} max_fails=0;"
                                       for p in replica_ports),
            "SINGLE_SERVER": f"        server 127.0.0.1:{replica_ports[0]} max_fails=0;",
        }
        text = re.sub(r"@([A-Z_]+)@", lambda m: fields[m.group(1)],
                      TEMPLATE.read_text(encoding="utf-8"))
        self.conf = self.prefix / "nginx.conf"
        self.conf.write_text(text, encoding="utf-8")
        self.proc: subprocess.Popen[bytes] | None = None

    @staticmethod
    def binary() -> str | None:
        return shutil.which("nginx") or next(
            (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)),
            None)

    def start(self) -> None:
        nginx = self.binary()
        if nginx is None:
            raise RuntimeError("nginx not found")
        subprocess.run([nginx, "-t", "-q", "-p", str(self.prefix), "-c", str(self.conf)],
                       check=True, capture_output=True, timeout=30)
        self.proc = subprocess.Popen([nginx, "-p", str(self.prefix), "-c", str(self.conf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in (self.fleet_port, self.single_port):
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                grpc.channel_ready_future(channel).result(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass(frozen=True)
class FleetConfig:
    """One run's size. The defaults are the CI setting (tests/fleet/test_fleet.py)."""

    replicas: int = 3
    kills: int = 50
    clients: int = 2
    threads: int = 3
    rate: float = 40.0
    """Operations per second per client process (0: as fast as it goes)."""
    kill_gap_s: float = 0.3
    """Least time between two kills (the real gap is also bounded by restarts)."""
    pg_restart_after: int = 0
    """Restart PostgreSQL after this many kills (0: halfway)."""
    counters_flush_s: float = 1.0
    throughput_s: float = 3.0
    throughput_warmup_s: float = 1.0
    throughput_rounds: int = 1
    concurrency: int = 16
    seed: int = 20261202
    max_kill_phase_s: float = 240.0
    """Stop killing after this long even short of ``kills`` (the caller's check fails)."""


@dataclass
class KillRecord:
    at: float
    replica: int
    port: int
    serving_before: int
    restart_s: float = 0.0


@contextlib.contextmanager
def running(parts: list[Callable[[], None]]) -> Iterator[None]:
    """Run the stop callbacks in ``parts`` (last added first) when the block ends."""
    try:
        yield
    finally:
        for stop in reversed(parts):
            with contextlib.suppress(Exception):
                stop()


def run_fleet(cfg: FleetConfig, workdir: Path) -> dict[str, Any]:
    """Start everything, load, kill, verify; the report (checks are the caller's)."""
    from tests.postgres import ThrowawayPostgres, free_port

    t_begin = time.monotonic()
    report: dict[str, Any] = {"config": asdict(cfg), "cpus": os.cpu_count(),
                              "loadavg_start": os.getloadavg()[0]}
    stops: list[Callable[[], None]] = []
    with running(stops):
        pg = ThrowawayPostgres(max_connections=200)
        stops.append(pg.close)
        t = time.monotonic()
        pg.start()
        report["pg_start_s"] = round(time.monotonic() - t, 2)

        ports = [free_port() for _ in range(cfg.replicas)]
        replicas = [Replica(i, p, pg.url(), workdir, cfg.counters_flush_s)
                    for i, p in enumerate(ports)]

        def stop_replicas() -> None:
            for r in replicas:
                r.terminate()

        stops.append(stop_replicas)
        first = start_all(replicas)
        report["first_start_s"] = spread(first)

        balancer = Balancer(workdir, ports, free_port(), free_port())
        stops.append(balancer.stop)
        balancer.start()

        kills, pg_restart, ledgers = kill_phase(cfg, replicas, pg, balancer, workdir, report)
        for r in replicas:
            r.terminate()  # SIGTERM: counters flushed
        report["kill_phase"] = summarize(cfg, kills, pg_restart, ledgers)
        report["kill_phase"]["counter_flushes_failed"] = sum(
            r.log_path.read_text(encoding="utf-8", errors="replace").count(
                "counter flush failed") for r in replicas)
        report["database"] = verify(pg.conninfo(), ledgers, kills, pg_restart, cfg)

        restart = start_all(replicas)
        report["second_start_s"] = spread(restart)
        report["throughput"] = throughput(cfg, balancer, workdir)
    report["total_s"] = round(time.monotonic() - t_begin, 1)
    report["loadavg_end"] = os.getloadavg()[0]
    return report


def start_all(replicas: Sequence[Replica]) -> list[float]:
    for r in replicas:
        r.launch(reopen=True)
    return [r.wait_serving() for r in replicas]


def kill_phase(cfg: FleetConfig, replicas: Sequence[Replica], pg: Any, balancer: Balancer,
               workdir: Path, report: dict[str, Any],
               ) -> tuple[list[KillRecord], dict[str, float], list[dict[str, Any]]]:
    rng = random.Random(cfg.seed)
    epoch = int(time.time()) - 3600
    clients = []
    for k in range(cfg.clients):
        out = workdir / f"client{k}.json"
        clients.append((subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "client",
             "--target", f"127.0.0.1:{balancer.fleet_port}", "--client", str(k),
             "--threads", str(cfg.threads), "--rate", str(cfg.rate), "--epoch", str(epoch),
             "--seed", str(cfg.seed + k), "--out", str(out)],
            stdin=subprocess.PIPE, env=service_env(),
            stderr=(workdir / f"client{k}.log").open("wb")), out))
    kills: list[KillRecord] = []
    restarts: list[threading.Thread] = []
    pg_restart: dict[str, float] = {}
    pg_after = cfg.pg_restart_after or max(1, cfg.kills // 2)
    changed = threading.Condition()

    def restart(replica: Replica, record: KillRecord) -> None:
        replica.launch()
        record.restart_s = replica.wait_serving()
        with changed:
            changed.notify_all()

    def serving() -> list[Replica]:
        return [r for r in replicas if r.serving.is_set()]

    t0 = time.monotonic()
    deadline = t0 + cfg.max_kill_phase_s
    try:
        time.sleep(1.0)  # let the clients' load reach the replicas before the first kill
        while len(kills) < cfg.kills and time.monotonic() < deadline:
            with changed:
                changed.wait_for(lambda: len(serving()) >= 2, timeout=60)
            up = serving()
            if len(up) < 2:
                continue
            victim = rng.choice(up)
            record = KillRecord(victim.kill(), victim.index, victim.port, len(up))
            kills.append(record)
            thread = threading.Thread(target=restart, args=(victim, record), daemon=True)
            thread.start()
            restarts.append(thread)
            if len(kills) == pg_after and not pg_restart:
                begin = time.time()
                pg.restart("fast")
                pg_restart = {"at": begin, "pg_ctl_s": round(time.time() - begin, 3)}
            time.sleep(rng.uniform(cfg.kill_gap_s, 2 * cfg.kill_gap_s))
        for thread in restarts:
            thread.join(120)
        time.sleep(1.0)  # load on the whole fleet again before the clients stop
    finally:
        report["kill_phase_s"] = round(time.monotonic() - t0, 1)
        ledgers = []
        for proc, _out in clients:
            assert proc.stdin is not None
            proc.stdin.close()
        for proc, out in clients:
            try:
                proc.wait(RETRY_FOR_S + 3 * CALL_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.returncode == 0 and out.exists():
                ledgers.append(json.loads(out.read_text(encoding="utf-8")))
    if len(ledgers) != cfg.clients:
        raise RuntimeError(f"a load client failed; see {workdir}/client*.log")
    return kills, pg_restart, ledgers


def summarize(cfg: FleetConfig, kills: Sequence[KillRecord], pg_restart: dict[str, float],
              ledgers: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Statuses, requests and recovery times from the clients' ledgers and the kills."""
    statuses: Counter[str] = Counter()
    in_doubt: Counter[str] = Counter()
    failures: list[tuple[float, str, str]] = []
    recoveries: list[float] = []
    unexpected: list[str] = []
    for ledger in ledgers:
        statuses.update(ledger["statuses"])
        in_doubt.update(ledger["in_doubt"])
        failures += [tuple(f) for f in ledger["failures"]]  # type: ignore[misc]
        recoveries += ledger["recoveries"]
        unexpected += ledger["unexpected"]
    by_status: Counter[str] = Counter()
    by_op: dict[str, Counter[str]] = {}
    for key, n in statuses.items():
        if not n:  # an in-doubt answer, taken back out of the statuses
            continue
        op, status = key.split(":")
        by_status[status] += n
        by_op.setdefault(op, Counter())[status] += n
    # Each failure belongs to the last disruption before it (a kill or the PG restart).
    events = sorted([(k.at, f"kill{i}") for i, k in enumerate(kills)]
                    + ([(pg_restart["at"], "pg")] if pg_restart else []))
    last_failure: dict[str, float] = {}
    unattributed = 0
    for at, _op, _status in sorted(failures):
        owner = None
        for event_at, name in events:
            if event_at <= at:
                owner = (event_at, name)
        if owner is None:
            unattributed += 1
            continue
        last_failure[owner[1]] = max(last_failure.get(owner[1], owner[0]), at)
    disruption = [last_failure.get(f"kill{i}", k.at) - k.at for i, k in enumerate(kills)]
    pg_disruption = (last_failure.get("pg", pg_restart["at"]) - pg_restart["at"]
                     if pg_restart else None)
    non_retryable = {s: n for s, n in by_status.items() if s not in ("OK", "UNAVAILABLE")}
    return {
        "kills": len(kills),
        "pg_restarts": 1 if pg_restart else 0,
        "requests_ok": by_status.get("OK", 0),
        "attempts": sum(by_status.values()),
        "by_status": dict(by_status),
        "by_op": {op: dict(c) for op, c in sorted(by_op.items())},
        "non_retryable": non_retryable,
        "in_doubt_answers": dict(in_doubt),
        "unexpected": unexpected[:20],
        "unexpected_count": len(unexpected),
        "gave_up": sum(ledger["gave_up"] for ledger in ledgers),
        "failures_before_first_kill": unattributed,
        "kills_with_client_errors": sum(1 for d in disruption if d > 0),
        "client_error_window_after_kill": spread(disruption),
        "replica_restart": spread([k.restart_s for k in kills]),
        "retry_until_ok": spread(recoveries),
        "pg_restart": None if not pg_restart else {
            "pg_ctl_restart_s": pg_restart["pg_ctl_s"],
            "client_error_window_s": round(pg_disruption or 0.0, 3)},
        "timeline": [[round(k.at - kills[0].at, 3), k.replica, round(k.restart_s, 2),
                      round(d, 3)] for k, d in zip(kills, disruption, strict=True)],
        "pg_restart_at": round(pg_restart["at"] - kills[0].at, 3) if pg_restart else None,
        "failure_times": sorted(round(at - kills[0].at, 3) for at, _, _ in failures)
        if kills else [],
        "kills_per_replica": dict(Counter(str(k.replica) for k in kills)),
        "serving_at_kill": dict(Counter(str(k.serving_before) for k in kills)),
    }


def verify(conninfo: str, ledgers: Sequence[dict[str, Any]], kills: Sequence[KillRecord],
           pg_restart: dict[str, float], cfg: FleetConfig) -> dict[str, Any]:
    """Compare the database (direct SQL) with what clients were told."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        duplicates = conn.execute(
            "SELECT conversation_id, suspected_participant_id, count(*) FROM cases "
            "WHERE status IN ('open', 'in_review') GROUP BY 1, 2 HAVING count(*) > 1"
        ).fetchall()
        cases = {row[0]: (row[1], row[2], row[3]) for row in conn.execute(
            "SELECT case_id, conversation_id, status, decided_by FROM cases").fetchall()}
        counters = {str(name): int(value) for name, value in conn.execute(
            "SELECT name, sum(value) FROM counters GROUP BY name").fetchall()}

    flags: dict[str, str] = {}
    decisions: dict[str, tuple[str, str, str]] = {}
    hot: dict[str, set[str]] = {}
    for ledger in ledgers:
        flags.update(ledger["flags"])
        decisions.update({k: tuple(v) for k, v in ledger["decisions"].items()})  # type: ignore[misc]
        for conv, ids in ledger["hot"].items():
            hot.setdefault(conv, set()).update(ids)
    dismissed = {c for c, (d, _, _) in decisions.items() if d == "dismissed"}
    lost_flags = sorted(c for c in flags if c not in cases and c not in dismissed)
    # Dismissed: deleted. Confirmed: there, CONFIRMED by that reviewer.
    lost_decisions = sorted(
        case_id for case_id, (decision, reviewer, _how) in decisions.items()
        if (cases.get(case_id) is not None if decision == "dismissed"
            else cases.get(case_id, ("", "", ""))[1:] != ("confirmed", reviewer)))
    live = Counter(status for _, status, _ in cases.values())
    flagged = counters.get("flagged", 0)
    case_invariant = {
        "flagged": flagged,
        "live_cases": sum(live.values()),
        "dismissed": counters.get("dismissed", 0),
        "confirmed": counters.get("confirmed", 0),
        "confirmed_live": live.get("confirmed", 0),
        "holds": (flagged == sum(live.values()) + counters.get("dismissed", 0)
                  and counters.get("confirmed", 0) == live.get("confirmed", 0)
                  + live.get("reported", 0)),
    }
    acked_scanned = sum(ledger["scanned"] for ledger in ledgers)
    acked_not_scanned = sum(sum(ledger["not_scanned"].values()) for ledger in ledgers)
    unacked = sum(ledger["unacked_scoring_attempts"] for ledger in ledgers)
    failed_score_attempts = sum(n for ledger in ledgers
                                for key, n in ledger["statuses"].items()
                                if key.startswith("score:") and not key.endswith(":OK"))
    counted_scanned = counters.get("conversations_scored", 0)
    counted_not_scanned = sum(v for k, v in counters.items() if k.startswith("not_scanned."))
    bound = loss_bound(ledgers, kills, pg_restart, cfg.counters_flush_s)
    return {
        "cases": len(cases),
        "duplicate_open_cases": len(duplicates),
        "acknowledged_flags": len(flags),
        "lost_flags": len(lost_flags),
        "lost_flag_ids": lost_flags[:10],
        "acknowledged_decisions": dict(Counter(f"{d}:{how}" for d, _, how in
                                               decisions.values())),
        "lost_decisions": len(lost_decisions),
        "lost_decision_ids": lost_decisions[:10],
        "hot_conversations": len(hot),
        "hot_case_ids_per_conversation_max": max((len(v) for v in hot.values()), default=0),
        "case_counters": case_invariant,
        "scoring_counters": {
            "conversations_scored": counted_scanned,
            "acknowledged_scanned": acked_scanned,
            "messages_scored": counters.get("messages_scored", 0),
            "acknowledged_messages": sum(ledger["messages"] for ledger in ledgers),
            "not_scanned": counted_not_scanned,
            "acknowledged_not_scanned": acked_not_scanned,
            "failed_score_attempts": failed_score_attempts,
            "score_operations_never_acknowledged": unacked,
            "counted_minus_acknowledged": (counted_scanned + counted_not_scanned
                                           - acked_scanned - acked_not_scanned),
            "loss_bound": bound,
        },
    }


def loss_bound(ledgers: Sequence[dict[str, Any]], kills: Sequence[KillRecord],
               pg_restart: dict[str, float], flush_s: float) -> int:
    """Most acknowledged scores a SIGKILL can have taken out of the counters.

    A replica keeps counts in memory and writes them every ``flush_s``: a SIGKILL loses
    what the victim acknowledged since its last flush. Counted here: scores the victim
    (by port, from nginx's upstream header) acknowledged in the ``flush_s`` + 0.5 s before
    the kill, or since the PostgreSQL restart when that was more recent than 10 s (flushes
    fail while it is down, and the counts wait in memory).
    """
    acks = sorted((at, port) for ledger in ledgers for at, port, _ in ledger["scoring_acks"])
    total = 0
    for k in kills:
        start = k.at - flush_s - 0.5
        if pg_restart and 0 <= k.at - pg_restart["at"] <= 10:
            start = min(start, pg_restart["at"])
        total += sum(1 for at, port in acks if port == k.port and start <= at <= k.at)
    return total


def throughput(cfg: FleetConfig, balancer: Balancer, workdir: Path) -> dict[str, Any]:
    """``grooming-risk bench`` (its own process) through nginx: one replica, then all."""
    rounds: list[dict[str, Any]] = []
    for _ in range(cfg.throughput_rounds):
        one: dict[str, Any] = {}
        for name, port in (("one_replica", balancer.single_port),
                           ("fleet", balancer.fleet_port)):
            out = subprocess.run(
                [*grooming_risk_command(), "bench", "--target", f"127.0.0.1:{port}",
                 "--duration", str(cfg.throughput_s), "--warmup", str(cfg.throughput_warmup_s),
                 "--bulk", "0", "--n", "200", "--concurrency", str(cfg.concurrency), "--json"],
                check=True, capture_output=True, text=True, env=service_env(), timeout=300)
            unary = json.loads(out.stdout)["unary"]["ours"]
            one[name] = {k: unary[k] for k in ("requests", "errors", "conversations_per_s",
                                                 "p50_ms", "p99_ms")}
        one["ratio"] = round(one["fleet"]["conversations_per_s"]
                             / max(one["one_replica"]["conversations_per_s"], 1e-9), 3)
        rounds.append(one)
    return {
        "rounds": rounds,
        "ratio_median": round(statistics.median(r["ratio"] for r in rounds), 3),
        "one_replica_per_s_median": statistics.median(
            r["one_replica"]["conversations_per_s"] for r in rounds),
        "fleet_per_s_median": statistics.median(r["fleet"]["conversations_per_s"]
                                                for r in rounds),
    }


def table(report: dict[str, Any]) -> str:
    """The report's headline figures as a Markdown table (what ``fleet.md`` quotes)."""
    run, db, tp = report["kill_phase"], report["database"], report["throughput"]
    counts = db["scoring_counters"]
    decisions = db["acknowledged_decisions"]

    def window(s: dict[str, Any]) -> str:
        return f"p50 {s['p50_s']} s, max {s['max_s']} s (n={s['n']})"

    rows = [
        ("kills (SIGKILL of a SERVING replica)", run["kills"]),
        ("PostgreSQL restarts", f"{run['pg_restarts']} "
         f"(pg_ctl {run['pg_restart']['pg_ctl_restart_s']} s)" if run["pg_restart"] else 0),
        ("client attempts / OK", f"{run['attempts']} / {run['requests_ok']}"),
        ("attempts by status", ", ".join(f"{k} {v}" for k, v in sorted(run["by_status"].items()))),
        ("non-retryable statuses", run["non_retryable"] or "none"),
        ("in-doubt decisions found committed", run["in_doubt_answers"] or "none"),
        ("calls given up", run["gave_up"]),
        ("kills a client noticed", f"{run['kills_with_client_errors']} of {run['kills']}"),
        ("client error window after a kill", window(run["client_error_window_after_kill"])),
        ("operation retried until OK", window(run["retry_until_ok"])),
        ("PostgreSQL restart: client error window",
         f"{run['pg_restart']['client_error_window_s']} s" if run["pg_restart"] else "-"),
        ("replica restart to SERVING, under load", window(run["replica_restart"])),
        ("start of 3 replicas at once (cold, then after the kills)",
         f"{report['first_start_s']['max_s']} s, {report['second_start_s']['max_s']} s"),
        ("acknowledged flags / lost", f"{db['acknowledged_flags']} / {db['lost_flags']}"),
        ("acknowledged decisions / lost",
         f"{sum(decisions.values())} "
         f"({', '.join(f'{k} {v}' for k, v in sorted(decisions.items()))})"
         f" / {db['lost_decisions']}"),
        ("duplicate open cases", db["duplicate_open_cases"]),
        ("case ids per hot conversation (12, rescored by all)",
         db["hot_case_ids_per_conversation_max"]),
        ("case counters exact", db["case_counters"]["holds"]),
        ("scored + not scanned: counted / acknowledged",
         f"{counts['conversations_scored'] + counts['not_scanned']} / "
         f"{counts['acknowledged_scanned'] + counts['acknowledged_not_scanned']} "
         f"(difference {counts['counted_minus_acknowledged']}; loss bound {counts['loss_bound']}, "
         f"failed attempts {counts['failed_score_attempts']})"),
        ("throughput through nginx, 1 replica / 3 replicas",
         f"{tp['one_replica_per_s_median']} / {tp['fleet_per_s_median']} conversations/s "
         f"(ratio {tp['ratio_median']})"),
        ("kill phase / whole run", f"{report['kill_phase_s']} s / {report['total_s']} s"),
        ("load average, start / end",
         f"{report['loadavg_start']:.1f} / {report['loadavg_end']:.1f}"),
    ]
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def missing_parts() -> str | None:
    """Why the fleet cannot run here (None: it can)."""
    from tests.postgres import pg_binary

    if Balancer.binary() is None:
        return "nginx not installed (apt-get install nginx-light)"
    absent = [name for name in ("initdb", "pg_ctl", "postgres") if pg_binary(name) is None]
    if absent:
        return f"PostgreSQL binaries not found: {', '.join(absent)}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the fleet and print the report")
    defaults = FleetConfig()
    for name, value in asdict(defaults).items():
        run.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    run.add_argument("--keep", action="store_true", help="keep the work dir (logs)")
    run.add_argument("--out", type=Path, help="also write the JSON report here")
    show = sub.add_parser("table", help="print a report's figures as a Markdown table")
    show.add_argument("report", type=Path)
    client = sub.add_parser("client", help="(internal) one load client; stops at stdin EOF")
    client.add_argument("--target", required=True)
    client.add_argument("--client", type=int, required=True)
    client.add_argument("--threads", type=int, default=3)
    client.add_argument("--rate", type=float, default=40.0)
    client.add_argument("--epoch", type=int, required=True)
    client.add_argument("--seed", type=int, default=1)
    client.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "client":
        return client_main(args)
    if args.command == "table":
        print(table(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0
    why = missing_parts()
    if why:
        print(f"fleet: {why}", file=sys.stderr)
        return 2
    cfg = FleetConfig(**{k: getattr(args, k) for k in asdict(defaults)})
    workdir = Path(tempfile.mkdtemp(prefix="grooming-risk-fleet-"))
    try:
        report = run_fleet(cfg, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"work dir: {workdir}", file=sys.stderr)
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
