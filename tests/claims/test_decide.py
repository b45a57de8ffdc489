"""How checks become a verdict (verdicts.py): each step of the weighing reached by checks
made here, each verdict it can give, the rule and reasoning it reports, and the two
verdicts decided before any check. Small projects from tests/builders.py."""

from __future__ import annotations

import math

import pytest

from builders import assumption, claim, derived, figure, small
from ngoclaims.claims import verdicts as vd
from ngoclaims.claims.checks import AGREE, CONSISTENT, DISAGREE, Check, Evidence
from ngoclaims.claims.intervals import INF, Interval, point

A, C, D = AGREE, CONSISTENT, DISAGREE
UNTESTED, REFUTED = "reporting-among-operating", "series-rhythm"


@pytest.fixture()
def p(project):
    return small(
        project,
        claims=[claim()],
        assumptions=[
            assumption("other-untested", "untested"),
            assumption("other-refuted", "refuted"),
        ],
    )


def ev(text="a source counts 100", unit="ngos", ref="f"):
    return Evidence(ref, "figures", "src", "2010", point(100), 100.0, "registered", unit, text)


def check(outcome, basis="independent", *assumptions, rule="same-period", recomputed=None,
          sentence=None, evidence=None, pt=None) -> Check:  # fmt: skip
    return Check(
        rule,
        basis,
        outcome,
        evidence if evidence is not None else (ev(f"{rule} {outcome} evidence"),),
        assumptions,
        sentence or f"{rule} {basis} {outcome}.",
        recomputed,
        pt,
    )


def verdict(p, *checks):
    return vd.decide(p, p.claims["c"], list(checks)).verdict


@pytest.mark.parametrize(
    "outcomes, expected",
    [
        ((A,), "corroborated"),
        ((D,), "contradicted"),
        ((A, D), "mixed"),
        ((A, C), "corroborated"),  # an overlap never outweighs an agreement
        ((D, C), "contradicted"),
        ((C,), "consistent"),
        ((C, C), "consistent"),
    ],
)
def test_firm_checks_against_sources(p, outcomes, expected):
    assert (
        verdict(p, *(check(o, recomputed=Interval(i, i + 1)) for i, o in enumerate(outcomes)))
        == expected
    )


@pytest.mark.parametrize(
    "outcomes, expected",
    [((A,), "conditional"), ((D,), "doubtful"), ((A, D), "mixed"), ((C,), "conditional")],
)
def test_conditional_checks_grade_the_verdict(p, outcomes, expected):
    checks = [
        check(o, "independent", UNTESTED, recomputed=Interval(i, i + 1))
        for i, o in enumerate(outcomes)
    ]
    assert verdict(p, *checks) == expected


def test_the_article_against_itself(p):
    assert verdict(p, check(D, "article", rule="in-scheme")) == "inconsistent"
    assert verdict(p, check(A, "article", rule="recomputed")) == "reproduced"
    assert verdict(p, check(C, "article", rule="in-scheme")) == "consistent"
    # a failing comparison with the article outweighs its agreeing with itself elsewhere
    assert verdict(p, check(A, "article"), check(D, "article")) == "inconsistent"


def test_the_steps_come_in_order(p):
    firm_source, article_fails = check(A), check(D, "article")
    assert verdict(p, article_fails, firm_source) == "corroborated"
    assert verdict(p, check(A, "article"), check(D, "independent", UNTESTED)) == "reproduced"
    assert verdict(p, check(D, "article"), check(A, "independent", UNTESTED)) == "inconsistent"
    assert verdict(p, check(C), check(A, "independent", UNTESTED)) == "conditional"
    assert verdict(p, check(C), check(C, "independent", UNTESTED)) == "consistent"
    # a conditional failure of the article is no inconsistency
    assert verdict(p, check(D, "article", UNTESTED)) == "doubtful"


def test_a_check_on_a_refuted_assumption_is_set_aside(p):
    f = vd.decide(p, p.claims["c"], [check(D, "independent", REFUTED), check(C)])
    assert f.verdict == "consistent"
    assert [x.outcome for x in f.set_aside] == [D]
    g = vd.decide(p, p.claims["c"], [check(A, "independent", "other-refuted", "article-present")])
    assert g.verdict == "article-only" and g.rule == "nothing-to-test"
    assert g.reasoning.endswith(
        "Set aside, as it needs a refuted assumption: same-period independent agree."
    )
    assert len(g.checks) == 1 and len(g.set_aside) == 1


