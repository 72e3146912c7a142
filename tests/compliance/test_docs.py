"""The operator documents stay true to the code: rendered facts, indicators, channels, wording."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.config import MAX_RETENTION_DAYS, Settings
from service.scoring.indicators import RiskIndicator

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
NOTICE = DOCS / "user-notice-template.md"
DPIA = DOCS / "dpia-worksheet.md"
DENY = re.compile(r"sex|nude|naked|porn|horny|genital|breast|orgasm", re.IGNORECASE)

#: The plain-language name the user notice gives each indicator code.
INDICATOR_NAMES: dict[str, str] = {
    "AGE_PROBE": "Asking a young person's age",
    "SCHOOL_OR_LOCATION_PROBE": "Asking which school they go to or where they live",
    "FLATTERY_MATURITY": "Flattery, such as saying they are mature for their age",
    "PRIVACY_CHECK": "Checking whether they are alone or whether parents see their messages",
    "SECRECY": "Asking them to keep the contact secret",
    "ISOLATION": "Turning them against family and friends",
    "PLATFORM_SWITCH": "Pushing to move the chat to a private app",
    "GIFT_OFFER": "Offering gifts, money or game credit",
    "PHOTO_REQUEST": "Asking for photos or videos of them",
    "MEETING_REQUEST": "Proposing to meet in person",
    "SELF_DISCLOSED_MINOR": "One person saying they are a child",
}

#: How the user notice names each complaint channel of review.proto.
CHANNEL_NAMES: dict[str, str] = {
    "COMPLAINT_CHANNEL_IN_APP": "In the app",
    "COMPLAINT_CHANNEL_EMAIL": "By email",
    "COMPLAINT_CHANNEL_WEB_FORM": "Through our web form",
    "COMPLAINT_CHANNEL_POSTAL": "By post",
    "COMPLAINT_CHANNEL_AUTHORITY": "Through an authority",
}


def test_dpia_worksheet_is_rendered_from_current_facts(tmp_path: Path) -> None:
    fresh = tmp_path / "dpia-worksheet.md"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "render_dpia.py"), "--out", str(fresh)],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert fresh.read_text(encoding="utf-8") == DPIA.read_text(encoding="utf-8"), (
        "docs/dpia-worksheet.md is stale: run scripts/render_dpia.py")
    assert "[[" not in fresh.read_text(encoding="utf-8")


def test_user_notice_names_every_indicator_in_plain_words() -> None:
    notice = NOTICE.read_text(encoding="utf-8")
    assert set(INDICATOR_NAMES) == {i.name for i in RiskIndicator}, (
        "an indicator was added or renamed: describe it in the user notice and here")
    for code, name in INDICATOR_NAMES.items():
        assert name in notice, f"user notice does not describe {code} as {name!r}"
        assert f"`{code}`" in notice, code
    assert "eleven" in notice and len(INDICATOR_NAMES) == 11


def test_user_notice_lists_every_complaint_channel_and_redress_route() -> None:
    notice = NOTICE.read_text(encoding="utf-8")
    channels = {v.name for v in rpb.ComplaintChannel.DESCRIPTOR.values} - {
        "COMPLAINT_CHANNEL_UNSPECIFIED"}
    assert set(CHANNEL_NAMES) == channels, (
        "a complaint channel was added or renamed: offer it in the user notice and here")
    for channel, name in CHANNEL_NAMES.items():
        assert f"**{name}:**" in notice, channel
    for route in ("data protection authority", "Article 77 GDPR", "judicial remedy",
                  "Article 79 GDPR"):
        assert route in notice, route


def test_user_notice_states_the_default_retention_and_gate() -> None:
    notice = NOTICE.read_text(encoding="utf-8")
    fields = Settings.model_fields
    assert "Regulation (EU)\n2021/1232" in notice or "Regulation (EU) 2021/1232" in notice
    assert "{{RECIPIENTS}}" in notice and "{{LEGAL_BASIS_END_DATE}}" in notice
    assert f"{fields['retention_open_days'].default} days after the latest flag" in notice
    assert f"{fields['retention_confirmed_days'].default} days after the decision" in notice
    assert f"{fields['retention_reported_days'].default} days after the report" in notice
    assert f"never longer than {MAX_RETENTION_DAYS} days (12 months)" in notice
    assert "deleted at once" in notice
    gap = fields["minor_peer_gap_years"].default
    assert f"no more than {gap} years apart" in notice


def test_operations_runbook_commands_match_the_cli() -> None:
    runbook = (DOCS / "operations.md").read_text(encoding="utf-8")
    from service.cli import build_parser

    parser = build_parser()
    joined = re.sub(r"\\\n\s*", " ", runbook)  # shell line continuations
    commands = [c.strip() for c in re.findall(r"\.venv/bin/grooming-risk ([^\n#>]+)", joined)]
    assert len(commands) >= 15
    for command in commands:
        try:
            args = parser.parse_args(shlex.split(command))
        except SystemExit:
            raise AssertionError(
                f"operations.md: `grooming-risk {command}` does not parse") from None
        assert callable(args.func)


def test_docs_have_no_explicit_wording() -> None:
    hits = []
    for path in sorted(DOCS.rglob("*")):
        if path.is_file() and path.suffix != ".png":  # the console's screenshots
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                hits += [f"{path.name}:{number}: {m.group(0)}" for m in DENY.finditer(line)]
    assert hits == []
