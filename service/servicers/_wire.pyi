"""Types of the compiled request decoder (``_wire.c``); see ``converters.decode_request``."""

from typing import Any

Raw = tuple[bool, str, list[tuple[str, int | None, int]], list[Any], bool, int]

def decode_request(data: bytes, message_type: type, kinds: tuple[Any, ...], /) -> Raw: ...
def decode_batch(data: bytes, message_type: type, kinds: tuple[Any, ...], /) -> list[Raw]: ...
