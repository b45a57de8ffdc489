"""Read the data tables and check them against schema.py: the one checker of cells.

The registry's loader and validate's GX frames both read a table through ``read_csv``, so a
stray byte, a ragged row or an empty file is the same one-line DataError in ``verify`` and in
``validate``. ``read_rows`` then checks the header, every cell (``cell_problem``: spaces,
required, enum, the form of FORMS, range, a span's order) and the key; ``read_all`` reads
every table of schema.TABLES and checks the foreign keys. What no schema can say (a quote
found in the article, the years it states, the stages) is the registry's.

Lines are the file's: the header is line 1 and a row is named by the line it starts on. A
byte order mark and CRLF line endings are accepted.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ngoclaims.claims import schema
from ngoclaims.errors import DataError


@dataclass(frozen=True)
class Row:
    """One CSV row: its cells as text and the line of the file it starts on."""

    table: str
    path: Path
    line: int
    cells: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.cells[name]

    def error(self, column: str | None, expected: str) -> DataError:
        """The one-line error naming this row's file, line and the column."""
        return DataError(self.path, self.line, column, expected)

    def value(self, name: str) -> object:
        """The cell typed as schema.py says: float, int, Period, or the text; None if empty
        (an empty text stays '').
        """
        return typed(schema.TABLES[self.table].column(name), self.cells[name])


@dataclass(frozen=True)
class Period:
    """A year or span. start None: unknown ('?-YYYY') or, with is_now, the article's
    present; end None: the article's present. Project.span fills in the present's years.
    """

    start: int | None
    end: int | None
    text: str

    @property
    def is_now(self) -> bool:
        """The article's present itself: 'now'."""
        return self.text == "now"

    @property
    def open_ended(self) -> bool:
        """Runs to the article's present: 'now' or 'YYYY-now'."""
        return self.text.endswith("now")


def parse_period(text: str) -> Period | None:
    """The period a cell writes in the form schema.PERIOD; None if it is not one."""
    if not re.fullmatch(schema.PERIOD, text):
        return None
    if text == "now":
        return Period(None, None, text)
    a, _, b = text.partition("-")
    start = None if a == "?" else int(a)
    end = start if not b else None if b == "now" else int(b)
    return Period(start, end, text)


def typed(col: schema.Column, text: str) -> object:
    """A checked cell as the value its column's type says (empty: None, or '' for text)."""
    if col.type in ("string", "date"):
        return text
    if not text:
        return None
    if col.type == "period":
        return parse_period(text)
    return float(text) if col.type == "number" else int(text)


def number(col_type: str, text: str) -> float | int | None:
    """A number or integer cell as one; None if the text does not have the schema's form."""
    if col_type == "number" and re.fullmatch(schema.NUMBER, text):
        return float(text)
    if col_type == "integer" and re.fullmatch(schema.INTEGER, text):
        return int(text)
    return None


# --- reading ------------------------------------------------------------------------------
def read_text(path: Path) -> str:
    """A UTF-8 file's text, byte order mark dropped, every line ending a newline; DataError naming
    the line of the first byte that is not UTF-8.
    """
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
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


