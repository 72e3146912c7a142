"""Builds and runs the gRPC server: servicers, health, reflection, interceptors, shutdown.

Nothing happens at import time. :func:`build_server` wires dependencies from a
:class:`Settings`; :func:`serve` runs until SIGTERM/SIGINT and shuts down gracefully:
health NOT_SERVING first, then drain in-flight RPCs, then flush counters and close.
"""

from __future__ import annotations

import errno
import gc
import ipaddress
import logging
import signal
import socket
import ssl
import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import FrameType

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from service.api.grooming_risk.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    review_pb2,
    review_pb2_grpc,
)
from service.auth import CredentialsFile
from service.clock import Clock, SystemClock
from service.config import Settings
from service.datadir import DataDirLock
from service.errors import ConfigurationError, ModelIntegrityError, ResourceInUse
from service.interceptors.access import AccessInterceptor
from service.interceptors.auth import AuthInterceptor, TokenBuckets
from service.interceptors.errors import ErrorInterceptor
from service.observability import Metrics, configure_logging, log_event
from service.review.retention import RetentionPolicy
from service.review.store import CaseStore
from service.scoring.conversation import Limits
from service.scoring.engine import RiskScorer
from service.scoring.model import ScoringModel
from service.scoring.policy import PolicyGate
from service.screening import LegalBasis, Screening
from service.servicers.admin import AdminServicer
from service.servicers.review import ReviewServicer
from service.servicers.scoring import SERVICE as SCORING
from service.servicers.scoring import ScoringServicer

log = logging.getLogger("grooming_risk.server")

REVIEW = review_pb2.DESCRIPTOR.services_by_name["ReviewService"].full_name
ADMIN = admin_pb2.DESCRIPTOR.services_by_name["AdminService"].full_name
SERVICES = (SCORING, REVIEW, ADMIN)


def open_store(settings: Settings) -> CaseStore:
    """The case store the settings name: PostgreSQL when a URL is set, else SQLite.

    Opening it applies pending schema migrations (``migrate_on_start``) and refuses a
    database newer than this code (``SchemaMismatch``: one line, exit 2 from serve).
    """
    retention = RetentionPolicy(
        unreviewed_days=settings.retention_open_days,
        confirmed_days=settings.retention_confirmed_days,
        reported_days=settings.retention_reported_days,
    )
    if settings.database_url:
        from service.review.postgres_store import PostgresCaseStore

        return PostgresCaseStore(
            settings.database_url, recipients=settings.report_recipients, retention=retention,
            pool_min=settings.database_pool_min, pool_max=settings.database_pool_max,
            pool_timeout=timedelta(seconds=settings.database_pool_timeout_s),
            statement_timeout=timedelta(seconds=settings.database_statement_timeout_s),
            upgrade_schema=settings.migrate_on_start,
        )
    from service.review.sqlite_store import SqliteCaseStore

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteCaseStore(
        settings.data_dir / "review.sqlite3", recipients=settings.report_recipients,
        retention=retention, upgrade_schema=settings.migrate_on_start,
    )


def make_scorer(settings: Settings, model_dir: Path | None = None) -> RiskScorer:
    """Load and verify a model and wrap it with the configured policy gate."""
    model = ScoringModel.load(model_dir or settings.model_dir)
    gate = PolicyGate(settings.minor_peer_gap_years, settings.trusted_age_sources)
    return RiskScorer(model, gate, threshold=settings.threshold)


