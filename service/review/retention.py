"""Retention of review cases.

A case is kept only as long as its purpose needs it:

* unreviewed (OPEN or IN_REVIEW): ``unreviewed_days`` from the latest flag that
  opened or updated it (new evidence restarts the clock; see ``store.py``);
* CONFIRMED: ``confirmed_days`` from the decision;
* REPORTED: ``reported_days`` from the report;
* DISMISSED: not kept at all -- a false positive is deleted when it is decided.

When a case's ``expires_at`` is reached, ``CaseStore.purge_expired`` deletes it physically
(status EXPIRED exists only in counters and the audit log). Every period must be
between 1 and 365 days; anything else is refused at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from service.errors import ConfigurationError

MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 365


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How many days a case is kept in each status before it expires."""

    unreviewed_days: int = 30
    """OPEN / IN_REVIEW cases: days after the latest flag."""
    confirmed_days: int = 90
    """CONFIRMED cases: days after the decision."""
    reported_days: int = 90
    """REPORTED cases: days after the report."""

    def __post_init__(self) -> None:
        for name in ("unreviewed_days", "confirmed_days", "reported_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigurationError(f"retention.{name}: must be an integer number of days")
            if not MIN_RETENTION_DAYS <= value <= MAX_RETENTION_DAYS:
                raise ConfigurationError(
                    f"retention.{name}: must be between {MIN_RETENTION_DAYS} and "
                    f"{MAX_RETENTION_DAYS} days"
                )

    @property
    def unreviewed(self) -> timedelta:
        """Retention of an unreviewed case."""
        return timedelta(days=self.unreviewed_days)

    @property
    def confirmed(self) -> timedelta:
        """Retention of a confirmed case."""
        return timedelta(days=self.confirmed_days)

    @property
    def reported(self) -> timedelta:
        """Retention of a reported case."""
        return timedelta(days=self.reported_days)

    def as_dict(self) -> Mapping[str, int]:
        """The policy as plain numbers (for reports and the start-up audit event)."""
        return {
            "confirmed_days": self.confirmed_days,
            "reported_days": self.reported_days,
            "unreviewed_days": self.unreviewed_days,
        }

