"""The numpy featurizer that defined ``feat-2``: the reference the compiled one must equal.

Until the compiled featurizer (``service/scoring/_featurize.c``) replaced it, this was
:meth:`service.scoring.features.FeatureSpace.featurize`. It is kept verbatim, apart from
living in a subclass, so tests can check that the compiled code gives bit-identical
feature arrays for any input (``tests/scoring/test_compiled_features.py``). Training and
serving both use the compiled :class:`~service.scoring.features.FeatureSpace`; nothing
but tests should call this class.
"""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt

from service.scoring.conversation import ADULT_AGE, AgeSource, Conversation, Participant
from service.scoring.features import (
    _INVISIBLE,
    _TOKEN,
    DENSE_FEATURES,
    N_INDICATORS,
    SESSION_GAP_S,
    BatchFeatures,
    FeatureSpace,
    Float32Array,
    Int64Array,
    NgramTable,
    Pair,
)
from service.scoring.indicators import SENDER_INDICATORS, STAGES, RiskIndicator

_WORD_BYTES = frozenset(range(48, 58)) | frozenset(range(97, 123))
_SEPARATOR = b"\x01"
_BATCH_TABLE = bytes(c if c in _WORD_BYTES else 1 if c == 10 else 32 for c in range(256))
_UTF8_BATCH_TABLE = bytes(
    c if c in _WORD_BYTES or c >= 128 else 1 if c == 10 else 32 for c in range(256)
)
_BITS = np.arange(N_INDICATORS, dtype=np.int64)
_SENDER_COLS = np.array([int(i) for i in SENDER_INDICATORS], dtype=np.int64)
# Stage of each sender indicator (rapport 0 -> risk assessment 1 -> exclusivity 2 -> access 3).
_STAGE_OF = np.array([next(k for k, members in enumerate(STAGES) if i in members)
                      for i in SENDER_INDICATORS], dtype=np.int64)
_DISCLOSED = int(RiskIndicator.SELF_DISCLOSED_MINOR)


class ReferenceFeatureSpace(FeatureSpace):
    """:class:`FeatureSpace` with the numpy ``featurize`` of ``feat-2`` (the reference)."""

    def __init__(self, sender_vocabulary: Sequence[str], partner_vocabulary: Sequence[str]):
        super().__init__(sender_vocabulary, partner_vocabulary)
        self.token_ids = {**self.token_ids, _SEPARATOR: self.SEP}

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
        self, table: NgramTable, tok: Int64Array, tok_msg: Int64Array, owner: Int64Array,
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



def _lookup(sorted_keys: Int64Array, values: Int64Array, queries: Int64Array) -> Int64Array:
    """Vectorised dictionary lookup: values for queries found in sorted_keys, else -1."""
    if sorted_keys.size == 0 or queries.size == 0:
        return np.full(queries.shape, -1, dtype=np.int64)
    pos = np.searchsorted(sorted_keys, queries)
    pos[pos == sorted_keys.size] = 0
    found = sorted_keys[pos] == queries
    return np.where(found, values[pos], -1)


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
