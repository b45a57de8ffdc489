"""Load the claim registry and the evidence tables, and check what no schema can say.

Every table is read and checked against schema.py by ``tables.read_all`` (cells, keys,
foreign keys). What is left here needs the article or several tables at once: a quote found
verbatim in the article or in its source's quotation, a value its quote prints, the years a
quote states, the stages and what they tell. Every problem is one DataError naming the file,
the line, the column and what was expected.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ngoclaims import paths
from ngoclaims.claims import numbers, schema
from ngoclaims.claims.intervals import ABOUT_YEARS, Interval, from_qualifier
from ngoclaims.claims.tables import Period, Row, read_all, read_text
from ngoclaims.errors import DataError

ARTICLE = paths.article_in(Path()).name


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A numeric statement of the article (a row of claims.csv)."""

    row: Row
    claim_id: str
    section: str
    quote: str
    value: float
    value_text: str
    qualifier: str
    unit: str
    period: Period
    period_basis: str
    kind: str
    indicator: str
    definition: str
    scope: str
    expected_verdict: str
    note: str
    now: tuple[int, int] = (0, 0)  # the article's present, for a period that runs to it

    @property
    def interval(self) -> Interval:
        """What the printed value stands for: the years of a date, or the qualified value."""
        if self.unit in schema.DATE_UNITS:
            return date_interval(self.period, self.qualifier, self.now)
        return from_qualifier(self.value_text, self.qualifier, self.unit)

    @property
    def country(self) -> str:
        """The section, under the name the evidence tables use."""
        return self.section


def span(period: Period, now: tuple[int, int]) -> tuple[int, int]:
    """First and last year of a period, the article's present filled in where it runs to it."""
    start = period.start if period.start is not None else now[0]
    end = period.end if period.end is not None else now[1]
    return start, end


def date_interval(period: Period, qualifier: str, now: tuple[int, int]) -> Interval:
    """The years a date claim stands for: its ref_period; 'about' a year or two either way."""
    start, end = span(period, now)
    if qualifier == "about":
        return Interval(start - ABOUT_YEARS, end + ABOUT_YEARS)
    return Interval(start, end)


@dataclass(frozen=True, kw_only=True)
class Source:
    """The article or an independent source (a row of sources.csv)."""

    row: Row
    source_id: str
    title: str
    publisher: str
    url: str
    date: str
    language: str
    quotation: str
    note: str

    @property
    def year(self) -> int | None:
        """The year it is dated (the first, for a span); None if undated."""
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True, kw_only=True)
class Figure:
    """An independent figure (a row of figures.csv)."""

    row: Row
    figure_id: str
    country: str
    indicator: str
    definition: str
    scope: str
    period: Period
    value: float
    value_text: str
    qualifier: str
    unit: str
    source_id: str
    quote: str
    note: str

    @property
    def interval(self) -> Interval:
        """What the printed value stands for, given its qualifier and unit."""
        return from_qualifier(self.value_text, self.qualifier, self.unit)


@dataclass(frozen=True, kw_only=True)
class Event:
    """A dated event a source reports (a row of events.csv)."""

    row: Row
    event_id: str
    country: str
    event: str
    ordinal: int | None
    label: str
    year: int
    end_year: int | None
    month: int | None
    day: int | None
    status: str
    source_id: str
    assumption_id: str
    quote: str
    note: str

    @property
    def happened(self) -> bool:
        """Reported as having taken place; only such an event can date a claim firmly."""
        return self.status in schema.HAPPENED


@dataclass(frozen=True, kw_only=True)
class Stage:
    """A stage of a country's NGO development as the article tells it (periods.csv)."""

    row: Row
    country: str
    stage: int
    start_year: int
    start_basis: str
    claim_id: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Kind:
    """A kind of count: what a definition or a scope means (kinds.csv)."""

    row: Row
    dimension: str
    kind: str
    definite: str
    meaning: str


@dataclass(frozen=True, kw_only=True)
class Assumption:
    """A premise a verdict may use beyond arithmetic (assumptions.csv)."""

    row: Row
    assumption_id: str
    premise: str
    statement: str
    status: str
    evidence: tuple[str, ...]
    reasoning: str


