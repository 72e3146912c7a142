"""Screening: the core behind ``ScoringService``.

validate -> policy gate -> model -> threshold -> case store, plus content-free counters.
It knows nothing about gRPC: the servicer converts protos and maps the domain errors
raised here through the one error table.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from service.clock import Clock
from service.errors import InvalidInput, Overloaded, PreconditionFailed
from service.review.cases import MAX_MESSAGE_IDS_PER_INDICATOR, Flag, IndicatorHit
from service.review.counters import FlushMark
from service.review.store import CaseStore
from service.review.writer import CaseWriter, PendingCase
from service.scoring.conversation import Conversation, Limits, validate_conversation
from service.scoring.engine import Outcome, RiskScorer, ScoreResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the caller may learn about one conversation (plus what the store recorded).

    A flag's verdict from :meth:`Screening.score_pending` carries ``case`` while its case
    is being written; :meth:`settled` waits for the commit. Never answer before that.
    """

    result: ScoreResult
    case_id: str = ""
    case: PendingCase | None = None

    def settled(self, timeout: float | None = None) -> Verdict:
        """This verdict once its case (if any) is committed, with the case id filled in."""
        if self.case is None:
            return self
        return Verdict(self.result, self.case.wait(timeout))


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """The legal basis the platform relies on, and the last day it applies."""

    name: str | None
    valid_until: dt.date | None
    warning_days: int = 30

    def allows(self, today: dt.date) -> bool:
        """Whether scanning is allowed on ``today``: through the last day, or with no end set."""
        return self.valid_until is None or today <= self.valid_until

    def check(self, today: dt.date) -> None:
        """Raise :class:`PreconditionFailed` once the legal basis has lapsed."""
        if self.valid_until is not None and not self.allows(today):
            raise PreconditionFailed(
                f"the legal basis for scanning ({self.name or 'unnamed'}) lapsed on "
                f"{self.valid_until.isoformat()}; scoring is disabled"
            )

    def days_left(self, today: dt.date) -> int | None:
        """Days until the basis lapses (negative once lapsed); None when not configured."""
        return None if self.valid_until is None else (self.valid_until - today).days


@dataclass(frozen=True, slots=True)
class _Batch:
    """Counts of one technology, numbered, waiting to be written."""

    mark: FlushMark
    model_version: str
    threshold: float
    conversations: int
    messages: int
    not_scanned: dict[str, int]
    at: dt.datetime


