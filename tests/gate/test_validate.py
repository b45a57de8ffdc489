"""The Great Expectations suites: each kind of expectation catches the break it is for.

Every case copies data/ (the `data_copy` fixture), breaks the copy in exactly one way, runs
the suite in-process with GX (imported once per session) and asserts that validation fails
naming that expectation type, column and file line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_parts
from ngoclaims.chapters import validation as validation_report
from ngoclaims.claims import schema
from ngoclaims.errors import DataError
from ngoclaims.gate import suites
from ngoclaims.gate import validate as validation
from ngoclaims.paths import ROOT_ENV

ROOT = Path(__file__).resolve().parents[2]
EXPECTATIONS = ROOT / "expectations"
DATA = ROOT / "data"
ARTICLE = ROOT / "data" / "source" / "article.txt"


# --- helpers ---------------------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(data: Path, table: str, row: int, column: str, value: str) -> int:
    """Set one cell of the row-th data row (0-based); return that row's file line."""
    path = data / schema.TABLES[table].path
    header, rows = read_rows(path)
    rows[row][header.index(column)] = value
    write_rows(path, header, rows)
    return int(validation.read_table(path).index[row])


def cell(data: Path, table: str, row: int, column: str) -> str:
    header, rows = read_rows(data / schema.TABLES[table].path)
    return rows[row][header.index(column)]


def run(data: Path, suite: str, expectations: Path = EXPECTATIONS) -> validation.SuiteResult:
    return validation.run_suite(expectations / f"{suite}.json", validation.Frames(data))


def failed(
    result: validation.SuiteResult, expectation: str, column: str | None = None
) -> list[dict]:
    """The failing records of that type (and column), asserting there is at least one."""
    hits = [
        r
        for r in result.failures()
        if r["expectation"] == expectation and (column is None or r["column"] == column)
    ]
    assert hits, f"no failing {expectation} [{column}] in {result.name}: " + json.dumps(
        [(r["expectation"], r["column"]) for r in result.failures()]
    )
    return hits


def first_row_where(data: Path, table: str, column: str, value: str) -> int:
    header, rows = read_rows(data / schema.TABLES[table].path)
    return next(i for i, r in enumerate(rows) if r[header.index(column)] == value)


# --- the suites on the real data -------------------------------------------------------------


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_committed_suite_is_what_schema_generates(table):
    """Regenerating gives the same bytes: no random ids or timestamps, schema and suite agree."""
    committed = (EXPECTATIONS / f"{table}.json").read_text(encoding="utf-8")
    assert suites.dumps(suites.table_suite(schema.TABLES[table])) == committed, (
        "expectations are stale: run `python -m ngoclaims.gate.suites`"
    )
    data = json.loads(committed)
    assert data["meta"]["table"] == table
    assert '"id"' not in committed


def test_every_suite_file_follows_the_convention():
    for path in sorted(EXPECTATIONS.glob("*.json")):
        data = validation.load_suite_json(path)  # raises DataError otherwise
        assert data["meta"]["table"] in [*schema.TABLES, validation.EVIDENCE], path.name


# --- each kind of break ----------------------------------------------------------------------


def test_null_in_required_column(data_copy):
    line = set_cell(data_copy, "claims", 3, "indicator", "")
    (rec,) = failed(run(data_copy, "claims"), "expect_column_values_to_not_be_null", "indicator")
    assert rec["unexpected_rows"] == [line] == [5]


def test_empty_optional_column_is_fine(data_copy):
    set_cell(data_copy, "claims", 3, "note", "")
    set_cell(data_copy, "sources", 2, "date", "")
    assert run(data_copy, "claims").success and run(data_copy, "sources").success


def test_duplicate_key(data_copy):
    first = cell(data_copy, "figures", 0, "figure_id")
    line = set_cell(data_copy, "figures", 4, "figure_id", first)
    (rec,) = failed(run(data_copy, "figures"), "expect_column_values_to_be_unique", "figure_id")
    assert rec["unexpected_rows"] == [2, line]
    assert rec["unexpected_values"] == [first, first]


