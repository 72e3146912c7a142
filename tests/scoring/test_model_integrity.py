"""A model folder is refused unless checksums, versions and signature all match."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from service.errors import ModelIntegrityError
from service.scoring.model import ScoringModel


@pytest.fixture
def model_copy(tiny_model: Path, tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(tiny_model, target)
    return target


def test_intact_model_loads(model_copy: Path) -> None:
    model = ScoringModel.load(model_copy)
    assert model.version == "tiny-test"
    assert 0 < model.threshold < 1


def test_tampered_onnx_is_refused(model_copy: Path) -> None:
    data = bytearray((model_copy / "model.onnx").read_bytes())
    data[len(data) // 2] ^= 0x01
    (model_copy / "model.onnx").write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match=r"model\.onnx does not match its sha256"):
        ScoringModel.load(model_copy)


def test_tampered_vocabulary_is_refused(model_copy: Path) -> None:
    vocab = json.loads((model_copy / "vocabulary.json").read_text())
    vocab["sender"][0] = "tampered"
    (model_copy / "vocabulary.json").write_text(json.dumps(vocab))
    with pytest.raises(ModelIntegrityError, match=r"vocabulary\.json"):
        ScoringModel.load(model_copy)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("feature_version", "feat-0", "feature_version"),
        ("normalization_version", "norm-0", "normalization_version"),
        ("threshold", 1.5, "threshold"),
        ("inputs", {"x": "tensor(float)"}, "signature"),
        ("dense_features", ["only_one"], "dense features"),
    ],
)
def test_manifest_mismatches_are_refused(
    model_copy: Path, key: str, value: object, message: str
) -> None:
    manifest = json.loads((model_copy / "manifest.json").read_text())
    manifest[key] = value
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelIntegrityError, match=message):
        ScoringModel.load(model_copy)


def test_missing_files_are_refused(model_copy: Path) -> None:
    (model_copy / "model.onnx").unlink()
    with pytest.raises(ModelIntegrityError, match="missing"):
        ScoringModel.load(model_copy)
    with pytest.raises(ModelIntegrityError, match="manifest"):
        ScoringModel.load(model_copy.parent / "nowhere")


def test_shipped_model_is_intact() -> None:
    root = Path(__file__).resolve().parents[2]
    model = ScoringModel.load(root / "models" / "default")
    assert model.manifest["target_precision"] == 0.97
    assert model.manifest["training"]["protocol"].startswith("leave-family-out")
    families, *banks = model.manifest["training"]["data"]
    assert families["generator"] == {**families["generator"], "bank": "families", "seed": 21}
    assert {b["generator"]["bank"] for b in banks} == {"a", "b"}
