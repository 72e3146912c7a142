"""``grooming-risk serve`` flags, generated from :class:`service.config.Settings`.

One flag per setting (``data_dir`` → ``--data-dir``), with the field's docstring, its
default and its environment variable as help. Flags carry raw text: the settings model
parses and validates it, so a flag and its ``GROOMING_RISK_*`` variable accept the same
values and fail with the same message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from service.config import Settings, default_text, env_var

_METAVARS: dict[Any, str] = {
    int: "N", float: "X", str: "TEXT", Path: "PATH", dt.date: "YYYY-MM-DD",
}


def flag(name: str) -> str:
    """The ``serve`` flag of setting ``name``."""
    return "--" + name.replace("_", "-")


def _without_none(annotation: Any) -> Any:
    """``X`` for ``X | None``; anything else unchanged."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _comma_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def add_setting_flags(
    parser: argparse.ArgumentParser, only: Iterable[str] | None = None
) -> None:
    """Add one flag per setting (or per setting in ``only``) to ``parser``; an unset flag
    leaves the setting alone."""
    group = parser.add_argument_group(
        "settings", "Each flag overrides its GROOMING_RISK_* environment variable.")
    wanted = set(only) if only is not None else set(Settings.model_fields)
    for name, field in Settings.model_fields.items():
        if name not in wanted:
            continue
        kind = _without_none(field.annotation)
        help_text = (f"{field.description} (default: {default_text(name)}; "
                     f"env {env_var(name)})").replace("%", "%%")
        if kind is bool:
            group.add_argument(flag(name), dest=name, action=argparse.BooleanOptionalAction,
                               default=None, help=help_text)
        elif typing.get_origin(kind) in (frozenset, tuple):
            group.add_argument(flag(name), dest=name, type=_comma_list, metavar="A,B",
                               default=None, help=help_text)
        else:
            group.add_argument(flag(name), dest=name, metavar=_METAVARS.get(kind, "VALUE"),
                               default=None, help=help_text)


def setting_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given as flags, by field name, for ``Settings(**overrides)``."""
    return {name: getattr(args, name) for name in Settings.model_fields
            if getattr(args, name, None) is not None}