def test_nothing_to_test(p):
    f = vd.decide(p, p.claims["c"], [])
    assert (f.verdict, f.rule, f.checks, f.set_aside) == ("article-only", "nothing-to-test", (), ())
    assert f.recomputed is None and f.reading is None and f.assumptions == ()
    assert f.reasoning == (
        "No source gives a figure of this kind for Kazakhstan. No other statement of the article "
        "bears on it. No derived figure uses it."
    )


def test_the_sharper_reading_decides(p):
    sharp = check(D, recomputed=Interval(4.5, 4.5), sentence="Exactly 4.5 is excluded.")
    loose = check(A, recomputed=Interval(4, 5), sentence="About 4.5 is allowed.")
    f = vd.decide(p, p.claims["c"], [loose, sharp])
    assert f.verdict == "contradicted"
    assert f.reasoning.startswith(
        "Exactly 4.5 is excluded. A looser reading of the same figure does not decide it: About 4.5 is allowed."
    )
    # and the other way round
    sharp_a = check(A, recomputed=Interval(4.5, 4.5), sentence="Exactly 4.5 agrees.")
    loose_d = check(D, recomputed=Interval(4, 5), sentence="About 4.5 excludes.")
    assert vd.decide(p, p.claims["c"], [loose_d, sharp_a]).verdict == "corroborated"


def test_readings_that_are_not_nested_stay_mixed(p):
    a = check(A, recomputed=Interval(4, 5))
    assert verdict(p, a, check(D, recomputed=Interval(4, 5))) == "mixed"  # the same, not sharper
    assert verdict(p, a, check(D, recomputed=Interval(4.5, 6))) == "mixed"  # overlapping only
    assert verdict(p, a, check(D, recomputed=None)) == "mixed"
    other_unit = check(D, recomputed=Interval(4.5, 4.5), evidence=(ev(unit="percent"),))
    assert verdict(p, a, other_unit) == "mixed"


def test_kept_and_dropped_by_sharpness(p):
    outer_a = check(A, recomputed=Interval(0, 10))
    inner_d = check(D, recomputed=Interval(2, 3))
    other_a = check(A, recomputed=Interval(20, 30))
    kept, looser = vd._sharpest([outer_a, inner_d, other_a])
    assert kept == [inner_d, other_a] and looser == [outer_a]


# ------------------------------------------------------------------------------ reasoning
def test_the_reasoning_names_untested_assumptions(p):
    f = vd.decide(
        p, p.claims["c"], [check(A, "independent", UNTESTED, "other-untested", "article-present")]
    )
    assert f.assumptions == (UNTESTED, "other-untested", "article-present")
    statement = p.assumptions[UNTESTED].statement.rstrip(".")
    assert f.reasoning == (
        f"same-period independent agree. This holds only if {vd._lower_first(statement)}; and if "
        "something holds, which no source tests."
    )


def test_the_reasoning_lists_other_independent_evidence(p):
    deciding = check(D, sentence="It is excluded.")
    aside = check(A, "independent", REFUTED, evidence=(ev("set aside"),))
    overlap = check(C, evidence=(ev("an overlap"),))
    own = check(C, "article", evidence=(ev("the article's own"),))
    f = vd.decide(p, p.claims["c"], [deciding, overlap, overlap, aside, own])
    assert f.reasoning == "It is excluded. Also compared, without deciding it: an overlap."
    assert f.evidence == deciding.evidence
    assert f.checks == (deciding, overlap, overlap, aside, own) and f.set_aside == (aside,)


def test_checks_of_one_kind_are_named_once(p):
    a1 = check(C, sentence="First.", evidence=(ev("source one"),))
    a2 = check(C, sentence="Second.", evidence=(ev("source two"),))
    a3 = check(C, sentence="Third.", evidence=(ev("source three"),))
    f = vd.decide(p, p.claims["c"], [a1, a2, a3])
    assert f.reasoning == "First. On the same terms the same holds where source two; source three."
    b = check(C, rule="lower-bound", sentence="Bound.")
    assert vd.decide(p, p.claims["c"], [a1, b]).reasoning == "First. Bound."
    two = check(C, sentence="Two sources.", evidence=(ev("x"), ev("y")))
    assert vd.decide(p, p.claims["c"], [a1, two]).reasoning == "First. Two sources."
    # the article's checks are each spelt out
    r1, r2 = check(C, "article", sentence="One."), check(C, "article", sentence="Two.")
    assert vd.decide(p, p.claims["c"], [r1, r2]).reasoning == "One. Two."


