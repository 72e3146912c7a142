"""The scoring core: validation, policy gate, features, model and threshold, in that order.

:class:`RiskScorer` is the one code path behind the gRPC service, the ``score`` CLI and
``grooming-risk evaluate``. It returns content-free :class:`ScoreResult` objects; the
transport decides what a caller may see (never the score) and what a reviewer sees.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from service.scoring.conversation import Conversation
from service.scoring.features import shows_signs
from service.scoring.indicators import RiskIndicator
from service.scoring.model import ScoringModel
from service.scoring.policy import NotScannedReason, PolicyGate


class Outcome(enum.Enum):
    """What happened to one conversation."""

    NOT_SUSPICIOUS = "not_suspicious"
    FLAGGED_FOR_REVIEW = "flagged_for_review"
    NOT_SCANNED = "not_scanned"


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """Outcome of one conversation: ids, codes and numbers only, never text.

    ``score``, ``suspect``, ``partner`` and ``indicators`` are for the case record and
    reviewers; the scoring API returns only the outcome, the flag and the case id.
    """

    conversation_id: str
    outcome: Outcome
    model_version: str
    threshold: float
    not_scanned_reason: NotScannedReason | None = None
    score: float | None = None
    suspect: str | None = None
    partner: str | None = None
    indicators: dict[RiskIndicator, tuple[str, ...]] = field(default_factory=dict)
    messages_scored: int = 0

    @property
    def suspicious(self) -> bool:
        """True exactly when the conversation is flagged for human review."""
        return self.outcome is Outcome.FLAGGED_FOR_REVIEW


class RiskScorer:
    """Scores batches of validated conversations with one loaded model."""

    def __init__(self, model: ScoringModel, gate: PolicyGate, threshold: float | None = None):
        self.model = model
        self.gate = gate
        self.threshold = model.threshold if threshold is None else threshold

    def score(self, conversations: Sequence[Conversation]) -> list[ScoreResult]:
        """Score conversations; the result list is in input order."""
        model = self.model
        version, threshold = model.version, self.threshold
        results: list[ScoreResult | None] = [None] * len(conversations)
        scanned: list[Conversation] = []
        scanned_at: list[int] = []
        pairs: list[tuple[tuple[str, str], ...]] = []
        for i, conv in enumerate(conversations):
            decision = self.gate.decide(conv)
            if decision.reason is not None:
                results[i] = ScoreResult(
                    conv.id, Outcome.NOT_SCANNED, version, threshold, decision.reason
                )
            else:
                scanned.append(conv)
                scanned_at.append(i)
                pairs.append(decision.pairs)
        if scanned:
            batch = model.features.featurize(scanned, pairs)
            # Plain lists from here: batches are small, and each numpy call on a tiny
            # array costs more than the loop (tolist() gives the float32 values exactly).
            probs = model.probabilities(batch).tolist()
            # A pair whose sender showed no warning sign cannot be flagged (see shows_signs).
            signs = shows_signs(batch.dense).tolist()
            best = [-1.0] * len(scanned)
            best_pair = [-1] * len(scanned)
            for row, pair in enumerate(batch.pairs):
                c = pair.conversation_index
                prob = probs[row] if signs[row] else 0.0
                if prob > best[c]:
                    best[c] = prob
                    best_pair[c] = row
            for c, conv in enumerate(scanned):
                n_msgs = len(conv.messages)
                if best_pair[c] < 0:  # scanned, but nobody to score (e.g. the older side is silent)
                    results[scanned_at[c]] = ScoreResult(
                        conv.id, Outcome.NOT_SUSPICIOUS, version, threshold, score=0.0,
                        messages_scored=n_msgs,
                    )
                    continue
                pair = batch.pairs[best_pair[c]]
                score = best[c]
                flagged = score >= threshold
                indicators: dict[RiskIndicator, tuple[str, ...]] = {}
                if flagged:
                    indicators = _indicator_hits(
                        conv, batch.message_indicators, batch.message_offsets[c], pair.sender,
                        pair.partner,
                    )
                results[scanned_at[c]] = ScoreResult(
                    conv.id,
                    Outcome.FLAGGED_FOR_REVIEW if flagged else Outcome.NOT_SUSPICIOUS,
                    version,
                    threshold,
                    score=score,
                    suspect=pair.sender,
                    partner=pair.partner,
                    indicators=indicators,
                    messages_scored=n_msgs,
                )
        return [r for r in results if r is not None]


def _indicator_hits(
    conv: Conversation,
    present: np.ndarray,  # type: ignore[type-arg]
    offset: int,
    suspect: str,
    partner: str,
) -> dict[RiskIndicator, tuple[str, ...]]:
    """Message ids per indicator: the suspect's warning signs and the partner's disclosures."""
    rows = present[offset: offset + len(conv.messages)]
    hits: dict[int, list[str]] = {}  # int keys: hashing an enum member calls Python code
    messages = conv.messages
    at, bits = np.nonzero(rows)  # row-major: messages in order
    for k, bit in zip(at.tolist(), bits.tolist(), strict=True):
        message = messages[k]
        if message.sender == (partner if bit == _DISCLOSED else suspect):
            hits.setdefault(bit, []).append(message.id)
    return {_CODES[bit]: tuple(ids) for bit, ids in sorted(hits.items())}


_CODES = tuple(RiskIndicator)  # RiskIndicator(bit) goes through EnumType.__call__
_DISCLOSED = int(RiskIndicator.SELF_DISCLOSED_MINOR)
