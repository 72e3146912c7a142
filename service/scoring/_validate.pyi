"""Types of the compiled validation fast path (``_validate.c``); see ``validate_conversation``."""

from collections.abc import Set
from typing import Any

def check_messages(messages: tuple[Any, ...], participant_ids: Set[str], earliest: float,
                   latest: float, max_chars: int, max_id_len: int, /) -> bool: ...
