"""The compiled featurizer gives bit-identical arrays to the numpy reference it replaced.

``training/reference_features.py`` is the numpy ``featurize`` of ``feat-2`` (main at
6ecde14), kept verbatim. These tests feed both the same conversations, from the synthetic
corpus and from hypothesis (unicode of every kind, empty and very long messages, the
hostile texts of ``tests/hostile``), and require equal bytes in every output array.
"""

from __future__ import annotations

import hashlib
import json
import threading
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.scoring.conversation import AgeSource, Conversation, Message, Participant
from service.scoring.features import (
    BatchFeatures,
    FeatureSpace,
    document_ngrams,
    inert_separators,
    is_inert_separator,
    message_ngrams,
)
from service.scoring.jsonl import conversation_from_dict
from service.scoring.policy import PolicyGate
from tests.hostile.strategies import FRAGMENTS, PHRASES
from tests.hostile.strategies import texts as hostile_texts
from training import synth
from training.reference_features import ReferenceFeatureSpace

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "default"
# sha256 of every feature array of a fixed corpus, computed with main's numpy featurizer
# (6ecde14) and the shipped model's vocabulary: see _digest below.
MAIN_DIGEST = "49132fa80e6782265e21c5a4a96d3b70fe8251d3811590bb467d821c00336c10"


@cache
def _vocabulary() -> dict[str, list[str]]:
    return json.loads((DEFAULT_MODEL / "vocabulary.json").read_text(encoding="utf-8"))


def _extra_grams() -> list[str]:
    """N-grams of non-ASCII text, so unicode tokens are looked up and counted too."""
    grams: list[str] = []
    for text in (*FRAGMENTS, *PHRASES, "ß straße", "мне 13 лет", "you 😀 there", "İyi"):
        grams.extend(g for g in message_ngrams(text) if g not in grams)
    return grams


def _extra_vocabulary() -> list[str]:
    shipped = set(_vocabulary()["sender"])
    return [g for g in _extra_grams() if g not in shipped]


@pytest.fixture(scope="module")
def spaces() -> list[tuple[FeatureSpace, ReferenceFeatureSpace]]:
    vocab = _vocabulary()
    extra = _extra_vocabulary()
    return [
        (FeatureSpace(vocab["sender"], vocab["partner"]),
         ReferenceFeatureSpace(vocab["sender"], vocab["partner"])),
        (FeatureSpace([], []), ReferenceFeatureSpace([], [])),
        (FeatureSpace(extra, extra[::-1]), ReferenceFeatureSpace(extra, extra[::-1])),
    ]


def assert_identical(got: BatchFeatures, want: BatchFeatures) -> None:
    """Every array has the same dtype, shape and bytes; pairs and offsets are equal."""
    for name in ("ngram_ids", "ngram_counts", "segments", "dense", "message_indicators"):
        a, b = getattr(got, name), getattr(want, name)
        assert (a.dtype, a.shape) == (b.dtype, b.shape), name
        assert a.tobytes() == b.tobytes(), name
    assert got.pairs == want.pairs
    assert got.message_offsets == want.message_offsets


def _digest(space: FeatureSpace) -> tuple[int, str]:
    gate = PolicyGate()
    convs = [conversation_from_dict(r) for r in synth.generate(300, seed=20261202, bank="b")]
    kept = [c for c in convs if gate.decide(c).reason is None]
    pairs = [gate.decide(c).pairs for c in kept]
    digest = hashlib.sha256()
    for size in (1, 16, 300):
        for i in range(0, len(kept), size):
            batch = space.featurize(kept[i:i + size], pairs[i:i + size])
            for array in (batch.ngram_ids, batch.ngram_counts, batch.segments, batch.dense,
                          batch.message_indicators):
                digest.update(array.tobytes())
            digest.update(repr(batch.message_offsets).encode())
    return len(kept), digest.hexdigest()


def test_shipped_model_features_equal_mains(
    spaces: list[tuple[FeatureSpace, ReferenceFeatureSpace]],
) -> None:
    """The shipped vocabulary's features hash to what main's numpy code produced."""
    compiled, reference = spaces[0]
    assert _digest(compiled) == (219, MAIN_DIGEST)
    assert _digest(reference) == (219, MAIN_DIGEST)  # the reference itself has not drifted


