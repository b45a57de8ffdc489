"""Every check the engine can make, driven to each outcome it can give by a small project
built here (tests/builders.py), not by the article's data: a wrong comparison, a wrong
branch or a wrong sentence in checks.py fails one of these."""

from __future__ import annotations

import pytest

from builders import assumption, claim, derived, event, figure, placement, relation, small, stage
from ngoclaims.claims import checks as ch
from ngoclaims.claims.intervals import INF, Interval, point

A, C, D = ch.AGREE, ch.CONSISTENT, ch.DISAGREE


def only(checks, rule=None):
    picked = [x for x in checks if rule is None or x.rule == rule]
    assert len(picked) == 1, [(x.rule, x.outcome) for x in checks]
    return picked[0]


# ------------------------------------------------------------------- comparing intervals
@pytest.mark.parametrize(
    "claim_iv, claim_point, ev, ev_point, outcome",
    [
        (Interval(90, 110), 100, Interval(95, 105), 100, A),  # evidence inside the claim
        (Interval(90, 110), 100, Interval(110, 120), 115, C),  # touch at one end only
        (Interval(90, 110), 100, Interval(111, 120), 115, D),
        (Interval(90, 110), 100, Interval(80, 100), 85, A),  # evidence holds the claim's point
        (Interval(90, 110), 100, Interval(100, 130), 120, A),  # claim holds... no: ev holds 100
        (Interval(90, 110), 100, Interval(105, 130), 108, A),  # claim holds the evidence's point
        (Interval(90, 110), 100, Interval(105, 130), None, C),
        (Interval(90, 110), 100, Interval(105, INF, True, True), 106, C),  # one-sided
        (Interval(90, 110, False, True), 100, Interval(110, 120), 115, D),  # open end excludes
    ],
)
def test_two_sided(claim_iv, claim_point, ev, ev_point, outcome):
    assert ch.two_sided(claim_iv, claim_point, ev, ev_point) == outcome


@pytest.mark.parametrize(
    "claim_iv, bound, outcome",
    [
        (Interval(100, INF, True, True), Interval(100, INF, True, True), A),  # same floor
        (Interval(100, INF, False, True), Interval(100, 100), A),  # at least 100 from 100
        (Interval(100, INF, True, True), Interval(100, 100), C),  # 100 may be all there is
        (Interval(100, INF, False, True), Interval(100, INF, True, True), A),
        (Interval(90, 110), Interval(100, 100), C),
        (Interval(90, 110), Interval(110, 110), C),  # touches at the top
        (Interval(90, 110), Interval(111, 120), D),
        (Interval(90, 110, False, True), Interval(110, 120), D),
        (Interval(90, 110), Interval(0, 5), None),  # nothing, or next to nothing
        (Interval(90, 110), Interval(-INF, 5, True), None),
        (Interval(90, 110), Interval(9, 9), None),  # a tenth of the claim or less
        (Interval(90, 110), Interval(9.1, 9.1), C),
        (Interval(90, 110), Interval(5000, 5000), D),  # far above, it excludes the claim
        (Interval(-INF, 110, True), Interval(50, 50), C),  # measured from the claim's top
        (Interval(-INF, 110, True), Interval(11, 11), None),
        (Interval(0, 99), Interval(9.9, 9.9), None),  # a claim from nothing: from its top
        (Interval(0, 99), Interval(10, 10), C),
        (Interval(0, 99), Interval(150, 150), D),
        (Interval(0, INF), Interval(5000, 5000), None),  # 'any number at all' tests nothing
        (Interval(-30, -10), Interval(-20, -20), C),  # below zero, magnitude is no guide
        (Interval(-5, 0), Interval(-20, -20), C),  # nor at zero
        (Interval(0.5, 100), Interval(8, 8), C),  # from its lower end, however small
        (Interval(0.5, 0.9), Interval(0.04, 0.04), None),
    ],
)
def test_lower_bound(claim_iv, bound, outcome):
    assert ch.lower_bound(claim_iv, bound) == outcome


@pytest.mark.parametrize(
    "claim_iv, bound, least, outcome",
    [
        (Interval(90, 110), Interval(120, 120), -INF, C),
        (Interval(90, 110), Interval(90, 90), -INF, C),
        (Interval(90, 110), Interval(89, 89), -INF, D),
        (Interval(90, 110, True), Interval(90, 90), -INF, D),  # open at 90: nothing at or below
        (Interval(90, 110, True), Interval(90, 95), -INF, C),
        (Interval(-INF, 100, True, True), Interval(-INF, 100, True, True), -INF, A),
        (Interval(-INF, 100, True, True), Interval(-INF, 100, True, False), -INF, C),
        (Interval(90, 110), Interval(1, INF, False, True), -INF, None),  # no upper end
        (Interval(90, 110), Interval(1100, 1100), -INF, None),  # measured from the claim's top
        (Interval(90, 110), Interval(1099, 1099), -INF, C),
        (Interval(90, 110), Interval(9, 9), -INF, D),  # far below, it excludes the claim
        (Interval(100, INF, True), Interval(999, 999), -INF, C),  # from its bottom, if no top
        (Interval(100, INF, True), Interval(1000, 1000), -INF, None),
        (Interval(0, 99), Interval(80, 80), -INF, C),  # a count's 'fewer than 100' ...
        (Interval(0, 99), Interval(80, 80), 0, A),  # ... is implied, as a count is never negative
        (Interval(5, 99), Interval(80, 80), 0, C),
        (Interval(-5, 0), Interval(100, 100), -INF, C),  # from a top at zero, no magnitude
        (Interval(0.2, 0.5), Interval(6, 6), -INF, None),  # from its upper end, however small
        (Interval(0, 99, True), Interval(80, 80), 0, C),  # zero itself is allowed by the ceiling
    ],
)
def test_upper_bound(claim_iv, bound, least, outcome):
    assert ch.upper_bound(claim_iv, bound, least) == outcome