def read_csv(
    path: Path, table: schema.Table | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows of a CSV file, each row with the line it starts on.
    Blank rows are skipped; an empty file, malformed CSV, a row with another number of
    fields than the header, or no row at all is a DataError. Given a table, the header must
    be its columns, which is checked first: a dropped column is named, not its rows.
    """
    text = read_text(path)
    if not text.strip():
        raise DataError(path, 1, None, "expected a header row; the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        if table is not None:
            check_header(table, header, path)
        rows = list(_records(reader, len(header), path))
    except csv.Error as err:
        raise DataError(path, reader.line_num, None, f"expected CSV ({err})") from None
    if not rows:
        raise DataError(path, 2, None, "expected data rows; no data rows after the header")
    return header, rows


def _records(reader, width: int, path: Path):
    """(line, cells) of each row that is not blank; its line is the one it starts on."""
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != width:
            raise DataError(
                path, line, None, f"expected {width} fields, as in the header; found {len(cells)}"
            )
        yield line, cells


# --- checking -----------------------------------------------------------------------------
def check_header(table: schema.Table, header: list[str], path: Path) -> None:
    """The header must be the schema's columns, in order."""
    expected = table.column_names
    if header == expected:
        return
    unknown = [h for h in header if h not in expected]
    missing = [e for e in expected if e not in header]
    if unknown:
        guess = difflib.get_close_matches(unknown[0], missing or expected, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        problem = f"unexpected column{hint} expected columns: {','.join(expected)}"
        column = unknown[0]
    elif missing:
        problem = f"missing column; expected columns: {','.join(expected)}"
        column = missing[0]
    else:
        problem = f"columns out of order; expected: {','.join(expected)}"
        column = next(h for h, e in zip(header, expected) if h != e)
    raise DataError(path, 1, column, problem)


def cell_problem(table: schema.Table, col: schema.Column, text: str) -> str | None:
    """What the cell was expected to be, when it is not; None when it is fine."""
    if text != text.strip():
        return f"expected no leading or trailing spaces, got {text!r}"
    if not text:
        return f"expected a value ({col.description})" if col.required else None
    if col.enum is not None and text not in col.enum:
        return f"expected one of {', '.join(col.enum)}; got {text!r}"
    return _form_problem(table, col, text) or _range_problem(col, text)


def _form_problem(table: schema.Table, col: schema.Column, text: str) -> str | None:
    form = table.form(col)
    if form is not None and not re.fullmatch(schema.FORMS[form], text):
        return f"expected {schema.EXPECTED[form]}; got {text!r}"
    period = parse_period(text) if col.type == "period" else None
    if period and period.start is not None and period.end is not None:
        if period.end < period.start:
            return f"expected a span that does not end before it starts; got {text!r}"
    return None


def _range_problem(col: schema.Column, text: str) -> str | None:
    if col.type not in ("number", "integer"):
        return None
    if col.minimum is not None and float(text) < col.minimum:
        return f"expected at least {col.minimum:g}, got {text}"
    if col.maximum is not None and float(text) > col.maximum:
        return f"expected at most {col.maximum:g}, got {text}"
    return None


def check_key(table: schema.Table, rows: list[Row]) -> None:
    """No two rows may have the same key."""
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        key = tuple(row[k] for k in table.key)
        if key in seen:
            raise row.error(
                table.key[-1],
                f"expected a unique {'+'.join(table.key)}; {'/'.join(key)!r} is also on line {seen[key]}",
            )
        seen[key] = row.line


def read_rows(table: schema.Table, data_dir: Path) -> list[Row]:
    """The rows of one table, its header, every cell and its key checked."""
    path = data_dir / table.path
    header, records = read_csv(path, table)
    rows = [Row(table.name, path, line, dict(zip(header, cells))) for line, cells in records]
    for row in rows:
        for col in table.columns:
            problem = cell_problem(table, col, row[col.name])
            if problem:
                raise row.error(col.name, problem)
    check_key(table, rows)
    return rows


def check_foreign_keys(rows: dict[str, list[Row]]) -> None:
    """Every value of a column that refers to another table is a key of that table."""
    for name, table in schema.TABLES.items():
        for column, target_name in table.foreign_keys.items():
            target = schema.TABLES[target_name]
            keys = {r[target.key[0]] for r in rows[target_name]}
            for row in rows[name]:
                if row[column] and row[column] not in keys:
                    key = target.key[0]
                    article = "an" if key[0] in "aeiou" else "a"
                    raise row.error(
                        column, f"expected {article} {key} of {target.path}; got {row[column]!r}"
                    )


def read_all(data_dir: Path) -> dict[str, list[Row]]:
    """Every table of schema.TABLES, read and checked, then their foreign keys."""
    rows = {name: read_rows(table, data_dir) for name, table in schema.TABLES.items()}
    check_foreign_keys(rows)
    return rows
