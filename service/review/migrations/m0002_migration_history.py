"""Version 2: a history of applied migrations, so an operator can see when each one ran.

Versions applied before this table existed get a row with no ``applied_at``.
"""

from __future__ import annotations

NAME = "migration_history"

SQLITE: tuple[str, ...] = (
    """CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT
    )""",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'initial', NULL)",
)

POSTGRES: tuple[str, ...] = (
    """CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ
    )""",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'initial', NULL)",
)
