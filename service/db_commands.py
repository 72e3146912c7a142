"""``grooming-risk db current|upgrade``: the case store's schema version, and migrating it.

Both read the storage settings (``--data-dir`` / ``--database-url`` or their
``GROOMING_RISK_*`` variables) and talk to the database directly, not to a server:
a migration job runs before any replica of the new release starts.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.config import Settings

STORAGE_SETTINGS = ("data_dir", "database_url", "database_statement_timeout_s")
EXIT_USAGE = 2


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``db current`` and ``db upgrade`` to ``sub``."""
    from service.settings_flags import add_setting_flags

    db = sub.add_parser(
        "db", help="case store schema: show or upgrade its version",
        description="Schema version of the case store. Exit status: 0 done (current: and "
                    "the schema is this code's), 1 current: the schema needs an upgrade, "
                    "2 a setting that cannot work or a database newer than this code.",
    ).add_subparsers(dest="db_command", required=True, metavar="ACTION")
    p = db.add_parser("current", help="print the database's schema version and this code's")
    add_setting_flags(p, only=STORAGE_SETTINGS)
    p.set_defaults(func=_current)
    p = db.add_parser("upgrade", help="apply pending migrations (under the same lock as a "
                                      "replica's start-up)")
    add_setting_flags(p, only=STORAGE_SETTINGS)
    p.set_defaults(func=_upgrade)


def _settings(args: argparse.Namespace) -> Settings:
    from pydantic import ValidationError

    from service.commands import CommandFailed
    from service.config import Settings
    from service.settings_flags import setting_overrides

    try:
        return Settings(**setting_overrides(args))
    except ValidationError as err:
        first = err.errors()[0]
        raise CommandFailed(f"invalid setting {'.'.join(str(x) for x in first['loc'])}: "
                            f"{first['msg']}", EXIT_USAGE) from None


def _where(settings: Settings) -> str:
    return "PostgreSQL (database_url)" if settings.database_url else str(
        settings.data_dir / "review.sqlite3")


def _current(args: argparse.Namespace) -> int:
    from service.commands import CommandFailed
    from service.errors import ConfigurationError
    from service.review.migrations import SCHEMA_VERSION, check_not_newer, pending

    settings = _settings(args)
    try:
        if settings.database_url:
            from service.review.postgres_store import read_schema_version as read_pg

            version = read_pg(settings.database_url)
        else:
            from service.review.sqlite_store import read_schema_version

            version = read_schema_version(settings.data_dir / "review.sqlite3")
        check_not_newer(version)
    except ConfigurationError as err:
        raise CommandFailed(str(err), EXIT_USAGE) from None
    todo = " ".join(f"{m.version:04d}_{m.name}" for m in pending(version))
    print(f"{_where(settings)}: schema version {version}, this code's {SCHEMA_VERSION}"
          + (f"; pending: {todo}" if todo else ""))
    return 0 if not todo else 1


def _upgrade(args: argparse.Namespace) -> int:
    from service.commands import CommandFailed
    from service.errors import ConfigurationError
    from service.server import open_store

    settings = _settings(args).model_copy(update={"migrate_on_start": True})
    try:
        store = open_store(settings)
    except ConfigurationError as err:
        raise CommandFailed(str(err), EXIT_USAGE) from None
    try:
        before, after = getattr(store, "schema_versions", (0, 0))
    finally:
        store.close()
    change = f"upgraded from {before}" if before != after else "already current"
    print(f"{_where(settings)}: schema version {after} ({change})", file=sys.stdout)
    return 0
