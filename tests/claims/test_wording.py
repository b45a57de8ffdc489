"""The exact words the engine puts around a number (wording.py, sentences.py): a changed
unit word, qualifier, rounding or branch of a sentence fails here."""

from __future__ import annotations

import pytest

from builders import claim, event, figure, small
from ngoclaims.claims import sentences as st
from ngoclaims.claims import wording as w
from ngoclaims.claims.intervals import INF, Interval, point


@pytest.mark.parametrize(
    "unit, scope, word",
    [
        ("ngos", "", "NGOs"),
        ("ngos", "csos", "CSOs"),
        ("ngos", "public_associations", "public associations"),
        ("ngos", "something_else", "NGOs"),
        ("percent", "csos", "%"),
        ("billion_kzt", "", "billion tenge"),
        ("year", "", ""),
        ("cows", "", "cows"),
    ],
)
def test_unit_words(unit, scope, word):
    assert w.unit_word(unit, scope) == word


@pytest.mark.parametrize(
    "iv, unit, digits, scope, text",
    [
        (Interval(1995, 1999), "year", None, "", "1995–1999"),
        (Interval(1995, 1995), "decade", None, "", "1995"),
        (Interval(2010, INF, False, True), "year", None, "", "at least 2010"),
        (Interval(2000.4, 2000.4), "year", None, "", "2000"),
        (Interval(5.4, 9.2), "percent", None, "", "between 5.4% and 9.2%"),
        (Interval(53.7, INF, True, True), "percent", None, "", "more than 53.7%"),
        (Interval(5099.5, 5100.5), "ngos", None, "", "between 5,100 and 5,101 NGOs"),
        (Interval(23701, INF, False, True), "ngos", None, "csos", "at least 23,701 CSOs"),
        (Interval(1.2, 1.25), "billion_kzt", None, "", "between 1.2 and 1.25 billion tenge"),
        (Interval(1.2, 1.25), "billion_kzt", 1, "", "between 1.2 and 1.3 billion tenge"),
        (point(7.25), "times", None, "", "7.3 times"),
        (point(3), "ordinal", None, "", "3"),
    ],
)
def test_say(iv, unit, digits, scope, text):
    assert w.say(iv, unit, digits, scope) == text


def test_say_point_and_digits():
    assert w.say_point(68.72, "million_kzt") == "68.7 million tenge"
    assert w.say_point(68.72, "million_kzt", 2) == "68.72 million tenge"
    assert [w.digits_for(u) for u in ("ngos", "billion_kzt", "percent", "prizes")] == [0, 2, 1, 2]


@pytest.mark.parametrize(
    "x, iv, unit, text",
    [
        (
            53.7,
            Interval(53.7, INF, True, True),
            "times",
            "53.7 times (bounds: more than 53.7 times)",
        ),
        (68.7, Interval(68.7, 68.7), "million_kzt", "68.7 million tenge"),
        (68.7, Interval(68.66, 68.74), "million_kzt", "68.7 million tenge"),  # reads the same
        (None, Interval(1, 2), "times", "between 1 and 2 times"),
        (INF, Interval(1, INF, False, True), "times", "at least 1 times"),
        (float("nan"), Interval(1, 2), "times", "between 1 and 2 times"),
    ],
)
def test_reading(x, iv, unit, text):
    assert w.reading(x, iv, unit) == text


def test_reading_to_digits_asked():
    assert w.reading(68.72, Interval(68.66, 68.74), "million_kzt", digits=2) == (
        "68.72 million tenge (bounds: between 68.66 and 68.74 million tenge)"
    )


def test_reading_in_a_scope():
    assert w.reading(100, Interval(90, 110), "ngos", scope="csos") == (
        "100 CSOs (bounds: between 90 and 110 CSOs)"
    )