class ScoringCounters:
    """Content-free counts kept in memory and flushed to the store in batches.

    Scoring is hot; one UPSERT per request would cost more than scoring itself. Counts
    are flushed every ``counters_flush_s`` and at shutdown, so a crash (SIGKILL) loses at
    most the counts since the last flush that succeeded, never a case.

    Each flush turns the pending counts into batches numbered in order (a
    :class:`FlushMark` of this process), and a batch is re-sent, in order, until the store
    answers. A batch whose COMMIT succeeded but whose answer was lost (the connection
    dropped, the database restarted) is therefore sent again, and the store's mark skips
    it: counts are neither lost nor doubled by a failing flush.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flushing = threading.Lock()  # one flush at a time keeps the batches in order
        self._pending: dict[tuple[str, float], list[int]] = {}
        self._not_scanned: dict[tuple[str, float], dict[str, int]] = {}
        self._writer = uuid.uuid4().hex
        self._seq = 0
        self._unsent: list[_Batch] = []

    def add(self, results: Sequence[ScoreResult]) -> None:
        """Count one batch of results."""
        with self._lock:
            for r in results:
                key = (r.model_version, r.threshold)
                cell = self._pending.setdefault(key, [0, 0])
                if r.not_scanned_reason is None:  # "scored" means the text was scanned
                    cell[0] += 1
                    cell[1] += r.messages_scored
                else:
                    reasons = self._not_scanned.setdefault(key, {})
                    name = r.not_scanned_reason.value
                    reasons[name] = reasons.get(name, 0) + 1

    def flush(self, store: CaseStore, now: dt.datetime) -> None:
        """Write pending counts; a batch that fails is re-sent first by the next flush."""
        with self._flushing:
            with self._lock:
                pending, self._pending = self._pending, {}
                not_scanned, self._not_scanned = self._not_scanned, {}
            for key, (conversations, messages) in pending.items():
                self._seq += 1
                self._unsent.append(_Batch(
                    FlushMark(self._writer, self._seq), key[0], key[1], conversations,
                    messages, not_scanned.get(key, {}), now))
            while self._unsent:
                batch = self._unsent[0]
                try:
                    store.record_scoring(
                        batch.model_version, batch.threshold,
                        conversations=batch.conversations, messages=batch.messages,
                        not_scanned=batch.not_scanned, now=batch.at, flush=batch.mark)
                except InvalidInput:
                    log.exception("counter batch refused by the store; dropping it")
                except Exception:
                    log.exception("counter flush failed; the batch is re-sent next flush")
                    return
                self._unsent.pop(0)


#: Why scoring is refused while no verified model is loaded (content-free).
NO_MODEL = "model: no verified model is loaded; reload one (AdminService.ReloadModel or SIGHUP)"


class Screening:
    """Scores conversations and opens cases for flags.

    ``scorer`` can be swapped atomically (model hot reload): each call reads the
    attribute once, so a batch is scored by exactly one model. It is None while no
    verified model is loaded (the configured one failed verification at start-up); scoring
    is refused until a reload succeeds.
    """

    def __init__(
        self,
        scorer: RiskScorer | None,
        store: CaseStore,
        clock: Clock,
        limits: Limits,
        legal_basis: LegalBasis,
        max_pending_cases: int = 512,
    ) -> None:
        self.scorer = scorer
        self.store = store
        self.clock = clock
        self.limits = limits
        self.legal_basis = legal_basis
        self.counters = ScoringCounters()
        self.cases = CaseWriter(store, max_pending_cases)

    def close(self) -> None:
        """Write the flags still queued (after the server has drained)."""
        self.cases.close()

    def validate(self, conversation: Conversation) -> None:
        """Raise :class:`InvalidInput` if the conversation breaks a limit or rule."""
        validate_conversation(conversation, self.limits, self.clock.now().timestamp())

    def check_ready(self) -> None:
        """Raise :class:`PreconditionFailed` when scoring is not allowed right now."""
        self.legal_basis.check(self.clock.now().date())

    def score(self, conversations: Sequence[Conversation]) -> list[Verdict]:
        """Score validated conversations and record flags; results keep input order.

        Returns once every flag's case is committed.
        """
        return [v.settled() for v in self.score_pending(conversations)]

    def score_pending(self, conversations: Sequence[Conversation],
                      wait_for_room: bool = False) -> list[Verdict]:
        """Score, and hand flags to the case writer without waiting for the store.

        A flagged verdict carries its :class:`PendingCase`: settle it before answering.
        When the writer's queue is full, a flag's case is refused (:class:`Overloaded`)
        unless ``wait_for_room``, which waits for the queue instead.
        """
        self.check_ready()
        scorer = self.scorer  # one model for the whole batch, even during a reload
        if scorer is None:
            raise Overloaded(NO_MODEL)
        results = scorer.score(conversations)
        self.counters.add(results)
        now = self.clock.now()
        verdicts = []
        flagged = Outcome.FLAGGED_FOR_REVIEW
        for r in results:
            if r.outcome is flagged:
                verdicts.append(Verdict(r, case=self.cases.submit(_flag(r), now, wait_for_room)))
            else:
                verdicts.append(Verdict(r))
        return verdicts


def _flag(r: ScoreResult) -> Flag:
    assert r.suspect is not None and r.partner is not None and r.score is not None
    return Flag(
        conversation_id=r.conversation_id,
        suspected_participant_id=r.suspect,
        partner_participant_id=r.partner,
        indicators=tuple(
            IndicatorHit(code.name.lower(), ids[:MAX_MESSAGE_IDS_PER_INDICATOR])
            for code, ids in sorted(r.indicators.items())
        ),
        score=min(max(r.score, 0.0), 1.0),
        threshold=r.threshold,
        model_version=r.model_version,
    )
