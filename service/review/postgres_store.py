"""The case store on PostgreSQL, for several service replicas sharing one database.

Same operations and semantics as the SQLite store (the SQL lives in
``store.py``); differences:

* concurrency: every write runs in a READ COMMITTED transaction that locks the
  rows it changes with ``SELECT ... FOR UPDATE`` (claims, decisions, reports,
  purges, complaint resolution), so two replicas cannot both win a claim. Two
  replicas opening a case for the same conversation at once collide on the
  partial unique index; the loser's transaction is re-run and merges instead.
  Serialization failures and deadlocks are retried the same way.
* ``record_scoring`` commits with ``synchronous_commit = off`` (for that
  transaction only).
* schema creation takes an advisory lock, so replicas can start together.
* append-only audit: a trigger raises on UPDATE, DELETE and TRUNCATE.
* **Deletion is logical, not byte-level.** PostgreSQL keeps deleted tuples until
  VACUUM reclaims the space, and reclaimed space is not zeroed; WAL segments and
  base backups keep copies too. Deployments that need byte-level erasure should
  use the SQLite backend, or put PostgreSQL on encrypted storage with short WAL
  and backup retention and vacuum the ``cases`` table regularly.
* audit ``seq`` is a sequence: with concurrent writers an event with a lower
  seq may commit after one with a higher seq, so a reader paging with
  ``list_audit`` can miss an event committed in that instant. Page on a quiet
  window (``since`` a few seconds back) for exports.

``psycopg`` (v3) is imported only when a store is constructed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from service.errors import ConfigurationError, Overloaded
from service.review.retention import RetentionPolicy
from service.review.sql_store import SqlCaseStore, Tx

if TYPE_CHECKING:
    import psycopg

_SCHEMA_LOCK_KEY = 0x6772_6F6F_6D69_6E67  # "grooming": advisory lock id for DDL

_DDL: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS cases (
        case_id TEXT PRIMARY KEY,
        subject_ref TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        suspected_participant_id TEXT NOT NULL,
        partner_participant_id TEXT NOT NULL,
        indicators TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        threshold DOUBLE PRECISION NOT NULL,
        model_version TEXT NOT NULL,
        opened_model_version TEXT NOT NULL,
        opened_threshold DOUBLE PRECISION NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'in_review', 'confirmed', 'reported')),
        created_at TIMESTAMPTZ NOT NULL,
        flagged_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        claimed_by TEXT,
        lease_expires_at TIMESTAMPTZ,
        decided_by TEXT,
        decided_at TIMESTAMPTZ,
        reason_code TEXT,
        reported_to TEXT,
        reported_by TEXT,
        reported_at TIMESTAMPTZ,
        report_reason_code TEXT
    )""",
    "CREATE UNIQUE INDEX IF NOT EXISTS cases_one_active ON cases "
    "(conversation_id, suspected_participant_id) WHERE status IN ('open', 'in_review')",
    "CREATE INDEX IF NOT EXISTS cases_by_created ON cases (created_at, case_id)",
    "CREATE INDEX IF NOT EXISTS cases_by_status ON cases (status, created_at, case_id)",
    "CREATE INDEX IF NOT EXISTS cases_by_expiry ON cases (expires_at)",
    """CREATE TABLE IF NOT EXISTS complaints (
        complaint_id TEXT PRIMARY KEY,
        subject_kind TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        channel TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        status TEXT NOT NULL,
        filed_at TIMESTAMPTZ NOT NULL,
        model_version TEXT NOT NULL,
        threshold DOUBLE PRECISION NOT NULL,
        case_status TEXT,
        resolved_at TIMESTAMPTZ,
        resolved_by TEXT,
        resolution_reason_code TEXT,
        overturned SMALLINT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS complaints_by_filed ON complaints (filed_at, complaint_id)",
    "CREATE INDEX IF NOT EXISTS complaints_by_status ON complaints "
    "(status, filed_at, complaint_id)",
    """CREATE TABLE IF NOT EXISTS counters (
        model_version TEXT NOT NULL,
        threshold DOUBLE PRECISION NOT NULL,
        day TEXT NOT NULL,
        name TEXT NOT NULL,
        value BIGINT NOT NULL,
        PRIMARY KEY (model_version, threshold, day, name)
    )""",
    "CREATE INDEX IF NOT EXISTS counters_by_day ON counters (day)",
    """CREATE TABLE IF NOT EXISTS audit (
        seq BIGSERIAL PRIMARY KEY,
        at TIMESTAMPTZ NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        details TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS audit_by_subject ON audit (subject_ref, seq)",
    "CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at, seq)",
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit log is append-only';
        END
        $$""",
    """CREATE OR REPLACE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    """CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
)


class _PgTx:
    """:class:`Tx` over a psycopg cursor (``?`` placeholders become ``%s``)."""

    def __init__(self, cursor: psycopg.Cursor[tuple[Any, ...]]) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        self._run(sql, params)
        return self._cursor.rowcount

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        self._run(sql, params)
        return self._cursor.fetchall()

    def _run(self, sql: str, params: Sequence[object]) -> None:
        # Without parameters psycopg leaves the text alone (DDL bodies may hold "%").
        if params:
            self._cursor.execute(sql.replace("?", "%s"), tuple(params))
        else:
            self._cursor.execute(sql)


class PostgresCaseStore(SqlCaseStore):
    """The case store in a PostgreSQL database (psycopg 3, one connection per thread)."""

    _lock_clause = " FOR UPDATE"

    def __init__(
        self,
        conninfo: str,
        *,
        recipients: Iterable[str] = (),
        retention: RetentionPolicy | None = None,
        id_factory: Callable[[], str] | None = None,
        connect_timeout_seconds: int = 10,
    ) -> None:
        """Connect with libpq ``conninfo`` (e.g. ``"host=db dbname=review user=svc"``).

        Creates the schema if it is missing. The password belongs in the
        conninfo's environment (``PGPASSWORD`` / ``PGPASSFILE``), not in code.
        """
        super().__init__(recipients=recipients, retention=retention, id_factory=id_factory)
        try:
            import psycopg
            from psycopg import errors as pg_errors
        except ImportError:
            raise ConfigurationError("review store: PostgreSQL needs the psycopg package") from None
        self._psycopg = psycopg
        self._retryable: tuple[type[Exception], ...] = (
            pg_errors.UniqueViolation,
            pg_errors.SerializationFailure,
            pg_errors.DeadlockDetected,
        )
        self._conninfo = conninfo
        self._connect_timeout = connect_timeout_seconds
        self._local = threading.local()
        self._connections: list[psycopg.Connection[tuple[Any, ...]]] = []
        self._connections_lock = threading.Lock()
        self._closed = False
        try:
            with self._transaction() as tx:
                tx.rows("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK_KEY,))
                for statement in _DDL:
                    tx.execute(statement)
        except Overloaded:
            raise ConfigurationError("review store: cannot connect to PostgreSQL") from None
        self._load_secret()

    def _connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._closed:
            raise RuntimeError("the case store is closed")
        conn: psycopg.Connection[tuple[Any, ...]] | None = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        try:
            conn = self._psycopg.connect(
                self._conninfo, autocommit=True, connect_timeout=self._connect_timeout
            )
        except self._psycopg.OperationalError:
            raise Overloaded("review store: PostgreSQL is unreachable") from None
        self._local.conn = conn
        with self._connections_lock:
            self._connections.append(conn)
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[Tx]:
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cursor:
            yield _PgTx(cursor)

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cursor:
            yield _PgTx(cursor)

    @contextmanager
    def _scoring_transaction(self) -> Iterator[Tx]:
        with self._transaction() as tx:
            tx.execute("SET LOCAL synchronous_commit = off")
            yield tx

    def _is_retryable(self, err: Exception) -> bool:
        return isinstance(err, self._retryable)

    def _ts(self, value: datetime) -> object:
        return value.astimezone(UTC)

    def _from_ts(self, value: Any) -> datetime:
        if not isinstance(value, datetime):
            raise TypeError("expected a timestamptz column")
        return value.astimezone(UTC)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._connections_lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
