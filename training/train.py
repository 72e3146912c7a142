"""``grooming-risk train``: fit, calibrate, choose the threshold, export and document a model.

The protocol keeps the threshold honest. Two ways:

* With ``--calibration`` (a *different* source, e.g. the other phrase bank), the model is
  fitted on ``--data`` and calibration, the regularisation strength and the threshold are
  chosen on the calibration file.
* Without it, **leave-family-out cross-fitting**: the scenario families of ``--data`` (from
  each file's ``*_meta.jsonl``; a file without one is one family) are dealt to K folds.
  A model fitted on the other folds scores each fold, so every conversation gets a score
  from a model that never saw its family. Those scores choose the regularisation strength, fit
  the sigmoid calibration, and choose the threshold; the shipped model is then fitted on
  everything. The threshold is chosen on the highest score over every ``prefix_every``
  message prefix, because platforms rescore conversations as they grow.

The final figures come from ``--test``, unseen by every step.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from service.scoring.conversation import Conversation
from service.scoring.engine import RiskScorer
from service.scoring.features import (
    DENSE_FEATURES,
    FEATURE_VERSION,
    NORMALIZATION_VERSION,
    shows_signs,
)
from service.scoring.jsonl import load_conversations
from service.scoring.model import ScoringModel, sha256_file
from service.scoring.policy import PolicyGate
from service.scoring.signature import INPUTS, OUTPUTS
from training import pipeline as pl
from training.evaluate import (
    evaluate,
    evaluate_prefixes,
    first_risk_position,
    meta_for,
    prefix_lengths,
)
from training.export import build_graph
from training.metrics import average_precision, confusion, threshold_for_precision
from training.model_card import Report, write_model_card

log = logging.getLogger(__name__)

C_GRID = (3.0, 10.0, 30.0)


@dataclass(frozen=True)
class TrainConfig:
    """Inputs of one training run."""

    data: Path | tuple[Path, ...]
    calibration: Path | None
    test: Path | None
    out: Path
    version: str
    target_precision: float = 0.95
    max_fpr: float = 1.0
    """Cross-fitting only: most negatives (share) the threshold may flag at any prefix."""
    seed: int = 0
    min_df: int = 3
    max_features: int | None = None
    prefix_every: int = 5
    train_on_prefixes: bool = False
    folds: int = 2
    c_grid: tuple[float, ...] = C_GRID
    reports: tuple[Path, ...] = ()
    """Evaluation-only sets shown on the model card (never trained on, never used to choose)."""

    @property
    def data_files(self) -> tuple[Path, ...]:
        return self.data if isinstance(self.data, tuple) else (self.data,)


def _load(path: Path) -> list[Conversation]:
    report = load_conversations(path)
    log.info("%s: %s", path.name, report.summary())
    for err in report.skipped[:20]:
        log.warning("%s %s", path.name, err)
    return report.conversations


def _load_grouped(paths: Sequence[Path]) -> tuple[list[Conversation], list[str]]:
    """Conversations of every file, and each one's family (scenario) for cross-fitting."""
    convs: list[Conversation] = []
    groups: list[str] = []
    for path in paths:
        loaded = _load(path)
        meta = meta_for(path) or {}
        convs.extend(loaded)
        groups.extend(meta[c.id].scenario if c.id in meta else path.name for c in loaded)
    return convs, groups


def family_folds(groups: Sequence[str], labels: Sequence[bool], seed: int, k: int = 2,
                 ) -> npt.NDArray[np.int64]:
    """Fold (0..k-1) per conversation: whole families dealt round-robin to ``k`` folds,
    positive, negative and mixed families each spread over all folds."""
    kinds: dict[str, set[bool]] = {}
    for g, y in zip(groups, labels, strict=True):
        kinds.setdefault(g, set()).add(bool(y))
    rng = np.random.default_rng(seed)
    fold_of: dict[str, int] = {}
    for kind in ({True}, {False}, {True, False}):
        names = sorted(g for g, k in kinds.items() if k == kind)
        for n, i in enumerate(rng.permutation(len(names))):
            fold_of[names[int(i)]] = n % k
    return np.array([fold_of[g] for g in groups], dtype=np.int64)


def _provenance(path: Path) -> dict[str, Any]:
    meta_path = path.with_name(path.name + ".meta.json")
    info: dict[str, Any] = {"file": path.name, "sha256": sha256_file(path)}
    if meta_path.is_file():
        info["generator"] = json.loads(meta_path.read_text(encoding="utf-8"))
    return info


