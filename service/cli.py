"""The ``grooming-risk`` command line: parse arguments, build settings, call in.

Runtime commands live here. Training commands (``synth``, ``train``, ``evaluate``)
plug in through the ``grooming_risk.commands`` entry-point group, so this module never
imports ``training``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, entry_points, version


def build_parser() -> argparse.ArgumentParser:
    """The full parser, including commands registered by installed plugins."""
    parser = argparse.ArgumentParser(
        prog="grooming-risk",
        description="Flag conversations for child-solicitation risk, for human review.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from service import commands, db_commands

    commands.register(sub)
    db_commands.register(sub)
    for ep in sorted(entry_points(group="grooming_risk.commands"), key=lambda e: e.name):
        try:
            register = ep.load()
        except ImportError:  # the [train] extra is not installed
            continue
        register(sub)
    return parser


def package_version() -> str:
    """The installed package's version (pyproject.toml's ``version``)."""
    try:
        return version("grooming-risk")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``grooming-risk`` console script."""
    # gRPC core's own log lines are plain text: they would break the server's JSON logs
    # and turn a client's one-line error into several. Its errors still show.
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    from service.commands import CommandFailed

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except CommandFailed as err:
        # A user's mistake or a refusal: one line and an exit code, never a traceback.
        print(err, file=sys.stderr)
        return err.code
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, like other Unix tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