@dataclass
class App:
    """A built (not yet started) server and everything it owns."""

    settings: Settings
    server: grpc.Server
    port: int
    health: health.HealthServicer
    screening: Screening
    store: CaseStore
    metrics: Metrics
    clock: Clock
    admin: AdminServicer
    scoring: ScoringServicer
    stopping: threading.Event = field(default_factory=threading.Event)
    _stopped: threading.Event = field(default_factory=threading.Event)
    _housekeeping: threading.Thread | None = None
    data_dir_lock: DataDirLock | None = None
    auth: AuthInterceptor | None = None
    credentials_file: CredentialsFile | None = None
    health_server: grpc.Server | None = None
    _scoring_allowed: bool | None = None
    _health_lock: threading.Lock = field(default_factory=threading.Lock)
    #: Under ``serve --workers N``: whether every worker of the fleet is ready (the
    #: supervisor says so); "" and ScoringService report SERVING only then.
    fleet_ready: bool = True
    #: Called with this process's own readiness whenever it changes (a worker tells
    #: its supervisor).
    on_readiness: Callable[[bool], None] | None = None
    _reported_ready: bool | None = None
    #: Whether this process runs the periodic retention purge (one worker of a fleet).
    purges: bool = True

    def start(self) -> None:
        """Start serving, then report SERVING (ScoringService only with a verified model)."""
        self.server.start()
        if self.health_server is not None:
            self.health_server.start()
        for name in (REVIEW, ADMIN):
            self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        self.follow_readiness()
        self.refresh_backlog()
        self._housekeeping = threading.Thread(
            target=self._housekeep, name="housekeeping", daemon=True
        )
        self._housekeeping.start()
        self._record_startup()
        log_event(log, "serving", port=self.port, model_version=self._model_version(),
                  tls=self.settings.tls_enabled)

    def _model_version(self) -> str:
        scorer = self.screening.scorer
        return scorer.model.version if scorer is not None else ""

    def _record_startup(self) -> None:
        """Audit the configuration in force, and say where the legal basis stands."""
        s = self.settings
        scorer = self.screening.scorer
        legal = self.screening.legal_basis
        details = {
            "model_version": scorer.model.version if scorer is not None else "none",
            "threshold": f"{scorer.threshold:.6g}" if scorer is not None else "none",
            "retention_open_days": str(s.retention_open_days),
            "retention_confirmed_days": str(s.retention_confirmed_days),
            "retention_reported_days": str(s.retention_reported_days),
            "minor_peer_gap_years": str(s.minor_peer_gap_years),
            "legal_basis_valid_until": (legal.valid_until.isoformat() if legal.valid_until
                                        else "unset"),
        }
        self.store.append_audit("system", "config.startup", subject_ref="",
                                reason_code="startup", details=details, now=self.clock.now())
        if legal.valid_until is None:
            log_event(log, "legal_basis_not_configured", logging.WARNING,
                      hint="set GROOMING_RISK_LEGAL_BASIS_VALID_UNTIL")
        self.check_legal_basis()

    def follow_readiness(self) -> None:
        """Report health for "" and ScoringService by whether scoring is allowed now.

        Scoring needs a verified model and a legal basis in force; without either every
        score call fails, so load balancers must stop sending them. ReviewService and
        AdminService stay SERVING: reviewers still work the open cases, and an admin can
        reload a model.
        """
        in_force = self.screening.legal_basis.allows(self.clock.now().date())
        has_model = self.screening.scorer is not None
        ready = in_force and has_model
        with self._health_lock:
            if self.on_readiness is not None and ready != self._reported_ready:
                self._reported_ready = ready
                self.on_readiness(ready)
            allowed = ready and self.fleet_ready
            if allowed == self._scoring_allowed:
                return  # every set() notifies watchers; only send changes
            self._scoring_allowed = allowed
            status = (health_pb2.HealthCheckResponse.SERVING if allowed
                      else health_pb2.HealthCheckResponse.NOT_SERVING)
            for name in ("", SCORING):
                self.health.set(name, status)
        # A worker waiting for the fleet is not an error: the others are still starting.
        level = logging.INFO if allowed or ready else logging.ERROR
        log_event(log, "scoring_health", level,
                  status="SERVING" if allowed else "NOT_SERVING",
                  reason=("ready" if allowed else "no_model" if not has_model
                          else "legal_basis_lapsed" if not in_force
                          else "waiting_for_workers"))

    def check_legal_basis(self) -> None:
        """Export days left, warn during the last ``legal_basis_warning_days``, follow health."""
        self.follow_readiness()
        legal = self.screening.legal_basis
        left = legal.days_left(self.clock.now().date())
        if left is None:
            return
        self.metrics.set_legal_basis_days_left(left)
        if left < 0:
            log_event(log, "legal_basis_lapsed", logging.ERROR, days_ago=-left)
        elif left <= legal.warning_days:
            log_event(log, "legal_basis_expiring", logging.WARNING, days_left=left)

    def _housekeep(self) -> None:
        """Flush counters often; purge expired cases, check the legal basis and refresh the
        backlog gauges now and then."""
        s = self.settings
        next_purge = 0.0
        next_backlog = s.backlog_refresh_s  # start() refreshed it
        elapsed = 0.0
        while not self.stopping.wait(s.counters_flush_s):
            elapsed += s.counters_flush_s
            now = self.clock.now()
            self.follow_readiness()  # cheap; the lapse must show in health within a tick
            if self.credentials_file is not None and self.credentials_file.changed():
                self.reload_credentials("file_changed")
            self.screening.counters.flush(self.store, now)
            if elapsed >= next_purge:
                next_purge = elapsed + s.purge_interval_s
                if self.purges:
                    self.purge()
                self.check_legal_basis()
            if elapsed >= next_backlog:
                next_backlog = elapsed + s.backlog_refresh_s
                self.refresh_backlog()

    def reload_credentials(self, trigger: str) -> bool:
        """Re-read the credentials file (on SIGHUP, or when it changed on disk).

        A file the server would refuse at start-up is refused here too, and the clients
        already loaded keep working: a typo must not lock everyone out.
        """
        if self.credentials_file is None or self.auth is None:
            return False
        try:
            credentials = self.credentials_file.reload()
        except ConfigurationError as err:
            log_event(log, "credentials_reload_refused", logging.ERROR, trigger=trigger,
                      problem=str(err))
            return False
        self.auth.credentials = credentials
        log_event(log, "credentials_reloaded", trigger=trigger, clients=len(credentials))
        try:
            self.store.append_audit("system", "credentials.reloaded", subject_ref="",
                                    reason_code=trigger,
                                    details={"clients": str(len(credentials))},
                                    now=self.clock.now())
        except Exception:
            log.exception("could not audit a credentials reload")
        return True

    def reload_from_signal(self) -> None:
        """SIGHUP: re-read the credentials file and reload the configured model folder."""
        self.reload_credentials("signal")
        self.admin.reload_from_signal()

    def refresh_backlog(self) -> None:
        """Set the backlog gauges from the store (counts and one timestamp: no content)."""
        try:
            backlog = self.store.backlog()
        except Exception:
            log.exception("backlog refresh failed")  # the gauges keep their last values
            return
        self.metrics.set_backlog({status.value: n for status, n in backlog.cases.items()},
                                 backlog.oldest_unreviewed_age_s(self.clock.now()))

    def purge(self) -> int:
        """Run the retention purge once."""
        try:
            n = self.store.purge_expired(self.clock.now())
        except Exception:
            log.exception("retention purge failed")
            return 0
        log_event(log, "retention_purge", purged=n)
        return n

    def stop(self, grace: float | None = None) -> None:
        """Graceful shutdown: NOT_SERVING, drain, flush counters, close the store.

        A second call (a second signal, or a worker's supervisor asking too) waits for
        the first to finish: returning early would let the process exit mid-drain.
        """
        if self.stopping.is_set():
            self._stopped.wait(self.settings.shutdown_delay_s + self.settings.grace_period_s
                               + 30.0)
            return
        self.stopping.set()
        self.health.enter_graceful_shutdown()
        if grace is None and self.settings.shutdown_delay_s:
            # Give load balancers watching health a moment to stop sending new calls.
            time.sleep(self.settings.shutdown_delay_s)
        log_event(log, "draining", grace_s=self.settings.grace_period_s if grace is None else grace)
        grace_s = self.settings.grace_period_s if grace is None else grace
        # Bounded: a call gRPC never finishes must not keep SIGTERM from completing.
        self.server.stop(grace_s).wait(grace_s + 5.0)
        if self.health_server is not None:  # probes saw NOT_SERVING until the drain ended
            self.health_server.stop(0).wait(5.0)
        self.scoring.close()
        self.screening.close()  # the flags still queued reach the store before it closes
        if self._housekeeping is not None:
            self._housekeeping.join(timeout=5)
        self.screening.counters.flush(self.store, self.clock.now())
        self.store.close()
        self.metrics.close()
        if self.data_dir_lock is not None:
            self.data_dir_lock.release()
        log_event(log, "stopped")
        self._stopped.set()  # (a failed stop ends the waits by their bound)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address: "localhost" itself or a literal loopback IP.

    Other names are not resolved: DNS may answer differently by the time gRPC binds, and a
    name like ``localhost.example.com`` can point anywhere.
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False


