"""Export a fitted model to ONNX: a sparse graph with the vocabulary lookups left outside.

The graph takes n-gram ids and counts (from :class:`service.scoring.features.FeatureSpace`)
and does the numeric work: sublinear tf, idf, two L2 normalisations, the linear layer and
the sigmoid calibration. No dense vocabulary-wide vector is ever built, which is what
makes the default skl2onnx conversion of ``TfidfVectorizer`` slow (see shared notes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper, numpy_helper

from service.scoring.signature import INPUTS, OUTPUTS

OPSET = 18
_TYPES = {"tensor(int64)": TensorProto.INT64, "tensor(float)": TensorProto.FLOAT}


@dataclass(frozen=True)
class LinearModel:
    """Everything the graph needs, in the sklearn pipeline's column order.

    ``idf`` and ``coef_text`` span the sender then the partner n-gram blocks. The
    calibrated probability is ``1 / (1 + exp(calib_a * logit + calib_b))``, as in
    scikit-learn's sigmoid calibration.
    """

    idf: npt.NDArray[np.float64]
    coef_text: npt.NDArray[np.float64]
    coef_dense: npt.NDArray[np.float64]
    intercept: float
    calib_a: float
    calib_b: float


def build_graph(model: LinearModel, producer_version: str) -> onnx.ModelProto:
    """Build the scoring graph for ``model``."""
    f32 = np.float32
    inits = [
        numpy_helper.from_array(model.idf.astype(f32), "idf"),
        numpy_helper.from_array(model.coef_text.astype(f32), "coef_text"),
        numpy_helper.from_array(model.coef_dense.astype(f32).reshape(-1, 1), "coef_dense"),
        numpy_helper.from_array(np.array([model.intercept], dtype=f32), "intercept"),
        numpy_helper.from_array(np.array([-model.calib_a], dtype=f32), "neg_a"),
        numpy_helper.from_array(np.array([-model.calib_b], dtype=f32), "neg_b"),
        numpy_helper.from_array(np.array([1.0], dtype=f32), "one"),
        numpy_helper.from_array(np.array([1e-12], dtype=f32), "eps"),
        numpy_helper.from_array(np.array([0], dtype=np.int64), "axis0_start"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis0_end"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "two"),
        numpy_helper.from_array(np.array([2, -1], dtype=np.int64), "blocks_shape"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "flat"),
        numpy_helper.from_array(np.array([0], dtype=np.int64), "reduce_axis"),
    ]
    n = helper.make_node
    nodes = [
        # Pair count B from the dense input; zeros(2B) accumulates both n-gram blocks.
        n("Shape", ["dense"], ["dense_shape"]),
        n("Slice", ["dense_shape", "axis0_start", "axis0_end"], ["batch"]),
        n("Mul", ["batch", "two"], ["two_batch"]),
        n("ConstantOfShape", ["two_batch"], ["zeros"],
          value=helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0])),
        # tf-idf value of each present n-gram: (1 + log tf) * idf
        n("Log", ["ngram_counts"], ["log_tf"]),
        n("Add", ["log_tf", "one"], ["tf"]),
        n("Gather", ["idf", "ngram_ids"], ["idf_g"]),
        n("Mul", ["tf", "idf_g"], ["tfidf"]),
        # Per-block L2 norm and dot product with the weights, as segment sums.
        n("Mul", ["tfidf", "tfidf"], ["tfidf_sq"]),
        n("ScatterElements", ["zeros", "segments", "tfidf_sq"], ["norm_sq"], reduction="add"),
        n("Gather", ["coef_text", "ngram_ids"], ["coef_g"]),
        n("Mul", ["tfidf", "coef_g"], ["weighted"]),
        n("ScatterElements", ["zeros", "segments", "weighted"], ["dot"], reduction="add"),
        n("Sqrt", ["norm_sq"], ["norm"]),
        n("Max", ["norm", "eps"], ["safe_norm"]),
        n("Div", ["dot", "safe_norm"], ["block_logit"]),
        n("Reshape", ["block_logit", "blocks_shape"], ["blocks"]),
        n("ReduceSum", ["blocks", "reduce_axis"], ["text_logit"], keepdims=0),
        # Metadata and indicator features.
        n("MatMul", ["dense", "coef_dense"], ["dense_logit_col"]),
        n("Reshape", ["dense_logit_col", "flat"], ["dense_logit"]),
        n("Add", ["text_logit", "dense_logit"], ["logit_no_bias"]),
        n("Add", ["logit_no_bias", "intercept"], ["logit"]),
        # Sigmoid calibration: p = sigmoid(-(a * logit + b))
        n("Mul", ["logit", "neg_a"], ["scaled"]),
        n("Add", ["scaled", "neg_b"], ["calibrated_logit"]),
        n("Sigmoid", ["calibrated_logit"], ["probability"]),
    ]
    shapes: dict[str, list[str | int]] = {
        "ngram_ids": ["N"], "ngram_counts": ["N"], "segments": ["N"],
        "dense": ["B", len(model.coef_dense)],
    }
    inputs = [helper.make_tensor_value_info(k, _TYPES[v], shapes[k]) for k, v in INPUTS.items()]
    outputs = [helper.make_tensor_value_info(k, _TYPES[v], ["B"]) for k, v in OUTPUTS.items()]
    graph = helper.make_graph(nodes, "grooming_risk_pair_scorer", inputs, outputs, inits)
    proto = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="grooming-risk",
        producer_version=producer_version,
    )
    proto.ir_version = 9
    onnx.checker.check_model(proto, full_check=True)
    return proto
