"""The README stays true: settings table, quick-start commands, CI entry point."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_settings_table_matches_the_settings_object() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from settings_table import table
    finally:
        sys.path.pop(0)
    assert table() in README, "run: python scripts/settings_table.py and paste into README"


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    quick = section.split("Demo,", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", quick, re.S)
    assert commands == ["bash scripts/serve.sh", "bash scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci
