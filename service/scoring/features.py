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

import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise, repeat

import numpy as np
import numpy.typing as npt

from service.scoring.conversation import ADULT_AGE, AgeSource, Conversation, Participant
from service.scoring.indicators import CUES, SENDER_INDICATORS, STAGES, RiskIndicator

NORMALIZATION_VERSION = "norm-1"
FEATURE_VERSION = "feat-2"

# Late night (UTC): 22:00-04:59. A silence longer than SESSION_GAP_S starts a new session.
SESSION_GAP_S = 6 * 3600.0

# Zero-width and bidirectional control characters are dropped, so "se\u200bcret" reads as
# "secret" and right-to-left overrides cannot split or disguise words.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]")
# A token is a run of letters or digits (``[^\W_]+`` after normalisation). ASCII text, the
# common case, takes an equivalent byte-level path: lower-case, drop apostrophes, map every
# byte that is not [a-z0-9] to a space and split. The batch tables turn the newline that
# ends each message into the separator token b"\x01", so one split tokenises a batch.
_TOKEN = re.compile(r"[^\W_]+")
_WORD_BYTES = frozenset(range(48, 58)) | frozenset(range(97, 123))
_ASCII_TABLE = bytes(c if c in _WORD_BYTES else 32 for c in range(256))
_SEPARATOR = b"\x01"
_BATCH_TABLE = bytes(c if c in _WORD_BYTES else 1 if c == 10 else 32 for c in range(256))
_UTF8_BATCH_TABLE = bytes(
    c if c in _WORD_BYTES or c >= 128 else 1 if c == 10 else 32 for c in range(256)
)

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
    words = ["eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
             "sixteen", "seventeen"]
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


def raw_tokens(text: str) -> list[bytes]:
    """Tokens of one message before canonicalisation, as UTF-8 bytes."""
    if text.isascii():
        return text.lower().replace("'", "").encode().translate(_ASCII_TABLE).split()
    return [t.encode() for t in _TOKEN.findall(normalize_text(text))]


def message_tokens(text: str) -> list[str]:
    """Canonical tokens of one message (what the scikit-learn analyzer sees)."""
    canon = CANONICAL_TOKENS
    tokens = [t.decode() for t in raw_tokens(text)]
    return [canon.get(t, t) for t in tokens]


def message_ngrams(text: str) -> list[str]:
    """Unigrams and bigrams of one message; bigrams never cross message boundaries."""
    tokens = message_tokens(text)
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


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
    # Behaviour over time (feat-2): how the sender's signs unfold, not which words they use.
    "sender_stages_touched",
    "sender_stage_order",
    "sender_indicator_sessions_log",
    "sender_assessment_then_access",
    "partner_disclosed_before_sender_sign",
    "sender_question_share",
    "partner_question_share",
    "conversation_sessions_log",
    "conversation_span_days_log",
    "stages_x_partner_likely_minor",
    "stages_x_age_gap",
)
"""Names of the metadata and indicator features, in model input order."""

N_INDICATORS = len(RiskIndicator)
_BITS = np.arange(N_INDICATORS, dtype=np.int64)
_SENDER_COLS = np.array([int(i) for i in SENDER_INDICATORS], dtype=np.int64)
# Stage of each sender indicator (rapport 0 -> risk assessment 1 -> exclusivity 2 -> access 3).
_STAGE_OF = np.array([next(k for k, members in enumerate(STAGES) if i in members)
                      for i in SENDER_INDICATORS], dtype=np.int64)
_DISCLOSED = int(RiskIndicator.SELF_DISCLOSED_MINOR)