def test_every_figure_compared_is_never_negative():
    assert ch.upper_bound(Interval(0.5, 99), Interval(80, 80)) == C  # zero is below 0.5
    assert ch.upper_bound(Interval(0, 99), Interval(80, 80)) == A


@pytest.mark.parametrize(
    "outcome, claim_iv, ev, role",
    [
        (D, Interval(50, 150), Interval(1, 2), "below"),
        (D, Interval(50, 150), Interval(200, 300), "above"),
        (D, Interval(50, 150, True), Interval(40, 50), "at-or-below"),  # touching an open end
        (D, Interval(50, 150), Interval(40, 50, False, True), "at-or-below"),
        (D, Interval(50, 150, False, True), Interval(150, 160), "at-or-above"),
        (D, Interval(50, 150), Interval(150, 160, True), "at-or-above"),
        (A, Interval(50, 150), Interval(90, 100), "overlap"),
        (C, Interval(50, 150), Interval(90, 200), "overlap"),
    ],
)
def test_the_role_of_a_count_of_the_same_kind(outcome, claim_iv, ev, role):
    assert ch._same_role(outcome, claim_iv, ev) == role


def test_the_roles_of_bounds():
    assert ch.BOUND_ROLES == {
        "lower": {A: "implies-from-below", C: "not-above", D: "above"},
        "upper": {A: "implies-from-above", C: "not-below", D: "below"},
    }


# ------------------------------------------------------------------ figures of a source
@pytest.fixture()
def counts(project):
    """A claim of 100 registered NGOs in 2010 and a builder of projects with figures."""

    def build(*figures, c=None, **kw):
        return small(project, claims=[c or claim()], figures=figures, **kw)

    return build


def figure_check(p, claim_id="c"):
    return ch.figure_checks(p, p.claims[claim_id])


def test_a_figure_of_the_same_kind_and_year_agrees(counts):
    x = only(figure_check(counts(figure(value=100))))
    assert (x.rule, x.basis, x.outcome) == ("same-period", "independent", A)
    assert x.assumptions == () and x.roles == (("f", "overlap"),)
    assert x.recomputed == Interval(100, 100) and x.point == 100
    assert x.sentence.endswith("which agrees with the stated 100 NGOs.")
    assert x.evidence[0].ref == "f" and x.evidence[0].table == "figures"


def test_a_figure_of_the_same_kind_and_year_disagrees(counts):
    x = only(figure_check(counts(figure(value=150))))
    assert x.outcome == D and x.roles == (("f", "above"),)
    assert x.sentence.endswith("which the stated 100 NGOs excludes.")
    low = only(figure_check(counts(figure(value=50))))
    assert low.roles == (("f", "below"),)


def test_a_one_sided_figure_only_overlaps(counts):
    x = only(figure_check(counts(figure(value=90, qualifier="over"))))
    assert x.outcome == C
    assert x.sentence.endswith("which overlaps the stated 100 NGOs without confirming it.")


def test_a_figure_that_holds_the_claim_agrees_in_its_own_words(counts):
    x = only(figure_check(counts(figure(value=104, qualifier="about"))))
    assert x.outcome == A and x.point == 104
    assert x.sentence.endswith("; the stated 100 NGOs lies within it.")


def test_a_figure_of_a_year_the_claim_spans_is_of_the_same_period(counts):
    c = claim(period="2008-2012")
    assert only(figure_check(counts(figure(period="2008"), c=c))).rule == "same-period"
    assert only(figure_check(counts(figure(period="2012"), c=c))).rule == "same-period"
    assert only(figure_check(counts(figure(period="2012-2014"), c=c))).rule == "same-period"
    assert only(figure_check(counts(figure(period="2007"), c=c))).rule.endswith("other-year")
    assert only(figure_check(counts(figure(period="2013"), c=c))).rule.endswith("other-year")


def test_only_figures_of_the_claims_country_and_indicator_count(counts):
    assert figure_check(counts(figure(country="uzbekistan"))) == []
    assert figure_check(counts(figure(indicator="ngo_grants"))) == []
    assert ch.figure_checks(counts(figure()), claim(kind="date", unit="year")) == []
    share = claim(kind="share", unit="percent", value=50, indicator="ngo_share")
    p = counts(figure(indicator="ngo_share", unit="percent", value=50), c=share)
    assert only(figure_check(p)).outcome == A


def test_counts_of_no_kind_compare_as_the_same(counts):
    c = claim(definition="", scope="", indicator="prize_fund", unit="million_kzt")
    f = figure(definition="", scope="", indicator="prize_fund", unit="million_kzt")
    assert only(figure_check(counts(f, c=c))).outcome == A
    # a count of a kind against a claim of none cannot be compared
    assert figure_check(counts(figure(indicator="prize_fund", unit="million_kzt"), c=c)) == []


def test_a_narrower_count_bounds_from_below_only(counts):
    # operating organisations are among the registered: 90 operating allow 100 registered
    x = only(figure_check(counts(figure(value=90, definition="operating"))))
    assert (x.rule, x.outcome) == ("lower-bound", C)
    assert "operating-among-registered" in x.assumptions
    assert x.roles == (("f", "not-above"),)
    assert x.sentence.endswith(
        "bounds the article's from below only, and the stated 100 NGOs is not below it."
    )
    # 100 operating imply at least 100 registered: that agrees, but only as 'consistent'
    assert only(figure_check(counts(figure(value=100, definition="operating")))).outcome == C
    y = only(figure_check(counts(figure(value=120, definition="operating"))))
    assert y.outcome == D and y.roles == (("f", "above"),)
    assert y.sentence.endswith("and the stated 100 NGOs is below it.")


def test_a_narrower_count_can_imply_a_floor(counts):
    x = only(
        figure_check(counts(figure(value=150, definition="operating"), c=claim(qualifier="over")))
    )
    assert (x.rule, x.outcome, x.roles) == ("lower-bound", A, (("f", "implies-from-below"),))
    assert x.sentence.endswith("and the stated more than 100 NGOs follows from it.")
    # (a count's 'fewer than' starts at zero, which no ceiling implies; a ratio's does not)
    c = claim(definition="operating", qualifier="under", unit="times")
    y = only(figure_check(counts(figure(value=90, unit="times"), c=c)))
    assert (y.rule, y.outcome) == ("upper-bound", A)
    assert y.sentence.endswith("and the stated less than 100 times follows from it.")


