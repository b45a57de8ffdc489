"""The one checker of the tables: every way a file or a cell can be wrong is one line naming
the file, the line, the column and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, replace_in
from ngoclaims.claims import schema, tables
from ngoclaims.claims.tables import Period, cell_problem, parse_period
from ngoclaims.errors import DataError


# --- the forms of a cell ------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, period",
    [
        ("2010", Period(2010, 2010, "2010")),
        ("1991-1999", Period(1991, 1999, "1991-1999")),
        ("1991-now", Period(1991, None, "1991-now")),
        ("?-2016", Period(None, 2016, "?-2016")),
        ("now", Period(None, None, "now")),
    ],
)
def test_periods(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize(
    "text", ["1984", "2031", "2010-2031", "?", "?-now", "2010-?", "2010s", "20100", " 2010", ""]
)
def test_not_periods(text):
    assert parse_period(text) is None


def test_now_is_a_flag_of_the_period_not_a_year():
    assert parse_period("now").is_now and parse_period("now").open_ended
    assert parse_period("1991-now").open_ended and not parse_period("1991-now").is_now
    assert not parse_period("1991-1999").open_ended


def _problem(table: str, column: str, text: str) -> str | None:
    t = schema.TABLES[table]
    return cell_problem(t, t.column(column), text)


@pytest.mark.parametrize(
    "table, column, text, words",
    [
        ("claims", "qualifier", " exact", "expected no leading or trailing spaces, got ' exact'"),
        ("claims", "quote", "", "expected a value (verbatim span"),
        ("claims", "qualifier", "roughly", "expected one of exact, about,"),
        ("claims", "value", "5,100", "expected a number (digits, '.' for decimals"),
        ("claims", "value", "1e3", "expected a number"),
        ("events", "year", "2003.0", "expected a whole number; got '2003.0'"),
        ("events", "month", "13", "expected at most 12, got 13"),
        ("events", "year", "1984", "expected at least 1985, got 1984"),
        ("figures", "value", "-1", "expected at least 0, got -1"),
        ("claims", "ref_period", "1984", "expected a year (1985-2030), a span YYYY-YYYY"),
        ("claims", "ref_period", "2010-2031", "got '2010-2031'"),
        ("claims", "ref_period", "2010-2005", "expected a span that does not end before it starts"),
        ("sources", "date", "19 March 2019", "expected a date YYYY, YYYY-MM"),
        ("sources", "date", "2017-13", "expected a date"),
        ("sources", "date", "1917", "expected a date"),
        ("figures", "figure_id", "uz reforms", "expected a key: letters, digits"),
        ("placements", "claim_id", "-x", "expected a key"),
    ],
)
def test_a_bad_cell_says_what_was_expected(table, column, text, words):
    problem = _problem(table, column, text)
    assert problem is not None and words in problem, problem
    assert "\n" not in problem


@pytest.mark.parametrize(
    "table, column, text",
    [
        ("claims", "note", ""),
        ("events", "ordinal", ""),
        ("claims", "value", "-0.5"),
        ("claims", "ref_period", "?-2016"),
        ("claims", "ref_period", "2003-2003"),
        ("sources", "date", "2021/2022"),
        ("sources", "date", "2020-11"),
        ("periods", "country", "region"),
        ("kinds", "kind", "not a key: a compound key's part"),
        ("events", "day", "31"),
    ],
)
def test_a_good_cell_passes(table, column, text):
    assert _problem(table, column, text) is None


def test_row_values_are_typed_as_the_schema_says():
    rows = tables.read_all(DATA)
    event = next(r for r in rows["events"] if r["event_id"] == "kz-forum-1")
    assert event.value("year") == 2003 and event.value("month") is None
    assert event.value("assumption_id") == ""
    claim = rows["claims"][0]
    assert isinstance(claim.value("value"), float)
    assert isinstance(claim.value("ref_period"), Period)


# --- reading a file -----------------------------------------------------------------------
def _error(path: Path) -> DataError:
    with pytest.raises(DataError) as err:
        tables.read_csv(path)
    assert "\n" not in err.value.message
    return err.value


def test_missing_file(tmp_path):
    err = _error(tmp_path / "x.csv")
    assert (err.line, err.expected) == (None, "file not found")


def test_empty_file(tmp_path):
    (tmp_path / "x.csv").write_text(" \n", encoding="utf-8")
    err = _error(tmp_path / "x.csv")
    assert err.line == 1 and "empty" in err.expected


def test_header_only(tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n\n", encoding="utf-8")
    err = _error(tmp_path / "x.csv")
    assert err.line == 2 and "no data rows" in err.expected


def test_not_utf8_names_the_line_and_field(tmp_path):
    (tmp_path / "x.csv").write_bytes(b"a,b\n1,2\n3,\xff\n")
    err = _error(tmp_path / "x.csv")
    assert err.line == 3 and "found byte 0xff at character 3 (field 2)" in err.expected


def test_malformed_csv(tmp_path):
    (tmp_path / "x.csv").write_text('a,b\n1,2\n"3"x,4\n', encoding="utf-8")
    err = _error(tmp_path / "x.csv")
    assert err.line == 3 and err.expected.startswith("expected CSV (")


def test_a_ragged_row_is_named_by_the_line_it_starts_on(tmp_path):
    (tmp_path / "x.csv").write_text('a,b\n"one\ntwo",2\n\n3,4,5\n', encoding="utf-8")
    err = _error(tmp_path / "x.csv")
    assert err.line == 5 and err.expected == "expected 2 fields, as in the header; found 3"


def test_rows_carry_the_line_they_start_on(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b'\xef\xbb\xbfa,b\r\n"one\r\ntwo",2\r\n , \r\n3,4\r\n')
    header, rows = tables.read_csv(path)
    assert header == ["a", "b"]
    assert rows == [(2, ["one\ntwo", "2"]), (5, ["3", "4"])]


# --- a table against its schema -----------------------------------------------------------
def _read(data: Path, table: str) -> DataError:
    with pytest.raises(DataError) as err:
        tables.read_all(data)
    assert err.value.path.endswith(schema.TABLES[table].path)
    return err.value


@pytest.mark.parametrize(
    "old, new, column, words",
    [
        ("kind,definite,meaning", "kind,definit,meaning", "definit", "did you mean 'definite'"),
        ("kind,definite,meaning", "kind,meaning,definite", "meaning", "columns out of order"),
        ("dimension,kind,definite,meaning", "kind,definite,meaning", "dimension", "missing column"),
    ],
)
def test_a_bad_header(data_copy, old, new, column, words):
    replace_in(data_copy / "kinds.csv", old, new)
    err = _read(data_copy, "kinds")
    assert (err.line, err.column) == (1, column) and words in err.expected


def test_a_bad_cell_is_named_by_line_and_column(data_copy):
    replace_in(data_copy / "kinds.csv", "definition,operating,yes,", "definition,operating,maybe,")
    err = _read(data_copy, "kinds")
    assert (err.line, err.column) == (3, "definite")
    assert err.expected == "expected one of yes, no; got 'maybe'"


def test_a_repeated_compound_key(data_copy):
    replace_in(data_copy / "kinds.csv", "definition,operating,", "definition,registered,")
    err = _read(data_copy, "kinds")
    assert (err.line, err.column) == (3, "kind")
    assert (
        err.expected
        == "expected a unique dimension+kind; 'definition/registered' is also on line 2"
    )


@pytest.mark.parametrize(
    "file, old, new, table, column, words",
    [
        (
            "comparability.csv",
            ",same,unspecified-is-registered,",
            ",same,no-such-assumption,",
            "comparability",
            "assumption_id",
            "expected an assumption_id of assumptions.csv; got 'no-such-assumption'",
        ),
        (
            "placements.csv",
            "kz-djamanov-trip-1997,",
            "kz-djamanov-trip-1998,",
            "placements",
            "claim_id",
            "expected a claim_id of claims.csv; got 'kz-djamanov-trip-1998'",
        ),
    ],
)
def test_a_foreign_key_must_be_a_key_of_its_table(data_copy, file, old, new, table, column, words):
    replace_in(data_copy / file, old, new)
    err = _read(data_copy, table)
    assert err.column == column and err.expected == words and err.line is not None


def test_every_table_of_the_schema_is_read():
    assert set(tables.read_all(DATA)) == set(schema.TABLES)