@dataclass(frozen=True, kw_only=True)
class Comparable:
    """Which kind of count may bound which (comparability.csv)."""

    row: Row
    dimension: str
    narrower: str
    broader: str
    relation: str
    assumption_id: str
    note: str


@dataclass(frozen=True, kw_only=True)
class Relation:
    """What the article's words say about several of its figures together (relations.csv)."""

    row: Row
    relation_id: str
    section: str
    kind: str
    claims: tuple[str, ...]
    quote: str
    assumption_id: str
    note: str


@dataclass(frozen=True, kw_only=True)
class Placement:
    """A dated claim the article tells within one of a country's stages (placements.csv)."""

    row: Row
    claim_id: str
    country: str
    stage: int
    words: str


@dataclass
class Project:
    """Everything the engine reads: the article and every table, checked."""

    data_dir: Path
    article: str
    claims: dict[str, Claim]
    sources: dict[str, Source]
    figures: dict[str, Figure]
    events: dict[str, Event]
    stages: list[Stage]
    kinds: dict[tuple[str, str], Kind] = field(default_factory=dict)
    assumptions: dict[str, Assumption] = field(default_factory=dict)
    comparability: list[Comparable] = field(default_factory=list)
    relations: dict[str, Relation] = field(default_factory=dict)
    placements: dict[str, Placement] = field(default_factory=dict)

    @cached_property
    def now(self) -> tuple[int, int]:
        """The article's present, from its row in sources.csv ('2021/2022')."""
        return article_present(self.sources["article"].date)

    def span(self, period: Period) -> tuple[int, int]:
        """First and last year of a period, the article's present filled in."""
        return span(period, self.now)

    def premise(self, name: str) -> Assumption:
        """The row of assumptions.csv that states one of the engine's premises."""
        return next(a for a in self.assumptions.values() if a.premise == name)

    def locate(self, quote: str) -> int:
        """Line of the article where a quote starts (1-based)."""
        return locate(self.article, quote)


def article_present(date: str) -> tuple[int, int]:
    """The first and last year of the article's date ('2021/2022' -> (2021, 2022))."""
    a, _, b = date.partition("/")
    return int(a[:4]), int((b or a)[:4])


def locate(article: str, quote: str) -> int:
    """Line of the article where a quote starts (1-based); 0 if it is not there."""
    collapsed, offsets = collapse_with_offsets(article)
    pos = collapsed.find(numbers.collapse(quote))
    return article.count("\n", 0, offsets[pos]) + 1 if pos >= 0 else 0


@lru_cache(maxsize=8)
def collapse_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text with its whitespace collapsed (as numbers.collapse), and for each of its
    characters the offset in the text it came from, so a match can be given a line.
    """
    out: list[str] = []
    offsets: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                out.append(" ")
                offsets.append(i)
            prev_space = True
        else:
            out.append(ch)
            offsets.append(i)
            prev_space = False
    return "".join(out).rstrip(), offsets


# --- loading --------------------------------------------------------------------------------
def _record(record: type, row: Row, **given) -> object:
    """A record from a row, by keyword: every field named like a column takes the cell's
    value, typed as schema.py says, unless given here.
    """
    names = {f.name for f in dataclasses.fields(record)} - set(given) - {"row"}
    cells = {name: row.value(name) for name in names if name in row.cells}
    return record(row=row, **cells, **given)


def load(data_dir: Path | str | None = None) -> Project:
    """Read every table, check it, and return the project's data. Raises DataError."""
    data_dir = Path(data_dir) if data_dir is not None else paths.here().data
    article = _load_article(paths.article_in(data_dir))
    rows = read_all(data_dir)
    sources = _load_sources(rows["sources"], article)
    kinds = {(r["dimension"], r["kind"]): _record(Kind, r) for r in rows["kinds"]}
    now = article_present(sources["article"].date)
    claims = _load_claims(rows["claims"], article, now, kinds)
    figures = _load_figures(rows["figures"], sources, kinds)
    stages = _load_stages(rows["periods"], claims)
    placements = _load_placements(rows["placements"], claims, stages, article)
    assumptions = _load_assumptions(rows["assumptions"])
    events = _load_events(rows["events"], sources)
    _check_evidence_refs(assumptions, {*claims, *figures, *events, *sources})
    comparability = _load_comparability(rows["comparability"], kinds)
    relations = _load_relations(rows["relations"], claims, article)
    return Project(
        data_dir=data_dir,
        article=article,
        claims=claims,
        sources=sources,
        figures=figures,
        events=events,
        stages=stages,
        kinds=kinds,
        assumptions=assumptions,
        comparability=comparability,
        relations=relations,
        placements=placements,
    )