def _check_transport(settings: Settings) -> None:
    """Plaintext only on loopback, unless explicitly allowed (and then loudly)."""
    if settings.tls_enabled:
        return
    if is_loopback(settings.host):
        return
    if not settings.insecure:
        raise ConfigurationError(
            f"refusing plaintext gRPC on {settings.host}: configure tls_cert/tls_key "
            "(and tls_client_ca for mTLS), bind to loopback, or pass --insecure"
        )
    log_event(log, "insecure_transport", logging.WARNING, host=settings.host,
              hint="plaintext gRPC on a non-loopback address; use TLS in production")


def _read_pem(setting: str, path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise ConfigurationError(f"{setting} {path}: {err.strerror or err}") from err


def _server_credentials(settings: Settings) -> grpc.ServerCredentials | None:
    """TLS credentials, checked here: gRPC would only say "Failed to bind" about a bad pair."""
    if not settings.tls_enabled:
        return None
    assert settings.tls_cert is not None and settings.tls_key is not None
    key = _read_pem("tls_key", settings.tls_key)
    cert = _read_pem("tls_cert", settings.tls_cert)
    ca = (_read_pem("tls_client_ca", settings.tls_client_ca) if settings.tls_client_ca
          else None)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(settings.tls_cert, settings.tls_key)
    except ssl.SSLError as err:
        problem = ("does not match tls_cert " + str(settings.tls_cert)
                   if "KEY_VALUES_MISMATCH" in str(err) else "is not a PEM certificate and key")
        raise ConfigurationError(f"tls_key {settings.tls_key} {problem}") from err
    if settings.tls_client_ca is not None:
        try:
            context.load_verify_locations(settings.tls_client_ca)
        except ssl.SSLError as err:
            raise ConfigurationError(
                f"tls_client_ca {settings.tls_client_ca} is not a PEM CA bundle") from err
    return grpc.ssl_server_credentials(
        [(key, cert)], root_certificates=ca, require_client_auth=ca is not None
    )


def check_port_free(host: str, port: int, setting: str) -> None:
    """Raise :class:`ResourceInUse` naming ``setting`` and the port if it is taken.

    Checked before gRPC or the metrics server bind: their own failure is a traceback,
    and gRPC's does not name the port.
    """
    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host.removeprefix("[").removesuffix("]"), port,
                                   type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        raise ConfigurationError(f"cannot listen on {host}:{port} ({setting}): "
                                 f"{err.strerror}") from err
    for family, kind, proto, _name, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gRPC does
            try:
                probe.bind(address)
            except OSError as err:
                if err.errno == errno.EADDRINUSE:
                    raise ResourceInUse(
                        f"{setting} {port} on {host} is already in use") from err
                raise ConfigurationError(f"cannot listen on {host}:{port} ({setting}): "
                                         f"{err.strerror}") from err


def _model_facts(scorer: RiskScorer | None) -> dict[str, dict[str, object]]:
    """What the transparency report says about the technology: threshold and test metrics."""
    if scorer is None:
        return {}
    test = scorer.model.manifest.get("metrics", {}).get("test", {})
    facts: dict[str, object] = {}  # the threshold has its own column in the report
    for key in ("precision", "recall", "f0_5", "pr_auc", "false_positive_rate"):
        if key in test:
            facts[f"test_{key}"] = test[key]
    return {scorer.model.version: facts}


def preflight(settings: Settings, *, port_shared: bool = False) -> grpc.ServerCredentials | None:
    """Operator mistakes first, before the data dir or any file in it is created: the
    transport, the TLS files and (unless a fleet shares it) the port. Returns the TLS
    credentials, if any."""
    _check_transport(settings)
    creds = _server_credentials(settings)
    if not port_shared:
        check_port_free(settings.host, settings.port, "port")
        if settings.health_port:
            check_port_free(settings.host, settings.health_port, "health_port")
    return creds


def build_server(
    settings: Settings, *, clock: Clock | None = None, store: CaseStore | None = None,
    data_dir_lock: DataDirLock | None = None, reuse_port: bool = False,
) -> App:
    """Wire a server from settings. Loads and verifies the model; raises if it is bad.

    A worker of ``serve --workers N`` passes the ``data_dir_lock`` its supervisor holds
    and ``reuse_port``: it binds the port its siblings listen on (SO_REUSEPORT).
    """
    clock = clock or SystemClock()
    creds = preflight(settings, port_shared=reuse_port)
    metrics = Metrics()
    scorer = _startup_scorer(settings)
    lock = data_dir_lock
    opened = store is None
    # PostgreSQL serves several replicas; a worker shares its supervisor's lock.
    if store is None and not settings.database_url and lock is None:
        lock = DataDirLock.acquire(settings.data_dir)
    try:
        if store is None:
            store = open_store(settings)
            before, now = getattr(store, "schema_versions", (0, 0))
            if before != now:
                log_event(log, "schema_migrated", from_version=before, to_version=now)
        return _wire(settings, clock, metrics, scorer, store, lock, creds, reuse_port)
    except BaseException:
        if opened and store is not None:
            store.close()
        if lock is not None:
            lock.release()
        raise


def _startup_scorer(settings: Settings) -> RiskScorer | None:
    """The configured model, or None if it fails verification.

    The server then starts without it: ScoringService reports NOT_SERVING and refuses
    calls, reviewers keep working, and a reload of a good model makes it SERVING.
    """
    try:
        return make_scorer(settings)
    except ModelIntegrityError as err:
        log_event(log, "model_refused", logging.ERROR, setting="model_dir",
                  model_dir=str(settings.model_dir), reason=str(err))
        return None


def _wire(settings: Settings, clock: Clock, metrics: Metrics, scorer: RiskScorer | None,
          store: CaseStore, lock: DataDirLock | None,
          creds: grpc.ServerCredentials | None, reuse_port: bool = False) -> App:
    """Servicers, interceptors, health and reflection around an open store; binds the port."""
    legal = LegalBasis(settings.legal_basis, settings.legal_basis_valid_until,
                       settings.legal_basis_warning_days)
    screening = Screening(
        scorer, store, clock,
        Limits(settings.max_messages, settings.max_chars_per_message, settings.max_participants),
        legal,
        max_pending_cases=settings.queue_max,
    )
    if scorer is not None:
        metrics.set_model(scorer.model.version, scorer.threshold)
    credentials_file = (CredentialsFile(settings.credentials_file) if settings.credentials_file
                        else None)
    credentials = credentials_file.credentials if credentials_file else None
    buckets = (TokenBuckets(settings.rate_limit_per_s, settings.rate_limit_burst)
               if settings.rate_limit_per_s > 0 else None)

    def audit_auth_failure(reason: str, actor: str, method: str) -> None:
        try:
            store.append_audit(actor[:64], "auth.failed", subject_ref="", reason_code=reason,
                               details={"method": method.rsplit("/", 1)[-1][:64]},
                               now=clock.now())
        except Exception:
            log.exception("could not audit an authentication failure")

    auth = AuthInterceptor(credentials, metrics, buckets, audit_auth_failure)
    interceptors: list[grpc.ServerInterceptor] = [AccessInterceptor(metrics), ErrorInterceptor(),
                                                  auth]
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.threads, thread_name_prefix="rpc"),
        interceptors=interceptors,
        maximum_concurrent_rpcs=settings.max_concurrent_rpcs,
        options=[
            ("grpc.max_receive_message_length", settings.max_message_bytes),
            ("grpc.max_send_message_length", settings.max_message_bytes),
            ("grpc.max_concurrent_streams", settings.max_concurrent_streams),
            # Off for one process: a second server on the port must fail, not share it.
            ("grpc.so_reuseport", 1 if reuse_port else 0),
        ],
    )
    health_servicer = health.HealthServicer(experimental_non_blocking=True)
    for name in ("", *SERVICES):
        health_servicer.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    scoring = ScoringServicer(screening, metrics, settings.batch_max, settings.queue_max,
                              settings.scoring_threads)
    server.add_generic_rpc_handlers([scoring.handlers()])
    review_pb2_grpc.add_ReviewServiceServicer_to_server(
        ReviewServicer(store, clock, settings.review_lease_s, _model_facts(scorer)), server
    )
    admin = AdminServicer(screening, metrics, lambda d: make_scorer(settings, d), clock)
    admin_pb2_grpc.add_AdminServiceServicer_to_server(admin, server)
    reflection.enable_server_reflection(
        (*SERVICES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
         reflection.SERVICE_NAME),
        server,
    )
    address = f"{settings.host}:{settings.port}"
    try:
        port = (server.add_secure_port(address, creds) if creds
                else server.add_insecure_port(address))
    except RuntimeError as err:  # taken between the check above and now
        raise ResourceInUse(f"port {settings.port} on {settings.host} cannot be bound") from err
    if port == 0:  # older gRPC reports a failed bind this way
        raise ResourceInUse(f"port {settings.port} on {settings.host} cannot be bound")
    probes = (_health_port(settings, health_servicer, reuse_port) if settings.health_port
              else None)
    app = App(settings, server, port, health_servicer, screening, store, metrics, clock, admin,
              scoring, data_dir_lock=lock, auth=auth, credentials_file=credentials_file,
              health_server=probes)
    admin.on_loaded = app.follow_readiness  # a model loaded after a refused one: SERVING
    return app


