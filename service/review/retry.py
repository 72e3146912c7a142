"""Bounded retry with jittered exponential backoff, for transient database conflicts.

Two replicas that collide (a serialization failure, a deadlock, a lost race for the
open-case index) both roll back; retrying at once would collide again, so each waits
a random time below an exponentially growing cap ("full jitter") before re-running
the whole transaction. The number of attempts is bounded: past it the conflict is
raised and the caller sees an error rather than a hang.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """How often and how long to wait between attempts."""

    attempts: int = 6
    """Runs of the transaction in all (the first one included)."""
    base_s: float = 0.005
    """Cap of the first wait; it doubles per retry."""
    cap_s: float = 0.25
    """Largest cap of any one wait."""
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, retry: int) -> float:
        """The wait before retry number ``retry`` (0-based): uniform in [0, cap)."""
        return self.rng.uniform(0.0, min(self.cap_s, self.base_s * 2**retry))

    def run(self, work: Callable[[], T], retryable: Callable[[Exception], bool]) -> T:
        """``work()``, re-run after a retryable failure until ``attempts`` are used up."""
        for attempt in range(self.attempts):
            try:
                return work()
            except Exception as err:
                if attempt + 1 >= self.attempts or not retryable(err):
                    raise
            self.sleep(self.delay(attempt))
        raise AssertionError("unreachable")  # pragma: no cover
