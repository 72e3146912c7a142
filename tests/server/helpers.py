"""Request builders and byte scans shared by the server tests.

Requests are built as protos directly (not through ``service.client``) so that tests
can also send what a well-behaved client never would: unset kinds, ages without a
source, duplicate ids.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from service.api.grooming_risk.v1 import scoring_pb2 as spb

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "default"
MANIFEST = json.loads((MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
MODEL_VERSION: str = MANIFEST["model_version"]

ADULT = "u-adult"
CHILD = "u-child"

# An unmistakable grooming sequence: age probe, flattery, school probe, privacy check,
# secrecy, platform switch, gift, photo and meeting requests. Scores ~1.0 with the
# shipped model (threshold ~0.36).
POSITIVE_LINES: tuple[tuple[str, str], ...] = (
    ("a", "hey how old are you"),
    ("c", "im 13"),
    ("a", "you seem so mature for your age"),
    ("c", "lol thanks"),
    ("a", "which school do you go to"),
    ("c", "lincoln middle"),
    ("a", "are you alone right now? do your parents check your phone"),
    ("c", "no they dont"),
    ("a", "dont tell anyone about our chats ok, its our secret"),
    ("c", "ok"),
    ("a", "lets talk on snapchat instead, add me"),
    ("a", "i can send you a gift card for robux"),
    ("a", "send me a pic of you"),
    ("a", "we should meet up this weekend, dont tell your parents"),
)

# A parent and child about homework and dinner. Scores ~0.002 with the shipped model.
BENIGN_LINES: tuple[tuple[str, str], ...] = (
    ("a", "did you finish your maths homework?"),
    ("c", "almost, just the fractions left"),
    ("a", "good, ask me if you get stuck"),
    ("c", "ok mum"),
    ("a", "dinner is at 7, dont forget to feed the cat"),
    ("c", "will do"),
    ("a", "love you, see you after work"),
    ("c", "love you too"),
)

Age = tuple[int | None, int]  # (age or None, AgeSource enum value)
DECLARED = spb.AGE_SOURCE_DECLARED
UNKNOWN = spb.AGE_SOURCE_UNKNOWN


def unique_id(prefix: str) -> str:
    """An id no other test (or leftover file) can contain by chance."""
    return f"{prefix}-{uuid.uuid4().hex}"


def participant(pid: str, age: int | None, source: int) -> spb.Participant:
    p = spb.Participant(id=pid, age_source=source)  # type: ignore[arg-type]
    if age is not None:
        p.age = age
    return p


def conversation(
    conv_id: str,
    lines: Sequence[tuple[str, str]] = POSITIVE_LINES,
    *,
    adult: Age = (34, DECLARED),
    child: Age = (13, DECLARED),
    kinds: dict[int, int] | None = None,
    professional_secrecy: bool = False,
    start: float | None = None,
) -> spb.Conversation:
    """A two-person conversation; ``lines`` are (``"a"`` or ``"c"``, text) pairs."""
    start = time.time() - 3600 if start is None else start
    kinds = kinds or {}
    messages = []
    for i, (who, text) in enumerate(lines):
        m = spb.ChatMessage(
            id=f"m{i + 1}",
            sender_id=ADULT if who == "a" else CHILD,
            text=text,
            kind=kinds.get(i, spb.CONTENT_KIND_TEXT),  # type: ignore[arg-type]
        )
        m.sent_at.seconds = int(start) + 45 * i
        messages.append(m)
    return spb.Conversation(
        id=conv_id,
        participants=[participant(ADULT, *adult), participant(CHILD, *child)],
        messages=messages,
        professional_secrecy=professional_secrecy,
    )


def request(conv: spb.Conversation) -> spb.ScoreConversationRequest:
    return spb.ScoreConversationRequest(conversation=conv)


def positive(conv_id: str | None = None, **kw: object) -> spb.ScoreConversationRequest:
    return request(conversation(conv_id or unique_id("conv-pos"), POSITIVE_LINES, **kw))  # type: ignore[arg-type]


def benign(conv_id: str | None = None, **kw: object) -> spb.ScoreConversationRequest:
    kw.setdefault("adult", (40, DECLARED))
    kw.setdefault("child", (12, DECLARED))
    return request(conversation(conv_id or unique_id("conv-neg"), BENIGN_LINES, **kw))  # type: ignore[arg-type]


def data_files(root: Path) -> list[Path]:
    """Every regular file under ``root`` (database, -wal, -shm, anything else)."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def find_in_files(root: Path, needles: Iterable[str]) -> list[tuple[str, str]]:
    """(file, needle) for every needle found in the raw bytes of any file under ``root``.

    Needles are searched as UTF-8 and as UTF-16 (LE and BE), the encodings SQLite
    may use for text.
    """
    hits = []
    encoded = [
        (n, [n.encode("utf-8"), n.encode("utf-16-le"), n.encode("utf-16-be")]) for n in needles
    ]
    for path in data_files(root):
        blob = path.read_bytes()
        for needle, forms in encoded:
            if any(form in blob for form in forms):
                hits.append((str(path), needle))
    return hits


def tampered_model(target: Path) -> Path:
    """A copy of the shipped model with one byte of model.onnx flipped (fails verification)."""
    shutil.copytree(MODEL_DIR, target)
    onnx = target / "model.onnx"
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 0xFF
    onnx.write_bytes(bytes(data))
    return target
