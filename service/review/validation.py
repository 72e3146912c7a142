"""Validation of the few kinds of value the review domain accepts.

The review store holds references only, never message text. Everything it is
handed is one of three kinds, each with a rule that leaves no room for prose:

* **ids** are opaque platform strings (case, conversation, participant, message,
  reviewer ids): 1..``MAX_ID_LENGTH`` (256) characters, printable, no whitespace and no control
  characters. Refusing whitespace is stricter than "printable" on purpose: it
  keeps sentences out of id fields.
* **codes** are short machine codes (reason codes, indicator codes, channels,
  audit actions): ``[a-z0-9_.-]{1,64}``.
* **tokens** are audit detail values (statuses, model versions, counts, lease
  seconds): 0..256 characters from ``[A-Za-z0-9_.:@/+-]``.

Error messages name the field and the rule, never the offending value.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from service.errors import InvalidInput
from service.scoring.conversation import MAX_ID_LENGTH  # the platform's ids, as scored

_CODE = re.compile(r"[a-z0-9_.-]{1,64}")
_TOKEN = re.compile(r"[A-Za-z0-9_.:@/+-]{0,256}")


def require_id(field: str, value: object) -> str:
    """Return ``value`` if it is a valid opaque id, else raise :class:`InvalidInput`."""
    if not isinstance(value, str):
        raise InvalidInput(field, "must be a string")
    if not value:
        raise InvalidInput(field, "must not be empty")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidInput(field, f"must be at most {MAX_ID_LENGTH} characters")
    if not value.isprintable() or any(ch.isspace() for ch in value):
        raise InvalidInput(field, "must be printable and contain no whitespace")
    return value


def require_code(field: str, value: object) -> str:
    """Return ``value`` if it is a machine code matching ``[a-z0-9_.-]{1,64}``."""
    if not isinstance(value, str) or _CODE.fullmatch(value) is None:
        raise InvalidInput(field, "must match [a-z0-9_.-]{1,64}")
    return value


def require_token(field: str, value: object) -> str:
    """Return ``value`` if it is an audit detail token (``[A-Za-z0-9_.:@/+-]{0,256}``)."""
    if not isinstance(value, str) or _TOKEN.fullmatch(value) is None:
        raise InvalidInput(field, "must match [A-Za-z0-9_.:@/+-]{0,256}")
    return value


def require_unit_interval(field: str, value: object) -> float:
    """Return ``value`` as a float if it is finite and within [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(field, "must be a number")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise InvalidInput(field, "must be a finite number in [0, 1]")
    return number


def require_count(field: str, value: object) -> int:
    """Return ``value`` if it is a non-negative int."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(field, "must be a non-negative integer")
    return value


def require_utc(value: datetime) -> datetime:
    """Return ``value`` converted to UTC; naive datetimes are a programming error.

    Raises ``ValueError`` (not a domain error): a naive clock is a bug in the
    caller, not bad client input, so it should surface as an internal error.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("datetimes in the review domain must be timezone-aware (UTC)")
    return value.astimezone(UTC)