@pytest.mark.parametrize(
    "text, lowered",
    [
        ("A count did not fall", "a count did not fall"),
        ("ICNL's CSOs are NGOs", "ICNL's CSOs are NGOs"),
        ("NGOs that report", "NGOs that report"),
        ("I think so", "i think so"),
        ("UN bodies report", "UN bodies report"),
        ("A's rule", "a's rule"),  # one letter is no acronym
        ("Is it so", "is it so"),
        ("Its CSOs", "its CSOs"),
    ],
)
def test_lower_first(text, lowered):
    assert vd._lower_first(text) == lowered


# ------------------------------------------------------------------- the figure it shows
def test_the_tightest_recomputation_in_the_claims_unit_is_shown(p):
    c = p.claims["c"]
    wide = check(A, recomputed=Interval(90, 110), pt=100.0)
    tight = check(A, recomputed=Interval(99, 101), pt=100.5)
    bound = check(A, rule="lower-bound", recomputed=Interval(100, INF, False, True), pt=100.0)
    other_unit = check(A, recomputed=Interval(100, 100), evidence=(ev(unit="percent"),))
    not_recomputing = check(A, rule="in-stage", recomputed=Interval(100, 100))
    f = vd.decide(p, c, [wide, bound, tight, other_unit, not_recomputing])
    assert (f.recomputed, f.reading, f.rule) == (Interval(99, 101), 100.5, "same-period")
    assert vd._shown(c, [bound, wide]) is wide  # a two-sided comparison before a bound
    near = check(A, rule="lower-bound", recomputed=Interval(99, INF, False, True))
    far = check(A, rule="upper-bound", recomputed=Interval(-INF, 150, True))
    assert vd._shown(c, [far, near]) is near  # the bound nearest the claim
    assert vd._shown(c, [other_unit, not_recomputing]) is None
    assert vd._shown(c, [check(A, recomputed=None)]) is None
    year = check(A, recomputed=Interval(99, 101), evidence=(ev(unit="year"),))
    assert vd._shown(c, [year]) is None  # a year is a count's figure only for a decade
    # the unit of the first piece of evidence decides, not of any
    mixed = check(A, recomputed=Interval(99, 101), evidence=(ev(unit="percent"), ev()))
    assert vd._shown(c, [mixed]) is None


@pytest.mark.parametrize("rule", ["recomputed", "dated-event", "same-period"])
def test_a_two_sided_comparison_is_shown_before_a_bound(p, rule):
    near = check(A, rule="lower-bound", recomputed=Interval(100, 100))
    two_sided = check(A, rule=rule, recomputed=Interval(0, 1000))
    assert vd._shown(p.claims["c"], [near, two_sided]) is two_sided


def test_the_narrowest_two_sided_comparison_is_shown(p):
    near_but_wide = check(A, recomputed=Interval(99, 200))
    far_but_narrow = check(A, recomputed=Interval(80, 85))
    assert vd._shown(p.claims["c"], [near_but_wide, far_but_narrow]) is far_but_narrow


def test_a_bounded_interval_is_shown_before_an_unbounded_one(p):
    bounded = check(A, rule="lower-bound", recomputed=Interval(50, 100))
    unbounded = check(A, rule="lower-bound", recomputed=Interval(100, INF))
    assert vd._shown(p.claims["c"], [unbounded, bounded]) is bounded
    # of two upper bounds, the nearer; an upper bound is measured from its upper end
    nearer = check(A, rule="upper-bound", recomputed=Interval(-INF, 101))
    farther = check(A, rule="lower-bound", recomputed=Interval(50, INF))
    assert vd._shown(p.claims["c"], [farther, nearer]) is nearer


def test_counts_of_stages_are_shown_whatever_their_unit(p):
    for rule in ("stages-exceed-periods", "count-dated"):
        x = check(D, "article", rule=rule, recomputed=point(4), evidence=(ev(unit="year"),))
        assert vd._shown(p.claims["c"], [x]) is x


