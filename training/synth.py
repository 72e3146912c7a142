"""Synthetic training corpus generator for grooming-risk.

Produces canonical JSONL-style conversation records (see ``generate``) that
mix *positives* (an adult or unknown-age participant showing non-explicit
grooming warning signs towards a minor, as described in child-safety
educator material) with *negatives*, at least half of which are hard
negatives sharing surface words with positives (surprise parties, handle
swaps, parents, coaches, grandparents, gaming teammates, ...).

Only the conversation-flow logic lives here; all surface wording comes from
one of two independently written phrase banks (``training.phrasebanks``), so a
model can be trained on bank ``a`` and evaluated on bank ``b``.

Content rule: the data never contains sexual content.  ``DENY_RE`` is the
deny-list used by the tests; the noise step also guards against it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from training.phrasebanks import Bank, common, get_bank

__all__ = [
    "BANKS",
    "DENY_RE",
    "NEG_WEIGHTS",
    "SIGN_KEYS",
    "generate",
    "write_jsonl",
]

BANKS: tuple[str, ...] = ("a", "b")
SIGN_KEYS: tuple[str, ...] = common.SIGN_KEYS

#: Deny-list for the content rule (used by tests and as a noise guard).
DENY_RE = re.compile(
    r"\b(sex\w*|nude\w*|naked|porn\w*|horny|genital\w*|breast\w*|orgasm\w*|kiss\w*|"
    r"undress\w*|lingerie|bra|panties|underwear|bed ?room)\b",
    re.IGNORECASE,
)

Record = dict[str, Any]

#: Relative weights of negative categories (hard negatives >= half the mass).
NEG_WEIGHTS: dict[str, float] = {
    "teen_surprise": 10.0,
    "peer_handles": 9.0,
    "adult_dating": 8.0,
    "parent_child": 11.0,
    "coach_tutor": 10.0,
    "grandparent_gift": 7.0,
    "gaming_teammates": 10.0,
    "customer_support": 6.0,
    "coworkers": 7.0,
    "benign_kids": 8.0,
    "benign_adults": 7.0,
    "family_logistics": 7.0,
}

_SOURCES_KNOWN: tuple[str, ...] = ("declared", "estimated", "verified")

# Rough escalation stage of each sign (0 = early, 3 = late); jittered per
# conversation so the order varies.
_SIGN_STAGE: dict[str, float] = {
    "FLATTERY_MATURITY": 0.3,
    "AGE_PROBE": 0.4,
    "SCHOOL_OR_LOCATION_PROBE": 0.9,
    "PRIVACY_CHECK": 1.4,
    "ISOLATION": 1.6,
    "PLATFORM_SWITCH": 1.7,
    "GIFT_OFFER": 2.0,
    "SECRECY": 2.2,
    "PHOTO_REQUEST": 2.5,
    "MEETING_REQUEST": 2.9,
}

_START = datetime(2024, 1, 1, tzinfo=UTC)
_START_SPAN_DAYS = 670

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _derive(*parts: object) -> int:
    """Stable 64-bit seed from arbitrary parts (independent of PYTHONHASHSEED)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


@dataclass(frozen=True)
class Style:
    """Per-speaker probabilities for surface noise."""

    lower: float
    slang: float
    apos: float
    typo: float
    emoji: float
    shout: float
    endpunct: float

    def jitter(self, rng: random.Random) -> Style:
        def j(x: float) -> float:
            return _clamp(x * rng.uniform(0.55, 1.35))

        return Style(
            j(self.lower),
            j(self.slang),
            j(self.apos),
            j(self.typo),
            j(self.emoji),
            j(self.shout),
            j(self.endpunct),
        )


