"""The cards data of the glued numbers: every claim's numbers lead to its ledger row, every
derived figure to the claim it tests or to its own row, the text is verify's, and the file
is a script no quote can break out of, rewritten only when its content changes."""

from __future__ import annotations

import pytest

from ngoclaims.chapters import cards
from ngoclaims.chapters.glue import claim_link_keys, derived_number_keys
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
        for key in claim_link_keys(r["claim_id"]):
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
            title = "the article" if s["id"] == "article" else project.sources[s["id"]].title
            assert s["title"] == title


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


def test_a_derived_figure_card_rests_on_its_assumptions_with_their_status(made):
    result, data = made
    project = load()
    with_assumptions = [d for d in result["derived"] if d["assumptions"]]
    assert with_assumptions
    for d in result["derived"]:
        assert data["derived"][d["derived_id"]]["assumptions"] == [
            {"id": a, "status": project.assumptions[a].status, "statement": s.statement}
            for a in d["assumptions"]
            for s in [project.assumptions[a]]
        ]
    base = data["derived"]["kz-grants-base-amount"]["assumptions"]
    assert [(a["id"], a["status"]) for a in base] == [("grants-are-social-order", "untested")]


def _input_source_ids(result: dict, project, did: str, seen=()) -> set[str]:
    """The sources of the figures a derived figure is computed from, by walking verify's
    records (the article for an input that is a claim)."""
    derived = {d["derived_id"]: d for d in result["derived"]}
    out = set()
    for ref in derived[did]["inputs"]:
        if ref in derived and ref not in (*seen, did):
            out |= _input_source_ids(result, project, ref, (*seen, did))
        elif ref in project.figures:
            out.add(project.figures[ref].source_id)
        elif ref in project.claims:
            out.add("article")
    return out


@pytest.mark.parametrize(
    "cid",
    [
        "kz-prize-fund-2017",
        "kz-prize-fund-2021",
        "kz-grants-growth",
        "kg-registrations-per-year",
        "kg-income-high-threshold",
    ],
)
def test_a_claim_decided_by_a_derived_figure_shows_its_inputs_sources(made, cid):
    result, data = made
    project = load()
    record = next(r for r in result["claims"] if r["claim_id"] == cid)
    derived = {d["derived_id"] for d in result["derived"]}
    want: set[str] = set()
    for ref in record["evidence_refs"]:
        if ref in derived:
            want |= _input_source_ids(result, project, ref)
        elif ref in project.figures:
            want.add(project.figures[ref].source_id)
        elif ref in project.claims:
            want.add("article")
    sources = data["claims"][cid]["sources"]
    assert want and {s["id"] for s in sources} == want
    for s in sources:
        if s["id"] == "article":
            assert (s["title"], s["publisher"]) == ("the article", "")
        else:
            assert (s["title"], s["publisher"]) == (
                project.sources[s["id"]].title,
                project.sources[s["id"]].publisher,
            )


def test_no_card_names_the_article_by_its_unknown_publisher(made):
    _, data = made
    cards_ = [*data["claims"].values(), *data["derived"].values()]
    named = [s for c in cards_ for s in c["sources"] if s["id"] == "article"]
    assert named
    assert all(s["title"] == "the article" and not s["publisher"] for s in named)
    assert all(s["publisher"] != "unknown" for c in cards_ for s in c["sources"])


def test_a_claim_card_gives_its_period_and_what_the_period_rests_on(made):
    from ngoclaims.claims.schema import PERIOD_BASES
    from ngoclaims.claims.wording import period_text

    result, data = made
    project = load()
    assert set(cards.PERIOD_BASIS_TEXT) == set(PERIOD_BASES)
    for r in result["claims"]:
        card = data["claims"][r["claim_id"]]
        assert card["period"] == period_text(project.claims[r["claim_id"]].period.text)
        assert card["period_basis"] == r["period_basis"]
        assert card["period_says"] == cards.PERIOD_BASIS_TEXT[r["period_basis"]]
    region = data["claims"]["region-period-1"]
    assert (region["period"], region["period_basis"]) == ("1991–2000", "implied")
    assert "only implies" in region["period_says"]
