"""Tests for the synthetic grooming-risk corpus generator (training/synth.py)."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from training import synth
from training.phrasebanks import BANK_MODULES, common, get_bank

REPO = Path(__file__).resolve().parents[2]

# Content rule deny-list (kept literal here on purpose, independent of synth.DENY_RE).
DENY = re.compile(
    r"\b(sex\w*|nude\w*|naked|porn\w*|horny|genital\w*|breast\w*|orgasm\w*|kiss\w*|"
    r"undress\w*|lingerie|bra|panties|underwear|bed ?room)\b",
    re.IGNORECASE,
)
RFC3339_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
AGE_SOURCES = {"declared", "estimated", "verified", "unknown"}

Record = dict[str, Any]


def _dump(records: list[Record]) -> str:
    return json.dumps(records, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module", params=synth.BANKS)
def sample_1000(request: pytest.FixtureRequest) -> list[Record]:
    return synth.generate(1000, seed=11, bank=request.param)


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("bank", synth.BANKS)
def test_deterministic_same_args(bank: str) -> None:
    a = synth.generate(120, seed=7, bank=bank)
    b = synth.generate(120, seed=7, bank=bank)
    assert _dump(a) == _dump(b)


@pytest.mark.parametrize("bank", synth.BANKS)
def test_different_seed_differs(bank: str) -> None:
    a = synth.generate(60, seed=1, bank=bank)
    b = synth.generate(60, seed=2, bank=bank)
    assert _dump(a) != _dump(b)
    assert not {r["conversation_id"] for r in a} & {r["conversation_id"] for r in b}


def test_banks_differ_and_ids_prefixed() -> None:
    a = synth.generate(40, seed=3, bank="a")
    b = synth.generate(40, seed=3, bank="b")
    assert all(r["conversation_id"].startswith("a-s3-") for r in a)
    assert all(r["conversation_id"].startswith("b-s3-") for r in b)
    texts_a = {m["text"] for r in a for m in r["messages"]}
    texts_b = {m["text"] for r in b for m in r["messages"]}
    assert len(texts_a & texts_b) < 0.1 * len(texts_a)


def test_independent_of_pythonhashseed() -> None:
    code = (
        "import hashlib, json; from training import synth; "
        "print(hashlib.sha256(json.dumps(synth.generate(30, seed=5, bank='b'), sort_keys=True)"
        ".encode()).hexdigest())"
    )
    outs = set()
    for hs in ("1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=hs)
        res = subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outs.add(res.stdout.strip())
    assert len(outs) == 1


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError):
        synth.generate(5, seed=1, bank="c")
    with pytest.raises(ValueError):
        synth.generate(5, seed=1, positive_share=1.5)
    with pytest.raises(ValueError):
        synth.generate(-1, seed=1)
    assert synth.generate(0, seed=1) == []


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------


def _check_record(rec: Record) -> None:
    assert set(rec) >= {"conversation_id", "participants", "messages", "label", "category"}
    parts = rec["participants"]
    assert 2 <= len(parts) <= 4
    pids = [p["id"] for p in parts]
    assert len(set(pids)) == len(pids)
    for p in parts:
        assert p["age_source"] in AGE_SOURCES
        if p["age"] is None:
            assert p["age_source"] == "unknown"
        else:
            assert isinstance(p["age"], int) and 5 <= p["age"] <= 90
            assert p["age_source"] != "unknown"

    msgs = rec["messages"]
    assert 8 <= len(msgs) <= 60
    mids = [m["id"] for m in msgs]
    assert len(set(mids)) == len(mids)
    prev: datetime | None = None
    for m in msgs:
        assert set(m) == {"id", "sender", "sent_at", "text"}
        assert m["sender"] in pids
        assert isinstance(m["text"], str) and m["text"].strip()
        assert RFC3339_Z.match(m["sent_at"]), m["sent_at"]
        ts = datetime.strptime(m["sent_at"], "%Y-%m-%dT%H:%M:%SZ")
        if prev is not None:
            assert ts >= prev
        prev = ts
        assert "{" not in m["text"] and "}" not in m["text"], m["text"]

    label = rec["label"]
    if label["suspicious"]:
        assert rec["category"] == "grooming"
        assert len(parts) == 2
        assert label["offender"] in pids
        first = next((m for m in msgs if m["id"] == label["first_risk_message"]), None)
        assert first is not None
        assert first["sender"] == label["offender"]
        signs = label["signs"]
        assert len(set(signs)) >= 2
        assert set(signs) <= set(common.SIGN_KEYS)
        offender = next(p for p in parts if p["id"] == label["offender"])
        child = next(p for p in parts if p["id"] != label["offender"])
        assert offender["age"] is None or 18 <= offender["age"] <= 60
        assert child["age"] is None or 10 <= child["age"] <= 16
    else:
        assert label == {"suspicious": False, "offender": None, "first_risk_message": None}
        assert rec["category"] in common.NEG_CATEGORIES


def test_schema(sample_1000: list[Record]) -> None:
    for rec in sample_1000:
        _check_record(rec)
    assert len({r["conversation_id"] for r in sample_1000}) == len(sample_1000)


def test_schema_extreme_shares() -> None:
    for share in (0.0, 1.0):
        for rec in synth.generate(80, seed=9, bank="a", positive_share=share):
            _check_record(rec)


# ---------------------------------------------------------------------------
# Content rule
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("bank", synth.BANKS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_deny_list_generated_text(bank: str, seed: int) -> None:
    hits = [
        m["text"]
        for rec in synth.generate(300, seed=seed, bank=bank)
        for m in rec["messages"]
        if DENY.search(m["text"])
    ]
    assert hits == []


@pytest.mark.parametrize("module", ["bank_a.py", "bank_b.py", "common.py", "__init__.py"])
def test_deny_list_phrasebank_source(module: str) -> None:
    src = (REPO / "training" / "phrasebanks" / module).read_text(encoding="utf-8")
    assert DENY.findall(src) == []


def test_deny_list_pools_and_slots() -> None:
    for name in synth.BANKS:
        bank = get_bank(name)
        lines = [x for v in bank.phrases.values() for x in v]
        lines += [x for secs in bank.negatives.values() for v in secs.values() for x in v]
        lines += [dst for _, dst in bank.slang]
        assert [x for x in lines if DENY.search(x)] == []
    for attr in dir(common):
        val = getattr(common, attr)
        if isinstance(val, tuple) and val and isinstance(val[0], str):
            assert [x for x in val if DENY.search(x)] == [], attr


# ---------------------------------------------------------------------------
# Mix
# ---------------------------------------------------------------------------


def test_positive_share(sample_1000: list[Record]) -> None:
    pos = sum(r["label"]["suspicious"] for r in sample_1000)
    assert abs(pos / len(sample_1000) - 0.35) <= 0.02
    other = synth.generate(400, seed=4, bank="a", positive_share=0.2)
    assert abs(sum(r["label"]["suspicious"] for r in other) / 400 - 0.2) <= 0.02


def test_every_negative_category_present(sample_1000: list[Record]) -> None:
    cats = {r["category"] for r in sample_1000 if not r["label"]["suspicious"]}
    assert cats == set(common.NEG_CATEGORIES)
    negs = [r for r in sample_1000 if not r["label"]["suspicious"]]
    hard = sum(r["category"] in common.HARD_NEG_CATEGORIES for r in negs)
    assert hard / len(negs) >= 0.5


def test_unknown_age_share(sample_1000: list[Record]) -> None:
    parts = [p for r in sample_1000 for p in r["participants"]]
    share = sum(p["age"] is None for p in parts) / len(parts)
    assert 0.10 <= share <= 0.30


def test_hard_negatives_pass_age_gate(sample_1000: list[Record]) -> None:
    """Many hard negatives involve a known minor with a known adult, or unknown ages."""
    negs = [r for r in sample_1000 if r["category"] in common.HARD_NEG_CATEGORIES]

    def gate(rec: Record) -> bool:
        ages = [p["age"] for p in rec["participants"]]
        known = [a for a in ages if a is not None]
        minor_adult = any(a < 18 for a in known) and any(a >= 18 for a in known)
        return minor_adult or len(known) < len(ages)

    assert sum(gate(r) for r in negs) / len(negs) >= 0.5


def test_lengths_and_group_chats(sample_1000: list[Record]) -> None:
    pos = [len(r["messages"]) for r in sample_1000 if r["label"]["suspicious"]]
    assert 25 <= statistics.median(pos) <= 35
    assert any(len(r["participants"]) >= 3 for r in sample_1000 if not r["label"]["suspicious"])


def _night(ts: str) -> bool:
    hour = int(ts[11:13])
    return hour >= 22 or hour < 5


def test_late_night_not_decisive(sample_1000: list[Record]) -> None:
    pos = [r for r in sample_1000 if r["label"]["suspicious"]]
    neg = [r for r in sample_1000 if not r["label"]["suspicious"]]

    def share(rs: list[Record]) -> float:
        return sum(any(_night(m["sent_at"]) for m in r["messages"]) for r in rs) / len(rs)

    assert share(pos) >= 0.3
    assert share(neg) >= 0.15
    gaming = [r for r in neg if r["category"] in ("gaming_teammates", "coworkers")]
    assert share(gaming) >= 0.3


def test_positive_signs_vary(sample_1000: list[Record]) -> None:
    pos = [r for r in sample_1000 if r["label"]["suspicious"]]
    seen = {s for r in pos for s in r["label"]["signs"]}
    assert seen == set(common.SIGN_KEYS)
    counts = [len(r["label"]["signs"]) for r in pos]
    assert min(counts) == 2 and max(counts) >= 6
    orders = {tuple(r["label"]["signs"][:3]) for r in pos}
    assert len(orders) > 50


def test_first_risk_not_first_message(sample_1000: list[Record]) -> None:
    """Positives start with small talk before the first warning sign."""
    for r in sample_1000:
        if r["label"]["suspicious"]:
            idx = [m["id"] for m in r["messages"]].index(r["label"]["first_risk_message"])
            assert idx >= 2


# ---------------------------------------------------------------------------
# Phrase banks
# ---------------------------------------------------------------------------


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9{} ]+", "", s.lower()).strip()


def test_banks_cover_same_categories() -> None:
    a, b = get_bank("a"), get_bank("b")
    assert set(a.phrases) == set(b.phrases) >= set(common.ALL_PHRASE_KEYS)
    assert set(a.negatives) == set(b.negatives) == set(common.NEG_CATEGORIES)
    for bank in (a, b):
        for key in (*common.SIGN_KEYS, common.CHILD_SIGN_KEY):
            assert len(set(bank.phrases[key])) >= 25, (bank.name, key)


def test_bank_independence_exact_overlap() -> None:
    a, b = get_bank("a"), get_bank("b")
    keys = (*common.SIGN_KEYS, common.CHILD_SIGN_KEY)
    set_a = {_norm(x) for k in keys for x in a.phrases[k]}
    set_b = {_norm(x) for k in keys for x in b.phrases[k]}
    overlap = len(set_a & set_b) / min(len(set_a), len(set_b))
    assert overlap < 0.05


def test_bank_independence_near_duplicates() -> None:
    """Few bank-b sign lines are near-paraphrases (high token overlap) of a bank-a line."""
    a, b = get_bank("a"), get_bank("b")

    def toks(s: str) -> frozenset[str]:
        return frozenset(_norm(s).split())

    for key in common.SIGN_KEYS:
        ta = [toks(x) for x in a.phrases[key]]
        near = 0
        for line in b.phrases[key]:
            tb = toks(line)
            best = max(len(tb & t) / len(tb | t) for t in ta)
            near += best >= 0.7
        assert near <= 2, key


def test_bank_modules_registered() -> None:
    assert set(BANK_MODULES) == set(synth.BANKS)


# ---------------------------------------------------------------------------
# IO
# ---------------------------------------------------------------------------


def test_write_jsonl_roundtrip(tmp_path: Path) -> None:
    recs = synth.generate(25, seed=2, bank="b")
    path = tmp_path / "sub" / "out.jsonl"
    assert synth.write_jsonl(recs, path) == 25
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == recs
