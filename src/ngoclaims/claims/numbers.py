"""Find every number in a text: digits in every form and number words.

Used twice: the coverage scanner runs it over the article so that no number escapes
the registry, and the loaders run it over each quote so that a registered value must be
one the quote actually prints (a mistyped value is caught at load time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

MONTHS = (
    "January February March April May June July August September October November December"
).split()

CARDINALS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
    "decade": 10,
    "decades": 10,
    "twice": 2,
    "once": 1,
    "single": 1,
    "half": 0.5,
    "none": 0,
    "majority": 50,
    # Russian, as the independent sources quote it
    "ни одно": 0,
    "ни один": 0,
    "ни одна": 0,
    "одно": 1,
    "один": 1,
    "одна": 1,
    "две": 2,
    "два": 2,
    "три": 3,
    "тысяч": 1000,
    # Uzbek, as in the abstract
    "bir": 1,
    "ikki": 2,
    "uch": 3,
    "besh": 5,
    "o‘n": 10,
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "initial": 1,
    # Russian, as the independent sources quote it
    "третьего": 3,
}
FRACTIONS = {
    "third": Fraction(1, 3),
    "quarter": Fraction(1, 4),
    "треть": Fraction(1, 3),
    "half": Fraction(1, 2),
}
SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "тысяч": 1_000,
    "тысячи": 1_000,
    "тысяча": 1_000,
    "миллиона": 1_000_000,
    "миллион": 1_000_000,
    "миллионов": 1_000_000,
    "млн": 1_000_000,
    "млрд": 1_000_000_000,
}

# Digits grouped by commas, or by spaces as Russian sources print them (plain, no-break or
# narrow no-break).
_SPACES = " \u00a0\u202f"
_NUM = (
    rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?"
    rf"|\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:,\d{{1,2}})?(?![\d,])"  # '12 345,6'
    rf"|\d+(?:[.,]\d+)?"
)
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_TOKEN = re.compile(
    rf"(?P<date>(?:{'|'.join(MONTHS)})\s+\d{{1,2}},\s+\d{{4}})"
    rf"|(?P<range>\b\d{{4}}\s*[-–]\s*\d{{4}}\b)"
    rf"|(?P<num>(?<![\w.])(?:{_NUM}))(?P<suffix>%|s\b|th\b|st\b|nd\b|rd\b|-го\b)?"
    rf"(?:\s+(?P<scale>{_SCALE})\b)?"
    rf"|(?P<word>\b(?:{'|'.join(sorted(list(CARDINALS) + list(ORDINALS) + list(FRACTIONS), key=len, reverse=True))})\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Token:
    """One number as printed, with the values it can stand for."""

    text: str
    start: int
    end: int
    values: tuple[float, ...]
    form: str  # digits | percent | decade | ordinal | date | range | word | fraction
    double_scale: bool = False  # "50,000 thousand": grouped digits followed by a scale word


def collapse(text: str) -> str:
    """The text with every run of white space made one space, ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def _to_float(digits: str) -> float:
    d = re.sub(f"[{_SPACES}]", "", digits)
    if re.fullmatch(r"\d+,\d{1,2}", d):  # Russian decimal comma: "4,5", "6,8"
        return float(d.replace(",", "."))
    return float(d.replace(",", ""))


