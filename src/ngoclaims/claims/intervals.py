"""Intervals with open or closed ends, and the arithmetic that derived figures need.

A stated figure is an interval (docs/architecture.md, "What a stated figure means"): "over 5,100" is
(5100, inf), "about 700" is [665, 735], and "68.7" printed exactly is [68.65, 68.75).
Derived figures are computed on intervals, so "95 in 1991, over 5,100 by 2010" yields a
growth factor of more than 53.7, never a bare 53.7.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ngoclaims.claims.schema import APPROXIMATE, BELOW, MONEY_UNITS, WHOLE_UNITS
from ngoclaims.claims.schema import COUNT_UNITS as _COUNTED

INF = math.inf
ABOUT_TOLERANCE = 0.05
# 'About' on a year is a year or two either way, never a percentage of the year.
ABOUT_YEARS = 2
# Counts and money are never negative: 'nearly 300' is [0, 300), not (-inf, 300).
NON_NEGATIVE_UNITS = frozenset(_COUNTED + MONEY_UNITS + ("percent",))
# Counts are whole numbers: an exact "95" NGOs is the integer 95, not [94.5, 95.5).
COUNT_UNITS = frozenset(WHOLE_UNITS)


@dataclass(frozen=True)
class Interval:
    """A set of real numbers between two ends, each end open or closed; the ends may be infinite."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def __post_init__(self) -> None:
        if math.isnan(self.lo) or math.isnan(self.hi) or self.lo > self.hi:
            raise ValueError(f"empty or invalid interval [{self.lo}, {self.hi}]")
        if self.lo == self.hi and (self.lo_open or self.hi_open):
            raise ValueError(f"empty interval at {self.lo}")
        # An infinite end is always open.
        if math.isinf(self.lo) and not self.lo_open:
            object.__setattr__(self, "lo_open", True)
        if math.isinf(self.hi) and not self.hi_open:
            object.__setattr__(self, "hi_open", True)

    # --- predicates -------------------------------------------------------------------
    def contains(self, x: float) -> bool:
        """Whether x lies in the interval, its ends' openness respected."""
        above = x > self.lo if self.lo_open else x >= self.lo
        below = x < self.hi if self.hi_open else x <= self.hi
        return above and below

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share at least one number."""
        return self.intersect(other) is not None

    def within(self, other: Interval) -> bool:
        """True when every point of self lies in other."""
        lo_ok = self.lo > other.lo or (self.lo == other.lo and (self.lo_open or not other.lo_open))
        hi_ok = self.hi < other.hi or (self.hi == other.hi and (self.hi_open or not other.hi_open))
        return lo_ok and hi_ok

    def intersect(self, other: Interval) -> Interval | None:
        """The numbers both intervals hold, or None when they share none."""
        if self.lo > other.lo or (self.lo == other.lo and self.lo_open):
            lo, lo_open = self.lo, self.lo_open
        else:
            lo, lo_open = other.lo, other.lo_open
        if self.hi < other.hi or (self.hi == other.hi and self.hi_open):
            hi, hi_open = self.hi, self.hi_open
        else:
            hi, hi_open = other.hi, other.hi_open
        if lo > hi or (lo == hi and (lo_open or hi_open)):
            return None
        return Interval(lo, hi, lo_open, hi_open)

    @property
    def bounded(self) -> bool:
        """Whether both ends are finite."""
        return not (math.isinf(self.lo) or math.isinf(self.hi))

    @property
    def mid(self) -> float:
        """The middle of a bounded interval; the finite end of a half-bounded one."""
        return (
            (self.lo + self.hi) / 2
            if self.bounded
            else (self.lo if math.isinf(self.hi) else self.hi)
        )

    # --- arithmetic (ends computed exactly where possible, openness carried) -------------
    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.lo + other.lo,
            self.hi + other.hi,
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __sub__(self, other: Interval) -> Interval:
        return Interval(
            self.lo - other.hi,
            self.hi - other.lo,
            self.lo_open or other.hi_open,
            self.hi_open or other.lo_open,
        )

    def __mul__(self, other: Interval) -> Interval:
        if self.lo < 0 or other.lo < 0:
            raise ValueError("multiplication is defined here for non-negative intervals only")
        lo = self.lo * other.lo
        hi = _mul(self.hi, other.hi)
        # An end of a product is attained when both factors attain theirs, or one attains 0.
        lo_closed = (
            (not self.lo_open and not other.lo_open)
            or (not self.lo_open and self.lo == 0)
            or (not other.lo_open and other.lo == 0)
        )
        hi_closed = (
            (not self.hi_open and not other.hi_open)
            or (not self.hi_open and self.hi == 0)
            or (not other.hi_open and other.hi == 0)
        )
        return Interval(lo, hi, not lo_closed, not hi_closed or math.isinf(hi))

    def __truediv__(self, other: Interval) -> Interval:
        if self.lo < 0 or other.lo < 0:
            raise ValueError("division is defined here for non-negative intervals only")
        if other.hi == 0:
            raise ZeroDivisionError("divisor interval is [0, 0]")
        lo = self.lo / other.hi  # nothing finite divided by an unbounded divisor: 0
        hi = INF if other.lo == 0 else self.hi / other.lo
        lo_open = self.lo_open or other.hi_open
        hi_open = self.hi_open or other.lo_open or other.lo == 0
        return Interval(lo, hi, lo_open, hi_open)

    def scale(self, k: float) -> Interval:
        """Every number times k (k >= 0; zero gives the point 0)."""
        if k < 0:
            raise ValueError("scale factor must be non-negative")
        if k == 0:
            return point(0.0)  # every value times zero, an open or infinite end included
        return Interval(self.lo * k, self.hi * k, self.lo_open, self.hi_open)

    def power(self, p: float) -> Interval:
        """x**p for x >= 0 and p > 0 (monotone increasing)."""
        if p <= 0 or self.lo < 0:
            raise ValueError("power needs p > 0 and a non-negative interval")
        return Interval(self.lo**p, self.hi**p, self.lo_open, self.hi_open)

    def shift(self, k: float) -> Interval:
        """Every number plus k."""
        return Interval(self.lo + k, self.hi + k, self.lo_open, self.hi_open)

    def clamp(self, lo: float, hi: float) -> Interval:
        """The part within [lo, hi]; wholly above it, hi; wholly below it, lo."""
        inside = self.intersect(Interval(lo, hi))
        if inside is not None:
            return inside
        return point(hi) if self.lo >= hi else point(lo)

    # --- text ---------------------------------------------------------------------------
    def describe(self, digits: int = 1, unit: str = "") -> str:
        """How a reader says it: 'more than 53.7', 'between 64.1 and 70.9', '68.7'."""
        u = f" {unit}" if unit else ""
        if math.isinf(self.lo) and math.isinf(self.hi):
            return "any value"
        if math.isinf(self.hi):
            return f"{'more than' if self.lo_open else 'at least'} {fmt(self.lo, digits)}{u}"
        if math.isinf(self.lo):
            return f"{'less than' if self.hi_open else 'at most'} {fmt(self.hi, digits)}{u}"
        a, b = fmt(self.lo, digits), fmt(self.hi, digits)
        if a == b:
            return f"{a}{u}"
        return f"between {a} and {b}{u}"

    def __str__(self) -> str:
        lb = "(" if self.lo_open else "["
        rb = ")" if self.hi_open else "]"
        return f"{lb}{_num(self.lo)}, {_num(self.hi)}{rb}"


def _mul(a: float, b: float) -> float:
    if (math.isinf(a) and b == 0) or (math.isinf(b) and a == 0):
        return 0.0
    return a * b


def _num(x: float) -> str:
    return f"{x:.6g}"  # 'inf' and '-inf' as well


def fmt(x: float, digits: int = 1) -> str:
    """Thousands separators, fixed decimals rounded half up (6.25 -> 6.3, as a reader
    rounds), trailing '.0' dropped for whole numbers."""
    if math.isinf(x):
        return {INF: "∞", -INF: "−∞"}[x]
    q = Decimal(repr(x)).quantize(Decimal(10) ** -digits, rounding=ROUND_HALF_UP)
    return re.sub(r"\.?0+$", "", f"{q:,.{digits}f}") if digits > 0 else f"{q:,.0f}"


def point(x: float) -> Interval:
    """The closed interval holding x alone: a figure read exactly."""
    return Interval(x, x)


def rounding_interval(text: str) -> Interval:
    """The values that print as `text`: '68.7' -> [68.65, 68.75), '5,100' -> [5099.5, 5100.5)."""
    d = Decimal(text.replace(",", ""))
    exp = d.as_tuple().exponent
    half = Decimal(1).scaleb(exp) / 2
    return Interval(float(d - half), float(d + half), False, True)


def from_qualifier(
    text: str, qualifier: str, unit: str, tolerance: float = ABOUT_TOLERANCE
) -> Interval:
    """The interval a figure printed as `text` stands for (docs/architecture.md, "What a stated figure means")."""
    v = float(text.replace(",", ""))
    if qualifier == "exact":
        iv = rounding_interval(text)
    elif qualifier in APPROXIMATE:
        iv = Interval(v * (1 - tolerance), v * (1 + tolerance))
    elif qualifier == "over":
        iv = Interval(v, INF, lo_open=True)
    elif qualifier == "at_least":
        iv = Interval(v, INF)
    elif qualifier in BELOW:
        iv = Interval(-INF, v, hi_open=True)
    elif qualifier == "at_most":
        iv = Interval(-INF, v)
    else:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    if unit in NON_NEGATIVE_UNITS and iv.lo < 0:
        iv = Interval(0, iv.hi, False, iv.hi_open)
    if unit in COUNT_UNITS:
        iv = integer_hull(iv)
    return iv


def whole_ends(iv: Interval) -> tuple[float, float] | None:
    """The first and last whole numbers in an interval (infinite where it is unbounded), or
    None when it holds none: [94.5, 95.5) -> (95, 95); (5100, inf) -> (5101, inf)."""
    lo, hi = iv.lo, iv.hi
    if not math.isinf(lo):
        lo = math.floor(lo) + 1 if (iv.lo_open and lo == math.floor(lo)) else math.ceil(lo)
    if not math.isinf(hi):
        hi = math.ceil(hi) - 1 if (iv.hi_open and hi == math.ceil(hi)) else math.floor(hi)
    return (lo, hi) if lo <= hi else None


def integer_hull(iv: Interval) -> Interval:
    """Narrow to the whole numbers inside: [94.5, 95.5) -> [95, 95]; (5100, inf) -> [5101, inf).
    An interval that holds no whole number is left as it is."""
    ends = whole_ends(iv)
    return Interval(*ends) if ends else iv


def growth_factor(start: Interval, end: Interval) -> Interval:
    """How many times end is start: every ratio the two intervals allow."""
    return end / start


def cagr(start: Interval, end: Interval, years: float) -> Interval:
    """Compound annual growth rate as a fraction: (end/start)**(1/years) - 1."""
    if years <= 0:
        raise ValueError("years must be positive")
    return growth_factor(start, end).power(1 / years).shift(-1)


def share(part: Interval, whole: Interval) -> Interval:
    """part/whole in percent, clamped to 0..100 (a part cannot exceed its whole)."""
    return (part / whole).scale(100).clamp(0, 100)


def product(intervals: list[Interval]) -> Interval:
    """The product of the intervals (the point 1 for none)."""
    out = point(1.0)
    for iv in intervals:
        out = out * iv
    return out
