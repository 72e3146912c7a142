"""``serve --workers N``: N server processes on one port, run by a supervisor.

A Python process scores on about one core (the GIL), so more cores need more processes.
The ``serve`` process becomes a supervisor that never serves gRPC itself:

* Start-up: it checks what an operator can get wrong (transport, TLS files, ports), takes
  the data-dir lock, opens the store once (schema migrations run here, once, before any
  worker starts), runs the start-up retention purge and reserves the port: a socket bound
  with SO_REUSEPORT that never listens, as grpc's ``examples/python/multiprocessing``
  does. Port 0 is resolved here, so every worker gets the same port.
* Each worker is a fresh interpreter (``python -m service serve-worker``), so nothing of
  gRPC, onnxruntime or SQLite crosses a fork. It inherits the data-dir lock's descriptor
  (a ``flock`` belongs to the open file: the lock lasts until the last process of the
  fleet exits) and a control socket, and builds an ordinary server that binds the port
  with SO_REUSEPORT; the kernel spreads new connections across the workers.
* Health: a worker reports its own readiness (a verified model, the legal basis in
  force) and the supervisor tells every worker whether the whole fleet is ready; only
  then do they report SERVING for "" and ScoringService. A worker that exits is replaced
  (event ``worker_restarting``, metric ``grooming_risk_worker_restarts_total``); the
  others keep serving meanwhile, and the replacement binds the port only once its model
  is verified.
* SIGTERM / SIGINT: every worker drains (NOT_SERVING, the grace period, counters
  flushed), then the supervisor removes the metrics directory and releases the lock.
  SIGHUP: every worker re-reads the credentials file and reloads the configured model. A
  ``ReloadModel`` call reaches one worker; it tells the supervisor, which has the others
  load the same folder and starts any replacement on it.
* Metrics: workers write prometheus_client's multiprocess files in a private directory;
  the supervisor serves their sum on the metrics port, plus per-worker CPU, memory,
  readiness and restarts.
* A worker whose supervisor vanished (SIGKILL) sees its control socket close and stops
  at once.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from types import FrameType
from typing import Any

from service.config import Settings
from service.datadir import DataDirLock
from service.errors import ConfigurationError, ModelIntegrityError, ResourceInUse
from service.observability import configure_logging, log_event, process_usage
from service.review.audit import SYSTEM_ACTOR

log = logging.getLogger("grooming_risk.workers")

#: A worker that exits sooner than this after starting is failing; its restarts back off.
STABLE_AFTER_S = 10.0
RESTART_DELAY_S = (0.5, 30.0)
#: After the workers' own shutdown delay and grace period, how long the supervisor waits
#: for them before SIGKILL.
STOP_SLACK_S = 15.0

# Messages, supervisor -> worker: ("fleet", ready), ("hup",), ("reload", model_dir|None),
# ("stop",); worker -> supervisor: ("ready", ready), ("model_loaded", model_dir|None).


def reserve_port(host: str, port: int) -> tuple[list[socket.socket], int]:
    """Bind ``host:port`` with SO_REUSEPORT, never listening, on every address ``host``
    resolves to (port 0: a free one). Held while the fleet runs, so the port stays ours
    even while every worker restarts; a socket that does not listen takes no connections.
    """
    try:
        infos = socket.getaddrinfo(host.removeprefix("[").removesuffix("]"), port,
                                   type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        raise ConfigurationError(f"cannot listen on {host}:{port} (port): "
                                 f"{err.strerror}") from err
    held: list[socket.socket] = []
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        try:
            sock.bind((address[0], port, *address[2:]))
        except OSError as err:
            sock.close()
            if held and err.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                continue  # e.g. "localhost" without IPv6: the other family serves
            for other in held:
                other.close()
            if err.errno == errno.EADDRINUSE:
                raise ResourceInUse(f"port {port} on {host} is already in use") from err
            raise ConfigurationError(f"cannot listen on {host}:{port} (port): "
                                     f"{err.strerror}") from err
        port = int(sock.getsockname()[1])
        held.append(sock)
    return held, port


@dataclass
class Worker:
    """One running worker process, as the supervisor sees it."""

    index: int
    process: subprocess.Popen[bytes]
    conn: Connection
    started: float
    #: The readiness it last reported; None until its first report.
    ready: bool | None = None

    def send(self, message: tuple[Any, ...]) -> None:
        """Send a control message; a worker that just died is noticed by the main loop."""
        with contextlib.suppress(OSError):
            self.conn.send(message)


class FleetCollector:
    """Per-worker process metrics and the fleet's state, read when Prometheus scrapes."""

    def __init__(self, supervisor: Supervisor) -> None:
        self.supervisor = supervisor

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        sup = self.supervisor
        workers, restarts = sup.snapshot()
        size = GaugeMetricFamily("grooming_risk_workers",
                                 "Worker processes the supervisor runs (serve --workers)")
        size.add_metric([], sup.count)
        ready = GaugeMetricFamily("grooming_risk_workers_ready",
                                  "Worker processes that report themselves ready")
        ready.add_metric([], sum(1 for w in workers if w.ready))
        restarted = CounterMetricFamily("grooming_risk_worker_restarts",
                                        "Worker processes replaced after they exited",
                                        labels=["worker"])
        cpu = CounterMetricFamily("grooming_risk_worker_cpu_seconds",
                                  "CPU (user + system) of each live worker process",
                                  labels=["worker"])
        memory = GaugeMetricFamily("grooming_risk_worker_resident_memory_bytes",
                                   "Resident memory of each live worker process",
                                   labels=["worker"])
        for index, count in enumerate(restarts):
            restarted.add_metric([str(index)], count)
        for w in workers:
            usage = process_usage(w.process.pid)
            if usage is not None:
                cpu.add_metric([str(w.index)], usage[0])
                memory.add_metric([str(w.index)], usage[1])
        yield from (size, ready, restarted, cpu, memory)


