"""The JSONL loader: line numbers, field paths, nothing silently dropped, no text echoed."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from service.scoring.jsonl import conversation_from_dict, load_conversations

CANARY = "CANARY-7f3e-text-must-not-echo"


def _good(conv_id: str = "c1", text: str = "hey there") -> dict:
    return {
        "conversation_id": conv_id,
        "participants": [{"id": "p1", "age": 34, "age_source": "declared"},
                         {"id": "p2", "age": None, "age_source": "unknown"}],
        "messages": [{"id": "m1", "sender": "p1", "sent_at": "2025-03-02T20:14:00Z",
                      "text": text}],
        "label": {"suspicious": False, "offender": None, "first_risk_message": None},
    }


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_lines_load(tmp_path: Path) -> None:
    report = load_conversations(_write(tmp_path, [json.dumps(_good("a")), "",
                                                  json.dumps(_good("b"))]))
    assert [c.id for c in report.conversations] == ["a", "b"]
    assert report.skipped == []
    assert report.conversations[0].messages[0].sent_at == 1740946440.0


def test_bad_lines_are_reported_with_line_and_field(tmp_path: Path) -> None:
    unknown_sender = _good("u", CANARY)
    unknown_sender["messages"][0]["sender"] = "nobody"
    bad_age = _good("x", CANARY)
    bad_age["participants"][0]["age"] = 300
    no_tz = _good("t", CANARY)
    no_tz["messages"][0]["sent_at"] = "2025-03-02T20:14:00"
    bad_source = _good("s", CANARY)
    bad_source["participants"][1]["age_source"] = "guessed"
    null_age_known_source = _good("n", CANARY)
    null_age_known_source["participants"][1]["age_source"] = "declared"
    bad_label = _good("l", CANARY)
    bad_label["label"] = {"suspicious": True, "offender": "p9", "first_risk_message": None}
    lines = [
        json.dumps(_good("ok")),
        '{"conversation_id": "broken", "text": "' + CANARY,  # invalid JSON
        json.dumps(unknown_sender),
        json.dumps(bad_age),
        json.dumps(no_tz),
        json.dumps(bad_source),
        json.dumps(null_age_known_source),
        json.dumps(bad_label),
        json.dumps({"participants": [], "messages": [{"text": CANARY}]}),
    ]
    report = load_conversations(_write(tmp_path, lines))
    assert [c.id for c in report.conversations] == ["ok"]
    got = {(e.line, e.field) for e in report.skipped}
    assert got == {
        (2, "<line>"),
        (3, "messages[0].sender"),
        (4, "participants[0].age"),
        (5, "messages[0].sent_at"),
        (6, "participants[1].age_source"),
        (7, "participants[1].age"),
        (8, "label.offender"),
        (9, "conversation_id"),
    }
    for err in report.skipped:
        assert CANARY not in str(err)
    assert CANARY not in report.summary()
    assert "skipped 8 lines" in report.summary()


def test_invalid_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(json.dumps(_good()).encode() + b"\n\xff\xfe\n")
    report = load_conversations(path)
    assert len(report.conversations) == 1
    assert [(e.line, e.problem) for e in report.skipped] == [(2, "is not valid UTF-8")]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["conversation_id", "participants", "messages", "id",
                                       "sender", "sender_id", "text", "sent_at", "age",
                                       "age_source",
                                       "label", "kind"]) | st.text(max_size=5), children,
                      max_size=6),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_parser_never_crashes_and_never_echoes_text(value: object) -> None:
    """Any JSON value either parses or raises InvalidInput whose message holds no text."""
    from service.errors import InvalidInput

    try:
        conversation_from_dict(value)
    except InvalidInput as err:
        messages = value.get("messages") if isinstance(value, dict) else None
        if isinstance(messages, list):
            for m in messages:
                if isinstance(m, dict) and isinstance(m.get("text"), str) and len(m["text"]) > 3:
                    assert m["text"] not in str(err)
