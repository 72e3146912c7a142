"""Independent phrase banks for the synthetic grooming-risk corpus.

Two banks (``a`` and ``b``) cover the same semantic categories with
independently written surface phrasings, so a model can be trained on one and
evaluated on the other.  See :mod:`training.synth` for the shared
conversation-flow code.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import bank_a, bank_b
from .common import (
    ALL_PHRASE_KEYS,
    CHILD_SIGN_KEY,
    NEG_CATEGORIES,
    NEG_SECTIONS,
    SIGN_KEYS,
    THREE_ROLE_CATEGORIES,
)

__all__ = ["BANK_MODULES", "CHILD_SIGN_KEY", "NEG_CATEGORIES", "SIGN_KEYS", "Bank", "get_bank"]


@dataclass(frozen=True)
class Bank:
    """A phrase bank: phrase pools, negative-category scripts and slang."""

    name: str
    phrases: dict[str, list[str]]
    negatives: dict[str, dict[str, list[str]]]
    slang: list[tuple[str, str]]
    emoji: list[str]


BANK_MODULES: dict[str, ModuleType] = {"a": bank_a, "b": bank_b}

_CACHE: dict[str, Bank] = {}


def _validate(bank: Bank) -> None:
    missing = [k for k in ALL_PHRASE_KEYS if not bank.phrases.get(k)]
    if missing:
        raise ValueError(f"bank {bank.name!r} is missing phrase pools: {missing}")
    for cat in NEG_CATEGORIES:
        sections = bank.negatives.get(cat)
        if not sections:
            raise ValueError(f"bank {bank.name!r} is missing negative category {cat!r}")
        need = NEG_SECTIONS + (("c",) if cat in THREE_ROLE_CATEGORIES else ())
        absent = [s for s in need if not sections.get(s)]
        if absent:
            raise ValueError(f"bank {bank.name!r} category {cat!r} lacks sections {absent}")


def get_bank(name: str) -> Bank:
    """Return the (validated, cached) phrase bank called ``name``."""
    if name in _CACHE:
        return _CACHE[name]
    try:
        mod = BANK_MODULES[name]
    except KeyError:
        known = sorted(BANK_MODULES)
        raise ValueError(f"unknown phrase bank {name!r}; expected one of {known}") from None
    bank = Bank(
        name=name,
        phrases={k: list(v) for k, v in mod.PHRASES.items()},
        negatives={c: {s: list(v) for s, v in secs.items()} for c, secs in mod.NEGATIVES.items()},
        slang=list(mod.SLANG),
        emoji=list(mod.EMOJI),
    )
    _validate(bank)
    _CACHE[name] = bank
    return bank
