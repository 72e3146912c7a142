"""The risk-factor gate: decides from metadata alone whether a conversation may be scanned.

It runs before any text is looked at. It reads the professional-secrecy flag, the
content kinds and the participants' ages, never the messages' text, and it names
the (sender, partner) pairs the model may score: an older or unknown-age sender
towards a partner who is a known minor or of unknown age.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from operator import attrgetter

from service.scoring.conversation import (
    ADULT_AGE,
    AgeSource,
    ContentKind,
    Conversation,
)

_KIND = attrgetter("kind")
_SENDER = attrgetter("sender")


class NotScannedReason(enum.Enum):
    """Why a conversation was not scanned. Counted, never scored."""

    PROFESSIONAL_SECRECY = "professional_secrecy"
    NO_LIKELY_MINOR = "no_likely_minor"
    UNSUPPORTED_CONTENT = "unsupported_content"


@dataclass(frozen=True, slots=True)
class GateDecision:
    """Either a reason not to scan, or the pairs the model may score (possibly none)."""

    reason: NotScannedReason | None
    pairs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PolicyGate:
    """Age and exclusion policy, applied before any text is read.

    * ``professional_secrecy`` conversations are never scanned.
    * Any message that is not TEXT (audio transcripts, other media) makes the whole
      conversation UNSUPPORTED_CONTENT: scanning only the text around a voice message
      would judge a conversation on a part of it, and the Regulation leaves audio alone.
    * If every participant is a known adult, or every participant is a known minor and
      their ages lie within ``minor_peer_gap_years``, there is no likely child at risk
      from an older participant: NO_LIKELY_MINOR.
    * Unknown ages are scanned. ``trusted_age_sources`` says which age sources count as
      "known" for the exclusions above (by default all but unknown).
    """

    minor_peer_gap_years: int = 3
    trusted_age_sources: frozenset[AgeSource] = frozenset(
        {AgeSource.DECLARED, AgeSource.ESTIMATED, AgeSource.VERIFIED}
    )

    def decide(self, conv: Conversation) -> GateDecision:
        """Apply the policy to one validated conversation."""
        if conv.professional_secrecy:
            return GateDecision(NotScannedReason.PROFESSIONAL_SECRECY)
        # list.count and tuple membership compare enum members by identity first; sets
        # would call Enum.__hash__, a Python function, once per message.
        kinds = list(map(_KIND, conv.messages))
        if kinds.count(ContentKind.TEXT) != len(kinds):
            return GateDecision(NotScannedReason.UNSUPPORTED_CONTENT)
        trusted = tuple(self.trusted_age_sources)
        ages = [p.age if p.age_source in trusted else None for p in conv.participants]
        known = [a for a in ages if a is not None]
        if len(known) == len(ages):
            if all(a >= ADULT_AGE for a in known):
                return GateDecision(NotScannedReason.NO_LIKELY_MINOR)
            if all(a < ADULT_AGE for a in known) and (
                max(known) - min(known) <= self.minor_peer_gap_years
            ):
                return GateDecision(NotScannedReason.NO_LIKELY_MINOR)
        speakers = set(map(_SENDER, conv.messages))
        pairs = []
        for sender, s_age in zip(conv.participants, ages, strict=True):
            if sender.id not in speakers:
                continue
            for partner, p_age in zip(conv.participants, ages, strict=True):
                if partner.id == sender.id or (p_age is not None and p_age >= ADULT_AGE):
                    continue
                # A known-minor sender counts as "older" only against a known younger
                # partner beyond the peer gap; against an unknown age it is not.
                older = (
                    s_age is None
                    or s_age >= ADULT_AGE
                    or (p_age is not None and s_age - p_age > self.minor_peer_gap_years)
                )
                if older:
                    pairs.append((sender.id, partner.id))
        return GateDecision(None, tuple(pairs))
