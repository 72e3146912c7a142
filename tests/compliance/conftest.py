"""Real servers for the end-to-end compliance tests: 127.0.0.1:0, a manual clock, real channels.

Conversations come from the synthetic corpus (``training.synth``) with every id replaced
by a fresh random one, so that a byte scan or a search of a serialized response can only
find an id if the service really kept it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2_grpc, scoring_pb2, scoring_pb2_grpc
from service.client import request_for
from service.config import Settings
from service.review.clock import ManualClock
from service.scoring.conversation import Conversation
from service.scoring.jsonl import conversation_from_dict
from service.server import App, build_server
from training.synth import generate

#: Where every test's manual clock starts (the synthetic messages are all older).
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Served:
    """A started server, its clock and data directory, and a channel with stubs."""

    app: App
    clock: ManualClock
    data_dir: Path
    channel: grpc.Channel
    scoring: scoring_pb2_grpc.ScoringServiceStub
    review: review_pb2_grpc.ReviewServiceStub
    extra_channels: list[grpc.Channel] = field(default_factory=list)

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.app.port}"

    def new_review_stub(self) -> review_pb2_grpc.ReviewServiceStub:
        """A ReviewService stub on a channel of its own: a second, independent client."""
        channel = grpc.insecure_channel(self.target)
        self.extra_channels.append(channel)
        return review_pb2_grpc.ReviewServiceStub(channel)


Serve = Callable[..., Served]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """Start servers with Settings overrides on a ManualClock; all are stopped at teardown."""
    started: list[Served] = []

    def start(clock: ManualClock | None = None, **overrides: Any) -> Served:
        clock = clock or ManualClock(START)
        data_dir = tmp_path / f"data{len(started)}"
        settings = Settings(port=0, metrics_port=0, data_dir=data_dir, host="127.0.0.1",
                            **overrides)
        app = build_server(settings, clock=clock)
        app.start()
        channel = grpc.insecure_channel(f"127.0.0.1:{app.port}")
        served = Served(app, clock, data_dir, channel,
                        scoring_pb2_grpc.ScoringServiceStub(channel),
                        review_pb2_grpc.ReviewServiceStub(channel))
        started.append(served)
        return served

    yield start
    for served in reversed(started):
        for channel in (served.channel, *served.extra_channels):
            channel.close()
        served.app.stop(0)


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
