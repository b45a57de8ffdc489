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
    assert next(i for i in before if i.claim_id == cid).sentence.startswith(
        records[cid]["stated"]
        + " cannot be right as printed; the likely reading is "
        + records[cid]["recomputed"]
    )
    records[cid]["verdict"] = "corroborated"
    assert cid not in {i.claim_id for i in overview.items(records, _publisher(b))}
    assert "1 probable-erratum" not in overview.lead(records)


def test_the_lead_counts_every_claim(b):
    text = overview.lead(b.records)
    named = dict((v, int(n)) for n, v in re.findall(r"(\d+) ([a-z-]+)", text) if v in VERDICTS)
    assert sum(named.values()) == len(b.records), text
    assert set(named) == {r["verdict"] for r in b.records.values()}


@pytest.mark.parametrize(
    "verdict, words",
    [
        ("conditional", "agrees with the evidence only if a count did not fall"),
        ("doubtful", "disagrees with the evidence, which gives 9, if a count did not fall"),
        ("contradicted", "is contradicted by the evidence, which gives 9, on the same terms"),
        ("inconsistent", "conflicts with the article's own the article: 7"),
        ("underspecified", "cannot be checked as stated"),
        ("mixed", "draws evidence both ways: 1 of its 2 checks agrees"),
        ("consistent", "is consistent with Some Agency, which bound it"),
    ],
)
def test_each_verdict_has_its_clause(verdict, words):
    r = {
        "claim_id": "x",
        "verdict": verdict,
        "stated": "5 NGOs",
        "recomputed": "9",
        "evidence": ["the article: 7"],
        "evidence_refs": ["f"],
        "assumptions": [
            {"status": "untested", "statement": "A count did not fall."},
            {"status": "supported", "statement": "Something else."},
        ],
        "checks": [
            {"outcome": "agree", "evidence": [{"ref": "f", "source_id": "s"}]},
            {"outcome": "disagree", "evidence": [{"ref": "g", "source_id": "t"}]},
        ],
    }
    said = overview.sentence(r, {"s": "Some Agency", "t": "Other"}.__getitem__)
    assert said.startswith("5 NGOs ") and words in said, said
    assert "Something else" not in said and "Other" not in said