@dataclass(frozen=True, slots=True)
class Pair:
    """One scored direction: ``sender`` (older or unknown age) to ``partner`` (likely minor)."""

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
                cue = tuple(message_tokens(phrase))
                if not 1 <= len(cue) <= 3:
                    raise ValueError(f"cue for {indicator.name} must be 1-3 tokens")
                cue_grams[cue] = cue_grams.get(cue, 0) | (1 << int(indicator))
        canonical: list[str] = ["<sep>", "<unk>"]
        index: dict[str, int] = {"<sep>": self.SEP}

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
        self.token_ids: dict[bytes, int] = {
            t.encode(): i for t, i in index.items() if i != self.SEP
        }
        self.token_ids[_SEPARATOR] = self.SEP
        for raw, canon in CANONICAL_TOKENS.items():
            if canon in index and raw not in index:
                self.token_ids[raw.encode()] = index[canon]
        self.n_sender = len(sender_vocabulary)
        self.n_partner = len(partner_vocabulary)
        self._sender = _NgramTable(sender_vocabulary, index, self.n_tokens, 0)
        self._partner = _NgramTable(partner_vocabulary, index, self.n_tokens, self.n_sender)
        self._cue_unigram = np.zeros(self.n_tokens, dtype=np.int64)
        cue_keys: dict[int, dict[int, int]] = {2: {}, 3: {}}
        for cue, mask in cue_grams.items():
            ids = [index[t] for t in cue]
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
        owners: list[int] = []  # global participant index of each message's sender
        times: list[float] = []
        offsets: list[int] = []
        people: list[Participant] = []
        index: list[dict[str, int]] = []
        for conv in conversations:
            offsets.append(len(texts))
            local = {p.id: len(people) + k for k, p in enumerate(conv.participants)}
            index.append(local)
            people.extend(conv.participants)
            msgs = conv.messages
            texts.extend([m.text for m in msgs])
            owners.extend([local[m.sender] for m in msgs])
            times.extend([m.sent_at for m in msgs])
        n_messages = len(texts)
        n_people = len(people)
        flat, layout = self._tokenize(texts)
        ids = np.fromiter(map(self.token_ids.get, flat, repeat(self.UNK)), dtype=np.int64,
                          count=len(flat))
        tok, tok_msg = _strip_separators(ids, layout, self.SEP)
        owner = np.array(owners, dtype=np.int64)
        indicators = self._indicators(tok, tok_msg, n_messages)

        # Per-participant statistics.
        n_msgs = np.bincount(owner, minlength=n_people).astype(np.float64)
        hours = (np.array(times, dtype=np.float64) // 3600.0) % 24
        late = (hours >= 22) | (hours < 5)
        n_late = np.bincount(owner, weights=late, minlength=n_people).astype(np.float64)
        rows, cols = np.nonzero(indicators)
        n_ind = np.bincount(owner[rows] * N_INDICATORS + cols,
                            minlength=n_people * N_INDICATORS).reshape(n_people, N_INDICATORS)
        # Position of each participant's first sender-side indicator, as a share of the
        # conversation's messages (1.0 when none).
        conv_of_msg = np.repeat(np.arange(len(conversations)),
                                [len(c.messages) for c in conversations])
        hit = np.flatnonzero(indicators[:, list(SENDER_INDICATORS)].any(axis=1))
        first_pos = np.ones(n_people, dtype=np.float64)
        if hit.size:
            starts = np.array(offsets, dtype=np.int64)[conv_of_msg[hit]]
            totals = np.array([len(c.messages) for c in conversations])[conv_of_msg[hit]]
            np.minimum.at(first_pos, owner[hit], (hit - starts) / totals)

        behaviour = _behaviour(indicators, owner, conv_of_msg, np.array(times, dtype=np.float64),
                               texts, n_people, len(conversations))

        # Pairs: text blocks and dense rows.
        pair_list: list[Pair] = []
        g_sender: list[int] = []
        g_partner: list[int] = []
        group: list[float] = []
        for c, conv in enumerate(conversations):
            local = index[c]
            for sender, partner in pairs[c]:
                pair_list.append(Pair(c, sender, partner))
                g_sender.append(local[sender])
                g_partner.append(local[partner])
                group.append(float(len(conv.participants) > 2))
        n_pairs = len(pair_list)
        # Each n-gram block only needs the messages of participants in that role.
        role = np.zeros((2, n_people), dtype=np.bool_)
        role[0, g_sender] = True
        role[1, g_partner] = True
        senders, partners = role[:, owner[tok_msg]]
        sender_counts = self._count(self._sender, tok[senders], tok_msg[senders], owner,
                                    self.n_sender)
        partner_counts = self._count(self._partner, tok[partners], tok_msg[partners], owner,
                                     self.n_partner)
        ngram_ids, ngram_counts, segments = _pair_blocks(
            sender_counts, partner_counts, g_sender, g_partner
        )
        gs = np.array(g_sender, dtype=np.int64)
        gp = np.array(g_partner, dtype=np.int64)
        gc = np.array([pair.conversation_index for pair in pair_list], dtype=np.int64)
        dense = _dense(people, gs, gp, gc, n_ind, first_pos, n_msgs, n_late, group, behaviour)
        return BatchFeatures(
            pairs=pair_list,
            ngram_ids=ngram_ids,
            ngram_counts=ngram_counts,
            segments=segments,
            dense=dense.reshape(n_pairs, len(DENSE_FEATURES)),
            message_indicators=indicators,
            message_offsets=offsets,
        )

    @staticmethod
    def _tokenize(texts: Sequence[str]) -> tuple[list[bytes], list[tuple[list[int], int]]]:
        """Raw tokens of a batch, in groups of messages, each message ended by ``\x01``.

        Returns the tokens and, per group, the indices of its messages and its token
        count. Equivalent to ``raw_tokens`` per message (tokens keep their order within a
        message; groups may reorder messages). ASCII messages, the usual case, are joined,
        normalised and cut by one ``split``: the newline ending each message becomes the
        separator token. Non-ASCII messages take the same route after NFKC and
        case-folding, and only tokens holding non-ASCII bytes are re-split by the regex.
        """
        plain = [t.isascii() for t in texts]
        ascii_at = [i for i, ok in enumerate(plain) if ok]
        groups = [(ascii_at, True)]
        if len(ascii_at) != len(texts):
            groups.append(([i for i, ok in enumerate(plain) if not ok], False))
        tokens: list[bytes] = []
        layout: list[tuple[list[int], int]] = []
        for at, is_ascii in groups:
            if not at:
                continue
            joined = "\n".join([texts[i] for i in at])
            if joined.count("\n") != len(at) - 1:  # newlines inside a message are spaces
                joined = "\n".join([texts[i].replace("\n", " ") for i in at])
            joined += "\n"
            if is_ascii:
                data = joined.lower().replace("'", "").replace("\n", " \n ").encode()
                part = data.translate(_BATCH_TABLE).split()
            else:
                text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", joined)).casefold()
                data = text.replace("'", "").replace("\u2019", "").replace("\n", " \n ").encode()
                part = _resplit_non_ascii(data.translate(_UTF8_BATCH_TABLE).split())
            tokens.extend(part)
            layout.append((at, len(part)))
        return tokens, layout

    def _indicators(
        self, tok: Int64Array, tok_msg: Int64Array, n_messages: int
    ) -> npt.NDArray[np.bool_]:
        """Per-message indicator presence from unigram, bigram and trigram cues."""
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
        per_message = np.zeros(n_messages, dtype=np.int64)
        np.bitwise_or.at(per_message, msgs[nonzero], masks_all[nonzero])
        return ((per_message[:, None] >> _BITS) & 1).astype(np.bool_)

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


def shows_signs(dense: Float32Array) -> npt.NDArray[np.bool_]:
    """Per pair (row of ``dense``): whether the sender showed at least one warning sign.

    A flag needs one: reviewers judge a case by the suspect's indicator codes, and the
    Regulation asks for detection by key indicators, not by what the words are about.
    """
    return np.asarray((dense[:, _SENDER_COLS] > 0).any(axis=1), dtype=np.bool_)


def _strip_separators(
    ids: Int64Array, layout: Sequence[tuple[list[int], int]], sep: int
) -> tuple[Int64Array, Int64Array]:
    """Token ids without separators, and the message index of each token."""
    is_sep = ids == sep
    before = np.cumsum(is_sep) - is_sep  # separators before each token, over all groups
    messages = np.concatenate([np.asarray(at, dtype=np.int64) for at, _ in layout]) \
        if layout else np.zeros(0, dtype=np.int64)
    keep = ~is_sep
    return ids[keep], messages[before[keep]]


def _resplit_non_ascii(tokens: list[bytes]) -> list[bytes]:
    """Re-split tokens holding non-ASCII bytes with the reference regex (emoji, é, …)."""
    out: list[bytes] = []
    start = 0
    findall = _TOKEN.findall
    for i, tok in enumerate(tokens):
        if not tok.isascii():
            out.extend(tokens[start:i])
            out.extend(part.encode() for part in findall(tok.decode()))
            start = i + 1
    out.extend(tokens[start:])
    return out


def _pair_blocks(
    sender_counts: tuple[Int64Array, Int64Array, npt.NDArray[np.float64]],
    partner_counts: tuple[Int64Array, Int64Array, npt.NDArray[np.float64]],
    g_sender: Sequence[int],
    g_partner: Sequence[int],
) -> tuple[Int64Array, Float32Array, Int64Array]:
    """Gather each pair's sender block (segment r) and partner block (segment B + r)."""
    n_pairs = len(g_sender)
    ids: list[Int64Array] = []
    counts: list[npt.NDArray[np.float64]] = []
    segs: list[Int64Array] = []
    for (keys, fids, cnt), members, base in (
        (sender_counts, g_sender, 0),
        (partner_counts, g_partner, n_pairs),
    ):
        if not members or keys.size == 0:
            continue
        who = np.array(members, dtype=np.int64)
        lo = np.searchsorted(keys, who, side="left")
        hi = np.searchsorted(keys, who, side="right")
        sizes = hi - lo
        total = int(sizes.sum())
        if total == 0:
            continue
        # Index of every entry: lo[r] + 0..sizes[r]-1, for all rows at once.
        row = np.repeat(np.arange(n_pairs, dtype=np.int64), sizes)
        within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        take = lo[row] + within
        ids.append(fids[take])
        counts.append(cnt[take])
        segs.append(row + base)
    if not ids:
        empty = np.zeros(0, dtype=np.int64)
        return empty, np.zeros(0, dtype=np.float32), empty
    return (np.concatenate(ids), np.concatenate(counts).astype(np.float32),
            np.concatenate(segs))


@dataclass(frozen=True, slots=True)
class _Behaviour:
    """Per-participant and per-conversation statistics of how a conversation unfolds."""

    first_msg: Int64Array  # [people, N_INDICATORS] first message index of each indicator (-1)
    last_sign: Int64Array  # [people] last message index with a sender indicator (-1)
    sign_sessions: npt.NDArray[np.float64]  # [people] sessions with a sender indicator
    questions: npt.NDArray[np.float64]  # [people] messages with a question mark
    sessions: npt.NDArray[np.float64]  # [conversations]
    span_days: npt.NDArray[np.float64]  # [conversations]


def _behaviour(
    indicators: npt.NDArray[np.bool_], owner: Int64Array, conv_of_msg: Int64Array,
    times: npt.NDArray[np.float64], texts: Sequence[str], n_people: int, n_convs: int,
) -> _Behaviour:
    n = owner.size
    new = np.ones(n, dtype=np.bool_)
    if n > 1:
        new[1:] = (np.diff(times) > SESSION_GAP_S) | (conv_of_msg[1:] != conv_of_msg[:-1])
    session = np.cumsum(new) - 1
    sessions = np.bincount(conv_of_msg, weights=new, minlength=n_convs)
    start = np.full(n_convs, np.inf)
    end = np.full(n_convs, -np.inf)
    np.minimum.at(start, conv_of_msg, times)
    np.maximum.at(end, conv_of_msg, times)
    span_days = np.where(sessions > 0, (end - start) / 86400.0, 0.0)
    rows, cols = np.nonzero(indicators)  # row-major: each hit's first row comes first
    first = np.full((n_people, N_INDICATORS), -1, dtype=np.int64)
    keys, at = np.unique(owner[rows] * N_INDICATORS + cols, return_index=True)
    first.flat[keys] = rows[at]
    signed = np.flatnonzero(indicators[:, _SENDER_COLS].any(axis=1))
    last_sign = np.full(n_people, -1, dtype=np.int64)
    np.maximum.at(last_sign, owner[signed], signed)
    span = int(session[-1]) + 1 if n else 1
    owned = np.unique(owner[signed] * span + session[signed])
    sign_sessions = np.bincount(owned // span, minlength=n_people).astype(np.float64)
    asks = np.fromiter(map(operator.contains, texts, repeat("?")), dtype=np.float64, count=n)
    questions = np.bincount(owner, weights=asks, minlength=n_people).astype(np.float64)
    return _Behaviour(first, last_sign, sign_sessions, questions,
                      sessions.astype(np.float64), span_days.astype(np.float64))


def _stage_order(first: Int64Array) -> npt.NDArray[np.float64]:
    """Share of the sender's indicator pairs whose first appearances follow the stage order.

    ``first`` is [pairs, len(SENDER_INDICATORS)] first message indices (-1 = absent). Pairs
    of indicators in the same stage are not compared; 0 when nothing can be compared.
    """
    seen = first >= 0
    both = seen[:, :, None] & seen[:, None, :]
    earlier_stage = _STAGE_OF[:, None] < _STAGE_OF[None, :]
    compared = both & earlier_stage
    in_order = compared & (first[:, :, None] <= first[:, None, :])
    total = compared.sum(axis=(1, 2)).astype(np.float64)
    good = in_order.sum(axis=(1, 2)).astype(np.float64)
    share: npt.NDArray[np.float64] = np.divide(good, total, out=np.zeros_like(total),
                                               where=total > 0)
    return share


def _dense(
    people: Sequence[Participant],
    gs: Int64Array,
    gp: Int64Array,
    gc: Int64Array,
    n_ind: npt.NDArray[np.int64],
    first_pos: npt.NDArray[np.float64],
    n_msgs: npt.NDArray[np.float64],
    n_late: npt.NDArray[np.float64],
    group: Sequence[float],
    behaviour: _Behaviour,
) -> Float32Array:
    """The dense feature matrix, one row per pair, columns in DENSE_FEATURES order."""
    n = len(gs)
    if n == 0:
        return np.zeros((0, len(DENSE_FEATURES)), dtype=np.float32)
    ages = np.array([p.age if p.age is not None else -1 for p in people], dtype=np.float64)
    source = np.array([_SOURCE_CODE[p.age_source] for p in people], dtype=np.int64)
    s_age, p_age = ages[gs], ages[gp]
    s_known, p_known = s_age >= 0, p_age >= 0
    both = s_known & p_known
    sender_only = n_ind[gs][:, list(SENDER_INDICATORS)]
    s_msgs, p_msgs = n_msgs[gs], n_msgs[gp]
    total = s_msgs + p_msgs
    stage_hits = np.stack([sender_only[:, np.equal(_STAGE_OF, k)].any(axis=1)
                           for k in range(len(STAGES))], axis=1)
    stages = stage_hits.sum(axis=1) / len(STAGES)
    sender_first = behaviour.first_msg[gs][:, _SENDER_COLS]
    disclosed = behaviour.first_msg[gp, _DISCLOSED]
    last_sign = behaviour.last_sign[gs]
    likely_minor = (p_known & (p_age < ADULT_AGE)) | (n_ind[gp, _DISCLOSED] > 0)
    gap = np.where(both, np.clip(s_age - p_age, 0.0, 40.0) / 40.0, 0.5)
    columns = [
        np.log1p(n_ind[gs]),
        np.log1p(n_ind[gp]),
        (np.count_nonzero(sender_only, axis=1) / len(SENDER_INDICATORS))[:, None],
        first_pos[gs][:, None],
        s_known[:, None],
        (s_known & (s_age >= ADULT_AGE))[:, None],
        (np.where(s_known, s_age, 0.0) / 60.0)[:, None],
        p_known[:, None],
        (p_known & (p_age < ADULT_AGE))[:, None],
        (np.where(p_known, p_age, 0.0) / 60.0)[:, None],
        (np.where(both, s_age - p_age, 0.0) / 40.0)[:, None],
        both[:, None],
        *((source[gs] == code)[:, None] for code in (3, 1, 2)),
        *((source[gp] == code)[:, None] for code in (3, 1, 2)),
        np.divide(n_late[gs], s_msgs, out=np.zeros(n), where=s_msgs > 0)[:, None],
        np.divide(n_late[gp], p_msgs, out=np.zeros(n), where=p_msgs > 0)[:, None],
        np.log1p(s_msgs)[:, None],
        np.log1p(p_msgs)[:, None],
        np.divide(s_msgs, total, out=np.zeros(n), where=total > 0)[:, None],
        np.array(group, dtype=np.float64)[:, None],
        stages[:, None],
        _stage_order(sender_first)[:, None],
        np.log1p(behaviour.sign_sessions[gs])[:, None],
        (stage_hits[:, 1] & stage_hits[:, 3])[:, None],
        ((disclosed >= 0) & (disclosed < last_sign))[:, None],
        np.divide(behaviour.questions[gs], s_msgs, out=np.zeros(n), where=s_msgs > 0)[:, None],
        np.divide(behaviour.questions[gp], p_msgs, out=np.zeros(n), where=p_msgs > 0)[:, None],
        np.log1p(behaviour.sessions[gc])[:, None],
        np.log1p(behaviour.span_days[gc])[:, None],
        (stages * likely_minor)[:, None],
        (stages * gap)[:, None],
    ]
    return np.hstack(columns).astype(np.float32)


# Column order of the age-source flags: verified (3), declared (1), estimated (2).
_SOURCE_CODE = {
    AgeSource.UNKNOWN: 0,
    AgeSource.DECLARED: 1,
    AgeSource.ESTIMATED: 2,
    AgeSource.VERIFIED: 3,
}
