"""The policy gate, and `grooming-risk evaluate --json` on the service's code path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.scoring.conversation import (
    AgeSource,
    ContentKind,
    Conversation,
    Message,
    Participant,
)
from service.scoring.engine import RiskScorer
from service.scoring.jsonl import load_conversations
from service.scoring.model import ScoringModel
from service.scoring.policy import NotScannedReason, PolicyGate

D, U = AgeSource.DECLARED, AgeSource.UNKNOWN


def conv(ages: list[int | None], kinds: tuple[ContentKind, ...] = (ContentKind.TEXT,),
         secrecy: bool = False) -> Conversation:
    people = tuple(Participant(f"p{i}", a, D if a is not None else U) for i, a in enumerate(ages))
    msgs = tuple(Message(f"m{i}", people[i % len(people)].id, 1.7e9 + i, "hi", k)
                 for i, k in enumerate(kinds * len(people)))
    return Conversation("c", people, msgs, secrecy)


@pytest.mark.parametrize(
    ("ages", "kinds", "secrecy", "reason"),
    [
        ([30, 12], (ContentKind.TEXT,), True, NotScannedReason.PROFESSIONAL_SECRECY),
        ([30, 12], (ContentKind.TEXT, ContentKind.AUDIO_TRANSCRIPT), False,
         NotScannedReason.UNSUPPORTED_CONTENT),
        ([30, 12], (ContentKind.OTHER,), False, NotScannedReason.UNSUPPORTED_CONTENT),
        ([30, 41], (ContentKind.TEXT,), False, NotScannedReason.NO_LIKELY_MINOR),
        ([14, 15, 17], (ContentKind.TEXT,), False, NotScannedReason.NO_LIKELY_MINOR),
        ([30, 12], (ContentKind.TEXT,), False, None),
        ([None, 12], (ContentKind.TEXT,), False, None),
        ([None, None], (ContentKind.TEXT,), False, None),
        ([30, None], (ContentKind.TEXT,), False, None),
        ([17, 12], (ContentKind.TEXT,), False, None),
    ],
)
def test_gate(ages: list[int | None], kinds: tuple[ContentKind, ...], secrecy: bool,
              reason: NotScannedReason | None) -> None:
    assert PolicyGate().decide(conv(ages, kinds, secrecy)).reason is reason


def test_pairs_point_from_older_or_unknown_to_likely_minor() -> None:
    gate = PolicyGate()
    assert gate.decide(conv([30, 12])).pairs == (("p0", "p1"),)
    assert gate.decide(conv([None, None])).pairs == (("p0", "p1"), ("p1", "p0"))
    assert gate.decide(conv([12, None])).pairs == (("p1", "p0"),)
    assert gate.decide(conv([17, 12])).pairs == (("p0", "p1"),)
    assert gate.decide(conv([40, 35, 12])).pairs == (("p0", "p2"), ("p1", "p2"))


def test_untrusted_sources_count_as_unknown() -> None:
    strict = PolicyGate(trusted_age_sources=frozenset({AgeSource.VERIFIED}))
    assert strict.decide(conv([30, 41])).reason is None


def test_evaluate_json_uses_the_service_path(tiny_model: Path, corpus: dict[str, Path]) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "service", "evaluate", "--data", str(corpus["test"]),
         "--model", str(tiny_model), "--json"],
        capture_output=True, text=True, check=True, timeout=300,
    )
    summary = json.loads(out.stdout)
    for key in ("n", "positives", "precision", "recall", "f0_5", "pr_auc", "threshold",
                "model_version"):
        assert key in summary
    scorer = RiskScorer(ScoringModel.load(tiny_model), PolicyGate())
    convs = load_conversations(corpus["test"]).conversations
    flagged = sum(r.suspicious for r in scorer.score(convs))
    assert summary["tp"] + summary["fp"] == flagged
    assert summary["n"] == len(convs) and summary["model_version"] == "tiny-test"
