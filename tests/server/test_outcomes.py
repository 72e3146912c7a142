"""Every outcome and every gate reason through ``ScoreConversation`` on a real server."""

from __future__ import annotations

import pytest

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.conftest import Running
from tests.server.helpers import (
    DECLARED,
    MODEL_VERSION,
    UNKNOWN,
    benign,
    positive,
    unique_id,
)


def test_clear_positive_is_flagged_with_a_case(server: Running) -> None:
    req = positive()
    r = server.scoring.ScoreConversation(req, timeout=10)
    assert r.conversation_id == req.conversation.id
    assert r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
    assert r.suspicious is True
    assert r.case_id
    assert r.model_version == MODEL_VERSION
    assert r.not_scanned_reason == spb.NOT_SCANNED_REASON_UNSPECIFIED
    assert not r.HasField("error")


def test_benign_parent_child_homework_chat_is_not_suspicious(server: Running) -> None:
    req = benign(adult=(40, DECLARED), child=(12, DECLARED))
    r = server.scoring.ScoreConversation(req, timeout=10)
    assert r.conversation_id == req.conversation.id
    assert r.outcome == spb.OUTCOME_NOT_SUSPICIOUS
    assert r.suspicious is False
    assert r.case_id == ""
    assert r.model_version == MODEL_VERSION  # it was scanned
    assert r.not_scanned_reason == spb.NOT_SCANNED_REASON_UNSPECIFIED


@pytest.mark.parametrize(
    ("name", "kwargs", "reason"),
    [
        ("professional-secrecy", {"professional_secrecy": True},
         spb.NOT_SCANNED_REASON_PROFESSIONAL_SECRECY),
        ("audio-transcript", {"kinds": {4: spb.CONTENT_KIND_AUDIO_TRANSCRIPT}},
         spb.NOT_SCANNED_REASON_UNSUPPORTED_CONTENT),
        ("other-content", {"kinds": {0: spb.CONTENT_KIND_OTHER}},
         spb.NOT_SCANNED_REASON_UNSUPPORTED_CONTENT),
        ("all-adults", {"adult": (34, DECLARED), "child": (19, DECLARED)},
         spb.NOT_SCANNED_REASON_NO_LIKELY_MINOR),
        ("minor-peers-14-15", {"adult": (15, DECLARED), "child": (14, DECLARED)},
         spb.NOT_SCANNED_REASON_NO_LIKELY_MINOR),
        ("minor-peers-at-the-gap-14-17", {"adult": (17, DECLARED), "child": (14, DECLARED)},
         spb.NOT_SCANNED_REASON_NO_LIKELY_MINOR),
        ("verified-adults", {"adult": (50, spb.AGE_SOURCE_VERIFIED),
                             "child": (18, spb.AGE_SOURCE_ESTIMATED)},
         spb.NOT_SCANNED_REASON_NO_LIKELY_MINOR),
        # An age without a source is the user's own claim: known, so the gate applies.
        ("adults-age-without-source", {"adult": (34, spb.AGE_SOURCE_UNSPECIFIED),
                                       "child": (21, spb.AGE_SOURCE_UNSPECIFIED)},
         spb.NOT_SCANNED_REASON_NO_LIKELY_MINOR),
        # Secrecy wins over everything else, even a mix that would be scanned.
        ("secrecy-with-audio", {"professional_secrecy": True,
                                "kinds": {1: spb.CONTENT_KIND_AUDIO_TRANSCRIPT}},
         spb.NOT_SCANNED_REASON_PROFESSIONAL_SECRECY),
    ],
)
def test_gate_reasons_are_not_scanned(
    server: Running, name: str, kwargs: dict[str, object], reason: int
) -> None:
    # The text is the clear positive: only the gate can keep it from being flagged.
    req = positive(unique_id(name), **kwargs)
    r = server.scoring.ScoreConversation(req, timeout=10)
    assert r.outcome == spb.OUTCOME_NOT_SCANNED
    assert r.not_scanned_reason == reason
    assert r.suspicious is False
    assert r.case_id == ""
    assert r.conversation_id == req.conversation.id


