"""The feature contract shared by training and serving.

Everything that turns a conversation into model inputs lives here, once:

* :func:`normalize_text` and :func:`message_tokens` define how text becomes tokens;
  training's scikit-learn vectorizers call :func:`document_ngrams`, which uses them.
* :class:`FeatureSpace` computes the same n-gram counts, the risk indicators and the
  metadata ("dense") features for a whole batch of conversations in one call into
  compiled code (``_featurize.c``). Training builds its dense features with the same
  class, so the two cannot drift.

Tests check that the compiled featurizer gives bit-identical arrays to the numpy
reference it replaced (``training/reference_features.py``), and that the ONNX model
matches the scikit-learn pipeline. Bump :data:`FEATURE_VERSION` whenever an output here
changes; the model manifest records it and the loader refuses a mismatch.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

try:
    from service.scoring import _featurize
except ImportError as err:  # a source checkout whose C extension was never built
    raise ImportError(
        "service.scoring._featurize is not built: run `pip install -e .` (or "
        "`python -c 'import setuptools; setuptools.setup()' build_ext --inplace`) "
        "in the project folder; it needs a C compiler and the Python headers"
    ) from err
from service.scoring.conversation import AgeSource, Conversation, Message, Participant
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
# byte that is not [a-z0-9] to a space and split. The compiled featurizer does the same for
# ASCII messages and calls :func:`joined_tokens` for the others.
_TOKEN = re.compile(r"[^\W_]+")
_WORD_BYTES = frozenset(range(48, 58)) | frozenset(range(97, 123))
_ASCII_TABLE = bytes(c if c in _WORD_BYTES else 32 for c in range(256))

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

# Where to look for separator characters the compiled code may skip without normalising
# (punctuation, symbols, emoji), and where the decompositions that could involve them live.
_SEPARATOR_RANGES = ((0x80, 0x100), (0x2000, 0x2C00), (0x3000, 0x3040), (0x1F000, 0x1FB00))
_DECOMPOSITION_RANGES = (*_SEPARATOR_RANGES, (0x300, 0x400), (0x1F00, 0x2000))


@cache
def inert_separators() -> bytes:
    """Bitmap over code points: non-ASCII characters that tokenise as a plain separator.

    A character qualifies when :func:`normalize_text` leaves it as it is in any context
    (no decomposition, NFKC- and case-fold-stable, not combining, never part of another
    character's canonical decomposition, not invisible) and it is not a word character.
    Such characters split tokens exactly as a space would, so the compiled featurizer
    reads a message made of ASCII and these (say, text with emoji) without calling
    :func:`joined_tokens`. ``tests/scoring/test_compiled_features.py`` checks this set
    against a scan of every code point.
    """
    parts: set[int] = set()
    for lo, hi in _DECOMPOSITION_RANGES:
        for cp in range(lo, hi):
            mapping = unicodedata.decomposition(chr(cp))
            if mapping and not mapping.startswith("<"):
                parts.update(int(x, 16) for x in mapping.split())
    bitmap = bytearray(0x110000 // 8)
    for lo, hi in _SEPARATOR_RANGES:
        for cp in range(lo, hi):
            if is_inert_separator(cp, parts):
                bitmap[cp >> 3] |= 1 << (cp & 7)
    return bytes(bitmap)


def is_inert_separator(cp: int, decomposition_parts: set[int]) -> bool:
    """The test behind :func:`inert_separators`, for one code point."""
    ch = chr(cp)
    return (
        cp >= 0x80
        and unicodedata.category(ch)[0] in "SPZ"
        and cp not in decomposition_parts
        and not unicodedata.decomposition(ch)
        and not unicodedata.combining(ch)
        and _TOKEN.match(ch) is None
        and _INVISIBLE.match(ch) is None
        and ch not in "\u2019'"
        and unicodedata.normalize("NFKC", ch) == ch
        and ch.casefold() == ch
    )


def joined_tokens(text: str) -> str:
    """Tokens of one non-ASCII message, joined by spaces: what the compiled code splits.

    Tokens never contain spaces, so this is the reference tokenisation, losslessly.
    """
    return " ".join(_TOKEN.findall(normalize_text(text)))



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
_N_SENDER_COLS = len(SENDER_INDICATORS)
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


class NgramTable:
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


class FeatureSpace:
    """The feature extractor, built from a model's vocabularies and the cue lexicon.

    ``sender_vocabulary`` and ``partner_vocabulary`` list n-grams in model column order.
    The lookup tables are built here in Python and handed to the compiled featurizer once.
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
        for raw, canon in CANONICAL_TOKENS.items():
            if canon in index and raw not in index:
                self.token_ids[raw.encode()] = index[canon]
        self.n_sender = len(sender_vocabulary)
        self.n_partner = len(partner_vocabulary)
        self._sender = NgramTable(sender_vocabulary, index, self.n_tokens, 0)
        self._partner = NgramTable(partner_vocabulary, index, self.n_tokens, self.n_sender)
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
        self._compiled = _featurize.build_space(
            self.token_ids, self.n_tokens, self._cue_unigram,
            *self._cue_keys[2], *self._cue_keys[3],
            self._sender.unigram, self._sender.bigram_keys, self._sender.bigram_ids,
            self._partner.unigram, self._partner.bigram_keys, self._partner.bigram_ids,
            self.n_sender, self.n_partner, bytes(_STAGE_OF.tolist()), joined_tokens,
            _SOURCE_CODE, inert_separators(),
        )

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
        ids, counts, segments, dense64, indicators, offsets = _featurize.featurize(
            self._compiled, conversations, pairs
        )
        dense = np.frombuffer(dense64, dtype=np.float64).reshape(-1, len(DENSE_FEATURES))
        # log1p stays in numpy (the reference's own ufunc loop), so values stay bit-identical.
        np.log1p(dense, out=dense, where=_LOG_MASK)
        return BatchFeatures(
            pairs=[Pair(c, sender, partner)
                   for c, conv_pairs in enumerate(pairs) for sender, partner in conv_pairs],
            ngram_ids=np.frombuffer(ids, dtype=np.int64),
            ngram_counts=np.frombuffer(counts, dtype=np.float32),
            segments=np.frombuffer(segments, dtype=np.int64),
            dense=dense.astype(np.float32),
            message_indicators=np.frombuffer(indicators, dtype=np.bool_).reshape(-1, N_INDICATORS),
            message_offsets=offsets,
        )


def shows_signs(dense: Float32Array) -> npt.NDArray[np.bool_]:
    """Per pair (row of ``dense``): whether the sender showed at least one warning sign.

    A flag needs one: reviewers judge a case by the suspect's indicator codes, and the
    Regulation asks for detection by key indicators, not by what the words are about.
    """
    # The sender's indicator counts are the first columns (checked at import below); a
    # slice is a view, where indexing by a column list would copy.
    return np.asarray(dense[:, :_N_SENDER_COLS].max(axis=1, initial=0.0) > 0, dtype=np.bool_)


# Dense columns the compiled code leaves as raw counts or days, for np.log1p above.
_LOG_COLUMNS: Int64Array = np.array(
    [k for k, name in enumerate(DENSE_FEATURES)
     if name.startswith(("sender_", "partner_")) and name.removeprefix("sender_")
     .removeprefix("partner_") in {i.name.lower() for i in RiskIndicator}]
    + [DENSE_FEATURES.index(name) for name in (
        "sender_messages_log", "partner_messages_log", "sender_indicator_sessions_log",
        "conversation_sessions_log", "conversation_span_days_log")],
    dtype=np.int64,
)
_LOG_MASK = np.isin(np.arange(len(DENSE_FEATURES)), _LOG_COLUMNS)

# Age-source codes the compiled code compares: verified (3), declared (1), estimated (2).
_SOURCE_CODE = {
    AgeSource.UNKNOWN: 0,
    AgeSource.DECLARED: 1,
    AgeSource.ESTIMATED: 2,
    AgeSource.VERIFIED: 3,
}
# The compiled code hard-codes these layouts (and reads Participant and Message fields by
# position); fail at import if they ever change.
if (len(RiskIndicator) != 11 or len(DENSE_FEATURES) != 55
        or [int(i) for i in SENDER_INDICATORS] != list(range(10)) or len(STAGES) != 4
        or _DISCLOSED != 10 or Participant._fields[:3] != ("id", "age", "age_source")
        or Message._fields[:4] != ("id", "sender", "sent_at", "text")):
    raise ImportError("features.py and _featurize.c disagree on the feature layout")