_STYLES: dict[str, Style] = {
    "kid": Style(lower=0.6, slang=0.4, apos=0.6, typo=0.09, emoji=0.3, shout=0.06, endpunct=0.7),
    "teen": Style(
        lower=0.75, slang=0.65, apos=0.7, typo=0.07, emoji=0.22, shout=0.05, endpunct=0.8
    ),
    "adult": Style(
        lower=0.2, slang=0.12, apos=0.15, typo=0.04, emoji=0.12, shout=0.02, endpunct=0.35
    ),
    "elder": Style(
        lower=0.04, slang=0.0, apos=0.05, typo=0.06, emoji=0.15, shout=0.04, endpunct=0.1
    ),
    "agent": Style(lower=0.0, slang=0.0, apos=0.0, typo=0.01, emoji=0.01, shout=0.0, endpunct=0.05),
    # an adult imitating a teen's register
    "mimic": Style(
        lower=0.6, slang=0.5, apos=0.55, typo=0.05, emoji=0.22, shout=0.03, endpunct=0.7
    ),
}

_SLANG_CACHE: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}


def _slang_table(bank: Bank) -> tuple[re.Pattern[str], dict[str, str]]:
    cached = _SLANG_CACHE.get(bank.name)
    if cached is not None:
        return cached
    table = {src.lower(): dst for src, dst in bank.slang}
    alts = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in alts) + r")\b", re.IGNORECASE)
    _SLANG_CACHE[bank.name] = (pattern, table)
    return pattern, table


_STRETCH_RE = re.compile(
    r"\b(so|no|yes|ok|omg|lol|hey|pls|yay|hi|what|nice|same|ugh|wow)\b", re.IGNORECASE
)
_WORD_RE = re.compile(r"[A-Za-z]{4,}")
_SLOT_RE = re.compile(r"\{(\w+)\}")


def _typo(text: str, rng: random.Random) -> str:
    words = list(_WORD_RE.finditer(text))
    if not words:
        return text
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.4:
        nw = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    elif op < 0.75:
        nw = w[:i] + w[i + 1 :]
    else:
        nw = w[:i] + w[i] + w[i:]
    return text[: m.start()] + nw + text[m.end() :]


def _noisy(text: str, style: Style, rng: random.Random, bank: Bank) -> str:
    out = text
    if rng.random() < style.slang:
        pattern, table = _slang_table(bank)

        def repl(m: re.Match[str]) -> str:
            if rng.random() < 0.8:
                return table[m.group(0).lower()]
            return m.group(0)

        out = pattern.sub(repl, out)
    if rng.random() < style.apos:
        out = out.replace("'", "")
    if rng.random() < style.lower:
        out = out.lower()
    elif len(out) < 40 and rng.random() < style.shout:
        out = out.upper()
    if rng.random() < style.shout * 2:
        out = _STRETCH_RE.sub(
            lambda m: m.group(0) + m.group(0)[-1] * rng.randint(2, 4), out, count=1
        )
    if rng.random() < style.typo:
        out = _typo(out, rng)
    if out.endswith(".") and not out.endswith("..") and rng.random() < style.endpunct:
        out = out[:-1]
    elif out.endswith("?") and rng.random() < style.shout:
        out = out + "??"
    if rng.random() < style.emoji:
        em = rng.choice(bank.emoji)
        if rng.random() < 0.12:
            em = em * rng.randint(2, 3)
        out = f"{out} {em}" if rng.random() < 0.85 else f"{em} {out}"
    if out != text and DENY_RE.search(out):
        return text
    return out.strip() or text


# ---------------------------------------------------------------------------
# Participants, slots and the conversation builder
# ---------------------------------------------------------------------------


@dataclass
class _Person:
    pid: str
    age: int  # true age (used only to fill text slots)
    shown_age: int | None
    source: str
    kind: str
    style: Style

    def as_record(self) -> dict[str, Any]:
        return {"id": self.pid, "age": self.shown_age, "age_source": self.source}


def _make_person(
    rng: random.Random, pid: str, age: int, *, p_unknown: float, kind: str, style_kind: str
) -> _Person:
    if rng.random() < p_unknown:
        shown: int | None = None
        source = "unknown"
    else:
        shown = age
        source = rng.choices(_SOURCES_KNOWN, weights=(0.5, 0.32, 0.18))[0]
    return _Person(pid, age, shown, source, kind, _STYLES[style_kind].jitter(rng))


def _adult_age(rng: random.Random, lo: int, hi: int) -> int:
    return lo + int(rng.betavariate(1.8, 2.6) * (hi - lo + 1))


