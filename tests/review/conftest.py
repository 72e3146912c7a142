"""Fixtures for the review tests: stores on SQLite and on a throwaway PostgreSQL server.

The PostgreSQL server is started once per session from the local binaries
(``initdb``, ``pg_ctl``, ``postgres``). initdb refuses to run as root, so under
root the server runs as ``nobody`` (via ``setpriv`` or ``runuser``) in a temp
dir it owns, listening on a unix socket in that dir and on a free TCP port on
127.0.0.1. Every test gets a fresh schema. If the binaries are missing, the
PostgreSQL half of the contract suite is skipped with that reason.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from service.clock import ManualClock
from service.review.sql_store import SqlCaseStore
from tests.review.helpers import RECIPIENTS, T0

_PG_TOOLS = ("initdb", "pg_ctl", "postgres")


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name) or (
        f"/usr/local/bin/{name}" if os.access(f"/usr/local/bin/{name}", os.X_OK) else None
    )
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_unprivileged() -> tuple[list[str], int, int] | None:
    """Command prefix that drops root, with the uid/gid it drops to (None: cannot)."""
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return None
    if shutil.which("setpriv"):
        prefix = [
            "setpriv",
            f"--reuid={nobody.pw_uid}",
            f"--regid={nobody.pw_gid}",
            "--clear-groups",
        ]
    elif shutil.which("runuser"):
        prefix = ["runuser", "-u", "nobody", "--"]
    else:
        return None
    return prefix, nobody.pw_uid, nobody.pw_gid


@dataclass
class PostgresServer:
    """A running throwaway server."""

    host: str
    port: int
    user: str = "postgres"
    created: list[str] = field(default_factory=list)

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start PostgreSQL for the session; skip if the binaries are missing."""
    binaries = {name: _pg_binary(name) for name in _PG_TOOLS}
    missing = sorted(name for name, path in binaries.items() if path is None)
    if missing:
        pytest.skip(f"PostgreSQL binaries not found: {', '.join(missing)}")
    drop = _as_unprivileged()
    if drop is None:
        pytest.skip("running as root and no unprivileged user/setpriv/runuser to run initdb")
    prefix, uid, gid = drop
    root = Path(tempfile.mkdtemp(prefix="grooming-risk-pg-"))
    data, sockets, log = root / "data", root / "sock", root / "server.log"
    sockets.mkdir()
    for path in (root, sockets):
        os.chown(path, uid, gid)
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "HOME": str(root)}

    def run(*args: str) -> None:
        subprocess.run(
            [*prefix, *args], check=True, env=env, cwd=root, capture_output=True, timeout=120
        )

    run(
        str(binaries["initdb"]),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C",
    )
    port = 0
    for _ in range(3):
        port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        try:
            run(
                str(binaries["pg_ctl"]),
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            )
            break
        except subprocess.CalledProcessError:
            continue
    else:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail("PostgreSQL did not start; see its log in the temp dir")
    try:
        yield PostgresServer("127.0.0.1", port)
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            run(str(binaries["pg_ctl"]), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_conninfo(postgres_server: PostgresServer) -> Iterator[str]:
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
