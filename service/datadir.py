"""The data-dir lock: one ``serve`` process per SQLite data directory.

SQLite's own locking keeps the file consistent, but two servers on one directory would
each run retention purges, flush their own counters and hand out claims the other cannot
see. An exclusive advisory lock (``flock``) on a file in the directory, held for the
life of the server, makes the second one refuse to start. The kernel drops the lock when
the process dies, so a crash never leaves a stale lock behind.

With ``--workers N`` the supervisor takes the lock and hands the open descriptor to its
worker processes (:meth:`DataDirLock.fileno`, :meth:`DataDirLock.inherited`): a ``flock``
belongs to the open file, so it is held until the last process of the fleet exits, and
a second server on the directory is refused while any of them still runs.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

from service.errors import ConfigurationError, ResourceInUse

LOCK_NAME = "serve.lock"


class DataDirLock:
    """An exclusive lock on ``<data_dir>/serve.lock``; the file holds the owner's PID."""

    def __init__(self, fd: int, path: Path, owner: bool = True) -> None:
        self._fd: int | None = fd
        self.path = path
        # A worker's unlock would unlock the shared open file for the whole fleet.
        self._owner = owner

    @classmethod
    def acquire(cls, data_dir: Path) -> DataDirLock:
        """Create ``data_dir`` if needed and lock it, or raise :class:`ResourceInUse`."""
        path = data_dir / LOCK_NAME
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise ConfigurationError(
                f"cannot use data dir {data_dir}: {err.strerror or err}") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            by = f" (pid {holder})" if holder else ""
            raise ResourceInUse(
                f"data dir {data_dir} is in use by another grooming-risk server{by}; "
                "run one server per data dir") from None
        try:
            _check_writable(data_dir)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except BaseException:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise
        return cls(fd, path)

    @classmethod
    def inherited(cls, fd: int, data_dir: Path) -> DataDirLock:
        """The lock a supervisor passed down as descriptor ``fd``; checked, not re-taken.

        Raises :class:`ResourceInUse` if ``fd`` is not the locked ``serve.lock`` of
        ``data_dir`` (a worker must never run on a directory nobody holds).
        """
        path = data_dir / LOCK_NAME
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
            # Taking a lock we already hold through this open file succeeds at once; a
            # descriptor of some other open file would block here instead.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (OSError, BlockingIOError):
            same = False
        if not same:
            raise ResourceInUse(f"data dir {data_dir}: the lock passed to this worker is "
                                "not held; start workers through grooming-risk serve")
        return cls(fd, path, owner=False)

    def fileno(self) -> int:
        """The locked descriptor, to pass to worker processes (``pass_fds``)."""
        if self._fd is None:
            raise RuntimeError("the data-dir lock was released")
        return self._fd

    def release(self) -> None:
        """Unlock (the file stays: removing it would race with a starting server).

        A worker only closes its descriptor: the lock lasts while any process holds it.
        """
        if self._fd is not None:
            if self._owner:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _check_writable(data_dir: Path) -> None:
    """Raise :class:`ConfigurationError` unless a file can be created in ``data_dir``.

    An existing lock file opens read-write even in a directory made read-only since, and
    SQLite would then fail on its database or WAL file with a traceback.
    """
    try:
        fd, name = tempfile.mkstemp(prefix=".write-check-", dir=data_dir)
    except OSError as err:
        raise ConfigurationError(
            f"data dir {data_dir} is not writable: {err.strerror or err}") from err
    os.close(fd)
    os.unlink(name)


def _read_pid(fd: int) -> int | None:
    """The PID the holder wrote, if it is readable (it may still be writing it)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None
