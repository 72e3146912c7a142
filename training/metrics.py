"""Evaluation metrics, written out so that each number can be checked by hand."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Confusion:
    """Counts at one operating point."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing is flagged (no false claims were made)."""
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when there are no positives."""
        positives = self.tp + self.fn
        return self.tp / positives if positives else 0.0

    def f_beta(self, beta: float) -> float:
        """F-beta; beta < 1 weighs precision more (F0.5 is our headline metric)."""
        p, r = self.precision, self.recall
        b2 = beta * beta
        return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0

    @property
    def false_positive_rate(self) -> float:
        """fp / (fp + tn)."""
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else 0.0


def confusion(y_true: BoolArray, y_pred: BoolArray) -> Confusion:
    """Confusion counts of boolean labels and predictions."""
    t = np.asarray(y_true, dtype=bool)
    p = np.asarray(y_pred, dtype=bool)
    return Confusion(
        tp=int(np.sum(t & p)), fp=int(np.sum(~t & p)), fn=int(np.sum(t & ~p)),
        tn=int(np.sum(~t & ~p)),
    )


def precision_recall_curve(
    y_true: BoolArray, scores: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Precision and recall at every distinct score used as threshold (score >= t flags).

    Returns (precision, recall, thresholds) ordered by decreasing threshold.
    """
    t = np.asarray(y_true, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s, kind="mergesort")
    s, t = s[order], t[order]
    distinct = np.r_[np.flatnonzero(np.diff(s)), s.size - 1] if s.size else np.zeros(0, int)
    tps = np.cumsum(t)[distinct].astype(np.float64)
    fps = (distinct + 1 - tps).astype(np.float64)
    positives = float(t.sum())
    precision = tps / np.maximum(tps + fps, 1.0)
    recall = tps / positives if positives else np.zeros_like(tps)
    return precision, recall, s[distinct]


def average_precision(y_true: BoolArray, scores: FloatArray) -> float:
    """Area under the precision-recall curve as a step sum: sum_k (R_k - R_{k-1}) * P_k."""
    precision, recall, _ = precision_recall_curve(y_true, scores)
    if recall.size == 0:
        return 0.0
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def threshold_for_precision(
    y_true: BoolArray, scores: FloatArray, target: float, max_fpr: float = 1.0
) -> tuple[float, bool]:
    """The threshold with the highest recall whose precision reaches ``target`` and whose
    false-positive rate is at most ``max_fpr``.

    Returns (threshold, met). When no threshold meets both, the threshold with the best
    F0.5 is returned with ``met=False`` so the caller can say so.
    """
    precision, recall, thresholds = precision_recall_curve(y_true, scores)
    negative_scores = np.sort(np.asarray(scores, dtype=np.float64)[~np.asarray(y_true, bool)])
    false_flags = negative_scores.size - np.searchsorted(negative_scores, thresholds, "left")
    fpr = false_flags / max(negative_scores.size, 1)
    ok = np.flatnonzero((precision >= target) & (fpr <= max_fpr))
    if ok.size:
        best = ok[np.argmax(recall[ok])]
        return float(thresholds[best]), True
    p, r = precision, recall
    f05 = np.where(p + r > 0, 1.25 * p * r / np.maximum(0.25 * p + r, 1e-12), 0.0)
    return float(thresholds[int(np.argmax(f05))]), False


def bootstrap_interval(
    y_true: BoolArray,
    y_pred: BoolArray,
    scores: FloatArray,
    n_resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals for precision, recall, F0.5 and PR-AUC."""
    rng = np.random.default_rng(seed)
    t = np.asarray(y_true, dtype=bool)
    p = np.asarray(y_pred, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    samples: dict[str, list[float]] = {"precision": [], "recall": [], "f0_5": [], "pr_auc": []}
    for _ in range(n_resamples):
        idx = rng.integers(0, t.size, t.size)
        c = confusion(t[idx], p[idx])
        samples["precision"].append(c.precision)
        samples["recall"].append(c.recall)
        samples["f0_5"].append(c.f_beta(0.5))
        samples["pr_auc"].append(average_precision(t[idx], s[idx]))
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    return {
        k: (float(np.percentile(v, lo)), float(np.percentile(v, hi))) for k, v in samples.items()
    }


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval of a proportion; (0, 1) when ``n`` is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def precision_at_prevalence(tpr: float, fpr: float, prevalence: float) -> float:
    """Precision a detector with these rates would have where ``prevalence`` are positive."""
    flagged = tpr * prevalence + fpr * (1 - prevalence)
    return tpr * prevalence / flagged if flagged else 1.0
