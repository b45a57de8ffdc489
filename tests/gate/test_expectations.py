"""The GX claims suite: generated from the registry, committed, checked for staleness, and
in agreement with the pytest gate: a data change that breaks a claim fails both."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, ROOT, replace_in
from ngoclaims.claims.intervals import INF, Interval
from ngoclaims.claims.registry import load
from ngoclaims.claims.verdicts import judge_all
from ngoclaims.gate import expectations as claimsuite
from ngoclaims.gate import validate as validation
from ngoclaims.paths import ROOT_ENV

SUITE = ROOT / "expectations" / "claims_against_evidence.json"


def test_committed_suite_is_what_the_registry_generates():
    assert SUITE.read_text(encoding="utf-8") == claimsuite.render(load(DATA)), (
        "stale: run `python -m ngoclaims expectations`"
    )


def test_every_generated_file_is_fresh(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # the project found upward from here, as the command finds it
    monkeypatch.delenv(ROOT_ENV, raising=False)
    assert claimsuite.main(["--check"]) == 0, capsys.readouterr().out


def test_the_suite_bounds_the_claims_that_rest_on_table_rows():
    exps = json.loads(SUITE.read_text(encoding="utf-8"))["expectations"]
    claims = {e["meta"].get("claim_id") for e in exps}
    assert {
        "uz-ngo-count-1991",
        "uz-ngo-count-2010",
        "kz-forum-4-year",
        "kg-active-2017",
        "kg-ngo-count-now",
        "kz-support-programme",
    } <= claims
    # the statuses a verdict rests on are pinned too: an assumption's, an event's
    pinned = {
        (e["meta"]["claim_id"], e["meta"]["evidence"])
        for e in exps
        if e["kwargs"].get("column") == "status"
    }
    assert ("uz-ngo-count-2010", "no-fall") in pinned
    assert ("kz-forum-4-year", "kz-forum-4") in pinned
    keys = exps[0]["kwargs"]["value_set"]
    assert (
        exps[0]["type"] == "expect_column_distinct_values_to_contain_set"
        and "uz-cabar-2009" in keys
    )


def _both_gates(data):
    mismatched = [f.claim_id for f in judge_all(load(data)) if not f.matches_expected]
    result = validation.run_suite(SUITE, validation.Frames(data))
    failing = [r["meta"].get("claim_id") for r in result.failures()]
    return mismatched, failing


def test_real_data_passes_both_gates():
    assert _both_gates(DATA) == ([], [])


@pytest.mark.parametrize(
    "edits,claim_id",
    [
        # a lower Uzbek count in 2016 than the article's 2010: the evidence points both ways
        (
            [
                ("sources.csv", "In 2016 – 8 600", "In 2016 – 4 600"),
                ("figures.csv", "In 2016 – 8 600", "In 2016 – 4 600"),
                ("figures.csv", ",8600,round,", ",4600,about,"),
            ],
            "uz-ngo-count-2010",
        ),
        # the fourth forum dated 2010 by its source: no longer doubtful
        (
            [
                ("sources.csv", "October, 6-7, 2009", "October, 6-7, 2010"),
                ("events.csv", "October, 6-7, 2009", "October, 6-7, 2010"),
                ("events.csv", ",2009,,10,6,", ",2010,,10,6,"),
            ],
            "kz-forum-4-year",
        ),
        # a larger Kyrgyz count today than the article's 'about 20,000': contradicted
        (
            [
                ("sources.csv", "over 19,358 CSOs", "over 22,358 CSOs"),
                ("figures.csv", "over 19,358 CSOs", "over 22,358 CSOs"),
                ("figures.csv", ",19358,over,", ",22358,over,"),
            ],
            "kg-ngo-count-now",
        ),
        # the fourth forum reported held: the event's status is pinned
        ([("events.csv", ",10,6,scheduled,", ",10,6,held,")], "kz-forum-4-year"),
        # an assumption a verdict rests on changes status
        (
            [
                (
                    "assumptions.csv",
                    "between the two years a verdict compares.,untested,",
                    "between the two years a verdict compares.,supported,",
                )
            ],
            "uz-ngo-count-2010",
        ),
    ],
)
def test_a_data_change_that_breaks_a_claim_fails_both_gates(data_copy, edits, claim_id):
    for name, old, new in edits:
        replace_in(data_copy / name, old, new, count=-1)
    mismatched, failing = _both_gates(data_copy)
    assert claim_id in mismatched, "pytest gate missed it"
    assert claim_id in failing, "GX gate missed it"


def test_a_missing_evidence_row_fails_the_suite(data_copy):
    lines = (data_copy / "figures.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_copy / "figures.csv").write_text(
        "".join(x for x in lines if not x.startswith("uz-cabar-2009,")), encoding="utf-8"
    )
    result = validation.run_suite(SUITE, validation.Frames(data_copy))
    assert any(
        r["expectation"] == "expect_column_distinct_values_to_contain_set"
        for r in result.failures()
    )


@pytest.mark.parametrize(
    "role, qualifier, value, claim, expected",
    [
        ("overlap", "exact", "100", Interval(90, 110), {"min_value": 90, "max_value": 110}),
        ("below", "exact", "80", Interval(90, 110), {"max_value": 90, "strict_max": True}),
        ("above", "exact", "120", Interval(90, 110), {"min_value": 110, "strict_min": True}),
        # touching an end one of them leaves out: the bound holds at the end itself
        ("at-or-below", "exact", "90", Interval(90, 110, True), {"max_value": 90}),
        ("at-or-above", "exact", "110", Interval(90, 110, False, True), {"min_value": 110}),
        ("implies-from-below", "over", "100", Interval(90, INF), {"min_value": 90}),
        ("implies-from-above", "exact", "80", Interval(0, 99), {"max_value": 99}),
        ("implies-from-above", "over", "80", Interval(0, 99), None),  # no upper end
        ("not-above", "exact", "80", Interval(90, 110), {"max_value": 110}),
        ("not-below", "exact", "120", Interval(90, 110), {"min_value": 90}),
        ("about", "exact", "120", Interval(90, 110), None),  # no such role
    ],
)
def test_each_role_bounds_the_evidence_cell(role, qualifier, value, claim, expected):
    assert claimsuite.bound(role, qualifier, value, "ngos", claim) == expected


def test_each_bound_holds_on_the_cell_that_made_it():
    # 'more than 50%' against a source's 'at most 50%': they touch at 50, which the claim
    # leaves out; the generated bound must hold on the source's own 50
    b = claimsuite.bound("at-or-below", "at_most", "50", "percent", Interval(50, 100, True))
    assert b == {"max_value": 50}
