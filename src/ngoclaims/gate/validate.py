"""Run the Great Expectations suites of expectations/*.json against the data tables.

    python -m ngoclaims validate [--quiet] [--data DIR] [--expectations DIR] [--out DIR]

Every suite file is loaded as it is (never rebuilt in code) and run by GX itself: an
ephemeral context, a pandas data source, one dataframe batch per table. A summary line is
printed per suite and, for each failing expectation, its type, column and offending rows by
file line number (the header is line 1). Results go to ``_build/validation/<suite>.json``
(GX's own result JSON) and ``_build/validation/summary.json`` (one record per expectation,
read by ``validation_report``). Exit status: 0 all passed, 1 some expectation failed, 2 a
data or suite file is missing or unreadable (``DataError``).

Suite convention (every file in expectations/)
----------------------------------------------
* ``meta["table"]`` names the frame the suite validates: a table of ``schema.TABLES``
  (``claims``, ``sources``, ``figures``, ``events``, ``periods``) read from ``data/<path>``,
  or ``evidence`` (see ``evidence_frame``).
* A value written ``{"$PARAMETER": "<name>"}`` is filled at run time. ``meta["parameters"]``
  may map a name to ``{"table": t, "column": c}``: the sorted distinct non-empty values of
  that column. Without an entry, ``<key>s`` of every single-key table is known:
  ``claim_ids``, ``source_ids``, ``figure_ids``, ``event_ids``.
* Expectation ``id`` fields may be absent (validation assigns its own); ``meta`` of an
  expectation is kept and shown (``meta["rule"]`` is printed, ``meta["claim_id"]`` too).

A claims-suite expectation (GX 1.24 JSON; tested in tests/test_validation.py) selects its
evidence row with a row_condition object -- not the string + condition_parser form, which
GX deprecated in 1.9 (it still works, as a "pass_through" condition, with a warning)::

    {"type": "expect_column_values_to_be_between",
     "kwargs": {"column": "value", "min_value": 5100, "strict_min": true,
                "row_condition": {"type": "comparison", "column": {"name": "key"},
                                  "operator": "==", "parameter": "uz-cabar-2009"}},
     "meta": {"claim_id": "uz-ngo-count-2010", "rule": "what the bound means"}}

``max_value``/``strict_max`` likewise; both ends may be given. To also pin the table:
``{"type": "and", "conditions": [<comparison on key>, <comparison on table>]}`` (about twice
the time per expectation). A row condition that selects no row passes vacuously, so the
suite should also hold ``expect_column_distinct_values_to_contain_set`` on ``key`` with every
key it uses (or an ``expect_table_row_count_to_be_between`` 1..1 with the same condition).

How a frame looks to GX: each cell as written in the file; an empty cell is a null; a
number column holds floats and an integer column ints where the cell parses as one, and the
cell's text where it does not (so a type expectation names it). The index is the file line
number of the row. The ``evidence`` frame stacks figures.csv, events.csv and
assumptions.csv with columns ``key`` (figure_id / event_id / assumption_id), ``table``,
``value`` (float64: figures' value, events' year) and ``status`` (events' and assumptions'),
indexed by "<file>:<line>".

Only this module and ``suites.py`` import great_expectations, and only when called.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ngoclaims import paths
from ngoclaims.claims import tables
from ngoclaims.claims.schema import TABLES, Table
from ngoclaims.errors import DataError
from ngoclaims.imports import without_iri_grammars

EVIDENCE = "evidence"
# the evidence frame's parts: table -> (key column, value column, status column)
EVIDENCE_PARTS = {
    "figures": ("figure_id", "value", None),
    "events": ("event_id", "year", "status"),
    "assumptions": ("assumption_id", None, "status"),
}

_ID_NAMESPACE = uuid.UUID("6f1b6a52-1d7e-4b55-9d35-2d6c0a8f7c11")
MAX_SHOWN = 10  # offending rows printed per failing expectation


# --- reading the data ------------------------------------------------------------------------


def _cell(text: str, kind: str) -> Any:
    """A cell as GX sees it: empty is null; a number or integer as one where it has the
    schema's form, and as its text where not (so a type expectation names it).
    """
    if text == "":
        return None
    value = tables.number(kind, text)
    return text if value is None else value


def read_table(path: Path, table: Table | None = None) -> pd.DataFrame:
    """Read a CSV as written: every cell text, empty cells null, numbers parsed per schema.

    The index is the file line where each row starts (header = line 1). The file is read by
    the loader's reader (tables.read_csv), so a missing, non-UTF-8, empty or ragged file, or
    one with no data rows, is the same DataError here as in ``verify``; the header and the
    cells are left to the suites.
    """
    header, records = tables.read_csv(Path(path))
    kinds = {c.name: c.type for c in table.columns} if table else {}
    index = pd.Index([line for line, _ in records], dtype="int64")
    columns = {
        name: pd.Series(
            [_cell(cells[i], kinds.get(name, "string")) for _, cells in records],
            index=index,
            dtype=object,
        )
        for i, name in enumerate(_unique_names(header))
    }
    return pd.DataFrame(columns, index=index)


def _unique_names(header: list[str]) -> list[str]:
    """Header names, a repeated one suffixed .1, .2 like pandas (so GX sees the repeat)."""
    seen: dict[str, int] = {}
    out = []
    for name in header:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def evidence_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """figures.csv, events.csv and assumptions.csv stacked: key, table, value (float: a
    figure's value, an event's year), status (an event's or an assumption's), indexed
    'file:line'.
    """
    parts = []
    for name, (key, value, status) in EVIDENCE_PARTS.items():
        df = tables[name]
        file = TABLES[name].path

        def column(col: str | None, df: pd.DataFrame = df) -> pd.Series:
            cells = list(df[col]) if col is not None and col in df else [None] * len(df)
            return pd.Series(cells, dtype=object)

        parts.append(
            pd.DataFrame(
                {
                    "key": column(key),
                    "table": pd.Series([name] * len(df), dtype=object),
                    "value": pd.to_numeric(column(value), errors="coerce").astype("float64"),
                    "status": column(status),
                }
            ).set_axis([f"{file}:{line}" for line in df.index])
        )
    return pd.concat(parts)


class Frames:
    """The frames suites run on, read on first use from data_dir."""

    def __init__(self, data_dir: Path):
        """Frames of the tables of data_dir; nothing is read yet."""
        self.data_dir = Path(data_dir)
        self._cache: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            if name == EVIDENCE:
                self._cache[name] = evidence_frame({t: self[t] for t in EVIDENCE_PARTS})
            elif name in TABLES:
                self._cache[name] = read_table(self.data_dir / TABLES[name].path, TABLES[name])
            else:
                raise KeyError(name)
        return self._cache[name]

    def file(self, name: str) -> str | None:
        """The file a frame comes from; None for the evidence frame, which stacks three."""
        return TABLES[name].path if name in TABLES else None


# --- loading the suites ----------------------------------------------------------------------


def load_suite_json(path: Path) -> dict:
    """One suite file as JSON, checked for the convention (meta.table)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise DataError(path, line, None, f"not a JSON suite: {err}") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("expectations"), list)
        or not data.get("name")
    ):
        raise DataError(
            path, None, None, "expected a GX ExpectationSuite: an object with name and expectations"
        )
    table = (data.get("meta") or {}).get("table")
    if table != EVIDENCE and table not in TABLES:
        known = ", ".join([*TABLES, EVIDENCE])
        raise DataError(path, None, "meta.table", f"'{table}' is not a table to validate ({known})")
    return data


