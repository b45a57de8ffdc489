import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ngoclaims.claims.intervals import (
    INF,
    Interval,
    cagr,
    from_qualifier,
    growth_factor,
    integer_hull,
    point,
    rounding_interval,
    share,
)


def test_exact_is_the_rounding_interval_of_the_digits_shown():
    iv = rounding_interval("68.7")
    assert (iv.lo, iv.hi, iv.lo_open, iv.hi_open) == (
        pytest.approx(68.65),
        pytest.approx(68.75),
        False,
        True,
    )
    assert iv.contains(68.65) and not iv.contains(68.75)
    assert rounding_interval("5100").lo == 5099.5


@pytest.mark.parametrize(
    "q,inside,outside",
    [
        ("about", [95.0, 105.0], [94.9, 105.1]),
        ("round", [95.0, 105.0], [94.9, 105.1]),
        ("over", [100.0001, 1e9], [100.0, 99.0]),
        ("at_least", [100.0, 1e9], [99.99]),
        ("under", [99.99, -1e9], [100.0]),
        ("nearly", [99.99, -1e9], [100.0]),
        ("at_most", [100.0, 0.0], [100.01]),
    ],
)
def test_qualifiers(q, inside, outside):
    iv = from_qualifier("100", q, "")
    assert all(iv.contains(x) for x in inside)
    assert not any(iv.contains(x) for x in outside)


def test_counts_are_whole_numbers():
    assert from_qualifier("95", "exact", "ngos") == point(95)
    assert from_qualifier("5100", "over", "ngos") == Interval(5101, INF, False, True)
    assert integer_hull(Interval(94.5, 95.5, False, True)) == point(95)


def test_over_5100_from_95_is_a_growth_factor_above_53_7_not_53_7():
    g = growth_factor(from_qualifier("95", "exact", "ngos"), from_qualifier("5100", "over", "ngos"))
    assert g.lo > 53.68 and math.isinf(g.hi)
    assert g.describe(1) == "at least 53.7"
    assert g.describe(1) != "53.7"


def test_cagr_and_share():
    c = cagr(point(100), point(121), 2)
    assert c.lo == pytest.approx(0.1) and c.hi == pytest.approx(0.1)
    s = share(from_qualifier("50", "over", ""), from_qualifier("800", "over", ""))
    assert s.lo == 0 and s.hi == 100  # two lower bounds bound nothing


def test_empty_interval_is_refused():
    with pytest.raises(ValueError):
        Interval(2, 1)
    with pytest.raises(ValueError):
        Interval(1, 1, True, False)


finite = st.floats(min_value=0.001, max_value=1e6, allow_nan=False)


@st.composite
def intervals(draw):
    a, b = sorted((draw(finite), draw(finite)))
    assume(b > a)
    return Interval(a, b, draw(st.booleans()), draw(st.booleans()))


@st.composite
def member(draw, iv):
    t = draw(st.floats(min_value=0.0, max_value=1.0))
    x = iv.lo + t * (iv.hi - iv.lo)
    assume(iv.contains(x))
    return x


@given(st.data(), intervals(), intervals())
def test_arithmetic_encloses_every_pointwise_result(data, a, b):
    x, y = data.draw(member(a)), data.draw(member(b))
    eps = 1e-9
    for iv, v in ((a + b, x + y), (a - b, x - y), (a * b, x * y), (a / b, x / y)):
        widened = Interval(iv.lo - eps * (1 + abs(iv.lo)), iv.hi + eps * (1 + abs(iv.hi)))
        assert widened.contains(v)


@given(intervals(), intervals())
def test_intersection_is_symmetric_and_inside_both(a, b):
    i, j = a.intersect(b), b.intersect(a)
    assert i == j
    if i is not None:
        assert i.within(a) and i.within(b) and a.overlaps(b)
    else:
        assert not a.overlaps(b)


@given(intervals(), st.floats(min_value=0.5, max_value=50))
def test_cagr_is_monotone_in_the_end_value(a, years):
    lo, hi = cagr(point(1.0), point(a.lo), years), cagr(point(1.0), point(a.hi), years)
    assert lo.lo <= hi.lo