def test_a_narrower_count_far_below_tests_nothing(counts):
    assert figure_check(counts(figure(value=5, definition="operating"))) == []


def test_a_broader_count_bounds_from_above_only(counts):
    c = claim(definition="operating")
    x = only(figure_check(counts(figure(value=120), c=c)))
    assert (x.rule, x.outcome) == ("upper-bound", C)
    assert x.roles == (("f", "not-below"),)
    assert x.sentence.endswith(
        "bounds the article's from above only, and the stated 100 NGOs is not above it."
    )
    y = only(figure_check(counts(figure(value=80), c=c)))
    assert y.outcome == D and y.sentence.endswith("the stated 100 NGOs is above it.")
    assert y.roles == (("f", "below"),)
    assert figure_check(counts(figure(value=5000), c=c)) == []


def test_counts_unrelated_in_kind_are_not_compared(counts):
    c = claim(definition="active")
    assert figure_check(counts(figure(definition="reporting"), c=c)) == []
    # narrower in one dimension and broader in the other
    c = claim(definition="operating", scope="ngos")
    f = figure(definition="registered", scope="public_associations")
    assert figure_check(counts(f, c=c)) == []


def test_an_earlier_count_bounds_from_below_if_counts_do_not_fall(counts):
    x = only(figure_check(counts(figure(value=90, period="2005"))))
    assert (x.rule, x.outcome) == ("lower-bound-other-year", C)
    assert x.assumptions == ("no-fall",)
    assert (
        "If the count did not fall from 2005 to 2010, the article's was at least that" in x.sentence
    )
    assert x.sentence.endswith("which allows the stated 100 NGOs.")
    assert x.roles == (("f", "not-above"),)
    y = only(figure_check(counts(figure(value=120, period="2005"))))
    assert y.outcome == D and y.sentence.endswith("which excludes the stated 100 NGOs.")
    z = only(figure_check(counts(figure(value=100, period="2005"), c=claim(qualifier="at_least"))))
    assert z.outcome == A and z.sentence.endswith("which implies the stated at least 100 NGOs.")
    assert z.roles == (("f", "implies-from-below"),)


def test_a_later_count_bounds_from_above(counts):
    x = only(figure_check(counts(figure(value=120, period="2015"))))
    assert (x.rule, x.outcome) == ("upper-bound-other-year", C)
    assert "did not fall from 2010 to 2015, the article's was at most that (120 NGOs)" in x.sentence
    assert only(figure_check(counts(figure(value=90, period="2015")))).outcome == D


def test_a_later_count_bounds_nothing_from_below(counts):
    # a narrower count of a later year cannot bound from above, nor a broader earlier one
    assert figure_check(counts(figure(value=120, period="2015", definition="operating"))) == []
    c = claim(definition="operating")
    assert figure_check(counts(figure(value=90, period="2005"), c=c)) == []
    # but a broader count of a later year can
    assert only(figure_check(counts(figure(value=120, period="2015"), c=c))).outcome == C


def test_counts_of_other_years_come_nearest_year_first(counts):
    fs = [
        figure("f2001", 50, period="2001"),
        figure("f2008", 60, period="2008"),
        figure("f2020", 300, period="2020"),
        figure("f2012", 200, period="2012"),
    ]
    got = [x.evidence[0].ref for x in figure_check(counts(*fs))]
    assert got == ["f2008", "f2001", "f2012", "f2020"]


def test_a_claim_about_the_present_rests_on_the_articles_date(counts):
    c = claim(period="now")
    same = only(figure_check(counts(figure(period="2021"), c=c)))
    assert same.assumptions == ("article-present",)
    later = only(figure_check(counts(figure(value=90, period="2015"), c=c)))
    assert later.assumptions == ("no-fall", "article-present")
    assert "did not fall from 2015 to the article's present" in later.sentence
    c = claim(period="2019-now")
    assert only(figure_check(counts(figure(period="2022"), c=c))).assumptions == (
        "article-present",
    )
    upper = only(figure_check(counts(figure(value=110, period="2023"), c=claim(period="now"))))
    assert "did not fall from the article's present to 2023" in upper.sentence


def test_a_derived_count_of_the_sources_is_a_candidate(counts):
    d = derived(
        "d", Interval(95, 105), 100, indicator="ngo_count", definition="registered",
        scope="ngos", period="2010",
    )  # fmt: skip
    x = only(figure_check(counts(derived_figures=[d])))
    assert x.outcome == A and x.roles == () and x.evidence[0].table == "derived"
    article = derived("d", Interval(95, 105), 100, indicator="ngo_count", basis="article")
    assert figure_check(counts(derived_figures=[article])) == []


# ------------------------------------------------------------------------ derived figures
def test_a_recomputed_figure_against_its_claim(project):
    c = claim(value=7, unit="times", kind="change", indicator="growth")
    for iv, outcome, verb in (
        (Interval(6.9, 7.1), A, "agrees with"),
        (Interval(7.04, 8), C, "overlaps"),
        (Interval(8, 9), D, "excludes"),
    ):
        d = derived("d", iv, iv.hi, claim_id="c", unit="times", basis="article")
        x = only(ch.derived_checks(small(project, claims=[c], derived_figures=[d]), c))
        assert (x.rule, x.basis, x.outcome) == ("recomputed", "article", outcome)
        assert x.sentence.startswith("From the article's own figures, the a derived figure is")
        assert f"which {verb} the stated 7 times." in x.sentence
    d = derived("d", Interval(6.9, 7.1), 7, claim_id="c", unit="times", assumptions=("no-fall",))
    x = only(ch.derived_checks(small(project, claims=[c], derived_figures=[d]), c))
    assert x.basis == "independent" and x.sentence.startswith("From the sources,")
    assert x.assumptions == ("no-fall",) and x.recomputed == Interval(6.9, 7.1) and x.point == 7