def _parameter_names(obj: Any) -> set[str]:
    if isinstance(obj, dict):
        if set(obj) == {"$PARAMETER"}:
            return {obj["$PARAMETER"]}
        return set().union(*(_parameter_names(v) for v in obj.values())) if obj else set()
    if isinstance(obj, list):
        return set().union(*(_parameter_names(v) for v in obj)) if obj else set()
    return set()


def default_parameters() -> dict[str, dict[str, str]]:
    """'<key>s' -> the key column of every single-key table: claim_ids, source_ids, ..."""
    return {
        f"{t.key[0]}s": {"table": t.name, "column": t.key[0]}
        for t in TABLES.values()
        if len(t.key) == 1
    }


def suite_parameters(data: dict, frames: Frames, path: Path) -> dict[str, list]:
    """Values of every $PARAMETER the suite uses, computed from the data."""
    declared = {**default_parameters(), **((data.get("meta") or {}).get("parameters") or {})}
    values = {}
    for name in sorted(_parameter_names(data["expectations"])):
        spec = declared.get(name)
        if not spec or spec.get("table") not in TABLES:
            raise DataError(
                path, None, None, f"suite parameter '{name}' is not declared in meta.parameters"
            )
        df = frames[spec["table"]]
        column = spec.get("column")
        if column not in df:
            raise DataError(
                frames.data_dir / TABLES[spec["table"]].path,
                1,
                column,
                f"column needed by suite parameter '{name}' is missing",
            )
        values[name] = sorted({v for v in df[column] if v is not None}, key=str)
    return values


