"""Schema versions: numbered migrations, upgrades at start-up, and refusal of newer schemas."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from service.cli import main
from service.errors import SchemaMismatch
from service.review import counters as ctr
from service.review.cases import open_case
from service.review.migrations import MIGRATIONS, SCHEMA_VERSION, m0001_initial
from service.review.retention import RetentionPolicy
from service.review.rows import CASE_COLUMNS, RowMapping
from service.review.sql_store import SqlCaseStore
from tests.review.helpers import RECIPIENTS, T0, make_flag

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Db:
    """A database of one dialect, reached raw (beside any store)."""

    dialect: str
    make: Callable[..., SqlCaseStore]
    run: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]
    to_db: Callable[[datetime], object]
    cli_args: list[str]


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    opened: list[SqlCaseStore] = []
    if request.param == "sqlite":
        from service.review.sqlite_store import SqliteCaseStore

        path = tmp_path / "review.sqlite3"

        def make(**kw: Any) -> SqlCaseStore:
            store = SqliteCaseStore(path, recipients=RECIPIENTS, **kw)
            opened.append(store)
            return store

        def run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
            conn = sqlite3.connect(path, isolation_level=None)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()

        yield Db("sqlite", make, run, lambda d: d.isoformat(timespec="microseconds"),
                 ["--data-dir", str(tmp_path)])
    else:
        import psycopg

        from service.review.postgres_store import PostgresCaseStore

        conninfo = request.getfixturevalue("postgres_conninfo")

        def make_pg(**kw: Any) -> SqlCaseStore:
            store = PostgresCaseStore(conninfo, recipients=RECIPIENTS, **kw)
            opened.append(store)
            return store

        def run_pg(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                cur = conn.execute(sql.replace("?", "%s").encode() if not params
                                   else sql.replace("?", "%s"), params or None)
                return cur.fetchall() if cur.description else []

        yield Db("postgres", make_pg, run_pg, lambda d: d, ["--database-url", conninfo])
    for store in opened:
        store.close()


def build_version_1(db: Db) -> str:
    """A database exactly as the first release left it, with a case, a counter and an event."""
    for statement in (m0001_initial.SQLITE if db.dialect == "sqlite" else m0001_initial.POSTGRES):
        db.run(statement, ())
    db.run("INSERT INTO meta (key, value) VALUES ('schema_version', '1')", ())
    db.run("INSERT INTO meta (key, value) VALUES ('subject_ref_key', ?)", ("ab" * 32,))
    case = open_case(make_flag(), "case-v1", "0123456789abcdef", T0, RetentionPolicy())
    params = RowMapping(db.to_db, lambda v: v).case_params(case)
    db.run(f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in CASE_COLUMNS)})", tuple(params))
    db.run("INSERT INTO counters (model_version, threshold, day, name, value) "
           "VALUES (?, ?, ?, ?, ?)", (case.model_version, case.threshold, T0.date().isoformat(),
                                      ctr.FLAGGED, 7))
    db.run("INSERT INTO audit (at, actor, action, subject_ref, reason_code, details) "
           "VALUES (?, 'system', 'case.opened', ?, 'flag.opened', '{}')",
           (db.to_db(T0), case.subject_ref))
    return case.case_id


def test_migrations_are_numbered_and_both_dialects_end_with_one_schema(
    postgres_conninfo: str, tmp_path: Path
) -> None:
    import psycopg

    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == SCHEMA_VERSION
    assert len({m.name for m in MIGRATIONS}) == len(MIGRATIONS)
    assert all(m.sqlite and m.postgres for m in MIGRATIONS)
    # Apply every migration on each dialect and compare what they built.
    from service.review.postgres_store import PostgresCaseStore
    from service.review.sqlite_store import SqliteCaseStore

    SqliteCaseStore(tmp_path / "s.sqlite3").close()
    conn = sqlite3.connect(tmp_path / "s.sqlite3")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    sqlite_schema = {t: sorted(r[1] for r in conn.execute(f"PRAGMA table_info({t})"))
                     for t in tables}
    sqlite_indexes = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")}
    conn.close()
    PostgresCaseStore(postgres_conninfo).close()
    with psycopg.connect(postgres_conninfo) as pg:
        rows = pg.execute("SELECT table_name, column_name FROM information_schema.columns "
                          "WHERE table_schema = current_schema()").fetchall()
        pg_indexes = {r[0] for r in pg.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'").fetchall()}
    pg_schema: dict[str, list[str]] = {}
    for table, column in rows:
        pg_schema.setdefault(table, []).append(column)
    assert sqlite_schema == {t: sorted(c) for t, c in pg_schema.items()}
    assert sqlite_indexes == pg_indexes
    assert "cases_one_active" in pg_indexes


def test_a_version_1_database_upgrades_and_keeps_its_rows(db: Db) -> None:
    case_id = build_version_1(db)
    store = db.make()
    assert store.schema_versions == (1, SCHEMA_VERSION)
    case = store.get_case(case_id)
    assert (case.conversation_id, case.created_at) == ("conv-1", T0)
    assert ctr.totals(store.counter_rows(T0.date(), T0.date() + timedelta(days=1)))[
        ctr.FLAGGED] == 7
    events, _ = store.list_audit()
    assert [e.action for e in events] == ["case.opened"]
    assert db.run("SELECT value FROM meta WHERE key = 'schema_version'", ()) == [
        (str(SCHEMA_VERSION),)]
    history = db.run("SELECT version, applied_at IS NULL FROM schema_migrations "
                     "ORDER BY version", ())
    assert [(int(v), bool(n)) for v, n in history] == [
        (1, True), *((v, False) for v in range(2, SCHEMA_VERSION + 1))]
    # The upgraded store works as before: the old case still takes merges.
    assert store.record_flag(make_flag(), T0 + timedelta(hours=1)).case_id == case_id


def test_a_database_newer_than_the_code_is_refused_with_one_line(db: Db) -> None:
    db.make().close()
    db.run("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(SchemaMismatch) as info:
        db.make()
    message = str(info.value)
    assert "\n" not in message and f"version {SCHEMA_VERSION + 1} is newer" in message


def test_without_upgrade_an_older_database_is_refused_and_left_alone(db: Db) -> None:
    build_version_1(db)
    with pytest.raises(SchemaMismatch, match="run: grooming-risk db upgrade"):
        db.make(upgrade_schema=False)
    assert db.run("SELECT value FROM meta WHERE key = 'schema_version'", ()) == [("1",)]


def _all_at_once(make: Callable[[], SqlCaseStore], n: int = 4) -> list[BaseException]:
    """Run ``make`` in ``n`` threads released together; close what opened; the errors."""
    errors: list[BaseException] = []
    opened: list[SqlCaseStore] = []
    barrier = threading.Barrier(n)

    def start() -> None:
        try:
            barrier.wait()
            opened.append(make())
        except BaseException as err:  # pragma: no cover - reported by the caller
            errors.append(err)

    threads = [threading.Thread(target=start) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for store in opened:
        store.close()
    return errors


def test_replicas_starting_together_migrate_once(db: Db) -> None:
    # Without the exclusive (SQLite) / advisory-locked (PostgreSQL) migration,
    # concurrent CREATE TABLEs collide or the history gets two writers.
    assert _all_at_once(db.make) == []
    assert [int(v) for (v,) in db.run("SELECT version FROM schema_migrations ORDER BY version",
                                      ())] == list(range(1, SCHEMA_VERSION + 1))


def test_connections_creating_a_new_sqlite_file_together_all_open_it(tmp_path: Path) -> None:
    # Switching a new file to WAL takes its exclusive lock, and SQLite refuses a second
    # connection's switch at once ("database is locked") instead of waiting the busy
    # timeout; a replica starting beside another must wait, not fail. A race: many rounds.
    from service.review.sqlite_store import SqliteCaseStore

    for round_ in range(40):
        path = tmp_path / f"r{round_}.sqlite3"
        errors = _all_at_once(lambda path=path: SqliteCaseStore(path, recipients=RECIPIENTS))
        assert errors == [], f"round {round_}"


def test_db_current_and_upgrade_commands(db: Db, capsys: pytest.CaptureFixture[str]) -> None:
    build_version_1(db)
    assert main(["db", "current", *db.cli_args]) == 1
    out = capsys.readouterr().out
    assert f"schema version 1, this code's {SCHEMA_VERSION}; pending: 0002_" in out
    assert main(["db", "upgrade", *db.cli_args]) == 0
    assert f"schema version {SCHEMA_VERSION} (upgraded from 1)" in capsys.readouterr().out
    assert main(["db", "current", *db.cli_args]) == 0
    assert "pending" not in capsys.readouterr().out
    db.run("UPDATE meta SET value = '99' WHERE key = 'schema_version'", ())
    assert main(["db", "current", *db.cli_args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "version 99 is newer" in err


def test_serve_refuses_a_newer_database_with_exit_2_and_one_line(tmp_path: Path) -> None:
    from service.review.sqlite_store import SqliteCaseStore

    SqliteCaseStore(tmp_path / "review.sqlite3").close()
    conn = sqlite3.connect(tmp_path / "review.sqlite3", isolation_level=None)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve", "--port", "0", "--metrics-port", "0",
         "--data-dir", str(tmp_path)], capture_output=True, text=True, env=env, timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "schema version 99 is newer than this code's" in lines[0], lines