def test_a_whole_number_test(project):
    c = claim(value=10, unit="prizes", kind="figure", indicator="prizes")
    d = derived("d", Interval(2.5, 3.5), 3, claim_id="c", unit="prizes", test="whole",
                label="prizes per direction")  # fmt: skip
    x = only(ch.derived_checks(small(project, claims=[c], derived_figures=[d]), c))
    assert (x.rule, x.outcome) == ("whole-number", A)
    assert x.sentence.endswith(": a whole number of them, 3.")
    assert x.sentence.startswith("Prizes per direction is")
    d = derived("d", Interval(3.2, 3.4), 3.3, claim_id="c", unit="prizes", test="whole")
    x = only(ch.derived_checks(small(project, claims=[c], derived_figures=[d]), c))
    assert x.outcome == D and x.sentence.endswith(": not a whole number of them.")


def test_a_claim_that_feeds_a_recomputed_figure_sees_its_test(project):
    a = claim("a", 10, unit="times", kind="change", indicator="growth")
    b = claim("b", 5)
    for iv, outcome, word in (
        (Interval(9, 11), C, "agrees with"),
        (Interval(20, 30), D, "contradicts"),
    ):
        d = derived("d", iv, iv.lo, claim_id="a", inputs=("b",), basis="article", unit="times")
        p = small(project, claims=[a, b], derived_figures=[d])
        x = only(ch.derived_checks(p, b))
        assert (x.rule, x.basis, x.outcome) == ("feeds-recomputed", "article", outcome)
        assert [e.ref for e in x.evidence] == ["d", "a"]
        assert x.sentence.startswith("It feeds a derived figure, ")
        assert x.sentence.endswith(f"which {word} the article's 10 times.")
    # a figure computed with a source's figure tests its claim, not its inputs
    d = derived("d", Interval(9, 11), 10, claim_id="a", inputs=("b",), basis="mixed")
    assert ch.derived_checks(small(project, claims=[a, b], derived_figures=[d]), b) == []
    d = derived("d", Interval(9, 11), 10, inputs=("b",), basis="article")  # tests nothing
    assert ch.derived_checks(small(project, claims=[a, b], derived_figures=[d]), b) == []


# ---------------------------------------------------------------------------------- events
def date_claim(year="2005", qualifier="exact", indicator="forum.3", section="kazakhstan"):
    return claim(
        value=int(year[:4]), period=year, qualifier=qualifier, unit="year", kind="date",
        indicator=indicator, definition="", scope="", section=section,
    )  # fmt: skip


def event_check(project, c, *events, figures=()):
    p = small(project, claims=[c], events=events, figures=figures)
    return ch.event_checks(p, c)


def test_an_event_reported_held_in_the_year_agrees(project):
    x = only(event_check(project, date_claim(), event(year=2005, ordinal=3)))
    assert (x.rule, x.outcome, x.assumptions) == ("dated-event", A, ())
    assert x.roles == (("e", "overlap"),) and x.point == 2005.0
    assert x.sentence.endswith(", in the years the article gives.")
    assert x.recomputed == Interval(2005, 2005)


def test_an_event_of_another_year_disagrees(project):
    x = only(event_check(project, date_claim(), event(year=2007, ordinal=3)))
    assert x.outcome == D and x.roles == (("e", "above"),)
    assert x.sentence.endswith(", not in 2005 as the article has it.")
    y = only(event_check(project, date_claim(), event(year=2003, ordinal=3)))
    assert y.roles == (("e", "below"),)


def test_an_event_not_yet_held_rests_on_its_announcement(project):
    x = only(event_check(project, date_claim(), event(year=2005, ordinal=3, status="scheduled")))
    assert x.assumptions == ("held-as-announced",)
    y = only(event_check(project, date_claim(), event(year=2005, ordinal=3, status="adopted")))
    assert y.assumptions == ()
    z = only(
        event_check(project, date_claim(), event(year=2005, ordinal=3, assumption_id="drc-is-cfi"))
    )
    assert z.assumptions == ("drc-is-cfi",)
    both = event(year=2005, ordinal=3, status="announced", assumption_id="drc-is-cfi")
    assert only(event_check(project, date_claim(), both)).assumptions == (
        "held-as-announced",
        "drc-is-cfi",
    )


def test_a_span_against_a_span_must_match(project):
    c = date_claim("2004-2006", indicator="programme")
    ok = only(event_check(project, c, event(year=2004, end_year=2006, name="programme")))
    assert ok.outcome == A and ok.point is None and ok.recomputed == Interval(2004, 2006)
    off = only(event_check(project, c, event(year=2004, end_year=2007, name="programme")))
    assert off.outcome == D
    assert off.sentence.endswith(": 2004–2007, not 2004–2006 as the article has it.")
    # a single year against a stated span: its first year agrees, another year within it
    # neither confirms nor excludes it
    first = only(event_check(project, c, event(year=2004, name="programme")))
    assert first.outcome == A and first.roles == (("e", "overlap"),)
    within = only(event_check(project, c, event(year=2005, name="programme")))
    assert within.outcome == C and within.roles == (("e", "overlap"),)
    assert within.sentence.endswith(
        ": one year within the article's 2004–2006, which neither confirms nor excludes the span."
    )
    outside = only(event_check(project, c, event(year=2008, name="programme")))
    assert outside.outcome == D and outside.sentence.endswith(
        ", not in 2004–2006 as the article has it."
    )
    # a decade is a year somewhere in it: an event that begins in it agrees
    decade = claim(value=2010, period="2010-2019", unit="decade", kind="date", indicator="programme",
                   definition="", scope="")  # fmt: skip
    assert (
        only(
            event_check(project, decade, event(year=2011, end_year=2013, name="programme"))
        ).outcome
        == A
    )
    about = date_claim("2004-2006", qualifier="about", indicator="programme")
    assert (
        only(event_check(project, about, event(year=2003, end_year=2009, name="programme"))).outcome
        == A
    )


