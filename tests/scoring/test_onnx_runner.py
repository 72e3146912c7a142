"""The C API runner (``_onnx.c``): the binding's numbers, the GIL held, clear errors."""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from service.scoring import _onnx
from service.scoring.features import BatchFeatures
from service.scoring.jsonl import load_conversations
from service.scoring.model import ScoringModel
from service.scoring.policy import PolicyGate


@pytest.fixture(scope="module")
def model(tiny_model: Path) -> ScoringModel:
    return ScoringModel.load(tiny_model)


@pytest.fixture(scope="module")
def batches(model: ScoringModel, corpus: dict[str, Path]) -> list[BatchFeatures]:
    """The test split featurized whole, in batches of 1 and 7, and empty."""
    gate = PolicyGate()
    kept = [c for c in load_conversations(corpus["test"]).conversations
            if gate.decide(c).reason is None and gate.decide(c).pairs]

    def featurize(convs: list) -> BatchFeatures:  # type: ignore[type-arg]
        return model.features.featurize(convs, [gate.decide(c).pairs for c in convs])

    return ([featurize(kept)] + [featurize(kept[i:i + 1]) for i in range(20)]
            + [featurize(kept[i:i + 7]) for i in range(0, 70, 7)] + [featurize([])])


def test_one_intra_op_thread_runs_through_the_c_api(tiny_model: Path,
                                                    model: ScoringModel) -> None:
    assert model.runner is not None
    # Several threads would run in parallel: that is what the binding's unlocked run is for.
    assert ScoringModel.load(tiny_model, intra_op_threads=2).runner is None


def test_runner_gives_the_bindings_numbers_bit_for_bit(
    model: ScoringModel, batches: list[BatchFeatures]
) -> None:
    binding = dataclasses.replace(model, runner=None)
    assert len(batches[0].pairs) > 100
    for batch in batches:
        got = model.probability_list(batch)
        assert got == binding.probability_list(batch)
        assert len(got) == len(batch.pairs)
        assert np.array_equal(model.probabilities(batch), binding.probabilities(batch))
    assert 0.05 < float(np.mean(np.array(model.probability_list(batches[0])) > 0.5)) < 0.95


@pytest.fixture()
def no_forced_switches() -> Iterator[None]:
    """No switch of the GIL forced by time: another thread runs only when it is released."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def test_runner_holds_the_gil_where_the_binding_releases_it(
    model: ScoringModel, batches: list[BatchFeatures], no_forced_switches: None
) -> None:
    """A thread that waits for the GIL gets it during the binding's runs, never the runner's."""
    turns = [0]
    stop = threading.Event()

    def other() -> None:  # one turn each time it holds the GIL; sleep(0) gives it back
        while not stop.is_set():
            turns[0] += 1
            time.sleep(0)

    thread = threading.Thread(target=other, daemon=True)
    thread.start()
    binding = dataclasses.replace(model, runner=None)
    batch = batches[1]
    try:
        time.sleep(0.01)  # let it start; from here it runs only when this thread lets it
        before = turns[0]
        for _ in range(200):
            model.probability_list(batch)
        held = turns[0] - before
        before = turns[0]
        for _ in range(200):
            binding.probability_list(batch)
        released = turns[0] - before
    finally:
        stop.set()
        thread.join()
    assert held == 0
    assert released > 0  # the test can see a release


def test_runner_refuses_inputs_it_cannot_read(
    model: ScoringModel, batches: list[BatchFeatures]
) -> None:
    runner = model.runner
    assert runner is not None
    b = batches[0]
    with pytest.raises(TypeError, match="ngram_ids"):
        runner.run(b.ngram_ids.astype(np.int32), b.ngram_counts, b.segments, b.dense)
    with pytest.raises(TypeError, match="dense"):
        runner.run(b.ngram_ids, b.ngram_counts, b.segments, b.dense.ravel())
    with pytest.raises(ValueError, match="contiguous"):  # refused by numpy's buffer
        runner.run(b.ngram_ids, b.ngram_counts[::2], b.segments[::2], b.dense)
    with pytest.raises(ValueError, match="lengths or dense width"):
        runner.run(b.ngram_ids, b.ngram_counts, b.segments, b.dense[:, :10].copy())
    with pytest.raises(ValueError, match="lengths or dense width"):
        runner.run(b.ngram_ids[1:], b.ngram_counts, b.segments, b.dense)
    # Checked by onnxruntime itself: an id past the vocabulary.
    with pytest.raises(RuntimeError, match="onnxruntime: "):
        runner.run(b.ngram_ids + 10**7, b.ngram_counts, b.segments, b.dense)
    assert runner.run(b.ngram_ids, b.ngram_counts, b.segments, b.dense) == (
        dataclasses.replace(model, runner=None).probability_list(b))  # still serving


def test_a_file_that_is_no_model_is_refused(model: ScoringModel) -> None:
    assert model.runner is not None  # the library is loaded: onnxruntime itself refuses
    with pytest.raises(RuntimeError, match="onnxruntime: "):
        _onnx.Session(b"not an onnx model", 55)
