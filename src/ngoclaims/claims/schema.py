"""The shape of every data table: one place that the loader, the GX suites,
the data package and the data dictionary all read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SECTIONS = ("region", "uzbekistan", "kazakhstan", "kyrgyzstan")
COUNTRIES = ("uzbekistan", "kazakhstan", "kyrgyzstan")
# 'round': a round figure printed bare ('800'): read as 'about' is, printed as the article has it.
# 'nearly': read as 'under' is (below the figure, by how much unsaid), printed as 'nearly'.
QUALIFIERS = ("exact", "about", "round", "over", "at_least", "under", "nearly", "at_most")
APPROXIMATE = ("about", "round")  # a margin either way of the figure
BELOW = ("under", "nearly")  # below the figure, by how much unsaid
KINDS = ("figure", "change", "share", "date", "enumeration", "identifier")
# The verdicts, from the firmest agreement to the firmest disagreement, then the special
# cases; their meanings are VERDICT_MEANING (the audit page shows them).
VERDICTS = (
    "reproduced",
    "corroborated",
    "consistent",
    "conditional",
    "mixed",
    "doubtful",
    "contradicted",
    "inconsistent",
    "probable-erratum",
    "underspecified",
    "article-only",
)
VERDICT_MEANING = {
    "reproduced": "a figure derived from the article's own numbers agrees with it",
    "corroborated": "an independent source that counts the same thing for the same period "
    "agrees, and every assumption on the way is supported",
    "consistent": "passes a test that could have failed (another statement of the article, "
    "or a one-sided bound from a source), but nothing confirms it",
    "conditional": "consistent with the evidence only under an assumption that is untested",
    "mixed": "the evidence points both ways",
    "doubtful": "disagrees with the evidence only under an assumption that is untested, "
    "such as an event that was announced but not reported as held",
    "contradicted": "an independent source that counts the same thing for the same period "
    "disagrees, and every assumption on the way is supported",
    "inconsistent": "conflicts with another statement of the article",
    "probable-erratum": "as printed it cannot be right; the likely reading is given",
    "underspecified": "cannot be checked as stated, for want of a base or a period",
    "article-only": "nothing can test it: no source bears on it and no other statement of "
    "the article constrains it",
}
UNITS = (
    "ngos",
    "ngos_per_year",
    "people",
    "percent",
    "million_kzt",
    "billion_kzt",
    "usd",
    "times",
    "year",
    "years",
    "copies",
    "periods",
    "forums",
    "conferences",
    "roundtables",
    "nominations",
    "ordinal",
    "decision_number",
    "decade",
    "mrp",
    "kzt",
)
# Units of things counted (never negative), of money, and those whose values are whole
# numbers (an exact "95" NGOs is the integer 95, not the interval [94.5, 95.5)).
COUNT_UNITS = (
    "ngos",
    "ngos_per_year",
    "people",
    "copies",
    "periods",
    "forums",
    "conferences",
    "roundtables",
    "nominations",
    "mrp",
)
MONEY_UNITS = ("million_kzt", "billion_kzt", "usd", "kzt")
# Units in which a round figure ('800', '20,000') is a rounded measurement, so approximate
# even without 'about' (an amount fixed by a rule, in MRP or tenge, is not).
ROUNDED_UNITS = ("ngos", "ngos_per_year", "people", "copies", "million_kzt", "billion_kzt", "usd")
# Units of dates: a year, or a decade (its first year; the claim's ref_period is the span).
DATE_UNITS = ("year", "decade")
WHOLE_UNITS = tuple(u for u in COUNT_UNITS if u != "ngos_per_year") + (
    "ordinal",
    "year",
    "decade",
    "decision_number",
)
# What a count counts is two things: its definition (registered, operating, ...) and its
# scope (which legal forms). The kinds and how they nest are data: kinds.csv and
# comparability.csv; these are the dimensions.
DIMENSIONS = ("definition", "scope")
RELATIONS = ("subset", "same")
# Only an event a source reports as having happened can date a claim; the others need the
# premise 'held-as-announced' (assumptions.csv).
EVENT_STATUSES = ("held", "adopted", "scheduled", "announced")
HAPPENED = ("held", "adopted")
ASSUMPTION_STATUSES = ("supported", "untested", "refuted")
# Premises the verdict engine itself may need; each must be a row of assumptions.csv, so no
# verdict rests on a premise the book does not list. 'specific' rows are named by the data
# (a comparability row, an event, a relation, a derived figure).
PREMISES = (
    "no-fall",
    "held-as-announced",
    "article-present",
    "series-rhythm",
    "double-scale",
    "specific",
)
PERIOD_BASES = ("stated", "implied", "guessed")
RELATION_KINDS = ("rising", "not-rising", "ordered", "parts-of-whole")
LANGUAGES = ("en", "ru", "uz")


def is_web_address(url: str) -> bool:
    """Only plain web addresses may become links; 'javascript:' and the like stay text."""
    return url.lower().startswith(("https://", "http://")) and '"' not in url and "<" not in url


@dataclass(frozen=True)
class Column:
    """One column of a table: its type, whether it may be empty, and what values it takes."""

    name: str
    type: str  # string | number | integer | period | date
    required: bool = True
    enum: tuple[str, ...] | None = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    """One CSV file of data/: its columns in order, its key and the keys it refers to."""

    name: str
    path: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: dict[str, str] = field(default_factory=dict)  # column -> table

    @property
    def column_names(self) -> list[str]:
        """The header the file must have, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column of that name (StopIteration if there is none)."""
        return next(c for c in self.columns if c.name == name)

    def form(self, col: Column) -> str | None:
        """The form (a key of FORMS) a cell of the column must have: its type's, or 'key' for
        the table's single text key (a key is written into other tables, so no blanks).
        """
        if self.key == (col.name,) and col.type == "string":
            return "key"
        return col.type if col.type in FORMS else None


# --- the forms of a cell ------------------------------------------------------------------
# Each form is written once, here: the loader and validate's reader match cells against it,
# the GX suites and the data package carry it. A pattern is unanchored and one group, so it
# is matched whole (re.fullmatch) or anchored as ^...$ (GX; Frictionless adds ^ and $).
YEAR_MIN, YEAR_MAX = 1985, 2030


def year_pattern(lo: int, hi: int) -> str:
    """A regular expression for exactly the four-digit years lo..hi: a pattern is the only
    way GX and the data package can bound a year written inside a text.
    """
    groups: dict[str, list[str]] = {}
    for year in range(lo, hi + 1):
        groups.setdefault(str(year)[:3], []).append(str(year)[3])
    parts = []
    for head, tails in groups.items():
        if len(tails) == 1:
            parts.append(f"{head}{tails[0]}")
        else:
            parts.append(f"{head}[{tails[0]}-{tails[-1]}]")
    return "(?:" + "|".join(parts) + ")"


YEAR = year_pattern(YEAR_MIN, YEAR_MAX)
NUMBER = r"(?:-?\d+(?:\.\d+)?)"
INTEGER = r"(?:-?\d+)"
# a year, 'now' (the article's present), a span whose end may be 'now', or a span whose
# start is unknown: 2010, 1991-1999, 1991-now, ?-2016
PERIOD = rf"(?:now|{YEAR}(?:-(?:{YEAR}|now))?|\?-{YEAR})"
# YYYY, YYYY-MM or YYYY-MM-DD; YYYY/YYYY when only a span is known
DATE = rf"(?:{YEAR}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?|{YEAR}/{YEAR})"
KEY = r"(?:[A-Za-z0-9][A-Za-z0-9._-]*)"
FORMS = {"number": NUMBER, "integer": INTEGER, "period": PERIOD, "date": DATE, "key": KEY}
# What a cell of each form must be, in the words of a one-line error message.
EXPECTED = {
    "number": "a number (digits, '.' for decimals, no separators)",
    "integer": "a whole number",
    "period": f"a year ({YEAR_MIN}-{YEAR_MAX}), a span YYYY-YYYY, '?-YYYY', 'YYYY-now' or 'now'",
    "date": f"a date YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY (years {YEAR_MIN}-{YEAR_MAX})",
    "key": "a key: letters, digits, '.', '_' or '-', no blanks",
}


def _kind_column(dimension: str) -> Column:
    return Column(
        dimension,
        "string",
        required=False,
        description=f"what a count counts: its {dimension}, a kind of kinds.csv (empty if not a count)",
    )


CLAIMS = Table(
    "claims",
    "claims.csv",
    "One row per numeric statement of the article: the claim registry.",
    (
        Column("claim_id", "string", description="stable slug, unique"),
        Column("section", "string", enum=SECTIONS, description="part of the article"),
        Column("quote", "string", description="verbatim span of the article holding the figure"),
        Column("value", "number", description="the number as printed, as a number"),
        Column("qualifier", "string", enum=QUALIFIERS, description="how the value is bounded"),
        Column("unit", "string", enum=UNITS, description="what the value counts or measures"),
        Column(
            "ref_period",
            "period",
            description="year or span the figure is about; 'now' = the article's present",
        ),
        Column(
            "period_basis",
            "string",
            enum=PERIOD_BASES,
            description="whether the quote states the period, clearly implies it, or the registry guessed it",
        ),
        Column(
            "kind",
            "string",
            enum=KINDS,
            description="figure, change, share, date, enumeration or identifier",
        ),
        Column(
            "indicator", "string", description="what is measured; links the claim to evidence rows"
        ),
        _kind_column("definition"),
        _kind_column("scope"),
        Column(
            "expected_verdict",
            "string",
            enum=VERDICTS,
            description="the verdict the analysis reached; tests flag a change",
        ),
        Column(
            "note",
            "string",
            required=False,
            description="reasoning behind any verdict other than a plain reproduction",
        ),
    ),
    key=("claim_id",),
)

SOURCES = Table(
    "sources",
    "sources.csv",
    "The article and every independent source, with address, publisher, date and quotation.",
    (
        Column("source_id", "string", description="stable key"),
        Column("title", "string", description="title of the page or document"),
        Column("publisher", "string", description="who published it"),
        Column("url", "string", required=False, description="address where it was seen"),
        Column(
            "date",
            "date",
            required=False,
            description="publication or update date (YYYY, YYYY-MM or YYYY-MM-DD; YYYY/YYYY when only a span is known)",
        ),
        Column("language", "string", enum=LANGUAGES, description="language of the quotation"),
        Column(
            "quotation",
            "string",
            required=False,
            description="verbatim quotation(s), joined by ' | '",
        ),
        Column(
            "note", "string", required=False, description="what the source is and how it counts"
        ),
    ),
    key=("source_id",),
)

FIGURES = Table(
    "figures",
    "figures.csv",
    "Independent figures by country, indicator, kind of count and period.",
    (
        Column("figure_id", "string", description="stable key"),
        Column("country", "string", enum=COUNTRIES, description="country the figure is about"),
        Column("indicator", "string", description="what is measured (same vocabulary as claims)"),
        _kind_column("definition"),
        _kind_column("scope"),
        Column(
            "ref_period",
            "period",
            description="year or span the figure describes; for a page updated over years, that of the earliest version printing it",
        ),
        Column("value", "number", minimum=0, description="the figure as a number"),
        Column("qualifier", "string", enum=QUALIFIERS, description="how the value is bounded"),
        Column("unit", "string", enum=UNITS, description="what the value counts or measures"),
        Column("source_id", "string", description="key of sources.csv"),
        Column("quote", "string", description="verbatim span of the source holding the figure"),
        Column("note", "string", required=False, description="definition or caveat"),
    ),
    key=("figure_id",),
    foreign_keys={"source_id": "sources"},
)

EVENTS = Table(
    "events",
    "events.csv",
    "Dated events from independent sources, each with what the source reports: held or only announced.",
    (
        Column("event_id", "string", description="stable key"),
        Column("country", "string", enum=COUNTRIES, description="country of the event"),
        Column(
            "event", "string", description="kind of event (same vocabulary as claim indicators)"
        ),
        Column(
            "ordinal",
            "integer",
            required=False,
            minimum=1,
            maximum=50,
            description="n-th event of its kind, when the source numbers it",
        ),
        Column("label", "string", description="the event in words, as a sentence names it"),
        Column(
            "year",
            "integer",
            minimum=YEAR_MIN,
            maximum=YEAR_MAX,
            description="year it happened or starts",
        ),
        Column(
            "end_year",
            "integer",
            required=False,
            minimum=YEAR_MIN,
            maximum=YEAR_MAX,
            description="last year, for a span",
        ),
        Column(
            "month",
            "integer",
            required=False,
            minimum=1,
            maximum=12,
            description="month, when known",
        ),
        Column(
            "day", "integer", required=False, minimum=1, maximum=31, description="day, when known"
        ),
        Column(
            "status",
            "string",
            enum=EVENT_STATUSES,
            description="held or adopted (reported as having happened), scheduled or announced (not)",
        ),
        Column("source_id", "string", description="key of sources.csv"),
        Column(
            "assumption_id",
            "string",
            required=False,
            description="assumption needed to take this event for the one a claim names (key of assumptions.csv)",
        ),
        Column("quote", "string", description="verbatim span of the source"),
        Column("note", "string", required=False, description="caveat"),
    ),
    key=("event_id",),
    foreign_keys={"source_id": "sources", "assumption_id": "assumptions"},
)

PERIODS = Table(
    "periods",
    "periods.csv",
    "Each country's stages of NGO development as the article tells them; a stage lasts until the next one starts.",
    (
        Column(
            "country",
            "string",
            enum=SECTIONS,
            description="country, or 'region' for the article's scheme",
        ),
        Column("stage", "integer", minimum=1, maximum=10, description="ordinal of the stage"),
        Column(
            "start_year", "integer", minimum=YEAR_MIN, maximum=YEAR_MAX, description="first year"
        ),
        Column(
            "start_basis",
            "string",
            enum=PERIOD_BASES,
            description="whether the article states the first year, implies it, or the registry guessed it",
        ),
        Column("claim_id", "string", description="claim whose quote tells when the stage starts"),
        Column("label", "string", description="short name of the stage"),
    ),
    key=("country", "stage"),
    foreign_keys={"claim_id": "claims"},
)

KINDS_TABLE = Table(
    "kinds",
    "kinds.csv",
    "The kinds of count: what a definition or a scope of a count means.",
    (
        Column("dimension", "string", enum=DIMENSIONS, description="definition or scope"),
        Column("kind", "string", description="the kind's name, as claims and figures use it"),
        Column(
            "definite",
            "string",
            enum=("yes", "no"),
            description="yes: two counts of this kind count the same set; no: the kind says nothing (a bare count)",
        ),
        Column("meaning", "string", description="what a count of this kind counts"),
    ),
    key=("dimension", "kind"),
)

ASSUMPTIONS = Table(
    "assumptions",
    "assumptions.csv",
    "Every premise a verdict may use beyond arithmetic, with its status and the evidence for it.",
    (
        Column("assumption_id", "string", description="stable key"),
        Column(
            "premise",
            "string",
            enum=PREMISES,
            description="the engine's premise this row states, or 'specific' when rows of the data name it",
        ),
        Column("statement", "string", description="the assumption in words"),
        Column(
            "status",
            "string",
            enum=ASSUMPTION_STATUSES,
            description="supported, untested or refuted by the evidence",
        ),
        Column(
            "evidence",
            "string",
            required=False,
            description="keys of the rows (figures, events, claims, sources) that bear on it, separated by spaces",
        ),
        Column("reasoning", "string", description="why the evidence gives that status"),
    ),
    key=("assumption_id",),
)

COMPARABILITY = Table(
    "comparability",
    "comparability.csv",
    "Which kind of count may bound which: every organisation counted by the narrower kind is counted by the broader.",
    (
        Column("dimension", "string", enum=DIMENSIONS, description="definition or scope"),
        Column("narrower", "string", description="a kind of kinds.csv"),
        Column("broader", "string", description="a kind of kinds.csv"),
        Column(
            "relation",
            "string",
            enum=RELATIONS,
            description="subset: the narrower count bounds the broader from below; same: they count one set",
        ),
        Column(
            "assumption_id",
            "string",
            description="the assumption that makes the relation hold (key of assumptions.csv)",
        ),
        Column("note", "string", required=False, description="why"),
    ),
    key=("dimension", "narrower", "broader"),
    foreign_keys={"assumption_id": "assumptions"},
)

RELATIONS_TABLE = Table(
    "relations",
    "relations.csv",
    "What the article's own words say about several of its figures together (a rise, an order, parts of a whole).",
    (
        Column("relation_id", "string", description="stable key"),
        Column("section", "string", enum=SECTIONS, description="part of the article"),
        Column(
            "kind",
            "string",
            enum=RELATION_KINDS,
            description="rising, not-rising, ordered (each below the next) or parts-of-whole (shares adding to at most 100)",
        ),
        Column("claims", "string", description="claim_ids in order, separated by spaces"),
        Column(
            "quote", "string", description="verbatim span of the article that states the relation"
        ),
        Column(
            "assumption_id",
            "string",
            required=False,
            description="assumption needed to read the words so (key of assumptions.csv)",
        ),
        Column("note", "string", required=False, description="how the words are read"),
    ),
    key=("relation_id",),
    foreign_keys={"assumption_id": "assumptions"},
)

PLACEMENTS = Table(
    "placements",
    "placements.csv",
    "Dated claims the article tells within one of a country's stages: the date must fall in that stage.",
    (
        Column("claim_id", "string", description="the dated claim"),
        Column("country", "string", enum=SECTIONS, description="whose stages"),
        Column("stage", "integer", minimum=1, maximum=10, description="the stage that tells it"),
        Column(
            "words",
            "string",
            description="verbatim words of the article, inside the stage's passage, that tie the claim to it",
        ),
    ),
    key=("claim_id",),
    foreign_keys={"claim_id": "claims"},
)

# A derived figure's unit: any unit of the data, or what only a derived figure counts.
DERIVED_UNITS = UNITS + ("prizes",)
DERIVED_TESTS = ("compare", "whole")

DERIVED = Table(
    "derived",
    "derived.csv",
    "Figures the article implies but does not print, each computed by its formula from claims, figures and earlier derived figures.",
    (
        Column(
            "derived_id", "string", description="stable key; the chapters glue the figure under it"
        ),
        Column("section", "string", enum=SECTIONS, description="part of the article it belongs to"),
        Column("label", "string", description="what the figure is, in words"),
        Column(
            "formula",
            "string",
            description="how it is computed (ngoclaims.claims.formula): ids in braces, numbers, + - * × / ** ^, parentheses and the functions growth, cagr, share, percent_of, prices, at_least, year, end_year, years",
        ),
        Column(
            "unit", "string", enum=DERIVED_UNITS, description="what the value counts or measures"
        ),
        Column(
            "claim_id",
            "string",
            required=False,
            description="the claim the figure tests, if any (key of claims.csv)",
        ),
        Column(
            "test",
            "string",
            required=False,
            enum=DERIVED_TESTS,
            description="how it tests the claim: compare (the default) with the claim's interval, or whole: it must count a whole number of its units",
        ),
        Column(
            "assumptions",
            "string",
            required=False,
            description="keys of assumptions.csv the figure rests on, separated by spaces",
        ),
        Column(
            "indicator",
            "string",
            required=False,
            description="what is measured, when the figure is evidence about a count (same vocabulary as claims)",
        ),
        _kind_column("definition"),
        _kind_column("scope"),
        Column(
            "ref_period",
            "period",
            required=False,
            description="year or span the figure describes, when it is evidence about a count",
        ),
        Column("note", "string", required=False, description="why the formula reads as it does"),
    ),
    key=("derived_id",),
    foreign_keys={"claim_id": "claims"},
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        CLAIMS,
        SOURCES,
        FIGURES,
        EVENTS,
        PERIODS,
        KINDS_TABLE,
        ASSUMPTIONS,
        COMPARABILITY,
        RELATIONS_TABLE,
        PLACEMENTS,
        DERIVED,
    )
}