def test_not_scanned_response_has_no_model_version(server: Running) -> None:
    for kwargs in (
        {"professional_secrecy": True},
        {"kinds": {0: spb.CONTENT_KIND_AUDIO_TRANSCRIPT}},
        {"adult": (34, DECLARED), "child": (19, DECLARED)},
    ):
        r = server.scoring.ScoreConversation(positive(**kwargs), timeout=10)
        assert r.outcome == spb.OUTCOME_NOT_SCANNED
        assert r.model_version == ""


def test_nothing_is_kept_for_not_scanned_or_benign(server: Running) -> None:
    server.scoring.ScoreConversation(positive(professional_secrecy=True), timeout=10)
    server.scoring.ScoreConversation(benign(), timeout=10)
    listed = server.review.ListCases(rpb.ListCasesRequest(page_size=500), timeout=10)
    assert list(listed.cases) == []


@pytest.mark.parametrize(
    ("adult", "child"),
    [
        ((None, UNKNOWN), (None, UNKNOWN)),
        ((None, spb.AGE_SOURCE_UNSPECIFIED), (None, spb.AGE_SOURCE_UNSPECIFIED)),
        ((34, DECLARED), (None, UNKNOWN)),
        ((None, UNKNOWN), (13, DECLARED)),
    ],
)
def test_unknown_ages_are_scanned(server: Running, adult: object, child: object) -> None:
    flagged = server.scoring.ScoreConversation(positive(adult=adult, child=child), timeout=10)
    assert flagged.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW
    assert flagged.case_id
    assert flagged.model_version == MODEL_VERSION
    calm = server.scoring.ScoreConversation(benign(adult=adult, child=child), timeout=10)
    assert calm.outcome == spb.OUTCOME_NOT_SUSPICIOUS
    assert calm.model_version == MODEL_VERSION


@pytest.mark.parametrize(
    ("adult", "child"),
    [((17, DECLARED), (13, DECLARED)),  # minors, one beyond the 3-year gap
     ((18, DECLARED), (17, DECLARED))],  # an adult and a minor, however close
)
def test_known_ages_with_a_likely_minor_are_scanned(
    server: Running, adult: object, child: object
) -> None:
    r = server.scoring.ScoreConversation(positive(adult=adult, child=child), timeout=10)
    assert r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW


def test_response_has_no_score_and_no_text() -> None:
    names = {f.name for f in spb.ScoreConversationResponse.DESCRIPTOR.fields}
    assert names == {
        "conversation_id", "outcome", "suspicious", "case_id", "not_scanned_reason",
        "model_version", "error",
    }
    assert not any("score" in n or "text" in n or "indicator" in n for n in names)
    item_error = {f.name for f in spb.ItemError.DESCRIPTOR.fields}
    assert item_error == {"code", "message", "field"}


def test_response_bytes_carry_no_message_text(server: Running) -> None:
    req = positive()
    r = server.scoring.ScoreConversation(req, timeout=10)
    wire = r.SerializeToString()
    for m in req.conversation.messages:
        assert m.text.encode() not in wire


def test_unary_call_without_a_deadline(server: Running) -> None:
    # No gRPC deadline; the future's own wait keeps the test from hanging.
    future = server.scoring.ScoreConversation.future(positive())
    r = future.result(timeout=30)
    assert r.outcome == spb.OUTCOME_FLAGGED_FOR_REVIEW


def test_stream_without_a_deadline(server: Running) -> None:
    responses = server.scoring.ScoreConversations(iter([positive(), benign()]))
    outcomes = [r.outcome for r in responses]
    assert outcomes == [spb.OUTCOME_FLAGGED_FOR_REVIEW, spb.OUTCOME_NOT_SUSPICIOUS]
