"""Prevalence-adjusted precision, Wilson intervals and prefix rescoring, checked by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from service.scoring.conversation import AgeSource, Conversation, Label, Message, Participant
from service.scoring.engine import Outcome, ScoreResult
from training.evaluate import evaluate_prefixes, prefix_lengths
from training.metrics import precision_at_prevalence, wilson_interval


def test_precision_at_prevalence_by_hand() -> None:
    # TPR 0.8, FPR 0.02 at 1%: 0.008 / (0.008 + 0.0198)
    assert precision_at_prevalence(0.8, 0.02, 0.01) == pytest.approx(0.008 / 0.0278)
    assert precision_at_prevalence(0.8, 0.0, 0.001) == 1.0
    assert precision_at_prevalence(0.0, 0.0, 0.01) == 1.0  # nothing flagged, no false claim


def test_wilson_interval_is_not_zero_width_at_zero_errors() -> None:
    lo, hi = wilson_interval(0, 195)
    assert lo == 0.0 and 0.015 < hi < 0.025
    lo, hi = wilson_interval(5, 10)
    assert lo < 0.5 < hi


def test_prefix_lengths() -> None:
    assert prefix_lengths(12, 5) == [5, 10, 12]
    assert prefix_lengths(10, 5) == [5, 10]
    assert prefix_lengths(3, 5) == [3]


@dataclass
class _Model:
    version: str = "m"


@dataclass
class _ScoreByLastWord:
    """Scores a conversation 0.9 once any message so far says 'flag', else 0.1."""

    threshold: float = 0.5
    model: _Model = field(default_factory=_Model)

    def score(self, convs: list[Conversation]) -> list[ScoreResult]:
        out = []
        for c in convs:
            hit = any(m.text == "flag" for m in c.messages)
            out.append(ScoreResult(c.id, Outcome.FLAGGED_FOR_REVIEW if hit
                                   else Outcome.NOT_SUSPICIOUS, "m", 0.5,
                                   score=0.9 if hit else 0.1))
        return out


def _conv(cid: str, texts: list[str], suspicious: bool, first_risk: str | None) -> Conversation:
    people = (Participant("a", 40, AgeSource.DECLARED), Participant("b", 12, AgeSource.DECLARED))
    msgs = tuple(Message(f"m{i + 1}", "a", 1.7e9 + i, t) for i, t in enumerate(texts))
    return Conversation(cid, people, msgs, label=Label(suspicious, "a" if suspicious else None,
                                                       first_risk))


def test_prefix_rescoring_counts_delays_misses_and_negatives_flagged_early() -> None:
    convs = [
        # risk at m3, flag word at m7: first flagged prefix is 10 messages -> delay 7
        _conv("p1", ["x", "x", "risk", "x", "x", "x", "flag", "x", "x", "x", "x", "x"], True,
              "m3"),
        # flag at m2, risk at m4: flagged with the 5-message prefix -> delay 1
        _conv("p2", ["x", "flag", "x", "risk", "x", "x"], True, "m4"),
        _conv("p3", ["x"] * 7, True, "m2"),  # never flagged: a miss
        _conv("n1", ["x", "flag", "x", "x", "x", "x"], False, None),  # flagged at a prefix
        _conv("n2", ["x"] * 9, False, None),
    ]
    result = evaluate_prefixes(_ScoreByLastWord(), convs, 5)  # type: ignore[arg-type]
    assert result.delays == [7, 1]
    assert result.missed == 1
    s = result.summary()
    assert s["negatives_flagged_any_prefix"] == 0.5
    assert s["warning_delay_median"] == 4.0
