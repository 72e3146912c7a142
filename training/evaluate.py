"""Honest evaluation: the service's own code path (gate, ONNX model, threshold) on labelled data.

A conversation counts as predicted suspicious exactly when the service would flag it,
because :class:`service.scoring.engine.RiskScorer` is what runs here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from service.scoring.conversation import Conversation
from service.scoring.engine import Outcome, RiskScorer
from service.scoring.indicators import RiskIndicator
from service.scoring.policy import NotScannedReason
from training.metrics import average_precision, bootstrap_interval, confusion

BATCH = 256


@dataclass
class Evaluation:
    """Conversation-level results at the model's operating threshold."""

    model_version: str
    threshold: float
    y_true: npt.NDArray[np.bool_]
    y_pred: npt.NDArray[np.bool_]
    scores: npt.NDArray[np.float64]
    categories: list[str]
    indicators: list[set[RiskIndicator]]
    not_scanned: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """The headline numbers (what ``grooming-risk evaluate --json`` prints)."""
        c = confusion(self.y_true, self.y_pred)
        return {
            "n": int(self.y_true.size),
            "positives": int(self.y_true.sum()),
            "precision": round(c.precision, 4),
            "recall": round(c.recall, 4),
            "f0_5": round(c.f_beta(0.5), 4),
            "pr_auc": round(average_precision(self.y_true, self.scores), 4),
            "threshold": self.threshold,
            "model_version": self.model_version,
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
            "tn": c.tn,
            "false_positive_rate": round(c.false_positive_rate, 4),
            "not_scanned": dict(sorted(self.not_scanned.items())),
        }

    def intervals(self, n_resamples: int = 1000, seed: int = 0) -> dict[str, tuple[float, float]]:
        """Bootstrap 95% intervals of the headline metrics."""
        return bootstrap_interval(self.y_true, self.y_pred, self.scores, n_resamples, seed)

    def per_category(self) -> dict[str, dict[str, float | str]]:
        """Error rate per conversation category (false positives for negative categories)."""
        out: dict[str, dict[str, float | str]] = {}
        cats = np.array(self.categories)
        for cat in sorted(set(self.categories)):
            sel = cats == cat
            n = int(sel.sum())
            positive = bool(self.y_true[sel].all())
            wrong = int((self.y_pred[sel] != self.y_true[sel]).sum())
            out[cat] = {
                "n": n,
                "errors": wrong,
                "error_rate": round(wrong / n, 4) if n else 0.0,
                "kind": "false_negative" if positive else "false_positive",
            }
        return out

    def per_indicator(self) -> dict[str, dict[str, float]]:
        """For conversations showing each indicator: false-negative and false-positive rates."""
        out: dict[str, dict[str, float]] = {}
        for code in RiskIndicator:
            sel = np.array([code in s for s in self.indicators], dtype=bool)
            pos, neg = sel & self.y_true, sel & ~self.y_true
            fn = int((pos & ~self.y_pred).sum())
            fp = int((neg & self.y_pred).sum())
            out[code.name] = {
                "positives": int(pos.sum()),
                "false_negative_rate": round(fn / pos.sum(), 4) if pos.sum() else 0.0,
                "negatives": int(neg.sum()),
                "false_positive_rate": round(fp / neg.sum(), 4) if neg.sum() else 0.0,
            }
        return out


def evaluate(
    scorer: RiskScorer,
    conversations: Sequence[Conversation],
    progress: Callable[[int], None] | None = None,
) -> Evaluation:
    """Score labelled conversations through the service path and collect the results."""
    y_true = np.array([bool(c.label and c.label.suspicious) for c in conversations], dtype=bool)
    y_pred = np.zeros(len(conversations), dtype=bool)
    scores = np.zeros(len(conversations), dtype=np.float64)
    indicators: list[set[RiskIndicator]] = []
    not_scanned: dict[str, int] = {}
    features = scorer.model.features
    for start in range(0, len(conversations), BATCH):
        chunk = list(conversations[start: start + BATCH])
        for k, result in enumerate(scorer.score(chunk)):
            i = start + k
            y_pred[i] = result.outcome is Outcome.FLAGGED_FOR_REVIEW
            scores[i] = result.score or 0.0
            if result.not_scanned_reason is not None:
                reason: NotScannedReason = result.not_scanned_reason
                not_scanned[reason.value] = not_scanned.get(reason.value, 0) + 1
        # Indicators anywhere in the conversation, for per-indicator error rates.
        batch = features.featurize(chunk, [() for _ in chunk])
        for k, conv in enumerate(chunk):
            lo = batch.message_offsets[k]
            rows = batch.message_indicators[lo: lo + len(conv.messages)]
            indicators.append(
                {RiskIndicator(int(b)) for b in np.flatnonzero(rows.any(axis=0))}
            )
        if progress:
            progress(len(chunk))
    return Evaluation(
        model_version=scorer.model.version,
        threshold=scorer.threshold,
        y_true=y_true,
        y_pred=y_pred,
        scores=scores,
        categories=[c.category or ("grooming" if y_true[i] else "unlabelled")
                    for i, c in enumerate(conversations)],
        indicators=indicators,
        not_scanned=not_scanned,
    )
