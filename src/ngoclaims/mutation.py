"""Mutation testing of the gate: change one numeric cell of one data file (the last digit up
by one; the value times ten) and see whether the gate notices. A mutation the gate lets
through is a figure the book could show wrong without anyone knowing."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ngoclaims import schema
from ngoclaims.errors import DataError

# table -> numeric columns (ref_period and date hold years inside text)
NUMERIC = {
    "claims": ("value",),
    "figures": ("value", "ref_period"),
    "events": ("ordinal", "year", "end_year", "month", "day"),
    "periods": ("stage", "start_year"),
}
EXTENDED = {"claims": ("value", "ref_period"), "sources": ("date",)}


@dataclass(frozen=True)
class Mutation:
    file: str
    line: int
    column: str
    row_key: str
    old: str
    new: str
    kind: str  # 'last digit + 1' | 'times ten'

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.column} {self.old!r} -> {self.new!r} ({self.kind}, {self.row_key})"


def bump(text: str) -> str:
    """One more in the last digit shown: 95 -> 96, 7.2 -> 7.3, 2009 -> 2010, 9 -> 10."""
    d = Decimal(text)
    exp = d.as_tuple().exponent
    return str(d + Decimal(1).scaleb(exp))


def times_ten(text: str) -> str:
    d = Decimal(text) * 10
    return str(d.normalize()) if "." in text else str(int(d))


def _numbers_in(cell: str) -> list[re.Match]:
    return list(re.finditer(r"\d+(?:\.\d+)?", cell))


def mutations(data_dir: Path, extended: bool = False) -> list[Mutation]:
    plan = dict(NUMERIC)
    if extended:
        plan.update(EXTENDED)
    out: list[Mutation] = []
    for table_name, columns in plan.items():
        table = schema.TABLES[table_name]
        text = (data_dir / table.path).read_text(encoding="utf-8")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        for row in reader:
            key = "/".join(row[k] for k in table.key)
            for col in columns:
                cell = row[col]
                for m in _numbers_in(cell):
                    if (
                        col in ("ref_period", "date")
                        and len(m.group()) != 4
                        and not (col == "date" and m.start() > 0)
                    ):
                        continue
                    for kind, fn in (("last digit + 1", bump), ("times ten", times_ten)):
                        if col in ("ref_period", "date") and len(m.group()) == 2:
                            continue
                        new_cell = cell[: m.start()] + fn(m.group()) + cell[m.end() :]
                        if new_cell == cell:  # ten times zero: nothing changes, nothing to catch
                            continue
                        out.append(
                            Mutation(table.path, reader.line_num, col, key, cell, new_cell, kind)
                        )
    return out


def apply(mutation: Mutation, data_dir: Path) -> None:
    path = data_dir / mutation.file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    table = next(t for t in schema.TABLES.values() if t.path == mutation.file)
    for r in rows[1:]:
        if "/".join(r[header.index(k)] for k in table.key) == mutation.row_key:
            i = header.index(mutation.column)
            assert r[i] == mutation.old, (r[i], mutation)
            r[i] = mutation.new
            break
    else:
        raise LookupError(mutation)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def verify_gate(data_dir: Path) -> str | None:
    """The verify step in-process: the reason the gate fails, or None when it passes."""
    from ngoclaims.coverage import scan
    from ngoclaims.registry import load
    from ngoclaims.verdicts import judge_all

    try:
        project = load(data_dir)
        wrong = [
            f"{f.claim_id}: {f.expected} -> {f.verdict}"
            for f in judge_all(project)
            if not f.matches_expected
        ]
        if wrong:
            return "verdict changed: " + "; ".join(wrong)
        uncovered = [o.text for o in scan(project) if not o.covered_by]
        if uncovered:
            return "uncovered: " + ", ".join(uncovered)
    except DataError as err:
        return "data error: " + err.message
    return None


def gx_gate(data_dir: Path) -> str | None:
    """The validate step in-process: Great Expectations runs every suite on the data."""
    from ngoclaims import validation

    try:
        results = validation.run_suites(data_dir, schema.ROOT / "expectations")
    except DataError as err:
        return "validate: " + err.message
    failed = [f"{r['suite']}: {r['expectation']}" for r in results.failures()]
    return ("validate: " + "; ".join(failed[:3])) if failed else None


def claim_tests_gate(data_dir: Path) -> str | None:
    """The generic claim tests of the book's gate that verify does not already run: the
    committed claims suite must still be the one the registry generates."""
    from ngoclaims import claimsuite
    from ngoclaims.registry import load

    try:
        fresh = claimsuite.render(load(data_dir))
    except DataError as err:
        return "claim tests: " + err.message
    if fresh != claimsuite.PATH.read_text(encoding="utf-8"):
        return "claim tests: the claims suite is stale for these data"
    return None


FULL_GATE = (verify_gate, gx_gate, claim_tests_gate)


@dataclass
class Outcome:
    mutation: Mutation
    caught_by: str  # '' when not caught


def run(
    data_dir: Path, gates: list[Callable[[Path], str | None]] | None = None, extended: bool = False
) -> list[Outcome]:
    gates = gates or [verify_gate]
    results: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "data"
        shutil.copytree(data_dir, work)
        for m in mutations(data_dir, extended):
            original = (work / m.file).read_bytes()
            apply(m, work)
            reason = ""
            for gate in gates:
                r = gate(work)
                if r:
                    reason = r
                    break
            results.append(Outcome(m, reason))
            (work / m.file).write_bytes(original)
    return results
