"""Paging of store listings: page sizes and opaque page tokens.

Listings return ``(items, next_page_token)``; an empty token means the last page.
Tokens are opaque, bound to the listing and filter they were issued for, and
``page_size`` is clamped to 1..500 (0 means the default, 50).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from service.errors import InvalidInput

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

T = TypeVar("T")


def clamp_page_size(page_size: int) -> int:
    """0 → default (50); negative → ``InvalidInput``; above 500 → 500."""
    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise InvalidInput("page_size", "must be an integer")
    if page_size < 0:
        raise InvalidInput("page_size", "must not be negative")
    if page_size == 0:
        return DEFAULT_PAGE_SIZE
    return min(page_size, MAX_PAGE_SIZE)


def encode_page_token(kind: str, scope: str, position: Sequence[str | int | float]) -> str:
    """An opaque token for the page after ``position`` of listing ``kind`` filtered by ``scope``."""
    payload = json.dumps([kind, scope, list(position)], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_page_token(token: str, kind: str, scope: str) -> list[Any] | None:
    """The position in ``token`` (None: first page); ``InvalidInput`` if foreign or malformed."""
    if not token:
        return None
    if not isinstance(token, str) or len(token) > 2048:
        raise InvalidInput("page_token", "malformed")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        decoded = json.loads(raw)
    except (ValueError, binascii.Error):
        raise InvalidInput("page_token", "malformed") from None
    if (
        not isinstance(decoded, list)
        or len(decoded) != 3
        or not isinstance(decoded[2], list)
        or decoded[0] != kind
    ):
        raise InvalidInput("page_token", "malformed")
    if decoded[1] != scope:
        raise InvalidInput("page_token", "was issued for a different filter")
    return decoded[2]


def iter_all(fetch: Callable[[str], tuple[list[T], str]]) -> Iterator[T]:
    """Walk every page of a listing: ``iter_all(lambda t: store.list_cases(page_token=t))``."""
    token = ""
    while True:
        items, token = fetch(token)
        yield from items
        if not token:
            return