@dataclass
class _Fitted:
    """What either protocol produces: the final pipeline, its calibration and threshold."""

    pipeline: Any
    calib_a: float
    calib_b: float
    c: float
    threshold: float
    met: bool
    pairs: int
    conversations: int
    report: dict[str, Any]


def _prefixed(
    convs: Sequence[Conversation], every: int
) -> tuple[list[Conversation], npt.NDArray[np.int64]]:
    """Every ``every``-message prefix of each conversation (the last is the whole), and
    the index of the conversation each one comes from."""
    out: list[Conversation] = []
    owner: list[int] = []
    for i, conv in enumerate(convs):
        for n in prefix_lengths(len(conv.messages), every):
            out.append(replace(conv, messages=conv.messages[:n]))
            owner.append(i)
    return out, np.array(owner, dtype=np.int64)


def prefix_shares(
    ends: npt.NDArray[np.int64], whole: npt.NDArray[np.bool_], risk: npt.NDArray[np.int64],
    owner: npt.NDArray[np.int64], n_conversations: int,
) -> npt.NDArray[np.float64]:
    """Training weight share of each prefix example (0: not learned from).

    A whole conversation counts 1. Its partial prefixes share one more unit between them,
    so long chats do not dominate; a positive's prefix counts only once it reaches the
    first warning sign (``risk``: its 1-based position, 0 for negatives), because before
    that nothing in it is a sign.
    """
    learn = whole | (ends >= risk)
    partial = np.bincount(owner[learn & ~whole], minlength=n_conversations)
    share = np.where(whole, 1.0, 1.0 / np.maximum(partial[owner], 1))
    return np.where(learn, share, 0.0)


def _max_by(values: npt.NDArray[np.float64], index: npt.NDArray[np.int64], n: int,
            ) -> npt.NDArray[np.float64]:
    out = np.zeros(n)
    np.maximum.at(out, index, values)
    return out


def _crossfit(config: TrainConfig, progress: bool) -> tuple[_Fitted, list[Conversation]]:
    """Leave-family-out cross-fitting (see the module docstring)."""
    from tqdm import tqdm

    gate = PolicyGate()
    convs, groups = _load_grouped(config.data_files)
    y_conv = np.array([bool(c.label and c.label.suspicious) for c in convs])
    folds = family_folds(groups, list(y_conv), config.seed, config.folds)
    # Held-out scoring runs on every prefix, so the threshold holds up under rescoring.
    pconvs, powner = _prefixed(convs, config.prefix_every)
    pexamples = pl.pair_examples(pconvs, gate)
    p_conv = powner[[e.conversation for e in pexamples]]
    p_fold = folds[p_conv]
    ends = np.array([len(pconvs[e.conversation].messages) for e in pexamples])
    p_whole = ends == np.array([len(convs[c].messages) for c in p_conv])
    # What the model learns from: whole conversations, or with train_on_prefixes also the
    # prefixes a platform sends as a chat grows; a positive's prefix only once it holds the
    # first warning sign. A conversation's partial prefixes share one unit of weight.
    if config.train_on_prefixes:
        risk = np.array([first_risk_position(convs[c]) if y_conv[c] else 0 for c in p_conv])
        share = prefix_shares(ends, p_whole, risk, p_conv, len(convs))
    else:
        share = p_whole.astype(np.float64)
    fit_pool = np.flatnonzero(share > 0)
    examples = [pexamples[i] for i in fit_pool]
    weights = pl.sample_weights(pexamples, pconvs)[fit_pool] * share[fit_pool]
    ex_fold = p_fold[fit_pool]
    # As in serving, a pair whose sender shows no warning sign scores 0.
    signs = shows_signs(np.vstack([e.dense for e in pexamples])).astype(np.float64)
    best: tuple[float, float, npt.NDArray[np.float64]] | None = None
    for c in tqdm(config.c_grid, desc="select C (leave-family-out)", disable=not progress):
        logits = np.zeros(len(pexamples))
        for fold in range(config.folds):
            fit_at = np.flatnonzero(ex_fold != fold)
            model = pl.fit([examples[i] for i in fit_at], weights[fit_at], c, config.seed,
                           config.min_df, config.max_features)
            held = np.flatnonzero(p_fold == fold)
            logits[held] = model.decision_function([pexamples[i] for i in held])
        whole_scores = _max_by(np.where(p_whole, _sigmoid(logits) * signs, 0.0), p_conv,
                               len(convs))
        ap = average_precision(y_conv, whole_scores)
        log.info("C=%s leave-family-out PR-AUC=%.4f", c, ap)
        if best is None or ap > best[0]:
            best = (ap, c, logits)
    assert best is not None
    _, c_best, logits = best
    p_label = np.array([e.label for e in pexamples])
    calib_a, calib_b = pl.platt(logits[p_whole], p_label[p_whole])
    probs = signs / (1.0 + np.exp(calib_a * logits + calib_b))
    whole = _max_by(np.where(p_whole, probs, 0.0), p_conv, len(convs))
    rescored = _max_by(probs, p_conv, len(convs))
    threshold, met = threshold_for_precision(y_conv, rescored, config.target_precision,
                                             config.max_fpr)
    if not met:
        log.warning("no threshold reaches precision %.2f under rescoring; using the best-F0.5 "
                    "threshold %.4f", config.target_precision, threshold)
    best_f05, _ = threshold_for_precision(y_conv, rescored, 1.01)  # unreachable: best F0.5
    report = {
        "protocol": f"leave-family-out cross-fitting, {config.folds} folds",
        "best_f0_5_threshold_rescored": round(best_f05, 4),
        "families": {str(f): sorted({g for g, k in zip(groups, folds, strict=True) if k == f})
                     for f in range(config.folds)},
        "whole": _summary(y_conv, whole, threshold),
        f"rescored_every_{config.prefix_every}": _summary(y_conv, rescored, threshold),
    }
    final = pl.fit(examples, weights, c_best, config.seed, config.min_df, config.max_features)
    return _Fitted(final, calib_a, calib_b, c_best, threshold, met, len(examples), len(convs),
                   report), convs


