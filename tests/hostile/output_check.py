"""The log check run at the end of each hostile module."""

from __future__ import annotations

import json

from tests.hostile.conftest import OutputSink
from tests.hostile.helpers import leaked_texts


def _raw(sink: OutputSink) -> str:
    """Log records unescaped (message plus structured fields), as any handler could see them."""
    parts = []
    for record in sink.records:
        fields = getattr(record, "fields", None)
        parts.append(record.getMessage())
        parts.append(json.dumps(fields, ensure_ascii=False, default=str) if fields else "")
        parts.append(record.exc_text or "")
    return "\n".join(parts)


def assert_no_request_text(sink: OutputSink) -> None:
    """No canary and no text of 8+ characters in any log record or process output."""
    access_lines = [r for r in sink.records if r.getMessage() == "rpc"]
    assert access_lines, "no access-log records captured: the check would prove nothing"
    rendered = "\n".join(sink.formatted + sink.streams)
    raw = _raw(sink)
    found = sorted(c for c in sink.canaries if c in rendered or c in raw)
    assert not found, f"request text canaries in server output: {found[:5]}"
    leaked = leaked_texts(sink.texts, raw) + leaked_texts(sink.texts, rendered)
    assert not leaked, f"request texts in server output: {leaked[:3]!r}"
