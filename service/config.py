"""One frozen settings object, read from ``GROOMING_RISK_*`` environment variables and CLI flags.

Every field has a docstring; ``grooming-risk serve --help`` and the README's settings
table are built from them. Invalid settings stop the service at start-up.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.review.retention import MAX_RETENTION_DAYS
from service.scoring.conversation import AgeSource

_PACKAGE_MODELS = Path(__file__).resolve().parent.parent / "models" / "default"


def default_model_dir() -> Path:
    """The shipped model: next to the package in a checkout, else ``./models/default``."""
    return _PACKAGE_MODELS if _PACKAGE_MODELS.is_dir() else Path("models/default")


class Settings(BaseSettings):
    """All configuration of a grooming-risk server."""

    model_config = SettingsConfigDict(
        env_prefix="GROOMING_RISK_", frozen=True, use_attribute_docstrings=True, extra="forbid"
    )

    # --- transport -----------------------------------------------------------------
    host: str = "127.0.0.1"
    """Address to bind the gRPC server to."""
    port: int = Field(50051, ge=0, le=65535)
    """gRPC port; 0 picks a free port (tests)."""
    metrics_port: int = Field(9464, ge=0, le=65535)
    """Prometheus metrics HTTP port; 0 disables the endpoint."""
    metrics_host: str = "127.0.0.1"
    """Address of the metrics endpoint."""
    health_port: int = Field(0, ge=0, le=65535)
    """Plaintext port with only grpc.health.v1, for probes without TLS (Kubernetes); 0 = off."""
    workers: int = Field(0, ge=0, le=256)
    """Server processes on the port (SO_REUSEPORT); 0: one per core on PostgreSQL, 1 on SQLite."""
    threads: int = Field(8, ge=1, le=256)
    """gRPC handler threads in each server process (streams hold one each)."""
    scoring_threads: int = Field(2, ge=1, le=256)
    """Threads of the unary ScoreConversation pool (scoring holds the GIL; use workers)."""
    max_concurrent_rpcs: int = Field(256, ge=1)
    """RPCs admitted at once; beyond this the server answers RESOURCE_EXHAUSTED at once."""
    max_message_bytes: int = Field(8 * 1024 * 1024, ge=1024)
    """Largest gRPC message accepted or sent, in bytes."""
    max_concurrent_streams: int = Field(100, ge=1)
    """HTTP/2 streams per connection."""
    shutdown_delay_s: float = Field(1.0, ge=0)
    """On SIGTERM: seconds between reporting NOT_SERVING and refusing new calls."""
    grace_period_s: float = Field(10.0, ge=0)
    """On SIGTERM: how long in-flight RPCs may take to finish."""

    # --- security --------------------------------------------------------------------
    tls_cert: Path | None = None
    """PEM server certificate; with ``tls_key`` enables TLS."""
    tls_key: Path | None = None
    """PEM private key of ``tls_cert``."""
    tls_client_ca: Path | None = None
    """PEM CA bundle; when set, clients must present a certificate it signed (mTLS)."""
    insecure: bool = False
    """Allow plaintext on a non-loopback address (never do this in production)."""
    credentials_file: Path | None = None
    """JSON file of hashed bearer tokens and their roles; unset disables authentication."""
    rate_limit_per_s: float = Field(0.0, ge=0)
    """Sustained requests per second per client (0 = unlimited)."""
    rate_limit_burst: int = Field(200, ge=1)
    """Requests a client may send in a burst above the sustained rate."""

    # --- storage -----------------------------------------------------------------------
    data_dir: Path = Path("var")
    """Directory of the SQLite case store."""
    database_url: str | None = None
    """PostgreSQL URL (``postgresql://...``) for several replicas; default is SQLite."""
    database_pool_min: int = Field(1, ge=1)
    """PostgreSQL connections each replica keeps open."""
    database_pool_max: int = Field(10, ge=2)
    """Most PostgreSQL connections one replica opens (size the server's max_connections)."""
    database_pool_timeout_s: float = Field(5.0, gt=0)
    """How long a call waits for a free PostgreSQL connection before UNAVAILABLE."""
    database_statement_timeout_s: float = Field(10.0, gt=0)
    """PostgreSQL statement_timeout: longer statements are cancelled (UNAVAILABLE)."""
    migrate_on_start: bool = True
    """Apply pending schema migrations at start-up; off when a job runs ``db upgrade``."""

    # --- model and policy ------------------------------------------------------------
    model_dir: Path = Field(default_factory=default_model_dir)
    """Folder of the model to serve (model.onnx, vocabulary.json, manifest.json)."""
    threshold: float | None = Field(None, gt=0, lt=1)
    """Override the model's operating threshold (recorded with every case)."""
    batch_max: int = Field(64, ge=1, le=4096)
    """Most conversations scored in one model run (requests are batched adaptively)."""
    queue_max: int = Field(512, ge=1)
    """Flags waiting for the store (and calls waiting for a batch); more are shed (UNAVAILABLE)."""
    max_messages: int = Field(1000, ge=1)
    """Messages per conversation."""
    max_chars_per_message: int = Field(4096, ge=1)
    """Characters per message."""
    max_participants: int = Field(50, ge=2)
    """Participants per conversation."""
    minor_peer_gap_years: int = Field(3, ge=0, le=20)
    """Known minors whose ages lie within this gap are peers: not scanned."""
    trusted_age_sources: frozenset[AgeSource] = frozenset(
        {AgeSource.DECLARED, AgeSource.ESTIMATED, AgeSource.VERIFIED}
    )
    """Age sources the gate treats as known (others count as unknown and are scanned)."""

    # --- review, retention, compliance -------------------------------------------------
    retention_open_days: int = Field(30, ge=1)
    """Days an unreviewed (open or in-review) case is kept."""
    retention_confirmed_days: int = Field(90, ge=1)
    """Days a confirmed case is kept after the decision."""
    retention_reported_days: int = Field(90, ge=1)
    """Days a reported case is kept after the report."""
    purge_interval_s: float = Field(3600.0, gt=0)
    """How often the retention purge runs (it also runs at start-up)."""
    review_lease_s: float = Field(900.0, gt=0)
    """Default lease of a claimed case; an abandoned claim expires after it."""
    report_recipients: tuple[str, ...] = ("ncmec", "eu-centre")
    """Organisations confirmed cases may be reported to."""
    counters_flush_s: float = Field(1.0, gt=0)
    """How often in-memory scoring counters are written to the store."""
    backlog_refresh_s: float = Field(15.0, gt=0)
    """How often the backlog gauges (cases per status, oldest unreviewed case) are refreshed."""
    legal_basis: str | None = None
    """Name of the legal basis for scanning (e.g. 'Regulation (EU) 2021/1232')."""
    legal_basis_valid_until: dt.date | None = None
    """Last day the legal basis applies; scoring is refused after it."""
    legal_basis_warning_days: int = Field(30, ge=0)
    """Days before ``legal_basis_valid_until`` from which the service warns."""

    # --- reviewer console (grooming-risk console) ----------------------------------------
    console_host: str = "127.0.0.1"
    """Address the reviewer console's HTTP server binds to."""
    console_port: int = Field(8080, ge=0, le=65535)
    """Reviewer console HTTP port; 0 picks a free port (tests)."""
    console_tls_cert: Path | None = None
    """PEM certificate of the console; with ``console_tls_key`` it serves HTTPS."""
    console_tls_key: Path | None = None
    """PEM private key of ``console_tls_cert``."""
    console_target: str | None = None
    """gRPC server the console calls (HOST:PORT); unset means this server's host and port."""
    console_target_ca: Path | None = None
    """PEM CA the console trusts for TLS to ``console_target``; unset means plaintext."""
    console_target_cert: Path | None = None
    """PEM client certificate the console presents when the server requires mTLS."""
    console_target_key: Path | None = None
    """PEM private key of ``console_target_cert``."""
    console_session_idle_s: float = Field(900.0, gt=0, le=86400)
    """A console session ends after this many seconds without a request."""
    moderation_url_template: str | None = None
    """URL of a message in the platform's moderation tool ({conversation_id}, {message_id})."""

    log_level: str = "INFO"
    """Python log level of the JSON logs."""

    @field_validator("retention_open_days", "retention_confirmed_days", "retention_reported_days")
    @classmethod
    def _retention_cap(cls, value: int) -> int:
        if value > MAX_RETENTION_DAYS:
            raise ValueError(f"retention above {MAX_RETENTION_DAYS} days is not allowed")
        return value

    @model_validator(mode="after")
    def _tls_pairs(self) -> Settings:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("tls_cert and tls_key go together")
        if self.tls_client_ca is not None and self.tls_cert is None:
            raise ValueError("tls_client_ca needs tls_cert and tls_key")
        return self

    @model_validator(mode="after")
    def _console_pairs(self) -> Settings:
        if (self.console_tls_cert is None) != (self.console_tls_key is None):
            raise ValueError("console_tls_cert and console_tls_key go together")
        if (self.console_target_cert is None) != (self.console_target_key is None):
            raise ValueError("console_target_cert and console_target_key go together")
        if self.console_target_cert is not None and self.console_target_ca is None:
            raise ValueError("console_target_cert needs console_target_ca (mTLS runs over TLS)")
        return self

    @field_validator("moderation_url_template")
    @classmethod
    def _moderation_link(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from service.console.links import check_template

        check_template(value)
        return value

    @model_validator(mode="after")
    def _pool_bounds(self) -> Settings:
        if self.database_pool_min > self.database_pool_max:
            raise ValueError("database_pool_min must not exceed database_pool_max")
        return self

    @property
    def tls_enabled(self) -> bool:
        """Whether the gRPC port speaks TLS."""
        return self.tls_cert is not None

    @property
    def worker_processes(self) -> int:
        """How many server processes ``serve`` runs: ``workers``, or its automatic value.

        Automatic is one per usable core with PostgreSQL, which is built for many writers.
        With SQLite it is 1: every write of every process queues on one file lock, and
        the erasure after a dismissal (VACUUM, then a WAL checkpoint that truncates) waits
        for every other connection to finish reading, so more processes delay erasure.
        Several SQLite workers are safe (WAL, busy timeout) when asked for explicitly.
        """
        if self.workers:
            return self.workers
        return usable_cores() if self.database_url else 1


def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity, capped by a cgroup CPU quota.

    A container limited to 2 CPUs on a 64-core host sees all 64 in its affinity mask;
    cgroup v2's ``cpu.max`` holds the quota that actually applies.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return max(cores, 1)
    if quota != "max" and int(period) > 0:
        cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    return max(cores, 1)


def env_var(name: str) -> str:
    """The environment variable of setting ``name``."""
    return f"GROOMING_RISK_{name.upper()}"


def default_text(name: str) -> str:
    """The default of setting ``name`` as ``serve --help`` and the README show it."""
    field = Settings.model_fields[name]
    if field.default_factory is not None:
        return "models/default"  # the only factory: the shipped model, wherever it lies
    default: Any = field.default
    if isinstance(default, frozenset):
        return ",".join(sorted(x.value for x in default))
    if isinstance(default, tuple):
        return ",".join(default)
    return str(default)