def test_events_of_other_countries_and_names_are_not_compared(project):
    c = date_claim()
    assert event_check(project, c, event(ordinal=3, country="uzbekistan")) == []
    assert event_check(project, c, event(ordinal=4)) == []
    assert event_check(project, c, event(name="congress", ordinal=3)) == []
    assert (
        event_check(project, date_claim(section="region"), event(ordinal=3, country="region")) == []
    )
    assert (
        ch.event_checks(small(project, events=[event(ordinal=3)]), claim(indicator="forum.3")) == []
    )


def series(*years, status="held"):
    return [
        event(f"e{n}", y, ordinal=n, status=status, label=f"forum {n}")
        for n, y in enumerate(years, start=1)
        if y is not None
    ]


def test_the_nth_event_lies_between_its_neighbours(project):
    x = only(
        event_check(project, date_claim("2005"), *series(2003, 2004, None, 2007)), "between-events"
    )
    assert x.outcome == C and x.recomputed == Interval(2004, 2007)
    assert [e.ref for e in x.evidence] == ["e2", "e4"]
    assert x.roles == (("e2", "not-above"), ("e4", "not-below"))
    assert x.sentence == "It lies between forum 2 (2004) and forum 4 (2007), both reported held."
    y = only(
        event_check(project, date_claim("2009"), *series(2003, 2004, None, 2007)), "between-events"
    )
    assert y.outcome == D
    assert y.sentence.startswith("It does not lie between forum 2 (2004)")
    # the nearest neighbours, not the first and last
    z = only(
        event_check(project, date_claim("2005"), *series(2001, 2003, None, 2006, 2009)),
        "between-events",
    )
    assert z.recomputed == Interval(2003, 2006)


def test_a_neighbour_not_held_is_no_neighbour(project):
    events = series(2003, 2004) + [event("e4", 2007, ordinal=4, status="scheduled")]
    assert [x.rule for x in event_check(project, date_claim("2005"), *events)] == []


def test_a_missing_neighbour_gives_no_between_check(project):
    assert event_check(project, date_claim("2005"), *series(2003, 2004)) == []
    later_only = [event("e4", 2007, ordinal=4), event("e5", 2009, ordinal=5)]
    assert event_check(project, date_claim("2005"), *later_only) == []
    # and a series needs a number
    assert event_check(project, date_claim("2005", indicator="forum"), *series(2003, 2004)) == []


def test_the_nth_event_at_the_series_rhythm(project):
    step = figure("step", 2, indicator="forum_interval", unit="years", definition="", scope="")
    x = only(event_check(project, date_claim("2007"), *series(2003), figures=[step]), "rhythm")
    assert (x.outcome, x.assumptions) == (A, ("series-rhythm",))
    assert x.recomputed == point(2007) and x.point == 2007.0
    assert (
        x.sentence
        == "At the rhythm of once in 2 years from forum 1 in 2003, the third would fall in 2007."
    )
    assert [e.ref for e in x.evidence] == ["step", "e1"]
    y = only(event_check(project, date_claim("2006"), *series(2003), figures=[step]), "rhythm")
    assert y.outcome == D
    # no first event held, or no rhythm: no check
    assert (
        event_check(project, date_claim("2007"), *series(2003, status="scheduled"), figures=[step])
        == []
    )
    assert event_check(project, date_claim("2007"), *series(2003)) == []


# ------------------------------------------------------------------- the article's own words
def stage_claim(cid, country, n, quote, period, indicator="stage"):
    return claim(
        cid, n, section=country, unit="ordinal", kind="enumeration", indicator=indicator,
        definition="", scope="", quote=quote, period=period,
    )  # fmt: skip


def scheme(project, *extra_claims, extra_stages=(), periods=3):
    """The region's scheme: 'three periods' from 1991, 2000 and 2010."""
    announced = stage_claim(
        "count", "region", periods, "three periods", "1991-now", "periodisation"
    )
    region = [
        stage_claim("r1", "region", 1, "from 1991 to 2000", "1991-2000"),
        stage_claim("r2", "region", 2, "from 2000 to 2010", "2000-2010"),
        stage_claim("r3", "region", 3, "from 2010 to now", "2010-now"),
    ]
    stages = [
        stage("region", 1, 1991, "r1"),
        stage("region", 2, 2000, "r2"),
        stage("region", 3, 2010, "r3"),
    ]
    return small(
        project, claims=[announced, *region, *extra_claims], stages=stages + list(extra_stages)
    )


def test_the_number_of_periods_is_counted(project):
    p = scheme(project)
    x = only(ch.enumeration_checks(p, p.claims["count"]))
    assert (x.rule, x.basis, x.outcome) == ("count-listed", "article", A)
    assert x.sentence == "The article goes on to name 3 periods, starting 1991, 2000, 2010."
    assert x.recomputed == point(3) and x.point == 3.0
    assert [e.ref for e in x.evidence] == ["region-1", "region-2", "region-3"]
    p = scheme(project, periods=4)
    assert only(ch.enumeration_checks(p, p.claims["count"])).outcome == D


def test_the_nth_event_is_counted_from_the_dated_ones(project):
    dated = [
        date_claim(y, indicator=f"forum.{i}")
        for i, y in enumerate(("2003", "2005", "2007", "2009"), 1)
    ]
    dated = [claim(f"d{i}", int(d.value), **_date_kw(d)) for i, d in enumerate(dated, 1)]
    nth = claim("n", 3, unit="ordinal", kind="enumeration", indicator="forum", period="2007",
                definition="", scope="")  # fmt: skip
    p = small(project, claims=[nth, *dated])
    x = only(ch.enumeration_checks(p, nth))
    assert (x.rule, x.outcome) == ("count-dated", A)
    assert x.sentence == "The article gives 3 of them dated up to 2007: 2003, 2005, 2007."
    wrong = claim("n", 4, unit="ordinal", kind="enumeration", indicator="forum", period="2007")
    p = small(project, claims=[wrong, *dated])
    assert only(ch.enumeration_checks(p, wrong)).outcome == D


