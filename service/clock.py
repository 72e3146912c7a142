"""Clocks. Domain logic never reads the wall clock itself: the server, screening and the
servicers read a :class:`Clock` and hand ``now`` down (the review domain only receives it)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol

from service.review.validation import require_utc


class Clock(Protocol):
    """Something that tells the current time as a UTC-aware datetime."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The wall clock. The only place in the service that calls ``datetime.now``."""

    def now(self) -> datetime:
        """Return the current wall-clock time in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to; for tests and replays."""

    def __init__(self, start: datetime) -> None:
        self._now = require_utc(start)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Return the current (manual) time."""
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` (must not be negative) and return the new time."""
        if delta < timedelta(0):
            raise ValueError("a clock does not run backwards")
        with self._lock:
            self._now += delta
            return self._now

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (must not be earlier than the current time)."""
        when = require_utc(when)
        with self._lock:
            if when < self._now:
                raise ValueError("a clock does not run backwards")
            self._now = when