def tokens(text: str) -> list[Token]:
    """Every number the text prints, in order, with its place and reading."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    # the same quotes are scanned again and again (loading, verdicts, coverage): cache
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        if m.group("date"):
            parts = re.findall(r"\d+", m.group("date"))
            month = MONTHS.index(m.group("date").split()[0].capitalize()) + 1
            out.append(
                Token(m.group(0), s, e, (float(parts[1]), float(parts[0]), float(month)), "date")
            )
        elif m.group("range"):
            a, b = re.findall(r"\d{4}", m.group("range"))
            out.append(Token(m.group(0), s, e, (float(a), float(b)), "range"))
        elif m.group("num") is not None:
            raw, suffix, scale = m.group("num"), (m.group("suffix") or ""), m.group("scale")
            v = _to_float(raw)
            form = {"%": "percent", "s": "decade", "-го": "digits"}.get(
                suffix.lower(), "ordinal" if suffix else "digits"
            )
            grouped = bool(re.search(rf"\d[,{_SPACES}]\d{{3}}", raw))
            if scale:
                v *= SCALES[scale.lower()]
            out.append(Token(m.group(0), s, e, (v,), form, double_scale=bool(scale) and grouped))
        else:
            w = m.group("word").lower()
            if w in FRACTIONS and _preceded_by_fraction_count(text, s):
                out.append(Token(w, s, e, (float(FRACTIONS[w]),), "fraction"))
            elif w in ORDINALS:
                out.append(Token(w, s, e, (float(ORDINALS[w]),), "ordinal"))
            elif w in FRACTIONS:
                out.append(Token(w, s, e, (float(FRACTIONS[w]),), "fraction"))
            else:
                out.append(Token(w, s, e, (float(CARDINALS[w]),), "word"))
    return tuple(out)


def _preceded_by_fraction_count(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:one|a|only|только)[\s-]+$", text[:start].lower()))


ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_ROMAN = re.compile(r"\b(" + "|".join(sorted(ROMAN, key=len, reverse=True)) + r")\b")


def candidates(text: str, unit: str = "") -> set[float]:
    """Every value the text prints, in the unit given: 'one third' is 33.3 percent,
    '4,5 миллиона' is 4.5 million_kzt, 'IV Civil Forum' is 4. An ordinal unit takes only
    ordinals ('fourth', '10th'); any other unit takes no ordinal."""
    out: set[float] = {float(ROMAN[m.group(1)]) for m in _ROMAN.finditer(text)}
    if unit == "decade":  # a decade's first year: '1990s', 'the 10th years of the new century'
        out |= {float(a) for a, _ in decade_spans(text)}
    for t in tokens(text):
        if unit and (unit == "ordinal") != (t.form == "ordinal"):
            continue
        for v in t.values:
            out.add(v)
            if unit == "percent" and t.form == "fraction":
                out.add(v * 100)
            if unit.startswith("million_"):
                out.add(v / 1_000_000)
            if unit.startswith("billion_"):
                out.add(v / 1_000_000_000)
    return out


def value_in_text(value_text: str, text: str, unit: str) -> bool:
    """True when the text prints a number that rounds to `value_text` as written
    ('33.3' matches 'one third'; '7.2' matches '7.2 times'; '2004' does not match '2003')."""
    from ngoclaims.claims.intervals import rounding_interval

    iv = rounding_interval(value_text)
    return any(iv.contains(c) for c in candidates(text, unit))


ANCHOR_YEARS = (
    # The article's own anchors for years it does not print as digits.
    (re.compile(r"independence|post-Soviet", re.I), lambda m: [1991]),
    (re.compile(r"beginning of the new century", re.I), lambda m: [2000]),
)
# Spans of about ten years the article names in words. 'The 10th years of the new century'
# are the 2010s; 'the first decade of the post-Soviet era' runs from independence.
DECADE_ANCHORS = (
    (
        re.compile(r"\b(\d+)(?:th|st|nd|rd) years of the new century", re.I),
        lambda m: (2000 + int(m.group(1)), 2009 + int(m.group(1))),
    ),
    (re.compile(r"first decade of the post-Soviet era", re.I), lambda m: (1991, 2000)),
)
# Part of a decade: 'the late 1990s' is its second half, 'the early 1990s' its first.
DECADE_PARTS = {"early": (0, 4), "mid": (3, 6), "late": (5, 9)}
_DECADE_PART = re.compile(r"\b(early|mid|late)[\s-]+$", re.I)


def decade_spans(text: str) -> list[tuple[int, int]]:
    """(first, last) years of every decade or part of one the text names."""
    spans = []
    for t in tokens(text):
        if t.form == "decade" and 1900 <= t.values[0] <= 2100:
            first = int(t.values[0])
            m = _DECADE_PART.search(text[: t.start])
            a, b = DECADE_PARTS[m.group(1).lower()] if m else (0, 9)
            spans.append((first + a, first + b))
    for pattern, fn in DECADE_ANCHORS:
        spans += [fn(m) for m in pattern.finditer(text)]
    return spans


def year_runs(years: set[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs: {1990..1999, 2003} -> [(1990, 1999), (2003, 2003)]."""
    runs: list[tuple[int, int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def implied_years(text: str) -> set[int]:
    """The years a text names, directly or through a decade or a span."""
    return set(_implied_years(text))


@lru_cache(maxsize=4096)
def _implied_years(text: str) -> frozenset[int]:
    """Years a text states or anchors: digits, decades (1990s -> 1990..1999), ranges,
    'independence' (1991), 'the beginning of the new century' (2000)."""
    years: set[int] = set()
    for t in tokens(text):
        if t.form == "decade":
            continue  # a decade is the span decade_spans gives, not its first year alone
        for v in t.values:
            if 1900 <= v <= 2100 and v == int(v):
                years.add(int(v))
    for a, b in decade_spans(text):
        years.update(range(a, b + 1))
    for pattern, fn in ANCHOR_YEARS:
        for m in pattern.finditer(text):
            years.update(fn(m))
    return frozenset(years)


NOW_WORDS = re.compile(r"\b(today|now|to this day|recent(?:ly)?|currently)\b", re.I)