def test_duplicate_compound_key(data_copy):
    # rows 0 and 1 of periods.csv are the same country; give them the same stage
    assert cell(data_copy, "periods", 0, "country") == cell(data_copy, "periods", 1, "country")
    line = set_cell(data_copy, "periods", 1, "stage", cell(data_copy, "periods", 0, "stage"))
    (rec,) = failed(
        run(data_copy, "periods"), "expect_compound_columns_to_be_unique", "country, stage"
    )
    assert rec["unexpected_rows"] == [2, line]


@pytest.mark.parametrize(
    "table, column, value",
    [
        ("events", "month", "13"),
        ("events", "year", "1984"),
        ("periods", "start_year", "2031"),
        ("periods", "stage", "0"),
        ("figures", "value", "-1"),
    ],
)
def test_value_out_of_schema_range(data_copy, table, column, value):
    line = set_cell(data_copy, table, 0, column, value)
    (rec,) = failed(run(data_copy, table), "expect_column_values_to_be_between", column)
    assert rec["unexpected_rows"] == [line]
    assert rec["kwargs"].get("row_condition") is None


def test_share_over_100_percent(data_copy):
    row = first_row_where(data_copy, "claims", "unit", "percent")
    line = set_cell(data_copy, "claims", row, "value", "140")
    (rec,) = failed(run(data_copy, "claims"), "expect_column_values_to_be_between", "value")
    assert rec["unexpected_rows"] == [line] and rec["unexpected_values"] == [140.0]
    assert "share" in rec["rule"]


def test_share_over_100_percent_in_figures(data_copy):
    row = first_row_where(data_copy, "figures", "unit", "percent")
    line = set_cell(data_copy, "figures", row, "value", "100.5")
    (rec,) = failed(run(data_copy, "figures"), "expect_column_values_to_be_between", "value")
    assert rec["unexpected_rows"] == [line]


def test_negative_count_in_claims(data_copy):
    row = first_row_where(data_copy, "claims", "unit", "ngos")
    line = set_cell(data_copy, "claims", row, "value", "-95")
    (rec,) = failed(run(data_copy, "claims"), "expect_column_values_to_be_between", "value")
    assert rec["unexpected_rows"] == [line] and "negative" in rec["rule"]


def test_year_unit_out_of_range(data_copy):
    row = first_row_where(data_copy, "claims", "unit", "year")
    line = set_cell(data_copy, "claims", row, "value", "1917")
    (rec,) = failed(run(data_copy, "claims"), "expect_column_values_to_be_between", "value")
    assert rec["unexpected_rows"] == [line]


def test_unknown_enum_value(data_copy):
    line = set_cell(data_copy, "claims", 0, "section", "tajikistan")
    (rec,) = failed(run(data_copy, "claims"), "expect_column_values_to_be_in_set", "section")
    assert rec["unexpected_rows"] == [line] and rec["unexpected_values"] == ["tajikistan"]


def test_unknown_source_key(data_copy):
    line = set_cell(data_copy, "figures", 1, "source_id", "nowhere")
    (rec,) = failed(run(data_copy, "figures"), "expect_column_values_to_be_in_set", "source_id")
    assert rec["unexpected_rows"] == [line] and rec["unexpected_values"] == ["nowhere"]
    assert rec["kwargs"]["value_set"] == {"$PARAMETER": "source_ids"}


def test_unknown_claim_of_a_period(data_copy):
    line = set_cell(data_copy, "periods", 0, "claim_id", "no-such-claim")
    (rec,) = failed(run(data_copy, "periods"), "expect_column_values_to_be_in_set", "claim_id")
    assert rec["unexpected_rows"] == [line]


def test_a_new_source_needs_no_new_suite(data_copy):
    """Foreign keys are suite parameters computed from sources.csv at validation time."""
    header, rows = read_rows(data_copy / "sources.csv")
    rows.append(["new-source", "A new page", "Someone", "", "2024", "en", "", ""])
    write_rows(data_copy / "sources.csv", header, rows)
    set_cell(data_copy, "events", 0, "source_id", "new-source")
    assert run(data_copy, "events").success
    assert run(data_copy, "sources").success


def test_removing_a_source_breaks_its_rows(data_copy):
    used = cell(data_copy, "events", 0, "source_id")
    header, rows = read_rows(data_copy / "sources.csv")
    write_rows(data_copy / "sources.csv", header, [r for r in rows if r[0] != used])
    failed(run(data_copy, "events"), "expect_column_values_to_be_in_set", "source_id")


