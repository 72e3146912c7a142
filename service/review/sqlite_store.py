"""The embedded case store: one SQLite file under the service's data directory.

Settings on every connection and why:

* ``journal_mode=WAL`` -- readers do not block the writer;
* ``secure_delete=ON`` -- deleted rows (and freed pages) are overwritten with
  zeros instead of lingering in free space;
* ``synchronous=FULL`` -- a decision is on disk when ``decide`` returns
  (``record_scoring`` relaxes this for its own transaction only: in WAL mode the
  next FULL commit flushes those frames too);
* ``temp_store=MEMORY`` -- no temporary files with row data;
* ``BEGIN IMMEDIATE`` for every write -- two concurrent claims serialise on the
  database's write lock, so the second one re-reads the claimed case and loses.

**Physical deletion.** In WAL mode a deleted row survives in older WAL frames
until they are checkpointed, and in the main file until its page is rewritten.
After every transaction that deletes cases the store runs
``PRAGMA wal_checkpoint(TRUNCATE)``: the zeroed pages are copied into the main
file and the WAL is truncated to zero bytes, so a byte scan of the database,
``-wal`` and ``-shm`` files finds none of the deleted case's ids. If a
concurrent reader outlasts the busy timeout, the checkpoint is retried at the
next deletion (``checkpoint()`` can also be called from a maintenance job).
Do not run ``ANALYZE`` / ``PRAGMA optimize`` on this file: ``sqlite_stat4``
would keep sample index keys outside the tables.

Thread safety: one connection per thread (a threaded gRPC server reuses its
worker threads); the connections are closed by :meth:`SqliteCaseStore.close`.
The file is created with mode 0600 in a directory with mode 0700.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from service.errors import ConfigurationError
from service.review.retention import RetentionPolicy
from service.review.retry import Backoff
from service.review.sql_store import SqlCaseStore, Tx

DEFAULT_FILENAME = "review.sqlite3"
#: Waits for another connection's switch of a new file to WAL: about 10 s at most.
_WAL_SWITCH = Backoff(attempts=50, base_s=0.01, cap_s=0.4)


def _locked(err: Exception) -> bool:
    return isinstance(err, sqlite3.OperationalError) and "locked" in str(err)

log = logging.getLogger(__name__)


class _SqliteTx:
    """:class:`Tx` over one sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        return self._conn.execute(sql, tuple(params)).rowcount

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, tuple(params)).fetchall()


