"""docs/scoring-input.md stays true: its example reads, its table names every field read."""

from __future__ import annotations

import json
import re
from pathlib import Path

from service.scoring.jsonl import conversation_from_dict

DOC = (Path(__file__).resolve().parents[2] / "docs" / "scoring-input.md").read_text(
    encoding="utf-8")


def test_the_documented_example_is_a_valid_conversation() -> None:
    example = re.findall(r"```json\n(.*?)\n```", DOC, re.S)[0]
    conv = conversation_from_dict(json.loads(example))
    assert conv.id == "c-1042" and len(conv.messages) == 2


def test_every_documented_output_row_parses_and_every_outcome_is_named() -> None:
    rows = [json.loads(line) for line in re.findall(r"```json\n(.*?)\n```", DOC, re.S)[1]
            .splitlines()]
    assert {r["outcome"] for r in rows} == {"flagged_for_review", "not_scanned", "rejected"}
    for outcome in ("not_suspicious", "flagged_for_review", "not_scanned", "rejected"):
        assert f"`{outcome}`" in DOC
