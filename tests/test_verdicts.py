"""Every verdict is computed from the data: each analysis the article calls for, and a data
change that must flip it."""

from __future__ import annotations

import pytest

from conftest import replace_in
from ngoclaims.derived import derive
from ngoclaims.registry import load
from ngoclaims.schema import VERDICTS
from ngoclaims.verdicts import judge, judge_all


def finding(project, claim_id):
    return judge(project, project.claims[claim_id])


def derived(project, did):
    return next(d for d in derive(project) if d.derived_id == did)


def test_every_computed_verdict_matches_the_registry(project):
    wrong = [
        (f.claim_id, f.verdict, f.expected) for f in judge_all(project) if not f.matches_expected
    ]
    assert wrong == []


def test_every_kind_of_verdict_is_reached(project):
    assert {f.verdict for f in judge_all(project)} == set(VERDICTS)


def test_grants_growth_has_no_base_year(project):
    f = finding(project, "kz-grants-growth")
    assert f.verdict == "underspecified" and f.rule == "no-base-year"
    # the same 7.2 times is 16% a year from 2003 but 64% from 2012
    rates = {
        d.derived_id: d.interval
        for d in derive(project)
        if d.derived_id.startswith("kz-grants-cagr")
    }
    assert rates["kz-grants-cagr-from-2003"].hi < 17 < 63 < rates["kz-grants-cagr-from-2012"].lo


def test_fourth_forum_year_against_the_sources(project):
    f = finding(project, "kz-forum-4-year")
    assert f.verdict == "contradicted"
    assert f.recomputed.lo == f.recomputed.hi == 2009
    assert "falls in 2009" in f.reasoning  # the two-year rhythm from the first forum agrees
    assert finding(project, "kz-forum-3-year").verdict == "article-only"  # between 2005 and 2009
    assert finding(project, "kz-forum-1-year").verdict == "corroborated"


def test_fifty_thousand_thousand_dollars_is_a_probable_erratum(project):
    f = finding(project, "kg-income-high-threshold")
    assert f.verdict == "probable-erratum"
    assert project.claims["kg-income-high-threshold"].value == 50_000_000
    assert f.reading == 50_000
    assert "10,000 times" in f.reasoning and "10 times" in f.reasoning


def test_four_kazakh_stages_against_three_regional_periods(project):
    f = finding(project, "kz-stage-4")
    assert f.verdict == "inconsistent"
    assert f.recomputed.lo == 4
    assert "3 periods" in f.reasoning and "4 stages" in f.reasoning and "1989" in f.reasoning
    assert (
        finding(project, "kg-stage-3").verdict == "article-only"
    )  # three stages fit three periods


def test_uzbek_counts_against_the_independent_counts(project):
    f95 = finding(project, "uz-ngo-count-1991")
    assert f95.verdict == "corroborated" and len(f95.evidence) == 2
    f5100 = finding(project, "uz-ngo-count-2010")
    assert f5100.verdict == "corroborated" and f5100.rule == "bracket"
    assert f5100.recomputed.lo == 5103  # CABAR's 2009 count bounds 2010 from below
    g = derived(project, "uz-growth-1991-2010").interval
    assert g.lo > 53.6 and g.hi == float("inf")


def test_800_active_is_a_different_definition_not_a_contradiction(project):
    f = finding(project, "kg-active-2017")
    assert f.verdict == "article-only" and f.rule == "narrower-definition"
    refs = {e.ref for e in f.evidence}
    assert {"kg-operating-2015", "kg-icnl-2020-operating"} <= refs
    assert "different definition" in f.reasoning
    ratio = derived(project, "kg-operating-to-active-2020").interval
    assert 6 < ratio.lo < ratio.hi < 8


def test_prizes_fell_in_real_terms(project):
    nominal = derived(project, "kz-prize-nominal-change").interval
    real = derived(project, "kz-prize-real-change").interval
    assert 18 < nominal.lo < nominal.hi < 20
    assert -10 < real.lo < real.hi < 0
    assert finding(project, "kz-prize-fund-2017").verdict == "corroborated"  # 15 x about 4.5


def test_kyrgyz_2010_count_exceeds_a_later_registered_count(project):
    f = finding(project, "kg-ngo-count-2010")
    assert f.verdict == "contradicted" and f.rule == "bracket"
    assert f.recomputed.hi == 17850


@pytest.mark.parametrize(
    "file,old,new,claim_id,before,after",
    [
        # the fourth forum dated 2010 by the source: the contradiction disappears
        (
            "events.csv",
            "scheduled on October, 6-7, 2009",
            "scheduled on October, 6-7, 2010",
            "kz-forum-4-year",
            "contradicted",
            "corroborated",
        ),
        # a smaller count in 2009 no longer implies 'over 5,100' in 2010
        (
            "figures.csv",
            "from 5,103 NGOs in 2009",
            "from 5,003 NGOs in 2009",
            "uz-ngo-count-2010",
            "corroborated",
            "article-only",
        ),
        # a base year for the grants: no longer underspecified
        (
            "claims.csv",
            ",7.2,exact,times,?-2016,",
            ",7.2,exact,times,2016,",
            "kz-grants-growth",
            "underspecified",
            "article-only",
        ),
    ],
)
def test_verdicts_follow_the_data(data_copy, file, old, new, claim_id, before, after):
    assert judge(load(data_copy), load(data_copy).claims[claim_id]).verdict == before
    if file == "events.csv":  # the source's quotation, the row's quote and its year together
        replace_in(data_copy / "sources.csv", old, new)
        replace_in(data_copy / file, old, new)
        replace_in(data_copy / file, ",4,2009,", ",4,2010,")
    elif file == "figures.csv":
        replace_in(data_copy / "sources.csv", old, new)
        replace_in(data_copy / file, old, new)
        replace_in(data_copy / file, ",5103,", ",5003,")
    else:
        replace_in(data_copy / file, old, new)
    p = load(data_copy)
    assert judge(p, p.claims[claim_id]).verdict == after
