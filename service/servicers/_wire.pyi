"""Types of the compiled request decoder (``_wire.c``); see ``converters.decode_request``."""

from collections.abc import Mapping
from typing import Any

Raw = tuple[bool, str, list[tuple[str, int | None, int]], list[Any], bool, int]

def decode_request(data: bytes, message_type: type, kinds: tuple[Any, ...], /) -> Raw: ...
def decode_batch(data: bytes, message_type: type, kinds: tuple[Any, ...], /) -> list[Raw]: ...
def encode_request(conversation: Any, age_sources: Mapping[Any, Any], kinds: Mapping[Any, Any],
                   /) -> bytes: ...
