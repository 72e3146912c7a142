"""``grooming-risk train``: fit, calibrate, choose the threshold, export and document a model.

The protocol keeps the threshold honest. The model is fitted on ``--data``. Probability
calibration, the choice of the regularisation strength and the operating threshold use
``--calibration``, which should come from a *different* source (for the synthetic corpus:
the other phrase bank). The final figures come from ``--test``, unseen by every step.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from service.scoring.conversation import Conversation
from service.scoring.engine import RiskScorer
from service.scoring.features import DENSE_FEATURES, FEATURE_VERSION, NORMALIZATION_VERSION
from service.scoring.jsonl import load_conversations
from service.scoring.model import ScoringModel, sha256_file
from service.scoring.policy import PolicyGate
from service.scoring.signature import INPUTS, OUTPUTS
from training import pipeline as pl
from training.evaluate import evaluate
from training.export import build_graph
from training.metrics import average_precision, threshold_for_precision
from training.model_card import write_model_card

log = logging.getLogger(__name__)

C_GRID = (0.3, 1.0, 3.0, 10.0)


@dataclass(frozen=True)
class TrainConfig:
    """Inputs of one training run."""

    data: Path
    calibration: Path | None
    test: Path | None
    out: Path
    version: str
    target_precision: float = 0.95
    seed: int = 0
    min_df: int = 3


def _load(path: Path) -> list[Conversation]:
    report = load_conversations(path)
    log.info("%s: %s", path.name, report.summary())
    for err in report.skipped[:20]:
        log.warning("%s %s", path.name, err)
    return report.conversations


def _provenance(path: Path) -> dict[str, Any]:
    meta_path = path.with_name(path.name + ".meta.json")
    info: dict[str, Any] = {"file": path.name, "sha256": sha256_file(path)}
    if meta_path.is_file():
        info["generator"] = json.loads(meta_path.read_text(encoding="utf-8"))
    return info


def _conversation_scores(
    probs: np.ndarray, examples: Sequence[pl.PairExample], n: int  # type: ignore[type-arg]
) -> np.ndarray:  # type: ignore[type-arg]
    scores = np.zeros(n)
    for p, e in zip(probs, examples, strict=True):
        scores[e.conversation] = max(scores[e.conversation], float(p))
    return scores


def train(config: TrainConfig, progress: bool = True) -> dict[str, Any]:
    """Run the whole protocol and write the model folder; returns the manifest."""
    from tqdm import tqdm  # progress bars are a [train] extra

    steps = tqdm(total=7, desc="train", disable=not progress, unit="step")
    gate = PolicyGate()
    train_convs = _load(config.data)
    rng = np.random.default_rng(config.seed)
    if config.calibration is not None:
        cal_convs = _load(config.calibration)
    else:
        log.warning("no --calibration data: holding out 25%% of --data; the threshold will be "
                    "optimistic because it is chosen in-distribution")
        order = rng.permutation(len(train_convs))
        cut = len(order) // 4
        cal_convs = [train_convs[i] for i in order[:cut]]
        train_convs = [train_convs[i] for i in order[cut:]]
    steps.update()

    train_ex = pl.pair_examples(train_convs, gate)
    cal_ex = pl.pair_examples(cal_convs, gate)
    weights = pl.sample_weights(train_ex, train_convs)
    y_cal = np.array([bool(c.label and c.label.suspicious) for c in cal_convs])
    steps.update()

    # Regularisation strength: the best conversation-level PR-AUC on the calibration data.
    best: tuple[float, float, Any] | None = None
    for c in tqdm(C_GRID, desc="select C", disable=not progress, leave=False):
        candidate = pl.fit(train_ex, weights, c, config.seed, config.min_df)
        probs = candidate.predict_proba(cal_ex)[:, 1]
        ap = average_precision(y_cal, _conversation_scores(probs, cal_ex, len(cal_convs)))
        log.info("C=%s calibration PR-AUC=%.4f", c, ap)
        if best is None or ap > best[0]:
            best = (ap, c, candidate)
    assert best is not None
    _, c_best, fitted = best
    steps.update()

    calibrated = pl.calibrate(fitted, cal_ex)
    cal_scores = _conversation_scores(
        calibrated.predict_proba(cal_ex)[:, 1], cal_ex, len(cal_convs)
    )
    threshold, met = threshold_for_precision(y_cal, cal_scores, config.target_precision)
    if not met:
        log.warning("no threshold reaches precision %.2f on the calibration data; using the "
                    "best-F0.5 threshold %.4f", config.target_precision, threshold)
    steps.update()

    out = config.out
    out.mkdir(parents=True, exist_ok=True)
    graph = build_graph(pl.linear_model(calibrated), config.version)
    vocab = pl.vocabularies(calibrated)
    meta = graph.metadata_props.add()
    meta.key, meta.value = "n_features", str(len(vocab["sender"]) + len(vocab["partner"]))
    (out / "model.onnx").write_bytes(graph.SerializeToString())
    (out / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0) + "\n",
                                         encoding="utf-8")
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
        "threshold": threshold,
        "target_precision": config.target_precision,
        "target_precision_met_on_calibration": met,
        "training": {
            "seed": config.seed,
            "regularisation_c": c_best,
            "min_df": config.min_df,
            "hard_negative_weight": pl.HARD_NEGATIVE_WEIGHT,
            "pairs": len(train_ex),
            "conversations": len(train_convs),
            "vocabulary": {k: len(v) for k, v in vocab.items()},
            "data": _provenance(config.data),
            "calibration_data": _provenance(config.calibration) if config.calibration else None,
            "test_data": _provenance(config.test) if config.test else None,
            "data_sha256": hashlib.sha256(
                "".join(sha256_file(p) for p in (config.data, config.calibration, config.test)
                        if p is not None).encode()
            ).hexdigest(),
        },
        "metrics": {},
    }
    _write_manifest(out, manifest)
    steps.update()

    model = ScoringModel.load(out)
    scorer = RiskScorer(model, gate)
    metrics: dict[str, Any] = {
        "calibration": evaluate(scorer, cal_convs).summary(),
    }
    test_eval = None
    if config.test is not None:
        test_eval = evaluate(scorer, _load(config.test))
        metrics["test"] = test_eval.summary()
        metrics["test_intervals"] = {
            k: [round(lo, 4), round(hi, 4)]
            for k, (lo, hi) in test_eval.intervals(seed=config.seed).items()
        }
    manifest["metrics"] = metrics
    _write_manifest(out, manifest)
    steps.update()
    write_model_card(out, manifest, test_eval)
    steps.update()
    steps.close()
    return manifest


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
