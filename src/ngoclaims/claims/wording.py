"""How a figure, an interval or a piece of evidence reads in a sentence: 'more than 5,100
NGOs', 'between 64.1 and 70.9 million tenge', '53.7 (bounds: more than 53.7)'. Pure text
helpers shared by the verdict engine, the report and the chapters."""

from __future__ import annotations

import math

from ngoclaims.claims.intervals import Interval, fmt
from ngoclaims.claims.registry import Claim, Event, Figure, Project
from ngoclaims.claims.schema import APPROXIMATE

UNIT_WORDS = {
    "ngos": "NGOs",
    "million_kzt": "million tenge",
    "billion_kzt": "billion tenge",
    "kzt": "tenge",
    "mrp": "monthly calculation indices",
    "percent": "%",
    "usd": "US dollars",
    "times": "times",
    "ngos_per_year": "NGOs a year",
    "prizes": "prizes",
    "year": "",
    "decade": "",
    "ordinal": "",
    "decision_number": "",
}
SCOPE_WORDS = {"ngos": "NGOs", "csos": "CSOs", "public_associations": "public associations"}
DEFINITION_WORDS = {"unspecified": "", "in_good_standing": "active"}
# Digits shown by default: a count of NGOs is whole; money and shares to one decimal.
DIGITS = {"ngos": 0, "year": 0, "decade": 0, "billion_kzt": 2, "prizes": 2, "kzt": 0, "mrp": 0}
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "round": "",  # printed bare, as the article prints it; read as approximate
    "over": "more than ",
    "at_least": "at least ",
    "under": "less than ",
    "nearly": "nearly ",
    "at_most": "at most ",
}
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def unit_word(unit: str, scope: str = "") -> str:
    """The word for a unit; a count of NGOs is named by its scope (public associations...)."""
    if unit == "ngos" and scope:
        return SCOPE_WORDS.get(scope, "NGOs")
    return UNIT_WORDS.get(unit, unit)


def digits_for(unit: str) -> int:
    """How many decimals a figure of this unit is written with by default."""
    return DIGITS.get(unit, 1)


def say(iv: Interval, unit: str, digits: int | None = None, scope: str = "") -> str:
    """An interval in words: 'more than 53.7 times', 'between 5.4% and 9.2%', '1995–1999';
    a count in the words of its scope ('public associations', 'CSOs')."""
    digits = digits_for(unit) if digits is None else digits
    if unit in ("year", "decade"):
        if iv.bounded and iv.lo != iv.hi:
            return f"{iv.lo:.0f}–{iv.hi:.0f}"
        return iv.describe(0).replace(",", "")
    text = iv.describe(digits)
    if unit == "percent":
        if text.startswith("between"):
            return text.replace(" and ", "% and ") + "%"
        return text + "%"
    return f"{text} {unit_word(unit, scope)}".strip()


def say_point(x: float, unit: str, digits: int | None = None, scope: str = "") -> str:
    """A single figure in words with its unit, as say() writes an interval."""
    return say(Interval(x, x), unit, digits, scope)


def reading(
    x: float | None, iv: Interval, unit: str, digits: int | None = None, scope: str = ""
) -> str:
    """The figure read as printed, with the interval its bounds allow beside it whenever the
    two differ: '53.7 times (bounds: more than 53.7 times)'. Never an unbounded interval
    alone."""
    bounds = say(iv, unit, digits, scope)
    if x is None or math.isinf(x) or math.isnan(x):
        return bounds
    printed = say_point(x, unit, digits, scope)
    return printed if printed == bounds else f"{printed} (bounds: {bounds})"


def stated_text(c: Claim | Figure) -> str:
    """A figure as its source puts it: 'more than 5,100 NGOs', 'about 700 copies', '1995–1999';
    'about 1993–1994' (the years it names, not the wider span it is read as)."""
    if c.unit in ("year", "decade") and isinstance(c, Claim):
        named = c.interval
        if c.qualifier == "about" and c.period is not None and c.period.start is not None:
            named = Interval(c.period.start, c.period.end)
        return f"{QUALIFIER_WORDS[c.qualifier]}{say(named, c.unit)}"
    v = c.value_text if c.unit in ("year", "decision_number") else fmt(c.value, 2)
    text = f"{QUALIFIER_WORDS[c.qualifier]}{v}"
    if c.unit == "percent":
        return text + "%"
    return f"{text} {unit_word(c.unit, c.scope)}".strip()


def stated_full(c: Claim) -> str:
    """The claim as printed and, where its words stand for a range, the range."""
    text = stated_text(c)
    if c.qualifier in APPROXIMATE and c.unit not in ("year", "decade"):
        return f"{text} ({say(c.interval, c.unit)})"
    if c.qualifier == "about":  # a date: the years it names, and the span it is read as
        return f"{text} (read as {say(c.interval, c.unit)})"
    return text


def count_words(definition: str, scope: str) -> str:
    """'registered CSOs', 'operating public associations', 'NGOs'."""
    d = DEFINITION_WORDS.get(definition, definition)
    return " ".join(w for w in (d, SCOPE_WORDS.get(scope, scope)) if w)


def publisher(project: Project, source_id: str) -> str:
    """Who published a source, for naming it in a sentence."""
    return project.sources[source_id].publisher


def figure_text(project: Project, f: Figure) -> str:
    """'International Center for Not-for-Profit Law counts more than 19,358 registered CSOs in 2022'."""
    who = publisher(project, f.source_id)
    when = f.period.text.replace("-", "–")
    if f.indicator == "ngo_count":
        value = f"{QUALIFIER_WORDS[f.qualifier]}{fmt(f.value, 2)}"
        return f"{who} counts {value} {count_words(f.definition, f.scope)} in {when}"
    what = f.indicator.replace("_", " ")
    return f"{who} gives {stated_text(f)} for the {what} of {when}"


def date_text(year: int, month: int | None, day: int | None) -> str:
    """A date in words, as precise as it is known: '7 April 2010', 'April 2010', '2010'."""
    if month and day:
        return f"{day} {MONTH_NAMES[month - 1]} {year}"
    if month:
        return f"{MONTH_NAMES[month - 1]} {year}"
    return str(year)


def event_text(project: Project, e: Event) -> str:
    """'RIA Novosti reports the third Civil Forum held on 18 October 2007'."""
    who = publisher(project, e.source_id)
    when = date_text(e.year, e.month, e.day)
    if e.end_year and e.end_year != e.year:
        when = f"from {date_text(e.year, e.month, e.day)} to {e.end_year}"
    verbs = {
        "held": f"dates {e.label} to {when}".replace("to from", "from"),
        "adopted": f"reports {e.label} adopted for {when}".replace("for from", "from"),
        "scheduled": f"schedules {e.label} for {when}".replace("for from", "from"),
        "announced": f"announces {e.label} for {when}".replace("for from", "from"),
    }
    return f"{who} {verbs[e.status]}"


def ordinal_word(n: int) -> str:
    """'first' ... 'tenth', then '11th' and on."""
    return ORDINAL_WORDS[n - 1] if 1 <= n <= len(ORDINAL_WORDS) else f"{n}th"


def period_text(text: str) -> str:
    """'2010-now' -> '2010–today', '?-2016' -> '2016' (the start is unknown)."""
    text = text.removeprefix("?-")
    return text.replace("now", "today").replace("-", "–")