# --- running ---------------------------------------------------------------------------------


@dataclass
class SuiteResult:
    """One suite's run: a record per expectation, in order, and GX's own result."""

    name: str
    table: str
    file: str | None
    path: str
    seconds: float
    records: list[dict]
    gx_result: dict = field(repr=False)

    @property
    def total(self) -> int:
        """Expectations run."""
        return len(self.records)

    @property
    def passed(self) -> int:
        """Expectations met."""
        return sum(r["success"] for r in self.records)

    @property
    def success(self) -> bool:
        """Every expectation met."""
        return self.passed == self.total

    def failures(self) -> list[dict]:
        """The records of the expectations not met."""
        return [r for r in self.records if not r["success"]]


@dataclass
class Results:
    """Every suite's run."""

    suites: list[SuiteResult]

    @property
    def success(self) -> bool:
        """Every suite passed."""
        return all(s.success for s in self.suites)

    @property
    def records(self) -> list[dict]:
        """Every expectation's record, suite by suite."""
        return [r for s in self.suites for r in s.records]

    def failures(self) -> list[dict]:
        """The records of every expectation not met."""
        return [r for s in self.suites for r in s.failures()]

    def suite(self, name: str) -> SuiteResult:
        """The run of the suite of that name."""
        return next(s for s in self.suites if s.name == name)


_GX: dict[str, Any] = {}


# Importing GX takes 3-4 s here, half of it for modules a pandas validation never uses:
# scipy.stats and altair (imported at the top of expect_column_kl_divergence_to_be_less_than)
# and sqlalchemy (an optional dependency GX probes for). While GX is imported, the first two
# are loaded lazily (importlib.util.LazyLoader: they run on first attribute access) and
# sqlalchemy is reported missing, which GX handles as it does when it is not installed.
# Modules already imported are left as they are; NGOCLAIMS_GX_EAGER_IMPORT=1 turns this off.
_DEFERRED = ("scipy.stats", "altair")
_ABSENT = ("sqlalchemy",)


class _DeferImports:
    """A meta path finder used only while great_expectations is being imported."""

    def find_spec(self, name, path, target=None):
        import importlib.util

        if name.split(".")[0] in _ABSENT:
            raise ModuleNotFoundError(
                f"No module named '{name}' (deferred by ngoclaims)", name=name
            )
        if name not in _DEFERRED:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


