"""The scenario-family corpus: content rule, labels the loader accepts, families kept whole."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from service.scoring.jsonl import load_conversations
from training import families
from training.evaluate import load_meta, meta_path_for
from training.families.scene import DENY_RE
from training.train import family_folds


def test_every_family_writes_loadable_rule_abiding_conversations(tmp_path: Path) -> None:
    fams = families.all_families()
    assert sum(f.suspicious for f in fams) >= 10 and sum(not f.suspicious for f in fams) >= 20
    per_family = tuple(f for f in fams)
    records = []
    for fam in per_family:  # a few of each, so a broken family cannot hide behind weights
        records.extend(families.generate(3, seed=hash(fam.name) % 1000, families=(fam,)))
    for r in records:
        assert not any(DENY_RE.search(m["text"]) for m in r["messages"])
        label = r["label"]
        if label["suspicious"]:
            assert label["offender"] and label["first_risk_message"] and label["signs"]
    path = tmp_path / "f.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = load_conversations(path)
    assert not report.skipped and len(report.conversations) == len(records)


def test_generation_is_reproducible_and_meta_names_each_family(tmp_path: Path) -> None:
    a = families.generate(40, seed=5)
    assert a == families.generate(40, seed=5)
    assert 10 <= sum(r["label"]["suspicious"] for r in a) <= 18  # positive_share 0.35
    data = tmp_path / "train.jsonl"
    families.write_meta(a, meta_path_for(data))
    meta = load_meta(meta_path_for(data))
    groups = {f.name: f.group for f in families.all_families()}
    for r in a:
        assert meta[r["conversation_id"]].scenario == r["category"]
        assert meta[r["conversation_id"]].category == groups[r["category"]]


def test_family_folds_keep_each_family_whole_and_split_both_labels() -> None:
    groups = ["p1", "p1", "p2", "p3", "n1", "n2", "n2", "n3", "n4", "mixed", "mixed"]
    labels = [True, True, True, True, False, False, False, False, False, True, False]
    folds = family_folds(groups, labels, seed=3)
    for g in set(groups):
        assert len({int(f) for f, h in zip(folds, groups, strict=True) if h == g}) == 1
    pos = {int(folds[groups.index(g)]) for g in ("p1", "p2", "p3")}
    neg = {int(folds[groups.index(g)]) for g in ("n1", "n2", "n3", "n4")}
    assert pos == {0, 1} and neg == {0, 1}
    assert np.array_equal(folds, family_folds(groups, labels, seed=3))


def test_prefix_shares_learn_from_signs_only_and_weigh_each_chat_once() -> None:
    from training.train import prefix_shares

    # conversation 0: positive of 12 messages, first sign at message 7 -> prefixes 5, 10, 12
    # conversation 1: negative of 9 messages -> prefixes 5, 9
    ends = np.array([5, 10, 12, 5, 9])
    whole = np.array([False, False, True, False, True])
    risk = np.array([7, 7, 7, 0, 0])
    owner = np.array([0, 0, 0, 1, 1])
    shares = prefix_shares(ends, whole, risk, owner, 2)
    assert shares.tolist() == [0.0, 1.0, 1.0, 1.0, 1.0]
    ends2 = np.array([5, 10, 15, 17])
    shares2 = prefix_shares(ends2, np.array([False, False, False, True]), np.array([3] * 4),
                            np.array([0] * 4), 1)
    assert shares2.tolist() == [1 / 3, 1 / 3, 1 / 3, 1.0]
