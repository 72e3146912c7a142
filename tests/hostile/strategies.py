"""Hypothesis strategies for hostile ``ScoreConversationRequest`` protos, built directly.

Two families:

* :func:`chaotic_requests` -- anything the wire format allows: empty and duplicate ids,
  ids of 5,000 characters, unknown senders, ages 0/200/2**32-1/unset, unknown enum
  values, timestamps in year 1 and year 9999, out-of-range nanos, non-text kinds, more
  participants and messages than the limits.
* :func:`exotic_valid_requests` -- requests that obey every rule but carry the strangest
  content the rules allow (mixed scripts, RTL overrides, zero-width and control
  characters, texts at the character limit, 256-character ids in any script). The
  service must score these: the test expects OK.

Every text of 8 characters or more contains an ASCII canary (``kq<hex>CANARY``) so
that log and error-detail checks cannot be fooled by JSON escaping.
"""

from __future__ import annotations

import time

from hypothesis import strategies as st

from service.api.grooming_risk.v1 import scoring_pb2 as spb

YEAR_1 = -62_135_596_800  # 0001-01-01T00:00:00Z
YEAR_9999 = 253_402_300_799  # 9999-12-31T23:59:59Z
EARLIEST = 946_684_800  # 2000-01-01, the oldest timestamp validation accepts
MAX_CHARS = 4096  # Settings.max_chars_per_message default
MAX_MESSAGES = 1000  # Settings.max_messages default
RECENT = 1_700_000_000  # 2023-11-14: safely in the past for any run of these tests

FRAGMENTS: tuple[str, ...] = (
    "\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u061c",  # bidi overrides/isolates
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad",  # zero-width, soft hyphen
    "\x00", "\x01", "\x07", "\x08", "\x1b[31m", "\x7f", "\x85", "\r\n", "\t", "\v",
    "\u2028", "\u2029", "\ufffd", "\uffff", "\U0010fffd", "\U000e0041",  # tag char
    "Привет, сколько тебе лет", "мне 13", "مرحبا كم عمرك", "你好，你几岁", "学校在哪里",
    "こんにちは", "안녕하세요", "שלום", "γεια σου", "नमस्ते", "สวัสดี",
    "😀", "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "👍🏽", "🇪🇺", "e\u0301\u0301\u0301", "Z̸̢̛͓a̷l̶g̵o̴",
    "ﷺ", "𝕙𝕖𝕪 𝕙𝕠𝕨 𝕠𝕝𝕕", "İı", "ß", "ǅ", "Ⅻ", "１２３", "ｈｏｗ ｏｌｄ",
    "%s%n%x", "{0}{1}", "${jndi:ldap://x}", "'; DROP TABLE cases; --", "<script>", "\\x00",
)
PHRASES: tuple[str, ...] = (
    "hey how old are you", "you seem so mature for your age", "which school do you go to",
    "are you alone right now", "dont tell anyone, its our secret",
    "lets talk on snapchat instead", "i can send you a gift card", "send me a pic of you",
    "we should meet up this weekend", "did you finish your maths homework?",
    "dinner is at 7", "love you, see you after work",
)
_ID_POOL: tuple[str, ...] = (
    "u1", "u2", "m1", "m2", "", "-", "x" * 256, "x" * 257, "y" * 5000, "a b", "a\tb",
    "a\x00b", "\u202eabc", "a\u200bb", "Ωмع漢😀", "ｕ１", "İd", "../../etc/passwd",
    "'; DROP TABLE cases;--", "%s%s%n", "${jndi:ldap://x}", "\ufeffid", "id\n",
)
_SENT_AT = st.sampled_from((
    "now", "now", "now", "now", "unset", "year1", "year9999", "int64min", "int64max",
    "before2000", "earliest", "future_ok", "future_bad",
))
_OFFSETS = {
    "now": -3600, "future_ok": 23 * 3600, "future_bad": 25 * 3600,
}
_ABSOLUTE = {
    "unset": 0, "year1": YEAR_1, "year9999": YEAR_9999, "int64min": -(2**63),
    "int64max": 2**63 - 1, "before2000": EARLIEST - 1, "earliest": EARLIEST,
}
_NANOS = st.sampled_from((0, 0, 0, 500_000_000, 999_999_999, -1, 1_000_000_000,
                          2**31 - 1, -(2**31)))