def import_gx():
    """Import great_expectations (usage analytics off), deferring what validation never uses."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    without_iri_grammars()
    if "great_expectations" in sys.modules or os.environ.get("NGOCLAIMS_GX_EAGER_IMPORT") == "1":
        import great_expectations as gx

        return gx
    absent = [m for m in _ABSENT if m not in sys.modules]
    finder = _DeferImports()
    sys.meta_path.insert(0, finder)
    try:
        import great_expectations as gx
    finally:
        sys.meta_path.remove(finder)
        for name in [m for m in sys.modules if m.split(".")[0] in absent]:
            del sys.modules[name]  # failed probes must not stop a later real import
    return gx


def _gx_context():
    """One ephemeral GX context per process, analytics and progress bars off."""
    if "context" not in _GX:
        os.environ["GX_ANALYTICS_ENABLED"] = "false"
        gx = import_gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        _GX.update(
            gx=gx, context=context, source=context.data_sources.add_pandas("ngoclaims"), batches={}
        )
    return _GX


def _batch_definition(name: str):
    gx = _gx_context()
    if name not in gx["batches"]:
        asset = gx["source"].add_dataframe_asset(name=name)
        gx["batches"][name] = asset.add_batch_definition_whole_dataframe(name)
    return gx["batches"][name]


def _build_suite(gx, data: dict, expectations: list[dict], path: Path):
    """The GX suite of the file; DataError naming the first expectation GX does not accept
    (GX raises for some invalid ones and drops others with only a log line).
    """
    try:
        suite = gx.ExpectationSuite(
            name=data["name"], expectations=expectations, meta=data.get("meta")
        )
    except Exception:  # noqa: BLE001 - located below, one expectation at a time
        suite = None
    if suite is not None and len(suite.expectations) == len(expectations):
        return suite
    for i, exp in enumerate(expectations):
        try:
            one = gx.ExpectationSuite(name=data["name"], expectations=[exp])
            problem = None if one.expectations else "not a valid configuration"
        except Exception as err:  # noqa: BLE001
            problem = " ".join(str(err).split())
        if problem:
            raise DataError(
                path, None, None, f"GX rejected expectation #{i + 1} ({exp.get('type')}): {problem}"
            )
    raise DataError(path, None, None, "GX rejected the suite")


def _map_expectation_types() -> tuple[type, ...]:
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    return (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)


def _in_order(results, expectations) -> list:
    by_id = {r.expectation_config.id: r for r in results}
    return [by_id[e.id] for e in expectations]


def _column_of(expectation: str, kwargs: dict) -> str | None:
    """The column(s) an expectation is about; None for a table-level one."""
    if expectation.startswith("expect_table_"):
        return None
    if "column" in kwargs:
        return kwargs["column"]
    if "column_A" in kwargs:
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    if "column_list" in kwargs and kwargs.get("column_list") is not None:
        return ", ".join(map(str, kwargs["column_list"]))
    return None


def _exception_message(info: dict) -> str | None:
    """GX's exception_info is either one {raised_exception, exception_message, ...} or, when
    a metric failed, a dict of those keyed by metric id.
    """
    if not info:
        return None
    if "raised_exception" in info:
        return info.get("exception_message") if info.get("raised_exception") else None
    messages = [v.get("exception_message") for v in info.values() if isinstance(v, dict)]
    return "; ".join(sorted({m for m in messages if m})) or None


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def run_suite(path: Path, frames: Frames) -> SuiteResult:
    """Run one suite file against its frame with GX; one record per expectation, in order."""
    path = Path(path)
    data = load_suite_json(path)
    table = data["meta"]["table"]
    frame = frames[table]
    parameters = suite_parameters(data, frames, path)
    gx = _gx_context()["gx"]

    started = time.perf_counter()
    expectations = []
    for i, exp in enumerate(data["expectations"]):
        exp = {k: v for k, v in exp.items() if k not in ("id", "rendered_content")}
        exp["id"] = str(uuid.uuid5(_ID_NAMESPACE, f"{data['name']}/{i}"))
        expectations.append(exp)
    suite = _build_suite(gx, data, expectations, path)
    batch = _batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
    # Pass 1 asks only pass/fail, which is twice as fast as COMPLETE for map expectations;
    # pass 2 reruns with COMPLETE the failures (for rows and values) and the expectations
    # whose observed value is the point (table and aggregate ones).
    result = batch.validate(
        suite, expectation_parameters=parameters, result_format={"result_format": "BOOLEAN_ONLY"}
    )
    map_types = _map_expectation_types()
    detail = {
        e.id
        for e, r in zip(suite.expectations, _in_order(result.results, suite.expectations))
        if not r.success or not isinstance(e, map_types)
    }
    if detail:
        again = gx.ExpectationSuite(
            name=data["name"], expectations=[e for e in expectations if e["id"] in detail]
        )
        second = batch.validate(
            again, expectation_parameters=parameters, result_format={"result_format": "COMPLETE"}
        )
        replace = {r.expectation_config.id: r for r in second.results}
        result.results = [replace.get(r.expectation_config.id, r) for r in result.results]
    seconds = time.perf_counter() - started

    by_id = {r.expectation_config.id: r for r in result.results}
    records = []
    for i, exp in enumerate(expectations):
        r = by_id[exp["id"]]
        res = r.result or {}
        info = r.exception_info or {}
        meta = exp.get("meta") or {}
        records.append(
            _jsonable(
                {
                    "suite": data["name"],
                    "table": table,
                    "file": frames.file(table),
                    "index": i,
                    "expectation": exp["type"],
                    "column": _column_of(exp["type"], exp.get("kwargs", {})),
                    "rule": meta.get("rule"),
                    "meta": meta,
                    "kwargs": exp.get("kwargs", {}),  # as written: parameters unresolved
                    "success": bool(r.success),
                    "observed_value": res.get("observed_value"),
                    "details": res.get("details"),
                    "element_count": res.get("element_count"),
                    "unexpected_count": res.get("unexpected_count"),
                    "unexpected_rows": res.get("unexpected_index_list"),
                    "unexpected_values": res.get("unexpected_list"),
                    "exception": _exception_message(info),
                }
            )
        )
    gx_json = result.to_json_dict()
    gx_json.get("meta", {}).pop("active_batch_definition", None)
    return SuiteResult(
        data["name"], table, frames.file(table), str(path), seconds, records, _jsonable(gx_json)
    )


def suite_paths(expectations_dir: Path) -> list[Path]:
    """Every suite file of the folder; a folder without one is a DataError, not a pass."""
    paths = sorted(Path(expectations_dir).glob("*.json"))
    if not paths:
        raise DataError(expectations_dir, None, None, "no suites (*.json) found")
    return paths


def run_suites(data_dir: Path | None = None, expectations_dir: Path | None = None) -> Results:
    """Run every suite of expectations_dir against the tables of data_dir, in-process."""
    data_dir = data_dir or paths.here().data
    expectations_dir = expectations_dir or paths.here().expectations
    frames = Frames(data_dir)
    return Results([run_suite(p, frames) for p in suite_paths(expectations_dir)])


# --- reporting -------------------------------------------------------------------------------


def _short(value: Any, width: int = 70) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = repr(text) if isinstance(value, str) else text
    return text if len(text) <= width else text[: width - 1] + "…"


def _where(row: Any, file: str | None) -> str:
    return f"{file}:{row}" if file and isinstance(row, int) else str(row)


def describe_failure(rec: dict) -> list[str]:
    """Lines telling one failing expectation: type, column, rule, then offending rows."""
    lines = [_failure_head(rec)]
    if rec["exception"]:
        lines.append(f"       error: {rec['exception'].strip().splitlines()[-1]}")
    if rec.get("unexpected_rows"):
        lines += _offending_rows(rec)
    elif not rec["exception"]:
        lines += _observed(rec)
    return lines


def _failure_head(rec: dict) -> str:
    head = f"  FAIL {rec['expectation']}"
    if rec["column"]:
        head += f" [{rec['column']}]"
    if rec.get("rule"):
        head += f" — {rec['rule']}"
    if rec.get("meta", {}).get("claim_id"):
        head += f" (claim {rec['meta']['claim_id']})"
    return head


def _offending_rows(rec: dict) -> list[str]:
    rows, values = rec["unexpected_rows"], rec.get("unexpected_values")
    pairs = list(zip(rows, values or [None] * len(rows)))[:MAX_SHOWN]
    lines = [f"       {_where(row, rec['file'])}: {_short(value)}" for row, value in pairs]
    if len(rows) > MAX_SHOWN:
        lines.append(f"       … and {len(rows) - MAX_SHOWN} more")
    return lines


def _observed(rec: dict) -> list[str]:
    """What a failing expectation without offending rows saw: the mismatched columns of a
    header, or its observed value; and whether its row condition selected nothing.
    """
    mismatched = (rec.get("details") or {}).get("mismatched")
    if mismatched:
        lines = [
            f"       column {m.get('Expected Column Position', '?') + 1}: "
            f"expected {m.get('Expected')!r}, found {m.get('Found')!r}"
            for m in mismatched[:MAX_SHOWN]
        ]
    else:
        lines = [f"       observed: {_short(rec['observed_value'], 200)}"]
    if rec["kwargs"].get("row_condition") is not None and rec.get("element_count") == 0:
        lines.append("       (the row condition selects no row)")
    return lines


def report_lines(results: Results, quiet: bool = False) -> list[str]:
    """A line per suite (quiet: only failing ones) and the lines of each failure."""
    lines = []
    for s in results.suites:
        if not quiet or not s.success:
            mark = "ok  " if s.success else "FAIL"
            lines.append(
                f"{mark} {s.name:<26} {s.passed:>4}/{s.total:<4} expectations passed  {s.seconds:6.2f} s"
            )
        for rec in s.failures():
            lines += describe_failure(rec)
    return lines


def write_results(results: Results, out_dir: Path | None = None) -> Path:
    """_build/validation/<suite>.json (GX's result) and summary.json; returns summary.json."""
    out_dir = Path(out_dir or paths.here().validation)
    out_dir.mkdir(parents=True, exist_ok=True)
    for s in results.suites:
        (out_dir / f"{s.name}.json").write_text(
            json.dumps(s.gx_result, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    summary = {
        "success": results.success,
        "suites": [
            {
                "suite": s.name,
                "table": s.table,
                "file": s.file,
                "suite_file": s.path,
                "passed": s.passed,
                "total": s.total,
                "success": s.success,
                "seconds": round(s.seconds, 3),
            }
            for s in results.suites
        ],
        "expectations": results.records,
    }
    path = out_dir / "summary.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """`python -m ngoclaims validate`: 0 all passed, 1 an expectation failed, 2 bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m ngoclaims validate", description="Run the Great Expectations suites."
    )
    parser.add_argument("--quiet", action="store_true", help="print only failures")
    parser.add_argument("--data", type=Path, help="directory of the data tables")
    parser.add_argument("--expectations", type=Path, help="directory of the suites")
    parser.add_argument("--out", type=Path, help="where the results are written")
    parser.add_argument(
        "--table-suites",
        choices=("write", "check"),
        help="first regenerate the table suites from the schema (write), or fail if one is "
        "stale (check); `make book` leaves them to this step, which imports GX anyway",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.table_suites:
        from ngoclaims.gate import expectations

        check = args.table_suites == "check"
        if expectations.sync(expectations.suites_to_write(), check) and check:
            return 1
    results = run_suites(args.data, args.expectations)
    write_results(results, args.out)
    for line in report_lines(results, quiet=args.quiet):
        print(line)
    if not args.quiet or not results.success:
        n, failed = len(results.records), len(results.failures())
        verdict = "all passed" if results.success else f"{failed} failed"
        print(
            f"{len(results.suites)} suites, {n} expectations: {verdict} ({time.perf_counter() - started:.2f} s)"
        )
    return 0 if results.success else 1
