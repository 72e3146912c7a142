"""Import the PAN-2012 sexual-predator-identification corpus into our JSONL format.

PAN-2012 ships conversations as XML (``<conversation id><message line><author><time>
<text>``) and a separate list of predator author ids. Ages are unknown in PAN, so every
participant gets ``age_source: unknown`` (the policy gate scans such conversations).
Times are clock times without dates; they are placed on a fixed day and roll over to the
next day when the clock goes backwards. ``first_risk_message`` is unknown (null).

We never ship PAN data; this module only converts a copy the user obtained themselves.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BASE_DAY = datetime(2012, 1, 1, tzinfo=UTC)


@dataclass
class ImportReport:
    """What an import produced."""

    conversations: int = 0
    suspicious: int = 0
    skipped_single_author: int = 0


def read_predators(path: Path) -> set[str]:
    """Predator author ids, one per line."""
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()}


def _timestamp(clock: str, day: int) -> datetime:
    try:
        hours, minutes = (int(x) for x in clock.strip().split(":")[:2])
    except ValueError:
        hours, minutes = 0, 0
    return BASE_DAY + timedelta(days=day, hours=hours % 24, minutes=minutes % 60)


def iter_conversations(xml_path: Path, predators: set[str], report: ImportReport
                       ) -> Iterator[dict[str, Any]]:
    """Yield one canonical JSONL record per PAN conversation with two or more authors."""
    # The XML is a local file the user chose, not network input.
    for _event, node in ET.iterparse(str(xml_path), events=("end",)):  # noqa: S314
        if node.tag != "conversation":
            continue
        conv_id = node.get("id", "")
        messages = []
        authors: list[str] = []
        day = 0
        previous: datetime | None = None
        for k, msg in enumerate(node.iter("message"), start=1):
            author = (msg.findtext("author") or "").strip()
            sent = _timestamp(msg.findtext("time") or "00:00", day)
            if previous is not None and sent < previous:
                day += 1
                sent += timedelta(days=1)
            previous = sent
            if author not in authors:
                authors.append(author)
            messages.append({
                "id": f"m{msg.get('line') or k}",
                "sender": author,
                "sent_at": sent.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "text": msg.findtext("text") or "",
            })
        node.clear()
        if len(authors) < 2:
            report.skipped_single_author += 1
            continue
        offenders = [a for a in authors if a in predators]
        report.conversations += 1
        report.suspicious += bool(offenders)
        yield {
            "conversation_id": f"pan-{conv_id}",
            "participants": [{"id": a, "age": None, "age_source": "unknown"} for a in authors],
            "messages": _unique_ids(messages),
            "label": {"suspicious": bool(offenders),
                      "offender": offenders[0] if offenders else None,
                      "first_risk_message": None},
            "category": "pan2012",
        }


def _unique_ids(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    for k, m in enumerate(messages, start=1):
        if m["id"] in seen:
            m["id"] = f"{m['id']}-{k}"
        seen.add(m["id"])
    return messages


def convert(xml_path: Path, predators_path: Path, out: Path) -> ImportReport:
    """Write ``out`` (JSONL) from a PAN-2012 XML file and its predator list."""
    report = ImportReport()
    predators = read_predators(predators_path)
    with out.open("w", encoding="utf-8") as handle:
        for record in iter_conversations(xml_path, predators, report):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return report
