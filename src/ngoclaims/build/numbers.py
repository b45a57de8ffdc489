"""A Sphinx extension: every glued number opens its evidence.

It replaces MyST-NB's ``{glue:text}`` role (the role ``text`` of the ``glue`` domain) with
one that pastes the same text and, when the key is a claim's or a derived figure's number
(the ``keys`` of ``_static/ngo-cards-data.js``, :mod:`ngoclaims.chapters.cards`), wraps it
in a link to that claim's row of the ledger (or the derived figure's row in its chapter):

    <a class="ngo-number reference internal" href="ledger.html#uz-ngo-count-1991"
       data-claim="uz-ngo-count-1991" data-key="uz-ngo-count-1991--stated"
       data-ref="uz-ngo-count-1991">
      <span class="pasted-text">95</span></a>

The link is resolved when the page is written, so it is right for every builder: relative
to the page in HTML (``chapters/ledger.html#<id>`` from intro.html), ``#<id>`` in the single
page the PDF is printed from. ``_static/ngo-cards.js`` shows the card on hover and focus.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.roles import PasteTextRole

from ngoclaims.paths import CARDS_DATA

__all__ = ["NumberRole", "number_link", "setup", "targets"]


class number_link(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils names nodes so)
    """A glued number linked to its evidence: ``page`` and ``anchor`` say where."""


def targets(srcdir: str | Path) -> dict[str, dict]:
    """Where each glue key of a number leads, from the cards data of the book at srcdir.
    A missing file is an error: the ``cards`` step of ``make book`` writes it first."""
    from ngoclaims.chapters.cards import read_cards

    path = Path(srcdir) / "_static" / CARDS_DATA
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: `python -m ngoclaims book` writes it")
    return read_cards(path)["keys"]


class NumberRole(PasteTextRole):
    """``{glue:text}`` that links a claim's or a derived figure's number to its evidence."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Paste as MyST-NB does, then wrap a number of a claim in a link."""
        pasted, messages = super().run()
        if "::" in self.text or not pasted:  # a value of another page: left as it is
            return pasted, messages
        key = self.text.rsplit(":", 1)[0]  # `key` or `key:format`
        config = self.document.settings.env.config
        target = config.ngo_number_targets.get(key)
        if target is None:
            return pasted, messages
        link = number_link("", "", *pasted, key=key, **target)
        self.set_source_info(link)
        return [link], messages


def _href(translator, node: number_link) -> str:
    builder = translator.builder
    uri = builder.get_relative_uri(builder.current_docname, node["page"])
    if uri.startswith("#") or not uri:  # the single page: every anchor is on it
        return f"#{node['anchor']}"
    return f"{uri}#{node['anchor']}"


def visit_html(translator, node: number_link) -> None:
    """Open the link, with the claim or derived figure it stands for and the anchor of its
    evidence (``data-ref``, which a printed page shows)."""
    attrs = {"href": _href(translator, node), "data-key": node["key"], "data-ref": node["anchor"]}
    for name in ("claim", "derived"):
        if node.get(name):
            attrs[f"data-{name}"] = node[name]
    translator.body.append(
        translator.starttag(node, "a", "", CLASS="ngo-number reference internal", **attrs)
    )


def depart_html(translator, node: number_link) -> None:
    """Close the link."""
    translator.body.append("</a>")


def _pass(translator, node) -> None:
    """Other builders show the number as it is."""


def _load_targets(app, config) -> None:
    config.ngo_number_targets = targets(app.srcdir)


def setup(app) -> dict:
    """Register the role (over MyST-NB's), its node and the map of keys to evidence."""
    # a changed map re-reads every page (Sphinx compares config values between builds)
    app.add_config_value("ngo_number_targets", {}, "env", types=[dict])
    app.connect("config-inited", _load_targets)
    app.add_node(
        number_link,
        html=(visit_html, depart_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.add_role_to_domain("glue", "text", NumberRole(), override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