class _HealthCheckOnly(health_pb2_grpc.HealthServicer):  # type: ignore[misc]
    """``Check`` from the main port's health servicer, and nothing else.

    A probe needs no ``Watch``: each watch stream would hold one of the probe port's few
    threads, so anyone who can reach the port could starve the probes.
    """

    def __init__(self, statuses: health.HealthServicer) -> None:
        self._statuses = statuses

    def Check(self, request: health_pb2.HealthCheckRequest,  # noqa: N802 - gRPC method name
              context: grpc.ServicerContext) -> health_pb2.HealthCheckResponse:
        """The status the main port reports for ``request.service``."""
        response: health_pb2.HealthCheckResponse = self._statuses.Check(request, context)
        return response


def _health_port(settings: Settings, statuses: health.HealthServicer,
                 reuse_port: bool = False) -> grpc.Server:
    """A plaintext server on ``health_port`` with health ``Check`` alone.

    Kubernetes gRPC probes cannot speak TLS. Health carries no content, so it may go in
    plaintext on any address; scoring, review and admin stay behind the main port's TLS.
    """
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="health"),
        maximum_concurrent_rpcs=8,
        options=[("grpc.so_reuseport", 1 if reuse_port else 0),
                 ("grpc.max_receive_message_length", 4096)],
    )
    health_pb2_grpc.add_HealthServicer_to_server(_HealthCheckOnly(statuses), server)
    where = f"health_port {settings.health_port} on {settings.host} cannot be bound"
    try:
        port = server.add_insecure_port(f"{settings.host}:{settings.health_port}")
    except RuntimeError as err:  # taken since check_port_free
        raise ResourceInUse(where) from err
    if port == 0:
        raise ResourceInUse(where)
    return server


