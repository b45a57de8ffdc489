"""Load and check the claim registry and the evidence tables.

Every table is read with its line numbers, so that any problem, from a stray byte to a
value its quote does not print, is reported as one DataError naming the file, the line,
the column and what was expected. A byte order mark and CRLF line endings are accepted.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ngoclaims import numbers, schema
from ngoclaims.errors import DataError
from ngoclaims.intervals import Interval, from_qualifier

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
    """A year or span; start None = unknown ('?'), end None = the article's present."""

    start: int | None
    end: int | None
    text: str

    def years(self, now: tuple[int, int]) -> tuple[int | None, int]:
        return self.start, (self.end if self.end is not None else now[1])


def parse_period(text: str) -> Period | None:
    m = _YEAR_SPAN.match(text)
    if not m:
        return None
    if text == "now":
        return Period(-1, None, text)  # -1: the start is the article's present too
    a, b = m.group("a"), m.group("b")
    start = None if a == "?" else int(a)
    if b is None:
        return Period(start, start, text)
    return Period(start, None if b == "now" else int(b), text)


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
    kind: str
    indicator: str
    definition: str
    expected_verdict: str
    note: str

    @property
    def interval(self) -> Interval:
        return from_qualifier(self.value_text, self.qualifier, self.unit)

    @property
    def country(self) -> str:
        return self.section


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
    year: int
    end_year: int | None
    month: int | None
    day: int | None
    status: str
    source_id: str
    quote: str
    note: str


@dataclass(frozen=True)
class Stage:
    row: Row
    country: str
    stage: int
    start_year: int
    claim_id: str
    label: str


@dataclass
class Project:
    data_dir: Path
    article: str
    claims: dict[str, Claim]
    sources: dict[str, Source]
    figures: dict[str, Figure]
    events: dict[str, Event]
    stages: list[Stage]
    article_lines: list[str] = field(repr=False, default_factory=list)

    @cached_property
    def now(self) -> tuple[int, int]:
        """The article's present, from its row in sources.csv ('2021/2022')."""
        date = self.sources["article"].date
        a, _, b = date.partition("/")
        return int(a[:4]), int((b or a)[:4])

    def locate(self, quote: str) -> int:
        """Line of the article where a quote starts (1-based)."""
        return locate(self.article, quote)


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


def _num(text: str) -> float:
    return float(text)


def _opt_int(text: str) -> int | None:
    return int(text) if text else None


