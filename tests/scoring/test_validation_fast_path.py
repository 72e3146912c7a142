"""The compiled fast path of message validation never accepts what the rules reject.

``validate_conversation`` asks ``check_messages`` (``service/scoring/_validate.c``) first
and runs its own loop only when the fast path is not certain. Here every conversation is
validated both ways (the Python loop alone, with the fast path switched off) and the
outcomes must be identical; and ordinary traffic must take the fast path, or it would
be dead weight.
"""

from __future__ import annotations

import random
import time

import pytest

import service.scoring.conversation as conversation_module
from service.errors import InvalidInput
from service.scoring._validate import check_messages
from service.scoring.conversation import (
    EARLIEST_TIMESTAMP,
    MAX_ID_LENGTH,
    Conversation,
    Limits,
    validate_conversation,
)
from training.bench_corpus import bench_conversations

LIMITS = Limits(max_messages=1000, max_chars_per_message=50, max_participants=50)
NOW = time.time()


def _outcome(conv: Conversation) -> tuple[str, str] | None:
    try:
        validate_conversation(conv, LIMITS, NOW)
    except InvalidInput as err:
        return (err.field, err.problem)
    return None


def _mutated(conv: Conversation, rng: random.Random) -> Conversation:
    messages = list(conv.messages)
    k = rng.randrange(len(messages))
    m = messages[k]
    choice = rng.randrange(10)
    if choice == 0:
        m = m._replace(id=rng.choice(["", "with space", "tab\t", "ü-id", "x" * 257, "x" * 256,
                                      "m-\x7f", "ok-id", "\u00a0nbsp"]))
    elif choice == 1:
        m = m._replace(id=messages[rng.randrange(len(messages))].id)  # maybe a duplicate
    elif choice == 2:
        m = m._replace(sender=rng.choice(["ghost", "", "a b", conv.participants[0].id]))
    elif choice == 3:
        m = m._replace(sent_at=rng.choice([float("nan"), EARLIEST_TIMESTAMP - 1,
                                           EARLIEST_TIMESTAMP, NOW + 24 * 3600 + 10,
                                           NOW + 3600, float("inf")]))
    elif choice == 4:
        m = m._replace(text="y" * rng.choice([49, 50, 51, 500]))
    elif choice == 5:
        m = m._replace(sent_at=int(m.sent_at))  # an int, as a hand-built Message may hold
    elif choice == 6:
        m = m._replace(text="ü" * rng.choice([50, 51]))
    messages[k] = m
    return Conversation(conv.id, conv.participants, tuple(messages), conv.professional_secrecy)


def test_the_fast_path_agrees_with_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261202)
    base = bench_conversations(200, 99, 0.3)
    cases = [_mutated(c, rng) for c in base for _ in range(10)]
    with_fast_path = [_outcome(c) for c in cases]
    monkeypatch.setattr(conversation_module, "check_messages", lambda *args: False)
    assert [_outcome(c) for c in cases] == with_fast_path
    assert sum(o is None for o in with_fast_path) > 300  # both outcomes are exercised
    assert sum(o is not None for o in with_fast_path) > 300


def test_ordinary_traffic_takes_the_fast_path() -> None:
    for conv in bench_conversations(200, 5, 0.3):
        ids = {p.id for p in conv.participants}
        assert check_messages(conv.messages, ids, EARLIEST_TIMESTAMP, NOW + 24 * 3600,
                              4096, MAX_ID_LENGTH), conv.id
