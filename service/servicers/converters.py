"""Proto <-> domain conversion for the gRPC layer. No logic beyond mapping fields."""

from __future__ import annotations

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.errors import InvalidInput
from service.scoring.conversation import (
    AgeSource,
    ContentKind,
    Conversation,
    Message,
    Participant,
)
from service.scoring.engine import Outcome
from service.scoring.policy import NotScannedReason

_AGE_SOURCE = {
    pb.AGE_SOURCE_UNSPECIFIED: AgeSource.UNKNOWN,
    pb.AGE_SOURCE_UNKNOWN: AgeSource.UNKNOWN,
    pb.AGE_SOURCE_DECLARED: AgeSource.DECLARED,
    pb.AGE_SOURCE_ESTIMATED: AgeSource.ESTIMATED,
    pb.AGE_SOURCE_VERIFIED: AgeSource.VERIFIED,
}
_KIND = {
    pb.CONTENT_KIND_TEXT: ContentKind.TEXT,
    pb.CONTENT_KIND_AUDIO_TRANSCRIPT: ContentKind.AUDIO_TRANSCRIPT,
    pb.CONTENT_KIND_OTHER: ContentKind.OTHER,
}
OUTCOME_TO_PB = {
    Outcome.NOT_SUSPICIOUS: pb.OUTCOME_NOT_SUSPICIOUS,
    Outcome.FLAGGED_FOR_REVIEW: pb.OUTCOME_FLAGGED_FOR_REVIEW,
    Outcome.NOT_SCANNED: pb.OUTCOME_NOT_SCANNED,
}
REASON_TO_PB = {
    NotScannedReason.PROFESSIONAL_SECRECY: pb.NOT_SCANNED_REASON_PROFESSIONAL_SECRECY,
    NotScannedReason.NO_LIKELY_MINOR: pb.NOT_SCANNED_REASON_NO_LIKELY_MINOR,
    NotScannedReason.UNSUPPORTED_CONTENT: pb.NOT_SCANNED_REASON_UNSUPPORTED_CONTENT,
}
_MAX_AGE_FIELD = 1000  # uint32 ages above this are nonsense; validation reports the range


def conversation_from_proto(request: pb.ScoreConversationRequest) -> Conversation:
    """Map a request to a domain conversation. Range checks happen in validation."""
    if not request.HasField("conversation"):
        raise InvalidInput("conversation", "is required")
    c = request.conversation
    participants = []
    for i, p in enumerate(c.participants):
        source = _AGE_SOURCE.get(p.age_source)
        if source is None:
            raise InvalidInput(f"conversation.participants[{i}].age_source", "unknown value")
        if p.HasField("age"):
            age: int | None = min(p.age, _MAX_AGE_FIELD)
            if source is AgeSource.UNKNOWN and p.age_source == pb.AGE_SOURCE_UNSPECIFIED:
                source = AgeSource.DECLARED  # an age without a source is the user's claim
        else:
            age = None
        participants.append(Participant(p.id, age, source))
    kinds = _KIND
    new = tuple.__new__  # Message(...) without the named tuple's Python-level __new__
    try:
        messages = tuple([
            new(Message, (m.id, m.sender_id, (ts := m.sent_at).seconds + ts.nanos * 1e-9,
                          m.text, kinds[m.kind]))
            for m in c.messages
        ])
    except KeyError:
        for i, m in enumerate(c.messages):
            if m.kind not in kinds:
                raise InvalidInput(f"conversation.messages[{i}].kind", "must be set") from None
        raise
    return Conversation(
        id=c.id,
        participants=tuple(participants),
        messages=messages,
        professional_secrecy=c.professional_secrecy,
    )
