"""The scene builder behind the scenario-family corpus.

A *family* is one kind of conversation (a coach arranging lifts, a fake peer moving a
child to a private app, ...). Its ``build`` function writes one conversation through a
:class:`Scene`: it creates the people, advances the clock, and says lines that it picks
from its own wording alternatives. The scene adds what every family shares: participant
records with realistic age metadata, a monotone clock with sessions and late nights,
per-speaker surface noise (case, apostrophes, typos, emoji), and the label.

Content rule: families write only the non-explicit warning signs that child-safety
educators publish. :data:`DENY_RE` (shared with the phrase-bank corpus) guards every line.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from training.phrasebanks import common
from training.synth import DENY_RE

_START = datetime(2024, 1, 1, tzinfo=UTC)
_SPAN_DAYS = 700
_SOURCES = ("declared", "estimated", "verified")

__all__ = ["DENY_RE", "Family", "Person", "Scene", "Voice", "run"]


@dataclass(frozen=True)
class Voice:
    """How a speaker types: probabilities of surface changes per message."""

    lower: float
    no_apostrophe: float
    typo: float
    emoji: float
    no_end_punct: float

    def jitter(self, rng: random.Random) -> Voice:
        def j(x: float) -> float:
            return max(0.0, min(1.0, x * rng.uniform(0.5, 1.4)))

        return Voice(j(self.lower), j(self.no_apostrophe), j(self.typo), j(self.emoji),
                     j(self.no_end_punct))


VOICES: dict[str, Voice] = {
    "kid": Voice(lower=0.7, no_apostrophe=0.6, typo=0.08, emoji=0.25, no_end_punct=0.8),
    "teen": Voice(lower=0.8, no_apostrophe=0.7, typo=0.06, emoji=0.2, no_end_punct=0.85),
    "adult": Voice(lower=0.2, no_apostrophe=0.15, typo=0.03, emoji=0.1, no_end_punct=0.35),
    "casual": Voice(lower=0.55, no_apostrophe=0.45, typo=0.05, emoji=0.18, no_end_punct=0.7),
    "elder": Voice(lower=0.05, no_apostrophe=0.05, typo=0.06, emoji=0.12, no_end_punct=0.1),
    "formal": Voice(lower=0.0, no_apostrophe=0.0, typo=0.01, emoji=0.0, no_end_punct=0.02),
}
EMOJI = ("😂", "😭", "🙂", "😊", "👍", "🔥", "💀", "🙏", "😅", "❤️", "👀", "🤣", "😎", "🥲", "✨")
_WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass
class Person:
    """A participant: the true age fills text; the shown age is what the platform knows."""

    pid: str
    age: int
    shown_age: int | None
    source: str
    voice: Voice
    name: str

    def record(self) -> dict[str, Any]:
        return {"id": self.pid, "age": self.shown_age, "age_source": self.source}


@dataclass
class Scene:
    """One conversation under construction."""

    rng: random.Random
    night: float = 0.1
    people: list[Person] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    offender: Person | None = None
    first_risk: str | None = None
    signs: list[str] = field(default_factory=list)
    clock: datetime = _START

    def __post_init__(self) -> None:
        self.clock = _START + timedelta(days=self.rng.randrange(_SPAN_DAYS))
        self.clock = self.clock.replace(hour=self._hour(), minute=self.rng.randrange(60))
        self._ids = self.rng.sample(range(1, 1000), 8)
        self.ctx = _context(self.rng)

    # -- people --------------------------------------------------------
    def person(self, age: int, voice: str, *, p_unknown: float = 0.15,
               shown_age: int | None = None, name: str | None = None) -> Person:
        """Add a participant of true ``age``. ``shown_age`` overrides what the platform
        records (a fake peer who declared 15); otherwise the age is unknown with
        probability ``p_unknown`` and known (declared, estimated or verified) otherwise."""
        rng = self.rng
        pid = f"u{self._ids[len(self.people)]}"
        if shown_age is not None:
            shown: int | None = shown_age
            source = "declared"
        elif rng.random() < p_unknown:
            shown, source = None, "unknown"
        else:
            shown = age
            source = rng.choices(_SOURCES, weights=(0.5, 0.32, 0.18))[0]
        who = Person(pid, age, shown, source, VOICES[voice].jitter(rng),
                     name or rng.choice(common.FIRST_NAMES))
        self.people.append(who)
        return who

    # -- time ----------------------------------------------------------
    def _hour(self) -> int:
        if self.rng.random() < self.night:
            return self.rng.choice((22, 23, 23, 0, 0, 1, 2))
        return self.rng.choice(range(7, 22))

    def wait(self, kind: str = "reply") -> None:
        """Move the clock: ``reply`` (seconds), ``pause`` (minutes), ``hours``,
        ``days`` (a new session 1-3 days later) or ``weeks`` (1-3 weeks later)."""
        rng = self.rng
        if kind == "reply":
            self.clock += timedelta(seconds=rng.randint(5, 150))
        elif kind == "pause":
            self.clock += timedelta(seconds=rng.randint(180, 2400))
        elif kind == "hours":
            self.clock += timedelta(hours=rng.uniform(2, 9))
        elif kind in ("days", "weeks"):
            days = rng.randint(1, 3) if kind == "days" else rng.randint(7, 21)
            nxt = self.clock + timedelta(days=days)
            hour = self._hour()
            nxt = nxt.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
            if hour < 5:
                nxt += timedelta(days=1)
            self.clock = max(self.clock + timedelta(minutes=1), nxt)
        else:
            raise ValueError(f"unknown wait kind {kind!r}")

    # -- text ----------------------------------------------------------
    def pick(self, *options: str) -> str:
        """One of ``options``, with ``{slot}`` placeholders filled (see :func:`_context`)."""
        return self.fill(self.rng.choice(options))

    def fill(self, template: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: self.ctx.get(m.group(1), m.group(0)), template)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def say(self, who: Person, text: str, *, gap: str = "reply", sign: str | None = None) -> str:
        """Append a message from ``who``; returns its id.

        ``sign`` names the warning sign the line shows (a key of ``common.SIGN_KEYS`` or a
        free code). The first signed line from the scene's offender becomes the label's
        ``first_risk_message``.
        """
        text = self.fill(text)
        if DENY_RE.search(text):
            raise ValueError("a family line breaks the content rule")
        if self.messages:
            self.wait(gap)
        mid = f"m{len(self.messages) + 1}"
        self.messages.append({
            "id": mid,
            "sender": who.pid,
            "sent_at": self.clock.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": _surface(text, who.voice, self.rng),
        })
        if sign is not None and self.offender is not None and who is self.offender:
            if self.first_risk is None:
                self.first_risk = mid
            if sign not in self.signs:
                self.signs.append(sign)
        return mid

    def record(self, conversation_id: str, family: Family) -> dict[str, Any]:
        """The JSONL record; the label comes from the family and the signed lines."""
        suspicious = family.suspicious
        if suspicious and (self.offender is None or self.first_risk is None):
            raise ValueError(f"positive family {family.name} wrote no signed offender line")
        people = [p.record() for p in self.people]
        self.rng.shuffle(people)  # the offender is not always listed first
        return {
            "conversation_id": conversation_id,
            "participants": people,
            "messages": self.messages,
            "label": {
                "suspicious": suspicious,
                "offender": self.offender.pid if suspicious and self.offender else None,
                "first_risk_message": self.first_risk if suspicious else None,
                "signs": self.signs if suspicious else [],
            },
            "category": family.name,
        }


@dataclass(frozen=True)
class Family:
    """A scenario family: its name, label, group (for leave-family-out) and builder."""

    name: str
    suspicious: bool
    group: str
    build: Callable[[Scene], None]
    weight: float = 1.0


def _context(rng: random.Random) -> dict[str, str]:
    app = rng.choice(common.APPS)
    return {
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
        "sibling": rng.choice(common.SIBLINGS),
        "emoji": rng.choice(EMOJI),
        "n": str(rng.randint(2, 9)),
    }


def _surface(text: str, voice: Voice, rng: random.Random) -> str:
    out = text
    if rng.random() < voice.no_apostrophe:
        out = out.replace("'", "").replace("\u2019", "")
    if rng.random() < voice.typo:
        words = list(_WORD.finditer(out))
        if words:
            m = rng.choice(words)
            w = m.group(0)
            i = rng.randrange(1, len(w) - 1)
            out = out[: m.start()] + w[:i] + w[i + 1:] + out[m.end():]
    if rng.random() < voice.lower:
        out = out.lower()
    if rng.random() < voice.no_end_punct:
        out = out.rstrip(".!")
    if rng.random() < voice.emoji:
        out = f"{out} {rng.choice(EMOJI)}"
    return out.strip() or text


def run(family: Family, rng: random.Random, conversation_id: str) -> dict[str, Any]:
    """Build one conversation of ``family``."""
    scene = Scene(rng)
    family.build(scene)
    return scene.record(conversation_id, family)