def load(data_dir: Path | str | None = None) -> Project:
    """Read every table, check it, and return the project's data. Raises DataError."""
    data_dir = Path(data_dir) if data_dir is not None else schema.DATA
    article_path = data_dir / "source" / "article.txt"
    article = read_text(article_path)
    if not article.strip():
        raise DataError(article_path, 1, None, "the article is empty")
    collapsed_article = numbers.collapse(article)

    sources = {
        r["source_id"]: Source(r, **{k: r[k] for k in schema.SOURCES.column_names})
        for r in read_rows(schema.SOURCES, data_dir)
    }
    if "article" not in sources:
        raise DataError(
            data_dir / schema.SOURCES.path,
            None,
            "source_id",
            "expected a row 'article' for the article itself",
        )
    art = sources["article"]
    years = [int(y) for y in art.date.split("/")] if re.fullmatch(r"\d{4}/\d{4}", art.date) else []
    mentioned = numbers.implied_years(article)
    if len(years) != 2 or years[0] >= years[1] or not set(years) <= mentioned:
        raise art.row.error(
            "date",
            "expected the article's present as YYYY/YYYY: the latest year it reports "
            "and the year it looks ahead to, both years the article mentions",
        )

    claims: dict[str, Claim] = {}
    for r in read_rows(schema.CLAIMS, data_dir):
        c = Claim(
            r,
            r["claim_id"],
            r["section"],
            r["quote"],
            _num(r["value"]),
            r["value"],
            r["qualifier"],
            r["unit"],
            parse_period(r["ref_period"]),
            r["kind"],
            r["indicator"],
            r["definition"],
            r["expected_verdict"],
            r["note"],
        )
        _check_claim(c, collapsed_article, article_path)
        claims[c.claim_id] = c

    figures: dict[str, Figure] = {}
    for r in read_rows(schema.FIGURES, data_dir):
        f = Figure(
            r,
            r["figure_id"],
            r["country"],
            r["indicator"],
            r["definition"],
            parse_period(r["ref_period"]),
            _num(r["value"]),
            r["value"],
            r["qualifier"],
            r["unit"],
            r["source_id"],
            r["quote"],
            r["note"],
        )
        src = _source_of(r, sources)
        _check_quoted(r, f.quote, src)
        if not numbers.value_in_text(f.value_text, f.quote, f.unit):
            raise r.error(
                "value", f"expected a value the quote prints; {f.value_text} is not in {f.quote!r}"
            )
        if f.unit == "percent" and f.value > 100:
            raise r.error("value", f"expected a percentage within 0-100, got {f.value_text}")
        _check_years(
            r,
            "ref_period",
            [y for y in (f.period.start, f.period.end) if y not in (None, -1)],
            f.quote,
            src,
        )
        figures[f.figure_id] = f

    events: dict[str, Event] = {}
    for r in read_rows(schema.EVENTS, data_dir):
        e = Event(
            r,
            r["event_id"],
            r["country"],
            r["event"],
            _opt_int(r["ordinal"]),
            int(r["year"]),
            _opt_int(r["end_year"]),
            _opt_int(r["month"]),
            _opt_int(r["day"]),
            r["status"],
            r["source_id"],
            r["quote"],
            r["note"],
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
        events[e.event_id] = e

    stages: list[Stage] = []
    for r in read_rows(schema.PERIODS, data_dir):
        s = Stage(r, r["country"], int(r["stage"]), int(r["start_year"]), r["claim_id"], r["label"])
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
        if not numbers.implied_years(c.quote) and c.period.text != "now":
            allowed = spans.get(c.section, set()) | spans.get("region", set())
            if c.period.text not in allowed:
                raise c.row.error(
                    "ref_period",
                    "expected, for a quote that states no year, 'now' or the span of a stage "
                    f"it speaks of ({', '.join(sorted(allowed))}); got {c.period.text!r}",
                )

    return Project(data_dir, article, claims, sources, figures, events, stages)


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


def _check_years(row: Row, column: str, years: list[int], quote: str, src: Source) -> None:
    """A year must be one the row's quote states; when the quote states none, one its source
    states or is dated (a mutated year would otherwise go unnoticed)."""
    stated = numbers.implied_years(quote)
    if not stated:
        stated = numbers.implied_years(src.quotation)
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
    if e.month is not None:
        name = numbers.MONTHS[e.month - 1]
        if name not in e.quote and not (len(src_parts) >= 2 and src_parts[1] == e.month):
            raise row.error(
                "month", f"expected a month its quote names or its source is dated; got {e.month}"
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
    implied = numbers.implied_years(c.quote)
    p = c.period
    if implied:
        runs = numbers.year_runs(implied)
        starts, ends = {a for a, _ in runs}, {b for _, b in runs}
        if p.start not in (None, -1) and p.start not in starts:
            raise c.row.error(
                "ref_period",
                f"expected a span that starts where one the quote states starts ({', '.join(map(str, sorted(starts)))}); got {p.text!r}",
            )
        if p.end is not None and p.end != p.start and p.end not in ends:
            raise c.row.error(
                "ref_period",
                f"expected a span that ends where one the quote states ends ({', '.join(map(str, sorted(ends)))}); got {p.text!r}",
            )
    if (p.end is None or p.start == -1) and implied and not numbers.NOW_WORDS.search(c.quote):
        raise c.row.error(
            "ref_period", "expected no 'now': the quote does not speak of the present"
        )
    if c.unit == "year":
        token = next(t for t in numbers.tokens(c.quote) if c.value in t.values)
        lo, hi = (c.value, c.value + 9) if token.form == "decade" else (c.value, c.value)
        if p.start is None or p.start == -1 or not (lo <= p.start <= hi):
            raise c.row.error(
                "value", f"expected the first year of ref_period {p.text!r}; got {c.value_text}"
            )
    if c.kind == "change" and c.unit != "times" and c.unit != "percent":
        raise c.row.error("unit", "expected 'times' or 'percent' for a change")


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
