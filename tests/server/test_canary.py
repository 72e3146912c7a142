"""Canary test: message text must never reach disk, logs, metrics or any response.

Every message text below carries a unique ``CANARY-<hex>`` marker. The conversations
are scored (unary and streamed; flagged, benign, not scanned, and invalid), cases are
decided, the review and audit APIs are read, and the server is stopped. Then every byte
the service could have written or sent is searched for every marker.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
import uuid
from collections.abc import Iterator

import grpc
import pytest
from prometheus_client import generate_latest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.observability import configure_logging
from tests.conftest import StartServer
from tests.server.helpers import (
    BENIGN_LINES,
    DECLARED,
    POSITIVE_LINES,
    conversation,
    find_in_files,
    request,
    unique_id,
)


class Canaries:
    """Hands out unique markers and remembers them."""

    def __init__(self) -> None:
        self.hexes: list[str] = []

    def mark(self, text: str) -> str:
        hex_ = uuid.uuid4().hex
        self.hexes.append(hex_)
        return f"{text} CANARY-{hex_}"

    def lines(self, lines: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
        return [(who, self.mark(text)) for who, text in lines]

    def needles(self) -> list[str]:
        # The hex alone also catches normalised (lower-cased, re-tokenised) copies.
        return [form for h in self.hexes for form in (h, h.upper())]


class RecordCapture(logging.Handler):
    """Keeps everything about every record: message, args, fields and exception text."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.dumps: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.getMessage(), repr(record.__dict__)]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append("".join(traceback.format_exception(record.exc_info[1])))
        self.dumps.append("\n".join(parts))


@pytest.fixture
def logs() -> Iterator[RecordCapture]:
    """A record capture; the root logger is restored afterwards.

    The test calls ``configure_logging`` itself, in its call phase, so that the JSON
    handler writes to the stderr that ``capfd`` captures then.
    """
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    capture = RecordCapture()
    try:
        yield capture
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


def _conversations(c: Canaries) -> tuple[list[spb.ScoreConversationRequest],
                                         list[spb.ScoreConversationRequest]]:
    """(valid, invalid) requests, every text marked."""
    valid = [
        request(conversation(unique_id("cv-pos"), c.lines(POSITIVE_LINES)))
        for _ in range(4)
    ]
    valid += [
        request(conversation(unique_id("cv-pos-unknown"), c.lines(POSITIVE_LINES),
                             adult=(None, spb.AGE_SOURCE_UNKNOWN),
                             child=(None, spb.AGE_SOURCE_UNKNOWN))),
        request(conversation(unique_id("cv-neg"), c.lines(BENIGN_LINES),
                             adult=(40, DECLARED), child=(12, DECLARED))),
        request(conversation(unique_id("cv-secrecy"), c.lines(POSITIVE_LINES),
                             professional_secrecy=True)),
        request(conversation(unique_id("cv-audio"), c.lines(POSITIVE_LINES),
                             kinds={2: spb.CONTENT_KIND_AUDIO_TRANSCRIPT})),
        request(conversation(unique_id("cv-adults"), c.lines(POSITIVE_LINES),
                             adult=(30, DECLARED), child=(29, DECLARED))),
    ]
    invalid = []
    stranger = request(conversation(unique_id("cv-bad-sender"), c.lines(POSITIVE_LINES)))
    stranger.conversation.messages[3].sender_id = "u-stranger"
    invalid.append(stranger)
    too_long = request(conversation(unique_id("cv-bad-long"), c.lines(POSITIVE_LINES)))
    too_long.conversation.messages[1].text = c.mark("x" * 5000)
    invalid.append(too_long)
    duplicate = request(conversation(unique_id("cv-bad-dup"), c.lines(POSITIVE_LINES)))
    duplicate.conversation.messages[5].id = "m1"
    invalid.append(duplicate)
    no_kind = request(conversation(unique_id("cv-bad-kind"), c.lines(POSITIVE_LINES)))
    no_kind.conversation.messages[0].ClearField("kind")
    invalid.append(no_kind)
    old = request(conversation(unique_id("cv-bad-old"), c.lines(POSITIVE_LINES)))
    old.conversation.messages[4].sent_at.seconds = 631_152_000
    invalid.append(old)
    # A text full of control characters and a NUL: still must not leak anywhere.
    odd = request(conversation(unique_id("cv-bad-age"), c.lines(POSITIVE_LINES)))
    odd.conversation.messages[0].text = c.mark("\x00\x1b[31m\u202e dont tell anyone")
    odd.conversation.participants[1].age = 200
    invalid.append(odd)
    return valid, invalid


def _fresh_ids(requests: list[spb.ScoreConversationRequest]) -> list[spb.ScoreConversationRequest]:
    copies = []
    for req in requests:
        copy = spb.ScoreConversationRequest()
        copy.CopyFrom(req)
        copy.conversation.id = unique_id("cv-stream")
        copies.append(copy)
    return copies


