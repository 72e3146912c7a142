"""PAN-2012 import: XML and predator list become loadable, labelled JSONL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from service.scoring.jsonl import load_conversations

DATA = Path(__file__).parent / "data"


def test_import_pan2012_produces_valid_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "pan.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "service", "import-pan2012", "--xml",
         str(DATA / "pan2012-sample.xml"), "--predators", str(DATA / "pan2012-predators.txt"),
         "--out", str(out)],
        capture_output=True, text=True, check=True, timeout=120,
    )
    summary = json.loads(run.stdout)
    assert summary["conversations"] == 2
    assert summary["suspicious"] == 1
    assert summary["skipped_single_author"] == 1
    report = load_conversations(out)
    assert report.skipped == []
    by_id = {c.id: c for c in report.conversations}
    groomer = by_id["pan-aaa111"]
    assert groomer.label is not None and groomer.label.suspicious
    assert groomer.label.offender == "u-older"
    assert all(p.age is None for p in groomer.participants)
    times = [m.sent_at for m in groomer.messages]
    assert times == sorted(times)  # 23:58 -> 00:03 rolls over to the next day
    assert not by_id["pan-bbb222"].label.suspicious  # type: ignore[union-attr]