class Supervisor:
    """Starts ``count`` workers, keeps them running and tells them about each other."""

    def __init__(self, settings: Settings, count: int, lock: DataDirLock | None,
                 metrics_dir: Path, worker_settings: Settings) -> None:
        self.settings = settings
        self.count = count
        self.lock = lock
        self.metrics_dir = metrics_dir
        self.worker_settings = worker_settings
        self.workers: dict[int, Worker] = {}
        self.restarts = [0] * count
        self._quick_exits = [0] * count
        self._due: dict[int, float] = {}  # worker index -> when to start its replacement
        self._state_lock = threading.Lock()  # the metrics thread reads workers/restarts
        #: The folder a ReloadModel call loaded (None: the configured one).
        self.model_dir: str | None = None
        self.started = False  # every worker has reported ready once
        self.fleet_ready = False
        self.stopping = False
        self._stop_deadline = 0.0
        self.exit_code = 0
        self._signals: list[int] = []
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)

    def snapshot(self) -> tuple[list[Worker], list[int]]:
        """The live workers and the restart counts, consistent with each other."""
        with self._state_lock:
            return list(self.workers.values()), list(self.restarts)

    # -- processes ------------------------------------------------------------------

    def _spawn(self, index: int) -> None:
        parent, child = socket.socketpair()
        fds = [child.fileno()]
        lock_fd = -1
        if self.lock is not None:
            lock_fd = self.lock.fileno()
            fds.append(lock_fd)
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(self.metrics_dir)}
        command = [sys.executable, "-m", "service", "serve-worker",
                   "--control-fd", str(child.fileno()), "--lock-fd", str(lock_fd)]
        process = subprocess.Popen(command, pass_fds=fds, env=env)  # noqa: S603
        child.close()
        conn = Connection(parent.detach())
        worker = Worker(index, process, conn, time.monotonic())
        worker.send((self.worker_settings, index, self.model_dir))
        with self._state_lock:
            self.workers[index] = worker
        log_event(log, "worker_started", worker=index, pid=process.pid)

    def _exited(self, worker: Worker) -> None:
        from prometheus_client import multiprocess

        with self._state_lock:
            del self.workers[worker.index]
        worker.conn.close()
        try:
            code = worker.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # closed its socket but hangs: finish it
            worker.process.kill()
            code = worker.process.wait()
        # Its live gauges (model_info, backlog) must not outlive it; counters stay summed.
        multiprocess.mark_process_dead(  # type: ignore[no-untyped-call]
            worker.process.pid, str(self.metrics_dir))
        exit_level = logging.INFO if self.stopping and code == 0 else logging.WARNING
        log_event(log, "worker_exited", exit_level, worker=worker.index,
                  pid=worker.process.pid, exit_code=code)
        if self.stopping:
            return
        if not self.started:
            # It could not start (its own line on stderr says why): neither can the fleet.
            self.exit_code = code if code in (1, 2) else 1
            self._begin_stop("worker_failed_to_start")
            return
        quick = time.monotonic() - worker.started < STABLE_AFTER_S
        self._quick_exits[worker.index] = self._quick_exits[worker.index] + 1 if quick else 0
        first, most = RESTART_DELAY_S
        failures = self._quick_exits[worker.index]
        delay = 0.0 if not failures else min(most, first * 2 ** (failures - 1))
        with self._state_lock:
            self.restarts[worker.index] += 1
        self._due[worker.index] = time.monotonic() + delay
        log_event(log, "worker_restarting", logging.WARNING, worker=worker.index,
                  delay_s=delay, restarts=self.restarts[worker.index])
        self._follow_fleet()

    def _restart_due(self) -> None:
        now = time.monotonic()
        for index, when in list(self._due.items()):
            if when <= now and not self.stopping:
                del self._due[index]
                self._spawn(index)

    # -- messages -------------------------------------------------------------------

    def _message(self, worker: Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ready":
            worker.ready = bool(message[1])
            log_event(log, "worker_ready" if worker.ready else "worker_not_ready",
                      worker=worker.index, pid=worker.process.pid)
            if (not self.started and len(self.workers) == self.count
                    and all(w.ready for w in self.workers.values())):
                self.started = True
            self._follow_fleet()
            worker.send(("fleet", self.fleet_ready))  # a replacement learns where we stand
        elif kind == "model_loaded":
            self.model_dir = message[1]
            for other in self.workers.values():
                if other is not worker:
                    other.send(("reload", self.model_dir))
            log_event(log, "fleet_model_reload", workers=len(self.workers) - 1)

    def _follow_fleet(self) -> None:
        """Ready: every worker has been ready once, and none now says it is not (a
        replacement still starting takes no connections yet, so it does not count)."""
        ready = self.started and all(w.ready is not False for w in self.workers.values())
        if ready == self.fleet_ready:
            return
        self.fleet_ready = ready
        log_event(log, "fleet_health", logging.INFO if ready else logging.WARNING,
                  status="SERVING" if ready else "NOT_SERVING", workers=len(self.workers))
        for worker in self.workers.values():
            worker.send(("fleet", ready))

    # -- signals --------------------------------------------------------------------

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self._signals.append(signum)
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")

    def _handle_signals(self) -> None:
        while self._signals:
            signum = self._signals.pop(0)
            log_event(log, "signal", signal=signal.Signals(signum).name)
            if signum == signal.SIGHUP:
                self.model_dir = None  # every worker reloads the configured folder
                for worker in self.workers.values():
                    worker.send(("hup",))
            else:
                self._begin_stop("signal")

    def _begin_stop(self, reason: str) -> None:
        if self.stopping:
            return
        self.stopping = True
        s = self.settings
        self._stop_deadline = (time.monotonic() + s.shutdown_delay_s + s.grace_period_s
                               + STOP_SLACK_S)
        log_event(log, "draining", reason=reason, workers=len(self.workers))
        for worker in self.workers.values():
            worker.send(("stop",))

    # -- the loop -------------------------------------------------------------------

    def run(self) -> int:
        """Start the workers and supervise them until they have all stopped."""
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        for index in range(self.count):
            self._spawn(index)
        while self.workers or (self._due and not self.stopping):
            now = time.monotonic()
            timeout = 1.0
            if self._due:
                timeout = max(0.0, min(min(self._due.values()) - now, timeout))
            by_conn = {w.conn: w for w in self.workers.values()}
            ready = wait([*by_conn, self._wake_r], timeout)
            if self._wake_r in ready:
                try:
                    while self._wake_r.recv(64):
                        pass
                except BlockingIOError:
                    pass
            self._handle_signals()
            for conn in ready:
                worker = by_conn.get(conn)  # type: ignore[call-overload]
                if worker is None or worker.index not in self.workers:
                    continue
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    self._exited(worker)
                    continue
                self._message(worker, message)
            self._restart_due()
            if self.stopping and time.monotonic() > self._stop_deadline:
                for worker in self.workers.values():
                    log_event(log, "worker_killed", logging.ERROR, worker=worker.index,
                              pid=worker.process.pid)
                    worker.process.kill()
                self._stop_deadline = float("inf")
        return self.exit_code

    def close(self) -> None:
        """Close the wake-up socket pair."""
        self._wake_r.close()
        self._wake_w.close()


def supervise(settings: Settings) -> int:
    """Run ``settings.worker_processes`` workers on one port until SIGTERM or SIGINT."""
    from service.clock import SystemClock
    from service.server import check_port_free, open_store, preflight

    count = settings.worker_processes
    preflight(settings)
    if settings.metrics_port:
        check_port_free(settings.metrics_host, settings.metrics_port, "metrics_port")
    held, port = reserve_port(settings.host, settings.port)
    lock = None
    metrics_dir: Path | None = None
    http: Any = None
    try:
        if not settings.database_url:
            lock = DataDirLock.acquire(settings.data_dir)
        # Once, before any worker: migrations (workers then only check the version) and
        # the start-up purge.
        store = open_store(settings)
        try:
            before, now = getattr(store, "schema_versions", (0, 0))
            if before != now:
                log_event(log, "schema_migrated", from_version=before, to_version=now)
            log_event(log, "retention_purge", purged=store.purge_expired(SystemClock().now()))
        finally:
            store.close()
        metrics_dir = Path(tempfile.mkdtemp(prefix="grooming-risk-metrics-"))
        worker_settings = settings.model_copy(update={
            "port": port, "metrics_port": 0, "migrate_on_start": False, "workers": 1})
        supervisor = Supervisor(settings, count, lock, metrics_dir, worker_settings)
        if settings.metrics_port:
            http = _serve_metrics(settings, supervisor, metrics_dir)
        log_event(log, "workers_starting", workers=count, port=port, metrics_dir=str(metrics_dir))
        try:
            code = supervisor.run()
        finally:
            supervisor.close()
        log_event(log, "stopped", workers=count)
        return code
    finally:
        if http is not None:
            http.shutdown()
            http.server_close()
        for sock in held:
            sock.close()
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
        if lock is not None:
            lock.release()


def _serve_metrics(settings: Settings, supervisor: Supervisor, metrics_dir: Path) -> Any:
    """The one metrics endpoint: the workers' metrics summed, plus the fleet's."""
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(metrics_dir))  # type: ignore[no-untyped-call]
    registry.register(FleetCollector(supervisor))  # type: ignore[arg-type]
    try:
        server, _thread = start_http_server(settings.metrics_port, addr=settings.metrics_host,
                                            registry=registry)
    except OSError as err:  # taken since the check
        raise ResourceInUse(f"metrics_port {settings.metrics_port} on "
                            f"{settings.metrics_host} cannot be bound") from err
    log_event(log, "metrics", port=int(server.server_port))
    return server


