"""Types of the compiled request decoder (``_wire.c``): ``converters.conversation_from_wire``."""

from typing import Any

def decode_request(
    data: bytes, message_type: type, kinds: tuple[Any, ...], /,
) -> tuple[bool, str, list[tuple[str, int | None, int]], list[Any], bool, int]: ...
