"""Honest evaluation: the service's own code path (gate, ONNX model, threshold) on labelled data.

A conversation counts as predicted suspicious exactly when the service would flag it,
because :class:`service.scoring.engine.RiskScorer` is what runs here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from service.scoring.conversation import Conversation
from service.scoring.engine import Outcome, RiskScorer
from service.scoring.indicators import RiskIndicator
from service.scoring.policy import NotScannedReason
from training.metrics import (
    average_precision,
    bootstrap_interval,
    confusion,
    precision_at_prevalence,
    wilson_interval,
)

BATCH = 256
PREVALENCES = (0.01, 0.001)


@dataclass(frozen=True, slots=True)
class Scenario:
    """Evaluation metadata of one conversation: its broad category and its scenario family."""

    category: str
    scenario: str


def load_meta(path: Path) -> dict[str, Scenario]:
    """Read a ``*_meta.jsonl`` file (``conversation_id``, ``category``, ``scenario``)."""
    out: dict[str, Scenario] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                out[str(row["conversation_id"])] = Scenario(
                    str(row["category"]), str(row.get("scenario") or row["category"])
                )
    return out


def meta_path_for(data: Path) -> Path:
    """Where the metadata of ``data`` lives by convention: ``dev.jsonl`` -> ``dev_meta.jsonl``."""
    return data.with_name(f"{data.stem}_meta.jsonl")


def meta_for(data: Path, meta_path: Path | None = None) -> dict[str, Scenario] | None:
    """The metadata of ``data`` (``meta_path`` or the conventional file), if there is any."""
    path = meta_path or meta_path_for(data)
    return load_meta(path) if path.is_file() else None


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
    scenarios: list[str] = field(default_factory=list)

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
            "precision_at_prevalence": self.at_prevalence(),
        }

    def at_prevalence(self, prevalences: Sequence[float] = PREVALENCES) -> dict[str, Any]:
        """Precision if grooming were this rare, from the measured TPR and FPR.

        ``precision`` uses the point estimates; ``precision_low`` the pessimistic ends of
        their 95% Wilson intervals (lowest TPR, highest FPR), which matters when few or no
        false positives were seen: zero of 195 negatives does not mean a zero rate.
        """
        c = confusion(self.y_true, self.y_pred)
        tpr_lo, _ = wilson_interval(c.tp, c.tp + c.fn)
        _, fpr_hi = wilson_interval(c.fp, c.fp + c.tn)
        return {
            str(p): {
                "precision": round(precision_at_prevalence(c.recall, c.false_positive_rate, p), 4),
                "precision_low": round(precision_at_prevalence(tpr_lo, fpr_hi, p), 4),
            }
            for p in prevalences
        }

    def intervals(self, n_resamples: int = 1000, seed: int = 0) -> dict[str, tuple[float, float]]:
        """Bootstrap 95% intervals of the headline metrics."""
        return bootstrap_interval(self.y_true, self.y_pred, self.scores, n_resamples, seed)

    def per_category(self, level: str = "category") -> dict[str, dict[str, Any]]:
        """Error rate per category (``level="category"``) or scenario family (``"scenario"``).

        Errors are misses in positive groups and false positives in negative ones; each
        rate has a 95% Wilson interval, which is honest for the small groups of a dev set.
        """
        names = self.scenarios if level == "scenario" and self.scenarios else self.categories
        out: dict[str, dict[str, Any]] = {}
        cats = np.array(names)
        for cat in sorted(set(names)):
            sel = cats == cat
            n = int(sel.sum())
            positive = bool(self.y_true[sel].all())
            wrong = int((self.y_pred[sel] != self.y_true[sel]).sum())
            lo, hi = wilson_interval(wrong, n)
            out[cat] = {
                "n": n,
                "errors": wrong,
                "error_rate": round(wrong / n, 4) if n else 0.0,
                "interval": [round(lo, 4), round(hi, 4)],
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
    meta: dict[str, Scenario] | None = None,
) -> Evaluation:
    """Score labelled conversations through the service path and collect the results.

    ``meta`` (from :func:`load_meta`) names each conversation's category and scenario;
    without it the conversation's own ``category`` field is used for both.
    """
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
    named = [_scenario(c, meta, bool(y_true[i])) for i, c in enumerate(conversations)]
    return Evaluation(
        model_version=scorer.model.version,
        threshold=scorer.threshold,
        y_true=y_true,
        y_pred=y_pred,
        scores=scores,
        categories=[s.category for s in named],
        scenarios=[s.scenario for s in named],
        indicators=indicators,
        not_scanned=not_scanned,
    )


def _scenario(conv: Conversation, meta: dict[str, Scenario] | None, positive: bool) -> Scenario:
    if meta and conv.id in meta:
        return meta[conv.id]
    name = conv.category or ("grooming" if positive else "unlabelled")
    return Scenario(name, name)


@dataclass
class PrefixEvaluation:
    """Rescoring as a platform does it: every ``k``-message prefix scored as it grows.

    A negative counts as flagged if any prefix is flagged. For a positive, the warning
    delay is the number of messages after the label's first risk message until the first
    flagged prefix ends (0 when the flag comes with or before it); never flagged is a miss.
    """

    k: int
    threshold: float
    y_true: npt.NDArray[np.bool_]
    whole_flagged: npt.NDArray[np.bool_]
    ever_flagged: npt.NDArray[np.bool_]
    max_prefix_scores: npt.NDArray[np.float64]
    delays: list[int]  # one per positive flagged at some prefix
    missed: int

    def summary(self) -> dict[str, Any]:
        """Rescoring figures next to the whole-conversation ones."""
        neg = ~self.y_true
        n_neg = int(neg.sum())
        delays = np.array(self.delays, dtype=np.float64)
        return {
            "prefix_every": self.k,
            "negatives": n_neg,
            "negatives_flagged_whole": round(float(self.whole_flagged[neg].mean()), 4)
            if n_neg else 0.0,
            "negatives_flagged_any_prefix": round(float(self.ever_flagged[neg].mean()), 4)
            if n_neg else 0.0,
            "positives": int(self.y_true.sum()),
            "positives_flagged_any_prefix": len(self.delays),
            "missed": self.missed,
            "warning_delay_median": float(np.median(delays)) if delays.size else None,
            "warning_delay_p90": float(np.percentile(delays, 90)) if delays.size else None,
        }


def prefix_lengths(n_messages: int, k: int) -> list[int]:
    """Prefix lengths a platform rescoring every ``k`` messages would send: k, 2k, ..., n."""
    lengths = list(range(k, n_messages, k))
    return [*lengths, n_messages]


def evaluate_prefixes(
    scorer: RiskScorer, conversations: Sequence[Conversation], k: int,
    progress: Callable[[int], None] | None = None,
) -> PrefixEvaluation:
    """Score every ``k``-message prefix of each conversation through the service path."""
    if k < 1:
        raise ValueError("prefix step must be at least 1")
    threshold = scorer.threshold
    y_true = np.array([bool(c.label and c.label.suspicious) for c in conversations], dtype=bool)
    scores = prefix_scores(scorer, conversations, k, progress)
    whole = np.zeros(len(conversations), dtype=bool)
    ever = np.zeros(len(conversations), dtype=bool)
    best = np.zeros(len(conversations), dtype=np.float64)
    delays: list[int] = []
    missed = 0
    for i, conv in enumerate(conversations):
        lengths, conv_scores = scores[i]
        flags = [s >= threshold for s in conv_scores]
        whole[i] = flags[-1]
        ever[i] = any(flags)
        best[i] = max(conv_scores)
        if not y_true[i]:
            continue
        if not ever[i]:
            missed += 1
            continue
        first_flag = lengths[flags.index(True)]
        risk = first_risk_position(conv)
        delays.append(max(0, first_flag - risk))
    return PrefixEvaluation(k, threshold, y_true, whole, ever, best, delays, missed)


def prefix_scores(
    scorer: RiskScorer, conversations: Sequence[Conversation], k: int,
    progress: Callable[[int], None] | None = None,
) -> list[tuple[list[int], list[float]]]:
    """Per conversation: the prefix lengths and the score of each (0 when not scanned)."""
    jobs: list[tuple[int, int]] = []
    for i, conv in enumerate(conversations):
        jobs.extend((i, n) for n in prefix_lengths(len(conv.messages), k))
    out: list[tuple[list[int], list[float]]] = [([], []) for _ in conversations]
    for start in range(0, len(jobs), BATCH):
        chunk = jobs[start: start + BATCH]
        prefixes = [replace(conversations[i], messages=conversations[i].messages[:n])
                    for i, n in chunk]
        for (i, n), result in zip(chunk, scorer.score(prefixes), strict=True):
            out[i][0].append(n)
            out[i][1].append(result.score or 0.0)
        if progress:
            progress(len({i for i, _ in chunk}))
    return out


def first_risk_position(conv: Conversation) -> int:
    """1-based position of the label's first risk message (1 when the label has none)."""
    first = conv.label.first_risk_message if conv.label else None
    for pos, message in enumerate(conv.messages, start=1):
        if message.id == first:
            return pos
    return 1
