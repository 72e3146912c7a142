"""``grooming-risk bench`` in process: the scoring core against scikit-learn, one core.

The service's scoring path (gate, features, ONNX, threshold) on conversations of about
30 messages, in the same run as two scikit-learn baselines on the same conversations:

- **plain sklearn**: ``TfidfVectorizer(ngram_range=(1, 2), max_features=2**16)`` +
  ``LogisticRegression`` on each conversation's joined text, trained on the same synthetic
  corpus (other seeds), at batch 1, 8 and 64: what a straightforward text classifier costs;
- **same model in sklearn**: our model rebuilt as a scikit-learn pipeline from the model
  folder's numbers, over the Python analyzer training uses (``document_ngrams``), so it
  shows what the compiled featurizer and ONNX save for the same model, not what we gain
  over plain sklearn.

The server benchmark (``--target``) is in ``training.loadgen``.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from service.scoring.conversation import Conversation
from service.scoring.engine import RiskScorer
from service.scoring.features import document_ngrams
from service.scoring.model import ScoringModel
from service.scoring.policy import PolicyGate
from training import pipeline as pl
from training.bench_corpus import MESSAGES_PER_CONVERSATION, bench_conversations

__all__ = ["MESSAGES_PER_CONVERSATION", "bench_conversations", "bench_core",
           "plain_sklearn", "sklearn_pipeline", "sklearn_probabilities"]

PLAIN_BATCHES = (1, 8, 64)
BATCH1_CONVERSATIONS = 500

def sklearn_pipeline(model: ScoringModel) -> tuple[Pipeline, float, float]:
    """The model as a scikit-learn pipeline, rebuilt from the folder's exported numbers.

    Returns (pipeline, calib_a, calib_b); probability = expit(-(a * decision + b)).
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model.directory / "model.onnx")).graph
    w = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in graph.initializer}
    words = json.loads((model.directory / "vocabulary.json").read_text(encoding="utf-8"))
    blocks = []
    start = 0
    for name in ("sender", "partner"):
        size = len(words[name])
        vec = TfidfVectorizer(analyzer=document_ngrams, sublinear_tf=True, norm="l2",
                              vocabulary={g: i for i, g in enumerate(words[name])})
        vec.fit([("x",)])
        vec.idf_ = w["idf"][start:start + size]
        start += size
        blocks.append(vec)
    features = FeatureUnion([
        ("sender", Pipeline([("docs", FunctionTransformer(pl._sender_docs)),
                             ("tfidf", blocks[0])])),
        ("partner", Pipeline([("docs", FunctionTransformer(pl._partner_docs)),
                              ("tfidf", blocks[1])])),
        ("dense", FunctionTransformer(pl._dense)),
    ])
    clf = LogisticRegression()
    clf.coef_ = np.concatenate([w["coef_text"], w["coef_dense"].ravel()]).reshape(1, -1)
    clf.intercept_ = w["intercept"]
    clf.classes_ = np.array([False, True])
    pipe = Pipeline([("features", features), ("clf", clf)])
    return pipe, -float(w["neg_a"][0]), -float(w["neg_b"][0])


def sklearn_probabilities(
    pipe: Pipeline, a: float, b: float, conversations: Sequence[Conversation], gate: PolicyGate
) -> np.ndarray:  # type: ignore[type-arg]
    """Pair probabilities of the sklearn pipeline (gate and dense features included)."""
    examples = pl.pair_examples(conversations, gate)
    if not examples:
        return np.zeros(0)
    return np.asarray(expit(-(a * pipe.decision_function(examples) + b)))


def joined_text(conv: Conversation) -> str:
    """A conversation as one document, the way a plain text classifier sees it."""
    return "\n".join(m.text for m in conv.messages)


def plain_sklearn(train: Sequence[Conversation]) -> Pipeline:
    """TF-IDF word 1-2-grams (2**16 features) + logistic regression on joined text."""
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), max_features=2**16)),
        ("clf", LogisticRegression(max_iter=1000)),
    ])
    labels = [bool(c.label and c.label.suspicious) for c in train]
    pipe.fit([joined_text(c) for c in train], labels)
    return pipe


def _timed(run: Callable[[], object]) -> float:
    t = time.perf_counter()
    run()
    return time.perf_counter() - t


