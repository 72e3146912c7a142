"""Schema versions of the case store, and the migrations between them.

Each migration is a module ``mNNNN_<name>.py`` holding the statements of both
dialects (``SQLITE`` and ``POSTGRES``); a test checks that the numbers run 1..N
without gaps and that both dialects end with the same tables, columns and
indexes. A released migration is never edited: a change is a new module.

:func:`upgrade` runs inside the caller's transaction, which must exclude other
migrators: ``BEGIN EXCLUSIVE`` on SQLite, ``pg_advisory_xact_lock`` on
PostgreSQL (both stores do this at start-up). The version lives in
``meta.schema_version``; a database newer than this code is refused, because the
code would write rows the newer schema does not expect.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from service.errors import SchemaMismatch

Dialect = Literal["sqlite", "postgres"]


class SchemaTx(Protocol):
    """The two calls migrations need (``sql_store.Tx`` satisfies it)."""

    def execute(self, sql: str, params: Any = ()) -> int:
        """Run a statement."""
        ...

    def rows(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        """Run a query."""
        ...


@dataclass(frozen=True)
class Migration:
    """One numbered step and its statements in each dialect."""

    version: int
    name: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]

    def statements(self, dialect: Dialect) -> tuple[str, ...]:
        """The statements of ``dialect``."""
        return self.sqlite if dialect == "sqlite" else self.postgres


def _load() -> tuple[Migration, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("m"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        version = int(info.name[1:5])
        found.append(Migration(version, module.NAME, module.SQLITE, module.POSTGRES))
    return tuple(sorted(found, key=lambda m: m.version))


MIGRATIONS: tuple[Migration, ...] = _load()
SCHEMA_VERSION: int = MIGRATIONS[-1].version
"""The version this code reads and writes: the newest migration's number."""

_HAS_META = {
    "sqlite": "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
    "postgres": "SELECT COUNT(*) FROM (SELECT to_regclass('meta') AS t) m WHERE t IS NOT NULL",
}


def database_version(tx: SchemaTx, dialect: Dialect) -> int:
    """The schema version stored in the database; 0 for an empty database."""
    ((tables,),) = tx.rows(_HAS_META[dialect])
    if not tables:
        return 0
    rows = tx.rows("SELECT value FROM meta WHERE key = 'schema_version'")
    return int(rows[0][0]) if rows else 0


def pending(version: int) -> tuple[Migration, ...]:
    """The migrations a database at ``version`` still needs."""
    return tuple(m for m in MIGRATIONS if m.version > version)


def check_not_newer(version: int) -> None:
    """``SchemaMismatch`` if the database is ahead of this code."""
    if version > SCHEMA_VERSION:
        raise SchemaMismatch(
            f"review store: database schema version {version} is newer than this code's "
            f"{SCHEMA_VERSION}; run a release that knows it (downgrades are not supported)"
        )


def upgrade(tx: SchemaTx, dialect: Dialect) -> tuple[int, int]:
    """Apply every pending migration in ``tx``; return (version before, version after)."""
    before = database_version(tx, dialect)
    check_not_newer(before)
    steps = pending(before)
    for migration in steps:
        for statement in migration.statements(dialect):
            tx.execute(statement)
    if steps:
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(SCHEMA_VERSION),),
        )
        # The history table exists from version 2 on, so by now it does.
        for migration in steps:
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES (?, ?, CURRENT_TIMESTAMP) ON CONFLICT (version) "
                "DO UPDATE SET applied_at = excluded.applied_at",
                (migration.version, migration.name),
            )
    return before, SCHEMA_VERSION


def require_current(version: int) -> None:
    """``SchemaMismatch`` unless the database is at exactly this code's version."""
    check_not_newer(version)
    if version < SCHEMA_VERSION:
        raise SchemaMismatch(
            f"review store: database schema version {version} is older than this code's "
            f"{SCHEMA_VERSION}; run: grooming-risk db upgrade"
        )
