"""Fixtures for the review tests: stores on SQLite and on a throwaway PostgreSQL server.

The PostgreSQL server (``tests/postgres.py``) is started once per session from the
local binaries. Every test gets a fresh schema. If the binaries are missing, the
PostgreSQL half of the contract suite is skipped with that reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from service.clock import ManualClock
from service.review.sql_store import SqlCaseStore
from tests.postgres import PostgresUnavailable, ThrowawayPostgres
from tests.review.helpers import RECIPIENTS, T0


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    """Start PostgreSQL for the session; skip if the binaries are missing."""
    server = ThrowawayPostgres()
    try:
        server.start()
    except PostgresUnavailable as why:
        server.close()
        pytest.skip(str(why))
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def postgres_conninfo(postgres_server: ThrowawayPostgres) -> Iterator[str]:
    """A fresh, empty schema on the session server (cheaper than a database per test)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"'.encode())
    yield f"{postgres_server.conninfo()} options='-c search_path={schema}'"
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'.encode())


@dataclass
class Backend:
    """How a test makes stores of one kind and reaches under them."""

    name: str
    make: Callable[..., SqlCaseStore]
    raw: Callable[[str], None]
    """Run one SQL statement on a separate, raw connection."""
    files: Callable[[], list[Path]]
    """The database files on disk (SQLite only; empty for PostgreSQL)."""


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each contract test runs once per backend."""
    opened: list[SqlCaseStore] = []
    defaults: dict[str, Any] = {"recipients": RECIPIENTS}
    if request.param == "sqlite":
        from service.review.sqlite_store import SqliteCaseStore

        path = tmp_path / "data" / "review.sqlite3"

        def make(**kwargs: Any) -> SqlCaseStore:
            store = SqliteCaseStore(path, **{**defaults, **kwargs})
            opened.append(store)
            return store

        def raw(sql: str) -> None:
            import sqlite3

            conn = sqlite3.connect(path, isolation_level=None)
            try:
                conn.execute(sql)
            finally:
                conn.close()

        def files() -> list[Path]:
            return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]

        yield Backend("sqlite", make, raw, files)
    else:
        import psycopg

        from service.review.postgres_store import PostgresCaseStore

        conninfo = request.getfixturevalue("postgres_conninfo")

        def make_pg(**kwargs: Any) -> SqlCaseStore:
            store = PostgresCaseStore(conninfo, **{**defaults, **kwargs})
            opened.append(store)
            return store

        def raw_pg(sql: str) -> None:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(sql.encode())

        yield Backend("postgres", make_pg, raw_pg, list)
    for store in opened:
        store.close()


@pytest.fixture
def store(backend: Backend) -> SqlCaseStore:
    """A store on the parametrised backend, with the default recipients and retention."""
    return backend.make()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqlCaseStore]:
    """A SQLite store (for tests about the file itself)."""
    from service.review.sqlite_store import SqliteCaseStore

    store = SqliteCaseStore(tmp_path / "review.sqlite3", recipients=RECIPIENTS)
    yield store
    store.close()


@pytest.fixture
def clock() -> ManualClock:
    """A clock at T0 that moves only when told to."""
    return ManualClock(T0)
