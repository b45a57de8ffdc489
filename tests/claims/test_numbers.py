import pytest

from ngoclaims.claims.numbers import candidates, decade_spans, implied_years, tokens, value_in_text


@pytest.mark.parametrize(
    "text,printed,value,form",
    [
        ("over 5,100 NGOs", "5,100", 5100, "digits"),
        ("by 7.2 times", "7.2", 7.2, "digits"),
        ("made up 14.4% of", "14.4%", 14.4, "percent"),
        ("In the late 1990s", "1990s", 1990, "decade"),
        ("in the 10th years", "10th", 10, "ordinal"),
        ("in 2003-2005.", "2003-2005", 2003, "range"),
        ("On March 17, 2003, the", "March 17, 2003", 2003, "date"),
        ("does not exceed 5 thousand US dollars", "5 thousand", 5000, "digits"),
        ("a total of four NGO forums", "four", 4, "word"),
        ("The fourth stage", "fourth", 4, "ordinal"),
        ("the first decade of", "decade", 10, "word"),
        ("порядка 4,5 миллиона тенге", "4,5 миллиона", 4_500_000, "digits"),
        ("In 2016 – 8 600", "8 600", 8600, "digits"),
    ],
)
def test_every_form_of_number_is_found(text, printed, value, form):
    found = {t.text: t for t in tokens(text)}
    assert printed in found, found
    assert value in found[printed].values
    assert found[printed].form == form


def test_double_scale_is_flagged():
    (t,) = [t for t in tokens("more than 50,000 thousand US dollars") if t.double_scale]
    assert t.values == (50_000_000,)
    assert not any(t.double_scale for t in tokens("5 thousand US dollars"))


@pytest.mark.parametrize(
    "value,text,unit,ok",
    [
        ("95", "there were 95 NGOs", "ngos", True),
        ("96", "there were 95 NGOs", "ngos", False),
        ("33.3", "only around one third of them", "percent", True),
        ("33.4", "only around one third of them", "percent", False),
        ("4.5", "порядка 4,5 миллиона тенге", "million_kzt", True),
        ("45", "порядка 4,5 миллиона тенге", "million_kzt", False),
        ("0", "не работает ни одно из", "ngos", True),
        ("50", "the majority of Kyrgyz CSOs", "percent", True),
        ("4", "National IV Civil Forum", "ordinal", True),
    ],
)
def test_a_value_must_be_one_its_quote_prints(value, text, unit, ok):
    assert value_in_text(value, text, unit) is ok


def test_years_a_quote_implies():
    assert {1991, 2000} <= implied_years(
        "covers the period from independence to the beginning of the new century"
    )
    assert set(range(2010, 2020)) <= implied_years("began in the 10th years of the new century")
    assert implied_years("In the late 1990s") == set(range(1995, 2000))
    assert implied_years("the NGO sector in the 1990s") == set(range(1990, 2000))
    assert implied_years("About 700 copies") == set()
    assert 2009.0 in candidates("scheduled on October, 6-7, 2009")


@pytest.mark.parametrize(
    "text, unit, values",
    [
        ("5 percent", "percent", {5.0}),
        ("one third of them", "percent", {1.0, 1 / 3, 100 / 3}),  # 'one' is a number too
        ("one third of them", "", {1.0, 1 / 3}),
        ("one third of them", "ngos", {1.0, 1 / 3}),
        ("порядка 4,5 миллиона тенге", "million_kzt", {4_500_000.0, 4.5}),
        ("7,5 млрд тенге", "billion_kzt", {7_500_000_000.0, 7.5}),
        ("7,5 млрд тенге", "million_kzt", {7_500_000_000.0, 7500.0}),
        ("the IV Civil Forum in the 1990s", "decade", {4.0, 1990.0}),
        ("the IV Civil Forum in the 1990s", "", {4.0, 1990.0}),
        ("the fourth forum, 10 NGOs", "ordinal", {4.0}),
        ("the fourth forum, 10 NGOs", "ngos", {10.0}),
        ("the fourth forum, 10 NGOs", "", {4.0, 10.0}),
    ],
)
def test_candidates_exactly(text, unit, values):
    assert sorted(candidates(text, unit)) == pytest.approx(sorted(values), rel=1e-12)


@pytest.mark.parametrize(
    "text, spans",
    [
        ("in the 1900s", [(1900, 1909)]),
        ("in the 2100s", [(2100, 2109)]),
        ("in the 1890s", []),
        ("in the 2110s", []),
        ("in the 2101s", []),
        ("in the early 1990s", [(1990, 1994)]),
        ("in the mid-1990s", [(1993, 1996)]),
        ("in the late 1990s", [(1995, 1999)]),
        ("in the first decade of the post-Soviet era", [(1991, 2000)]),
        ("the 2nd years of the new century", [(2002, 2011)]),
    ],
)
def test_decade_spans(text, spans):
    assert decade_spans(text) == spans


def test_digits_grouped_by_a_non_breaking_space():
    (t,) = tokens("In 2016 \u2013 8\u00a0600 NGOs")[1:]
    assert t.values == (8600.0,) and t.form == "digits"


@pytest.mark.parametrize(
    "text, form",
    [
        ("one third of them", "fraction"),
        ("a third of them", "fraction"),
        ("only        third", "fraction"),  # however far the count word is
        ("data third", "ordinal"),  # 'a' inside a word is no count
        ("one-third of them", "fraction"),
        ("One third of them", "fraction"),
        ("the third forum", "ordinal"),
    ],
)
def test_a_fraction_needs_a_count_word_before_it(text, form):
    assert [t.form for t in tokens(text) if t.text == "third"] == [form]


def test_a_russian_fraction():
    assert [(t.text, t.form) for t in tokens("Только треть")] == [("треть", "fraction")]


def test_a_decimal_comma_after_grouped_digits():
    assert [t.values for t in tokens("всего 12 345,6 млн")] == [(12_345_600_000.0,)]
    assert [t.values for t in tokens("в 2016 - 8 600")] == [(2016.0,), (8600.0,)]
