"""Version 3: a high-water mark per counter writer, so a retried flush is applied once.

A replica writes its in-memory scoring counts in batches numbered 1, 2, 3... in order.
When a COMMIT succeeds but its acknowledgement is lost (the connection drops, the
database restarts), the replica cannot tell and sends the batch again; the mark
(``writer``: one process, ``seq``: its newest applied batch) turns the second apply
into a no-op instead of a double count. One row per process, pruned by the retention
purge once it has been idle for a week.
"""

from __future__ import annotations

NAME = "counter_flushes"

SQLITE: tuple[str, ...] = (
    """CREATE TABLE counter_flushes (
        writer TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        flushed_at TEXT NOT NULL
    )""",
    "CREATE INDEX counter_flushes_by_time ON counter_flushes (flushed_at)",
)

POSTGRES: tuple[str, ...] = (
    """CREATE TABLE counter_flushes (
        writer TEXT PRIMARY KEY,
        seq BIGINT NOT NULL,
        flushed_at TIMESTAMPTZ NOT NULL
    )""",
    "CREATE INDEX counter_flushes_by_time ON counter_flushes (flushed_at)",
)
