"""The model's input/output signature: the names and types the scorer feeds and reads.

Shared by the exporter (which writes it into the manifest) and the loader (which
checks the ONNX session against it before the service reports SERVING).
"""

from __future__ import annotations

INPUTS: dict[str, str] = {
    "ngram_ids": "tensor(int64)",  # [N] feature ids, sender block then partner block
    "ngram_counts": "tensor(float)",  # [N] raw counts; the graph applies 1 + log(tf) and idf
    "segments": "tensor(int64)",  # [N] row r = sender block of pair r, B + r = partner block
    "dense": "tensor(float)",  # [B, len(DENSE_FEATURES)]
}
OUTPUTS: dict[str, str] = {
    "probability": "tensor(float)",  # [B] calibrated probability per pair
}
