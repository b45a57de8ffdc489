"""The opening page's findings: one computed sentence for every claim that is more than a
plain agreement, grouped by verdict, linked to the chapter row that discusses it."""

from __future__ import annotations

import copy
import re

import pytest

from ngoclaims.chapters import overview
from ngoclaims.chapters.analysis import book
from ngoclaims.claims.schema import VERDICTS


@pytest.fixture(scope="module")
def b():
    return book()


def _publisher(b):
    return lambda sid: b.project.sources[sid].publisher


def test_every_claim_that_is_not_plain_gets_one_linked_sentence(b):
    items = overview.items(b.records, _publisher(b))
    wanted = [cid for cid, r in b.records.items() if r["verdict"] not in overview.PLAIN]
    assert sorted(i.claim_id for i in items) == sorted(wanted)
    assert len(wanted) > 10
    for i in items:
        r = b.records[i.claim_id]
        assert i.href == f"chapters/{r['section']}.html#claim-{i.claim_id}"
        assert i.sentence.endswith(".") and r["reasoning"] not in i.sentence
    order = [overview.FINDING_ORDER.index(i.verdict) for i in items]
    assert order == sorted(order), "the findings are grouped, the most serious first"


def test_the_html_links_every_finding_to_its_chapter_row(b):
    _, text = overview.book_findings(b)
    links = re.findall(r'<li class="finding" data-claim="([^"]+)"><a [^>]*href="([^"]+)"', text)
    items = overview.items(b.records, _publisher(b))
    assert links == [(i.claim_id, i.href) for i in items]
    assert "<details" in text  # the long group folds away


def test_sentences_follow_the_verdicts(b):
    """Move a claim's verdict and its sentence and group move with it."""
    records = copy.deepcopy(b.records)
    cid = "kg-income-high-threshold"
    before = overview.items(records, _publisher(b))
    assert next(i for i in before if i.claim_id == cid).sentence == (
        f"{records[cid]['stated']} cannot be right as printed; the likely reading is "
        f"{records[cid]['recomputed']}."
    )
    assert "more than" in records[cid]["recomputed"]  # as the article prints it
    records[cid]["verdict"] = "corroborated"
    assert cid not in {i.claim_id for i in overview.items(records, _publisher(b))}
    assert "1 probable-erratum" not in overview.lead(records)


def test_the_lead_counts_every_claim(b):
    text = overview.lead(b.records)
    named = dict(
        (v, int(n)) for n, v in re.findall(r"(\d+) (?:are |is )?([a-z-]+)", text) if v in VERDICTS
    )
    assert sum(named.values()) == len(b.records), text
    assert set(named) == {r["verdict"] for r in b.records.values()}


def _record(verdict: str, refs=("f",), outcome="agree", source="s", basis="independent"):
    return {
        "claim_id": "x",
        "verdict": verdict,
        "stated": "5 NGOs",
        "recomputed": "9",
        "evidence": ["the article: 7"],
        "evidence_refs": list(refs),
        "assumptions": [
            {"status": "untested", "statement": "A count did not fall."},
            {"status": "supported", "statement": "Something else."},
        ],
        "checks": [
            {"outcome": outcome, "basis": basis, "evidence": [{"ref": "f", "source_id": source}]},
            {
                "outcome": "disagree",
                "basis": "independent",
                "evidence": [{"ref": "g", "source_id": "t"}],
            },
        ],
    }


PUBLISHERS = {"s": "Some Agency", "t": "Other"}.__getitem__


@pytest.mark.parametrize(
    "verdict, words",
    [
        ("conditional", "5 NGOs agrees with Some Agency only if a count did not fall."),
        (
            "doubtful",
            "5 NGOs disagrees with Some Agency, which gives 9, only if a count did not fall.",
        ),
        (
            "contradicted",
            "5 NGOs is contradicted by Some Agency, which gives 9, on the same terms.",
        ),
        ("inconsistent", "5 NGOs conflicts with the article's own the article: 7."),
        ("underspecified", "5 NGOs cannot be checked as stated, for want of a base or a period."),
        (
            "consistent",
            "5 NGOs is consistent with Some Agency, which bound it without confirming it.",
        ),
        ("probable-erratum", "5 NGOs cannot be right as printed; the likely reading is 9."),
    ],
)
def test_each_verdict_has_its_clause(verdict, words):
    """Each verdict's clause names who decided it (only the deciding evidence) and, when
    graded, the untested assumption, never the supported one."""
    assert overview.sentence(_record(verdict), PUBLISHERS) == words


def test_a_bound_is_not_called_an_agreement():
    """A broader count that only caps the claim: 'stays within the bound', not 'agrees'."""
    said = overview.sentence(_record("conditional", outcome="consistent"), PUBLISHERS)
    assert (
        said == "5 NGOs stays within the bound that Some Agency sets only if a count did not fall."
    )


def test_a_derived_figure_is_named_as_the_books_own_reckoning():
    from_sources = overview.sentence(_record("conditional", source="derived"), PUBLISHERS)
    assert "agrees with a figure the book derives only if" in from_sources
    from_article = _record("conditional", source="derived", basis="article")
    assert "derives from the article's own numbers" in overview.sentence(from_article, PUBLISHERS)


def test_mixed_counts_its_checks_both_ways_and_its_untested_assumptions():
    said = overview.sentence(_record("mixed", refs=("f", "g")), PUBLISHERS)
    assert said == (
        "5 NGOs draws evidence both ways from Some Agency and Other: 1 of the claim's 2 checks agrees, "
        "and the recomputed figure is 9; the checks rest on 1 untested assumption, named in "
        "its card."
    )


def test_two_derived_figures_are_named_in_the_plural():
    r = _record("mixed", refs=("f", "g"), source="derived")
    r["checks"][1]["evidence"][0]["source_id"] = "derived"
    assert "both ways from figures the book derives: " in overview.sentence(r, PUBLISHERS)
