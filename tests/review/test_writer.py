"""The case writer commits flags in groups, and one bad flag never fails its group."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from service.review.cases import CaseStatus, Flag
from service.review.sql_store import SqlCaseStore
from service.review.writer import CaseWriter
from tests.review.helpers import T0, make_flag
from tests.waiting import wait_until


class _Groups:
    """The store, recording the size of each group it is asked to commit."""

    def __init__(self, store: SqlCaseStore) -> None:
        self.store = store
        self.sizes: list[int] = []

    def record_flags(self, flags: list[tuple[Flag, datetime]]) -> object:
        self.sizes.append(len(flags))
        return self.store.record_flags(flags)


def test_flags_queued_during_a_commit_are_committed_together(
    sqlite_store: SqlCaseStore,
) -> None:
    groups = _Groups(sqlite_store)
    writer = CaseWriter(groups, max_pending=100)  # type: ignore[arg-type]
    blocker = sqlite3.connect(sqlite_store.path,  # type: ignore[attr-defined]
                               isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the first group waits for the write lock
    try:
        first = writer.submit(make_flag(conversation="c-0"), T0)
        wait_until(lambda: writer.pending() == 0, what="the writer took the first flag")
        rest = [writer.submit(make_flag(conversation=f"c-{i}"), T0) for i in range(1, 20)]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    ids = [p.wait(30) for p in (first, *rest)]
    writer.close()
    assert len(set(ids)) == 20
    assert groups.sizes == [1, 19]  # two commits for twenty flags
    assert sqlite_store.count_cases()[CaseStatus.OPEN] == 20


def test_a_bad_flag_fails_alone_and_its_group_is_recorded(sqlite_store: SqlCaseStore) -> None:
    groups = _Groups(sqlite_store)
    writer = CaseWriter(groups, max_pending=100)  # type: ignore[arg-type]
    blocker = sqlite3.connect(sqlite_store.path,  # type: ignore[attr-defined]
                               isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        first = writer.submit(make_flag(conversation="c-0"), T0)
        wait_until(lambda: writer.pending() == 0, what="the writer took the first flag")
        good = writer.submit(make_flag(conversation="c-1"), T0)
        bad = writer.submit(make_flag(conversation="c-2"), T0.replace(tzinfo=None))  # naive
        later = writer.submit(make_flag(conversation="c-3"), T0)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert first.wait(30) and good.wait(30) and later.wait(30)
    with pytest.raises(ValueError, match="timezone-aware"):  # a bug's error, to its caller
        bad.wait(30)
    writer.close()
    assert groups.sizes[:2] == [1, 3]  # the group of three failed as a whole ...
    assert groups.sizes[2:] == [1, 1, 1]  # ... and was written one flag at a time
