"""A Sphinx extension that mends what the HTML writer gets wrong for assistive technology.

docutils' HTML writer (0.21) puts the bibliography's entries, marked
``role="doc-biblioentry"`` (a DPUB-ARIA role deprecated in 1.1), inside
``<div role="list">``: screen readers and axe-core's ``aria-required-children`` rule expect
list items there. Each entry is given ``role="listitem"`` as the page is written.
"""

from __future__ import annotations

__all__ = ["mend", "setup"]

_ENTRY = 'role="doc-biblioentry"'


def mend(body: str) -> str:
    """The page's body with every bibliography entry a list item."""
    return body.replace(_ENTRY, 'role="listitem"')


def _page(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if isinstance(context.get("body"), str):
        context["body"] = mend(context["body"])


def setup(app) -> dict:
    """Register the extension (parallel-safe: it keeps no state)."""
    app.connect("html-page-context", _page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