def _make_ctx(rng: random.Random, young_age: int) -> dict[str, str]:
    app = rng.choice(common.APPS)
    ctx = {
        "name": rng.choice(common.FIRST_NAMES),
        "name2": rng.choice(common.FIRST_NAMES),
        "kid": rng.choice(common.FIRST_NAMES),
        "adult": rng.choice(common.ADULT_NAMES),
        "game": rng.choice(common.GAMES),
        "artist": rng.choice(common.ARTISTS),
        "show": rng.choice(common.SHOWS),
        "sport": rng.choice(common.SPORTS),
        "subject": rng.choice(common.SUBJECTS),
        "hobby": rng.choice(common.HOBBIES),
        "instrument": rng.choice(common.INSTRUMENTS),
        "place": rng.choice(common.PLACES),
        "store": rng.choice(common.STORES),
        "app": app,
        "app_short": common.APP_SHORT[app],
        "card": rng.choice(common.GIFT_CARDS),
        "currency": rng.choice(common.GAME_CURRENCY),
        "gift": rng.choice(common.GIFT_ITEMS),
        "amount": rng.choice(common.AMOUNTS),
        "pet": rng.choice(common.PETS),
        "food": rng.choice(common.FOODS),
        "city": rng.choice(common.CITIES),
        "school": rng.choice(common.SCHOOLS),
        "team": rng.choice(common.TEAMS),
        "product": rng.choice(common.PRODUCTS),
        "day": rng.choice(common.DAYS),
        "time": rng.choice(common.TIMES),
        "work": rng.choice(common.WORKPLACES),
        "parent": rng.choice(common.PARENT_SHORT),
        "sibling": rng.choice(common.SIBLINGS),
        "gp": rng.choice(common.GRANDPARENT_WORDS),
        "handle": rng.choice(common.HANDLE_WORDS)
        + rng.choice(("", "_", ".", "x"))
        + str(rng.randint(1, 999)),
        "order": str(rng.randint(100000, 9999999)),
        "n": str(rng.randint(2, 9)),
        "age": str(young_age),
        "grade": _ordinal(max(1, young_age - 5)),
        "year": str(max(1, young_age - 4)),
    }
    return ctx


class _Conv:
    """Accumulates messages with a monotone clock and per-pool de-duplication."""

    def __init__(self, rng: random.Random, bank: Bank, ctx: dict[str, str], night: float) -> None:
        self.rng = rng
        self.bank = bank
        self.ctx = ctx
        self.night = night
        self.messages: list[dict[str, str]] = []
        self.last_key: str | None = None
        self.last_sender: str | None = None
        self._used: dict[str, set[int]] = {}
        day = rng.randrange(_START_SPAN_DAYS)
        self.clock = _START + timedelta(
            days=day, hours=self._hour(), minutes=rng.randrange(60), seconds=rng.randrange(60)
        )

    # -- time -------------------------------------------------------------
    def _hour(self) -> int:
        if self.rng.random() < self.night:
            return self.rng.choices((22, 23, 0, 1, 2, 3, 4), weights=(3, 3, 3, 2, 1.5, 1, 0.5))[0]
        return self.rng.choices(
            range(7, 22), weights=(1, 1, 1, 1, 1, 1, 1.5, 2, 3, 3, 3, 3, 3, 3, 2.5)
        )[0]

    def advance(self, kind: str = "auto") -> None:
        rng = self.rng
        if kind == "auto":
            r = rng.random()
            kind = "reply" if r < 0.72 else "pause" if r < 0.92 else "long" if r < 0.985 else "days"
        if kind == "reply":
            self.clock += timedelta(seconds=rng.randint(4, 110))
        elif kind == "pause":
            self.clock += timedelta(seconds=rng.randint(120, 1500))
        elif kind == "long":
            self.clock += timedelta(seconds=rng.randint(1800, 4 * 3600))
        else:  # days
            nxt = self.clock + timedelta(days=rng.choice((1, 1, 1, 2, 3)))
            hour = self._hour()
            base = nxt.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
            if hour < 5:  # "night of day N" means early hours of the next date
                base += timedelta(days=1)
            self.clock = max(self.clock + timedelta(minutes=1), base)

    # -- text -------------------------------------------------------------
    def fill(self, template: str) -> str:
        def repl(m: re.Match[str]) -> str:
            key = m.group(1)
            if key == "emoji":
                return self.rng.choice(self.bank.emoji)
            return self.ctx.get(key, m.group(0))

        return _SLOT_RE.sub(repl, template)

    def pick(self, pool: Sequence[str], pool_key: str) -> str:
        used = self._used.setdefault(pool_key, set())
        if len(used) >= len(pool):
            used.clear()
        while True:
            i = self.rng.randrange(len(pool))
            if i not in used:
                used.add(i)
                return pool[i]

    def remaining(self, pool: Sequence[str], pool_key: str) -> int:
        return len(pool) - len(self._used.get(pool_key, ()))

    def phrase(self, key: str) -> str:
        return self.fill(self.pick(self.bank.phrases[key], key))

    def say(self, who: _Person, text: str, gap: str = "auto", key: str | None = None) -> str:
        if self.messages:
            self.advance(gap)
        mid = f"m{len(self.messages) + 1}"
        self.messages.append(
            {
                "id": mid,
                "sender": who.pid,
                "sent_at": self.clock.isoformat(timespec="seconds")[:19] + "Z",
                "text": _noisy(text, who.style, self.rng, self.bank),
            }
        )
        self.last_key = key
        self.last_sender = who.pid
        return mid

    def __len__(self) -> int:
        return len(self.messages)