def test_wrong_column_order(data_copy):
    path = data_copy / "figures.csv"
    header, rows = read_rows(path)
    i, j = header.index("country"), header.index("indicator")
    swap = lambda r: [*r[:i], r[j], *r[i + 1 : j], r[i], *r[j + 1 :]]
    write_rows(path, swap(header), [swap(r) for r in rows])
    result = run(data_copy, "figures")
    (rec,) = failed(result, "expect_table_columns_to_match_ordered_list")
    assert rec["observed_value"] == swap(schema.FIGURES.column_names)
    # the per-column checks still hold: the columns are only in the wrong place
    assert {r["expectation"] for r in result.failures()} == {
        "expect_table_columns_to_match_ordered_list"
    }


def test_missing_column(data_copy):
    path = data_copy / "sources.csv"
    header, rows = read_rows(path)
    k = header.index("note")
    write_rows(path, header[:k] + header[k + 1 :], [r[:k] + r[k + 1 :] for r in rows])
    (rec,) = failed(run(data_copy, "sources"), "expect_table_columns_to_match_ordered_list")
    assert "note" not in rec["observed_value"]


@pytest.mark.parametrize(
    "table, column, value",
    [("claims", "value", "5,100"), ("events", "year", "2003a"), ("periods", "stage", "2.0")],
)
def test_wrong_type(data_copy, table, column, value):
    line = set_cell(data_copy, table, 1, column, value)
    (rec,) = failed(run(data_copy, table), "expect_column_values_to_be_of_type", column)
    assert rec["unexpected_rows"] == [line] and rec["unexpected_values"] == [value]


def test_text_in_number_column_also_fails_its_range(data_copy):
    """A range cannot be checked on text: GX's error is reported, never a silent pass."""
    row = first_row_where(data_copy, "claims", "unit", "ngos")
    set_cell(data_copy, "claims", row, "value", "5,100")
    (rec,) = failed(run(data_copy, "claims"), "expect_column_values_to_be_between", "value")
    assert "same type" in rec["exception"]
    assert "error:" in validation.describe_failure(rec)[1]


@pytest.mark.parametrize(
    "table, column, value",
    [
        ("claims", "ref_period", "1984"),
        ("claims", "ref_period", "2010-2031"),
        ("claims", "ref_period", "2010s"),
        ("figures", "ref_period", "later"),
        ("sources", "date", "2017-13"),
        ("sources", "date", "20 May 2020"),
        ("figures", "figure_id", "uz reforms"),
    ],
)
def test_pattern(data_copy, table, column, value):
    line = set_cell(data_copy, table, 1, column, value)
    (rec,) = failed(run(data_copy, table), "expect_column_values_to_match_regex", column)
    assert rec["unexpected_rows"] == [line]


@pytest.mark.parametrize("value", ["2010", "1991-1999", "1991-now", "?-2016", "now", "2003-2005"])
def test_period_forms_accepted(value):
    assert re.match(suites.regex("period"), value)


@pytest.mark.parametrize("value", ["1984", "2010-2031", "2010-?", "?-now", "?", "2010s"])
def test_period_forms_refused(value):
    assert not re.match(suites.regex("period"), value)


def test_span_ends_before_it_starts(data_copy):
    row = first_row_where(data_copy, "events", "end_year", cell(data_copy, "events", 3, "end_year"))
    line = set_cell(data_copy, "events", row, "end_year", "2001")
    (rec,) = failed(
        run(data_copy, "events"),
        "expect_column_pair_values_a_to_be_greater_than_b",
        "end_year, year",
    )
    assert rec["unexpected_rows"] == [line]


def test_offending_line_counts_multiline_cells(data_copy):
    """A quoted cell spanning two lines shifts the file lines of the rows after it."""
    set_cell(data_copy, "claims", 0, "note", "first line\nsecond line")
    line = set_cell(data_copy, "claims", 5, "section", "nowhere")
    assert line == 8  # header 1, rows 2-3 (two lines), 4, 5, 6, 7, then 8
    (rec,) = failed(run(data_copy, "claims"), "expect_column_values_to_be_in_set", "section")
    assert rec["unexpected_rows"] == [8]


