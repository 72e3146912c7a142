"""The scenario-family corpus: many voices and situations, each a small builder.

Each module in this package defines ``FAMILIES``, a tuple of :class:`Family`. Families
are written by different authors in different registers, so no single template or word
decides a label; hard negatives share the vocabulary of the positives. ``group`` ties
families together for leave-family-out checks.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

from training.families.scene import Family, run

_MODULES = ("online_strangers", "known_adults", "hn_professionals", "hn_family", "hn_peers_adults")


def all_families() -> tuple[Family, ...]:
    """Every registered family, in a stable order."""
    import importlib

    out: list[Family] = []
    for name in _MODULES:
        out.extend(importlib.import_module(f"training.families.{name}").FAMILIES)
    names = [f.name for f in out]
    if len(names) != len(set(names)):
        raise ValueError("family names must be unique")
    return tuple(out)


def generate(n: int, seed: int, positive_share: float = 0.35,
             families: tuple[Family, ...] | None = None) -> list[dict[str, Any]]:
    """``n`` conversations: ``positive_share`` from positive families, weighted within."""
    fams = families if families is not None else all_families()
    pos = [f for f in fams if f.suspicious]
    neg = [f for f in fams if not f.suspicious]
    rng = random.Random(seed)
    n_pos = round(n * positive_share) if pos and neg else (n if pos else 0)
    records = []
    for i in range(n):
        choices = pos if i < n_pos else neg
        fam = rng.choices(choices, weights=[f.weight for f in choices])[0]
        sub = random.Random(int.from_bytes(
            hashlib.sha256(f"{seed}|{i}".encode()).digest()[:8], "big"))
        records.append(run(fam, sub, f"f{seed}-{i:06d}"))
    rng.shuffle(records)
    return records


def write_meta(records: list[dict[str, Any]], path: Path) -> None:
    """Per-conversation metadata in the shared eval format: category (family group),
    scenario (family name) and the signs shown. For error analysis, never a feature."""
    groups = {f.name: f.group for f in all_families()}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps({
                "conversation_id": r["conversation_id"],
                "category": groups[r["category"]],
                "scenario": r["category"],
                "signs": r["label"]["signs"],
            }) + "\n")
