"""Random event histories keep the counters' books balanced (see ``counters.py``)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
)

from service.clock import ManualClock
from service.errors import ConcurrentModification, IllegalTransition, NotFound
from service.review import counters as ctr
from service.review.cases import CaseStatus, Decision, Technology
from service.review.complaints import ComplaintStatus, Resolution
from service.review.paging import iter_all
from service.review.report import report_from_counters
from service.review.retention import RetentionPolicy
from service.review.sqlite_store import SqliteCaseStore
from tests.review.helpers import RECIPIENTS, T0, make_flag

EXPECTED_ERRORS = (IllegalTransition, ConcurrentModification, NotFound)
TECHNOLOGIES = (Technology("lr-a", 0.8), Technology("lr-b", 0.7))
REVIEWERS = ("rev-1", "rev-2")
PERIOD = (date(2000, 1, 1), date(2100, 1, 1))


class ReviewHistory(RuleBasedStateMachine):
    """Flags, claims, releases, decisions, reports, purges and complaints in any order."""

    case_ids = Bundle("case_ids")
    complaint_ids = Bundle("complaint_ids")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="review-prop-"))
        self.store = SqliteCaseStore(
            self.dir / "review.sqlite3",
            recipients=RECIPIENTS,
            retention=RetentionPolicy(unreviewed_days=3, confirmed_days=5, reported_days=4),
        )
        self.clock = ManualClock(T0)

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @initialize(target=case_ids, tech=st.sampled_from(TECHNOLOGIES))
    def first_flags(self, tech: Technology) -> object:
        ids = [
            self.store.record_flag(
                make_flag(
                    conversation=f"conv-{n}",
                    suspect="sus-0",
                    partner="partner",
                    model=tech.model_version,
                    threshold=tech.threshold,
                ),
                self.clock.now(),
            ).case_id
            for n in range(3)
        ]
        return multiple(*ids)

    @rule(
        target=case_ids,
        conversation=st.integers(0, 4),
        suspect=st.integers(0, 1),
        tech=st.sampled_from(TECHNOLOGIES),
    )
    def flag(self, conversation: int, suspect: int, tech: Technology) -> object:
        flag = make_flag(
            conversation=f"conv-{conversation}",
            suspect=f"sus-{suspect}",
            partner="partner",
            model=tech.model_version,
            threshold=tech.threshold,
        )
        return multiple(self.store.record_flag(flag, self.clock.now()).case_id)

    @rule(
        case_id=case_ids,
        reviewer=st.sampled_from(REVIEWERS),
        decision=st.sampled_from(Decision),
        recipient=st.none() | st.sampled_from(RECIPIENTS),
    )
    def claim_decide_report(
        self, case_id: str, reviewer: str, decision: Decision, recipient: str | None
    ) -> None:
        self.claim(case_id, reviewer, 30)
        self.decide(case_id, reviewer, decision)
        if recipient is not None:
            self.report(case_id, recipient)

    @rule(case_id=case_ids, reviewer=st.sampled_from(REVIEWERS), minutes=st.integers(1, 180))
    def claim(self, case_id: str, reviewer: str, minutes: int) -> None:
        with contextlib.suppress(*EXPECTED_ERRORS):
            self.store.claim(case_id, reviewer, timedelta(minutes=minutes), self.clock.now())

    @rule(case_id=case_ids, reviewer=st.sampled_from(REVIEWERS))
    def release(self, case_id: str, reviewer: str) -> None:
        with contextlib.suppress(*EXPECTED_ERRORS):
            self.store.release(case_id, reviewer, self.clock.now())

    @rule(case_id=case_ids, reviewer=st.sampled_from(REVIEWERS), decision=st.sampled_from(Decision))
    def decide(self, case_id: str, reviewer: str, decision: Decision) -> None:
        try:
            after = self.store.decide(case_id, decision, reviewer, "reviewed", self.clock.now())
        except EXPECTED_ERRORS:
            return
        if decision is Decision.DISMISSED:
            assert after is None
            try:
                self.store.get_case(case_id)
            except NotFound:
                return
            raise AssertionError("a dismissed case is still readable")
        assert after is not None and after.status is CaseStatus.CONFIRMED

    @rule(case_id=case_ids, recipient=st.sampled_from(RECIPIENTS))
    def report(self, case_id: str, recipient: str) -> None:
        with contextlib.suppress(*EXPECTED_ERRORS):
            self.store.report(case_id, "rev-1", recipient, "sent", self.clock.now())

    @rule(minutes=st.integers(0, 60 * 24 * 6), then_purge=st.booleans())
    def advance(self, minutes: int, then_purge: bool) -> None:
        now = self.clock.advance(timedelta(minutes=minutes))
        if not then_purge:
            return
        self.store.purge_expired(now)
        for case in iter_all(lambda t: self.store.list_cases(page_size=100, page_token=t)):
            assert case.expires_at > now

    @rule(target=complaint_ids, case_id=case_ids)
    def complain(self, case_id: str) -> str:
        complaint = self.store.file_complaint(
            case_id=case_id, channel="in_app", reason_code="appeal", now=self.clock.now()
        )
        return complaint.complaint_id

    @rule(complaint_id=consumes(complaint_ids), resolution=st.sampled_from(Resolution))
    def resolve(self, complaint_id: str, resolution: Resolution) -> None:
        self.store.resolve_complaint(complaint_id, resolution, "rev-2", "done", self.clock.now())

    @invariant()
    def books_balance(self) -> None:
        rows = self.store.counter_rows(*PERIOD)
        live: dict[Technology, Counter[CaseStatus]] = {t: Counter() for t in TECHNOLOGIES}
        for case in iter_all(lambda t: self.store.list_cases(page_size=500, page_token=t)):
            live[case.technology][case.status] += 1
        by_tech = ctr.totals_by_technology(rows)
        for tech in TECHNOLOGIES:
            n = Counter(by_tech.get(tech, {}))
            o, i = live[tech][CaseStatus.OPEN], live[tech][CaseStatus.IN_REVIEW]
            c, r = live[tech][CaseStatus.CONFIRMED], live[tech][CaseStatus.REPORTED]
            assert n[ctr.FLAGGED] == o + i + c + r + n[ctr.DISMISSED] + n[ctr.EXPIRED]
            assert (
                n[ctr.FLAGGED]
                == o + i + n[ctr.CONFIRMED] + n[ctr.DISMISSED] + n[ctr.EXPIRED_UNREVIEWED]
            )
            assert n[ctr.CONFIRMED] == c + r + n[ctr.EXPIRED_DECIDED]
            assert n[ctr.REPORTED] == r + n[ctr.EXPIRED_REPORTED]
            assert n[ctr.EXPIRED] == n[ctr.EXPIRED_UNREVIEWED] + n[ctr.EXPIRED_DECIDED]
            assert n[ctr.DECISION_COUNT] == n[ctr.CONFIRMED] + n[ctr.DISMISSED]
            histogram = sum(v for k, v in n.items() if k.startswith(ctr.DECISION_TIME_PREFIX))
            assert histogram == n[ctr.DECISION_COUNT]
            reported_to = sum(v for k, v in n.items() if k.startswith(ctr.REPORTED_TO_PREFIX))
            assert reported_to == n[ctr.REPORTED]
        counts = self.store.count_cases()
        assert counts[CaseStatus.DISMISSED] == 0 == counts[CaseStatus.EXPIRED]

        totals = Counter(ctr.totals(rows))
        complaints = Counter(
            c.status for c in iter_all(lambda t: self.store.list_complaints(page_token=t))
        )
        assert totals[ctr.COMPLAINTS_FILED] == sum(complaints.values())
        assert totals[ctr.COMPLAINTS_UPHELD] == complaints[ComplaintStatus.UPHELD]
        assert totals[ctr.COMPLAINTS_REJECTED] == complaints[ComplaintStatus.REJECTED]
        assert totals[ctr.DECISIONS_OVERTURNED] <= totals[ctr.COMPLAINTS_UPHELD]

        report = report_from_counters(
            rows,
            start=PERIOD[0],
            end=PERIOD[1],
            retention=self.store.retention,
            model_facts={},
            generated_at=T0,
        )
        for stats in report.technologies:
            assert stats.decided == stats.confirmed + stats.dismissed
            if stats.decided:
                assert stats.false_positive_ratio == stats.dismissed / stats.decided
            else:
                assert stats.false_positive_ratio is None
        decided = totals[ctr.CONFIRMED] + totals[ctr.DISMISSED]
        assert report.decided == decided
        assert report.false_positive_ratio == (totals[ctr.DISMISSED] / decided if decided else None)


TestReviewHistory = ReviewHistory.TestCase
TestReviewHistory.settings = settings(
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
