"""Load and check the claim registry and the evidence tables.

Every table is read with its line numbers, so that any problem, from a stray byte to a
value its quote does not print, is reported as one DataError naming the file, the line,
the column and what was expected. A byte order mark and CRLF line endings are accepted.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ngoclaims import paths
from ngoclaims.claims import numbers, schema
from ngoclaims.claims.intervals import ABOUT_YEARS, Interval, from_qualifier
from ngoclaims.errors import DataError

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_INTEGER = re.compile(r"-?\d+")
_YEAR_SPAN = re.compile(r"^(?P<a>\d{4}|\?)(?:-(?P<b>\d{4}|now))?$|^now$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$|^\d{4}/\d{4}$")


@dataclass(frozen=True)
class Row:
    """One CSV row: its cells as text and the line of the file it came from."""

    table: str
    path: Path
    line: int
    cells: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.cells[name]

    def error(self, column: str | None, expected: str) -> DataError:
        return DataError(self.path, self.line, column, expected)


@dataclass(frozen=True)
class Period:
    """A year or span; start None = unknown ('?'); 'now' is the article's present, whose
    years the Project knows (Project.span)."""

    start: int | None
    end: int | None
    text: str

    @property
    def is_now(self) -> bool:
        return self.text == "now"

    @property
    def open_ended(self) -> bool:
        """Runs to the article's present: 'now' or 'YYYY-now'."""
        return self.text.endswith("now")


def parse_period(text: str) -> Period | None:
    m = _YEAR_SPAN.match(text)
    if not m:
        return None
    if text == "now":
        return Period(None, None, text)
    a, b = m.group("a"), m.group("b")
    start = None if a == "?" else int(a)
    if b is None:
        return Period(start, start, text)
    return Period(start, None if b == "now" else int(b), text)


def _read_cells(record: type, row: Row, **converted) -> object:
    """A record from a row: every field of the dataclass named like a column takes the
    cell's text unless given converted here."""
    fields = {f.name for f in dataclasses.fields(record)}
    cells = {k: v for k, v in row.cells.items() if k in fields and k not in converted}
    return record(row=row, **cells, **converted)


@dataclass(frozen=True)
class Claim:
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
        if self.unit in schema.DATE_UNITS:
            return date_interval(self.period, self.qualifier, self.now)
        return from_qualifier(self.value_text, self.qualifier, self.unit)

    @property
    def country(self) -> str:
        return self.section


def date_interval(period: Period, qualifier: str, now: tuple[int, int]) -> Interval:
    """The years a date claim stands for: its ref_period; 'about' a year or two either way."""
    start = period.start if period.start is not None else now[0]
    end = period.end if period.end is not None else now[1]
    if qualifier == "about":
        return Interval(start - ABOUT_YEARS, end + ABOUT_YEARS)
    return Interval(start, end)


@dataclass(frozen=True)
class Source:
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
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Figure:
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
        return from_qualifier(self.value_text, self.qualifier, self.unit)


@dataclass(frozen=True)
class Event:
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


@dataclass(frozen=True)
class Stage:
    row: Row
    country: str
    stage: int
    start_year: int
    start_basis: str
    claim_id: str
    label: str


@dataclass(frozen=True)
class Kind:
    row: Row
    dimension: str
    kind: str
    definite: str
    meaning: str


@dataclass(frozen=True)
class Assumption:
    row: Row
    assumption_id: str
    premise: str
    statement: str
    status: str
    evidence: tuple[str, ...]
    reasoning: str


@dataclass(frozen=True)
class Comparable:
    row: Row
    dimension: str
    narrower: str
    broader: str
    relation: str
    assumption_id: str
    note: str


@dataclass(frozen=True)
class Relation:
    row: Row
    relation_id: str
    section: str
    kind: str
    claims: tuple[str, ...]
    quote: str
    assumption_id: str
    note: str


@dataclass(frozen=True)
class Placement:
    row: Row
    claim_id: str
    country: str
    stage: int
    words: str


@dataclass
class Project:
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
        start = period.start if period.start is not None else self.now[0]
        end = period.end if period.end is not None else self.now[1]
        return start, end

    def premise(self, name: str) -> Assumption:
        """The row of assumptions.csv that states one of the engine's premises."""
        return next(a for a in self.assumptions.values() if a.premise == name)

    def locate(self, quote: str) -> int:
        """Line of the article where a quote starts (1-based)."""
        return locate(self.article, quote)


