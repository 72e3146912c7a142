"""sklearn and ONNX give the same numbers; the fast tokenizer equals the reference one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.scoring.engine import RiskScorer
from service.scoring.features import FeatureSpace, raw_tokens
from service.scoring.jsonl import load_conversations
from service.scoring.model import ScoringModel
from service.scoring.policy import PolicyGate
from training import pipeline as pl
from training.bench import sklearn_pipeline, sklearn_probabilities
from training.reference_features import ReferenceFeatureSpace

TOLERANCE = 1e-5


def test_onnx_matches_sklearn_on_held_out_conversations(
    tiny_model: Path, corpus: dict[str, Path]
) -> None:
    """Pair probabilities from onnxruntime and from the sklearn pipeline agree within 1e-5."""
    model = ScoringModel.load(tiny_model)
    gate = PolicyGate()
    convs = load_conversations(corpus["test"]).conversations
    pipe, a, b = sklearn_pipeline(model)
    expected = sklearn_probabilities(pipe, a, b, convs, gate)
    kept = [c for c in convs if gate.decide(c).reason is None and gate.decide(c).pairs]
    batch = model.features.featurize(kept, [gate.decide(c).pairs for c in kept])
    got = model.probabilities(batch)
    assert len(got) == len(expected) > 100
    assert np.max(np.abs(got - expected)) < TOLERANCE
    assert 0.05 < float(np.mean(got > 0.5)) < 0.95  # a real mix, not a constant


def test_binding_call_equals_the_public_run(tiny_model: Path, corpus: dict[str, Path]) -> None:
    """probabilities() calls onnxruntime's binding directly; the public run() agrees bit for bit."""
    model = ScoringModel.load(tiny_model)
    gate = PolicyGate()
    convs = load_conversations(corpus["test"]).conversations
    kept = [c for c in convs if gate.decide(c).reason is None and gate.decide(c).pairs]
    batch = model.features.featurize(kept, [gate.decide(c).pairs for c in kept])
    fast = model.probabilities(batch)

    class PublicOnly:  # a session without the binding attribute: the fallback path
        def __init__(self, session: object) -> None:
            self.run = session.run  # type: ignore[attr-defined]

    public = dataclasses.replace(model, session=PublicOnly(model.session))  # type: ignore[arg-type]
    assert hasattr(model.session, "_sess") and not hasattr(public.session, "_sess")
    assert np.array_equal(fast, public.probabilities(batch))
    assert np.array_equal(fast, model.session.run(None, {
        "ngram_ids": batch.ngram_ids, "ngram_counts": batch.ngram_counts,
        "segments": batch.segments, "dense": batch.dense})[0])


@pytest.mark.parametrize("max_features", [None, 300])
def test_rebuilt_pipeline_matches_the_fitted_calibrated_one(
    tiny_model: Path, corpus: dict[str, Path], max_features: int | None
) -> None:
    """The exported graph is the fitted, calibrated pipeline, also with a capped vocabulary."""
    train = load_conversations(corpus["train"]).conversations
    cal = load_conversations(corpus["cal"]).conversations
    test = load_conversations(corpus["test"]).conversations
    gate = PolicyGate()
    train_ex = pl.pair_examples(train, gate)
    fitted = pl.fit(train_ex, pl.sample_weights(train_ex, train), 1.0, seed=0, min_df=2,
                    max_features=max_features)
    calibrated = pl.calibrate(fitted, pl.pair_examples(cal, gate))
    test_ex = pl.pair_examples(test, gate)
    direct = calibrated.predict_proba(test_ex)[:, 1]

    out = tiny_model.parent / f"rebuilt-{max_features}"
    from training.export import build_graph

    graph = build_graph(pl.linear_model(calibrated), "rebuilt")
    out.mkdir(exist_ok=True)
    (out / "model.onnx").write_bytes(graph.SerializeToString())
    vocab = pl.vocabularies(calibrated)
    space = FeatureSpace(vocab["sender"], vocab["partner"])
    import onnxruntime as ort

    session = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    kept = [c for c in test if gate.decide(c).reason is None and gate.decide(c).pairs]
    batch = space.featurize(kept, [gate.decide(c).pairs for c in kept])
    (onnx_probs,) = session.run(None, {"ngram_ids": batch.ngram_ids,
                                       "ngram_counts": batch.ngram_counts,
                                       "segments": batch.segments, "dense": batch.dense})
    assert np.max(np.abs(onnx_probs - direct)) < TOLERANCE


def test_scorer_batches_do_not_change_results(tiny_model: Path, corpus: dict[str, Path]) -> None:
    """Scoring one at a time and in one batch gives identical outcomes and scores."""
    scorer = RiskScorer(ScoringModel.load(tiny_model), PolicyGate())
    convs = load_conversations(corpus["test"]).conversations[:80]
    together = scorer.score(convs)
    alone = [scorer.score([c])[0] for c in convs]
    assert [r.outcome for r in together] == [r.outcome for r in alone]
    for x, y in zip(together, alone, strict=True):
        assert (x.score is None) == (y.score is None)
        if x.score is not None and y.score is not None:
            assert abs(x.score - y.score) < 1e-6


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["Don't tell ur MOM", "se\u200bcret", "Ｈｉ", "ß", "😂lol", "a\nb", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_batch_tokenizer_equals_reference(batch: list[str]) -> None:
    """The numpy reference's batch tokenizer equals the per-message tokens, for any text."""
    tokens, layout = ReferenceFeatureSpace._tokenize(batch)
    order = [k for at, _ in layout for k in at]  # messages in the order they were cut
    got: list[list[bytes]] = [[] for _ in batch]
    current = iter(order)
    k = next(current, None)
    for token in tokens:
        if token == b"\x01":
            k = next(current, None)
        else:
            assert k is not None
            got[k].append(token)
    assert got == [raw_tokens(t) for t in batch]


@pytest.mark.parametrize("text", ["How old r u?", "HOW  OLD\tare you", "how old are ü"])
def test_normalisation_variants_share_tokens(text: str) -> None:
    from service.scoring.features import message_tokens

    assert message_tokens(text)[:2] == ["how", "old"]