def test_counts_of_the_articles_own_are_shown_whatever_their_unit(p):
    counted = check(
        A, "article", rule="count-listed", recomputed=point(3), evidence=(ev(unit="year"),)
    )
    assert vd._shown(p.claims["c"], [counted]) is counted
    aligned = check(C, "article", rule="stage-aligned", recomputed=point(2000), evidence=())
    assert vd._shown(p.claims["c"], [aligned]) is aligned


def test_a_date_shows_the_year_of_its_event(project):
    decade = claim(value=1990, unit="decade", kind="date", period="1990-1999")
    p = small(project, claims=[decade])
    dated = check(A, rule="dated-event", recomputed=point(1995), evidence=(ev(unit="year"),))
    assert vd._shown(decade, [dated]) is dated
    f = vd.decide(p, decade, [dated])
    assert (f.rule, f.recomputed) == ("dated-event", point(1995))


def test_a_verdict_without_a_shown_figure_reports_its_first_rule(p):
    f = vd.decide(p, p.claims["c"], [check(D, "article", rule="rising", recomputed=None)])
    assert (f.verdict, f.rule, f.recomputed, f.reading) == ("inconsistent", "rising", None, None)
    assert f.stated == p.claims["c"].interval and f.expected == ""


# ------------------------------------------------------------------ decided before checks
def test_a_number_written_in_thousands_twice_is_a_probable_erratum(project):
    c = claim("high", 50_000_000, unit="usd", indicator="income_high", value_text="50000000",
              quote="above 50,000 thousand dollars")  # fmt: skip
    low = claim("low", 10_000, unit="usd", indicator="income_low", quote="below 10,000 dollars")
    f = vd.judge(small(project, claims=[c, low]), c)
    assert (f.verdict, f.rule, f.recomputed, f.reading) == (
        "probable-erratum",
        "erratum",
        point(50_000),
        50_000,
    )
    assert f.assumptions == ("thousands-written-twice",)
    assert [e.ref for e in f.evidence] == ["low"]
    assert f.reasoning == (
        "'50,000 thousand' multiplies a number already written in thousands by a thousand: as "
        "printed it is 50,000,000 US dollars. That is 5,000 times the neighbouring band's 10,000; "
        "read as 50,000 it is 5 times. Likely reading: 50,000 US dollars."
    )
    alone = vd.judge(small(project, claims=[c]), c)
    assert alone.reasoning.endswith(
        "as printed it is 50,000,000 US dollars. Likely reading: 50,000 US dollars."
    )
    assert alone.evidence == ()


def test_an_errata_reading_keeps_the_qualifier_the_article_prints(project):
    """'more than 50,000 thousand' is likely 'more than 50,000', not 50,000."""
    c = claim("high", 50_000_000, unit="usd", indicator="income_high", value_text="50000000",
              qualifier="over", quote="above 50,000 thousand dollars")  # fmt: skip
    low = claim("low", 10_000, unit="usd", indicator="income_low", quote="below 10,000 dollars")
    f = vd.judge(small(project, claims=[c, low]), c)
    assert f.verdict == "probable-erratum" and f.reading == 50_000
    assert (f.recomputed.lo, f.recomputed.hi, f.recomputed.lo_open) == (50_000, math.inf, True)
    assert f.reasoning.endswith("Likely reading: more than 50,000 US dollars.")


def test_an_erratum_against_a_band_of_no_round_value(project):
    c = claim("high", 50_000_000, unit="usd", indicator="income_high", value_text="50000000",
              quote="above 50,000 thousand dollars")  # fmt: skip
    low = claim("low", 12_345.5, unit="usd", indicator="income_low")
    f = vd.judge(small(project, claims=[c, low]), c)
    assert (
        "That is 4,050 times the neighbouring band's 12,346; read as 50,000 it is 4 times."
        in f.reasoning
    )


def test_only_a_doubled_scale_is_an_erratum(project):
    plain = claim("high", 50_000, unit="usd", indicator="income_high", quote="above 50,000 dollars")
    assert vd.rule_erratum(small(project, claims=[plain]), plain) is None
    # the value must be the doubled one the quote prints
    c = claim(
        "high", 50_000, unit="usd", indicator="income_high", quote="above 50,000 thousand dollars"
    )
    assert vd.rule_erratum(small(project, claims=[c]), c) is None