def _sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-x))


def _summary(y: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64], threshold: float,
             ) -> dict[str, float]:
    c = confusion(y, scores >= threshold)
    return {"n": int(y.size), "precision": round(c.precision, 4), "recall": round(c.recall, 4),
            "f0_5": round(c.f_beta(0.5), 4),
            "false_positive_rate": round(c.false_positive_rate, 4),
            "pr_auc": round(average_precision(y, scores), 4)}


def _with_calibration_file(config: TrainConfig, progress: bool,
                           ) -> tuple[_Fitted, list[Conversation]]:
    """Fit on ``--data``; choose C, calibration and threshold on ``--calibration``."""
    from tqdm import tqdm

    assert config.calibration is not None
    gate = PolicyGate()
    train_convs = [c for path in config.data_files for c in _load(path)]
    cal_convs = _load(config.calibration)
    train_ex = pl.pair_examples(train_convs, gate)
    cal_ex = pl.pair_examples(cal_convs, gate)
    weights = pl.sample_weights(train_ex, train_convs)
    y_cal = np.array([bool(c.label and c.label.suspicious) for c in cal_convs])
    cal_owner = np.array([e.conversation for e in cal_ex], dtype=np.int64)
    best: tuple[float, float, Any] | None = None
    for c in tqdm(config.c_grid, desc="select C", disable=not progress, leave=False):
        candidate = pl.fit(train_ex, weights, c, config.seed, config.min_df,
                           config.max_features)
        probs = candidate.predict_proba(cal_ex)[:, 1]
        ap = average_precision(y_cal, _max_by(probs, cal_owner, len(cal_convs)))
        log.info("C=%s calibration PR-AUC=%.4f", c, ap)
        if best is None or ap > best[0]:
            best = (ap, c, candidate)
    assert best is not None
    _, c_best, fitted = best
    calibrated = pl.calibrate(fitted, cal_ex)
    cal_signs = shows_signs(np.vstack([e.dense for e in cal_ex]))
    cal_scores = _max_by(calibrated.predict_proba(cal_ex)[:, 1] * cal_signs, cal_owner,
                         len(cal_convs))
    threshold, met = threshold_for_precision(y_cal, cal_scores, config.target_precision)
    if not met:
        log.warning("no threshold reaches precision %.2f on the calibration data; using the "
                    "best-F0.5 threshold %.4f", config.target_precision, threshold)
    linear = pl.linear_model(calibrated)
    return _Fitted(fitted, linear.calib_a, linear.calib_b, c_best, threshold, met,
                   len(train_ex), len(train_convs), {"protocol": "calibration file"}), cal_convs


