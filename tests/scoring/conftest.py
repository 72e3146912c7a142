"""Fixtures for the scoring core: a tiny model trained once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from training import synth
from training.train import TrainConfig, train


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small train (bank a), calibration and test (bank b) files."""
    root = tmp_path_factory.mktemp("corpus")
    files = {}
    for name, n, seed, bank in (("train", 500, 1, "a"), ("cal", 250, 2, "b"),
                                ("test", 250, 3, "b")):
        path = root / f"{name}.jsonl"
        synth.write_jsonl(synth.generate(n, seed=seed, bank=bank), path)
        files[name] = path
    return files


@pytest.fixture(scope="session")
def tiny_model(corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder trained on the small corpus (the real training code path)."""
    out = tmp_path_factory.mktemp("model") / "tiny"
    train(TrainConfig(data=corpus["train"], calibration=corpus["cal"], test=corpus["test"],
                      out=out, version="tiny-test", seed=3, min_df=2), progress=False)
    return out
