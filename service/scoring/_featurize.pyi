"""Types of the compiled featurizer (``_featurize.c``); see :class:`FeatureSpace`."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

def build_space(
    token_ids: dict[bytes, int], n_tokens: int, cue_unigram: Any, cue2_keys: Any,
    cue2_masks: Any, cue3_keys: Any, cue3_masks: Any, sender_unigram: Any,
    sender_bigram_keys: Any, sender_bigram_ids: Any, partner_unigram: Any,
    partner_bigram_keys: Any, partner_bigram_ids: Any, n_sender: int, n_partner: int,
    stage_of: bytes, normalize: Callable[[str], str], source_code: Mapping[Any, int],
    inert: bytes, /,
) -> object: ...
def featurize(
    space: object, conversations: Sequence[Any], pairs: Sequence[Sequence[tuple[str, str]]], /,
) -> tuple[bytearray, bytearray, bytearray, bytearray, bytearray, list[int]]: ...
