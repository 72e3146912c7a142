"""Links from message ids into the platform's own moderation tool.

The template is a setting (``moderation_url_template``) such as
``https://moderation.example/c/{conversation_id}/m/{message_id}``. Ids are platform
references and may hold any printable character, so each is percent-encoded whole
(``/`` too) before it is put into the URL.
"""

from __future__ import annotations

import string
from urllib.parse import quote, urlsplit

#: The placeholders a template may use.
PLACEHOLDERS = frozenset({"conversation_id", "message_id", "case_id"})


def check_template(template: str) -> None:
    """Raise ``ValueError`` unless ``template`` is an http(s) URL using only known
    placeholders, with ``{message_id}`` among them."""
    try:
        fields = {name for _, name, spec, conv in string.Formatter().parse(template)
                  if name is not None}
        specs = [(spec, conv) for _, name, spec, conv in string.Formatter().parse(template)
                 if name is not None and (spec or conv)]
    except ValueError as err:
        raise ValueError(f"not a URL template: {err}") from None
    if specs or not fields <= PLACEHOLDERS:
        raise ValueError("placeholders may only be " + ", ".join(
            "{" + p + "}" for p in sorted(PLACEHOLDERS)))
    if "message_id" not in fields:
        raise ValueError("needs a {message_id} placeholder")
    sample = message_link(template, conversation_id="c", message_id="m", case_id="k")
    parts = urlsplit(sample)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError("must be an http:// or https:// URL with a host")


def message_link(template: str, *, conversation_id: str, message_id: str,
                 case_id: str) -> str:
    """The moderation tool's URL of one message, every id percent-encoded."""
    return template.format(conversation_id=quote(conversation_id, safe=""),
                           message_id=quote(message_id, safe=""),
                           case_id=quote(case_id, safe=""))
