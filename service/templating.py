"""The one Jinja2 environment of the service's templates (``service/templates/``).

Shared by the transparency report's renderers and the reviewer console, so both render
the same report with the same filters. HTML is autoescaped: every template is, except
plain-text formats named ``*.md.j2`` or ``*.txt.j2``. Undefined variables are errors, so
a template that drifts from its data fails loudly instead of printing blanks.
"""

from __future__ import annotations

from functools import cache

import jinja2

from service.review.report_view import FILTERS as REPORT_FILTERS


@cache
def environment() -> jinja2.Environment:
    """The environment loading templates from the ``service`` package (built once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("service", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=(), disabled_extensions=("md.j2", "txt.j2"), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(REPORT_FILTERS)
    return env