# --- what GX cannot check: left to these tests -----------------------------------------------


def _collapse(text: str) -> str:
    return " ".join(text.split())


def test_claim_quotes_occur_in_article():
    article = _collapse(ARTICLE.read_text(encoding="utf-8"))
    claims = validation.read_table(DATA / "claims.csv", schema.CLAIMS)
    missing = [
        (line, q) for line, q in claims["quote"].items() if q and _collapse(q) not in article
    ]
    assert not missing, f"claims.csv quotes not in {ARTICLE.name}: {missing}"


# --- the convention of the claims suite: row conditions on the evidence frame ----------------

# The exact JSON a generated claims suite uses; keep in step with the report to the lead.
ROW_CONDITIONED = {
    "type": "expect_column_values_to_be_between",
    "kwargs": {
        "column": "value",
        "min_value": 5100,
        "strict_min": True,
        "row_condition": {
            "type": "comparison",
            "column": {"name": "key"},
            "operator": "==",
            "parameter": "uz-cabar-2009",
        },
    },
    "meta": {
        "claim_id": "uz-ngo-count-2010",
        "rule": "over 5,100 by 2010: CABAR's 2009 count exceeds it",
    },
}


def _evidence_suite(tmp_path: Path, *expectations: dict) -> Path:
    directory = tmp_path / "expectations"
    directory.mkdir(exist_ok=True)
    path = directory / "claims_against_evidence.json"
    path.write_text(
        json.dumps(
            {
                "name": "claims_against_evidence",
                "meta": {"table": "evidence"},
                "expectations": list(expectations),
            }
        ),
        encoding="utf-8",
    )
    return path


def test_evidence_frame():
    frame = validation.Frames(DATA)[validation.EVIDENCE]
    assert list(frame.columns) == ["key", "table", "value", "status"]
    assert str(frame["value"].dtype) == "float64"
    assert set(frame["table"]) == {"figures", "events", "assumptions"}
    assert frame.loc["figures.csv:2", "key"] == cell(DATA, "figures", 0, "figure_id")
    assert frame.loc["events.csv:2", "value"] == float(cell(DATA, "events", 0, "year"))
    assert frame.loc["events.csv:2", "status"] == cell(DATA, "events", 0, "status")
    assert frame.loc["assumptions.csv:2", "status"] == cell(DATA, "assumptions", 0, "status")


def test_row_conditioned_between_passes_and_fails(tmp_path):
    both = {
        "type": "expect_column_values_to_be_between",
        "kwargs": {
            "column": "value",
            "min_value": 2003,
            "max_value": 2003,
            "row_condition": {
                "type": "and",
                "conditions": [
                    {
                        "type": "comparison",
                        "column": {"name": "key"},
                        "operator": "==",
                        "parameter": "kz-forum-1",
                    },
                    {
                        "type": "comparison",
                        "column": {"name": "table"},
                        "operator": "==",
                        "parameter": "events",
                    },
                ],
            },
        },
        "meta": {"claim_id": "kz-forum-1-2003"},
    }
    wrong = json.loads(json.dumps(ROW_CONDITIONED))
    wrong["kwargs"]["min_value"] = 5200
    path = _evidence_suite(tmp_path, ROW_CONDITIONED, both, wrong)
    result = validation.run_suite(path, validation.Frames(DATA))
    assert [r["success"] for r in result.records] == [True, True, False]
    rec = result.records[2]
    assert rec["unexpected_rows"] == [
        f"figures.csv:{2 + first_row_where(DATA, 'figures', 'figure_id', 'uz-cabar-2009')}"
    ]
    assert rec["unexpected_values"] == [5103.0]
    lines = validation.describe_failure(rec)
    assert "uz-ngo-count-2010" in lines[0] and "figures.csv:" in lines[1]


def test_legacy_string_row_condition_still_runs(tmp_path):
    """The pre-1.9 form (a pandas query string + condition_parser) runs, deprecated."""
    legacy = json.loads(json.dumps(ROW_CONDITIONED))
    legacy["kwargs"]["row_condition"] = 'key == "uz-cabar-2009"'
    legacy["kwargs"]["condition_parser"] = "pandas"
    legacy["kwargs"]["min_value"] = 5200
    with pytest.warns(DeprecationWarning, match="deprecated as of GX Core 1.9"):
        result = validation.run_suite(_evidence_suite(tmp_path, legacy), validation.Frames(DATA))
    (rec,) = result.records
    assert not rec["success"] and rec["unexpected_values"] == [5103.0]


