"""The Sphinx extension that links glued numbers: where it reads the map of keys from, and
the static files it publishes when Sphinx wrote no page."""

from __future__ import annotations

import pytest

from ngoclaims.build import numbers
from ngoclaims.chapters import cards
from ngoclaims.paths import CARDS_DATA


def test_the_targets_are_the_keys_of_the_cards_data(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m ngoclaims book"):
        numbers.targets(tmp_path)
    keys = {"a--stated": {"claim": "a", "page": cards.LEDGER, "anchor": "a"}}
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / CARDS_DATA).write_text(
        cards.render({"claims": {}, "derived": {}, "keys": keys}), encoding="utf-8"
    )
    assert numbers.targets(tmp_path) == keys


def test_bibliography_entries_are_list_items():
    from ngoclaims.build.a11y import mend

    body = '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">'
    assert mend(body) == (
        '<div role="list" class="citation-list"><div class="citation" role="listitem">'
    )
