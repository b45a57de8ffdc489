"""Great Expectations suites for the data tables, generated from schema.py.

Each table of ``schema.TABLES`` gets one suite, written as GX 1.x's own ExpectationSuite
JSON to ``expectations/<table>.json``. The files are committed; ``validation.py`` loads them
as they are (it never rebuilds them in code), and a test checks that regenerating them gives
the same bytes, so a change of schema.py without ``python -m ngoclaims.gate.suites`` is caught.

What a table suite checks, in order:

* the exact header, in order (``expect_table_columns_to_match_ordered_list``);
* per column: no nulls where required (an empty cell is a null), the type (numbers and
  integers as parsed by ``validate.read_table``; periods, dates and single text keys by
  the pattern of ``schema.FORMS``, the one the loader matches, every year in
  ``YEAR_MIN..YEAR_MAX``), allowed values (enums), schema ranges;
* the key (``expect_column_values_to_be_unique`` or, for a compound key,
  ``expect_compound_columns_to_be_unique``), and a key's spelling (no blanks);
* plausible ranges by unit, with a row condition: shares (unit ``percent``) within 0-100,
  counts and money non-negative, values in unit ``year`` within ``YEAR_MIN..YEAR_MAX``;
  a span's ``end_year`` not before its start;
* foreign keys, as ``expect_column_values_to_be_in_set`` whose ``value_set`` is a suite
  parameter (``{"$PARAMETER": "source_ids"}``). The suite's ``meta["parameters"]`` says
  which table and column each parameter is read from; validation computes them from the
  data at run time, so adding a source needs no regenerated suite.

Checks no GX expectation expresses are listed in ``meta["checked_elsewhere"]`` with the test
that makes them.

Only this module and ``validation.py`` import great_expectations.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ngoclaims import paths
from ngoclaims.claims.schema import (
    COUNT_UNITS,
    FORMS,
    MONEY_UNITS,
    TABLES,
    UNITS,
    YEAR_MAX,
    YEAR_MIN,
    Column,
    Table,
)

# --- plausibility rules: counts and money (schema.py) are never negative ----------------------
SHARE_UNIT, SHARE_RANGE = "percent", (0, 100)
YEAR_UNIT = "year"
assert set(COUNT_UNITS + MONEY_UNITS + (SHARE_UNIT, YEAR_UNIT)) <= set(UNITS)

TYPE_NAMES = {"number": "float", "integer": "int"}  # python type of a parsed cell
# The text forms a suite matches by pattern (numbers are typed by validate.read_table), and
# the rule each expectation states.
RULES = {
    "period": lambda name: (
        f"{name} is a year, 'now' or a span (1991-1999, 1991-now, ?-2016); years within {YEAR_MIN}-{YEAR_MAX}"
    ),
    "date": lambda name: (
        f"{name} is YYYY, YYYY-MM, YYYY-MM-DD or YYYY/YYYY; years within {YEAR_MIN}-{YEAR_MAX}"
    ),
    "key": lambda name: f"{name} is a key: letters, digits, . _ -, no blanks",
}


def regex(form: str) -> str:
    """The pattern of a form of schema.FORMS, anchored as GX matches it."""
    return f"^{FORMS[form]}$"


CHECKED_ELSEWHERE = {
    "claims": [
        {
            "check": "every quote occurs in data/source/article.txt, whitespace collapsed",
            "why_not_gx": "no GX expectation tests a value for being a substring of a text",
            "where": "ngoclaims.claims.registry.load; tests/gate/test_validate.py::test_claim_quotes_occur_in_article",
        },
    ],
    "figures": [
        {
            "check": "quote is a span of its source's quotation in sources.csv (whitespace collapsed)",
            "why_not_gx": "the text to search is in another table's row; no GX expectation joins",
            "where": "ngoclaims.claims.registry.load",
        },
    ],
    "events": [
        {
            "check": "quote is a span of its source's quotation in sources.csv (whitespace collapsed)",
            "why_not_gx": "the text to search is in another table's row; no GX expectation joins",
            "where": "ngoclaims.claims.registry.load",
        },
    ],
    "*period": [
        {
            "check": "a ref_period span 'A-B' has A <= B",
            "why_not_gx": "the two years are inside one string; a regex cannot compare them",
            "where": "ngoclaims.claims.tables.cell_problem, which the loader runs on every cell",
        },
    ],
}


def parameter_name(table: str) -> str:
    """Name of the suite parameter holding the keys of `table`: 'sources' -> 'source_ids'."""
    key = TABLES[table].key
    if len(key) != 1:
        raise ValueError(f"table {table} has a compound key; it cannot be a foreign-key target")
    return f"{key[0]}s"


def _gx():
    from ngoclaims.gate.validate import import_gx

    gx = import_gx()  # analytics off, and without what rendering a suite never uses
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column as Col

    return gx, gxe, Col


def _column_expectations(table: Table, col: Column, gxe, Col) -> list:
    out = []
    name = col.name

    def add(cls, rule: str, **kwargs):
        out.append(cls(meta={"rule": rule}, **kwargs))

    if col.required:
        add(gxe.ExpectColumnValuesToNotBeNull, f"{name} is required", column=name)
    if col.type in TYPE_NAMES:
        add(
            gxe.ExpectColumnValuesToBeOfType,
            f"{name} is a{'n' if col.type == 'integer' else ''} {col.type}",
            column=name,
            type_=TYPE_NAMES[col.type],
        )
    form = table.form(col)
    if form in RULES:
        add(gxe.ExpectColumnValuesToMatchRegex, RULES[form](name), column=name, regex=regex(form))
    if col.enum is not None:
        allowed = [v for v in col.enum if v != ""]  # an empty cell is a null, not a value
        add(
            gxe.ExpectColumnValuesToBeInSet,
            f"{name} is one of the schema's values",
            column=name,
            value_set=allowed,
        )
    if col.minimum is not None or col.maximum is not None:
        add(
            gxe.ExpectColumnValuesToBeBetween,
            f"{name} within the schema's range",
            column=name,
            min_value=col.minimum,
            max_value=col.maximum,
        )
    if name in table.foreign_keys:
        target = table.foreign_keys[name]
        add(
            gxe.ExpectColumnValuesToBeInSet,
            f"{name} is a key of {TABLES[target].path}",
            column=name,
            value_set={"$PARAMETER": parameter_name(target)},
        )
    return out


def _unit_expectations(table: Table, gxe, Col) -> list:
    """Plausible ranges of `value` by `unit`, for tables that have both columns."""
    names = table.column_names
    if not {"value", "unit"} <= set(names):
        return []
    out = []
    value = table.column("value")
    if value.minimum is None or value.minimum < 0:
        out.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="value",
                min_value=0,
                row_condition=Col("unit").is_in(COUNT_UNITS + MONEY_UNITS),
                meta={"rule": "counts and money are not negative"},
            )
        )
    share = Col("unit") == SHARE_UNIT
    if "kind" in names:  # a change in percent (growth) may exceed 100; a share may not
        share = share & (Col("kind") != "change")
    out.append(
        gxe.ExpectColumnValuesToBeBetween(
            column="value",
            min_value=SHARE_RANGE[0],
            max_value=SHARE_RANGE[1],
            row_condition=share,
            meta={"rule": "a share (unit percent) is within 0-100"},
        )
    )
    out.append(
        gxe.ExpectColumnValuesToBeBetween(
            column="value",
            min_value=YEAR_MIN,
            max_value=YEAR_MAX,
            row_condition=Col("unit") == YEAR_UNIT,
            meta={"rule": f"a value in unit year is within {YEAR_MIN}-{YEAR_MAX}"},
        )
    )
    return out


def _span_expectations(table: Table, gxe) -> list:
    names = table.column_names
    start = next((c for c in ("start_year", "year") if c in names), None)
    if "end_year" not in names or start is None:
        return []
    return [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_year",
            column_B=start,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"rule": f"end_year is not before {start}"},
        )
    ]


def table_suite(table: Table) -> dict:
    """The GX ExpectationSuite of one table, as GX's own JSON dict (no ids, stable order)."""
    gx, gxe, Col = _gx()
    expectations = [
        gxe.ExpectTableColumnsToMatchOrderedList(
            column_list=table.column_names, meta={"rule": "the exact header, in order"}
        )
    ]
    for col in table.columns:
        expectations += _column_expectations(table, col, gxe, Col)
    if len(table.key) > 1:
        expectations.append(
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=list(table.key), meta={"rule": f"({', '.join(table.key)}) is the key"}
            )
        )
    else:
        expectations.append(
            gxe.ExpectColumnValuesToBeUnique(
                column=table.key[0], meta={"rule": f"{table.key[0]} is the key"}
            )
        )
    expectations += _unit_expectations(table, gxe, Col)
    expectations += _span_expectations(table, gxe)

    parameters = {
        parameter_name(target): {"table": target, "column": TABLES[target].key[0]}
        for target in sorted(set(table.foreign_keys.values()))
    }
    elsewhere = list(CHECKED_ELSEWHERE.get(table.name, []))
    if any(c.type == "period" for c in table.columns):
        elsewhere += CHECKED_ELSEWHERE["*period"]
    meta: dict[str, Any] = {
        "table": table.name,
        "file": table.path,
        "description": table.description,
        "generated_by": "ngoclaims.gate.suites.table_suite (python -m ngoclaims.gate.suites); do not edit by hand",
        "parameters": parameters,
        "checked_elsewhere": elsewhere,
    }
    suite = gx.ExpectationSuite(name=table.name, expectations=expectations, meta=meta)
    if len(suite.expectations) != len(expectations):  # GX drops invalid ones with a log line
        raise RuntimeError(f"GX rejected an expectation of suite {table.name}")
    return _strip_ids(suite.to_json_dict())


def _strip_ids(obj: Any) -> Any:
    """Remove GX's generated ids (random UUIDs) so regeneration is byte-identical."""
    if isinstance(obj, dict):
        return {k: _strip_ids(v) for k, v in obj.items() if k != "id"}
    if isinstance(obj, list):
        return [_strip_ids(v) for v in obj]
    return obj


def dumps(suite: dict) -> str:
    """The committed form of a suite: sorted keys, indent 2, newline at the end."""
    return json.dumps(suite, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_table_suites(directory: Path | None = None) -> list[Path]:
    """Write expectations/<table>.json for every table of schema.py; return the paths."""
    directory = directory or paths.here().expectations
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES.values():
        path = directory / f"{table.name}.json"
        text = dumps(table_suite(table))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write every table suite and print its path."""
    for path in write_table_suites():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
