"""Reader for the canonical conversation JSONL format (one conversation per line).

Training, evaluation and the ``score`` CLI all read this format. A bad line is
reported with its line number, the field at fault and the problem; the report
never echoes message text, and nothing is dropped silently: callers get every
skipped line back in :class:`LoadReport`.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from service.errors import InvalidInput
from service.scoring.conversation import (
    AgeSource,
    ContentKind,
    Conversation,
    Label,
    Limits,
    Message,
    Participant,
    validate_conversation,
)

_AGE_SOURCES = {s.value: s for s in AgeSource}
_KINDS = {k.value: k for k in ContentKind}

#: Where this format's names differ from the proto's (``scoring.proto``): our name -> the
#: proto's field name, which is accepted too. Every other field has the proto's name.
CONVERSATION_ALIASES: Mapping[str, str] = {"conversation_id": "id"}
MESSAGE_ALIASES: Mapping[str, str] = {"sender": "sender_id"}


@dataclass(frozen=True, slots=True)
class LineError:
    """Why one line was skipped: its 1-based number, the field path and the problem."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.problem}"


@dataclass(slots=True)
class LoadReport:
    """What a load produced: the conversations and every line that was skipped."""

    conversations: list[Conversation] = field(default_factory=list)
    skipped: list[LineError] = field(default_factory=list)

    def summary(self) -> str:
        """A one-line, content-free account of skipped lines, grouped by field."""
        if not self.skipped:
            return f"loaded {len(self.conversations)} conversations, skipped 0 lines"
        by_field = Counter(e.field.split("[")[0] for e in self.skipped)
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(by_field.items()))
        return (
            f"loaded {len(self.conversations)} conversations, "
            f"skipped {len(self.skipped)} lines ({reasons})"
        )


