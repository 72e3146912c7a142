"""The scikit-learn model: pair examples, the pipeline, fitting and calibration.

Training and serving share :mod:`service.scoring.features`: the text vectorizers here use
its analyzer, and the dense features come from the same :class:`FeatureSpace` the
service runs, so the two cannot drift. The fitted pipeline is exported to ONNX by
:mod:`training.export`; a parity test checks the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from service.scoring.conversation import Conversation
from service.scoring.features import FeatureSpace, document_ngrams
from service.scoring.policy import PolicyGate
from training.export import LinearModel

# Negative categories where the age gate cannot help and only the text decides; the issue
# and our error analysis say these decide precision, so they weigh more in training.
HARD_NEGATIVES = frozenset(
    {"parent_child", "teen_surprise", "gaming_teammates", "coach_tutor", "grandparent_gift",
     "peer_handles", "adult_dating", "customer_support"}
)
HARD_NEGATIVE_WEIGHT = 2.0
BATCH = 256


@dataclass(frozen=True, slots=True)
class PairExample:
    """One (sender -> partner) pair of a gated-in conversation, with its label."""

    conversation: int  # index into the conversation list
    sender_texts: tuple[str, ...]
    partner_texts: tuple[str, ...]
    dense: npt.NDArray[np.float32]
    label: bool


def pair_examples(
    conversations: Sequence[Conversation], gate: PolicyGate, cue_space: FeatureSpace | None = None
) -> list[PairExample]:
    """All scoreable pairs of the conversations the gate lets through."""
    space = cue_space or FeatureSpace([], [])
    examples: list[PairExample] = []
    for start in range(0, len(conversations), BATCH):
        chunk = conversations[start: start + BATCH]
        kept: list[Conversation] = []
        kept_index: list[int] = []
        pairs: list[tuple[tuple[str, str], ...]] = []
        for k, conv in enumerate(chunk):
            decision = gate.decide(conv)
            if decision.reason is None and decision.pairs:
                kept.append(conv)
                kept_index.append(start + k)
                pairs.append(decision.pairs)
        if not kept:
            continue
        batch = space.featurize(kept, pairs)
        for row, pair in enumerate(batch.pairs):
            conv = kept[pair.conversation_index]
            label = conv.label
            examples.append(
                PairExample(
                    conversation=kept_index[pair.conversation_index],
                    sender_texts=tuple(m.text for m in conv.messages if m.sender == pair.sender),
                    partner_texts=tuple(m.text for m in conv.messages if m.sender == pair.partner),
                    dense=batch.dense[row],
                    label=bool(label and label.suspicious and label.offender == pair.sender),
                )
            )
    return examples


def _sender_docs(examples: Sequence[PairExample]) -> list[tuple[str, ...]]:
    return [e.sender_texts for e in examples]


def _partner_docs(examples: Sequence[PairExample]) -> list[tuple[str, ...]]:
    return [e.partner_texts for e in examples]


def _dense(examples: Sequence[PairExample]) -> npt.NDArray[np.float64]:
    return np.vstack([e.dense for e in examples]).astype(np.float64)


def _vectorizer(min_df: int, max_features: int | None) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=document_ngrams, min_df=min_df, max_features=max_features, sublinear_tf=True,
        norm="l2", smooth_idf=True,
    )


def build_pipeline(
    c: float, min_df: int = 3, seed: int = 0, max_features: int | None = None
) -> Pipeline:
    """The uncalibrated pipeline: two tf-idf blocks and the dense block into a logistic model."""
    features = FeatureUnion(
        [
            ("sender", Pipeline([("docs", FunctionTransformer(_sender_docs)),
                                 ("tfidf", _vectorizer(min_df, max_features))])),
            ("partner", Pipeline([("docs", FunctionTransformer(_partner_docs)),
                                  ("tfidf", _vectorizer(min_df, max_features))])),
            ("dense", FunctionTransformer(_dense)),
        ]
    )
    clf = LogisticRegression(C=c, max_iter=5000, random_state=seed)
    return Pipeline([("features", features), ("clf", clf)])


def is_hard_negative(category: str | None) -> bool:
    """Phrase-bank hard-negative categories, and every ``hn_*`` scenario family."""
    return category is not None and (category in HARD_NEGATIVES or category.startswith("hn_"))


def sample_weights(
    examples: Sequence[PairExample], conversations: Sequence[Conversation]
) -> npt.NDArray[np.float64]:
    """Hard negatives weigh :data:`HARD_NEGATIVE_WEIGHT`; everything else 1."""
    return np.array(
        [
            HARD_NEGATIVE_WEIGHT
            if not e.label and is_hard_negative(conversations[e.conversation].category)
            else 1.0
            for e in examples
        ]
    )


def fit(
    train: Sequence[PairExample],
    weights: npt.NDArray[np.float64],
    c: float,
    seed: int,
    min_df: int = 3,
    max_features: int | None = None,
) -> Pipeline:
    """Fit the uncalibrated pipeline. ``max_features`` caps each n-gram block at its most
    frequent n-grams, which bounds the serving vocabulary (and its lookup cost)."""
    pipeline = build_pipeline(c, min_df, seed, max_features)
    y = np.array([e.label for e in train])
    pipeline.fit(list(train), y, clf__sample_weight=weights)
    return pipeline


def calibrate(pipeline: Pipeline, calibration: Sequence[PairExample]) -> CalibratedClassifierCV:
    """Sigmoid (Platt) calibration of the frozen pipeline on held-out pairs."""
    y = np.array([e.label for e in calibration])
    calibrated = CalibratedClassifierCV(FrozenEstimator(pipeline), method="sigmoid")
    calibrated.fit(list(calibration), y)
    return calibrated


def linear_model(calibrated: CalibratedClassifierCV) -> LinearModel:
    """Extract the numbers the ONNX graph needs from the calibrated pipeline."""
    (cc,) = calibrated.calibrated_classifiers_
    (calibrator,) = cc.calibrators
    return linear_model_of(cc.estimator.estimator, float(calibrator.a_), float(calibrator.b_))


def platt(logits: npt.NDArray[np.float64], y: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """Sigmoid calibration ``p = 1 / (1 + exp(a * logit + b))`` fitted on held-out logits."""
    lr = LogisticRegression(C=1e6, max_iter=1000)
    lr.fit(logits.reshape(-1, 1), y)
    return -float(lr.coef_[0, 0]), -float(lr.intercept_[0])


def linear_model_of(pipeline: Pipeline, calib_a: float, calib_b: float) -> LinearModel:
    """The numbers the ONNX graph needs: a fitted pipeline plus its sigmoid calibration."""
    union: FeatureUnion = pipeline.named_steps["features"]
    sender = union.transformer_list[0][1].named_steps["tfidf"]
    partner = union.transformer_list[1][1].named_steps["tfidf"]
    clf: LogisticRegression = pipeline.named_steps["clf"]
    coef = clf.coef_.ravel()
    n_s, n_p = len(sender.vocabulary_), len(partner.vocabulary_)
    return LinearModel(
        idf=np.concatenate([sender.idf_, partner.idf_]),
        coef_text=coef[: n_s + n_p],
        coef_dense=coef[n_s + n_p:],
        intercept=float(clf.intercept_[0]),
        calib_a=calib_a,
        calib_b=calib_b,
    )


def vocabularies(model: CalibratedClassifierCV | Pipeline) -> dict[str, list[str]]:
    """Sender and partner n-gram vocabularies in column order."""
    if isinstance(model, CalibratedClassifierCV):
        (cc,) = model.calibrated_classifiers_
        model = cc.estimator.estimator
    union: FeatureUnion = model.named_steps["features"]
    out = {}
    for name, (_, sub) in zip(("sender", "partner"), union.transformer_list[:2], strict=True):
        tfidf = sub.named_steps["tfidf"]
        out[name] = [str(g) for g in tfidf.get_feature_names_out()]
    return out
