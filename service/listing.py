"""How the reviewer CLI prints lists: JSON lines, an aligned table, or CSV.

JSON lines carry every field of each item (the proto's names, as ``MessageToDict`` gives
them). A table and CSV show a fixed set of columns per kind of item, with enum values
without their prefix (``open``, not ``CASE_STATUS_OPEN``) and times in RFC 3339, so a
reviewer can read them and a spreadsheet can sort them.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC
from typing import IO

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

FORMATS = ("json", "table", "csv")

#: The columns a table or CSV shows, per repeated field of a list response.
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "cases": ("case_id", "status", "score", "model_version", "created_at", "expires_at",
              "claimed_by", "conversation_id"),
    "complaints": ("complaint_id", "status", "channel", "reason_code", "subject_kind",
                   "created_at", "resolved_by", "overturned"),
    "events": ("seq", "at", "actor", "action", "reason_code", "subject_id"),
}


def default_format(stdout: IO[str]) -> str:
    """A table for a person at a terminal, JSON lines for a pipe or a file."""
    return "table" if stdout.isatty() else "json"


def _enum_prefix(enum_name: str) -> str:
    """``CaseStatus`` -> ``CASE_STATUS_``: the prefix buf's lint rules give every value."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum_name).upper() + "_"


def cell(message: Message, column: str) -> str:
    """One field of ``message`` as table/CSV text."""
    field = message.DESCRIPTOR.fields_by_name[column]
    value = getattr(message, column)
    if field.enum_type is not None:
        name = field.enum_type.values_by_number[value].name
        return "" if value == 0 else name.removeprefix(_enum_prefix(field.enum_type.name)).lower()
    if field.message_type is not None and field.message_type.full_name == (
            "google.protobuf.Timestamp"):
        if not message.HasField(column):
            return ""
        return str(value.ToDatetime(tzinfo=UTC).isoformat(timespec="seconds"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def render(items: Sequence[Message], kind: str, fmt: str, out: IO[str]) -> None:
    """Write ``items`` (the ``kind`` field of a list response) to ``out`` in ``fmt``.

    JSON prints nothing for no items; a table or CSV prints its header line, so an empty
    page still says what it would have held.
    """
    if fmt == "json":
        for item in items:
            out.write(json.dumps(MessageToDict(item, preserving_proto_field_name=True),
                                 sort_keys=True) + "\n")
        return
    columns = COLUMNS[kind]
    rows = [[cell(item, c) for c in columns] for item in items]
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return
    write_table([list(columns), *rows], out)


def write_table(rows: Iterable[Sequence[str]], out: IO[str]) -> None:
    """Left-aligned columns two spaces apart; the first row is the header."""
    rows = [list(r) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
                  + "\n")


__all__: Sequence[str] = ["COLUMNS", "FORMATS", "cell", "default_format", "render",
                          "write_table"]