def test_row_condition_that_selects_nothing_passes_unless_counted(tmp_path):
    """A typo in a key makes a column-map expectation pass vacuously; the row count catches it."""
    typo = json.loads(json.dumps(ROW_CONDITIONED))
    typo["kwargs"]["row_condition"]["parameter"] = "uz-cabar-2090"
    count = {
        "type": "expect_table_row_count_to_be_between",
        "kwargs": {
            "min_value": 1,
            "max_value": 1,
            "row_condition": typo["kwargs"]["row_condition"],
        },
    }
    keys = {
        "type": "expect_column_distinct_values_to_contain_set",
        "kwargs": {"column": "key", "value_set": ["uz-cabar-2009", "uz-cabar-2090"]},
    }
    path = _evidence_suite(tmp_path, typo, count, keys)
    result = validation.run_suite(path, validation.Frames(DATA))
    assert [r["success"] for r in result.records] == [True, False, False]
    assert result.records[1]["observed_value"] == 0


def test_suite_without_table_is_a_data_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"name": "x", "meta": {}, "expectations": []}), encoding="utf-8")
    with pytest.raises(DataError, match="meta.table"):
        validation.run_suite(path, validation.Frames(DATA))


def test_undeclared_parameter_is_a_data_error(tmp_path):
    exp = {
        "type": "expect_column_values_to_be_in_set",
        "kwargs": {"column": "key", "value_set": {"$PARAMETER": "nope"}},
    }
    with pytest.raises(DataError, match="nope"):
        validation.run_suite(_evidence_suite(tmp_path, exp), validation.Frames(DATA))


def test_invalid_expectation_is_a_data_error(tmp_path):
    """GX drops an invalid expectation with a log line; validation refuses the suite."""
    bad = {"type": "expect_column_values_to_be_between", "kwargs": {"min_value": 1}}
    with pytest.raises(
        DataError, match=r"rejected expectation #1 \(expect_column_values_to_be_between\): .*column"
    ):
        validation.run_suite(_evidence_suite(tmp_path, bad), validation.Frames(DATA))


# --- unreadable input, the command, the written results, the report --------------------------


def test_missing_file_is_a_data_error(data_copy):
    (data_copy / "events.csv").unlink()
    with pytest.raises(DataError, match="events.csv: file not found"):
        validation.run_suites(data_copy, EXPECTATIONS)


