"""The JSONL format accepts the proto's field names; one field under both names is an error."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.errors import InvalidInput
from service.scoring.conversation import Limits
from service.scoring.jsonl import (
    CONVERSATION_ALIASES,
    MESSAGE_ALIASES,
    LineError,
    conversation_from_dict,
    iter_lines,
)

PARTICIPANTS = [{"id": "p1", "age": 34, "age_source": "declared"},
                {"id": "p2", "age": 13, "age_source": "estimated"}]


def _record(n_messages: int) -> dict:
    """A valid record in this format's own names."""
    return {
        "conversation_id": "c-1",
        "participants": copy.deepcopy(PARTICIPANTS),
        "messages": [{"id": f"m{i}", "sender": f"p{1 + i % 2}",
                      "sent_at": f"2025-03-02T20:{i % 60:02d}:00Z", "text": f"hello {i}"}
                     for i in range(n_messages)],
        "professional_secrecy": False,
    }


def _rename(obj: dict, ours: str, proto: str) -> dict:
    return {(proto if key == ours else key): value for key, value in obj.items()}


def test_aliases_are_the_proto_names_where_ours_differ() -> None:
    for aliases, message in ((CONVERSATION_ALIASES, spb.Conversation),
                             (MESSAGE_ALIASES, spb.ChatMessage)):
        proto_fields = set(message.DESCRIPTOR.fields_by_name)
        for ours, proto in aliases.items():
            assert proto in proto_fields, f"{proto} is not a field of {message.__name__}"
            assert ours not in proto_fields


def test_a_record_in_the_protos_names_only_reads_like_ours() -> None:
    """Every field of the proto's Conversation, ChatMessage and Participant, spelt as the
    proto spells it (names from the descriptors), is read."""
    def names(message: type) -> set[str]:
        return set(message.DESCRIPTOR.fields_by_name)

    ours = _record(2)
    proto_record = _rename(ours, "conversation_id", CONVERSATION_ALIASES["conversation_id"])
    proto_record["messages"] = [_rename(m, "sender", MESSAGE_ALIASES["sender"])
                                for m in ours["messages"]]
    assert set(proto_record) == names(spb.Conversation)
    assert set(proto_record["messages"][0]) == names(spb.ChatMessage) - {"kind"}  # optional
    assert set(proto_record["participants"][0]) == names(spb.Participant)
    assert conversation_from_dict(proto_record) == conversation_from_dict(ours)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), n_messages=st.integers(1, 6))
def test_either_spelling_gives_the_same_conversation(data: st.DataObject,
                                                     n_messages: int) -> None:
    ours = _record(n_messages)
    mixed = copy.deepcopy(ours)
    for name, proto in CONVERSATION_ALIASES.items():
        if data.draw(st.booleans(), label=f"proto name for {name}"):
            mixed = _rename(mixed, name, proto)
    for i, message in enumerate(mixed["messages"]):
        for name, proto in MESSAGE_ALIASES.items():
            if data.draw(st.booleans(), label=f"proto name for messages[{i}].{name}"):
                mixed["messages"][i] = _rename(message, name, proto)
    assert conversation_from_dict(mixed) == conversation_from_dict(ours)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), n_messages=st.integers(1, 6), same_value=st.booleans())
def test_both_spellings_of_one_field_is_an_error_naming_it(
    data: st.DataObject, n_messages: int, same_value: bool
) -> None:
    record = _record(n_messages)
    where = data.draw(st.sampled_from(["conversation", *range(n_messages)]), label="where")
    if where == "conversation":
        ours, proto = data.draw(st.sampled_from(sorted(CONVERSATION_ALIASES.items())))
        record[proto] = record[ours] if same_value else "c-other"
        expected_field = ours
    else:
        ours, proto = data.draw(st.sampled_from(sorted(MESSAGE_ALIASES.items())))
        message = record["messages"][where]
        message[proto] = message[ours] if same_value else "p2"
        expected_field = f"messages[{where}].{ours}"
    with pytest.raises(InvalidInput) as err:
        conversation_from_dict(record)
    assert err.value.field == expected_field
    assert repr(ours) in err.value.problem and repr(proto) in err.value.problem


def test_the_file_reader_names_the_line_and_field(tmp_path: Path) -> None:
    twice = _record(2)
    twice["messages"][1]["sender_id"] = "p2"
    unknown_sender = _rename(_record(1), "conversation_id", "id")
    unknown_sender["messages"][0] = _rename(unknown_sender["messages"][0], "sender", "sender_id")
    unknown_sender["messages"][0]["sender_id"] = "nobody"
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (_record(1), twice, unknown_sender)) + "\n",
                    encoding="utf-8")
    items = list(iter_lines(path, Limits()))
    assert not isinstance(items[0], LineError)
    assert isinstance(items[1], LineError)
    assert (items[1].line, items[1].field) == (2, "messages[1].sender")
    assert "given twice" in items[1].problem
    # Later checks speak this format's names, whichever spelling the line used.
    assert isinstance(items[2], LineError)
    assert (items[2].line, items[2].field) == (3, "messages[0].sender")