def article_present(date: str) -> tuple[int, int]:
    a, _, b = date.partition("/")
    return int(a[:4]), int((b or a)[:4])


# ---------------------------------------------------------------------------------------
def read_text(path: Path) -> str:
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        prefix = raw[raw.rfind(b"\n", 0, err.start) + 1 : err.start].decode("utf-8", "replace")
        raise DataError(
            path,
            line,
            None,
            f"expected UTF-8 text, found byte 0x{raw[err.start]:02x} at character "
            f"{len(prefix) + 1} (field {prefix.count(',') + 1})",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_rows(table: schema.Table, data_dir: Path) -> list[Row]:
    path = data_dir / table.path
    text = read_text(path)
    if not text.strip():
        raise DataError(
            path, 1, None, f"file is empty; expected a header row: {','.join(table.column_names)}"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    expected = table.column_names
    if header != expected:
        raise DataError(
            path, 1, _header_problem_column(header, expected), _header_problem(header, expected)
        )
    rows: list[Row] = []
    line = 1
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(expected):
            raise DataError(
                path, line, None, f"expected {len(expected)} fields, found {len(cells)}"
            )
        rows.append(Row(table.name, path, line, dict(zip(expected, cells))))
    if not rows:
        raise DataError(path, 2, None, "no data rows after the header")
    for row in rows:
        _check_cells(table, row)
    _check_key(table, rows)
    return rows


def _header_problem_column(header: list[str], expected: list[str]) -> str:
    for name in header:
        if name not in expected:
            return name
    for name in expected:
        if name not in header:
            return name
    return next(h for h, e in zip(header, expected) if h != e)


def _header_problem(header: list[str], expected: list[str]) -> str:
    unknown = [h for h in header if h not in expected]
    missing = [e for e in expected if e not in header]
    if unknown:
        guess = difflib.get_close_matches(unknown[0], missing or expected, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        return f"unexpected column{hint} expected columns: {','.join(expected)}"
    if missing:
        return f"missing column; expected columns: {','.join(expected)}"
    return f"columns out of order; expected: {','.join(expected)}"


def _check_cells(table: schema.Table, row: Row) -> None:
    for col in table.columns:
        v = row[col.name]
        if v != v.strip():
            raise row.error(col.name, f"expected no leading or trailing spaces, got {v!r}")
        if not v:
            if col.required:
                raise row.error(col.name, f"expected a value ({col.description})")
            continue
        if col.enum is not None and v not in col.enum:
            allowed = ", ".join(e for e in col.enum if e)
            raise row.error(col.name, f"expected one of {allowed}; got {v!r}")
        if col.type in ("number", "integer"):
            pattern = _NUMBER if col.type == "number" else _INTEGER
            if not pattern.fullmatch(v):
                what = (
                    "a number (digits, '.' for decimals, no separators)"
                    if col.type == "number"
                    else "a whole number"
                )
                raise row.error(col.name, f"expected {what}, got {v!r}")
            x = float(v)
            if col.minimum is not None and x < col.minimum:
                raise row.error(col.name, f"expected at least {col.minimum:g}, got {v}")
            if col.maximum is not None and x > col.maximum:
                raise row.error(col.name, f"expected at most {col.maximum:g}, got {v}")
        elif col.type == "period":
            p = parse_period(v)
            if p is None:
                raise row.error(
                    col.name,
                    f"expected a year, a span YYYY-YYYY, '?-YYYY', 'YYYY-now' or 'now'; got {v!r}",
                )
            for y in (p.start, p.end):
                if y is not None and y != -1 and not (schema.YEAR_MIN <= y <= schema.YEAR_MAX):
                    raise row.error(
                        col.name,
                        f"expected years between {schema.YEAR_MIN} and {schema.YEAR_MAX}; got {v!r}",
                    )
            if p.start not in (None, -1) and p.end is not None and p.end < p.start:
                raise row.error(
                    col.name, f"expected a span that does not end before it starts; got {v!r}"
                )
        elif col.type == "date" and not _DATE.match(v):
            raise row.error(
                col.name, f"expected a date YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY; got {v!r}"
            )


def _check_key(table: schema.Table, rows: list[Row]) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        key = tuple(row[k] for k in table.key)
        if key in seen:
            raise row.error(
                table.key[-1] if len(key) > 1 else table.key[0],
                f"expected a unique {'+'.join(table.key)}; {'/'.join(key)!r} is also on line {seen[key]}",
            )
        seen[key] = row.line


# ---------------------------------------------------------------------------------------
def locate(article: str, quote: str) -> int:
    collapsed, offsets = _collapse_with_offsets(article)
    pos = collapsed.find(numbers.collapse(quote))
    return article.count("\n", 0, offsets[pos]) + 1 if pos >= 0 else 0


@lru_cache(maxsize=8)
def _collapse_with_offsets(text: str) -> tuple[str, list[int]]:
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


def _opt_int(text: str) -> int | None:
    return int(text) if text else None


def load(data_dir: Path | str | None = None) -> Project:
    """Read every table, check it, and return the project's data. Raises DataError."""
    data_dir = Path(data_dir) if data_dir is not None else paths.here().data
    article_path = paths.article_in(data_dir)
    article = read_text(article_path)
    if not article.strip():
        raise DataError(article_path, 1, None, "the article is empty")
    sources = _load_sources(data_dir, article)
    now = article_present(sources["article"].date)
    kinds = {
        (k.dimension, k.kind): k
        for k in (_read_cells(Kind, r) for r in read_rows(schema.KINDS_TABLE, data_dir))
    }
    claims = _load_claims(data_dir, article, article_path, now, kinds)
    figures = _load_figures(data_dir, sources, kinds)
    stages = _load_stages(data_dir, claims)
    placements = _load_placements(data_dir, claims, stages, article)
    assumptions = _load_assumptions(data_dir, claims, figures, sources)
    events = _load_events(data_dir, sources, assumptions)
    _check_evidence_refs(assumptions, claims, figures, events, sources)
    comparability = _load_comparability(data_dir, kinds, assumptions)
    relations = _load_relations(data_dir, claims, assumptions, article)
    return Project(
        data_dir,
        article,
        claims,
        sources,
        figures,
        events,
        stages,
        kinds,
        assumptions,
        comparability,
        relations,
        placements,
    )


def _load_sources(data_dir: Path, article: str) -> dict[str, Source]:
    sources = {r["source_id"]: _read_cells(Source, r) for r in read_rows(schema.SOURCES, data_dir)}
    if "article" not in sources:
        raise DataError(
            data_dir / schema.SOURCES.path,
            None,
            "source_id",
            "expected a row 'article' for the article itself",
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
    data_dir: Path,
    article: str,
    article_path: Path,
    now: tuple[int, int],
    kinds: dict[tuple[str, str], Kind],
) -> dict[str, Claim]:
    collapsed_article = numbers.collapse(article)
    claims: dict[str, Claim] = {}
    for r in read_rows(schema.CLAIMS, data_dir):
        c = _read_cells(
            Claim,
            r,
            value=float(r["value"]),
            value_text=r["value"],
            period=parse_period(r["ref_period"]),
            now=now,
        )
        _check_claim(c, collapsed_article, article_path)
        _check_kinds(r, kinds, counted=c.indicator == "ngo_count")
        claims[c.claim_id] = c
    return claims


def _load_figures(
    data_dir: Path, sources: dict[str, Source], kinds: dict[tuple[str, str], Kind]
) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for r in read_rows(schema.FIGURES, data_dir):
        f = _read_cells(
            Figure,
            r,
            value=float(r["value"]),
            value_text=r["value"],
            period=parse_period(r["ref_period"]),
        )
        src = _source_of(r, sources)
        _check_quoted(r, f.quote, src)
        if not numbers.value_in_text(f.value_text, f.quote, f.unit):
            raise r.error(
                "value", f"expected a value the quote prints; {f.value_text} is not in {f.quote!r}"
            )
        if f.unit == "percent" and f.value > 100:
            raise r.error("value", f"expected a percentage within 0-100, got {f.value_text}")
        _check_round_figure(r, f.value_text, f.qualifier, f.unit)
        _check_years(
            r,
            "ref_period",
            [y for y in (f.period.start, f.period.end) if y],
            f.quote,
            src,
            None if f.unit in schema.DATE_UNITS else f.value,
        )
        _check_kinds(r, kinds, counted=f.indicator == "ngo_count")
        figures[f.figure_id] = f
    return figures


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


def _load_events(
    data_dir: Path, sources: dict[str, Source], assumptions: dict[str, Assumption]
) -> dict[str, Event]:
    events: dict[str, Event] = {}
    for r in read_rows(schema.EVENTS, data_dir):
        e = _read_cells(
            Event,
            r,
            ordinal=_opt_int(r["ordinal"]),
            year=int(r["year"]),
            end_year=_opt_int(r["end_year"]),
            month=_opt_int(r["month"]),
            day=_opt_int(r["day"]),
        )
        src = _source_of(r, sources)
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
        _check_key_of(r, "assumption_id", assumptions, schema.ASSUMPTIONS)
        events[e.event_id] = e
    return events


def _check_key_of(row: Row, column: str, table: dict, target: schema.Table) -> None:
    key = row[column]
    if key and key not in table:
        raise row.error(column, f"expected a {target.key[0]} of {target.path}; got {key!r}")


def _load_stages(data_dir: Path, claims: dict[str, Claim]) -> list[Stage]:
    stages: list[Stage] = []
    for r in read_rows(schema.PERIODS, data_dir):
        s = _read_cells(Stage, r, stage=int(r["stage"]), start_year=int(r["start_year"]))
        claim = claims.get(s.claim_id)
        if claim is None:
            raise r.error(
                "claim_id", f"expected a claim_id of {schema.CLAIMS.path}; got {s.claim_id!r}"
            )
        if claim.section != s.country:
            raise r.error(
                "claim_id",
                f"expected a claim about {s.country}; {s.claim_id} is about {claim.section}",
            )
        starts = {a for a, _ in numbers.year_runs(numbers.implied_years(claim.quote))}
        if s.start_year not in starts:
            raise r.error(
                "start_year",
                f"expected the first year of a span the claim's quote states ({', '.join(map(str, sorted(starts)))}); got {s.start_year}",
            )
        if claim.unit == "ordinal" and claim.indicator == "stage" and claim.value != s.stage:
            raise r.error(
                "stage",
                f"expected {claim.value:g}, the ordinal claim {s.claim_id} states; got {s.stage}",
            )
        stages.append(s)
    _check_stage_order(stages, data_dir / schema.PERIODS.path)
    spans = stage_spans(stages)
    for c in claims.values():
        if not numbers.implied_years(c.quote) and not c.period.is_now:
            allowed = spans.get(c.section, set()) | spans.get("region", set())
            if c.period.text not in allowed:
                raise c.row.error(
                    "ref_period",
                    "expected, for a quote that states no year, 'now' or the span of a stage "
                    f"it speaks of ({', '.join(sorted(allowed))}); got {c.period.text!r}",
                )
    return stages


def stage_start_years(stage: Stage, claims: dict[str, Claim]) -> tuple[int, int]:
    """The years a stage may start in: its start_year, or the whole run of years its quote
    names from there ('the 10th years of the new century': 2010-2019)."""
    runs = numbers.year_runs(numbers.implied_years(claims[stage.claim_id].quote))
    return next((a, b) for a, b in runs if a == stage.start_year)


def passages(project_stages: list[Stage], claims: dict[str, Claim], article: str) -> dict:
    """(country, stage) -> (start, end) offsets, in the whitespace-collapsed article, of the
    text that tells the stage: from its quote to the next stage's quote of any country."""
    collapsed, _ = _collapse_with_offsets(article)
    starts = sorted(
        (collapsed.find(numbers.collapse(claims[s.claim_id].quote)), s.country, s.stage)
        for s in project_stages
        if s.country != "region"
    )
    ends = [p for p, _, _ in starts[1:]] + [len(collapsed)]
    return {(country, stage): (pos, end) for (pos, country, stage), end in zip(starts, ends)}


def _load_placements(
    data_dir: Path, claims: dict[str, Claim], stages: list[Stage], article: str
) -> dict[str, Placement]:
    collapsed, _ = _collapse_with_offsets(article)
    told = passages(stages, claims, article)
    placements: dict[str, Placement] = {}
    for r in read_rows(schema.PLACEMENTS, data_dir):
        pl = _read_cells(Placement, r, stage=int(r["stage"]))
        claim = claims.get(pl.claim_id)
        if claim is None:
            raise r.error("claim_id", f"expected a claim_id of {schema.CLAIMS.path}")
        if claim.kind != "date" or claim.section != pl.country:
            raise r.error(
                "claim_id", f"expected a dated claim about {pl.country}; {pl.claim_id} is not one"
            )
        if (pl.country, pl.stage) not in told:
            raise r.error("stage", f"expected a stage of {pl.country} in {schema.PERIODS.path}")
        lo, hi = told[(pl.country, pl.stage)]
        words = collapsed.find(numbers.collapse(pl.words), lo)
        where = collapsed.find(numbers.collapse(claim.quote), lo)
        if not (lo <= words < hi):
            raise r.error(
                "words", f"expected words of the article inside the passage of stage {pl.stage}"
            )
        if not (lo <= where < hi):
            raise r.error(
                "stage",
                f"expected the stage whose passage tells the claim; it is not stage {pl.stage}",
            )
        placements[pl.claim_id] = pl
    return placements


def _load_assumptions(
    data_dir: Path,
    claims: dict[str, Claim],
    figures: dict[str, Figure],
    sources: dict[str, Source],
) -> dict[str, Assumption]:
    out: dict[str, Assumption] = {}
    premises: dict[str, int] = {}
    for r in read_rows(schema.ASSUMPTIONS, data_dir):
        a = _read_cells(Assumption, r, evidence=tuple(r["evidence"].split()))
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
            data_dir / schema.ASSUMPTIONS.path,
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


def _check_evidence_refs(assumptions, claims, figures, events, sources) -> None:
    known = set(claims) | set(figures) | set(events) | set(sources)
    for a in assumptions.values():
        for ref in a.evidence:
            if ref not in known:
                raise a.row.error(
                    "evidence", f"expected keys of claims, figures, events or sources; got {ref!r}"
                )


def _load_comparability(
    data_dir: Path, kinds: dict[tuple[str, str], Kind], assumptions: dict[str, Assumption]
) -> list[Comparable]:
    out: list[Comparable] = []
    for r in read_rows(schema.COMPARABILITY, data_dir):
        c = _read_cells(Comparable, r)
        for column in ("narrower", "broader"):
            if (c.dimension, r[column]) not in kinds:
                raise r.error(column, f"expected a {c.dimension} of kinds.csv; got {r[column]!r}")
        if c.narrower == c.broader:
            raise r.error("broader", "expected two different kinds")
        _check_key_of(r, "assumption_id", assumptions, schema.ASSUMPTIONS)
        out.append(c)
    return out


def _load_relations(
    data_dir: Path, claims: dict[str, Claim], assumptions: dict[str, Assumption], article: str
) -> dict[str, Relation]:
    collapsed = numbers.collapse(article)
    out: dict[str, Relation] = {}
    for r in read_rows(schema.RELATIONS_TABLE, data_dir):
        rel = _read_cells(Relation, r, claims=tuple(r["claims"].split()))
        if len(rel.claims) < 2:
            raise r.error("claims", "expected at least two claim_ids")
        for cid in rel.claims:
            if cid not in claims or claims[cid].section != rel.section:
                raise r.error("claims", f"expected claim_ids of {rel.section}; got {cid!r}")
        if len({claims[cid].unit for cid in rel.claims}) > 1 and rel.kind != "ordered":
            raise r.error("claims", "expected claims in one unit")
        if rel.kind == "parts-of-whole" and claims[rel.claims[0]].unit != "percent":
            raise r.error("kind", "expected shares (unit percent) for parts of a whole")
        if numbers.collapse(rel.quote) not in collapsed:
            raise r.error("quote", "expected a verbatim span of the article")
        _check_key_of(r, "assumption_id", assumptions, schema.ASSUMPTIONS)
        out[rel.relation_id] = rel
    return out


def _check_round_figure(row: Row, value_text: str, qualifier: str, unit: str) -> None:
    """A round figure ('800', '20,000') is approximate even without 'about'."""
    if qualifier == "exact" and unit in schema.ROUNDED_UNITS:
        v = float(value_text)
        if v >= 100 and v == int(v) and int(v) % 100 == 0:
            raise row.error(
                "qualifier", f"expected 'about' (or a bound) for the round figure {value_text}"
            )


def stage_spans(stages: list[Stage]) -> dict[str, set[str]]:
    """'start-end' of each stage (a stage lasts until the next starts), and of the whole scheme."""
    out: dict[str, set[str]] = {}
    by_country: dict[str, list[Stage]] = {}
    for s in stages:
        by_country.setdefault(s.country, []).append(s)
    for country, items in by_country.items():
        items.sort(key=lambda s: s.stage)
        ends = [str(n.start_year) for n in items[1:]] + ["now"]
        out[country] = {f"{s.start_year}-{e}" for s, e in zip(items, ends)} | {
            f"{items[0].start_year}-now"
        }
    return out


def _source_of(row: Row, sources: dict[str, Source]) -> Source:
    src = sources.get(row["source_id"])
    if src is None:
        raise row.error(
            "source_id", f"expected a source_id of {schema.SOURCES.path}; got {row['source_id']!r}"
        )
    return src


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
    not a year even when it looks like one ('2000 MRP')."""
    stated = numbers.implied_years(quote) - ({int(value)} if value is not None else set())
    if not stated:
        stated = numbers.implied_years(src.quotation) - ({int(value)} if value else set())
        if src.date:
            stated |= {int(p[:4]) for p in src.date.split("/")}
    for y in years:
        if y not in stated:
            raise row.error(
                column,
                f"expected a year its quote or source states ({', '.join(map(str, sorted(stated))) or 'none'}); got {y}",
            )


def _check_month_day(row: Row, e: Event, src: Source) -> None:
    src_parts = [int(p) for p in src.date.split("-")] if src.date and "/" not in src.date else []
    if (
        len(src_parts) == 3
        and (e.month, e.day) == (src_parts[1], src_parts[2])
        and e.year != src_parts[0]
    ):
        raise row.error(
            "year",
            f"expected {src_parts[0]}, the year of the source's date its month and day come from; got {e.year}",
        )
    named = [m for m in numbers.MONTHS if re.search(rf"\b{m}\b", e.quote)]
    if e.month is not None:
        name = numbers.MONTHS[e.month - 1]
        dated = not named and len(src_parts) >= 2 and src_parts[1] == e.month
        if name not in named and not dated:
            raise row.error(
                "month",
                f"expected a month its quote names ({', '.join(named) or 'none'}) or, if it names none, its source is dated; got {e.month}",
            )
    days = {
        int(t.values[1])
        for t in numbers.tokens(e.quote)
        if t.form == "date" and t.values[2] == e.month
    }
    if e.day is not None and days and e.day not in days:
        raise row.error(
            "day",
            f"expected the day its quote gives ({', '.join(map(str, sorted(days)))}); got {e.day}",
        )
    if e.day is not None:
        for m in re.finditer(r"\b(\d{1,2})\s*[-–]\s*(\d{1,2})\b", e.quote):
            if int(m.group(2)) == e.day and int(m.group(1)) != e.day:
                raise row.error(
                    "day", f"expected the first day of the span {m.group(0)!r}; got {e.day}"
                )
        if float(e.day) not in numbers.candidates(e.quote) and not (
            len(src_parts) == 3 and src_parts[2] == e.day
        ):
            raise row.error(
                "day", f"expected a day its quote prints or its source is dated; got {e.day}"
            )


def _check_claim(c: Claim, collapsed_article: str, article_path: Path) -> None:
    q = numbers.collapse(c.quote)
    hits = collapsed_article.count(q)
    if hits == 0:
        raise c.row.error(
            "quote",
            f"expected a verbatim span of {article_path.name}; not found (whitespace collapsed)",
        )
    if hits > 1:
        raise c.row.error(
            "quote",
            f"expected a span that occurs once in {article_path.name}; it occurs {hits} times",
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


def _check_stage_order(stages: list[Stage], path: Path) -> None:
    by_country: dict[str, list[Stage]] = {}
    for s in stages:
        by_country.setdefault(s.country, []).append(s)
    for country, items in by_country.items():
        items.sort(key=lambda s: s.stage)
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