def _load_article(path: Path) -> str:
    article = read_text(path)
    if not article.strip():
        raise DataError(path, 1, None, "the article is empty")
    return article


def _load_sources(rows: list[Row], article: str) -> dict[str, Source]:
    """The sources; one is the article itself, dated by its present."""
    sources = {r["source_id"]: _record(Source, r) for r in rows}
    if "article" not in sources:
        raise DataError(
            rows[0].path, None, "source_id", "expected a row 'article' for the article itself"
        )
    art = sources["article"]
    years = [int(y) for y in art.date.split("/")] if re.fullmatch(r"\d{4}/\d{4}", art.date) else []
    if len(years) != 2 or years[0] >= years[1] or not set(years) <= numbers.implied_years(article):
        raise art.row.error(
            "date",
            "expected the article's present as YYYY/YYYY: the latest year it reports "
            "and the year it looks ahead to, both years the article mentions",
        )
    return sources


def _load_claims(
    rows: list[Row], article: str, now: tuple[int, int], kinds: dict[tuple[str, str], Kind]
) -> dict[str, Claim]:
    collapsed_article = numbers.collapse(article)
    claims: dict[str, Claim] = {}
    for r in rows:
        c = _record(Claim, r, value_text=r["value"], period=r.value("ref_period"), now=now)
        _check_claim(c, collapsed_article)
        _check_kinds(r, kinds, counted=c.indicator == "ngo_count")
        claims[c.claim_id] = c
    return claims


def _load_figures(
    rows: list[Row], sources: dict[str, Source], kinds: dict[tuple[str, str], Kind]
) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for r in rows:
        f = _record(Figure, r, value_text=r["value"], period=r.value("ref_period"))
        src = sources[f.source_id]
        _check_quoted(r, f.quote, src)
        if not numbers.value_in_text(f.value_text, f.quote, f.unit):
            raise r.error(
                "value", f"expected a value the quote prints; {f.value_text} is not in {f.quote!r}"
            )
        if f.unit == "percent" and f.value > 100:
            raise r.error("value", f"expected a percentage within 0-100, got {f.value_text}")
        _check_round_figure(r, f.value_text, f.qualifier, f.unit)
        years = [y for y in (f.period.start, f.period.end) if y]
        own = None if f.unit in schema.DATE_UNITS else f.value
        _check_years(r, "ref_period", years, f.quote, src, own)
        _check_kinds(r, kinds, counted=f.indicator == "ngo_count")
        figures[f.figure_id] = f
    return figures


def _load_events(rows: list[Row], sources: dict[str, Source]) -> dict[str, Event]:
    events: dict[str, Event] = {}
    for r in rows:
        e = _record(Event, r)
        src = sources[e.source_id]
        _check_quoted(r, e.quote, src)
        _check_years(r, "year", [e.year], e.quote, src)
        if e.end_year is not None:
            _check_years(r, "end_year", [e.end_year], e.quote, src)
            if e.end_year < e.year:
                raise r.error("end_year", f"expected a year not before {e.year}, got {e.end_year}")
        if e.ordinal is not None and float(e.ordinal) not in numbers.candidates(e.quote):
            raise r.error(
                "ordinal",
                f"expected an ordinal the quote prints; {e.ordinal} is not in {e.quote!r}",
            )
        _check_month_day(r, e, src)
        events[e.event_id] = e
    return events


