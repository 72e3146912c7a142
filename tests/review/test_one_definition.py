"""Lists and limits that must agree are defined once, or a test says they agree.

The not-scanned reasons live in the policy enum, the counters and the proto: a reason the
gate can return but the counters do not know would make every counter flush fail (the
store refuses unknown reasons), silently and forever. The retention cap and the id length
are each assigned in exactly one module and imported everywhere else.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from service.api.grooming_risk.v1 import scoring_pb2 as spb
from service.review import counters as ctr
from service.review.sql_store import SqlCaseStore
from service.scoring.policy import NotScannedReason
from service.servicers.converters import REASON_TO_PB
from tests.review.helpers import MODEL, T0, THRESHOLD
from tests.review.test_store_contract import totals


def test_counters_know_every_reason_the_gate_can_give() -> None:
    assert set(ctr.NOT_SCANNED_REASONS) == {reason.value for reason in NotScannedReason}
    assert len(ctr.NOT_SCANNED_REASONS) == len(set(ctr.NOT_SCANNED_REASONS))


def test_every_reason_has_its_own_proto_value() -> None:
    assert set(REASON_TO_PB) == set(NotScannedReason)
    proto_values = {v.number for v in spb.NotScannedReason.DESCRIPTOR.values} - {
        spb.NOT_SCANNED_REASON_UNSPECIFIED}
    assert sorted(REASON_TO_PB.values()) == sorted(proto_values)


def test_the_store_counts_every_reason(sqlite_store: SqlCaseStore) -> None:
    sqlite_store.record_scoring(
        MODEL, THRESHOLD, conversations=0, messages=0,
        not_scanned={reason.value: 1 for reason in NotScannedReason}, now=T0)
    counts = totals(sqlite_store)
    for reason in NotScannedReason:
        assert counts[ctr.not_scanned_name(reason.value)] == 1, reason


SERVICE = Path(__file__).resolve().parents[2] / "service"


def _assignments(name: str) -> list[str]:
    """Modules of ``service/`` (generated code aside) that assign ``name`` at top level."""
    found = []
    for path in sorted(SERVICE.rglob("*.py")):
        if "api" in path.relative_to(SERVICE).parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            targets = (node.targets if isinstance(node, ast.Assign)
                       else [node.target] if isinstance(node, ast.AnnAssign) else [])
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found.append(path.relative_to(SERVICE).as_posix())
    return found


@pytest.mark.parametrize(("name", "home"), [
    ("MAX_RETENTION_DAYS", "review/retention.py"),
    ("MAX_ID_LENGTH", "scoring/conversation.py"),
])
def test_each_limit_is_defined_once(name: str, home: str) -> None:
    assert _assignments(name) == [home]


def test_settings_and_the_retention_policy_share_the_cap() -> None:
    from service import config
    from service.review import retention, validation
    from service.scoring import conversation

    assert config.MAX_RETENTION_DAYS is retention.MAX_RETENTION_DAYS
    assert validation.MAX_ID_LENGTH is conversation.MAX_ID_LENGTH
