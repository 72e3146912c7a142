"""A throwaway PostgreSQL server from the local binaries, for tests and the fleet benchmark.

``initdb`` refuses to run as root, so under root the server runs as ``nobody`` (via
``setpriv`` or ``runuser``) in a temp dir it owns, listening on a unix socket in that
dir and on a free TCP port on 127.0.0.1. Durability is off (``fsync=off``): the data
dies with the server. :meth:`ThrowawayPostgres.restart` stops and starts the same
cluster on the same port, as an operator's ``pg_ctl restart`` would.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from training.loadgen import free_port

_PG_TOOLS = ("initdb", "pg_ctl", "postgres")


class PostgresUnavailable(Exception):
    """The binaries, or a way to run them unprivileged, are missing (the reason is the text)."""


def pg_binary(name: str) -> str | None:
    """Path of a PostgreSQL server binary: on PATH, /usr/local/bin, or Debian's versioned dir."""
    found = shutil.which(name) or (
        f"/usr/local/bin/{name}" if os.access(f"/usr/local/bin/{name}", os.X_OK) else None
    )
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


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
class ThrowawayPostgres:
    """A PostgreSQL cluster in a temp dir; :meth:`start` it, :meth:`close` removes it."""

    max_connections: int = 100
    host: str = "127.0.0.1"
    port: int = 0
    user: str = "postgres"
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="grooming-risk-pg-")))
    _binaries: dict[str, str] = field(default_factory=dict)
    _prefix: list[str] = field(default_factory=list)

    def conninfo(self, dbname: str = "postgres") -> str:
        """libpq conninfo of database ``dbname`` over TCP."""
        return f"host={self.host} port={self.port} user={self.user} dbname={dbname}"

    def url(self, dbname: str = "postgres") -> str:
        """The same as a ``postgresql://`` URL (what ``database_url`` takes)."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    @property
    def log_path(self) -> Path:
        """The server's log file."""
        return self.root / "server.log"

    def start(self) -> ThrowawayPostgres:
        """initdb and start; raise :class:`PostgresUnavailable` when that cannot be done here."""
        binaries = {name: pg_binary(name) for name in _PG_TOOLS}
        missing = sorted(name for name, path in binaries.items() if path is None)
        if missing:
            raise PostgresUnavailable(f"PostgreSQL binaries not found: {', '.join(missing)}")
        drop = _as_unprivileged()
        if drop is None:
            raise PostgresUnavailable(
                "running as root and no unprivileged user/setpriv/runuser to run initdb")
        self._binaries = {name: path for name, path in binaries.items() if path}
        self._prefix, uid, gid = drop
        sockets = self.root / "sock"
        sockets.mkdir(exist_ok=True)
        for path in (self.root, sockets):
            os.chown(path, uid, gid)
        self._run(self._binaries["initdb"], "-D", str(self.root / "data"), "-U", self.user,
                  "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")
        for _ in range(3):
            self.port = free_port()
            try:
                self._pg_ctl("start")
                return self
            except subprocess.CalledProcessError:
                continue
        self.close()
        raise RuntimeError("PostgreSQL did not start; see its log in the temp dir")

    def restart(self, mode: str = "fast") -> None:
        """``pg_ctl restart -m MODE`` on the same port: every session is cut."""
        self._pg_ctl("restart", "-m", mode)

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server (the data dir stays until :meth:`close`)."""
        with contextlib.suppress(subprocess.SubprocessError):
            self._run(self._binaries["pg_ctl"], "-D", str(self.root / "data"), "-m", mode,
                      "-w", "stop")

    def close(self) -> None:
        """Stop the server if it runs and delete its directory."""
        if self._binaries and self.port:
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-c listen_addresses={self.host} -p {self.port} -k {self.root / 'sock'} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            f"-c max_connections={self.max_connections}"
        )
        self._run(self._binaries["pg_ctl"], "-D", str(self.root / "data"), "-l",
                  str(self.log_path), "-w", "-t", "60", "-o", options, action, *extra)

    def _run(self, *args: str) -> None:
        env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "HOME": str(self.root)}
        subprocess.run([*self._prefix, *args], check=True, env=env, cwd=self.root,
                       capture_output=True, timeout=120)