def test_synthetic_corpus_in_any_batch_size(
    spaces: list[tuple[FeatureSpace, ReferenceFeatureSpace]],
) -> None:
    """Both banks, all gated-in conversations, in batches of 1, 7 and all at once."""
    gate = PolicyGate()
    convs = [conversation_from_dict(r) for bank in ("a", "b")
             for r in synth.generate(150, seed=7, bank=bank)]
    kept = [c for c in convs if gate.decide(c).reason is None]
    pairs = [gate.decide(c).pairs for c in kept]
    for compiled, reference in spaces:
        for size in (1, 7, len(kept)):
            for i in range(0, len(kept), size):
                assert_identical(compiled.featurize(kept[i:i + size], pairs[i:i + size]),
                                 reference.featurize(kept[i:i + size], pairs[i:i + size]))


# Text that stresses the tokenizer: hostile texts, cue phrases, emoji next to letters
# (the inert fast path), and characters that must not take it (combining marks,
# apostrophes, compatibility forms, invisible joiners).
_TRICKY = ("😀", "🎉x", "x💯", "’", "'", "\u00a8", "\u0301", "\u0338", "=", "<", "…", "ﬁ",
           "Ⅻ", "\u200b", "\u00ad", "İ", "ß", "ς", "K", "\n", "?", " ", "13", "7th", "u", "pic")
_words = st.sampled_from(_TRICKY + FRAGMENTS + PHRASES)
_text = st.one_of(
    hostile_texts(),
    st.lists(_words, max_size=8).map("".join),
    st.lists(_words, max_size=8).map(" ".join),
    st.text(max_size=30),
    st.just(""),
    st.just("how old are you " * 300),  # long, many cue hits
)
_times = st.one_of(
    st.floats(min_value=946_684_800, max_value=2_000_000_000, allow_nan=False),
    st.integers(946_684_800, 2_000_000_000).map(float),
    st.sampled_from((1_700_000_000.0, 1_700_000_000.5, 1_700_021_600.0, 1_700_021_600.000001,
                     -1.5, 0.0, 2.0**53, 1e300)),
)
_sources = st.sampled_from(list(AgeSource))


@st.composite
def conversations(draw: st.DrawFn, index: int = 0) -> tuple[Conversation, list[tuple[str, str]]]:
    """A conversation (not necessarily valid for the API) and pairs of its participants."""
    ids = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "Ωé", "😀"]), min_size=1,
                        max_size=4, unique=True))
    people = []
    for pid in ids:
        age = draw(st.one_of(st.none(), st.integers(1, 120)))
        source = AgeSource.UNKNOWN if age is None else draw(_sources)
        people.append(Participant(pid, age, source))
    n = draw(st.integers(0, 12))
    start = draw(_times)
    steps = draw(st.lists(st.sampled_from((0.0, 30.0, 3600.0, 21_600.0, 21_601.0, 90_000.0)),
                          min_size=n, max_size=n))
    messages = []
    at = start
    for k in range(n):
        at += steps[k]
        messages.append(Message(f"m{k}", draw(st.sampled_from(ids)), at, draw(_text)))
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=3))
    return Conversation(f"c{index}", tuple(people), tuple(messages)), pairs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(conversations(), min_size=0, max_size=4), st.integers(0, 2))
def test_any_conversations_give_identical_arrays(
    spaces: list[tuple[FeatureSpace, ReferenceFeatureSpace]],
    batch: list[tuple[Conversation, list[tuple[str, str]]]],
    which: int,
) -> None:
    """Random conversations, texts, ages, timestamps and pairs: identical bytes."""
    compiled, reference = spaces[which]
    convs = [conv for conv, _ in batch]
    pairs = [pair for _, pair in batch]
    assert_identical(compiled.featurize(convs, pairs), reference.featurize(convs, pairs))


def test_inert_separators_hold_against_all_of_unicode() -> None:
    """Each fast-path character is inert by the rule, with decompositions from all of Unicode.

    ``inert_separators`` only looks for decompositions near its candidate ranges (to stay
    quick at start-up); this checks nothing outside those ranges disqualifies a member.
    """
    parts: set[int] = set()
    for cp in range(0x110000):
        mapping = unicodedata.decomposition(chr(cp))
        if mapping and not mapping.startswith("<"):
            parts.update(int(x, 16) for x in mapping.split())
    bitmap = inert_separators()
    inert = [cp for cp in range(0x110000) if bitmap[cp >> 3] >> (cp & 7) & 1]
    assert 0x1F600 in inert and 0x26BD in inert  # emoji take the fast path
    assert not {0x2019, 0xA8, 0xB4, 0xB7, 0x200B, 0x2024, 0x301} & set(inert)
    assert all(is_inert_separator(cp, parts) for cp in inert)