def _load_stages(rows: list[Row], claims: dict[str, Claim]) -> list[Stage]:
    stages: list[Stage] = [_record(Stage, r) for r in rows]
    for s in stages:
        _check_stage_claim(s, claims[s.claim_id])
    _check_stage_order(stages)
    _check_unstated_periods(claims, stage_spans(stages))
    return stages


def _check_stage_claim(s: Stage, claim: Claim) -> None:
    """A stage starts where the quote of its claim says, in the country it is about."""
    if claim.section != s.country:
        raise s.row.error(
            "claim_id",
            f"expected a claim about {s.country}; {s.claim_id} is about {claim.section}",
        )
    starts = {a for a, _ in numbers.year_runs(numbers.implied_years(claim.quote))}
    if s.start_year not in starts:
        raise s.row.error(
            "start_year",
            f"expected the first year of a span the claim's quote states ({', '.join(map(str, sorted(starts)))}); got {s.start_year}",
        )
    if claim.unit == "ordinal" and claim.indicator == "stage" and claim.value != s.stage:
        raise s.row.error(
            "stage",
            f"expected {claim.value:g}, the ordinal claim {s.claim_id} states; got {s.stage}",
        )


def _check_unstated_periods(claims: dict[str, Claim], spans: dict[str, set[str]]) -> None:
    """A quote that states no year is about the present or the span of a stage."""
    for c in claims.values():
        if not numbers.implied_years(c.quote) and not c.period.is_now:
            allowed = spans.get(c.section, set()) | spans.get("region", set())
            if c.period.text not in allowed:
                raise c.row.error(
                    "ref_period",
                    "expected, for a quote that states no year, 'now' or the span of a stage "
                    f"it speaks of ({', '.join(sorted(allowed))}); got {c.period.text!r}",
                )


def stage_start_years(stage: Stage, claims: dict[str, Claim]) -> tuple[int, int]:
    """The years a stage may start in: its start_year, or the whole run of years its quote
    names from there ('the 10th years of the new century': 2010-2019).
    """
    runs = numbers.year_runs(numbers.implied_years(claims[stage.claim_id].quote))
    return next((a, b) for a, b in runs if a == stage.start_year)


def passages(project_stages: list[Stage], claims: dict[str, Claim], article: str) -> dict:
    """(country, stage) -> (start, end) offsets, in the whitespace-collapsed article, of the
    text that tells the stage: from its quote to the next stage's quote of any country.
    """
    collapsed, _ = collapse_with_offsets(article)
    starts = sorted(
        (collapsed.find(numbers.collapse(claims[s.claim_id].quote)), s.country, s.stage)
        for s in project_stages
        if s.country != "region"
    )
    ends = [p for p, _, _ in starts[1:]] + [len(collapsed)]
    return {(country, stage): (pos, end) for (pos, country, stage), end in zip(starts, ends)}


def _load_placements(
    rows: list[Row], claims: dict[str, Claim], stages: list[Stage], article: str
) -> dict[str, Placement]:
    collapsed, _ = collapse_with_offsets(article)
    told = passages(stages, claims, article)
    placements: dict[str, Placement] = {}
    for r in rows:
        pl = _record(Placement, r)
        claim = claims[pl.claim_id]
        if claim.kind != "date" or claim.section != pl.country:
            raise r.error(
                "claim_id", f"expected a dated claim about {pl.country}; {pl.claim_id} is not one"
            )
        if (pl.country, pl.stage) not in told:
            raise r.error("stage", f"expected a stage of {pl.country} in {schema.PERIODS.path}")
        _check_told(pl, claim, collapsed, told[(pl.country, pl.stage)])
        placements[pl.claim_id] = pl
    return placements


def _check_told(pl: Placement, claim: Claim, collapsed: str, passage: tuple[int, int]) -> None:
    """The placement's words and the claim's quote both lie in the stage's passage."""
    lo, hi = passage
    words = collapsed.find(numbers.collapse(pl.words), lo)
    where = collapsed.find(numbers.collapse(claim.quote), lo)
    if not (lo <= words < hi):
        raise pl.row.error(
            "words", f"expected words of the article inside the passage of stage {pl.stage}"
        )
    if not (lo <= where < hi):
        raise pl.row.error(
            "stage",
            f"expected the stage whose passage tells the claim; it is not stage {pl.stage}",
        )