def _pids(rng: random.Random, k: int) -> list[str]:
    return [f"u{n}" for n in rng.sample(range(1, 1000), k)]


# ---------------------------------------------------------------------------
# Positives
# ---------------------------------------------------------------------------

_MAX_MSGS = 60


def _order_signs(rng: random.Random, k: int) -> list[str]:
    chosen = rng.sample(SIGN_KEYS, k)
    return sorted(chosen, key=lambda s: _SIGN_STAGE[s] + rng.uniform(-1.3, 1.3))


_SMALL_KEYS = ("SMALL_Q", "SMALL_A", "SMALL_REACT", "TEEN_ACK")


def _small_turn(conv: _Conv, speaker: _Person, role: str, rng: random.Random) -> None:
    """One neutral small-talk message; answers questions, reacts to statements."""
    answering = conv.last_sender not in (None, speaker.pid)
    if answering and conv.last_key == "SMALL_Q":
        weights: tuple[float, ...] = (0.05, 0.75, 0.08, 0.12)
    elif answering and conv.last_key == "SMALL_A":
        weights = (0.35, 0.25, 0.3, 0.1) if role == "offender" else (0.2, 0.35, 0.3, 0.15)
    elif role == "offender":
        weights = (0.6, 0.3, 0.1, 0.0)
    else:
        weights = (0.25, 0.5, 0.15, 0.1)
    key = rng.choices(_SMALL_KEYS, weights=weights)[0]
    conv.say(speaker, conv.phrase(key), key=key)