def _pin_one_core() -> str:
    try:
        cpu = sorted(os.sched_getaffinity(0))[-1]
        os.sched_setaffinity(0, {cpu})
        return f"cpu{cpu}"
    except (AttributeError, OSError):
        return "unpinned"


def bench_core(model_dir: Path, n: int = 2000, batch: int = 64, repeats: int = 5,
               seed: int = 1234, positive_share: float = 0.35,
               plain_batches: Sequence[int] = PLAIN_BATCHES) -> dict[str, Any]:
    """In-process throughput of the service core versus scikit-learn, pinned to one core.

    Every comparison runs interleaved (ours, theirs, ours, ...) on the same conversations,
    so machine noise hits both alike; each figure is the median of ``repeats`` passes.
    """
    pinned = _pin_one_core()
    model = ScoringModel.load(model_dir)
    gate = PolicyGate()
    scorer = RiskScorer(model, gate)
    convs = bench_conversations(n, seed, positive_share)
    n_messages = sum(len(c.messages) for c in convs)
    pipe, a, b = sklearn_pipeline(model)
    plain = plain_sklearn(bench_conversations(n, seed + 7919, positive_share))

    def chunks(size: int) -> list[list[Conversation]]:
        return [convs[i:i + size] for i in range(0, len(convs), size)]

    def compare(ours: Callable[[], object], theirs: Callable[[], object]) -> tuple[float, float]:
        ours()  # warm-up
        theirs()
        ours_t, theirs_t = [], []
        for _ in range(repeats):
            ours_t.append(_timed(ours))
            theirs_t.append(_timed(theirs))
        return statistics.median(ours_t), statistics.median(theirs_t)

    def run_ours(parts: list[list[Conversation]]) -> None:
        for chunk in parts:
            scorer.score(chunk)

    def run_plain(parts: list[list[Conversation]]) -> None:
        for chunk in parts:
            plain.predict_proba([joined_text(c) for c in chunk])

    batches = chunks(batch)
    core, sk = compare(partial(run_ours, batches),
                       lambda: [sklearn_probabilities(pipe, a, b, c, gate) for c in batches])
    single = [convs[i] for i in range(min(300, len(convs)))]
    batch1 = _timed(lambda: [scorer.score([conv]) for conv in single])

    plain_rows: dict[str, dict[str, float]] = {}
    for size in plain_batches:
        # At batch 1 both sides are slow: the first BATCH1_CONVERSATIONS keep the run short.
        parts = chunks(size) if size > 1 else chunks(1)[:BATCH1_CONVERSATIONS]
        done = sum(map(len, parts))
        ours_t, plain_t = compare(partial(run_ours, parts), partial(run_plain, parts))
        plain_rows[str(size)] = {
            "conversations": done,
            "ours_conversations_per_s": round(done / ours_t),
            "plain_sklearn_conversations_per_s": round(done / plain_t),
            "ours_vs_plain_sklearn": round(plain_t / ours_t, 2),
        }
    not_scanned = sum(gate.decide(c).reason is not None for c in convs)
    return {
        "mode": "in_process",
        "pinned": pinned,
        "conversations": len(convs),
        "messages": n_messages,
        "mean_messages_per_conversation": round(n_messages / len(convs), 1),
        # Ours skips these after the gate; plain sklearn scores every conversation.
        "not_scanned_share": round(not_scanned / len(convs), 3),
        "batch": batch,
        "repeats": repeats,
        "messages_per_s": round(n_messages / core),
        "conversations_per_s": round(len(convs) / core),
        "batch1_conversations_per_s": round(len(single) / batch1),
        "plain_sklearn": {
            "what": "TfidfVectorizer(ngram_range=(1, 2), max_features=2**16) + "
                    "LogisticRegression on each conversation's joined text",
            "features": len(plain.named_steps["tfidf"].vocabulary_),
            "by_batch": plain_rows,
        },
        "same_model_in_sklearn": {
            "what": "our model rebuilt as a sklearn pipeline over the Python training analyzer",
            "batch": batch,
            "messages_per_s": round(n_messages / sk),
            "conversations_per_s": round(len(convs) / sk),
            "ours_vs_same_model_in_sklearn": round(sk / core, 2),
        },
        "model_version": model.version,
    }
