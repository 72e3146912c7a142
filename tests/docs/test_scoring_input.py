"""docs/scoring-input.md stays true: its example reads, its table names every field read."""

from __future__ import annotations

import json
import re
from pathlib import Path

from service.scoring.jsonl import (
    CONVERSATION_ALIASES,
    MESSAGE_ALIASES,
    conversation_from_dict,
)

DOC = (Path(__file__).resolve().parents[2] / "docs" / "scoring-input.md").read_text(
    encoding="utf-8")


BLOCKS = re.findall(r"```json\n(.*?)\n```", DOC, re.S)


def test_the_documented_example_is_a_valid_conversation() -> None:
    conv = conversation_from_dict(json.loads(BLOCKS[0]))
    assert conv.id == "c-1042" and len(conv.messages) == 2


def test_the_documented_proto_names_example_reads_like_the_first() -> None:
    proto_named = json.loads(BLOCKS[1])
    assert {"id", "messages"} <= proto_named.keys() and "conversation_id" not in proto_named
    assert all("sender_id" in m and "sender" not in m for m in proto_named["messages"])
    assert conversation_from_dict(proto_named) == conversation_from_dict(json.loads(BLOCKS[0]))


def test_every_alias_is_documented() -> None:
    for ours, proto in (*CONVERSATION_ALIASES.items(), *MESSAGE_ALIASES.items()):
        assert f"(or `{proto}`)" in DOC and f"`{ours}`" in DOC, (ours, proto)


def test_every_documented_output_row_parses_and_every_outcome_is_named() -> None:
    rows = [json.loads(line) for line in BLOCKS[2].splitlines()]
    assert {r["outcome"] for r in rows} == {"flagged_for_review", "not_scanned", "rejected"}
    for outcome in ("not_suspicious", "flagged_for_review", "not_scanned", "rejected"):
        assert f"`{outcome}`" in DOC