def train(config: TrainConfig, progress: bool = True) -> dict[str, Any]:
    """Run the whole protocol and write the model folder; returns the manifest."""
    from tqdm import tqdm  # progress bars are a [train] extra

    steps = tqdm(total=4, desc="train", disable=not progress, unit="step")
    if config.calibration is not None:
        fitted, cal_convs = _with_calibration_file(config, progress)
    else:
        fitted, cal_convs = _crossfit(config, progress)
    steps.update()

    out = config.out
    out.mkdir(parents=True, exist_ok=True)
    linear = pl.linear_model_of(fitted.pipeline, fitted.calib_a, fitted.calib_b)
    graph = build_graph(linear, config.version)
    vocab = pl.vocabularies(fitted.pipeline)
    meta = graph.metadata_props.add()
    meta.key, meta.value = "n_features", str(len(vocab["sender"]) + len(vocab["partner"]))
    (out / "model.onnx").write_bytes(graph.SerializeToString())
    (out / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0) + "\n",
                                         encoding="utf-8")
    sources = [*config.data_files, config.calibration, config.test]
    manifest: dict[str, Any] = {
        "model_version": config.version,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": {
            "model.onnx": sha256_file(out / "model.onnx"),
            "vocabulary.json": sha256_file(out / "vocabulary.json"),
        },
        "inputs": INPUTS,
        "outputs": OUTPUTS,
        "dense_features": list(DENSE_FEATURES),
        "feature_version": FEATURE_VERSION,
        "normalization_version": NORMALIZATION_VERSION,
        "threshold": fitted.threshold,
        "target_precision": config.target_precision,
        "max_false_positive_rate_rescored": config.max_fpr,
        "target_precision_met_on_calibration": fitted.met,
        "training": {
            "seed": config.seed,
            "protocol": fitted.report["protocol"],
            "regularisation_c": fitted.c,
            "min_df": config.min_df,
            "max_features_per_block": config.max_features,
            "hard_negative_weight": pl.HARD_NEGATIVE_WEIGHT,
            "prefix_every": config.prefix_every,
            "train_on_prefixes": config.train_on_prefixes,
            "pairs": fitted.pairs,
            "conversations": fitted.conversations,
            "vocabulary": {k: len(v) for k, v in vocab.items()},
            "data": [_provenance(p) for p in config.data_files],
            "calibration_data": _provenance(config.calibration) if config.calibration else None,
            "test_data": _provenance(config.test) if config.test else None,
            "data_sha256": hashlib.sha256(
                "".join(sha256_file(p) for p in sources if p is not None).encode()
            ).hexdigest(),
        },
        "metrics": {},
    }
    _write_manifest(out, manifest)
    steps.update()

    model = ScoringModel.load(out)
    scorer = RiskScorer(model, PolicyGate())
    metrics: dict[str, Any] = {}
    if config.calibration is not None:
        metrics["calibration"] = evaluate(scorer, cal_convs).summary()
    else:
        metrics["leave_family_out"] = {k: v for k, v in fitted.report.items() if k != "protocol"}
    reports: list[Report] = []
    sets = [(config.test, "held-out test: same generators, unseen seeds")] if config.test else []
    sets += [(p, "independent: written by other authors, never trained on") for p in config.reports]
    for path, description in sets:
        convs = _load(path)
        whole = evaluate(scorer, convs, meta=meta_for(path))
        prefixes = evaluate_prefixes(scorer, convs, config.prefix_every)
        reports.append(Report(path.name, description, whole, prefixes))
        metrics.setdefault("reports", {})[path.name] = {
            **whole.summary(),
            "intervals": {k: [round(lo, 4), round(hi, 4)]
                          for k, (lo, hi) in whole.intervals(seed=config.seed).items()},
            "prefixes": prefixes.summary(),
            "per_category": whole.per_category("category"),
            "per_scenario": whole.per_category("scenario"),
        }
    if config.test is not None:
        metrics["test"] = metrics["reports"][config.test.name]
    manifest["metrics"] = metrics
    _write_manifest(out, manifest)
    steps.update()
    write_model_card(out, manifest, reports)
    steps.update()
    steps.close()
    return manifest


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
