"""The feature contract shared by training and serving.

Everything that turns a conversation into model inputs lives here, once:

* :func:`normalize_text` and :func:`message_tokens` define how text becomes tokens;
  training's scikit-learn vectorizers call :func:`document_ngrams`, which uses them.
* :class:`FeatureSpace` is the serving fast path. It computes the same n-gram counts
  with vectorised numpy lookups over token ids, plus the risk indicators and the
  metadata ("dense") features, for a whole batch of conversations at once.

A parity test checks that both paths agree and that the ONNX model matches the
scikit-learn pipeline. Bump :data:`FEATURE_VERSION` whenever an output here changes;
the model manifest records it and the loader refuses a mismatch.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.scoring.conversation import AgeSource, Conversation, Participant
from service.scoring.indicators import CUES, SENDER_INDICATORS, RiskIndicator

NORMALIZATION_VERSION = "norm-1"
FEATURE_VERSION = "feat-1"

ADULT_AGE = 18
# Hours (UTC) counted as late night: 22:00-04:59.
LATE_NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3, 4})

# Zero-width and bidirectional control characters are dropped, so "se\u200bcret" reads as
# "secret" and right-to-left overrides cannot split or disguise words.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]")
# A token is a run of letters or digits. "\n" only occurs as the message separator of
# the fast path (normalize_text turns every newline into a space).
_TOKEN = re.compile(r"[^\W_]+|\n")
_SEPARATOR = "\n"

Int64Array = npt.NDArray[np.int64]
Float32Array = npt.NDArray[np.float32]


def _canonical_tokens() -> dict[str, str]:
    canon = {
        "u": "you", "ya": "you", "yu": "you", "r": "are", "ur": "your", "youre": "your",
        "yr": "your", "pic": "photo", "pics": "photo", "pix": "photo", "picture": "photo",
        "pictures": "photo", "photos": "photo", "selfie": "photo", "selfies": "photo",
        "plz": "please", "pls": "please", "msg": "message", "msgs": "message",
        "messages": "message", "mom": "parent", "mum": "parent", "mommy": "parent",
        "dad": "parent", "daddy": "parent", "mother": "parent", "father": "parent",
        "parents": "parent", "folks": "parent", "cuz": "because", "coz": "because",
        "bc": "because", "okay": "ok", "k": "ok", "kk": "ok", "lmao": "lol", "haha": "lol",
        "hahaha": "lol", "ig": "instagram", "insta": "instagram", "snap": "snapchat",
        "sc": "snapchat", "wanna": "want", "ppl": "people", "thx": "thanks", "ty": "thanks",
        "nite": "night", "tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow",
        "bday": "birthday", "ily": "love", "luv": "love", "n": "and", "b4": "before",
        "yrs": "years", "yo": "yo", "y": "y", "o": "o",
    }
    # Ages that mark a child collapse into one token, so the model and the indicator cues
    # generalise across ages: "im 13" and "im 15" are one pattern.
    minors = {str(n): "#minor" for n in range(8, 18)}
    words = ("eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen").split()
    minors.update({w: "#minor" for w in words})
    for n in range(8, 18):
        for suffix in ("yo", "yrs", "y", "yr"):
            minors[f"{n}{suffix}"] = "#minoryo"
    grades = {f"{n}th": "#grade" for n in range(6, 13)}
    canon.update(minors)
    canon.update(grades)
    return {k: v for k, v in canon.items() if k != v}


#: Spelling variants mapped to one canonical token (slang, plurals of key nouns, numbers).
CANONICAL_TOKENS: Mapping[str, str] = _canonical_tokens()


def normalize_text(text: str) -> str:
    """Normalise one message: NFKC, case-fold, drop apostrophes and invisible characters.

    Newlines become spaces. The result is only ever used in memory for tokenising.
    """
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).replace("\u2019", "")
    return text.casefold().replace("'", "").replace("\n", " ")


def message_tokens(text: str) -> list[str]:
    """Canonical tokens of one message (the reference tokenizer)."""
    canon = CANONICAL_TOKENS
    return [canon.get(t, t) for t in _TOKEN.findall(normalize_text(text))]


def message_ngrams(text: str) -> list[str]:
    """Unigrams and bigrams of one message; bigrams never cross message boundaries."""
    tokens = message_tokens(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def document_ngrams(texts: Iterable[str]) -> list[str]:
    """The scikit-learn analyzer: n-grams of all messages one participant sent."""
    grams: list[str] = []
    for text in texts:
        grams.extend(message_ngrams(text))
    return grams


DENSE_FEATURES: tuple[str, ...] = (
    *(f"sender_{i.name.lower()}" for i in RiskIndicator),
    *(f"partner_{i.name.lower()}" for i in RiskIndicator),
    "sender_distinct_indicators",
    "sender_first_indicator_position",
    "sender_age_known",
    "sender_adult_known",
    "sender_age_scaled",
    "partner_age_known",
    "partner_minor_known",
    "partner_age_scaled",
    "age_gap_scaled",
    "age_gap_known",
    "sender_age_verified",
    "sender_age_declared",
    "sender_age_estimated",
    "partner_age_verified",
    "partner_age_declared",
    "partner_age_estimated",
    "sender_late_night_share",
    "partner_late_night_share",
    "sender_messages_log",
    "partner_messages_log",
    "sender_message_share",
    "group_conversation",
)
"""Names of the metadata and indicator features, in model input order."""

N_INDICATORS = len(RiskIndicator)
_SENDER_BITS = np.array([1 << int(i) for i in SENDER_INDICATORS], dtype=np.int64)
_SENDER_MASK = int(_SENDER_BITS.sum())


@dataclass(frozen=True, slots=True)
class Pair:
    """One scored direction: ``sender`` (older or unknown age) towards ``partner`` (likely minor)."""

    conversation_index: int
    sender: str
    partner: str


@dataclass(slots=True)
class BatchFeatures:
    """Model inputs for a batch of pairs, plus what is needed to explain a flag.

    ``ngram_ids``/``ngram_counts``/``segments`` are a sparse encoding of both n-gram
    blocks: segment ``r`` is pair ``r``'s sender block, ``B + r`` its partner block.
    """

    pairs: list[Pair]
    ngram_ids: Int64Array
    ngram_counts: Float32Array
    segments: Int64Array
    dense: Float32Array
    # Per message of the batch (text messages of gated-in conversations, in order):
    message_indicators: npt.NDArray[np.bool_]  # [n_messages, N_INDICATORS]
    message_offsets: list[int]  # start index of each conversation's messages
    messages_scored: int


class _NgramTable:
    """Maps token ids to feature ids for one vocabulary (unigrams and bigrams)."""

    def __init__(
        self, vocabulary: Sequence[str], token_index: dict[str, int], n_tokens: int, offset: int
    ) -> None:
        self.unigram = np.full(n_tokens, -1, dtype=np.int64)
        keys: list[int] = []
        fids: list[int] = []
        for fid, gram in enumerate(vocabulary):
            parts = gram.split(" ")
            if len(parts) == 1:
                self.unigram[token_index[parts[0]]] = fid + offset
            elif len(parts) == 2:
                keys.append(token_index[parts[0]] * n_tokens + token_index[parts[1]])
                fids.append(fid + offset)
            else:
                raise ValueError("vocabulary entries are unigrams or bigrams")
        order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
        self.bigram_keys = np.array(keys, dtype=np.int64)[order]
        self.bigram_ids = np.array(fids, dtype=np.int64)[order]


def _lookup(sorted_keys: Int64Array, values: Int64Array, queries: Int64Array) -> Int64Array:
    """Vectorised dictionary lookup: values for queries found in sorted_keys, else -1."""
    if sorted_keys.size == 0 or queries.size == 0:
        return np.full(queries.shape, -1, dtype=np.int64)
    pos = np.searchsorted(sorted_keys, queries)
    pos[pos == sorted_keys.size] = 0
    found = sorted_keys[pos] == queries
    return np.where(found, values[pos], -1)


class FeatureSpace:
    """The serving feature extractor, built from a model's vocabularies and the cue lexicon.

    ``sender_vocabulary`` and ``partner_vocabulary`` list n-grams in model column order.
    """

    SEP = 0
    UNK = 1

    def __init__(self, sender_vocabulary: Sequence[str], partner_vocabulary: Sequence[str]):
        cue_grams: dict[tuple[str, ...], int] = {}
        for indicator, phrases in CUES.items():
            for phrase in phrases:
                gram = tuple(message_tokens(phrase))
                if not 1 <= len(gram) <= 3:
                    raise ValueError(f"cue for {indicator.name} must be 1-3 tokens")
                cue_grams[gram] = cue_grams.get(gram, 0) | (1 << int(indicator))
        canonical: list[str] = ["\n", "<unk>"]
        index: dict[str, int] = {"\n": self.SEP}

        def add(token: str) -> None:
            if token not in index:
                index[token] = len(canonical)
                canonical.append(token)

        for vocab in (sender_vocabulary, partner_vocabulary):
            for gram in vocab:
                for token in gram.split(" "):
                    add(token)
        for cue in cue_grams:
            for token in cue:
                add(token)
        self.n_tokens = len(canonical)
        # Raw spellings map straight to their canonical id, so serving never canonicalises.
        self.token_ids: dict[str, int] = dict(index)
        for raw, canon in CANONICAL_TOKENS.items():
            if canon in index and raw not in index:
                self.token_ids[raw] = index[canon]
        self.n_sender = len(sender_vocabulary)
        self.n_partner = len(partner_vocabulary)
        self._sender = _NgramTable(sender_vocabulary, index, self.n_tokens, 0)
        self._partner = _NgramTable(partner_vocabulary, index, self.n_tokens, self.n_sender)
        self._cue_unigram = np.zeros(self.n_tokens, dtype=np.int64)
        cue_keys: dict[int, dict[int, int]] = {2: {}, 3: {}}
        for gram, mask in cue_grams.items():
            ids = [index[t] for t in gram]
            if len(ids) == 1:
                self._cue_unigram[ids[0]] |= mask
            else:
                key = 0
                for token_id in ids:
                    key = key * self.n_tokens + token_id
                cue_keys[len(ids)][key] = cue_keys[len(ids)].get(key, 0) | mask
        self._cue_keys = {}
        for n, table in cue_keys.items():
            keys = np.array(sorted(table), dtype=np.int64)
            self._cue_keys[n] = (keys, np.array([table[k] for k in keys.tolist()], dtype=np.int64))

    @property
    def n_features(self) -> int:
        """Width of the n-gram space (sender block then partner block)."""
        return self.n_sender + self.n_partner

    def featurize(
        self, conversations: Sequence[Conversation], pairs: Sequence[Sequence[tuple[str, str]]]
    ) -> BatchFeatures:
        """Compute model inputs for ``pairs[i]`` of each ``conversations[i]``.

        Only TEXT messages of the given conversations are read; the policy gate has
        already removed conversations that must not be scanned.
        """
        texts: list[str] = []
        msg_owner: list[int] = []  # global participant index of each message's sender
        msg_time: list[float] = []
        offsets: list[int] = []
        participant_base: list[int] = []
        participant_index: list[dict[str, int]] = []
        n_participants = 0
        for conv in conversations:
            offsets.append(len(texts))
            local = {p.id: n_participants + k for k, p in enumerate(conv.participants)}
            participant_index.append(local)
            participant_base.append(n_participants)
            n_participants += len(conv.participants)
            for m in conv.messages:
                texts.append(m.text)
                msg_owner.append(local[m.sender])
                msg_time.append(m.sent_at)
        n_messages = len(texts)
        tokens = _TOKEN.findall(_SEPARATOR.join([normalize_text(t) for t in texts]))
        get = self.token_ids.get
        ids = np.array([get(t, 1) for t in tokens], dtype=np.int64)
        is_sep = ids == self.SEP
        tok_msg = np.cumsum(is_sep)[~is_sep]
        tok = ids[~is_sep]
        owner = np.array(msg_owner, dtype=np.int64).reshape(-1)
        indicators = self._indicators(tok, tok_msg, n_messages)
        sender_counts = self._count(self._sender, tok, tok_msg, owner, self.n_sender)
        partner_counts = self._count(self._partner, tok, tok_msg, owner, self.n_partner)

        # Per-participant statistics for the dense features.
        n_ind = np.zeros((n_participants, N_INDICATORS), dtype=np.float64)
        n_msgs = np.zeros(n_participants, dtype=np.float64)
        n_late = np.zeros(n_participants, dtype=np.float64)
        if n_messages:
            np.add.at(n_ind, owner, indicators)
            np.add.at(n_msgs, owner, 1.0)
            hours = (np.array(msg_time, dtype=np.float64) // 3600.0) % 24
            late = np.isin(hours, list(LATE_NIGHT_HOURS))
            np.add.at(n_late, owner, late.astype(np.float64))
        first_pos = np.ones(n_participants, dtype=np.float64)
        sender_hits = indicators[:, list(SENDER_INDICATORS)].any(axis=1)
        for c, conv in enumerate(conversations):
            start = offsets[c]
            total = len(conv.messages)
            hit_rows = np.flatnonzero(sender_hits[start:start + total])
            for row in hit_rows.tolist():
                g = msg_owner[start + row]
                first_pos[g] = min(first_pos[g], row / total)

        pair_list: list[Pair] = []
        dense_rows: list[list[float]] = []
        seg_ids: list[Int64Array] = []
        seg_counts: list[npt.NDArray[np.float64]] = []
        seg_rows: list[Int64Array] = []
        n_pairs = sum(len(p) for p in pairs)
        for c, conv in enumerate(conversations):
            local = participant_index[c]
            people = {p.id: p for p in conv.participants}
            for sender, partner in pairs[c]:
                row = len(pair_list)
                gs, gp = local[sender], local[partner]
                pair_list.append(Pair(c, sender, partner))
                for (keys, fids, counts), g, seg in (
                    (sender_counts, gs, row),
                    (partner_counts, gp, n_pairs + row),
                ):
                    lo, hi = np.searchsorted(keys, [g, g + 1])
                    if hi > lo:
                        seg_ids.append(fids[lo:hi])
                        seg_counts.append(counts[lo:hi])
                        seg_rows.append(np.full(hi - lo, seg, dtype=np.int64))
                dense_rows.append(
                    _dense_row(
                        people[sender], people[partner], n_ind[gs], n_ind[gp], first_pos[gs],
                        n_msgs[gs], n_msgs[gp], n_late[gs], n_late[gp], len(conv.participants),
                    )
                )
        if seg_ids:
            ngram_ids = np.concatenate(seg_ids)
            ngram_counts = np.concatenate(seg_counts).astype(np.float32)
            segments = np.concatenate(seg_rows)
        else:
            ngram_ids = np.zeros(0, dtype=np.int64)
            ngram_counts = np.zeros(0, dtype=np.float32)
            segments = np.zeros(0, dtype=np.int64)
        dense = np.array(dense_rows, dtype=np.float32).reshape(len(pair_list), len(DENSE_FEATURES))
        return BatchFeatures(
            pairs=pair_list,
            ngram_ids=ngram_ids,
            ngram_counts=ngram_counts,
            segments=segments,
            dense=dense,
            message_indicators=indicators,
            message_offsets=offsets,
            messages_scored=n_messages,
        )

    def _indicators(
        self, tok: Int64Array, tok_msg: Int64Array, n_messages: int
    ) -> npt.NDArray[np.bool_]:
        """Per-message indicator presence from unigram, bigram and trigram cues."""
        present = np.zeros((n_messages, N_INDICATORS), dtype=np.bool_)
        hit_msgs = [tok_msg]
        hit_masks = [self._cue_unigram[tok]]
        n = self.n_tokens
        for order in (2, 3):
            if tok.size < order:
                break
            keys, masks = self._cue_keys[order]
            same = tok_msg[: tok.size - order + 1] == tok_msg[order - 1:]
            key = tok[: tok.size - order + 1].copy()
            for k in range(1, order):
                key = key * n + tok[k: tok.size - order + 1 + k]
            found = _lookup(keys, masks, key)
            found[~same] = -1
            hit = found > 0
            hit_msgs.append(tok_msg[: tok.size - order + 1][hit])
            hit_masks.append(found[hit])
        msgs = np.concatenate(hit_msgs)
        masks_all = np.concatenate(hit_masks)
        nonzero = masks_all > 0
        msgs, masks_all = msgs[nonzero], masks_all[nonzero]
        for bit in range(N_INDICATORS):
            on = (masks_all >> bit) & 1 == 1
            present[msgs[on], bit] = True
        return present

    def _count(
        self, table: _NgramTable, tok: Int64Array, tok_msg: Int64Array, owner: Int64Array,
        width: int,
    ) -> tuple[Int64Array, Int64Array, npt.NDArray[np.float64]]:
        """Count n-gram features per participant: (participant keys, feature ids, counts)."""
        uni = table.unigram[tok]
        uni_msg = tok_msg[uni >= 0]
        uni = uni[uni >= 0]
        if tok.size >= 2:
            same = tok_msg[:-1] == tok_msg[1:]
            bi = _lookup(table.bigram_keys, table.bigram_ids, tok[:-1] * self.n_tokens + tok[1:])
            bi[~same] = -1
            bi_msg = tok_msg[:-1][bi >= 0]
            bi = bi[bi >= 0]
        else:
            bi = np.zeros(0, dtype=np.int64)
            bi_msg = np.zeros(0, dtype=np.int64)
        fids = np.concatenate([uni, bi])
        who = owner[np.concatenate([uni_msg, bi_msg])] if fids.size else fids
        span = max(width, 1) + self.n_sender  # feature ids of the partner block are offset
        keys, counts = np.unique(who * span + fids, return_counts=True)
        return keys // span, keys % span, counts.astype(np.float64)


def _age_source_flags(p: Participant) -> list[float]:
    return [
        float(p.age_source is AgeSource.VERIFIED),
        float(p.age_source is AgeSource.DECLARED),
        float(p.age_source is AgeSource.ESTIMATED),
    ]


def _dense_row(
    sender: Participant,
    partner: Participant,
    sender_ind: npt.NDArray[np.float64],
    partner_ind: npt.NDArray[np.float64],
    first_position: float,
    sender_msgs: float,
    partner_msgs: float,
    sender_late: float,
    partner_late: float,
    n_participants: int,
) -> list[float]:
    s_age, p_age = sender.age, partner.age
    both = s_age is not None and p_age is not None
    gap = (s_age - p_age) / 40.0 if s_age is not None and p_age is not None else 0.0
    distinct = float(np.count_nonzero(sender_ind[list(SENDER_INDICATORS)])) / len(SENDER_INDICATORS)
    return [
        *np.log1p(sender_ind).tolist(),
        *np.log1p(partner_ind).tolist(),
        distinct,
        first_position,
        float(s_age is not None),
        float(s_age is not None and s_age >= ADULT_AGE),
        (s_age or 0) / 60.0,
        float(p_age is not None),
        float(p_age is not None and p_age < ADULT_AGE),
        (p_age or 0) / 60.0,
        gap,
        float(both),
        *_age_source_flags(sender),
        *_age_source_flags(partner),
        sender_late / sender_msgs if sender_msgs else 0.0,
        partner_late / partner_msgs if partner_msgs else 0.0,
        math.log1p(sender_msgs),
        math.log1p(partner_msgs),
        sender_msgs / (sender_msgs + partner_msgs) if sender_msgs + partner_msgs else 0.0,
        float(n_participants > 2),
    ]