def parse_timestamp(value: object, field_path: str) -> float:
    """Parse an RFC 3339 timestamp with an explicit offset into Unix seconds."""
    if not isinstance(value, str):
        raise InvalidInput(field_path, "must be an RFC 3339 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field_path, "is not RFC 3339") from None
    if parsed.tzinfo is None:
        raise InvalidInput(field_path, "needs a UTC offset (e.g. Z)")
    return parsed.timestamp()


def _require(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        raise InvalidInput(f"{path}.{key}" if path else key, "is required")
    return obj[key]


def _optional_str(value: object, field_path: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(field_path, "must be a string or null")
    return value


def _our_names(obj: dict[str, Any], aliases: Mapping[str, str], path: str) -> dict[str, Any]:
    """``obj`` with the proto's spellings renamed to ours; an object that gives one field
    under both names is an error naming the field (which value was meant is unknowable)."""
    renamed = None
    for ours, proto in aliases.items():
        if proto not in obj:
            continue
        where = f"{path}.{ours}" if path else ours
        if ours in obj:
            raise InvalidInput(where, f"is given twice, as {ours!r} and as {proto!r} "
                                      "(the proto's name); give one")
        renamed = renamed if renamed is not None else dict(obj)
        renamed[ours] = renamed.pop(proto)
    return obj if renamed is None else renamed


def conversation_from_dict(obj: object) -> Conversation:
    """Build a :class:`Conversation` from one decoded JSONL record (structure checks only).

    The proto's field names are accepted where ours differ (:data:`CONVERSATION_ALIASES`,
    :data:`MESSAGE_ALIASES`).
    """
    if not isinstance(obj, dict):
        raise InvalidInput("<line>", "must be a JSON object")
    obj = _our_names(obj, CONVERSATION_ALIASES, "")
    conv_id = _require(obj, "conversation_id", "")
    if not isinstance(conv_id, str):
        raise InvalidInput("conversation_id", "must be a string")
    raw_parts = _require(obj, "participants", "")
    if not isinstance(raw_parts, list):
        raise InvalidInput("participants", "must be a list")
    participants = []
    for i, p in enumerate(raw_parts):
        path = f"participants[{i}]"
        if not isinstance(p, dict):
            raise InvalidInput(path, "must be an object")
        pid = _require(p, "id", path)
        age = p.get("age")
        if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
            raise InvalidInput(f"{path}.age", "must be an integer or null")
        source_name = p.get("age_source", "unknown" if age is None else None)
        if source_name not in _AGE_SOURCES:
            raise InvalidInput(f"{path}.age_source", f"must be one of {sorted(_AGE_SOURCES)}")
        if not isinstance(pid, str):
            raise InvalidInput(f"{path}.id", "must be a string")
        participants.append(Participant(pid, age, _AGE_SOURCES[source_name]))
    raw_msgs = _require(obj, "messages", "")
    if not isinstance(raw_msgs, list):
        raise InvalidInput("messages", "must be a list")
    messages = []
    for i, raw_msg in enumerate(raw_msgs):
        path = f"messages[{i}]"
        if not isinstance(raw_msg, dict):
            raise InvalidInput(path, "must be an object")
        m = _our_names(raw_msg, MESSAGE_ALIASES, path)
        mid = _require(m, "id", path)
        sender = _require(m, "sender", path)
        text = _require(m, "text", path)
        kind = m.get("kind", "text")
        if not isinstance(mid, str):
            raise InvalidInput(f"{path}.id", "must be a string")
        if not isinstance(sender, str):
            raise InvalidInput(f"{path}.sender", "must be a string")
        if not isinstance(text, str):
            raise InvalidInput(f"{path}.text", "must be a string")
        if kind not in _KINDS:
            raise InvalidInput(f"{path}.kind", f"must be one of {sorted(_KINDS)}")
        sent_at = parse_timestamp(_require(m, "sent_at", path), f"{path}.sent_at")
        messages.append(Message(mid, sender, sent_at, text, _KINDS[kind]))
    secrecy = obj.get("professional_secrecy", False)
    if not isinstance(secrecy, bool):
        raise InvalidInput("professional_secrecy", "must be a boolean")
    category = _optional_str(obj.get("category"), "category")
    return Conversation(
        id=conv_id,
        participants=tuple(participants),
        messages=tuple(messages),
        professional_secrecy=secrecy,
        label=_label_from(obj.get("label")),
        category=category,
    )


def _label_from(raw: object) -> Label | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidInput("label", "must be an object or null")
    suspicious = raw.get("suspicious")
    if not isinstance(suspicious, bool):
        raise InvalidInput("label.suspicious", "must be a boolean")
    offender = _optional_str(raw.get("offender"), "label.offender")
    first = _optional_str(raw.get("first_risk_message"), "label.first_risk_message")
    if suspicious and offender is None:
        raise InvalidInput("label.offender", "is required when suspicious is true")
    return Label(suspicious, offender, first)


def _check_label(conv: Conversation) -> None:
    if conv.label is None or not conv.label.suspicious:
        return
    if conv.label.offender not in {p.id for p in conv.participants}:
        raise InvalidInput("label.offender", "is not a participant")
    first = conv.label.first_risk_message
    if first is not None and first not in {m.id for m in conv.messages}:
        raise InvalidInput("label.first_risk_message", "is not a message id")


def iter_lines(path: Path, limits: Limits) -> Iterator[Conversation | LineError]:
    """Yield each line of ``path`` as a validated conversation or a :class:`LineError`."""
    now = time.time()
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield LineError(line_no, "<line>", "is not valid UTF-8")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                # Only the position is reported: err.msg can quote the document.
                yield LineError(line_no, "<line>", f"invalid JSON at column {err.colno}")
                continue
            try:
                conv = conversation_from_dict(obj)
                validate_conversation(conv, limits, now)
                _check_label(conv)
            except InvalidInput as err:
                yield LineError(line_no, _unprefixed(err.field), err.problem)
                continue
            yield conv


def _unprefixed(field_path: str) -> str:
    # validate_conversation speaks in gRPC field paths; JSONL users see this format's names.
    path = field_path.removeprefix("conversation.")
    for ours, proto in CONVERSATION_ALIASES.items():
        if path == proto:
            return ours
    head, dot, last = path.rpartition(".")
    if head.startswith("messages[") and last in MESSAGE_ALIASES.values():
        ours = next(o for o, p in MESSAGE_ALIASES.items() if p == last)
        return f"{head}{dot}{ours}"
    return path


def load_conversations(path: Path, limits: Limits | None = None) -> LoadReport:
    """Read every line of ``path``; bad lines are skipped and listed in the report."""
    report = LoadReport()
    for item in iter_lines(path, limits or Limits()):
        if isinstance(item, LineError):
            report.skipped.append(item)
        else:
            report.conversations.append(item)
    return report