@pytest.mark.parametrize(
    "kw, stated, full",
    [
        (dict(value=5100, qualifier="over"), "more than 5,100 NGOs", "more than 5,100 NGOs"),
        (
            dict(value=700, qualifier="about"),
            "about 700 NGOs",
            "about 700 NGOs (between 665 and 735 NGOs)",
        ),
        (dict(value=33.3, unit="percent"), "33.3%", "33.3%"),
        (dict(value=12.345, unit="times"), "12.35 times", "12.35 times"),
        (dict(value=700, scope="csos"), "700 CSOs", "700 CSOs"),
        (dict(value=1990, unit="decade", period="1990-1999"), "1990–1999", "1990–1999"),
        (
            # an approximate date: the year it names, and the span it is read as
            dict(value=2005, unit="year", period="2005", qualifier="about"),
            "about 2005",
            "about 2005 (read as 2003–2007)",
        ),
        (dict(value=208, unit="decision_number", value_text="208"), "208", "208"),
        (dict(value=1208, unit="decision_number", value_text="1208"), "1208", "1208"),
        (
            dict(value=1990, unit="decade", period="1990-1999", qualifier="about"),
            "about 1990–1999",
            "about 1990–1999 (read as 1988–2001)",
        ),
        (dict(value=19358.255, unit="ngos"), "19,358.26 NGOs", "19,358.26 NGOs"),
        (dict(value=3, unit="ordinal"), "3", "3"),
        # 'nearly' is read as 'under' is, and printed as the source prints it
        (
            dict(value=300, qualifier="nearly", value_text="300"),
            "nearly 300 NGOs",
            "nearly 300 NGOs",
        ),
        # a round figure printed bare is printed bare, and read as 'about' is
        (
            dict(value=800, qualifier="round", value_text="800"),
            "800 NGOs",
            "800 NGOs (between 760 and 840 NGOs)",
        ),
    ],
)
def test_stated_text_and_full(kw, stated, full):
    c = claim(**kw)
    assert w.stated_text(c) == stated
    assert w.stated_full(c) == full


def test_a_figures_year_is_printed_as_its_source_gives_it():
    assert w.stated_text(figure(value=2005, unit="year", definition="", scope="")) == "2005"


@pytest.mark.parametrize(
    "definition, scope, words",
    [
        ("registered", "csos", "registered CSOs"),
        ("unspecified", "ngos", "NGOs"),
        ("in_good_standing", "public_associations", "active public associations"),
        ("", "", ""),
        ("operating", "clubs", "operating clubs"),
    ],
)
def test_count_words(definition, scope, words):
    assert w.count_words(definition, scope) == words


def test_figure_text(project):
    p = small(project)
    f = figure(
        value=19358, qualifier="over", scope="csos", period="2021-2022", source_id="icnl-2022"
    )
    who = p.sources["icnl-2022"].publisher
    assert w.figure_text(p, f) == f"{who} counts more than 19,358 registered CSOs in 2021–2022"
    g = figure(value=7.5, indicator="state_grants", unit="billion_kzt", source_id="icnl-2022")
    assert w.figure_text(p, g) == f"{who} gives 7.5 billion tenge for the state grants of 2010"
    assert w.publisher(p, "icnl-2022") == who
    odd = figure(value=1.2345, source_id="icnl-2022")
    assert w.figure_text(p, odd) == f"{who} counts 1.23 registered NGOs in 2010"


@pytest.mark.parametrize(
    "year, month, day, text",
    [(2007, 10, 18, "18 October 2007"), (2007, 1, None, "January 2007"), (2007, None, 5, "2007")],
)
def test_date_text(year, month, day, text):
    assert w.date_text(year, month, day) == text


@pytest.mark.parametrize(
    "status, end_year, verb",
    [
        ("held", None, "dates the forum 3 to 2005"),
        ("held", 2007, "dates the forum 3 from 2005 to 2007"),
        ("held", 2005, "dates the forum 3 to 2005"),  # a span of one year is a year
        ("adopted", None, "reports the forum 3 adopted for 2005"),
        ("adopted", 2007, "reports the forum 3 adopted from 2005 to 2007"),
        ("scheduled", None, "schedules the forum 3 for 2005"),
        ("scheduled", 2007, "schedules the forum 3 from 2005 to 2007"),
        ("announced", None, "announces the forum 3 for 2005"),
        ("announced", 2007, "announces the forum 3 from 2005 to 2007"),
    ],
)
def test_event_text(project, status, end_year, verb):
    e = event(year=2005, ordinal=3, status=status, end_year=end_year)
    assert w.event_text(small(project), e) == f"{project.sources['article'].publisher} {verb}"


@pytest.mark.parametrize(
    "n, word", [(1, "first"), (8, "eighth"), (9, "9th"), (0, "0th"), (-1, "-1th")]
)
def test_ordinal_word(n, word):
    assert w.ordinal_word(n) == word


@pytest.mark.parametrize(
    "text, shown",
    [("2010-now", "2010–today"), ("?-2016", "2016"), ("now", "today"), ("1991-2000", "1991–2000")],
)
def test_period_text(text, shown):
    assert w.period_text(text) == shown


