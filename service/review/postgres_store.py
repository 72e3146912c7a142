"""The case store on PostgreSQL, for several service replicas sharing one database.

Same operations and semantics as the SQLite store (the SQL lives in
``store.py``); differences:

* connections: a bounded pool (``psycopg_pool``; ``pool_min``..``pool_max`` per
  replica), each connection checked before use, so a restarted server costs one
  failed call rather than a dead connection per thread. Every statement runs under
  ``statement_timeout``; a timed-out statement, an unreachable server or an
  exhausted pool is ``Overloaded`` (UNAVAILABLE: retry, possibly elsewhere).
* concurrency: every write runs in a READ COMMITTED transaction that locks the
  rows it changes with ``SELECT ... FOR UPDATE`` (claims, decisions, reports,
  purges, complaint resolution), so two replicas cannot both win a claim. Two
  replicas opening a case for the same conversation at once collide on the
  partial unique index; the loser's transaction is re-run and merges instead.
  Serialization failures (40001) and deadlocks (40P01) are retried the same way,
  after a jittered backoff and a bounded number of times (``retry.py``).
* counters are added by ``INSERT ... ON CONFLICT DO UPDATE SET value = value + n``,
  one statement whose cells are sorted: concurrent flushes from any number of
  replicas serialise on the row and never lose an increment.
* the retention purge runs on one replica at a time: it holds the session
  advisory lock ``pg_try_advisory_lock(_PURGE_LOCK_KEY)``; a replica that does not
  get it skips that run.
* ``record_scoring`` commits with ``synchronous_commit = off`` (for that
  transaction only).
* schema migrations run under ``pg_advisory_xact_lock``, so replicas can start
  together (and with a ``grooming-risk db upgrade`` job).
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

``psycopg`` (v3) and ``psycopg_pool`` are imported only when a store is constructed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from service.errors import ConfigurationError, Overloaded
from service.review.migrations import database_version
from service.review.retention import RetentionPolicy
from service.review.sql_store import SqlCaseStore, Tx

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

_SCHEMA_LOCK_KEY = 0x6772_6F6F_6D69_6E67  # "grooming": advisory lock id for DDL
_PURGE_LOCK_KEY = 0x6772_6F6F_6D70_7572  # "groompur": advisory lock id of the purge turn


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
    """The case store in a PostgreSQL database (psycopg 3, a bounded connection pool)."""

    _lock_clause = " FOR UPDATE"
    _dialect = "postgres"

    def __init__(
        self,
        conninfo: str,
        *,
        recipients: Iterable[str] = (),
        retention: RetentionPolicy | None = None,
        id_factory: Callable[[], str] | None = None,
        connect_timeout_seconds: int = 10,
        pool_min: int = 1,
        pool_max: int = 10,
        pool_timeout: timedelta = timedelta(seconds=5),
        statement_timeout: timedelta = timedelta(seconds=10),
        upgrade_schema: bool = True,
    ) -> None:
        """Connect with libpq ``conninfo`` (e.g. ``"host=db dbname=review user=svc"``).

        Applies pending schema migrations (unless ``upgrade_schema`` is False, when an
        older schema is refused); a schema newer than this code is refused. The
        password belongs in the conninfo's environment (``PGPASSWORD`` /
        ``PGPASSFILE``), not in code. ``pool_timeout`` is how long a call waits for a
        free connection; ``statement_timeout`` bounds every statement.
        """
        super().__init__(recipients=recipients, retention=retention, id_factory=id_factory)
        try:
            import psycopg
            from psycopg import errors as pg_errors
            from psycopg_pool import ConnectionPool, PoolTimeout
        except ImportError:
            raise ConfigurationError(
                "review store: PostgreSQL needs the postgres extra (psycopg, psycopg-pool)"
            ) from None
        if not 1 <= pool_min <= pool_max or pool_max < 2:
            # The purge turn holds one connection while its batches use another.
            raise ConfigurationError("database_pool_max: must be at least 2 and >= pool_min")
        self._psycopg = psycopg
        self._pool_timeout_error: type[Exception] = PoolTimeout
        self._retryable: tuple[type[Exception], ...] = (
            pg_errors.UniqueViolation,
            pg_errors.SerializationFailure,
            pg_errors.DeadlockDetected,
        )
        self._statement_ms = max(1, int(statement_timeout.total_seconds() * 1000))
        self._closed = False
        self._pool: ConnectionPool[psycopg.Connection[tuple[Any, ...]]] = ConnectionPool(
            conninfo,
            min_size=pool_min,
            max_size=pool_max,
            timeout=pool_timeout.total_seconds(),
            kwargs={"autocommit": True, "connect_timeout": connect_timeout_seconds},
            configure=self._configure,
            check=ConnectionPool.check_connection,
            name="grooming-risk-review",
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=connect_timeout_seconds)
            self._open_schema(upgrade_schema)
        except (PoolTimeout, Overloaded):
            self._pool.close()
            raise ConfigurationError(
                "review store: cannot connect to PostgreSQL (database_url)"
            ) from None
        except BaseException:
            self._pool.close()
            raise

    def _configure(self, conn: psycopg.Connection[tuple[Any, ...]]) -> None:
        # set_config, not SET: SET takes no bind parameters.
        conn.execute(
            "SELECT set_config('statement_timeout', %s, false)", (f"{self._statement_ms}ms",)
        )

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
        if self._closed:
            raise RuntimeError("the case store is closed")
        try:
            with self._pool.connection() as conn:
                yield conn
        except self._pool_timeout_error:
            raise Overloaded("review store: no PostgreSQL connection free in time") from None
        except self._retryable:
            raise
        except self._psycopg.OperationalError:
            # Server gone, connection lost, or statement_timeout: transient for a caller.
            raise Overloaded("review store: PostgreSQL is unavailable") from None

    @contextmanager
    def _transaction(self) -> Iterator[Tx]:
        with self._connection() as conn, conn.transaction(), conn.cursor() as cursor:
            yield _PgTx(cursor)

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        with self._connection() as conn, conn.transaction(), conn.cursor() as cursor:
            yield _PgTx(cursor)

    @contextmanager
    def _schema_transaction(self) -> Iterator[Tx]:
        with self._transaction() as tx:
            tx.rows("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK_KEY,))
            yield tx

    @contextmanager
    def _scoring_transaction(self) -> Iterator[Tx]:
        with self._transaction() as tx:
            tx.execute("SET LOCAL synchronous_commit = off")
            yield tx

    @contextmanager
    def _purge_turn(self) -> Iterator[bool]:
        # A session lock on a connection of its own, held across the purge's batches
        # (each its own transaction); a dead session releases it by itself.
        with self._connection() as conn:
            ((mine,),) = conn.execute(
                "SELECT pg_try_advisory_lock(%s)", (_PURGE_LOCK_KEY,)
            ).fetchall()
            try:
                yield bool(mine)
            finally:
                if mine:
                    with contextlib.suppress(self._psycopg.Error):
                        conn.execute("SELECT pg_advisory_unlock(%s)", (_PURGE_LOCK_KEY,))

    def _is_retryable(self, err: Exception) -> bool:
        return isinstance(err, self._retryable)

    def _ts(self, value: datetime) -> object:
        return value.astimezone(UTC)

    def _from_ts(self, value: Any) -> datetime:
        if not isinstance(value, datetime):
            raise TypeError("expected a timestamptz column")
        return value.astimezone(UTC)

    def pool_stats(self) -> dict[str, int]:
        """The pool's counters (``pool_size``, ``pool_available``, ``requests_waiting``...)."""
        return dict(self._pool.get_stats())

    def close(self) -> None:
        """Close the pool and every connection in it."""
        self._closed = True
        self._pool.close()


def read_schema_version(conninfo: str, connect_timeout_seconds: int = 10) -> int:
    """The schema version of the database at ``conninfo`` (0: none), read without changing it."""
    try:
        import psycopg
    except ImportError:
        raise ConfigurationError("review store: PostgreSQL needs the postgres extra") from None
    try:
        with psycopg.connect(conninfo, autocommit=True,
                             connect_timeout=connect_timeout_seconds) as conn, conn.cursor() as cur:
            return database_version(_PgTx(cur), "postgres")
    except psycopg.OperationalError:
        raise ConfigurationError(
            "review store: cannot connect to PostgreSQL (database_url)"
        ) from None