class SqliteCaseStore(SqlCaseStore):
    """The case store in one SQLite file (WAL, secure delete, full sync)."""

    _dialect = "sqlite"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        recipients: Iterable[str] = (),
        retention: RetentionPolicy | None = None,
        id_factory: Callable[[], str] | None = None,
        busy_timeout: timedelta = timedelta(seconds=10),
        upgrade_schema: bool = True,
    ) -> None:
        """Open (creating if needed) the database at ``path``.

        ``recipients`` are the organisations cases may be reported to;
        ``busy_timeout`` is how long a writer waits for another writer. Pending
        schema migrations are applied under ``BEGIN EXCLUSIVE`` unless
        ``upgrade_schema`` is False (then an older schema is refused); a schema newer
        than this code is always refused (``SchemaMismatch``).
        """
        super().__init__(recipients=recipients, retention=retention, id_factory=id_factory)
        self._path = Path(path)
        self._busy_timeout = busy_timeout.total_seconds()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._closed = False
        self._create_file()
        self._open_schema(upgrade_schema)

    @classmethod
    def in_directory(
        cls,
        data_dir: str | os.PathLike[str],
        *,
        recipients: Iterable[str] = (),
        retention: RetentionPolicy | None = None,
    ) -> SqliteCaseStore:
        """The store at ``data_dir/review.sqlite3``."""
        return cls(Path(data_dir) / DEFAULT_FILENAME, recipients=recipients, retention=retention)

    @property
    def path(self) -> Path:
        """The main database file."""
        return self._path

    def files(self) -> list[Path]:
        """The database file and its ``-wal`` / ``-shm`` companions that exist now."""
        candidates = [self._path, *(Path(f"{self._path}{suffix}") for suffix in ("-wal", "-shm"))]
        return [path for path in candidates if path.exists()]

    def _create_file(self) -> None:
        try:
            self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self._path, os.O_CREAT | os.O_RDWR, 0o600)
        except OSError as err:
            raise ConfigurationError(
                f"review store: cannot create database file ({err.strerror})"
            ) from None
        os.close(fd)

    def _connection(self) -> sqlite3.Connection:
        if self._closed:
            raise RuntimeError("the case store is closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        conn = sqlite3.connect(
            self._path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        # Switching a new file to WAL needs its exclusive lock, and SQLite answers "database
        # is locked" at once, without the busy handler, while another connection (a
        # replica starting beside this one) holds it: wait for it here instead.
        mode = _WAL_SWITCH.run(lambda: conn.execute("PRAGMA journal_mode=WAL").fetchone(),
                               _locked)
        if mode is None or str(mode[0]).lower() != "wal":
            conn.close()
            raise ConfigurationError("review store: the database file cannot use WAL mode")
        for pragma in (
            "PRAGMA secure_delete=ON",
            "PRAGMA synchronous=FULL",
            "PRAGMA temp_store=MEMORY",
            "PRAGMA foreign_keys=ON",
        ):
            conn.execute(pragma)
        self._local.conn = conn
        with self._connections_lock:
            self._connections.append(conn)
        return conn

    def _transaction(self) -> AbstractContextManager[Tx]:
        return self._begin("BEGIN IMMEDIATE")

    def _schema_transaction(self) -> AbstractContextManager[Tx]:
        # EXCLUSIVE, not IMMEDIATE: no reader may see a half-migrated schema either.
        return self._begin("BEGIN EXCLUSIVE")

    @contextmanager
    def _begin(self, begin: str) -> Iterator[Tx]:
        """A write transaction opened by ``begin``: committed, or rolled back on error."""
        conn = self._connection()
        conn.execute(begin)
        try:
            yield _SqliteTx(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        conn = self._connection()
        conn.execute("BEGIN")
        try:
            yield _SqliteTx(conn)
        finally:
            conn.execute("COMMIT")

    @contextmanager
    def _scoring_transaction(self) -> Iterator[Tx]:
        # In WAL mode a NORMAL commit skips the fsync; the next FULL commit of any
        # connection flushes these frames too.
        conn = self._connection()
        conn.execute("PRAGMA synchronous=NORMAL")
        try:
            with self._transaction() as tx:
                yield tx
        finally:
            conn.execute("PRAGMA synchronous=FULL")

    def _ts(self, value: datetime) -> object:
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def _from_ts(self, value: Any) -> datetime:
        return datetime.fromisoformat(str(value)).astimezone(UTC)

    def _after_erase(self) -> None:
        # secure_delete zeroes a deleted cell, but b-tree rebalancing can leave stale
        # copies of keys in free space inside index pages. VACUUM rewrites the database
        # from live rows only; the checkpoint then moves that into the file and
        # truncates the WAL. Erasures are human-paced (dismissals) or hourly (purges),
        # so the cost of a rebuild is acceptable for a guarantee that holds.
        conn = self._connection()
        try:
            conn.execute("VACUUM")
        except sqlite3.OperationalError:
            log.warning("VACUUM after an erasure was blocked; retried on the next one")
        self.checkpoint()

    def checkpoint(self) -> bool:
        """Copy the WAL into the database file and truncate it; True if it completed.

        TRUNCATE waits (up to the busy timeout) for writers and for readers of
        older snapshots to finish; False means one outlasted it and the WAL
        may still hold deleted rows until the next successful checkpoint.
        """
        row = self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return row is not None and int(row[0]) == 0

    def close(self) -> None:
        """Close every thread's connection (the last close also removes the WAL files)."""
        with self._connections_lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()


def read_schema_version(path: str | os.PathLike[str]) -> int:
    """The schema version of the database at ``path`` (0: none), read without changing it."""
    from service.review.migrations import database_version

    if not Path(path).exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise ConfigurationError(f"review store {path}: cannot open ({err})") from None
    try:
        return database_version(_SqliteTx(conn), "sqlite")
    except sqlite3.DatabaseError as err:
        raise ConfigurationError(f"review store {path}: not a case store ({err})") from None
    finally:
        conn.close()