# ------------------------------------------------------------------------------ sentences
@pytest.mark.parametrize(
    "iv, word",
    [
        (Interval(0, 1, True), "up"),
        (Interval(0, 1), "?"),
        (Interval(1e-9, 1), "up"),
        (Interval(-1, 0, False, True), "down"),
        (Interval(-1, 0), "?"),
        (Interval(-1, -1e-9), "down"),
    ],
)
def test_direction_at_zero(iv, word):
    assert st.direction(iv, "up", "down", "?") == word


def test_real_change_in_words():
    assert st.real_change(Interval(-30, -10)) == "In real terms the prize fund shrank"
    assert st.real_change(Interval(10, 30)) == "In real terms the prize fund grew"
    assert st.real_change(Interval(-10, 30)) == (
        "Whether the prize fund grew or shrank in real terms, the figures cannot tell"
    )


@pytest.mark.parametrize(
    "recomputed, stated, word",
    [
        (point(402.1), point(201), "more than twice"),
        (point(402), point(201), "above"),  # exactly twice is not more than twice
        (point(201.5), point(201), "above"),
        (point(201), point(201), "not clearly above"),
        (point(200.9), point(201), "below"),
        (Interval(150, 201), point(201), "not clearly above"),
        (point(5), point(0), "above"),  # twice nothing is no margin
        (point(-1), point(-5), "above"),
        (point(1.5), point(0.5), "more than twice"),  # twice a half is more than nothing
    ],
)
def test_margin_at_its_edges(recomputed, stated, word):
    assert st.margin(recomputed, stated) == word


@pytest.mark.parametrize(
    "verdicts, wanted, noun, phrase",
    [
        (["a", "a"], ("a",), "figure", "both figures"),
        (["b", "b"], ("a",), "figure", "neither figure"),
        (["a", "b"], ("a",), "figure", "one of the two figures"),
        (["a", "a", "a"], ("a",), "date", "all three dates"),
        (["b", "b", "b"], ("a",), "figure", "none of the three figures"),
        (["a", "b", "b", "b", "b"], ("a",), "figure", "one of the five figures"),
        (["a"] * 4 + ["b"] * 3, ("a",), "figure", "four of the seven figures"),
        (["a"] * 6, ("a", "c"), "figure", "all six figures"),
        (["b"] * 6, ("a",), "figure", "none of the six figures"),
        (["a"] * 11 + ["b"], ("a",), "figure", "11 of the 12 figures"),
        (["a", "c", "b", "b"], ("a", "c"), "figure", "two of the four figures"),
        (["a"], ("a",), "figure", "the figure"),
        (["a"] * 10, ("a",), "figure", "all ten figures"),
        (["a"] * 11, ("a",), "figure", "all 11 figures"),
        (["b"] * 12, ("a",), "figure", "none of the 12 figures"),
        (["b"], ("a",), "date", "no date"),
    ],
)
def test_count_phrase(verdicts, wanted, noun, phrase):
    assert st.count_phrase(verdicts, wanted, noun) == phrase


def test_count_phrase_counts_with_the_default_noun():
    assert st.count_phrase(["a", "b", "a"], ("a",)) == "two of the three figures"
    assert st.count_phrase([], ("a",)) == "no figure"


@pytest.mark.parametrize(
    "verdicts, phrase",
    [
        (["a"], "the date is"),
        (["b"], "no date is"),
        (["a", "a"], "both dates are"),
        (["b", "b"], "neither date is"),
        (["a", "b"], "one of the two dates is"),
        (["a", "b", "b"], "one of the three dates is"),
        (["a", "a", "b"], "two of the three dates are"),
        (["a", "a", "a"], "all three dates are"),
        (["b", "b", "b"], "none of the three dates are"),
    ],
)
def test_count_phrase_with_its_verb(verdicts, phrase):
    assert st.count_phrase(verdicts, ("a",), "date", ("is", "are")) == phrase


@pytest.mark.parametrize(
    "values, phrase",
    [
        ([1, 2], "all below"),
        ([4, 5], "all above"),
        ([3, 5], "at or above"),
        ([2, 3], "at or below"),
        ([1, 5], "some below and some above"),
        ([3, 3], "all equal to"),
    ],
)
def test_relative_to(values, phrase):
    assert st.relative_to(values, 3) == phrase


def test_allows_and_whole():
    assert st.allows(Interval(1, 2), Interval(2, 3)) == "allows"
    assert st.allows(Interval(1, 2, False, True), Interval(2, 3)) == "excludes"
    assert st.whole(Interval(2.5, 3.5), "prizes") == "a whole number of prizes"
    assert st.whole(Interval(3, 4, True, True), "prizes") == "not a whole number of prizes"
    assert st.whole(Interval(3, 4.5, True), "prizes") == "a whole number of prizes"
