"""The conversation domain model and its validation.

Both transports (gRPC requests and the canonical JSONL format) are converted into
these types and validated by :func:`validate_conversation`, so the rules are written
once. Validation errors name a field path and a problem, never message text.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import NamedTuple

from service.errors import InvalidInput
from service.scoring._validate import check_messages

# 2000-01-01T00:00:00Z: nothing older is a plausible chat message timestamp.
EARLIEST_TIMESTAMP = 946_684_800.0
# How far in the future a timestamp may be (clock skew between platform and us).
MAX_FUTURE_SKEW_S = 24 * 3600.0
MAX_ID_LENGTH = 256
MIN_AGE = 1
ADULT_AGE = 18
MAX_AGE = 120


class AgeSource(enum.Enum):
    """Where a participant's age comes from, as the platform states it."""

    UNKNOWN = "unknown"
    DECLARED = "declared"
    ESTIMATED = "estimated"
    VERIFIED = "verified"


class ContentKind(enum.Enum):
    """What a message carries. Only TEXT is ever scanned."""

    TEXT = "text"
    AUDIO_TRANSCRIPT = "audio_transcript"
    OTHER = "other"


class Participant(NamedTuple):
    """A participant as the platform identifies it; ``age`` is None when unknown."""

    id: str
    age: int | None
    age_source: AgeSource


class Message(NamedTuple):
    """One chat message. ``sent_at`` is Unix seconds (UTC). ``text`` lives only in memory.

    A named tuple, not a dataclass: a request builds thousands of these, and tuple
    construction is several times cheaper.
    """

    id: str
    sender: str
    sent_at: float
    text: str
    kind: ContentKind = ContentKind.TEXT


@dataclass(frozen=True, slots=True)
class Label:
    """Ground truth for training and evaluation; production data has none."""

    suspicious: bool
    offender: str | None
    first_risk_message: str | None


@dataclass(frozen=True, slots=True)
class Conversation:
    """A conversation to score. ``category`` is an optional evaluation tag (never used to score)."""

    id: str
    participants: tuple[Participant, ...]
    messages: tuple[Message, ...]
    professional_secrecy: bool = False
    label: Label | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    """Request-size limits applied before anything else looks at a conversation."""

    max_messages: int = 1000
    max_chars_per_message: int = 4096
    max_participants: int = 50


def check_id(value: object, field: str) -> str:
    """Return ``value`` if it is a usable opaque id, else raise :class:`InvalidInput`."""
    if not isinstance(value, str) or not value:
        raise InvalidInput(field, "is required")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidInput(field, f"is longer than {MAX_ID_LENGTH} characters")
    if not value.isprintable() or any(ch.isspace() for ch in value):
        # Same rule as the case store: ids are opaque tokens, never sentences.
        raise InvalidInput(field, "must be printable and contain no whitespace")
    return value


def validate_conversation(conv: Conversation, limits: Limits, now: float) -> None:
    """Check a conversation against the limits and consistency rules.

    Raises :class:`InvalidInput` naming the first offending field. ``now`` is Unix
    seconds, used to reject timestamps too far in the future.
    """
    check_id(conv.id, "conversation.id")
    if not conv.participants:
        raise InvalidInput("conversation.participants", "must not be empty")
    if len(conv.participants) > limits.max_participants:
        raise InvalidInput(
            "conversation.participants", f"more than {limits.max_participants} participants"
        )
    if len(conv.messages) > limits.max_messages:
        raise InvalidInput("conversation.messages", f"more than {limits.max_messages} messages")
    ids: set[str] = set()
    for i, p in enumerate(conv.participants):
        field = f"conversation.participants[{i}]"
        check_id(p.id, f"{field}.id")
        if p.id in ids:
            raise InvalidInput(f"{field}.id", "duplicate participant id")
        ids.add(p.id)
        if p.age is None:
            if p.age_source is not AgeSource.UNKNOWN:
                raise InvalidInput(f"{field}.age", "is required when age_source is not unknown")
        else:
            if not MIN_AGE <= p.age <= MAX_AGE:
                raise InvalidInput(f"{field}.age", f"must be between {MIN_AGE} and {MAX_AGE}")
            if p.age_source is AgeSource.UNKNOWN:
                raise InvalidInput(f"{field}.age_source", "must not be unknown when age is set")
    latest = now + MAX_FUTURE_SKEW_S
    max_chars = limits.max_chars_per_message
    # The compiled fast path says whether every message passes the loop below; when it
    # is not certain (a message breaks a rule, or has an id it does not judge) the loop
    # runs and finds and words the first problem. The rules are only written here.
    if check_messages(conv.messages, ids, EARLIEST_TIMESTAMP, latest, max_chars,
                      MAX_ID_LENGTH):
        return
    seen: set[str] = set()
    for i, m in enumerate(conv.messages):
        mid = m.id
        if not (mid.isidentifier() and len(mid) <= MAX_ID_LENGTH):  # plain ids skip the full check
            check_id(mid, f"conversation.messages[{i}].id")
        if mid in seen:
            raise InvalidInput(f"conversation.messages[{i}].id", "duplicate message id")
        seen.add(mid)
        if m.sender not in ids:
            check_id(m.sender, f"conversation.messages[{i}].sender_id")
            raise InvalidInput(f"conversation.messages[{i}].sender_id", "is not a participant")
        if not (EARLIEST_TIMESTAMP <= m.sent_at <= latest) or math.isnan(m.sent_at):
            raise InvalidInput(
                f"conversation.messages[{i}].sent_at", "is missing or outside 2000-01-01..now+24h"
            )
        if len(m.text) > max_chars:
            raise InvalidInput(
                f"conversation.messages[{i}].text", f"longer than {max_chars} characters"
            )