_AGE_SOURCES = st.sampled_from((
    spb.AGE_SOURCE_DECLARED, spb.AGE_SOURCE_DECLARED, spb.AGE_SOURCE_ESTIMATED,
    spb.AGE_SOURCE_VERIFIED, spb.AGE_SOURCE_UNKNOWN, spb.AGE_SOURCE_UNSPECIFIED, 5, 99, -1,
    2**31 - 1,
))
_TRUSTED_SOURCES = st.sampled_from((
    spb.AGE_SOURCE_DECLARED, spb.AGE_SOURCE_ESTIMATED, spb.AGE_SOURCE_VERIFIED,
))
_KINDS = st.sampled_from((
    spb.CONTENT_KIND_TEXT, spb.CONTENT_KIND_TEXT, spb.CONTENT_KIND_TEXT, spb.CONTENT_KIND_TEXT,
    spb.CONTENT_KIND_UNSPECIFIED, spb.CONTENT_KIND_AUDIO_TRANSCRIPT, spb.CONTENT_KIND_OTHER,
    4, 77, -3,
))
_AGES = st.one_of(
    st.none(), st.just(0), st.integers(1, 120), st.just(200), st.just(2**32 - 1),
)
_ANY_CHAR = st.characters(exclude_categories=("Cs",))  # protobuf strings are valid UTF-8
_PRINTABLE_ID_CHAR = st.characters(
    exclude_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp")
)


def canary(n: int) -> str:
    """An ASCII marker that identifies one generated text."""
    return f"kq{n:08x}CANARY"


