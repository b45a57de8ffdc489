"""The validation results as tables a reader can read (for the book's chapter on checks).

Reads ``_build/validation/summary.json``, written by ``python -m ngoclaims validate``; does
not import great_expectations, so a chapter can show the table without paying for GX.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ngoclaims import paths
from ngoclaims.errors import DataError

COLUMNS = ["suite", "expectation", "column", "rule", "observed", "passed"]


def load_summary(path: Path | str | None = None) -> dict:
    """The summary as written by validation.write_results; DataError if missing or bad."""
    path = Path(path or paths.here().validation_summary)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(
            path, None, None, "no validation summary: run `python -m ngoclaims validate` first"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(
            path, getattr(err, "lineno", None), None, f"not a validation summary: {err}"
        ) from None


def _observed(rec: dict) -> str:
    """What GX saw, in words: the offending rows and values, else the observed value."""
    if rec.get("exception"):
        return "error: " + rec["exception"].strip().splitlines()[-1]
    rows = rec.get("unexpected_rows") or []
    if rows:
        values = rec.get("unexpected_values") or [None] * len(rows)
        where = [
            f"{rec['file']}:{r}" if rec.get("file") and isinstance(r, int) else str(r) for r in rows
        ]
        shown = [f"{w} {_text(v)}" for w, v in zip(where, values)][:5]
        more = f" … and {len(rows) - 5} more" if len(rows) > 5 else ""
        return "; ".join(shown) + more
    value: Any = rec.get("observed_value")
    if value is not None:
        return _text(value)
    if rec.get("success"):
        return "no offending row"  # a passing row-by-row check: GX reports only pass/fail
    return f"{rec.get('unexpected_count') or 0} offending rows"


def _text(value: Any, width: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def _expectations(summary: dict, failures_only: bool = False) -> pd.DataFrame:
    rows = [
        {
            "suite": rec["suite"],
            "expectation": rec["expectation"],
            "column": rec.get("column") or "",
            "rule": rec.get("rule") or "",
            "observed": _observed(rec),
            "passed": bool(rec["success"]),
        }
        for rec in summary.get("expectations", [])
        if not (failures_only and rec["success"])
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def validation_table(path: Path | str | None = None, failures_only: bool = False) -> pd.DataFrame:
    """One row per expectation: suite, expectation, column, rule, observed, passed (bool)."""
    return _expectations(load_summary(path), failures_only)


SUMMARY_COLUMNS = ["suite", "table", "file", "expectations", "passed", "failed", "failures"]


def suite_summary(path: Path | str | None = None) -> pd.DataFrame:
    """One row per suite, counted from its expectations (so the rows add up to the list the
    page shows): suite, table, file, expectations, passed, failed, and failures, the failed
    expectations' rules (else their type), each with what GX saw."""
    summary = load_summary(path)
    checks = _expectations(summary)
    suites = {s["suite"]: s for s in summary.get("suites", [])}
    names = list(suites) + [n for n in dict.fromkeys(checks["suite"]) if n not in suites]
    rows = []
    for name in names:
        mine = checks[checks["suite"] == name]
        failed = mine[~mine["passed"]]
        rows.append(
            {
                "suite": name,
                "table": suites.get(name, {}).get("table") or "",
                "file": suites.get(name, {}).get("file") or "",
                "expectations": len(mine),
                "passed": int(mine["passed"].sum()),
                "failed": len(failed),
                "failures": [
                    f"{r.rule or r.expectation}: {r.observed}" for r in failed.itertuples()
                ],
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def suite_table(path: Path | str | None = None) -> pd.DataFrame:
    """One row per suite: suite, table, passed, total, seconds, success."""
    summary = load_summary(path)
    return pd.DataFrame(
        summary.get("suites", []),
        columns=["suite", "table", "passed", "total", "seconds", "success"],
    )
