"""Metrics against numbers computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from training.metrics import (
    average_precision,
    confusion,
    precision_recall_curve,
    threshold_for_precision,
)

# Six conversations; scores in descending order with labels T, F, T, T, F, F.
Y = np.array([True, False, True, True, False, False])
S = np.array([0.9, 0.8, 0.7, 0.6, 0.3, 0.1])


def test_confusion_and_f05_by_hand() -> None:
    c = confusion(Y, S >= 0.65)  # flags 0.9, 0.8, 0.7 -> tp=2, fp=1, fn=1, tn=2
    assert (c.tp, c.fp, c.fn, c.tn) == (2, 1, 1, 2)
    assert c.precision == pytest.approx(2 / 3)
    assert c.recall == pytest.approx(2 / 3)
    # F0.5 = 1.25 * P * R / (0.25 * P + R) = 1.25 * 4/9 / (5/6) = 2/3
    assert c.f_beta(0.5) == pytest.approx(2 / 3)
    assert c.false_positive_rate == pytest.approx(1 / 3)


def test_pr_curve_and_average_precision_by_hand() -> None:
    p, r, t = precision_recall_curve(Y, S)
    assert list(t) == [0.9, 0.8, 0.7, 0.6, 0.3, 0.1]
    assert np.allclose(p, [1, 1 / 2, 2 / 3, 3 / 4, 3 / 5, 3 / 6])
    assert np.allclose(r, [1 / 3, 1 / 3, 2 / 3, 1, 1, 1])
    # AP = 1/3 * 1 + 0 * 1/2 + 1/3 * 2/3 + 1/3 * 3/4 = 0.805555...
    assert average_precision(Y, S) == pytest.approx(1 / 3 + 2 / 9 + 1 / 4)


def test_ties_are_one_threshold() -> None:
    p, _, t = precision_recall_curve(np.array([True, False, True]), np.array([0.5, 0.5, 0.2]))
    assert list(t) == [0.5, 0.2]
    assert np.allclose(p, [1 / 2, 2 / 3])


def test_threshold_for_precision() -> None:
    assert threshold_for_precision(Y, S, 0.75) == (0.6, True)  # P=3/4 at R=1
    assert threshold_for_precision(Y, S, 1.0) == (0.9, True)
    threshold, met = threshold_for_precision(np.array([False, True]), np.array([0.9, 0.1]), 1.0)
    assert not met and threshold in (0.9, 0.1)


def test_threshold_for_precision_also_bounds_the_false_positive_rate() -> None:
    y = np.array([True, True, True, False, False, False, False])
    s = np.array([0.9, 0.8, 0.4, 0.85, 0.5, 0.3, 0.2])
    # precision >= 0.6 alone allows 0.4 (3 TP, 2 FP: FPR 0.5)
    assert threshold_for_precision(y, s, 0.6) == (0.4, True)
    # FPR <= 0.25 allows at most one false flag: 0.8 (2 TP, 1 FP)
    assert threshold_for_precision(y, s, 0.6, max_fpr=0.25) == (0.8, True)