def _date_kw(d):
    return dict(unit="year", kind="date", indicator=d.indicator, period=d.period.text,
                definition="", scope="", quote=d.quote)  # fmt: skip


def test_a_total_is_counted_from_the_same_sentence(project):
    listed = [
        claim("y1", 2003, quote="in 2003 and 2005", **_kw("forum.a", "2003")),
        claim("y2", 2005, quote="in 2003 and 2005", **_kw("forum.b", "2005")),
        claim("y3", 2005, quote="in 2003 and 2005", **_kw("forum.c", "2005")),  # same year once
        claim("y4", 2009, quote="elsewhere", **_kw("forum.d", "2009")),
    ]
    total = claim(
        "t", 2, unit="ngos", kind="enumeration", indicator="forum", quote="in 2003 and 2005"
    )
    p = small(project, claims=[total, *listed])
    x = only(ch.enumeration_checks(p, total))
    assert x.outcome == A
    assert (
        x.sentence == "The article gives 2 of them listed in the same sentence: 2003, 2005, 2005."
    )
    other = claim("t", 2, kind="enumeration", indicator="congress")
    assert ch.enumeration_checks(small(project, claims=[other, *listed]), other) == []
    assert ch.enumeration_checks(p, claim(kind="figure")) == []


def _kw(indicator, year):
    return dict(unit="year", kind="date", indicator=indicator, period=year, definition="", scope="")


def test_periods_of_the_scheme_meet_end_to_start(project):
    p = scheme(project)
    mid = ch.scheme_checks(p, p.claims["r2"])
    assert [(x.rule, x.outcome) for x in mid] == [("in-scheme", C), ("in-scheme", C)]
    assert [x.sentence for x in mid] == [
        "It starts where the one before ends (2000).",
        "It ends where the one after starts (2010).",
    ]
    assert [e.ref for x in mid for e in x.evidence] == ["r1", "r3"]
    first = ch.scheme_checks(p, p.claims["r1"])
    assert len(first) == 1 and first[0].sentence == "It ends where the one after starts (2000)."
    # the last runs to now: nothing after it to meet
    assert len(ch.scheme_checks(p, p.claims["r3"])) == 1


def test_a_period_that_does_not_meet_its_neighbour(project):
    p = scheme(project)
    gap = stage_claim("r2", "region", 2, "from 2001 to 2010", "2001-2010")
    p.claims["r2"] = gap
    x = ch.scheme_checks(p, gap)[0]
    assert x.outcome == D and x.sentence == "It does not: 2001 against 2000."


def test_a_period_beyond_the_announced_number(project):
    p = scheme(project, periods=2)
    x = ch.scheme_checks(p, p.claims["r3"])[-1]
    assert (x.outcome, x.sentence) == (D, "The article announces 2 periods, not 3.")
    assert only(ch.scheme_checks(scheme(project), scheme(project).claims["r3"])).outcome == C


def country_stages(project, *starts, periods=3):
    cs = [
        stage_claim(f"s{n}", "kazakhstan", n, f"began in {y}", f"{y}")
        for n, y in enumerate(starts, start=1)
    ]
    st = [stage("kazakhstan", n, y, f"s{n}") for n, y in enumerate(starts, start=1)]
    return scheme(project, *cs, extra_stages=st, periods=periods)


def test_a_countrys_stage_starts_with_a_period_of_the_region(project):
    p = country_stages(project, 1991, 2000, 2010)
    x = only(ch.scheme_checks(p, p.claims["s2"]))
    assert (x.rule, x.outcome) == ("stage-aligned", C)
    assert x.sentence == "It starts in 2000, where the region's second period starts (2000)."
    assert x.recomputed == point(2000) and x.point == 2000.0


def test_a_stage_that_starts_elsewhere(project):
    p = country_stages(project, 1991, 2003, 2010)
    x = only(ch.scheme_checks(p, p.claims["s2"]))
    assert x.outcome == D and x.recomputed is None and x.point is None
    assert (
        x.sentence
        == "It starts in 2003, where the region's period of the same place in the scheme does not."
    )
    # a stage numbered second must start with the second period, not any period
    p = country_stages(project, 1991, 2010)
    assert only(ch.scheme_checks(p, p.claims["s2"])).outcome == D


def test_stages_before_independence_shift_the_numbering(project):
    p = country_stages(project, 1985, 1991, 2000, 2010)
    x = only(ch.scheme_checks(p, p.claims["s3"]))
    assert x.outcome == C
    assert x.sentence == (
        "It starts in 2000, where the region's second period starts (2000); it is numbered "
        "third because the article tells a stage before independence."
    )
    p = country_stages(project, 1980, 1985, 1991, 2000, 2010)
    assert ch.scheme_checks(p, p.claims["s4"])[0].sentence.endswith(
        "tells stages before independence."
    )
    # and a stage before the scheme begins has nothing to align with
    assert ch.scheme_checks(p, p.claims["s1"]) == []


def test_more_stages_than_periods(project):
    p = country_stages(project, 1991, 2000, 2010, 2015)
    x = ch.scheme_checks(p, p.claims["s4"])
    assert [(y.rule, y.outcome) for y in x] == [("stages-exceed-periods", D), ("stage-aligned", D)]
    assert x[0].sentence == (
        "The article announces 3 periods for the region from 1991, but this is the fourth stage "
        "of Kazakhstan since then."
    )
    assert x[0].recomputed == point(4) and x[0].point == 4.0
    assert len(x[0].evidence) == 3 + 4
    p = country_stages(project, 1985, 1991, 2000, 2010)
    assert [y.rule for y in ch.scheme_checks(p, p.claims["s4"])] == ["stage-aligned"]


