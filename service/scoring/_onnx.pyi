"""Types of the scoring model's C API runner (``_onnx.c``); see ``ScoringModel.runner``."""

from typing import Any

def load(library_path: str, /) -> str: ...

class Session:
    def __init__(self, model: bytes, dense_width: int) -> None: ...
    def run(self, ngram_ids: Any, ngram_counts: Any, segments: Any, dense: Any,
            /) -> list[float]: ...