# -- the worker side -------------------------------------------------------------------


def run_worker(control_fd: int, lock_fd: int) -> int:
    """A worker process: serve on the shared port until told to stop (or orphaned)."""
    from service.server import build_server, freeze_startup_heap, handle_signals

    conn = Connection(control_fd)
    settings, index, model_dir = conn.recv()
    configure_logging(settings.log_level, worker=index)
    send_lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        # OSError: the supervisor is gone; the control thread stops us.
        with send_lock, contextlib.suppress(OSError):
            conn.send(message)

    lock = DataDirLock.inherited(lock_fd, settings.data_dir) if lock_fd >= 0 else None
    try:
        app = build_server(settings, data_dir_lock=lock, reuse_port=True)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    app.fleet_ready = False  # until the supervisor says every worker is ready
    app.purges = index == 0  # the supervisor purged at start-up; one worker does it after
    app.on_readiness = lambda ready: send(("ready", ready))
    app.admin.on_reload_call = lambda d: send(("model_loaded", None if d is None else str(d)))
    if model_dir is not None:  # a replacement joins a fleet that a ReloadModel moved on
        _reload(app, Path(model_dir))
    done = threading.Event()
    handle_signals(app, done)
    freeze_startup_heap()
    app.start()
    threading.Thread(target=_follow_supervisor, args=(app, conn, done), daemon=True,
                     name="supervisor").start()
    done.wait()
    return 0


def _reload(app: Any, model_dir: Path | None) -> None:
    """Load the model folder the fleet moved to; a refusal keeps the current model."""
    try:
        app.admin.reload(model_dir, SYSTEM_ACTOR)
    except ModelIntegrityError:
        pass  # logged (model_reload_refused) and counted by the reload itself
    except Exception:
        log.exception("model reload failed")


def _follow_supervisor(app: Any, conn: Connection, done: threading.Event) -> None:
    """Act on the supervisor's messages; stop at once if it disappears."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            if not app.stopping.is_set():
                log_event(log, "supervisor_gone", logging.ERROR)
                app.stop(0)
            done.set()
            return
        kind = message[0]
        if kind == "fleet":
            app.fleet_ready = bool(message[1])
            app.follow_readiness()
        elif kind == "hup":
            threading.Thread(target=app.reload_from_signal, daemon=True).start()
        elif kind == "reload":
            model_dir = message[1]
            threading.Thread(target=_reload, args=(app, None if model_dir is None
                                                   else Path(model_dir)), daemon=True).start()
        elif kind == "stop":
            def stop() -> None:
                app.stop()
                done.set()

            threading.Thread(target=stop, daemon=True).start()