def _load_assumptions(rows: list[Row]) -> dict[str, Assumption]:
    out: dict[str, Assumption] = {}
    premises: dict[str, int] = {}
    for r in rows:
        a = _record(Assumption, r, evidence=tuple(r["evidence"].split()))
        if a.premise != "specific":
            if a.premise in premises:
                raise r.error(
                    "premise",
                    f"expected one row per premise; {a.premise!r} is also on line {premises[a.premise]}",
                )
            premises[a.premise] = r.line
        if a.status != "untested" and not a.evidence:
            raise r.error("evidence", f"expected the evidence that makes it {a.status}")
        _check_no_digits(r, "statement")
        _check_no_digits(r, "reasoning")
        out[a.assumption_id] = a
    missing = [p for p in schema.PREMISES if p != "specific" and p not in premises]
    if missing:
        raise DataError(
            rows[0].path,
            None,
            "premise",
            f"expected a row for each premise the engine may use; missing: {', '.join(missing)}",
        )
    return out


def _check_no_digits(row: Row, column: str) -> None:
    """Text the book shows beside computed figures types none of its own."""
    if re.search(r"\d", row[column]):
        raise row.error(
            column, "expected words only: a figure here would reach the reader uncomputed"
        )


def _check_evidence_refs(assumptions: dict[str, Assumption], known: set[str]) -> None:
    """The evidence of an assumption is rows of claims, figures, events or sources."""
    for a in assumptions.values():
        for ref in a.evidence:
            if ref not in known:
                raise a.row.error(
                    "evidence", f"expected keys of claims, figures, events or sources; got {ref!r}"
                )


def _load_comparability(rows: list[Row], kinds: dict[tuple[str, str], Kind]) -> list[Comparable]:
    out: list[Comparable] = []
    for r in rows:
        c = _record(Comparable, r)
        for column in ("narrower", "broader"):
            if (c.dimension, r[column]) not in kinds:
                raise r.error(column, f"expected a {c.dimension} of kinds.csv; got {r[column]!r}")
        if c.narrower == c.broader:
            raise r.error("broader", "expected two different kinds")
        out.append(c)
    return out


def _load_relations(rows: list[Row], claims: dict[str, Claim], article: str) -> dict[str, Relation]:
    collapsed = numbers.collapse(article)
    out: dict[str, Relation] = {}
    for r in rows:
        rel = _record(Relation, r, claims=tuple(r["claims"].split()))
        _check_relation_claims(rel, claims)
        if numbers.collapse(rel.quote) not in collapsed:
            raise r.error("quote", "expected a verbatim span of the article")
        out[rel.relation_id] = rel
    return out


def _check_relation_claims(rel: Relation, claims: dict[str, Claim]) -> None:
    """A relation holds between two or more claims of its section, in one unit but for an
    order, and a whole's parts are shares.
    """
    if len(rel.claims) < 2:
        raise rel.row.error("claims", "expected at least two claim_ids")
    for cid in rel.claims:
        if cid not in claims or claims[cid].section != rel.section:
            raise rel.row.error("claims", f"expected claim_ids of {rel.section}; got {cid!r}")
    if len({claims[cid].unit for cid in rel.claims}) > 1 and rel.kind != "ordered":
        raise rel.row.error("claims", "expected claims in one unit")
    if rel.kind == "parts-of-whole" and claims[rel.claims[0]].unit != "percent":
        raise rel.row.error("kind", "expected shares (unit percent) for parts of a whole")


# --- checks of one row ----------------------------------------------------------------------
def _check_kinds(row: Row, kinds: dict[tuple[str, str], Kind], counted: bool) -> None:
    """A count says what it counts (a definition and a scope of kinds.csv)."""
    for dimension in schema.DIMENSIONS:
        kind = row[dimension]
        if counted and not kind:
            raise row.error(
                dimension, f"expected the {dimension} of this count (a kind of kinds.csv)"
            )
        if kind and (dimension, kind) not in kinds:
            known = ", ".join(k for d, k in sorted(kinds) if d == dimension)
            raise row.error(
                dimension, f"expected a {dimension} of kinds.csv ({known}); got {kind!r}"
            )


