"""Figures that tests measure (inputs tried, cycles survived, ...) and may record.

Tests never write into the checkout on their own: set ``GROOMING_RISK_WRITE_RESULTS=1``
to refresh the committed files under ``benchmarks/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def record(name: str, data: dict[str, Any]) -> None:
    """Write ``data`` to ``benchmarks/<name>`` when asked to."""
    if os.environ.get("GROOMING_RISK_WRITE_RESULTS") == "1":
        (BENCHMARKS / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
