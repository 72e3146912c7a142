"""Runtime subcommands of the CLI (serve, score, cases, bench, ...)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the runtime commands to ``sub``."""
