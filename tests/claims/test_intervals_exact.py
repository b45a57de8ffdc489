"""Exact results of the interval arithmetic: each operation's ends and whether each end is
open or closed, the errors for operands out of range, the text a reader sees, and the
tightness of the property tests (for closed intervals the bounds are reached)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ngoclaims.claims.intervals import (
    INF,
    Interval,
    cagr,
    fmt,
    from_qualifier,
    growth_factor,
    integer_hull,
    point,
    product,
    rounding_interval,
    share,
    whole_ends,
)


def ends(iv: Interval) -> tuple:
    return (iv.lo, iv.hi, iv.lo_open, iv.hi_open)


# ------------------------------------------------------------------------- construction
def test_an_infinite_end_is_always_open():
    assert ends(Interval(1, INF)) == (1, INF, False, True)
    assert ends(Interval(-INF, 1)) == (-INF, 1, True, False)


@pytest.mark.parametrize(
    "args, message",
    [
        ((2, 1), r"^empty or invalid interval \[2, 1\]$"),
        ((1, 1, True, False), "^empty interval at 1$"),
        ((1, 1, False, True), "^empty interval at 1$"),
        ((math.nan, 1), r"^empty or invalid interval \[nan, 1\]$"),
        ((1, math.nan), r"^empty or invalid interval \[1, nan\]$"),
    ],
)
def test_empty_or_invalid_intervals_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        Interval(*args)


def test_a_point_is_closed():
    assert ends(point(3)) == (3, 3, False, False)


# --------------------------------------------------------------------------- predicates
def test_contains_respects_each_end():
    iv = Interval(1, 2, True, False)
    assert not iv.contains(1) and iv.contains(1.5) and iv.contains(2) and not iv.contains(2.1)
    iv = Interval(1, 2, False, True)
    assert iv.contains(1) and not iv.contains(2) and not iv.contains(0.9)


@pytest.mark.parametrize(
    "a,b,expected",
    [
        (Interval(1, 2), Interval(1, 2), True),
        (Interval(1, 2, True, False), Interval(1, 2), True),
        (Interval(1, 2), Interval(1, 2, True, False), False),  # 1 is in a, not in b
        (Interval(1, 2), Interval(1, 2, False, True), False),  # 2 is in a, not in b
        (Interval(1, 2, False, True), Interval(1, 2), True),
        (Interval(1.5, 2), Interval(1, 3), True),
        (Interval(0, 2), Interval(1, 3), False),
        (Interval(1, 4), Interval(1, 3), False),
    ],
)
def test_within_at_equal_ends(a, b, expected):
    assert a.within(b) is expected


def test_intersect_keeps_the_tighter_end_and_its_openness():
    i = Interval(1, 3, True, False).intersect(Interval(1, 2, False, True))
    assert ends(i) == (1, 2, True, True)
    i = Interval(0, 5).intersect(Interval(2, 9, True, True))
    assert ends(i) == (2, 5, True, False)
    assert Interval(0, 1, False, True).intersect(Interval(1, 2)) is None  # touching at an open end
    assert ends(Interval(0, 1).intersect(Interval(1, 2))) == (1, 1, False, False)
    assert Interval(0, 1).intersect(Interval(2, 3)) is None
    assert Interval(0, 1).overlaps(Interval(1, 2)) and not Interval(0, 1).overlaps(Interval(2, 3))


def test_bounded_and_mid():
    assert Interval(1, 3).bounded and not Interval(1, INF).bounded and not Interval(-INF, 1).bounded
    assert Interval(1, 3).mid == 2
    assert Interval(5, INF).mid == 5 and Interval(-INF, 4).mid == 4


# ---------------------------------------------------------------------------- arithmetic
def test_sum_adds_ends_and_an_open_end_stays_open():
    assert ends(Interval(1, 2) + Interval(10, 20)) == (11, 22, False, False)
    assert ends(Interval(1, 2, True, False) + Interval(10, 20)) == (11, 22, True, False)
    assert ends(Interval(1, 2) + Interval(10, 20, False, True)) == (11, 22, False, True)
    assert ends(Interval(1, 2) + Interval(10, INF)) == (11, INF, False, True)


def test_difference_takes_opposite_ends():
    assert ends(Interval(10, 20) - Interval(1, 2)) == (8, 19, False, False)
    assert ends(Interval(10, 20, True, False) - Interval(1, 2, False, True)) == (8, 19, True, False)
    assert ends(Interval(10, 20) - Interval(1, 2, True, False)) == (8, 19, False, True)
    assert ends(Interval(10, 20) - Interval(1, 2, False, True)) == (8, 19, True, False)
    assert ends(Interval(10, 20, False, True) - Interval(1, 2)) == (8, 19, False, True)


def test_product_of_closed_ends_is_closed_and_of_open_ends_open():
    assert ends(Interval(2, 3) * Interval(4, 5)) == (8, 15, False, False)
    assert ends(Interval(2, 3, True, False) * Interval(4, 5)) == (8, 15, True, False)
    assert ends(Interval(2, 3) * Interval(4, 5, False, True)) == (8, 15, False, True)
    assert ends(Interval(2, 3) * Interval(4, INF)) == (8, INF, False, True)
    # either factor's open end opens the product's
    assert ends(Interval(2, 3) * Interval(4, 5, True, False)) == (8, 15, True, False)
    assert ends(Interval(2, 3, False, True) * Interval(4, 5)) == (8, 15, False, True)


def test_a_product_with_a_zero_end_is_closed_there():
    # 0 reached by either closed factor makes 0 reached, even if the other end is open
    assert ends(Interval(0, 3) * Interval(4, 5, True, False)) == (0, 15, False, False)
    assert ends(Interval(4, 5, True, False) * Interval(0, 3)) == (0, 15, False, False)
    assert ends(Interval(0, 3) * Interval(0, INF)) == (0, INF, False, True)
    # a closed upper end of zero makes the product's upper end zero and closed
    assert ends(Interval(0, 0) * Interval(4, 5, False, True)) == (0, 0, False, False)
    assert ends(Interval(4, 5, False, True) * Interval(0, 0)) == (0, 0, False, False)
    # nothing times an unbounded factor is still nothing, whichever side it is on
    assert ends(Interval(0, 0) * Interval(4, INF)) == (0, 0, False, False)
    assert ends(Interval(4, INF) * Interval(0, 0)) == (0, 0, False, False)


def test_quotient():
    assert ends(Interval(10, 20) / Interval(2, 5)) == (2, 10, False, False)
    assert ends(Interval(10, 20, True, False) / Interval(2, 5)) == (2, 10, True, False)
    assert ends(Interval(10, 20) / Interval(2, 5, False, True)) == (2, 10, True, False)
    assert ends(Interval(10, 20) / Interval(2, 5, True, False)) == (2, 10, False, True)
    assert ends(Interval(10, 20, False, True) / Interval(2, 5)) == (2, 10, False, True)
    assert ends(Interval(10, 20) / Interval(2, INF)) == (0, 10, True, False)
    assert ends(Interval(10, 20) / Interval(0, 5)) == (2, INF, False, True)
    assert ends(Interval(10, INF) / Interval(2, 5)) == (2, INF, False, True)
    assert ends(Interval(0, 10) / Interval(2, 5)) == (0, 5, False, False)  # zero divides


@pytest.mark.parametrize("op", ["mul", "div"])
def test_negative_operands_are_refused(op):
    f = (lambda a, b: a * b) if op == "mul" else (lambda a, b: a / b)
    for a, b in ((Interval(-1, 2), Interval(1, 2)), (Interval(1, 2), Interval(-1, 2))):
        with pytest.raises(
            ValueError,
            match=f"^{'multiplication' if op == 'mul' else 'division'} is defined here for non-negative intervals only$",
        ):
            f(a, b)


def test_division_by_zero_is_refused():
    with pytest.raises(ZeroDivisionError, match=r"^divisor interval is \[0, 0\]$"):
        Interval(1, 2) / point(0)


def test_scale_power_shift_clamp():
    assert ends(Interval(1, 2, True, False).scale(3)) == (3, 6, True, False)
    assert ends(Interval(1, INF).scale(0)) == (0, 0, False, False)
    with pytest.raises(ValueError, match="^scale factor must be non-negative$"):
        Interval(1, 2).scale(-1)
    assert ends(Interval(4, 9, False, True).power(0.5)) == (2, 3, False, True)
    assert ends(Interval(4, INF).power(0.5)) == (2, INF, False, True)
    assert ends(Interval(0, 4).power(0.5)) == (0, 2, False, False)
    for bad in ((Interval(1, 2), 0), (Interval(1, 2), -1), (Interval(-1, 2), 2)):
        with pytest.raises(ValueError, match="^power needs p > 0 and a non-negative interval$"):
            bad[0].power(bad[1])
    assert ends(Interval(1, 2, True, False).shift(-1)) == (0, 1, True, False)
    assert ends(Interval(-5, 150).clamp(0, 100)) == (0, 100, False, False)
    assert ends(Interval(200, 300).clamp(0, 100)) == (100, 100, False, False)
    assert ends(Interval(100, 200, True).clamp(0, 100)) == (100, 100, False, False)
    assert ends(Interval(-3, -1).clamp(0, 100)) == (0, 0, False, False)
    assert ends(Interval(20, 30).clamp(0, 100)) == (20, 30, False, False)


def test_growth_cagr_share_product():
    assert ends(growth_factor(point(10), point(30))) == (3, 3, False, False)
    c = cagr(point(100), point(144), 2)
    assert c.lo == pytest.approx(0.2) and c.hi == pytest.approx(0.2)
    for years in (0, -1):
        with pytest.raises(ValueError, match="^years must be positive$"):
            cagr(point(1), point(2), years)
    s = share(point(25), point(200))
    assert (s.lo, s.hi) == (12.5, 12.5)  # in percent, exactly
    assert ends(share(point(300), point(200))) == (100, 100, False, False)  # a part is no larger
    assert ends(product([point(2), point(3), Interval(1, 2)])) == (6, 12, False, False)
    assert ends(product([])) == (1, 1, False, False)


# ----------------------------------------------------------------------- stated figures
def test_rounding_interval_of_the_digits_shown():
    assert ends(rounding_interval("68.7")) == pytest.approx((68.65, 68.75, False, True))
    assert ends(rounding_interval("5,100")) == (5099.5, 5100.5, False, True)
    assert ends(rounding_interval("7")) == (6.5, 7.5, False, True)


@pytest.mark.parametrize(
    "q,expected",
    [
        ("about", (95.0, 105.0, False, False)),
        ("over", (100.0, INF, True, True)),
        ("at_least", (100.0, INF, False, True)),
        ("under", (-INF, 100.0, True, True)),
        ("at_most", (-INF, 100.0, True, False)),
    ],
)
def test_each_qualifier(q, expected):
    assert ends(from_qualifier("100", q, "")) == expected


def test_qualifiers_on_counts_and_money():
    assert ends(from_qualifier("100", "about", "", tolerance=0.1)) == pytest.approx(
        (90, 110, False, False)
    )
    assert ends(from_qualifier("300", "under", "million_kzt")) == (0, 300, False, True)
    assert ends(from_qualifier("300", "at_most", "percent")) == (0, 300, False, False)
    assert ends(from_qualifier("5100", "over", "ngos")) == (5101, INF, False, True)
    assert ends(from_qualifier("800", "about", "ngos")) == (760, 840, False, False)
    assert ends(from_qualifier("95", "exact", "ngos")) == (95, 95, False, False)
    assert ends(from_qualifier("5,100", "over", "ngos")) == (5101, INF, False, True)
    assert ends(from_qualifier("1,250.5", "about", "million_kzt")) == pytest.approx(
        (1187.975, 1313.025, False, False)
    )
    # a non-negative unit cuts below zero only: an open end at zero stays open
    assert ends(from_qualifier("0", "over", "percent")) == (0, INF, True, True)
    assert ends(from_qualifier("0.5", "over", "percent")) == (0.5, INF, True, True)
    assert ends(from_qualifier("0.5", "under", "percent")) == (0, 0.5, False, True)
    with pytest.raises(ValueError, match="^unknown qualifier 'roughly'$"):
        from_qualifier("1", "roughly", "")


@pytest.mark.parametrize(
    "iv,expected",
    [
        (Interval(94.5, 95.5, False, True), (95, 95, False, False)),
        (Interval(94.5, 96, False, True), (95, 95, False, False)),  # 96 is excluded
        (Interval(95, 96, True, False), (96, 96, False, False)),  # 95 is excluded
        (Interval(95, 97), (95, 97, False, False)),
        (Interval(5100, INF, True, True), (5101, INF, False, True)),
        (Interval(-INF, 7.5, True, True), (-INF, 7, True, False)),
        (Interval(5.2, 5.8), (5.2, 5.8, False, False)),  # no whole number inside: unchanged
    ],
)
def test_integer_hull(iv, expected):
    assert ends(integer_hull(iv)) == expected


# ------------------------------------------------------------------------------- text
def test_describe_to_the_digits_asked():
    assert Interval(64.12, 70.88).describe() == "between 64.1 and 70.9"
    assert Interval(53.68, INF, True, True).describe(0) == "more than 54"
    assert Interval(-INF, 5.55, True, True).describe(0) == "less than 6"
    assert Interval(-INF, 5.55).describe(2, "units") == "at most 5.55 units"


@pytest.mark.parametrize(
    "iv,text",
    [
        (Interval(-INF, INF), "any value"),
        (Interval(53.68, INF, True, True), "more than 53.7"),
        (Interval(53.68, INF), "at least 53.7"),
        (Interval(-INF, 5, True, True), "less than 5"),
        (Interval(-INF, 5), "at most 5"),
        (Interval(64.12, 70.88), "between 64.1 and 70.9"),
        (Interval(68.71, 68.74), "68.7"),
    ],
)
def test_describe(iv, text):
    assert iv.describe(1) == text
    if iv.bounded or not (math.isinf(iv.lo) and math.isinf(iv.hi)):
        assert iv.describe(1, "units") == text + " units"


def test_str_and_fmt():
    assert str(Interval(1, INF, True, True)) == "(1, inf)"
    assert str(Interval(-INF, 2.5, True, False)) == "(-inf, 2.5]"
    assert str(Interval(1, 2, False, True)) == "[1, 2)"
    assert fmt(6.25) == "6.3" and fmt(68.25) == "68.3"  # half up, as a reader rounds
    assert fmt(4966, 0) == "4,966" and fmt(2.0) == "2" and fmt(2.50, 2) == "2.5"
    assert fmt(INF) == "∞" and fmt(-INF) == "−∞"
    assert str(Interval(-INF, INF)) == "(-inf, inf)"
    assert str(Interval(1234567, 1234567)) == "[1.23457e+06, 1.23457e+06]"


@pytest.mark.parametrize(
    "x, digits, text",
    [
        (1234.5678, 2, "1,234.57"),
        (1234.5, 0, "1,235"),
        (1200.0, 0, "1,200"),
        (100.0, 1, "100"),
        (10.0, 2, "10"),
        (100.5, 2, "100.5"),
        (0.05, 1, "0.1"),
        (0.04, 1, "0"),
        (2.675, 2, "2.68"),  # the printed decimal, not its binary neighbour
        (-1.25, 1, "-1.3"),
    ],
)
def test_fmt(x, digits, text):
    assert fmt(x, digits) == text


# --------------------------------------------------- properties: containment and tightness
finite = st.floats(min_value=0.01, max_value=1e5, allow_nan=False)


@st.composite
def closed(draw):
    a, b = sorted((draw(finite), draw(finite)))
    return Interval(a, b)


@given(closed(), closed())
def test_closed_results_reach_their_bounds(a, b):
    """For closed operands each end of the result is attained by the operands' ends, so a
    wider interval (a wrong sign or a wrong end) fails."""
    cases = {
        "+": (a + b, [x + y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]),
        "-": (a - b, [x - y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]),
        "*": (a * b, [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]),
        "/": (a / b, [x / y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]),
    }
    for op, (iv, corners) in cases.items():
        assert iv.lo == pytest.approx(min(corners)) and iv.hi == pytest.approx(max(corners)), op
        assert not iv.lo_open and not iv.hi_open, op


@pytest.mark.parametrize(
    "iv, ends",
    [
        (Interval(2.5, 3.5), (3, 3)),
        (Interval(2, 3), (2, 3)),
        (Interval(2, 3, True, False), (3, 3)),  # an open end leaves its own whole number out
        (Interval(2, 3, True, True), None),
        (Interval(0, 0.4), (0, 0)),  # nothing is a whole number
        (Interval(-3, 1.5), (-3, 1)),
        (Interval(4.5, INF, False, True), (5, INF)),
        (Interval(-INF, 2.5, True), (-INF, 2)),
        (Interval(3.2, 3.4), None),
        (Interval(7, 7), (7, 7)),
    ],
)
def test_whole_ends(iv, ends):
    assert whole_ends(iv) == ends
