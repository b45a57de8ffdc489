"""The shape of every data table: one place that the loader, the GX suites,
the data package and the data dictionary all read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ARTICLE = DATA / "source" / "article.txt"

SECTIONS = ("region", "uzbekistan", "kazakhstan", "kyrgyzstan")
COUNTRIES = ("uzbekistan", "kazakhstan", "kyrgyzstan")
QUALIFIERS = ("exact", "about", "over", "at_least", "under", "at_most")
KINDS = ("figure", "change", "share", "date", "enumeration", "identifier")
VERDICTS = (
    "reproduced",
    "corroborated",
    "contradicted",
    "article-only",
    "inconsistent",
    "underspecified",
    "probable-erratum",
)
UNITS = (
    "ngos",
    "ngos_per_year",
    "people",
    "percent",
    "million_kzt",
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
)
MONEY_UNITS = ("million_kzt", "usd")
WHOLE_UNITS = tuple(u for u in COUNT_UNITS if u != "ngos_per_year") + (
    "ordinal",
    "year",
    "decision_number",
)
# Definitions nest: every active or reporting NGO operates, every operating one is registered.
# An evidence count of a broader definition bounds a narrower claim from above.
DEFINITIONS = ("registered", "operating", "active", "reporting", "total", "")
EVENT_STATUSES = ("held", "scheduled", "adopted", "founded", "announced", "rule")
LANGUAGES = ("en", "ru", "uz")


def is_web_address(url: str) -> bool:
    """Only plain web addresses may become links; 'javascript:' and the like stay text."""
    return url.lower().startswith(("https://", "http://")) and '"' not in url and "<" not in url


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | number | integer | period | date
    required: bool = True
    enum: tuple[str, ...] | None = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: dict[str, str] = field(default_factory=dict)  # column -> table

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


YEAR_MIN, YEAR_MAX = 1985, 2030

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
            "kind",
            "string",
            enum=KINDS,
            description="figure, change, share, date, enumeration or identifier",
        ),
        Column(
            "indicator", "string", description="what is measured; links the claim to evidence rows"
        ),
        Column(
            "definition",
            "string",
            required=False,
            enum=DEFINITIONS,
            description="registered, operating, active, reporting or total",
        ),
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
    "Independent figures by country, indicator, definition and period.",
    (
        Column("figure_id", "string", description="stable key"),
        Column("country", "string", enum=COUNTRIES, description="country the figure is about"),
        Column("indicator", "string", description="what is measured (same vocabulary as claims)"),
        Column(
            "definition",
            "string",
            required=False,
            enum=DEFINITIONS,
            description="registered, operating, active, reporting or total",
        ),
        Column("ref_period", "period", description="year or span the figure is about"),
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
    "Dated events from independent sources.",
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
            description="held, scheduled, adopted, founded, announced or rule",
        ),
        Column("source_id", "string", description="key of sources.csv"),
        Column("quote", "string", description="verbatim span of the source"),
        Column("note", "string", required=False, description="caveat"),
    ),
    key=("event_id",),
    foreign_keys={"source_id": "sources"},
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
        Column("claim_id", "string", description="claim whose quote tells when the stage starts"),
        Column("label", "string", description="short name of the stage"),
    ),
    key=("country", "stage"),
    foreign_keys={"claim_id": "claims"},
)

TABLES: dict[str, Table] = {t.name: t for t in (CLAIMS, SOURCES, FIGURES, EVENTS, PERIODS)}
