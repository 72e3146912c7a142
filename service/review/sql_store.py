"""The SQL case store: every :class:`~service.review.store.CaseStore` operation, written once.

:class:`SqlCaseStore` runs every operation over a tiny transaction adapter, for the
two backends: ``sqlite_store.SqliteCaseStore`` (embedded default, one file) and
``postgres_store.PostgresCaseStore`` (shared by several replicas).

The case semantics are described in ``store.py``. Here:

* **Physical deletion.** DISMISSED and EXPIRED cases are deleted in the same
  transaction as the transition; the SQLite backend then checkpoints its WAL so
  that no copy of the row's bytes remains (see ``sqlite_store.py``; PostgreSQL
  gives no such byte-level guarantee, see ``postgres_store.py``).
* **Content-free side tables.** The audit log and complaints outlive the cases
  they mention, so they must not hold a case id either (a byte scan after
  deletion would find it): they name their subject by ``subject_ref`` =
  HMAC-SHA256(per-database random secret in ``meta``, id) truncated to 16 hex
  characters (details in ``audit.py``). ``case_ref(case_id)`` computes the same
  ref, so the API can still look up a case's history.
"""

from __future__ import annotations

import json
import secrets
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol, TypeVar

from service.errors import ConfigurationError, GroomingRiskError, InvalidInput, NotFound
from service.review import counters as ctr
from service.review.audit import (
    SYSTEM_ACTOR,
    AuditAction,
    AuditEvent,
    keyed_ref,
    validate_event,
    validate_subject_ref,
)
from service.review.cases import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    Decision,
    Flag,
    Technology,
    claim_case,
    decide_case,
    expire_case,
    merge_flag,
    open_case,
    release_case,
    report_case,
)
from service.review.complaints import (
    UNATTRIBUTED,
    Complaint,
    ComplaintStatus,
    Resolution,
    SubjectKind,
    resolve,
)
from service.review.counters import CounterRow, FlushMark
from service.review.migrations import Dialect, database_version, require_current, upgrade
from service.review.paging import clamp_page_size, decode_page_token, encode_page_token
from service.review.retention import RetentionPolicy
from service.review.retry import Backoff
from service.review.rows import (
    AUDIT_SELECT,
    CASE_COLUMNS,
    CASE_SELECT,
    COMPLAINT_COLUMNS,
    COMPLAINT_SELECT,
    RowMapping,
)
from service.review.store import (
    DEFAULT_CLAIM_REASON,
    DEFAULT_RELEASE_REASON,
    Backlog,
    CaseOrder,
)
from service.review.validation import (
    require_code,
    require_count,
    require_id,
    require_token,
    require_unit_interval,
    require_utc,
)

PURGE_BATCH = 500
EXPIRY_REASON = "retention.expired"
PURGE_REASON = "retention.scheduled"
_REF_KEY_ROW = "subject_ref_key"

T = TypeVar("T")

#: How a keyset column compares: a timestamp or an id ascending, a number descending.
KeyKind = Literal["time", "id", "desc"]


class Tx(Protocol):
    """The part of a DB-API cursor the shared SQL needs. Placeholders are ``?``."""

    def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run a statement; return the affected row count."""
        ...

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run a query (or ``... RETURNING``); return all rows."""
        ...


def _day(now: datetime) -> str:
    return now.date().isoformat()


