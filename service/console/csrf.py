"""CSRF tokens: every form carries one, and every POST is refused without the right one.

Signed-in forms carry the session's token. The sign-in form, before any session exists,
uses a double-submit token: a random value in a short-lived ``HttpOnly`` cookie and the
same value in the form. ``SameSite=Strict`` cookies are a second line, not the only one.
"""

from __future__ import annotations

import hmac
import secrets

#: The form field every POST must carry.
FIELD = "csrf_token"


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(32)


def matches(expected: str | None, submitted: str | None) -> bool:
    """Whether ``submitted`` is the expected token (constant-time; empty never matches)."""
    if not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())
