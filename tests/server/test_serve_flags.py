"""`grooming-risk serve --help` and its flags come from the Settings model; --version."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from service.cli import build_parser, main
from service.config import Settings, default_text, env_var
from service.scoring.conversation import AgeSource
from service.settings_flags import flag, setting_overrides

ROOT = Path(__file__).resolve().parents[2]


def _squeeze(text: str) -> str:
    """Text without whitespace: argparse wraps help lines (also at hyphens)."""
    return "".join(text.split())


def _serve_help(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Each option's help block in ``serve --help``, by its first flag."""
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    blocks: dict[str, str] = {}
    for block in re.split(r"\n(?=  -)", out.split("\nsettings:", 1)[1]):
        first = block.split()[0].rstrip(",")
        if first.startswith("--"):  # not the group's description
            blocks[first] = block
    return blocks


def test_serve_help_shows_every_setting_with_its_help_and_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    blocks = _serve_help(capsys)
    assert len(Settings.model_fields) > 30
    for name, field in Settings.model_fields.items():
        block = blocks.get(flag(name))
        assert block is not None, f"{flag(name)} missing from serve --help"
        assert field.description, f"setting {name} has no docstring"
        assert _squeeze(field.description) in _squeeze(block), name
        assert _squeeze(f"(default: {default_text(name)};") in _squeeze(block), name
        assert env_var(name) in _squeeze(block), name
    assert set(blocks) == {flag(name) for name in Settings.model_fields}, "a hand-written flag"


def test_serve_flags_reach_the_settings() -> None:
    args = build_parser().parse_args([
        "serve", "--port", "7", "--insecure", "--model-dir", "/tmp/m", "--threshold", "0.5",
        "--trusted-age-sources", "declared,verified", "--report-recipients", "a, b",
        "--legal-basis-valid-until", "2026-12-31", "--shutdown-delay-s", "0.25",
    ])
    settings = Settings(**setting_overrides(args))
    assert settings.port == 7
    assert settings.insecure is True
    assert settings.model_dir == Path("/tmp/m")
    assert settings.threshold == 0.5
    assert settings.trusted_age_sources == {AgeSource.DECLARED, AgeSource.VERIFIED}
    assert settings.report_recipients == ("a", "b")
    assert settings.legal_basis_valid_until == dt.date(2026, 12, 31)
    assert settings.shutdown_delay_s == 0.25
    # Flags not given leave their settings to the environment and the model's defaults.
    assert set(setting_overrides(args)) == {
        "port", "insecure", "model_dir", "threshold", "trusted_age_sources",
        "report_recipients", "legal_basis_valid_until", "shutdown_delay_s"}
    assert setting_overrides(build_parser().parse_args(["serve"])) == {}


def test_a_bad_flag_value_is_one_line_naming_the_setting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--port", "http"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("invalid setting port: "), lines


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"grooming-risk {project['version']}"
