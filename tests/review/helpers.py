"""Shared builders for the review tests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.review.cases import Flag, IndicatorHit

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)
MODEL = "lr-2025.01"
THRESHOLD = 0.8
RECIPIENTS = ("eu-centre", "ncmec")


def make_flag(
    conversation: str = "conv-1",
    suspect: str = "user-a",
    partner: str = "user-b",
    indicators: Iterable[tuple[str, Iterable[str]]] = (("flattery", ("m-1", "m-2")),),
    score: float = 0.93,
    threshold: float = THRESHOLD,
    model: str = MODEL,
) -> Flag:
    """A valid flag; override what a test cares about."""
    return Flag(
        conversation_id=conversation,
        suspected_participant_id=suspect,
        partner_participant_id=partner,
        indicators=tuple(IndicatorHit(code, tuple(ids)) for code, ids in indicators),
        score=score,
        threshold=threshold,
        model_version=model,
    )


def scan(paths: Iterable[Path], needles: Iterable[str]) -> set[str]:
    """The needles whose UTF-8 bytes occur anywhere in the given files."""
    blobs = [path.read_bytes() for path in paths if path.exists()]
    return {needle for needle in needles if any(needle.encode() in blob for blob in blobs)}


def sequential_ids(prefix: str = "id") -> Iterator[str]:
    """An endless supply of predictable ids (for deterministic stores)."""
    n = 0
    while True:
        n += 1
        yield f"{prefix}{n:06d}"