def _check_round_figure(row: Row, value_text: str, qualifier: str, unit: str) -> None:
    """A round figure ('800', '20,000') is approximate even without 'about'."""
    if qualifier == "exact" and unit in schema.ROUNDED_UNITS:
        v = float(value_text)
        if v >= 100 and v == int(v) and int(v) % 100 == 0:
            raise row.error(
                "qualifier",
                f"expected 'round' (printed bare), 'about' or a bound for the round figure "
                f"{value_text}",
            )


def stage_spans(stages: list[Stage]) -> dict[str, set[str]]:
    """'start-end' of each stage (a stage lasts until the next starts), and of the whole scheme."""
    out: dict[str, set[str]] = {}
    for country, items in _by_country(stages).items():
        ends = [str(n.start_year) for n in items[1:]] + ["now"]
        out[country] = {f"{s.start_year}-{e}" for s, e in zip(items, ends)} | {
            f"{items[0].start_year}-now"
        }
    return out


def _by_country(stages: list[Stage]) -> dict[str, list[Stage]]:
    """Each country's stages, in the order of their numbers."""
    out: dict[str, list[Stage]] = {}
    for s in stages:
        out.setdefault(s.country, []).append(s)
    return {country: sorted(items, key=lambda s: s.stage) for country, items in out.items()}


def _check_quoted(row: Row, quote: str, src: Source) -> None:
    if src.source_id != "article" and numbers.collapse(quote) not in numbers.collapse(
        src.quotation
    ):
        raise row.error("quote", f"expected a span of the quotation of source {src.source_id!r}")


def _check_years(
    row: Row, column: str, years: list[int], quote: str, src: Source, value: float | None = None
) -> None:
    """A year must be one the row's quote states; when the quote states none, one its source
    states or is dated (a mutated year would otherwise go unnoticed). The row's own value is
    not a year even when it looks like one ('2000 MRP').
    """
    own = {int(value)} if value is not None else set()
    stated = numbers.implied_years(quote) - own
    if not stated:
        stated = numbers.implied_years(src.quotation) - own
        if src.date:
            stated |= {int(p[:4]) for p in src.date.split("/")}
    for y in years:
        if y not in stated:
            raise row.error(
                column,
                f"expected a year its quote or source states ({', '.join(map(str, sorted(stated))) or 'none'}); got {y}",
            )


def _source_date(src: Source) -> list[int]:
    """The year, month and day of a source dated YYYY[-MM[-DD]]; [] for a span or none."""
    return [int(p) for p in src.date.split("-")] if src.date and "/" not in src.date else []


def _check_month_day(row: Row, e: Event, src: Source) -> None:
    """A month and a day are ones the quote gives or, failing that, the source's date."""
    dated = _source_date(src)
    if len(dated) == 3 and (e.month, e.day) == (dated[1], dated[2]) and e.year != dated[0]:
        raise row.error(
            "year",
            f"expected {dated[0]}, the year of the source's date its month and day come from; got {e.year}",
        )
    if e.month is not None:
        _check_month(row, e, dated)
    if e.day is not None:
        _check_day(row, e, dated)


def _check_month(row: Row, e: Event, dated: list[int]) -> None:
    named = [m for m in numbers.MONTHS if re.search(rf"\b{m}\b", e.quote)]
    from_date = not named and len(dated) >= 2 and dated[1] == e.month
    if numbers.MONTHS[e.month - 1] not in named and not from_date:
        raise row.error(
            "month",
            f"expected a month its quote names ({', '.join(named) or 'none'}) or, if it names none, its source is dated; got {e.month}",
        )