def _build_positive(rng: random.Random, bank: Bank, conv_id: str) -> Record:
    child_age = rng.randint(10, 16)
    off_age = _adult_age(rng, 18, 60)
    pid_off, pid_child = _pids(rng, 2)
    offender = _make_person(
        rng,
        pid_off,
        off_age,
        p_unknown=0.32,
        kind="adult",
        style_kind="mimic" if rng.random() < 0.5 else "adult",
    )
    child = _make_person(
        rng,
        pid_child,
        child_age,
        p_unknown=0.25,
        kind="kid",
        style_kind="kid" if child_age < 13 else "teen",
    )
    ctx = _make_ctx(rng, child_age)
    conv = _Conv(rng, bank, ctx, night=0.5)

    # Who opens, and how much small talk first.
    if rng.random() < 0.75:
        conv.say(offender, conv.phrase("SMALL_OPEN"))
        turn = child
    else:
        conv.say(child, conv.phrase("SMALL_OPEN"))
        turn = offender
    n_small = rng.choice((2, 3, 4, 4, 5, 6, 6, 7, 8, 9, 10, 12, 14))
    p_disclose = 0.8 if child.shown_age is None else 0.35
    disclosed = False

    def other(p: _Person) -> _Person:
        return child if p is offender else offender

    for _ in range(n_small):
        if not disclosed and turn is child and rng.random() < p_disclose * 0.18:
            conv.say(child, conv.phrase("SELF_DISCLOSED_MINOR"))
            disclosed = True
        else:
            _small_turn(conv, turn, "offender" if turn is offender else "child", rng)
        turn = other(turn) if rng.random() < 0.8 else turn

    profile = rng.choices(("subtle", "medium", "dense"), weights=(0.3, 0.4, 0.3))[0]
    k = {"subtle": rng.randint(2, 3), "medium": rng.randint(4, 5), "dense": rng.randint(6, 8)}[
        profile
    ]
    gap_range = {"subtle": (2, 7), "medium": (1, 4), "dense": (0, 2)}[profile]
    signs = _order_signs(rng, k)
    if profile == "dense" and rng.random() < 0.4:
        # revisit one of the late signs later in the chat
        signs.append(rng.choice(signs[len(signs) // 2 :]))

    first_risk: str | None = None
    used_signs: list[str] = []
    for idx, sign in enumerate(signs):
        if len(conv) >= _MAX_MSGS - 4 and len(used_signs) >= 2:
            break
        n_gap = rng.randint(*gap_range)
        if idx == 0:
            n_gap = min(n_gap, 2)
        if profile == "subtle" and idx > 0 and rng.random() < 0.35:
            conv.advance("days")
        turn = rng.choice((offender, child))
        for _ in range(n_gap):
            if len(conv) >= _MAX_MSGS - 6:
                break
            if not disclosed and turn is child and rng.random() < p_disclose * 0.3:
                conv.say(child, conv.phrase("SELF_DISCLOSED_MINOR"))
                disclosed = True
            else:
                _small_turn(conv, turn, "offender" if turn is offender else "child", rng)
            turn = other(turn) if rng.random() < 0.8 else turn

        mid = conv.say(offender, conv.phrase(sign))
        if first_risk is None:
            first_risk = mid
        if sign not in used_signs:
            used_signs.append(sign)
        if rng.random() < 0.22:
            conv.say(offender, conv.phrase(sign), gap="reply")
        if rng.random() < 0.88:
            conv.say(child, conv.phrase("REPLY_" + sign))
        else:
            conv.say(child, conv.phrase(rng.choice(("TEEN_ACK", "SMALL_REACT"))))
        if (
            not disclosed
            and sign in ("AGE_PROBE", "SCHOOL_OR_LOCATION_PROBE", "PRIVACY_CHECK")
            and rng.random() < p_disclose
        ):
            conv.say(child, conv.phrase("SELF_DISCLOSED_MINOR"), gap="reply")
            disclosed = True
        if sign == "AGE_PROBE":
            disclosed = True  # the reply pool states age / grade
        if rng.random() < 0.3:
            conv.say(offender, conv.phrase("OFFENDER_SOFTEN"))

    # Wind-down.
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        if len(conv) >= _MAX_MSGS - 1:
            break
        _small_turn(conv, rng.choice((offender, child)), "child", rng)
    if len(conv) < _MAX_MSGS and rng.random() < 0.5:
        conv.say(rng.choice((offender, child)), conv.phrase("SMALL_CLOSE"))

    assert first_risk is not None
    return {
        "conversation_id": conv_id,
        "participants": [offender.as_record(), child.as_record()],
        "messages": conv.messages,
        "label": {
            "suspicious": True,
            "offender": offender.pid,
            "first_risk_message": first_risk,
            "signs": used_signs,
        },
        "category": "grooming",
    }


# ---------------------------------------------------------------------------
# Negatives
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Role:
    kind: str  # kid | teen | adult | elder | agent
    lo: int
    hi: int
    p_unknown: float


@dataclass(frozen=True)
class _NegSpec:
    a: _Role
    b: _Role
    c: _Role | None = None
    p_third: float = 0.0
    night: float = 0.08
    length: tuple[int, int, int] = (8, 16, 34)  # lo, mode, hi
    p_core: float = 0.7  # chance a turn uses a category line when available
    disclose: float = 0.0  # chance a young speaker states age/grade once


_TEEN = _Role("teen", 13, 16, 0.12)
_ADULT = _Role("adult", 21, 62, 0.1)

_NEG_SPECS: dict[str, _NegSpec] = {
    "teen_surprise": _NegSpec(
        _TEEN, _TEEN, _TEEN, p_third=0.3, night=0.3, length=(8, 22, 45), disclose=0.15
    ),
    "peer_handles": _NegSpec(
        _Role("teen", 12, 17, 0.35),
        _Role("teen", 12, 17, 0.35),
        night=0.4,
        length=(8, 20, 40),
        disclose=0.35,
    ),
    "adult_dating": _NegSpec(
        _Role("adult", 20, 55, 0.2), _Role("adult", 20, 55, 0.2), night=0.35, length=(8, 24, 55)
    ),
    "parent_child": _NegSpec(
        _Role("adult", 28, 55, 0.05), _Role("kid", 8, 16, 0.08), night=0.12, length=(8, 20, 42)
    ),
    "coach_tutor": _NegSpec(
        _Role("adult", 22, 60, 0.05),
        _Role("kid", 9, 16, 0.08),
        _Role("adult", 30, 55, 0.05),
        p_third=0.45,
        night=0.05,
        length=(8, 22, 45),
    ),
    "grandparent_gift": _NegSpec(
        _Role("elder", 55, 78, 0.05), _Role("kid", 8, 16, 0.08), night=0.05, length=(8, 16, 34)
    ),
    "coworkers": _NegSpec(_ADULT, _ADULT, _ADULT, p_third=0.25, night=0.4, length=(8, 22, 50)),
    "customer_support": _NegSpec(
        _Role("agent", 20, 50, 0.6),
        _Role("adult", 18, 75, 0.3),
        night=0.15,
        length=(8, 16, 34),
        p_core=0.9,
    ),
    "gaming_teammates": _NegSpec(
        _Role("teen", 12, 30, 0.65),
        _Role("teen", 12, 30, 0.65),
        _Role("teen", 12, 30, 0.65),
        p_third=0.3,
        night=0.6,
        length=(8, 26, 58),
        disclose=0.3,
    ),
    "benign_kids": _NegSpec(
        _Role("kid", 9, 14, 0.1),
        _Role("kid", 9, 14, 0.1),
        _Role("kid", 9, 14, 0.1),
        p_third=0.25,
        night=0.06,
        length=(8, 20, 45),
        disclose=0.2,
    ),
    "benign_adults": _NegSpec(_ADULT, _ADULT, night=0.15, length=(8, 22, 50)),
    "family_logistics": _NegSpec(
        _Role("adult", 30, 55, 0.05),
        _Role("adult", 30, 58, 0.05),
        _Role("teen", 11, 17, 0.08),
        p_third=0.4,
        night=0.08,
        length=(8, 14, 34),
    ),
}

#: Filler pools for adult speakers (kids/teens use ``_small_turn``).
_FILLERS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "adult": (("ADULT_SMALL", "ADULT_ACK", "OFFENDER_SOFTEN"), (0.45, 0.45, 0.1)),
    "elder": (("ADULT_SMALL", "ADULT_ACK"), (0.4, 0.6)),
    "agent": (("ADULT_ACK",), (1.0,)),
}


#: Child reply pools that fit a negative category's context (e.g. a teammate answering
#: "how old r u", a kid promising not to spoil a surprise, a grandchild thanking for a gift),
#: so the generic child replies are not exclusive to positives.
_NEG_REPLIES: dict[str, tuple[str, ...]] = {
    "gaming_teammates": ("REPLY_AGE_PROBE", "REPLY_PLATFORM_SWITCH"),
    "peer_handles": ("REPLY_AGE_PROBE", "REPLY_PLATFORM_SWITCH"),
    "teen_surprise": ("REPLY_SECRECY",),
    "parent_child": ("REPLY_SECRECY",),
    "grandparent_gift": ("REPLY_GIFT_OFFER", "REPLY_SECRECY"),
    "coach_tutor": ("REPLY_FLATTERY_MATURITY",),
}

#: Child replies that only make sense towards a stranger (pushback, parents' rules) are
#: not reused in negatives.
_NEG_REPLY_EXCLUDE = re.compile(
    r"\b(moms?|mums?|dad|parents?|weird|sus|lying|allowed|trouble|comfortable|found|why|y|"
    r"they|tho|idk|ask)\b",
    re.IGNORECASE,
)
_NEG_REPLY_CACHE: dict[tuple[str, str], list[str]] = {}


def _neg_reply_pool(bank: Bank, key: str) -> list[str]:
    cached = _NEG_REPLY_CACHE.get((bank.name, key))
    if cached is None:
        cached = [x for x in bank.phrases[key] if not _NEG_REPLY_EXCLUDE.search(x)]
        _NEG_REPLY_CACHE[(bank.name, key)] = cached
    return cached


#: Chance a negative opens with a generic online opener instead of a category one.
_GENERIC_OPEN: dict[str, float] = {
    "peer_handles": 0.35,
    "gaming_teammates": 0.3,
    "benign_kids": 0.15,
}

#: Categories where an adult talks to a child / customer: no adult chit-chat filler.
_ACK_ONLY: frozenset[str] = frozenset(
    {"parent_child", "coach_tutor", "grandparent_gift", "customer_support"}
)


def _build_negative(rng: random.Random, bank: Bank, conv_id: str, category: str) -> Record:
    spec = _NEG_SPECS[category]
    roles: list[tuple[str, _Role]] = [("a", spec.a), ("b", spec.b)]
    if spec.c is not None and rng.random() < spec.p_third:
        roles.append(("c", spec.c))
        if category in ("benign_kids", "gaming_teammates") and rng.random() < 0.3:
            roles.append(("c", spec.c))  # a fourth group member sharing role c
    pids = _pids(rng, len(roles))
    people: list[tuple[str, _Person]] = []
    for (section, role), pid in zip(roles, pids, strict=True):
        if role.kind in ("adult", "elder", "agent"):
            age = _adult_age(rng, role.lo, role.hi)
        elif category in ("teen_surprise", "benign_kids", "peer_handles") and people:
            # friends are close in age
            base = people[0][1].age
            age = max(role.lo, min(role.hi, base + rng.choice((-1, 0, 0, 1))))
        else:
            age = rng.randint(role.lo, role.hi)
        style = "kid" if role.kind in ("kid", "teen") and age < 13 else role.kind
        if role.kind == "teen" and age >= 18:
            style = "teen" if rng.random() < 0.7 else "adult"
        people.append(
            (
                section,
                _make_person(
                    rng, pid, age, p_unknown=role.p_unknown, kind=role.kind, style_kind=style
                ),
            )
        )

    young = [p.age for _, p in people if p.kind in ("kid", "teen")]
    ctx = _make_ctx(rng, min(young) if young else people[-1][1].age)
    conv = _Conv(rng, bank, ctx, night=spec.night)
    sections = bank.negatives[category]

    lo, mode, hi = spec.length
    target = int(rng.triangular(lo, hi, mode))
    if rng.random() < 0.07:
        target = rng.randint(hi, _MAX_MSGS)
    target = max(8, min(_MAX_MSGS, target))

    def turn(section: str, person: _Person) -> None:
        pool = sections[section]
        key = f"{category}:{section}"
        p_core = 1.0 if conv.last_key in ("ADULT_ACK", "TEEN_ACK", "SMALL_REACT") else spec.p_core
        if conv.remaining(pool, key) > 0 and rng.random() < p_core:
            conv.say(person, conv.fill(conv.pick(pool, key)), key=key)
        elif person.kind in ("kid", "teen"):
            r = rng.random()
            replies = _NEG_REPLIES.get(category, ())
            pool_r = _neg_reply_pool(bank, rng.choice(replies)) if replies else []
            if pool_r and r < 0.25:
                conv.say(person, conv.fill(conv.pick(pool_r, "neg-reply")), key="REPLY")
            elif r > 0.94:
                conv.say(person, conv.phrase("OFFENDER_SOFTEN"), key="OFFENDER_SOFTEN")
            else:
                _small_turn(conv, person, "child", rng)
        elif person.kind in ("adult", "elder") and category in _ACK_ONLY:
            conv.say(person, conv.phrase("ADULT_ACK"), key="ADULT_ACK")
        else:
            keys, weights = _FILLERS[person.kind]
            k = rng.choices(keys, weights=weights)[0]
            conv.say(person, conv.phrase(k), key=k)

    first = people[0][1]
    if rng.random() < _GENERIC_OPEN.get(category, 0.0):
        conv.say(first, conv.phrase("SMALL_OPEN"), key="SMALL_OPEN")
    else:
        conv.say(first, conv.fill(conv.pick(sections["open"], f"{category}:open")))
    disclosed = False
    last = 0
    close_at = target - (1 if rng.random() < 0.75 else 0)
    while len(conv) < close_at:
        if len(people) == 2:
            nxt = 1 - last if rng.random() < 0.8 else last
        else:
            nxt = (
                last
                if rng.random() < 0.15
                else rng.choice([i for i in range(len(people)) if i != last])
            )
        section, person = people[nxt]
        if (
            not disclosed
            and spec.disclose
            and person.kind in ("kid", "teen")
            and person.age < 18
            and rng.random() < spec.disclose / 4
        ):
            conv.say(person, conv.phrase("SELF_DISCLOSED_MINOR"))
            disclosed = True
        else:
            turn(section, person)
        last = nxt
    if len(conv) < target:
        _, closer = rng.choice(people)
        conv.say(closer, conv.fill(conv.pick(sections["close"], f"{category}:close")))

    return {
        "conversation_id": conv_id,
        "participants": [p.as_record() for _, p in people],
        "messages": conv.messages,
        "label": {"suspicious": False, "offender": None, "first_risk_message": None},
        "category": category,
    }


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _allocate(n: int, weights: dict[str, float], rng: random.Random) -> list[str]:
    """Largest-remainder allocation of ``n`` items to weighted categories."""
    total = sum(weights.values())
    exact = {k: n * w / total for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    rest = n - sum(counts.values())
    order = sorted(weights, key=lambda k: (exact[k] - counts[k], rng.random()), reverse=True)
    for k in order[:rest]:
        counts[k] += 1
    out = [k for k in weights for _ in range(counts[k])]
    rng.shuffle(out)
    return out


def generate(n: int, seed: int, bank: str = "a", positive_share: float = 0.35) -> list[Record]:
    """Generate ``n`` synthetic conversations from phrase bank ``bank``.

    Deterministic for ``(n, seed, bank, positive_share)``.  Exactly
    ``round(n * positive_share)`` records are positives (category
    ``"grooming"``); negatives are spread over ``NEG_WEIGHTS``.  Conversation
    ids look like ``"a-s7-000012"`` (bank, seed, index).
    """
    if bank not in BANKS:
        raise ValueError(f"unknown bank {bank!r}; expected one of {BANKS}")
    if n < 0:
        raise ValueError("n must be >= 0")
    if not 0.0 <= positive_share <= 1.0:
        raise ValueError("positive_share must be in [0, 1]")
    phrase_bank = get_bank(bank)
    master = random.Random(_derive("master", bank, seed, repr(float(positive_share)), n))  # noqa: S311
    n_pos = round(n * positive_share)
    kinds = ["grooming"] * n_pos + _allocate(n - n_pos, NEG_WEIGHTS, master)
    master.shuffle(kinds)

    records: list[Record] = []
    for i, kind in enumerate(kinds):
        rng = random.Random(_derive("conv", bank, seed, i, kind))  # noqa: S311
        conv_id = f"{bank}-s{seed}-{i:06d}"
        if kind == "grooming":
            records.append(_build_positive(rng, phrase_bank, conv_id))
        else:
            records.append(_build_negative(rng, phrase_bank, conv_id, kind))
    return records


def iter_texts(records: Iterable[Record]) -> Iterable[str]:
    """Yield every message text in ``records`` (handy for scans and stats)."""
    for rec in records:
        for msg in rec["messages"]:
            yield msg["text"]


def write_jsonl(records: Iterable[Record], path: str | Path) -> int:
    """Write ``records`` as UTF-8 JSON Lines to ``path``; return the count."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with p.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")
            count += 1
    return count
