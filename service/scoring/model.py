"""Loading and verifying a shipped model folder, and running it with onnxruntime.

A model folder holds ``model.onnx``, ``vocabulary.json``, ``manifest.json`` and
``MODEL_CARD.md``. :meth:`ScoringModel.load` refuses the folder unless every file's
sha256 matches the manifest, the feature and normalisation versions match this code,
and the ONNX session's inputs and outputs match :mod:`service.scoring.signature`.
Pickles are never loaded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from service.errors import ModelIntegrityError
from service.scoring.features import (
    DENSE_FEATURES,
    FEATURE_VERSION,
    NORMALIZATION_VERSION,
    BatchFeatures,
    FeatureSpace,
)
from service.scoring.signature import INPUTS, OUTPUTS

MANIFEST = "manifest.json"
VERIFIED_FILES = ("model.onnx", "vocabulary.json")


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def session_options(intra_op_threads: int = 1) -> ort.SessionOptions:
    """Options for a server that shares its cores: few threads, no spinning."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = intra_op_threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return options


@dataclass(frozen=True)
class ScoringModel:
    """A verified model: manifest facts, the feature space and an onnxruntime session."""

    directory: Path
    manifest: dict[str, Any]
    features: FeatureSpace
    session: ort.InferenceSession

    @property
    def version(self) -> str:
        """The model version recorded in the manifest (e.g. ``gr-2026.11-s7``)."""
        return str(self.manifest["model_version"])

    @property
    def threshold(self) -> float:
        """Operating threshold chosen at training time for the target precision."""
        return float(self.manifest["threshold"])

    @property
    def sha256(self) -> str:
        """sha256 of ``model.onnx``."""
        return str(self.manifest["files"]["model.onnx"])

    @classmethod
    def load(cls, directory: Path, intra_op_threads: int = 1) -> ScoringModel:
        """Load and verify a model folder; raise :class:`ModelIntegrityError` if anything is off."""
        directory = Path(directory)
        try:
            manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ModelIntegrityError(f"{MANIFEST} is missing or not valid JSON") from None
        if not isinstance(manifest, dict):
            raise ModelIntegrityError(f"{MANIFEST} is not an object")
        files = manifest.get("files")
        if not isinstance(files, dict):
            raise ModelIntegrityError(f"{MANIFEST} has no file checksums")
        for name in VERIFIED_FILES:
            path = directory / name
            if not path.is_file():
                raise ModelIntegrityError(f"{name} is missing")
            if files.get(name) != sha256_file(path):
                raise ModelIntegrityError(f"{name} does not match its sha256 in {MANIFEST}")
        for key, expected in (
            ("feature_version", FEATURE_VERSION),
            ("normalization_version", NORMALIZATION_VERSION),
        ):
            if manifest.get(key) != expected:
                raise ModelIntegrityError(f"model {key} is not {expected}")
        if list(manifest.get("dense_features", [])) != list(DENSE_FEATURES):
            raise ModelIntegrityError("model dense features differ from this service's")
        threshold = manifest.get("threshold")
        if not isinstance(threshold, float | int) or not 0.0 < float(threshold) < 1.0:
            raise ModelIntegrityError("threshold must be a number in (0, 1)")
        vocab = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        features = FeatureSpace(vocab["sender"], vocab["partner"])
        try:
            session = ort.InferenceSession(
                str(directory / "model.onnx"),
                sess_options=session_options(intra_op_threads),
                providers=["CPUExecutionProvider"],
            )
        except Exception:  # onnxruntime raises several unrelated types for a bad file
            raise ModelIntegrityError("model.onnx cannot be loaded by onnxruntime") from None
        got_in = {i.name: i.type for i in session.get_inputs()}
        got_out = {o.name: o.type for o in session.get_outputs()}
        if got_in != INPUTS or got_out != OUTPUTS or manifest.get("inputs") != INPUTS:
            raise ModelIntegrityError("model input/output signature does not match")
        dense_width = session.get_inputs()[list(INPUTS).index("dense")].shape[1]
        idf = _initializer_len(session)
        if dense_width != len(DENSE_FEATURES) or idf not in (None, features.n_features):
            raise ModelIntegrityError("model dimensions do not match its vocabulary")
        return cls(directory, manifest, features, session)

    def probabilities(self, batch: BatchFeatures) -> npt.NDArray[np.float32]:
        """Calibrated probability per pair of ``batch``."""
        if not batch.pairs:
            return np.zeros(0, dtype=np.float32)
        feeds = {
            "ngram_ids": batch.ngram_ids,
            "ngram_counts": batch.ngram_counts,
            "segments": batch.segments,
            "dense": batch.dense,
        }
        binding = getattr(self.session, "_sess", None)
        if binding is not None:
            # The public run() checks input names and looks up output names on every call:
            # about 20 µs, a fifth of a small batch's run on a busy server. load() checked
            # the signature once, so call onnxruntime's binding, as run() itself does.
            (out,) = binding.run(_OUTPUT_NAMES, feeds, None)
        else:  # an onnxruntime without the binding attribute: the public way
            (out,) = self.session.run(_OUTPUT_NAMES, feeds)
        return np.asarray(out, dtype=np.float32)


_OUTPUT_NAMES = list(OUTPUTS)


def _initializer_len(session: ort.InferenceSession) -> int | None:
    meta = session.get_modelmeta().custom_metadata_map
    value = meta.get("n_features")
    return int(value) if value is not None else None
