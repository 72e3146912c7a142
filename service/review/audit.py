"""The audit log: append-only and content-free.

Every case transition, complaint step, purge and notable service event is
appended as an :class:`AuditEvent`: who (``actor``, a reviewer or service id),
what (``action``), when, why (``reason_code``), and about what (``subject_ref``).

**Why ``subject_ref`` is a keyed hash and not the case id.** Deleting a
dismissed or expired case must leave no trace of its ids in the database files.
An audit log that named the case id would defeat that. So events name the
subject by ``HMAC-SHA256(secret, kind + NUL + id)`` truncated to 16 hex
characters, where ``secret`` is 32 random bytes generated per database and kept
in its ``meta`` table. Whoever knows a case id (the platform, the API) can compute
the same ref (``CaseStore.case_ref``) and read the case's history; a byte scan
of the files for the id finds nothing. This is pseudonymisation, not
anonymisation: someone holding both the database and a candidate id can test
the guess. 64 bits make accidental collisions negligible at review volumes.

Audit ``details`` are short tokens (statuses, model versions, counts, lease
seconds, recipient organisations) and never conversation, participant or
message ids. Append-only is enforced by database triggers that raise on UPDATE
and DELETE (and TRUNCATE on PostgreSQL); audit retention is therefore
independent of -- and may be longer than -- case retention.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from service.errors import InvalidInput
from service.review.validation import require_code, require_id, require_token

SUBJECT_REF_HEX_CHARS = 16
MAX_DETAILS = 16


class AuditAction(StrEnum):
    """Actions the service itself records. ``append_audit`` accepts any valid code."""

    CASE_OPENED = "case.opened"
    CASE_UPDATED = "case.updated"
    CASE_CLAIMED = "case.claimed"
    CASE_RELEASED = "case.released"
    CASE_CONFIRMED = "case.confirmed"
    CASE_DISMISSED = "case.dismissed"
    CASE_REPORTED = "case.reported"
    CASE_EXPIRED = "case.expired"
    COMPLAINT_FILED = "complaint.filed"
    COMPLAINT_RESOLVED = "complaint.resolved"
    RETENTION_PURGE = "retention.purge"
    CONFIG_STARTUP = "config.startup"
    MODEL_LOADED = "model.loaded"
    AUTH_FAILED = "auth.failed"


SYSTEM_ACTOR = "system"
"""Actor of events the service raises on its own (flags, purges)."""


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One audit record. ``seq`` orders events within one database."""

    seq: int
    at: datetime
    actor: str
    action: str
    subject_ref: str
    reason_code: str
    details: Mapping[str, str]


def keyed_ref(secret: bytes, kind: str, value: str) -> str:
    """The keyed hash of ``value`` in namespace ``kind`` (16 hex characters)."""
    digest = hmac.new(secret, f"{kind}\x00{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:SUBJECT_REF_HEX_CHARS]


def validate_subject_ref(field: str, value: str) -> str:
    """A subject ref is empty (no subject) or 16 lowercase hex characters."""
    if value and (
        len(value) != SUBJECT_REF_HEX_CHARS or any(c not in "0123456789abcdef" for c in value)
    ):
        raise InvalidInput(field, f"must be empty or {SUBJECT_REF_HEX_CHARS} hex characters")
    return value


def validate_event(
    actor: str, action: str, subject_ref: str, reason_code: str, details: Mapping[str, str]
) -> Mapping[str, str]:
    """Check an event's fields; return its details as a sorted, read-only mapping."""
    require_id("actor", actor)
    require_code("action", action)
    validate_subject_ref("subject_ref", subject_ref)
    require_code("reason_code", reason_code)
    if len(details) > MAX_DETAILS:
        raise InvalidInput("details", f"at most {MAX_DETAILS} entries")
    for key, value in details.items():
        require_code("details.key", key)
        require_token(f"details.{key}", value)
    return MappingProxyType(dict(sorted(details.items())))