@st.composite
def texts(draw: st.DrawFn, max_chars: int = MAX_CHARS + 1) -> str:
    """A hostile message text; any text of 8+ characters carries a canary."""
    shape = draw(st.sampled_from(("empty", "short", "mixed", "mixed", "mixed", "free",
                                  "huge")))
    if shape == "empty":
        return ""
    if shape == "short":
        return draw(st.text(alphabet=st.sampled_from([f[0] for f in FRAGMENTS] + ["a", "é"]),
                            min_size=1, max_size=7))
    mark = canary(draw(st.integers(0, 2**32 - 1)))
    if shape == "free":
        text = draw(st.text(alphabet=_ANY_CHAR, max_size=40))
        cut = draw(st.integers(0, len(text)))
        return text[:cut] + mark + text[cut:]
    parts = draw(st.lists(st.sampled_from(FRAGMENTS + PHRASES), min_size=1, max_size=6))
    parts.insert(draw(st.integers(0, len(parts))), mark)
    joined = draw(st.sampled_from(("", " ", "\u200b", "\u202e", "\x00"))).join(parts)
    if shape == "mixed":
        return joined
    # Near (and just over) the per-message character limit.
    size = draw(st.sampled_from((MAX_CHARS - 1, MAX_CHARS, MAX_CHARS + 1, 2 * MAX_CHARS)))
    size = min(size, max_chars)
    return (mark + (joined * (size // max(len(joined), 1) + 1)))[:size]


def _ids(extra: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(_ID_POOL + extra),
        st.text(alphabet=_ANY_CHAR, min_size=0, max_size=30),
        st.text(alphabet=_PRINTABLE_ID_CHAR, min_size=1, max_size=12),
    )


def _valid_ids(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    """Unique ids that pass validation: 1..256 printable, non-space characters, any script."""
    one = st.one_of(
        st.text(alphabet=_PRINTABLE_ID_CHAR, min_size=1, max_size=16),
        st.builds(lambda c, n: (c * n)[:256], st.text(alphabet=_PRINTABLE_ID_CHAR, min_size=1,
                                                      max_size=3), st.integers(200, 256)),
    ).filter(lambda s: s.isprintable() and not any(ch.isspace() for ch in s))
    return st.lists(one, min_size=min_size, max_size=max_size, unique=True)


def _stamp(m: spb.ChatMessage, when: str, nanos: int) -> None:
    if when in _OFFSETS:
        m.sent_at.seconds = int(time.time()) + _OFFSETS[when]
    else:
        m.sent_at.seconds = _ABSOLUTE[when]
    if when != "unset":
        m.sent_at.nanos = nanos


def _grow(conv: spb.Conversation, count: int) -> None:
    """Repeat the drawn messages (with fresh unique ids) until there are ``count``."""
    base = list(conv.messages)
    if not base:
        return
    i = 0
    while len(conv.messages) < count:
        m = conv.messages.add()
        m.CopyFrom(base[i % len(base)])
        m.id = f"{i}\u2603grow"
        i += 1


@st.composite
def chaotic_requests(draw: st.DrawFn) -> spb.ScoreConversationRequest:
    """Anything the proto allows; most of these are invalid."""
    request = spb.ScoreConversationRequest()
    if draw(st.integers(0, 30)) == 0:
        return request  # no conversation at all
    conv = request.conversation
    conv.id = draw(_ids())
    conv.professional_secrecy = draw(st.booleans())
    n_participants = draw(st.sampled_from((0, 1, 2, 2, 2, 2, 3, 5, 51)))
    pids: list[str] = []
    for i in range(n_participants):
        pid = (f"p{i}" if n_participants > 5
               else draw(_ids(("u-adult", "u-child", "u-adult"))))
        pids.append(pid)
        p = conv.participants.add(id=pid, age_source=draw(_AGE_SOURCES))  # type: ignore[arg-type]
        age = draw(_AGES)
        if age is not None:
            p.age = age
    senders = st.sampled_from(pids) if pids else st.just("ghost")
    for _ in range(draw(st.integers(0, 8))):
        m = conv.messages.add(
            id=draw(st.one_of(st.sampled_from(("m1", "m2", "m3")), _ids())),
            sender_id=draw(st.one_of(senders, senders, _ids(("ghost",)))),
            text=draw(texts()),
            kind=draw(_KINDS),  # type: ignore[arg-type]
        )
        _stamp(m, draw(_SENT_AT), draw(_NANOS))
    count = draw(st.sampled_from((0, 0, 0, 0, 0, 0, MAX_MESSAGES, MAX_MESSAGES + 1)))
    _grow(conv, count)
    return request


@st.composite
def _decorated(draw: st.DrawFn, phrase: str) -> str:
    """A grooming phrase with bidi, zero-width and foreign-script noise, and a canary."""
    noise = draw(st.lists(st.sampled_from(FRAGMENTS), max_size=3))
    parts = [phrase, canary(draw(st.integers(0, 2**32 - 1))), *noise]
    return draw(st.sampled_from((" ", "\u200b ", " \u202e"))).join(parts)


@st.composite
def exotic_valid_requests(draw: st.DrawFn) -> spb.ScoreConversationRequest:
    """Requests that obey every rule with the strangest content allowed; expect OK.

    About a third follow a grooming script (decorated with hostile characters) from an
    adult to a declared minor, so flags open cases keyed by exotic ids.
    """
    request = spb.ScoreConversationRequest()
    conv = request.conversation
    conv.id = draw(_valid_ids(1, 1))[0]
    conv.professional_secrecy = draw(st.integers(0, 9)) == 0
    pids = draw(_valid_ids(2, 4))
    scripted = draw(st.integers(0, 2)) == 0
    for i, pid in enumerate(pids):
        if scripted and i < 2:
            p = conv.participants.add(id=pid, age_source=draw(_TRUSTED_SOURCES))  # type: ignore[arg-type]
            p.age = draw(st.integers(8, 15)) if i == 0 else draw(st.integers(25, 70))
            continue
        p = conv.participants.add(id=pid, age_source=draw(st.sampled_from((
            spb.AGE_SOURCE_DECLARED, spb.AGE_SOURCE_ESTIMATED, spb.AGE_SOURCE_VERIFIED,
            spb.AGE_SOURCE_UNKNOWN))))  # type: ignore[arg-type]
        if p.age_source != spb.AGE_SOURCE_UNKNOWN:
            # One known minor first makes a pair scannable most of the time.
            p.age = draw(st.integers(8, 17)) if i == 0 else draw(st.integers(1, 120))
    start = draw(st.integers(EARLIEST + 1, RECENT))  # fixed bounds keep replays identical
    if scripted:
        lines = [(pids[1], draw(_decorated(phrase))) for phrase in PHRASES[:9]]
        message_ids = draw(_valid_ids(len(lines), len(lines)))
    else:
        message_ids = draw(_valid_ids(0, 10))
        lines = [(draw(st.sampled_from(pids)), draw(texts(MAX_CHARS))) for _ in message_ids]
    for i, (mid, (sender, text)) in enumerate(zip(message_ids, lines, strict=True)):
        m = conv.messages.add(
            id=mid, sender_id=sender, text=text,
            kind=spb.CONTENT_KIND_TEXT if draw(st.integers(0, 15)) else spb.CONTENT_KIND_OTHER,
        )
        m.sent_at.seconds = start + 17 * i
        m.sent_at.nanos = draw(st.integers(0, 999_999_999))
    if draw(st.integers(0, 25)) == 0:
        _grow(conv, MAX_MESSAGES)
    return request


def hostile_requests() -> st.SearchStrategy[spb.ScoreConversationRequest]:
    """Chaotic and exotic-but-valid requests, about half each."""
    return st.one_of(chaotic_requests(), exotic_valid_requests())