def _check_day(row: Row, e: Event, dated: list[int]) -> None:
    days = {
        int(t.values[1])
        for t in numbers.tokens(e.quote)
        if t.form == "date" and t.values[2] == e.month
    }
    if days and e.day not in days:
        raise row.error(
            "day",
            f"expected the day its quote gives ({', '.join(map(str, sorted(days)))}); got {e.day}",
        )
    for m in re.finditer(r"\b(\d{1,2})\s*[-–]\s*(\d{1,2})\b", e.quote):
        if int(m.group(2)) == e.day and int(m.group(1)) != e.day:
            raise row.error(
                "day", f"expected the first day of the span {m.group(0)!r}; got {e.day}"
            )
    if float(e.day) not in numbers.candidates(e.quote) and not (
        len(dated) == 3 and dated[2] == e.day
    ):
        raise row.error(
            "day", f"expected a day its quote prints or its source is dated; got {e.day}"
        )


def _check_claim(c: Claim, collapsed_article: str) -> None:
    """The quote is in the article once and prints the value; the unit fits the kind."""
    q = numbers.collapse(c.quote)
    hits = collapsed_article.count(q)
    if hits == 0:
        raise c.row.error(
            "quote", f"expected a verbatim span of {ARTICLE}; not found (whitespace collapsed)"
        )
    if hits > 1:
        raise c.row.error(
            "quote", f"expected a span that occurs once in {ARTICLE}; it occurs {hits} times"
        )
    if not numbers.value_in_text(c.value_text, c.quote, c.unit):
        raise c.row.error(
            "value", f"expected a value the quote prints; {c.value_text} is not in {c.quote!r}"
        )
    _check_round_figure(c.row, c.value_text, c.qualifier, c.unit)
    _check_claim_period(c)
    if c.kind == "change" and c.unit not in ("times", "percent"):
        raise c.row.error("unit", "expected 'times' or 'percent' for a change")
    if c.kind == "date" and c.unit not in schema.DATE_UNITS:
        raise c.row.error("unit", f"expected one of {', '.join(schema.DATE_UNITS)} for a date")


def _check_claim_period(c: Claim) -> None:
    """A ref_period is one the quote states or anchors; a date's value is its first year."""
    implied = numbers.implied_years(c.quote)
    p = c.period
    if implied:
        _check_stated_period(c, implied)
    if c.unit == "year" and (p.start is None or p.start != c.value):
        raise c.row.error(
            "value", f"expected the first year of ref_period {p.text!r}; got {c.value_text}"
        )
    if c.unit == "decade" and (p.start is None or not c.value <= p.start <= c.value + 9):
        raise c.row.error(
            "value", f"expected the decade ref_period {p.text!r} starts in; got {c.value_text}"
        )
    if c.period_basis == "stated" and not implied:
        raise c.row.error(
            "period_basis", "expected 'implied' or 'guessed': the quote states no year"
        )


def _check_stated_period(c: Claim, implied: set[int]) -> None:
    """A span starts and ends where one the quote states does; 'now' needs a word for it."""
    p = c.period
    runs = numbers.year_runs(implied)
    starts, ends = {a for a, _ in runs}, {b for _, b in runs}
    if p.start is not None and p.start not in starts:
        raise c.row.error(
            "ref_period",
            f"expected a span that starts where one the quote states starts ({', '.join(map(str, sorted(starts)))}); got {p.text!r}",
        )
    if p.end is not None and p.end != p.start and p.end not in ends:
        raise c.row.error(
            "ref_period",
            f"expected a span that ends where one the quote states ends ({', '.join(map(str, sorted(ends)))}); got {p.text!r}",
        )
    if p.open_ended and not numbers.NOW_WORDS.search(c.quote):
        raise c.row.error(
            "ref_period", "expected no 'now': the quote does not speak of the present"
        )


def _check_stage_order(stages: list[Stage]) -> None:
    """Each country's stages are numbered 1..n without gaps and start ever later."""
    for country, items in _by_country(stages).items():
        for i, s in enumerate(items, start=1):
            if s.stage != i:
                raise s.row.error(
                    "stage",
                    f"expected the stages of {country} numbered 1..{len(items)} without gaps; got {s.stage}",
                )
            if i > 1 and s.start_year <= items[i - 2].start_year:
                raise s.row.error(
                    "start_year",
                    f"expected a start after stage {i - 1}'s {items[i - 2].start_year}; got {s.start_year}",
                )
