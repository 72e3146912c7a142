"""A slow case store never stalls scoring, and a flag is answered only once its case is
committed. The slowness is real: another connection holds SQLite's write lock."""

from __future__ import annotations

import sqlite3
import threading

from service.api.grooming_risk.v1 import review_pb2 as rpb
from service.api.grooming_risk.v1 import scoring_pb2 as spb
from tests.conftest import Running
from tests.server.helpers import benign, positive
from tests.waiting import wait_until


def test_a_locked_database_delays_only_the_flag_that_needs_it(server: Running) -> None:
    blocker = sqlite3.connect(server.data_dir / "review.sqlite3", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the write lock: the store's writes wait for it
    answers: list[spb.ScoreConversationResponse] = []
    flagged = threading.Thread(
        target=lambda: answers.append(server.scoring.ScoreConversation(positive(),
                                                                       timeout=60)))
    try:
        flagged.start()
        registry = server.app.metrics.registry
        wait_until(lambda: (registry.get_sample_value(
            "grooming_risk_conversations_total",
            {"outcome": "flagged_for_review", "reason": ""}) or 0) >= 1
            and server.app.screening.cases.pending() == 0,
            what="the flag scored and its case taken by the case writer")
        # Scoring goes on while the flag's case waits for the database.
        for _ in range(5):
            r = server.scoring.ScoreConversation(benign(), timeout=5)
            assert r.outcome == spb.OUTCOME_NOT_SUSPICIOUS
        assert not answers, "a flag was acknowledged before its case was committed"
        assert flagged.is_alive()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    flagged.join(30)
    assert len(answers) == 1 and answers[0].suspicious and answers[0].case_id
    case = server.review.GetCase(rpb.GetCaseRequest(case_id=answers[0].case_id), timeout=10)
    assert case.case.case_id == answers[0].case_id
