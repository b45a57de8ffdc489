"""The cards data of the glued numbers: every claim's numbers lead to its ledger row, every
derived figure to the claim it tests or to its own row, the text is verify's, and the file
is a script no quote can break out of, rewritten only when its content changes."""

from __future__ import annotations

import pytest

from ngoclaims.chapters import cards
from ngoclaims.chapters.glue import claim_number_keys, derived_number_keys
from ngoclaims.claims.registry import load
from ngoclaims.gate.verify import analysis
from ngoclaims.paths import CARDS_DATA


@pytest.fixture(scope="module")
def made():
    project = load()
    result = analysis(project)
    return result, cards.cards_data(result, project)


def test_every_claim_number_leads_to_its_ledger_row(made):
    result, data = made
    for r in result["claims"]:
        card = data["claims"][r["claim_id"]]
        assert (card["verdict"], card["quote"], card["line"]) == (
            r["verdict"],
            r["quote"],
            r["line"],
        )
        for key in claim_number_keys(r["claim_id"]):
            assert data["keys"][key] == {
                "claim": r["claim_id"],
                "page": cards.LEDGER,
                "anchor": r["claim_id"],
            }


def test_a_derived_figure_leads_to_the_claim_it_tests_or_to_its_own_row(made):
    result, data = made
    tested = [d for d in result["derived"] if d["claim_id"]]
    assert tested and len(tested) < len(result["derived"])  # both kinds are exercised
    for d in result["derived"]:
        for key in derived_number_keys(d["derived_id"]):
            where = data["keys"][key]
            assert where["derived"] == d["derived_id"]
            if d["claim_id"]:
                assert (where["claim"], where["anchor"]) == (d["claim_id"], d["claim_id"])
            else:
                assert where["page"] == f"chapters/{d['section']}"
                assert where["anchor"] == f"derived-{d['derived_id']}"


def test_the_sources_are_those_of_the_evidence_the_verdict_names(made):
    result, data = made
    with_sources = [cid for cid, c in data["claims"].items() if c["sources"]]
    assert len(with_sources) >= 10
    project = load()
    for cid in with_sources:
        for s in data["claims"][cid]["sources"]:
            assert project.sources[s["id"]].title == s["title"]


def test_the_script_escapes_every_angle_bracket_and_reads_back(tmp_path):
    data = {"claims": {"x": {"quote": "</script><script>alert(1)</script>"}}, "keys": {}}
    text = cards.render(data)
    assert "<" not in text and text.startswith(cards.PREFIX)
    path = tmp_path / CARDS_DATA
    path.write_text(text, encoding="utf-8")
    assert cards.read_cards(path) == data
    path.write_text("var x = 1;", encoding="utf-8")
    with pytest.raises(ValueError, match="not a cards script"):
        cards.read_cards(path)


def test_the_file_is_written_only_when_its_content_changes(tmp_path):
    assert cards.write_cards(tmp_path) is True
    first = (tmp_path / CARDS_DATA).stat().st_mtime_ns
    assert cards.write_cards(tmp_path) is False
    assert (tmp_path / CARDS_DATA).stat().st_mtime_ns == first
    (tmp_path / CARDS_DATA).write_text(cards.PREFIX + "{};\n", encoding="utf-8")
    assert cards.write_cards(tmp_path) is True
