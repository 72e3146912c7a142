"""The behaviour features (feat-2) on conversations whose answer is known by hand."""

from __future__ import annotations

import numpy as np

from service.scoring.conversation import AgeSource, Conversation, Message, Participant
from service.scoring.features import DENSE_FEATURES, FeatureSpace

DAY = 86400.0


def _dense(texts: list[tuple[str, str, float]], ages: tuple[int | None, int | None] = (40, 12),
           ) -> dict[str, float]:
    people = tuple(Participant(pid, age, AgeSource.DECLARED if age else AgeSource.UNKNOWN)
                   for pid, age in zip(("a", "b"), ages, strict=True))
    msgs = tuple(Message(f"m{i}", who, 1.7e9 + t, text) for i, (who, text, t) in enumerate(texts))
    batch = FeatureSpace([], []).featurize([Conversation("c", people, msgs)], [[("a", "b")]])
    return dict(zip(DENSE_FEATURES, batch.dense[0].tolist(), strict=True))


def test_signs_in_grooming_order_across_sessions() -> None:
    d = _dense([
        ("a", "you are so mature", 0),            # rapport
        ("b", "im in 7th grade lol", 60),        # disclosure
        ("a", "how old are you?", 120),          # risk assessment
        ("a", "dont tell anyone ok", 2 * DAY),    # exclusivity
        ("a", "add me on snapchat", 3 * DAY),     # access
    ])
    assert d["sender_stages_touched"] == 1.0
    assert d["sender_stage_order"] == 1.0
    assert d["sender_assessment_then_access"] == 1.0
    assert d["partner_disclosed_before_sender_sign"] == 1.0
    assert d["conversation_sessions_log"] == np.float32(np.log1p(3))
    assert d["sender_indicator_sessions_log"] == np.float32(np.log1p(3))
    assert d["sender_question_share"] == np.float32(1 / 4)
    assert d["stages_x_partner_likely_minor"] == 1.0


def test_reversed_order_and_plain_logistics_score_low() -> None:
    reversed_ = _dense([("a", "add me on snapchat", 0), ("a", "you are so mature", 60)])
    assert reversed_["sender_stage_order"] == 0.0
    plain = _dense([("a", "practice is at 5 tomorrow", 0), ("b", "ok", 30)])
    for name in ("sender_stages_touched", "sender_stage_order", "sender_assessment_then_access",
                 "partner_disclosed_before_sender_sign", "stages_x_age_gap"):
        assert plain[name] == 0.0
    assert plain["conversation_sessions_log"] == np.float32(np.log1p(1))


def test_a_flag_needs_a_warning_sign_from_the_suspect(tiny_model: object) -> None:
    """Even at a threshold that flags everything, wording alone never opens a case."""
    from pathlib import Path

    from service.scoring.engine import Outcome, RiskScorer
    from service.scoring.model import ScoringModel
    from service.scoring.policy import PolicyGate

    scorer = RiskScorer(ScoringModel.load(Path(str(tiny_model))), PolicyGate(), threshold=1e-9)
    people = (Participant("a", 40, AgeSource.DECLARED), Participant("b", 12, AgeSource.DECLARED))

    def conv(cid: str, adult_line: str) -> Conversation:
        msgs = (Message("m1", "a", 1.7e9, adult_line), Message("m2", "b", 1.7e9 + 60, "ok"),
                Message("m3", "a", 1.7e9 + 120, "great game today"))
        return Conversation(cid, people, msgs)

    plain, signed = scorer.score([conv("plain", "the bus leaves at five"),
                                  conv("signed", "dont tell your parents about this")])
    assert plain.outcome is Outcome.NOT_SUSPICIOUS and plain.score == 0.0
    assert signed.outcome is Outcome.FLAGGED_FOR_REVIEW and signed.score > 0.0
    assert "SECRECY" in {code.name for code in signed.indicators}