def serve(settings: Settings) -> int:
    """Run a server until SIGTERM or SIGINT; SIGHUP reloads the credentials file and the
    model folder."""
    configure_logging(settings.log_level)
    if settings.metrics_port:
        check_port_free(settings.metrics_host, settings.metrics_port, "metrics_port")
    if settings.worker_processes > 1:
        from service.workers import supervise

        return supervise(settings)
    app = build_server(settings)
    if settings.metrics_port:
        try:
            bound = app.metrics.serve(settings.metrics_host, settings.metrics_port)
        except OSError as err:  # taken since the check above
            app.stop(0)
            raise ResourceInUse(f"metrics_port {settings.metrics_port} on "
                                f"{settings.metrics_host} cannot be bound") from err
        log_event(log, "metrics", port=bound)
    app.purge()
    done = threading.Event()
    handle_signals(app, done)
    freeze_startup_heap()
    app.start()
    done.wait()
    return 0


def freeze_startup_heap() -> None:
    """Move everything start-up built (modules, the model, gRPC, metrics) out of the cycle
    collector's reach (``gc.freeze``), once per serving process.

    Requests allocate many short-lived containers; each full collection then walked the
    whole start-up heap too. Frozen, it walks only what requests left behind: bulk
    batches went from ~4,000-4,300 to ~5,100-5,300 conversations/s, unary calls up 8-12%
    (same runs, alternating; benchmarks/README.md). Not in ``App.start``: a test process
    builds many apps, and frozen cyclic garbage of a stopped one would never be freed.
    """
    gc.collect()
    gc.freeze()


def handle_signals(app: App, done: threading.Event) -> None:
    """SIGTERM and SIGINT stop ``app`` gracefully, then set ``done``; SIGHUP reloads the
    credentials file and the model folder.

    Installed before ``app.start()``: a supervisor or a test that signals as soon as
    "serving" is logged must find the handlers, not SIGHUP's default action (exit).
    """

    def on_term(signum: int, _frame: FrameType | None) -> None:
        log_event(log, "signal", signal=signal.Signals(signum).name)
        def stop() -> None:
            app.stop()
            done.set()

        threading.Thread(target=stop, daemon=True).start()

    def on_hup(_signum: int, _frame: FrameType | None) -> None:
        threading.Thread(target=app.reload_from_signal, daemon=True).start()

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    signal.signal(signal.SIGHUP, on_hup)
