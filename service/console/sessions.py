"""Server-side console sessions: the bearer token stays in this process's memory.

The browser holds only a random session id (cookie ``HttpOnly``, ``SameSite=Strict``,
``Secure`` under TLS). A session ends after ``console_session_idle_s`` without a
request, on sign-out, when the server stops accepting its token, or when the console
stops; nothing is written to disk.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Sessions kept at most; the least recently used goes first beyond this.
MAX_SESSIONS = 10_000


@dataclass
class Session:
    """One signed-in person."""

    session_id: str
    token: str
    name: str
    roles: frozenset[str]
    csrf_token: str
    last_seen: float
    flashes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """gRPC call metadata: the person's own bearer token."""
        return (("authorization", f"Bearer {self.token}"),)

    def flash(self, kind: str, text: str) -> None:
        """A one-line notice for the next page ("ok" or "error"); never content."""
        self.flashes.append((kind, text))

    def take_flashes(self) -> list[tuple[str, str]]:
        """The notices queued so far, once."""
        out, self.flashes = self.flashes, []
        return out


class SessionStore:
    """Sessions by id, in memory, with an idle timeout."""

    def __init__(self, idle_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_s = idle_s
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, token: str, name: str, roles: frozenset[str]) -> Session:
        """A new session (a fresh id: no fixation by a cookie set before sign-in)."""
        session = Session(secrets.token_urlsafe(32), token, name, roles,
                          secrets.token_urlsafe(32), self._clock())
        with self._lock:
            # Sessions nobody came back to are dropped here, so memory stays bounded.
            for stale in [s for s in self._sessions.values()
                          if session.last_seen - s.last_seen > self.idle_s]:
                del self._sessions[stale.session_id]
            while len(self._sessions) >= MAX_SESSIONS:
                oldest = min(self._sessions.values(), key=lambda s: s.last_seen)
                del self._sessions[oldest.session_id]
            self._sessions[session.session_id] = session
        return session

    def get(self, session_id: str | None) -> tuple[Session | None, bool]:
        """The live session for ``session_id`` (touched), and whether one just expired."""
        if not session_id:
            return None, False
        now = self._clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None, False
            if now - session.last_seen > self.idle_s:
                del self._sessions[session_id]
                return None, True
            session.last_seen = now
            return session, False

    def end(self, session_id: str) -> None:
        """Forget a session (sign-out, or its token stopped working)."""
        with self._lock:
            self._sessions.pop(session_id, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)