def test_no_message_text_anywhere(
    start_server: StartServer, logs: RecordCapture, capfd: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG")  # the service's own JSON logs to stderr, everything at DEBUG
    logging.getLogger().addHandler(logs)
    canaries = Canaries()
    server = start_server()
    valid, invalid = _conversations(canaries)
    client_side: list[bytes] = []  # everything the service sent back

    # Unary.
    case_ids = []
    for req in valid:
        r = server.scoring.ScoreConversation(req, timeout=10)
        client_side.append(r.SerializeToString())
        if r.suspicious:
            case_ids.append(r.case_id)
    for req in invalid:
        with pytest.raises(grpc.RpcError) as info:
            server.scoring.ScoreConversation(req, timeout=10)
        err = info.value
        assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
        client_side.append(f"{err.details()} {err.debug_error_string()} "
                           f"{err.trailing_metadata()!r}".encode())
    assert len(case_ids) == 5, "the marked positives are still flagged"

    # Streamed, interleaving valid and invalid.
    bad = (invalid * 2)[: len(valid)]
    mixed = _fresh_ids([q for pair in zip(valid, bad, strict=True) for q in pair])
    streamed = list(server.scoring.ScoreConversations(iter(mixed), timeout=30))
    assert len(streamed) == len(mixed)
    client_side += [r.SerializeToString() for r in streamed]
    assert sum(r.outcome == spb.OUTCOME_REJECTED for r in streamed) == len(bad)
    case_ids += [r.case_id for r in streamed if r.suspicious]

    # Review: confirm and report one, dismiss one, leave the rest open.
    review = server.review
    review.ClaimCase(rpb.ClaimCaseRequest(case_id=case_ids[0], reviewer_id="rev-1"), timeout=10)
    confirmed = review.DecideCase(rpb.DecideCaseRequest(
        case_id=case_ids[0], decision=rpb.DECISION_CONFIRMED, reviewer_id="rev-1",
        reason="clear_indicators"), timeout=10)
    reported = review.ReportCase(rpb.ReportCaseRequest(
        case_id=case_ids[0], reviewer_id="rev-1", recipient="ncmec",
        reason="confirmed_solicitation"), timeout=10)
    review.ClaimCase(rpb.ClaimCaseRequest(case_id=case_ids[1], reviewer_id="rev-2"), timeout=10)
    dismissed = review.DecideCase(rpb.DecideCaseRequest(
        case_id=case_ids[1], decision=rpb.DECISION_DISMISSED, reviewer_id="rev-2",
        reason="benign_context"), timeout=10)
    assert dismissed.deleted
    client_side += [m.SerializeToString() for m in (confirmed, reported, dismissed)]
    client_side += [review.GetCase(rpb.GetCaseRequest(case_id=cid), timeout=10)
                    .SerializeToString() for cid in case_ids[2:]]
    client_side.append(review.ListCases(rpb.ListCasesRequest(page_size=500), timeout=10)
                       .SerializeToString())
    client_side.append(review.ListAuditEvents(rpb.ListAuditEventsRequest(page_size=500),
                                              timeout=10).SerializeToString())
    today = dt.datetime.now(dt.UTC).date()
    for fmt in (rpb.REPORT_FORMAT_JSON, rpb.REPORT_FORMAT_MARKDOWN, rpb.REPORT_FORMAT_HTML):
        try:
            rep = review.GetTransparencyReport(rpb.GetTransparencyReportRequest(
                from_date=(today - dt.timedelta(days=1)).isoformat(),
                to_date=(today + dt.timedelta(days=1)).isoformat(), format=fmt), timeout=10)
            client_side.append(rep.SerializeToString())
        except grpc.RpcError as err:  # the report is not under test here, only leaks
            client_side.append(f"{err.details()}".encode())

    metrics_text = generate_latest(server.app.metrics.registry)
    server.app.stop(grace=5)
    captured = capfd.readouterr()

    needles = canaries.needles()
    assert len(needles) > 200
    # The captures are live: the service did log, and the scan does read the store.
    assert '"event":"rpc"' in captured.err
    assert any("ScoreConversations" in d for d in logs.dumps)
    assert find_in_files(server.data_dir, [case_ids[2]])

    leaks = [("file", path, needle) for path, needle in find_in_files(server.data_dir, needles)]
    channels = {
        "stdout": captured.out,
        "stderr": captured.err,
        "log records": "\n".join(logs.dumps),
        "metrics": metrics_text.decode(),
        "responses": b"\n".join(client_side).decode("utf-8", "replace"),
    }
    for where, text in channels.items():
        leaks += [(where, "", n) for n in needles if n in text]
    assert leaks == []