def test_a_stage_start_given_as_a_date(project):
    p = country_stages(project, 1991, 2000)
    start = date_claim("2010-2019", indicator="stage_start")
    p.claims["start"] = start
    x = only(ch.scheme_checks(p, start))
    assert x.outcome == C and x.sentence.startswith(
        "It starts in 2010–2019, where the region's third"
    )
    off = date_claim("2011-2019", indicator="stage_start")
    assert only(ch.scheme_checks(p, off)).outcome == D
    early = date_claim("1985", indicator="stage_start")
    assert ch.scheme_checks(p, early) == []
    assert ch.scheme_checks(p, date_claim("2005", indicator="forum.3")) == []


def test_a_stage_not_in_the_periods_table_aligns_with_nothing(project):
    p = country_stages(project, 1991)
    orphan = stage_claim("orphan", "kazakhstan", 2, "began in 2000", "2000")
    assert ch.scheme_checks(p, orphan) == []


def test_a_claim_told_within_a_stage(project):
    p = country_stages(project, 1991, 2000, 2010)
    for period, outcome, verb in (
        ("1995", C, "falls in"),
        ("1998-2001", C, "mostly falls in"),
        ("1999-2002", D, "falls outside"),  # half its years in the stage: not most
        ("2005", D, "falls outside"),
    ):
        c = date_claim(period, indicator="congress")
        p.claims["c"] = c
        p.placements = {"c": placement("c", "kazakhstan", 1, "in those years")}
        x = only(ch.placement_checks(p, c))
        assert (x.rule, x.outcome) == ("in-stage", outcome)
        assert x.recomputed == Interval(1991, 2000)
        assert x.sentence.endswith(f"{verb} that stage."), x.sentence
        assert "Kazakhstan's first stage (1991–2000)" in x.sentence
        assert (
            x.evidence[0].text
            == "the article tells it in Kazakhstan's first stage (1991–2000): “in those years”"
        )
    p.placements = {"c": placement("c", "kazakhstan", 3)}
    assert "third stage (2010 on)" in only(ch.placement_checks(p, c)).sentence
    assert ch.placement_checks(p, claim("other", kind="date", unit="year")) == []


def test_the_last_stage_runs_to_the_present(project):
    p = country_stages(project, 1991, 2000, 2010)
    assert ch.stage_span(p, "kazakhstan", 3) == Interval(2010, 2022)
    assert ch.stage_span(p, "kazakhstan", 2) == Interval(2000, 2010)


def test_a_stage_that_starts_in_a_run_of_years(project):
    p = country_stages(project, 1991)
    decade = stage_claim("s2", "kazakhstan", 2, "began in the 2010s", "2010-2019")
    p.claims["s2"] = decade
    p.stages.append(stage("kazakhstan", 2, 2010, "s2"))
    assert ch.stage_span(p, "kazakhstan", 1) == Interval(1991, 2019)
    p.placements = {"c": placement("c", "kazakhstan", 1)}
    c = date_claim("1995", indicator="congress")
    assert (
        "first stage (1991 until a year in 2010–2019)" in only(ch.placement_checks(p, c)).sentence
    )


@pytest.mark.parametrize(
    "kind, values, outcome",
    [
        ("rising", (10, 20, 30), C),
        ("rising", (10, 20, 15), D),
        ("rising", (10, 10, 10), C),
        ("not-rising", (30, 20, 20), C),
        ("not-rising", (30, 20, 30), D),
        ("not-rising", (10, 20, 30), D),
        ("ordered", (10, 20, 30), C),
        ("ordered", (10, 10, 30), C),
        ("ordered", (20, 10, 30), D),
        ("parts-of-whole", (30, 30, 40), C),
        ("parts-of-whole", (30, 30, 41), D),
    ],
)
def test_relations_between_the_articles_figures(project, kind, values, outcome):
    cs = [claim(f"c{i}", v, period=str(2000 + i)) for i, v in enumerate(values)]
    p = small(project, claims=cs, relations=[relation("r", kind, "c0", "c1", "c2")])
    results = [only(ch.relation_checks(p, c)) for c in cs]
    # the middle figure sees both its neighbours, so it fails whenever any pair fails
    assert results[1].outcome == outcome
    assert all(x.rule == kind and x.basis == "article" for x in results)
    assert [e.ref for e in results[1].evidence] == ["c0", "c2"]


def test_a_relation_judges_only_the_pairs_a_figure_is_in(project):
    cs = [claim(f"c{i}", v, period=str(2000 + i)) for i, v in enumerate((10, 20, 15))]
    p = small(project, claims=cs, relations=[relation("r", "rising", "c0", "c1", "c2")])
    assert [only(ch.relation_checks(p, c)).outcome for c in cs] == [C, D, D]


def test_a_relations_sentence_and_assumption(project):
    cs = [claim("a", 10, period="2000"), claim("b", 5, period="2010-now")]
    p = small(
        project,
        claims=cs,
        relations=[relation("r", "rising", "a", "b", assumption_id="drc-is-cfi")],
    )
    x = only(ch.relation_checks(p, cs[0]))
    assert x.assumptions == ("drc-is-cfi",)
    assert x.sentence == (
        "The article says “they say so”: read as the number rose, it fails for 10 NGOs (2000), "
        "5 NGOs (2010–today)."
    )
    p = small(project, claims=cs, relations=[relation("r", "not-rising", "a", "b")])
    x = only(ch.relation_checks(p, cs[0]))
    assert x.assumptions == () and "read as there was no steady growth, it holds" in x.sentence
    p = small(project, claims=cs, relations=[relation("r", "ordered", "a", "b")])
    assert (
        "read as the first lies below the second, it fails"
        in only(ch.relation_checks(p, cs[0])).sentence
    )
    p = small(project, claims=cs, relations=[relation("r", "parts-of-whole", "a", "b")])
    assert (
        "read as these are parts of one whole, it holds"
        in only(ch.relation_checks(p, cs[0])).sentence
    )
    assert ch.relation_checks(p, claim("other")) == []


def test_all_checks_gathers_every_checker(project):
    c = claim()
    p = small(project, claims=[c], figures=[figure(value=100), figure("g", 90, period="2005")])
    assert [x.rule for x in ch.all_checks(p, c)] == ["same-period", "lower-bound-other-year"]