class SqlCaseStore(ABC):
    """All :class:`CaseStore` operations over a backend's transactions.

    Backends provide connections, DDL and a handful of dialect hooks. Every
    write runs in one locking transaction (``BEGIN IMMEDIATE`` on SQLite,
    ``SELECT ... FOR UPDATE`` on PostgreSQL) that re-reads the row, applies the
    pure transition from ``cases.py``, and writes the row, the counters and the
    audit event together -- so a transition and its statistics never diverge.
    """

    _lock_clause = ""
    _dialect: Dialect
    """Appended to SELECTs that read a row about to be changed (" FOR UPDATE")."""

    def __init__(
        self,
        *,
        recipients: Iterable[str],
        retention: RetentionPolicy | None,
        id_factory: Callable[[], str] | None,
    ) -> None:
        checked: set[str] = set()
        for recipient in recipients:
            try:
                checked.add(require_token("recipients", require_id("recipients", recipient)))
            except InvalidInput as err:
                raise ConfigurationError(str(err)) from None
        self._recipients = frozenset(checked)
        self._retention = retention if retention is not None else RetentionPolicy()
        self._new_id: Callable[[], str] = id_factory or (lambda: uuid.uuid4().hex)
        self._secret = b""
        self._backoff = Backoff()
        self.schema_versions: tuple[int, int] = (0, 0)
        """Schema version found at opening, and the version now (after any upgrade)."""
        self._rows = RowMapping(self._ts, self._from_ts)

    # -- backend hooks -------------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction that serialises with other writers of the same rows."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Tx]:
        """A read-only transaction (one consistent snapshot)."""

    @abstractmethod
    def _ts(self, value: datetime) -> object:
        """A datetime as the backend stores it."""

    @abstractmethod
    def _from_ts(self, value: Any) -> datetime:
        """A stored timestamp as a UTC-aware datetime."""

    def _after_erase(self) -> None:  # noqa: B027 - optional hook
        """Called after a transaction that deleted case rows has committed."""

    def _scoring_transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction that may commit without waiting for a disk flush."""
        return self._transaction()

    def _is_retryable(self, err: Exception) -> bool:
        """Whether ``err`` is a transient conflict after which the transaction may be re-run."""
        return False

    @contextmanager
    def _purge_turn(self) -> Iterator[bool]:
        """Whether this store may purge now (False: another replica is purging)."""
        yield True

    def _schema_transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction that excludes every other migrator of the database."""
        return self._transaction()

    def _open_schema(self, upgrade_schema: bool) -> None:
        """Bring the schema to this code's version (or check it is there), then load the secret.

        Sets :attr:`schema_versions` to (version found, version now).
        """
        with self._schema_transaction() as tx:
            if upgrade_schema:
                self.schema_versions = upgrade(tx, self._dialect)
            else:
                version = database_version(tx, self._dialect)
                require_current(version)
                self.schema_versions = (version, version)
        self._load_secret()

    def _load_secret(self) -> None:
        """Create (first start) or read the per-database HMAC secret."""
        with self._transaction() as tx:
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (_REF_KEY_ROW, secrets.token_hex(32)),
            )
            (row,) = tx.rows("SELECT value FROM meta WHERE key = ?", (_REF_KEY_ROW,))
        self._secret = bytes.fromhex(str(row[0]))

    def _retrying(self, work: Callable[[], T]) -> T:
        # A domain error is an answer, not a conflict: never re-run for one.
        return self._backoff.run(
            work,
            lambda err: not isinstance(err, GroomingRiskError) and self._is_retryable(err),
        )

    # -- properties and refs -------------------------------------------------------

    @property
    def recipients(self) -> frozenset[str]:
        """Organisations confirmed cases may be reported to."""
        return self._recipients

    @property
    def retention(self) -> RetentionPolicy:
        """The retention policy cases are kept under."""
        return self._retention

    def case_ref(self, case_id: str) -> str:
        """Keyed hash of a case id (see ``audit.py``)."""
        return keyed_ref(self._secret, SubjectKind.CASE.value, require_id("case_id", case_id))

    def account_ref(self, account_ref: str) -> str:
        """Keyed hash of a platform account reference."""
        return keyed_ref(
            self._secret, SubjectKind.ACCOUNT.value, require_id("account_ref", account_ref)
        )

    # -- shared SQL pieces ---------------------------------------------------------

    def _insert_case(self, tx: Tx, case: Case) -> None:
        placeholders = ", ".join("?" for _ in CASE_COLUMNS)
        tx.execute(
            f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
            self._rows.case_params(case),
        )

    def _update_case(self, tx: Tx, case: Case) -> None:
        columns = CASE_COLUMNS[1:]
        assignments = ", ".join(f"{column} = ?" for column in columns)
        params = self._rows.case_params(case)
        sql = f"UPDATE cases SET {assignments} WHERE case_id = ?"  # noqa: S608 - constant columns
        tx.execute(sql, [*params[1:], params[0]])

    def _delete_case(self, tx: Tx, case_id: str) -> None:
        tx.execute("DELETE FROM cases WHERE case_id = ?", (case_id,))

    def _locked_case(self, tx: Tx, case_id: str) -> Case:
        rows = tx.rows(f"{CASE_SELECT} WHERE case_id = ?{self._lock_clause}", (case_id,))
        if not rows:
            raise NotFound("case not found")
        return self._rows.case_from_row(rows[0])

    def _count(
        self, tx: Tx, technology: Technology, now: datetime, increments: Mapping[str, int]
    ) -> None:
        """One UPSERT adding ``increments`` to the counters of ``technology`` on ``now``'s day."""
        cells = sorted((name, value) for name, value in increments.items() if value)
        if not cells:
            return
        day = _day(now)
        values = ", ".join("(?, ?, ?, ?, ?)" for _ in cells)
        params: list[object] = []
        for name, value in cells:
            params.extend((technology.model_version, technology.threshold, day, name, value))
        tx.execute(
            "INSERT INTO counters (model_version, threshold, day, name, value) "  # noqa: S608
            f"VALUES {values} ON CONFLICT (model_version, threshold, day, name) "
            "DO UPDATE SET value = counters.value + excluded.value",
            params,
        )

    def _audit(
        self,
        tx: Tx,
        *,
        actor: str,
        action: str,
        subject_ref: str,
        reason_code: str,
        details: Mapping[str, str],
        now: datetime,
    ) -> AuditEvent:
        sorted_details = validate_event(actor, action, subject_ref, reason_code, details)
        details_json = json.dumps(dict(sorted_details), sort_keys=True, separators=(",", ":"))
        ((seq,),) = tx.rows(
            "INSERT INTO audit (at, actor, action, subject_ref, reason_code, details) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING seq",
            (self._ts(now), actor, action, subject_ref, reason_code, details_json),
        )
        return AuditEvent(int(seq), now, actor, action, subject_ref, reason_code, sorted_details)

    def _case_event(
        self,
        tx: Tx,
        action: AuditAction,
        case: Case,
        *,
        actor: str,
        reason_code: str,
        now: datetime,
        **details: str,
    ) -> None:
        self._audit(
            tx,
            actor=actor,
            action=action.value,
            subject_ref=case.subject_ref,
            reason_code=reason_code,
            details=details,
            now=now,
        )

    # -- cases -----------------------------------------------------------------------

    def record_flag(self, flag: Flag, now: datetime) -> Case:
        """Open a case for ``flag``, or merge it into the suspect's active case."""
        if not isinstance(flag, Flag):
            raise InvalidInput("flag", "must be a Flag")
        return self.record_flags([(flag, now)])[0]

    def record_flags(self, flags: Sequence[tuple[Flag, datetime]]) -> list[Case]:
        """``record_flag`` for each (flag, now) in order, in one transaction: all or none.

        The case writer commits what has queued up as one group: a commit costs more
        than the rows of a flag. Flags are applied in order, so a later flag of the same
        conversation merges into the case an earlier one opened.
        """
        checked = []
        for flag, now in flags:
            if not isinstance(flag, Flag):
                raise InvalidInput("flag", "must be a Flag")
            checked.append((flag, require_utc(now)))
        return self._retrying(lambda: self._record_flags(checked))

    def _record_flags(self, flags: Sequence[tuple[Flag, datetime]]) -> list[Case]:
        # Flags commit without waiting for a disk flush, like scoring counters: a
        # process crash loses nothing (WAL), and a flag lost to a power cut is raised
        # again the next time the conversation is scored. Reviewer decisions, which
        # nobody can redo, keep the full flush.
        # One lock order (by conversation and suspect, stable) for every writer: two
        # replicas' groups that share conversations cannot deadlock on PostgreSQL.
        order = sorted(range(len(flags)), key=lambda i: (flags[i][0].conversation_id,
                                                         flags[i][0].suspected_participant_id))
        cases: list[Case | None] = [None] * len(flags)
        with self._scoring_transaction() as tx:
            for i in order:
                cases[i] = self._record_flag(tx, *flags[i])
        return cases  # type: ignore[return-value]  # every slot filled

    def _record_flag(self, tx: Tx, flag: Flag, now: datetime) -> Case:
        rows = tx.rows(
            f"{CASE_SELECT} WHERE conversation_id = ? AND suspected_participant_id = ? "
            f"AND status IN ('open', 'in_review'){self._lock_clause}",
            (flag.conversation_id, flag.suspected_participant_id),
        )
        codes = "+".join(sorted({hit.code for hit in flag.indicators}))
        if rows:
            case = merge_flag(self._rows.case_from_row(rows[0]), flag, now, self._retention)
            self._update_case(tx, case)
            self._case_event(
                tx,
                AuditAction.CASE_UPDATED,
                case,
                actor=SYSTEM_ACTOR,
                reason_code="flag.merged",
                now=now,
                indicators=codes,
                model_version=flag.model_version,
                status=case.status.value,
            )
            return case
        case_id = require_id("case_id", self._new_id())
        case = open_case(flag, case_id, self.case_ref(case_id), now, self._retention)
        self._insert_case(tx, case)
        self._count(tx, case.technology, now, {ctr.FLAGGED: 1})
        self._case_event(
            tx,
            AuditAction.CASE_OPENED,
            case,
            actor=SYSTEM_ACTOR,
            reason_code="flag.opened",
            now=now,
            indicators=codes,
            model_version=flag.model_version,
        )
        return case

    def get_case(self, case_id: str) -> Case:
        """The case, or ``NotFound`` (also for a deleted case)."""
        return self._one(CASE_SELECT, "case_id", case_id, "case", self._rows.case_from_row)

    def _keyset_page(
        self,
        kind: str,
        select: str,
        keys: Sequence[tuple[str, KeyKind]],
        filters: Sequence[tuple[str, object]],
        scope: str,
        page_size: int,
        page_token: str,
        from_row: Callable[[Sequence[Any]], T],
        position_of: Callable[[T], Sequence[datetime | float | str]],
    ) -> tuple[list[T], str]:
        """One page of ``select`` in ``keys`` order; the token is the last row's key.

        ``keys`` are (column, kind) pairs: ``"time"`` and ``"id"`` ascend, ``"desc"``
        (a number) descends. ``filters`` are (SQL condition with one ``?``, value) pairs;
        ``scope`` names them in the token, so a token only fits the filter it came from.
        """
        size = clamp_page_size(page_size)
        position = decode_page_token(page_token, kind, scope)
        where = [condition for condition, _ in filters]
        params: list[object] = [value for _, value in filters]
        if position is not None:
            if len(position) != len(keys):
                raise InvalidInput("page_token", "malformed")
            try:
                values = [self._key_value(kind_, raw) for (_, kind_), raw in zip(keys, position,
                                                                                  strict=True)]
            except (TypeError, ValueError):
                raise InvalidInput("page_token", "malformed") from None
            # (k1, k2, ...) after the position, each key in its own direction:
            # k1 past v1, or k1 = v1 and k2 past v2, and so on.
            alternatives = []
            for i, (column, kind_) in enumerate(keys):
                equal = [f"{c} = ?" for c, _ in keys[:i]]
                past = f"{column} {'<' if kind_ == 'desc' else '>'} ?"
                alternatives.append("(" + " AND ".join([*equal, past]) + ")")
                params.extend([*values[:i], values[i]])
            where.append("(" + " OR ".join(alternatives) + ")")
            # The same bound on the first key alone, which an index on it can seek to
            # (SQLite does not seek on an OR of ranges).
            first, first_kind = keys[0]
            where.append(f"{first} {'<=' if first_kind == 'desc' else '>='} ?")
            params.append(values[0])
        sql = select
        if where:
            sql += " WHERE " + " AND ".join(where)
        ordering = ", ".join(f"{c} DESC" if k == "desc" else c for c, k in keys)
        sql += f" ORDER BY {ordering} LIMIT ?"
        params.append(size + 1)
        with self._read() as tx:
            items = [from_row(row) for row in tx.rows(sql, params)]
        if len(items) <= size:
            return items, ""
        last = [v.isoformat() if isinstance(v, datetime) else v
                for v in position_of(items[size - 1])]
        return items[:size], encode_page_token(kind, scope, last)

    def _key_value(self, kind: KeyKind, raw: object) -> object:
        """A page token's key value as the column's parameter (``ValueError`` if it is not)."""
        if kind == "time":
            return self._ts(require_utc(datetime.fromisoformat(str(raw))))
        if kind == "desc":
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise ValueError("not a number")
            return float(raw)
        if not isinstance(raw, str):
            raise ValueError("not an id")
        return raw

    def list_cases(
        self,
        status: CaseStatus | None = None,
        page_size: int = 0,
        page_token: str = "",
        *,
        model_version: str | None = None,
        created_before: datetime | None = None,
        order: CaseOrder = CaseOrder.CREATED,
    ) -> tuple[list[Case], str]:
        """A page of cases in ``order`` (creation, or the queue's expiry-then-score),
        optionally of one status, one model version, and opened before a time."""
        filters: list[tuple[str, object]] = []
        named: list[str] = []
        if status is not None:
            filters.append(("status = ?", CaseStatus(status).value))
        if model_version:
            require_id("model_version", model_version)
            filters.append(("model_version = ?", model_version))
            named.append(f"model_version={model_version}")
        if created_before is not None:
            before = require_utc(created_before)
            filters.append(("created_at < ?", self._ts(before)))
            named.append(f"created_before={before.isoformat()}")
        order = CaseOrder(order)
        if order is not CaseOrder.CREATED:
            named.append(f"order={order.value}")
        # Tokens of the plain listing keep the scope they always had (the status).
        scope = CaseStatus(status).value if status is not None else ""
        if named:
            scope = json.dumps([scope, *named], separators=(",", ":"))
        if order is CaseOrder.EXPIRY_THEN_SCORE:
            return self._keyset_page(
                "cases", CASE_SELECT,
                (("expires_at", "time"), ("score", "desc"), ("case_id", "id")),
                filters, scope, page_size, page_token, self._rows.case_from_row,
                lambda c: (c.expires_at, c.score, c.case_id),
            )
        return self._keyset_page(
            "cases", CASE_SELECT, (("created_at", "time"), ("case_id", "id")),
            filters, scope, page_size, page_token, self._rows.case_from_row,
            lambda c: (c.created_at, c.case_id),
        )

    def count_cases(self) -> Mapping[CaseStatus, int]:
        """Number of live cases per status."""
        return self.backlog().cases

    def backlog(self) -> Backlog:
        """Cases per status and the oldest unreviewed case's opening time, in one snapshot.

        Both queries read only the ``(status, created_at, case_id)`` index, so the periodic
        refresh of the backlog gauges stays cheap and touches no case content.
        """
        active = sorted(s.value for s in ACTIVE_STATUSES)
        counts = dict.fromkeys(CaseStatus, 0)
        with self._read() as tx:
            for status, count in tx.rows("SELECT status, COUNT(*) FROM cases GROUP BY status"):
                counts[CaseStatus(status)] = int(count)
            (oldest,), = tx.rows(
                f"SELECT MIN(created_at) FROM cases WHERE status IN "  # noqa: S608 - placeholders only
                f"({', '.join('?' for _ in active)})", active)
        return Backlog(counts, None if oldest is None else self._from_ts(oldest))

    def claim(
        self,
        case_id: str,
        reviewer_id: str,
        lease: timedelta,
        now: datetime,
        reason_code: str = DEFAULT_CLAIM_REASON,
    ) -> Case:
        """Claim (or renew / take over) a case for review until ``now + lease``."""
        require_id("case_id", case_id)
        require_code("reason_code", reason_code)
        now = require_utc(now)

        def work() -> Case:
            with self._transaction() as tx:
                before = self._locked_case(tx, case_id)
                case = claim_case(before, reviewer_id, lease, now)
                self._update_case(tx, case)
                takeover = (
                    before.status is CaseStatus.IN_REVIEW and before.claimed_by != reviewer_id
                )
                self._case_event(
                    tx,
                    AuditAction.CASE_CLAIMED,
                    case,
                    actor=reviewer_id,
                    reason_code=reason_code,
                    now=now,
                    lease_seconds=str(int(lease.total_seconds())),
                    takeover="1" if takeover else "0",
                    **{"from": before.status.value},
                )
                return case

        return self._retrying(work)

    def release(
        self,
        case_id: str,
        reviewer_id: str,
        now: datetime,
        reason_code: str = DEFAULT_RELEASE_REASON,
    ) -> Case:
        """Hand a claimed case back to the queue (holder of a live lease only)."""
        require_id("case_id", case_id)
        require_code("reason_code", reason_code)
        now = require_utc(now)

        def work() -> Case:
            with self._transaction() as tx:
                before = self._locked_case(tx, case_id)
                case = release_case(before, reviewer_id, now)
                self._update_case(tx, case)
                self._case_event(
                    tx,
                    AuditAction.CASE_RELEASED,
                    case,
                    actor=reviewer_id,
                    reason_code=reason_code,
                    now=now,
                    **{"from": before.status.value},
                )
                return case

        return self._retrying(work)

    def decide(
        self,
        case_id: str,
        decision: Decision,
        reviewer_id: str,
        reason_code: str,
        now: datetime,
    ) -> Case | None:
        """Confirm (returns the case) or dismiss (deletes it at once, returns None)."""
        require_id("case_id", case_id)
        now = require_utc(now)
        try:
            decision = Decision(decision)
        except ValueError:
            raise InvalidInput("decision", "must be confirmed or dismissed") from None

        def work() -> Case:
            with self._transaction() as tx:
                before = self._locked_case(tx, case_id)
                case = decide_case(
                    before,
                    decision,
                    reviewer_id=reviewer_id,
                    reason_code=reason_code,
                    now=now,
                    policy=self._retention,
                )
                seconds = max(0, int((now - case.created_at).total_seconds()))
                if case.status is CaseStatus.DISMISSED:
                    self._delete_case(tx, case.case_id)
                    action, counter = AuditAction.CASE_DISMISSED, ctr.DISMISSED
                else:
                    self._update_case(tx, case)
                    action, counter = AuditAction.CASE_CONFIRMED, ctr.CONFIRMED
                self._count(
                    tx,
                    case.technology,
                    now,
                    {
                        counter: 1,
                        ctr.DECISION_COUNT: 1,
                        ctr.DECISION_SECONDS_SUM: seconds,
                        ctr.decision_bucket(seconds): 1,
                    },
                )
                self._case_event(
                    tx,
                    action,
                    case,
                    actor=reviewer_id,
                    reason_code=reason_code,
                    now=now,
                    decision_seconds=str(seconds),
                    **{"from": before.status.value},
                )
                return case

        case = self._retrying(work)
        if case.status is CaseStatus.DISMISSED:
            self._after_erase()
            return None
        return case

    def report(
        self, case_id: str, reviewer_id: str, recipient: str, reason_code: str, now: datetime
    ) -> Case:
        """Record that a CONFIRMED case was reported to a configured recipient."""
        require_id("case_id", case_id)
        now = require_utc(now)

        def work() -> Case:
            with self._transaction() as tx:
                before = self._locked_case(tx, case_id)
                case = report_case(
                    before,
                    reviewer_id=reviewer_id,
                    recipient=recipient,
                    reason_code=reason_code,
                    now=now,
                    policy=self._retention,
                    recipients=self._recipients,
                )
                self._update_case(tx, case)
                self._count(
                    tx, case.technology, now, {ctr.REPORTED: 1, ctr.reported_to_name(recipient): 1}
                )
                self._case_event(
                    tx,
                    AuditAction.CASE_REPORTED,
                    case,
                    actor=reviewer_id,
                    reason_code=reason_code,
                    now=now,
                    recipient=recipient,
                    **{"from": before.status.value},
                )
                return case

        return self._retrying(work)

    def purge_expired(self, now: datetime) -> int:
        """Delete every case with ``expires_at <= now`` (in batches); count and audit each.

        Returns 0 without touching anything while another replica holds the purge turn.
        """
        now = require_utc(now)

        def batch() -> int:
            with self._transaction() as tx:
                rows = tx.rows(
                    f"{CASE_SELECT} WHERE expires_at <= ? ORDER BY expires_at, case_id "
                    f"LIMIT ?{self._lock_clause}",
                    (self._ts(now), PURGE_BATCH),
                )
                for row in rows:
                    before = self._rows.case_from_row(row)
                    case = expire_case(before, now)
                    self._delete_case(tx, case.case_id)
                    decided = before.status in (CaseStatus.CONFIRMED, CaseStatus.REPORTED)
                    increments = {
                        ctr.EXPIRED: 1,
                        ctr.EXPIRED_DECIDED if decided else ctr.EXPIRED_UNREVIEWED: 1,
                    }
                    if before.status is CaseStatus.REPORTED:
                        increments[ctr.EXPIRED_REPORTED] = 1
                    self._count(tx, case.technology, now, increments)
                    self._case_event(
                        tx,
                        AuditAction.CASE_EXPIRED,
                        case,
                        actor=SYSTEM_ACTOR,
                        reason_code=EXPIRY_REASON,
                        now=now,
                        **{"from": before.status.value},
                    )
                return len(rows)

        with self._purge_turn() as mine:
            if not mine:  # another replica is purging right now; its run covers ours
                return 0
            total = 0
            while True:
                purged = self._retrying(batch)
                total += purged
                if purged:
                    self._after_erase()
                if purged < PURGE_BATCH:
                    break
            with self._transaction() as tx:
                tx.execute("DELETE FROM counter_flushes WHERE flushed_at < ?",
                           (self._ts(now - timedelta(days=ctr.FLUSH_MARKS_KEPT_DAYS)),))
                self._audit(
                    tx,
                    actor=SYSTEM_ACTOR,
                    action=AuditAction.RETENTION_PURGE.value,
                    subject_ref="",
                    reason_code=PURGE_REASON,
                    details={"count": str(total)},
                    now=now,
                )
            return total

    # -- complaints ------------------------------------------------------------------

    def file_complaint(
        self,
        *,
        channel: str,
        reason_code: str,
        now: datetime,
        case_id: str | None = None,
        account_ref: str | None = None,
    ) -> Complaint:
        """File a complaint about a case id or an account; a deleted case id is accepted."""
        if (case_id is None) == (account_ref is None):
            raise InvalidInput("subject", "give exactly one of case_id or account_ref")
        require_code("channel", channel)
        require_code("reason_code", reason_code)
        now = require_utc(now)
        if case_id is not None:
            kind, ref = SubjectKind.CASE, self.case_ref(case_id)
        else:
            assert account_ref is not None
            kind, ref = SubjectKind.ACCOUNT, self.account_ref(account_ref)

        def work() -> Complaint:
            with self._transaction() as tx:
                technology, case_status = UNATTRIBUTED, None
                if kind is SubjectKind.CASE:
                    rows = tx.rows(
                        "SELECT status, opened_model_version, opened_threshold FROM cases "
                        "WHERE subject_ref = ?",
                        (ref,),
                    )
                    if rows:
                        case_status = CaseStatus(rows[0][0])
                        technology = Technology(str(rows[0][1]), float(rows[0][2]))
                complaint = Complaint(
                    complaint_id=require_id("complaint_id", self._new_id()),
                    subject_kind=kind,
                    subject_ref=ref,
                    channel=channel,
                    reason_code=reason_code,
                    status=ComplaintStatus.OPEN,
                    filed_at=now,
                    model_version=technology.model_version,
                    threshold=technology.threshold,
                    case_status=case_status,
                )
                placeholders = ", ".join("?" for _ in COMPLAINT_COLUMNS)
                tx.execute(
                    f"INSERT INTO complaints ({', '.join(COMPLAINT_COLUMNS)}) "  # noqa: S608
                    f"VALUES ({placeholders})",
                    self._rows.complaint_params(complaint),
                )
                self._count(tx, technology, now, {ctr.COMPLAINTS_FILED: 1})
                self._audit(
                    tx,
                    actor=SYSTEM_ACTOR,
                    action=AuditAction.COMPLAINT_FILED.value,
                    subject_ref=ref,
                    reason_code=reason_code,
                    details={
                        "channel": channel,
                        "complaint_id": complaint.complaint_id,
                        "subject_kind": kind.value,
                    },
                    now=now,
                )
                return complaint

        return self._retrying(work)

    def get_complaint(self, complaint_id: str) -> Complaint:
        """The complaint, or ``NotFound``."""
        return self._one(COMPLAINT_SELECT, "complaint_id", complaint_id, "complaint",
                         self._rows.complaint_from_row)

    def _one(self, select: str, column: str, value: str, what: str,
             from_row: Callable[[Sequence[Any]], T]) -> T:
        """The row of ``select`` whose id ``column`` is ``value``, mapped; else ``NotFound``."""
        require_id(column, value)
        with self._read() as tx:
            rows = tx.rows(f"{select} WHERE {column} = ?", (value,))
        if not rows:
            raise NotFound(f"{what} not found")
        return from_row(rows[0])

    def resolve_complaint(
        self,
        complaint_id: str,
        resolution: Resolution,
        reviewer_id: str,
        reason_code: str,
        now: datetime,
    ) -> Complaint:
        """Uphold or reject an OPEN complaint; an upheld one against a decision overturns it."""
        require_id("complaint_id", complaint_id)
        now = require_utc(now)
        try:
            resolution = Resolution(resolution)
        except ValueError:
            raise InvalidInput("resolution", "must be upheld or rejected") from None

        def work() -> Complaint:
            with self._transaction() as tx:
                rows = tx.rows(
                    f"{COMPLAINT_SELECT} WHERE complaint_id = ?{self._lock_clause}",
                    (complaint_id,),
                )
                if not rows:
                    raise NotFound("complaint not found")
                before = self._rows.complaint_from_row(rows[0])
                case_status = None
                if before.subject_kind is SubjectKind.CASE:
                    case_rows = tx.rows(
                        "SELECT status FROM cases WHERE subject_ref = ?", (before.subject_ref,)
                    )
                    if case_rows:
                        case_status = CaseStatus(case_rows[0][0])
                complaint = resolve(
                    before,
                    resolution,
                    reviewer_id=reviewer_id,
                    reason_code=reason_code,
                    now=now,
                    case_status=case_status,
                )
                tx.execute(
                    "UPDATE complaints SET status = ?, resolved_at = ?, resolved_by = ?, "
                    "resolution_reason_code = ?, overturned = ? WHERE complaint_id = ?",
                    (
                        complaint.status.value,
                        self._ts(now),
                        reviewer_id,
                        reason_code,
                        1 if complaint.overturned else 0,
                        complaint_id,
                    ),
                )
                counter = (
                    ctr.COMPLAINTS_UPHELD
                    if resolution is Resolution.UPHELD
                    else ctr.COMPLAINTS_REJECTED
                )
                increments = {counter: 1, ctr.DECISIONS_OVERTURNED: int(complaint.overturned)}
                self._count(tx, complaint.technology, now, increments)
                self._audit(
                    tx,
                    actor=reviewer_id,
                    action=AuditAction.COMPLAINT_RESOLVED.value,
                    subject_ref=complaint.subject_ref,
                    reason_code=reason_code,
                    details={
                        "complaint_id": complaint_id,
                        "overturned": str(int(complaint.overturned)),
                        "resolution": resolution.value,
                    },
                    now=now,
                )
                return complaint

        return self._retrying(work)

    def list_complaints(
        self, status: ComplaintStatus | None = None, page_size: int = 0, page_token: str = ""
    ) -> tuple[list[Complaint], str]:
        """Complaints ordered by (filed_at, complaint_id), optionally of one status."""
        value = ComplaintStatus(status).value if status is not None else None
        return self._keyset_page(
            "complaints", COMPLAINT_SELECT, (("filed_at", "time"), ("complaint_id", "id")),
            [("status = ?", value)] if value is not None else [], value or "", page_size,
            page_token, self._rows.complaint_from_row, lambda c: (c.filed_at, c.complaint_id),
        )

    # -- counters --------------------------------------------------------------------

    def record_scoring(
        self,
        model_version: str,
        threshold: float,
        *,
        conversations: int,
        messages: int,
        not_scanned: Mapping[str, int],
        now: datetime,
        flush: FlushMark | None = None,
    ) -> None:
        """Add batched scoring counts in one UPSERT, without waiting for a disk flush.

        Losing the last few scoring increments in a power cut is acceptable;
        case transitions, by contrast, commit with a full flush. With ``flush``, the
        writer's mark moves in the same transaction, and a batch at or below it is
        skipped (it was applied; its answer was lost).
        """
        require_token("model_version", require_id("model_version", model_version))
        technology = Technology(model_version, require_unit_interval("threshold", threshold))
        increments = {
            ctr.CONVERSATIONS_SCORED: require_count("conversations", conversations),
            ctr.MESSAGES_SCORED: require_count("messages", messages),
        }
        for reason, count in not_scanned.items():
            if reason not in ctr.NOT_SCANNED_REASONS:
                raise InvalidInput("not_scanned", "unknown reason")
            increments[ctr.not_scanned_name(reason)] = require_count(f"not_scanned.{reason}", count)
        if not any(increments.values()):
            return
        now = require_utc(now)

        if flush is not None:
            require_id("flush.writer", flush.writer)
            require_count("flush.seq", flush.seq)

        def work() -> None:
            with self._scoring_transaction() as tx:
                if flush is not None and not tx.execute(
                    "INSERT INTO counter_flushes (writer, seq, flushed_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (writer) DO UPDATE SET seq = excluded.seq, "
                    "flushed_at = excluded.flushed_at WHERE counter_flushes.seq < excluded.seq",
                    (flush.writer, flush.seq, self._ts(now)),
                ):
                    return  # applied before
                self._count(tx, technology, now, increments)

        self._retrying(work)

    def counter_rows(self, start: date, end: date) -> list[CounterRow]:
        """All counter cells with ``start <= day < end``, in a stable order."""
        with self._read() as tx:
            rows = tx.rows(
                "SELECT day, model_version, threshold, name, value FROM counters "
                "WHERE day >= ? AND day < ? ORDER BY day, model_version, threshold, name",
                (start.isoformat(), end.isoformat()),
            )
        return [
            CounterRow(date.fromisoformat(str(day)), str(mv), float(th), str(name), int(value))
            for day, mv, th, name, value in rows
        ]

    # -- audit -----------------------------------------------------------------------

    def append_audit(
        self,
        actor: str,
        action: str,
        *,
        subject_ref: str,
        reason_code: str,
        details: Mapping[str, str],
        now: datetime,
    ) -> AuditEvent:
        """Append one content-free audit event (e.g. ``config.startup``, ``auth.failed``)."""
        now = require_utc(now)
        validate_event(actor, action, subject_ref, reason_code, details)
        with self._transaction() as tx:
            return self._audit(
                tx,
                actor=actor,
                action=action,
                subject_ref=subject_ref,
                reason_code=reason_code,
                details=details,
                now=now,
            )

    def list_audit(
        self,
        since: datetime | None = None,
        page_size: int = 0,
        page_token: str = "",
        *,
        subject_ref: str | None = None,
    ) -> tuple[list[AuditEvent], str]:
        """Audit events in append order, optionally from ``since`` and for one subject.

        ``subject_ref`` is ``case_ref(case_id)`` (or a complaint's ``subject_ref``).
        """
        size = clamp_page_size(page_size)
        if subject_ref is not None:
            validate_subject_ref("subject_ref", subject_ref)
        since_utc = require_utc(since) if since is not None else None
        scope = json.dumps(
            [since_utc.isoformat() if since_utc else "", subject_ref or ""], separators=(",", ":")
        )
        position = decode_page_token(page_token, "audit", scope)
        where: list[str] = []
        params: list[object] = []
        if position is not None:
            if len(position) != 1 or not isinstance(position[0], int):
                raise InvalidInput("page_token", "malformed")
            where.append("seq > ?")
            params.append(position[0])
        if since_utc is not None:
            where.append("at >= ?")
            params.append(self._ts(since_utc))
        if subject_ref is not None:
            where.append("subject_ref = ?")
            params.append(subject_ref)
        sql = AUDIT_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq LIMIT ?"
        params.append(size + 1)
        with self._read() as tx:
            events = [self._rows.audit_from_row(row) for row in tx.rows(sql, params)]
        if len(events) <= size:
            return events, ""
        return events[:size], encode_page_token("audit", scope, [events[size - 1].seq])

    @abstractmethod
    def close(self) -> None:
        """Release connections."""