def test_bad_input_raises_and_leaves_the_featurizer_clean() -> None:
    """A sender who is not a participant fails cleanly; the next call is unaffected."""
    vocab = _vocabulary()
    space, reference = FeatureSpace(vocab["sender"], vocab["partner"]), ReferenceFeatureSpace(
        vocab["sender"], vocab["partner"])
    people = (Participant("a", 30, AgeSource.DECLARED), Participant("b", None, AgeSource.UNKNOWN))
    good = Conversation("c", people, (Message("m1", "a", 1.7e9, "how old are you"),
                                      Message("m2", "b", 1.7e9 + 5, "im 13")))
    bad = Conversation("x", people, (Message("m1", "a", 1.7e9, "dont tell your mom"),
                                     Message("m2", "zz", 1.7e9, "hi")))
    with pytest.raises(ValueError, match="not a participant"):
        space.featurize([good, bad], [[("a", "b")], [("a", "b")]])
    with pytest.raises(ValueError, match="non-participant"):
        space.featurize([good], [[("a", "nobody")]])
    assert_identical(space.featurize([good], [[("a", "b")]]),
                     reference.featurize([good], [[("a", "b")]]))


def test_concurrent_calls_agree() -> None:
    """Threads sharing one FeatureSpace (as the server's do) get the reference's arrays."""
    vocab = _vocabulary()
    space = FeatureSpace(vocab["sender"], vocab["partner"])
    reference = ReferenceFeatureSpace(vocab["sender"], vocab["partner"])
    gate = PolicyGate()
    convs = [conversation_from_dict(r) for r in synth.generate(120, seed=11, bank="b")]
    kept = [c for c in convs if gate.decide(c).reason is None]
    pairs = [gate.decide(c).pairs for c in kept]
    want = [reference.featurize(kept[i:i + 5], pairs[i:i + 5]) for i in range(0, len(kept), 5)]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                for k, i in enumerate(range(0, len(kept), 5)):
                    assert_identical(space.featurize(kept[i:i + 5], pairs[i:i + 5]), want[k])
        except BaseException as err:  # reported by the main thread
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_empty_batch() -> None:
    batch = FeatureSpace([], []).featurize([], [])
    assert batch.dense.shape == (0, 55) and batch.ngram_ids.size == 0
    assert batch.message_indicators.shape == (0, 11)
    assert np.array_equal(batch.segments, np.zeros(0, dtype=np.int64))


@settings(max_examples=100, deadline=None)
@given(st.lists(_text, min_size=1, max_size=6), st.lists(_text, max_size=4))
def test_counts_equal_the_training_analyzer(
    spaces: list[tuple[FeatureSpace, ReferenceFeatureSpace]],
    sender_texts: list[str],
    partner_texts: list[str],
) -> None:
    """Serving's n-gram counts are exactly what training's sklearn analyzer counts."""
    for compiled, _ in spaces[::2]:
        people = (Participant("s", None, AgeSource.UNKNOWN), Participant("p", 12,
                                                                         AgeSource.DECLARED))
        msgs = [Message(f"s{k}", "s", 1.7e9 + k, t) for k, t in enumerate(sender_texts)]
        msgs += [Message(f"p{k}", "p", 1.7e9 + k, t) for k, t in enumerate(partner_texts)]
        batch = compiled.featurize([Conversation("c", people, tuple(msgs))], [[("s", "p")]])
        sender_vocab = (_vocabulary()["sender"] if compiled is spaces[0][0]
                        else _extra_vocabulary())
        want: Counter[int] = Counter()
        index = {g: i for i, g in enumerate(sender_vocab)}
        for gram, n in Counter(document_ngrams(sender_texts)).items():
            if gram in index:
                want[index[gram]] += n
        got = {int(f): float(c) for f, c, s in zip(batch.ngram_ids, batch.ngram_counts,
                                                    batch.segments, strict=True) if s == 0}
        assert got == {f: float(n) for f, n in want.items()}
