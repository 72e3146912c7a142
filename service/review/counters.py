"""Content-free statistics counters.

Counters are integers keyed by (model_version, threshold, UTC day, name). They
hold no ids at all, survive restarts and purges, and feed the transparency
report and the invariants the tests check.

Accounting (per technology = the model version + threshold that *opened* a
case, summed over any period that contains the case's whole life):

* ``flagged`` +1 when a flag opens a case (a flag merged into an open case
  does not count again);
* ``confirmed`` / ``dismissed`` +1 at the decision; ``decided = confirmed +
  dismissed``; false-positive ratio = ``dismissed / decided``;
* ``reported`` +1 at the report (a reported case stays counted as confirmed);
  ``reported_to:<recipient>`` splits it by recipient;
* ``expired`` +1 when retention deletes a case, split into
  ``expired_unreviewed`` (it was OPEN / IN_REVIEW) and ``expired_decided``
  (it was CONFIRMED / REPORTED); ``expired_reported`` counts the REPORTED
  subset of ``expired_decided``.

With O, I, C, R the numbers of live OPEN, IN_REVIEW, CONFIRMED and REPORTED
cases, these hold at every moment:

* ``flagged = O + I + confirmed + dismissed + expired_unreviewed``
* ``confirmed = C + R + expired_decided`` and ``reported = R + expired_reported``
* hence ``flagged = O + I + (C + R) + dismissed + expired``: every flag is in
  exactly one bucket, and an expiring case moves from its bucket to ``expired``.

Complaints: ``complaints_filed = open complaints + complaints_upheld +
complaints_rejected``; ``decisions_overturned`` (upheld complaints against a
CONFIRMED / REPORTED decision) ≤ ``complaints_upheld``.

Flag-to-decision time (``decided_at - created_at`` of the case, i.e. from the
first flag) is kept as ``decision_seconds_sum``, ``decision_count`` and a
coarse histogram ``decision_time.<bucket>`` with non-cumulative buckets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from service.review.cases import Technology
from service.review.retention import MAX_RETENTION_DAYS

CONVERSATIONS_SCORED = "conversations_scored"
MESSAGES_SCORED = "messages_scored"
NOT_SCANNED_PREFIX = "not_scanned."
NOT_SCANNED_REASONS: tuple[str, ...] = (
    "no_likely_minor",
    "professional_secrecy",
    "unsupported_content",
)
"""Why a conversation was not scanned. ``not_scanned`` counts conversations."""
FLAGGED = "flagged"
CONFIRMED = "confirmed"
DISMISSED = "dismissed"
REPORTED = "reported"
REPORTED_TO_PREFIX = "reported_to:"
EXPIRED = "expired"
EXPIRED_UNREVIEWED = "expired_unreviewed"
EXPIRED_DECIDED = "expired_decided"
EXPIRED_REPORTED = "expired_reported"
COMPLAINTS_FILED = "complaints_filed"
COMPLAINTS_UPHELD = "complaints_upheld"
COMPLAINTS_REJECTED = "complaints_rejected"
DECISIONS_OVERTURNED = "decisions_overturned"
DECISION_SECONDS_SUM = "decision_seconds_sum"
DECISION_COUNT = "decision_count"
DECISION_TIME_PREFIX = "decision_time."

DECISION_BUCKETS: tuple[tuple[str, int], ...] = (
    ("le_1h", 3_600),
    ("le_4h", 4 * 3_600),
    ("le_1d", 86_400),
    ("le_3d", 3 * 86_400),
    ("le_7d", 7 * 86_400),
    ("le_30d", 30 * 86_400),
    ("gt_30d", MAX_RETENTION_DAYS * 86_400),
)
"""Histogram buckets (name, upper bound in seconds). The last bucket's bound is
nominal: nothing is kept unreviewed for more than ``MAX_RETENTION_DAYS``."""


def decision_bucket(seconds: int) -> str:
    """Name of the histogram counter for a flag-to-decision time."""
    for name, upper in DECISION_BUCKETS[:-1]:
        if seconds <= upper:
            return DECISION_TIME_PREFIX + name
    return DECISION_TIME_PREFIX + DECISION_BUCKETS[-1][0]


def not_scanned_name(reason: str) -> str:
    """Counter name for conversations not scanned for ``reason``."""
    return NOT_SCANNED_PREFIX + reason


def reported_to_name(recipient: str) -> str:
    """Counter name for reports sent to ``recipient``."""
    return REPORTED_TO_PREFIX + recipient


FLUSH_MARKS_KEPT_DAYS = 7
"""A writer's flush mark is pruned once it has been idle this long (its process is gone)."""


@dataclass(frozen=True, slots=True)
class FlushMark:
    """Which batch of scoring counts this is: a writer (one process) and its number.

    A writer numbers its batches 1, 2, 3... and sends them in that order, re-sending a
    batch until the store answers; the store applies a batch only if its number is above
    the writer's last applied one. So a batch whose COMMIT succeeded but whose answer was
    lost is not counted twice when it is sent again.
    """

    writer: str
    seq: int


@dataclass(frozen=True, slots=True)
class CounterRow:
    """One counter cell."""

    day: date
    model_version: str
    threshold: float
    name: str
    value: int

    @property
    def technology(self) -> Technology:
        """The technology this cell is counted under."""
        return Technology(self.model_version, self.threshold)


def totals(rows: Iterable[CounterRow]) -> dict[str, int]:
    """Sum of each counter over all technologies and days."""
    out: dict[str, int] = defaultdict(int)
    for row in rows:
        out[row.name] += row.value
    return dict(out)


def totals_by_technology(rows: Iterable[CounterRow]) -> dict[Technology, dict[str, int]]:
    """Sum of each counter per technology over all days."""
    out: dict[Technology, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        out[row.technology][row.name] += row.value
    return {tech: dict(values) for tech, values in out.items()}


def histogram_median(histogram: Mapping[str, int]) -> float | None:
    """Median flag-to-decision seconds estimated from the histogram, or None if empty.

    Linear interpolation inside the bucket that holds the median, as
    Prometheus' ``histogram_quantile`` does; the result is deterministic.
    """
    counts = [
        (upper, histogram.get(DECISION_TIME_PREFIX + name, 0)) for name, upper in DECISION_BUCKETS
    ]
    total = sum(count for _, count in counts)
    if total == 0:
        return None
    rank = total / 2
    cumulative = 0
    lower = 0
    for upper, count in counts:
        if count and cumulative + count >= rank:
            return lower + (upper - lower) * (rank - cumulative) / count
        cumulative += count
        lower = upper
    return float(DECISION_BUCKETS[-1][1])  # pragma: no cover - unreachable
