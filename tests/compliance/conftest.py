"""Real servers (the shared factory) for the end-to-end compliance tests, on a manual clock.

Conversations come from the synthetic corpus (``training.synth``) with every id replaced
by a fresh random one, so that a byte scan or a search of a serialized response can only
find an id if the service really kept it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from service.api.grooming_risk.v1 import scoring_pb2
from service.client import request_for
from service.clock import ManualClock
from service.scoring.conversation import Conversation
from service.scoring.jsonl import conversation_from_dict
from tests.conftest import Running, StartServer
from training.synth import generate

#: Where every test's manual clock starts (the synthetic messages are all older).
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


#: A started server (the shared factory's), here always on a ManualClock.
Served = Running
Serve = Callable[..., Running]


@pytest.fixture
def serve(start_server: StartServer) -> Serve:
    """The shared server factory, on a ManualClock at :data:`START` unless given one."""

    def start(clock: ManualClock | None = None, **overrides: Any) -> Running:
        return start_server(clock=clock or ManualClock(START), **overrides)

    return start


def _fresh_ids(record: dict[str, Any]) -> dict[str, Any]:
    """The synthetic record with a random conversation id and random participant ids."""
    tag = uuid.uuid4().hex
    people = {p["id"]: f"user-{tag[:12]}-{i}" for i, p in enumerate(record["participants"])}
    label = dict(record.get("label") or {})
    if label.get("offender"):
        label["offender"] = people[label["offender"]]
    return {
        **record,
        "conversation_id": f"conv-{tag}",
        "participants": [{**p, "id": people[p["id"]]} for p in record["participants"]],
        "messages": [{**m, "sender": people[m["sender"]]} for m in record["messages"]],
        "label": label or None,
    }


def synthetic(n: int, *, suspicious: bool, seed: int = 2026) -> list[Conversation]:
    """``n`` synthetic conversations with the given label, each with fresh random ids."""
    records = [r for r in generate(max(4 * n, 20), seed, "b")
               if bool((r.get("label") or {}).get("suspicious")) is suspicious]
    assert len(records) >= n, "the synthetic corpus did not yield enough conversations"
    return [conversation_from_dict(_fresh_ids(r)) for r in records[:n]]


def flag_one(served: Served, *, seed: int = 2026) -> tuple[Conversation, str]:
    """Score synthetic positives until one is flagged; return it and its case id."""
    for conv in synthetic(12, suspicious=True, seed=seed):
        response = served.scoring.ScoreConversation(request_for(conv), timeout=10)
        if response.outcome == scoring_pb2.OUTCOME_FLAGGED_FOR_REVIEW:
            assert response.case_id
            return conv, response.case_id
    raise AssertionError("no synthetic positive was flagged by the shipped model")


def participant_ids(conv: Conversation) -> list[str]:
    """The platform ids of a conversation's participants."""
    return [p.id for p in conv.participants]