def test_ragged_row_is_a_data_error(data_copy):
    path = data_copy / "periods.csv"
    path.write_text(path.read_text(encoding="utf-8") + "region,9,2020\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        validation.read_table(path, schema.PERIODS)
    assert err.value.line == 12
    assert err.value.expected == "expected 6 fields, as in the header; found 3"


def test_not_utf8_is_a_data_error(data_copy):
    path = data_copy / "sources.csv"
    path.write_bytes(path.read_bytes().replace("в".encode(), "в".encode("cp1251"), 1))
    with pytest.raises(DataError, match="expected UTF-8 text, found byte 0xe2"):
        validation.read_table(path, schema.SOURCES)


def test_a_table_without_rows_is_a_data_error(data_copy):
    """The same reader as the loader's: GX would pass an empty table vacuously."""
    path = data_copy / "kinds.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        validation.read_table(path, schema.KINDS_TABLE)
    assert err.value.line == 2 and "no data rows" in err.value.expected


def test_bom_is_accepted(data_copy):
    path = data_copy / "periods.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run(data_copy, "periods").success


def test_main_exit_codes_output_and_results(data_copy, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["--data", str(data_copy), "--out", str(out)]  # exit 0: the real data's test
    set_cell(data_copy, "claims", 2, "qualifier", "roughly")
    assert validation.main([*args, "--quiet"]) == 1
    text = capsys.readouterr().out
    assert "ok   sources" not in text  # quiet: passing suites are not listed
    assert "FAIL claims" in text
    assert "expect_column_values_to_be_in_set [qualifier]" in text
    assert "claims.csv:4: 'roughly'" in text

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["success"] is False
    rec = next(r for r in summary["expectations"] if not r["success"])
    assert {
        "suite",
        "expectation",
        "column",
        "kwargs",
        "observed_value",
        "unexpected_values",
        "success",
    } <= set(rec)
    for s in summary["suites"]:
        gx_result = json.loads((out / f"{s['suite']}.json").read_text(encoding="utf-8"))
        assert gx_result["success"] is s["success"]
        assert len(gx_result["results"]) == s["total"]

    table = validation_report.validation_table(out / "summary.json")
    assert list(table.columns) == validation_report.COLUMNS
    assert len(table) == len(summary["expectations"])
    bad = table[~table["passed"]]
    assert list(bad["column"]) == ["qualifier"] and "claims.csv:4" in bad["observed"].iloc[0]
    assert validation_report.suite_table(out / "summary.json")["total"].sum() == len(table)


def test_cli_missing_data_exits_2(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ngoclaims",
            "validate",
            "--data",
            str(tmp_path),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "file not found" in proc.stderr


def test_real_data_passes_every_suite_offline(tmp_path):
    """Every suite passes on the project's data (exit 0, "all passed"), a suite for each
    table at least; and GX runs offline: no name lookup, connection or datagram, from its
    import to the results. (urllib3 binds a socket to ::1 at import to probe for IPv6; that
    is not a request.) In a process of its own, so that GX's import is seen too."""
    code = (
        "import sys\n"
        "seen = []\n"
        "NET = ('socket.connect', 'socket.getaddrinfo', 'socket.gethostbyname', 'socket.sendto',"
        " 'socket.sendmsg', 'socket.gethostbyaddr')\n"
        "sys.addaudithook(lambda event, args: seen.append(event) if event in NET else None)\n"
        "from ngoclaims.gate.validate import main\n"
        f"rc = main(['--out', {str(tmp_path)!r}])\n"
        "print(rc, sorted(set(seen)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "GX_ANALYTICS_ENABLED"}  # validation sets it
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    *report, last = proc.stdout.strip().splitlines()
    assert last == "0 []", proc.stdout  # the report above it names each failure
    assert "all passed" in "\n".join(report), proc.stdout
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert {s["suite"] for s in summary["suites"]} >= set(schema.TABLES)


def test_report_without_summary_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="validate"):
        validation_report.validation_table(tmp_path / "summary.json")


# --- import discipline -----------------------------------------------------------------------


def test_deferred_modules_still_work_after_gx_import():
    validation.import_gx()
    import altair
    import scipy.stats
    import sqlalchemy

    assert scipy.stats.norm.cdf(0) == 0.5
    assert altair.Chart is not None
    assert sqlalchemy.__version__


def test_only_validation_and_suites_import_gx():
    package = ROOT / "src" / "ngoclaims"
    modules = sorted(
        p.stem for p in package.glob("*.py") if p.stem not in {"__main__", "validation", "suites"}
    )
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module('ngoclaims.' + m)\n"
        "print('great_expectations' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_validate_regenerates_a_stale_table_suite_or_with_check_refuses_it(
    tmp_path, monkeypatch, capsys
):
    # make book leaves the table suites to validate (which imports GX anyway); main() runs
    # here, in the project found upward from the current folder, as the command does
    copy_parts(tmp_path, "data", "expectations", "_toc.yml")
    monkeypatch.delenv(ROOT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    suite = tmp_path / "expectations" / "kinds.json"
    fresh = suite.read_text(encoding="utf-8")
    suite.write_text(fresh.replace('"kinds.csv"', '"kinds.tsv"', 1), encoding="utf-8")
    out = ["--out", str(tmp_path / "results")]
    assert validation.main(["--quiet", "--table-suites", "check", *out]) == 1
    assert "stale: expectations/kinds.json" in capsys.readouterr().out
    assert suite.read_text(encoding="utf-8") != fresh  # --check leaves it as it was
    assert validation.main(["--quiet", "--table-suites", "write", *out]) == 0
    assert "wrote expectations/kinds.json" in capsys.readouterr().out
    assert suite.read_text(encoding="utf-8") == fresh
