"""The conversations every benchmark scores: synthetic, about 30 messages each.

Kept apart from ``training.bench`` so the load client (``training.loadgen``) can build
them without importing scikit-learn.
"""

from __future__ import annotations

from service.scoring.conversation import Conversation
from service.scoring.jsonl import conversation_from_dict

MESSAGES_PER_CONVERSATION = (26, 34)


def bench_conversations(n: int, seed: int, positive_share: float) -> list[Conversation]:
    """Synthetic conversations (bank b) with about 30 messages each."""
    from training import synth

    out: list[Conversation] = []
    lo, hi = MESSAGES_PER_CONVERSATION
    attempt = 0
    while len(out) < n:
        for record in synth.generate(400, seed=seed + attempt, bank="b",
                                     positive_share=positive_share):
            msgs = record["messages"]
            if len(msgs) < lo:
                continue
            trimmed = dict(record, messages=msgs[:hi])
            first = trimmed["label"].get("first_risk_message")
            if first and first not in {m["id"] for m in trimmed["messages"]}:
                trimmed["label"] = dict(trimmed["label"], first_risk_message=None)
            out.append(conversation_from_dict(trimmed))
            if len(out) == n:
                break
        attempt += 1
    return out
