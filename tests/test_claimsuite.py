"""The GX claims suite: generated from the registry, committed, checked for staleness, and
in agreement with the pytest gate: a data change that breaks a claim fails both."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, ROOT, replace_in, run_cli
from ngoclaims import claimsuite, validation
from ngoclaims.registry import load
from ngoclaims.verdicts import judge_all

SUITE = ROOT / "expectations" / "claims_against_evidence.json"


def test_committed_suite_is_what_the_registry_generates():
    assert SUITE.read_text(encoding="utf-8") == claimsuite.render(load(DATA)), (
        "stale: run `python -m ngoclaims expectations`"
    )


def test_every_generated_file_is_fresh():
    res = run_cli("expectations", "--check")
    assert res.returncode == 0, res.stdout


def test_the_suite_bounds_the_claims_that_rest_on_table_rows():
    exps = json.loads(SUITE.read_text(encoding="utf-8"))["expectations"]
    claims = {e["meta"].get("claim_id") for e in exps}
    assert {
        "uz-ngo-count-1991",
        "uz-ngo-count-2010",
        "kz-forum-4-year",
        "kg-ngo-count-2010",
        "kg-ngo-count-now",
        "kz-support-programme",
    } <= claims
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
        # CABAR's 2009 count below 5,100: 'over 5,100 by 2010' is no longer implied
        (
            [
                ("sources.csv", "from 5,103 NGOs in 2009", "from 5,003 NGOs in 2009"),
                ("figures.csv", "from 5,103 NGOs in 2009", "from 5,003 NGOs in 2009"),
                ("figures.csv", ",5103,", ",5003,"),
            ],
            "uz-ngo-count-2010",
        ),
        # the fourth forum dated 2010 by its source: no longer a contradiction
        (
            [
                ("sources.csv", "October, 6-7, 2009", "October, 6-7, 2010"),
                ("events.csv", "October, 6-7, 2009", "October, 6-7, 2010"),
                ("events.csv", ",4,2009,", ",4,2010,"),
            ],
            "kz-forum-4-year",
        ),
        # a smaller Kyrgyz count in 2015 still contradicts; a larger one no longer does
        (
            [
                ("sources.csv", "числящихся 17 тысяч", "числящихся 19 тысяч"),
                ("figures.csv", "числящихся 17 тысяч", "числящихся 19 тысяч"),
                ("figures.csv", ",17000,about,", ",19000,about,"),
            ],
            "kg-ngo-count-2010",
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