def test_derive_all_is_computed_once_per_project(project):
    first = ch.derive_all(project)
    assert ch.derive_all(project) is first and first


def test_firmness_reads_the_assumptions(project):
    from ngoclaims.claims.verdicts import firmness

    p = small(project, assumptions=[assumption("x", "refuted"), assumption("y", "untested")])

    def check(*assumptions):
        return ch.Check("r", "independent", A, (), assumptions, "")

    assert firmness(p, check()) == "firm"
    assert firmness(p, check("article-present")) == "firm"
    assert firmness(p, check("y")) == "conditional"
    assert firmness(p, check("y", "x")) == "void"
    assert firmness(p, check("x", "article-present")) == "void"


# ------------------------------------------------------------------- edges the data miss
def test_a_bound_that_excludes_the_claim_tests_it_however_far(counts):
    c = claim(value=5000, qualifier="about", definition="operating")
    x = only(figure_check(counts(figure(value=100), c=c)))  # a broader count of a hundred
    assert (x.rule, x.outcome) == ("upper-bound", D)
    y = only(figure_check(counts(figure(value=60000, definition="operating"), c=claim(value=5000))))
    assert (y.rule, y.outcome) == ("lower-bound", D)  # a narrower count of sixty thousand
    # and one that falls far short of it tests nothing
    assert figure_check(counts(figure(value=500_000), c=c)) == []


def test_a_count_implies_fewer_than_a_ceiling(counts):
    c = claim(value=100, qualifier="under", definition="operating")
    x = only(figure_check(counts(figure(value=80), c=c)))
    assert (x.rule, x.outcome, x.roles) == ("upper-bound", A, (("f", "implies-from-above"),))


def test_a_count_of_no_definition_compares_whatever_its_scope(counts):
    c = claim(definition="", scope="", indicator="prize_fund", unit="million_kzt")
    f = figure(definition="", scope="ngos", indicator="prize_fund", unit="million_kzt")
    assert only(figure_check(counts(f, c=c))).outcome == A


def test_an_asymmetric_derived_count_agrees_by_its_reading(counts):
    # read as printed (104) the sources' figure lies in the claim's 95-105; its interval,
    # 101-120, neither holds the claim's 100 nor lies within it
    c = claim(value=100, qualifier="about", unit="million_kzt", indicator="fund")
    d = derived("d", Interval(101, 120), 104, indicator="fund", definition="registered",
                scope="ngos", period="2010", unit="million_kzt")  # fmt: skip
    assert only(figure_check(counts(c=c, derived_figures=[d]))).outcome == A
    tested = derived("t", Interval(101, 120), 104, claim_id="c", unit="million_kzt")
    p = counts(c=c, derived_figures=[tested])
    assert only(ch.derived_checks(p, p.claims["c"])).outcome == A


def test_a_span_that_starts_right_but_ends_wrong_bounds_no_year(project):
    c = date_claim("2004-2006", indicator="programme")
    x = only(event_check(project, c, event(year=2004, end_year=2007, name="programme")))
    assert x.outcome == D and x.roles == ()
    y = only(event_check(project, c, event(year=2007, end_year=2009, name="programme")))
    assert y.roles == (("e", "above"),)
    z = only(event_check(project, c, event(year=2006, end_year=2008, name="programme")))
    assert z.outcome == D and z.roles == ()  # its year is the claim's last


def test_a_series_name_may_hold_a_dot(project):
    events = [
        event(f"e{n}", y, ordinal=n, name="civil.forum", label=f"forum {n}")
        for n, y in ((2, 2004), (4, 2007))
    ]
    x = only(event_check(project, date_claim("2005", indicator="civil.forum.3"), *events))
    assert x.rule == "between-events" and x.outcome == C


def test_only_an_enumeration_counts_dated_claims(project):
    dated = claim("d1", 2003, **_kw("forum.a", "2003"))
    figure_claim = claim("n", 1, kind="figure", indicator="forum")
    p = small(project, claims=[figure_claim, dated])
    assert ch.enumeration_checks(p, figure_claim) == []


def test_the_first_period_has_only_a_next_one(project):
    p = scheme(project, periods=1)
    x = ch.scheme_checks(p, p.claims["r1"])
    assert [(y.rule, y.outcome) for y in x] == [("in-scheme", C)]
    assert x[0].sentence == "It ends where the one after starts (2000)."
    beyond = ch.scheme_checks(p, p.claims["r2"])[-1]
    assert (beyond.rule, beyond.basis, beyond.outcome) == ("in-scheme", "article", D)
    assert beyond.assumptions == () and [e.ref for e in beyond.evidence] == ["count"]
    assert beyond.recomputed is None


def test_every_check_of_the_article_is_on_the_articles_basis(project):
    p = country_stages(project, 1991, 2000, 2010, 2015)
    for x in ch.scheme_checks(p, p.claims["s4"]) + ch.scheme_checks(p, p.claims["r2"]):
        assert x.basis == "article" and x.assumptions == () and x.roles == ()
    exceed = ch.scheme_checks(p, p.claims["s4"])[0]
    assert [e.text for e in exceed.evidence][:1] == ["the region's first period from 1991"]
    assert exceed.evidence[-1].text == "Kazakhstan's fourth stage from 2015"
    assert exceed.evidence[-1].table == "periods" and exceed.evidence[-1].source_id == "article"
    assert exceed.evidence[-1].interval == point(2015) and exceed.evidence[-1].period == "2015"


@pytest.mark.parametrize(
    "iv, outcome, words",
    [
        (Interval(2.5, 3.5), A, "a whole number of them, 3"),
        (Interval(3.5, 7.2), A, "whole numbers of them, 4 to 7"),
        (Interval(1199.5, 1200.5), A, "a whole number of them, 1,200"),
        (Interval(0, 0.4), A, "a whole number of them, 0"),
        (Interval(3.2, 3.4), D, "not a whole number of them"),
    ],
)
def test_whole_words(iv, outcome, words):
    assert ch._whole_words(iv) == (outcome, words)