def test_siblings_of_an_erratum_share_section_unit_and_indicator_stem(project):
    c = claim(
        "high",
        50_000_000,
        unit="usd",
        indicator="income_high",
        quote="above 50,000 thousand dollars",
    )
    others = [
        claim("kz", 10_000, unit="usd", indicator="income_low", section="uzbekistan"),
        claim("tenge", 10_000, unit="kzt", indicator="income_low"),
        claim("grants", 10_000, unit="usd", indicator="grants_low"),
        claim("low", 20_000, unit="usd", indicator="income_low"),
    ]
    f = vd.rule_erratum(small(project, claims=[c, *others]), c)
    assert [e.ref for e in f.evidence] == ["low"]


def test_a_change_with_no_base_year_is_underspecified(project):
    c = claim("g", 7.2, unit="times", kind="change", indicator="grants_growth", period="?-2016")
    rates = [
        derived(
            "r2003", Interval(15, 16), 15.5, inputs=("g",), unit="percent", label="growth from 2003"
        ),
        derived(
            "r2012", Interval(60, 70), 64, inputs=("g",), unit="percent", label="growth from 2012"
        ),
    ]
    base = derived("base", Interval(1.2, 1.25), 1.22, inputs=("g",), unit="billion_kzt")
    f = vd.judge(small(project, claims=[c], derived_figures=[*rates, base]), c)
    assert (f.verdict, f.rule) == ("underspecified", "no-base-year")
    assert [e.ref for e in f.evidence] == ["r2003", "r2012", "base"]
    assert f.reasoning == (
        "A change of 7.2 times up to 2016 with no year it is measured from. The same factor is "
        "15.5% (bounds: between 15% and 16%) a year from 2003, but 64% (bounds: between 60% "
        "and 70%) a year from 2012. If the grants are the state social order, the base was "
        "1.22 billion tenge (bounds: between 1.2 and 1.25 billion tenge); no source gives the "
        "year it was reached."
    )
    bare = vd.judge(small(project, claims=[c]), c)
    assert bare.reasoning == "A change of 7.2 times up to 2016 with no year it is measured from."
    assert bare.evidence == () and bare.assumptions == ()


def test_a_change_with_a_base_year_is_weighed(project):
    c = claim("g", 7.2, unit="times", kind="change", indicator="grants_growth", period="2010-2016")
    assert vd.rule_underspecified(small(project, claims=[c]), c) is None
    d = claim("g", 7.2, kind="figure", period="?-2016")
    assert vd.rule_underspecified(small(project, claims=[d]), d) is None


def test_assumptions_of_the_derived_figures_are_named_once(project):
    c = claim("g", 7.2, unit="times", kind="change", indicator="grants_growth", period="?-2016")
    ds = [
        derived("a", Interval(1, 2), 1.5, inputs=("g",), unit="percent", assumptions=("x", "y")),
        derived("b", Interval(1, 2), 1.5, inputs=("g",), unit="percent", assumptions=("y", "z")),
    ]
    f = vd.rule_underspecified(small(project, claims=[c], derived_figures=ds), c)
    assert f.assumptions == ("x", "y", "z")


# ------------------------------------------------------------------------ what was tried
def test_what_was_tried_for_a_claim_nothing_tests(project):
    c = claim()
    same = figure("f1", 5000, period="2020"), figure("f2", 6000, period="2021")
    p = small(project, claims=[c], figures=same)
    assert vd.tried(p, c)[0] == (
        "Sources give figures of this kind (f1, f2), but none of a comparable count and period "
        "bounds it."
    )
    region = claim(section="region")
    assert vd.tried(p, region)[0] == "No source gives a figure of this kind for the region."
    stage = claim(kind="enumeration", indicator="stage")
    assert vd.tried(p, stage)[1] == (
        "Its stage begins before the first of the region's periods, so the scheme cannot test it."
    )
    date = claim(kind="date", unit="year", indicator="congress")
    assert (
        vd.tried(p, date)[1]
        == "No source dates it, and the article does not tell it within a stage."
    )
    fed = small(
        project,
        claims=[c],
        derived_figures=[derived("d", point(1), 1, inputs=("c",), label="its share")],
    )
    assert vd.tried(fed, c)[-1] == "It feeds its share, which nothing compares with evidence."
    assert vd.judge_all(fed)[0].verdict == "article-only"
