"""Shared pieces of the hostile-input suite: servers, statuses and request texts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.server import App
from tests.conftest import Running
from tests.conftest import start_app as start_shared

#: Statuses a hostile request may end with. Never INTERNAL or UNKNOWN.
ALLOWED = frozenset({
    grpc.StatusCode.OK,
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.UNAVAILABLE,
})
ALLOWED_ITEM_CODES = frozenset(code.value[0] for code in ALLOWED)

SCORE_METHOD = "/grooming_risk.v1.ScoringService/ScoreConversation"
BULK_METHOD = "/grooming_risk.v1.ScoringService/ScoreConversations"
#: What the service answers when a request cannot be parsed. The error interceptor decodes
#: requests itself (``service/interceptors/__init__.py``, ``decode_inside``); left to
#: grpcio, the answer would be INTERNAL "Exception deserializing request!" (see
#: ``test_wire_fuzz``'s docstring).
UNDECODABLE = (grpc.StatusCode.INVALID_ARGUMENT, "request: is not a valid protobuf message")

CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", 128 * 1024 * 1024),
    ("grpc.max_send_message_length", 128 * 1024 * 1024),
]

# An unmistakable grooming sequence (scores ~1.0 with the shipped model).
POSITIVE_LINES: tuple[tuple[str, str], ...] = (
    ("a", "hey how old are you"),
    ("c", "im 13"),
    ("a", "you seem so mature for your age"),
    ("a", "which school do you go to"),
    ("a", "are you alone right now? do your parents check your phone"),
    ("a", "dont tell anyone about our chats ok, its our secret"),
    ("a", "lets talk on snapchat instead, add me"),
    ("a", "send me a pic of you"),
    ("a", "we should meet up this weekend, dont tell your parents"),
)


#: A started server: the shared factory's (``tests/conftest.py``).
ServerUnderTest = Running


def start_app(data_dir: Path, **overrides: Any) -> ServerUnderTest:
    """The shared factory's server, with a channel that takes 128 MiB messages."""
    return start_shared(data_dir, channel_options=CHANNEL_OPTIONS, **overrides)


def own_connection(target: str) -> grpc.Channel:
    """A channel with its own HTTP/2 connection (not shared through the global subchannel pool)."""
    return grpc.insecure_channel(
        target, options=[*CHANNEL_OPTIONS, ("grpc.use_local_subchannel_pool", 1)]
    )


def stop_bounded(app: App, timeout: float = 10.0) -> bool:
    """``app.stop(0)`` on a daemon thread; False if it has not returned after ``timeout``.

    ``App.stop`` waits for grpc's shutdown event without a timeout; if a regression makes
    grpcio leak an RPC state again (see
    ``test_wire_fuzz.test_stop_completes_after_undecodable_stream_messages``), a test
    must fail, not hang.
    """
    stopper = threading.Thread(target=app.stop, args=(0,), name="bounded-stop", daemon=True)
    stopper.start()
    stopper.join(timeout)
    return not stopper.is_alive()


def health_status(channel: grpc.Channel, service: str = "") -> int:
    """The health status the server reports for ``service``."""
    stub = health_pb2_grpc.HealthStub(channel)
    return stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status


def call_status(call: Any, request: Any, timeout: float = 60.0) -> tuple[grpc.StatusCode, str, Any]:
    """(code, details, response) of a unary call; the response is None unless OK."""
    try:
        response = call(request, timeout=timeout)
    except grpc.RpcError as err:
        return err.code(), err.details() or "", None
    return grpc.StatusCode.OK, "", response


def positive_request(conv_id: str, start: float | None = None) -> spb.ScoreConversationRequest:
    """A valid, clearly suspicious conversation between an adult and a 13-year-old."""
    start = time.time() - 3600 if start is None else start
    conv = spb.Conversation(id=conv_id)
    adult = conv.participants.add(id="u-adult", age_source=spb.AGE_SOURCE_DECLARED)
    adult.age = 34
    child = conv.participants.add(id="u-child", age_source=spb.AGE_SOURCE_DECLARED)
    child.age = 13
    for i, (who, text) in enumerate(POSITIVE_LINES):
        m = conv.messages.add(id=f"m{i + 1}", sender_id="u-adult" if who == "a" else "u-child",
                              text=text, kind=spb.CONTENT_KIND_TEXT)
        m.sent_at.seconds = int(start) + 30 * i
    return spb.ScoreConversationRequest(conversation=conv)


def request_texts(request: spb.ScoreConversationRequest) -> list[str]:
    """Every message text of a request."""
    return [m.text for m in request.conversation.messages]


def leaked_texts(texts: Iterable[str], blob: str, min_len: int = 8) -> list[str]:
    """The texts of at least ``min_len`` characters that occur in ``blob`` (shortened)."""
    return [t[:40] for t in set(texts) if len(t) >= min_len and t in blob]
