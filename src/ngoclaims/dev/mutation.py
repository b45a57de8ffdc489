"""Mutation testing of the gate: change one numeric cell of one data file (the last digit up
by one; the value times ten), or one categorical cell of the tables that decide what may be
compared with what (an event's status, an assumption's status or premise, a row of the
comparability table, whether a kind of count is definite, a relation's kind), and see
whether the gate notices. A mutation the gate lets through is a figure or a judgement the
book could show wrong without anyone knowing."""

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

from ngoclaims import paths
from ngoclaims.claims import schema
from ngoclaims.errors import DataError

# table -> numeric columns (ref_period and date hold years inside text)
NUMERIC = {
    "claims": ("value",),
    "figures": ("value", "ref_period"),
    "events": ("ordinal", "year", "end_year", "month", "day"),
    "periods": ("stage", "start_year"),
    "placements": ("stage",),
}
EXTENDED = {"claims": ("value", "ref_period"), "sources": ("date",)}
# Categorical cells: every other value the schema allows (for a key of assumptions.csv, the
# next key; for a subset row of the comparability table, also its two kinds swapped). Left
# out as equivalent by construction: an event's status within its class (held and adopted
# both happened; scheduled and announced both did not), the swap of a 'same' row, and
# whether a kind is definite where no claim and source share the kind.
CATEGORICAL = {
    "events": ("status",),
    "assumptions": ("status", "premise"),
    "comparability": ("relation", "assumption_id", SWAP := "narrower<>broader"),
    "kinds": ("definite",),
    "relations": ("assumption_id",),
}


@dataclass(frozen=True)
class Mutation:
    """One change of one data cell, to see whether the gate notices it."""

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
    """A number's text made ten times larger (a misplaced digit), written as the data write it."""
    d = Decimal(text) * 10
    return str(d.normalize()) if "." in text else str(int(d))


def _numbers_in(cell: str) -> list[re.Match]:
    return list(re.finditer(r"\d+(?:\.\d+)?", cell))


def _rows(data_dir: Path, table: schema.Table) -> list[tuple[int, dict]]:
    text = (data_dir / table.path).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [(reader.line_num, row) for row in reader]


def _alternatives(data_dir: Path, table: schema.Table, column: str, cell: str) -> list[str]:
    if column == SWAP:
        a, b = cell.split("|")
        return [f"{b}|{a}"]
    if table.name == "events" and column == "status":
        return [
            v
            for v in table.column(column).enum
            if (v in schema.HAPPENED) != (cell in schema.HAPPENED)
        ]
    if column == "assumption_id":
        keys = [r["assumption_id"] for _, r in _rows(data_dir, schema.ASSUMPTIONS)]
        nxt = keys[(keys.index(cell) + 1) % len(keys)] if cell in keys else keys[0]
        return [nxt] + ([""] if cell and not table.column(column).required else [])
    return [v for v in table.column(column).enum if v and v != cell]


def _shared_kinds(data_dir: Path) -> set[tuple[str, str]]:
    """Kinds that a claim and a source both record: only there does 'definite' matter."""
    kinds = {}
    for name in ("claims", "figures"):
        for _, row in _rows(data_dir, schema.TABLES[name]):
            for dim in schema.DIMENSIONS:
                kinds.setdefault((dim, row[dim]), set()).add(name)
    return {k for k, tables in kinds.items() if len(tables) == 2}


def _mutable(table: schema.Table, row: dict, column: str, shared: set) -> bool:
    if column == SWAP:
        return row["relation"] == "subset"
    if table.name == "kinds" and column == "definite":
        return (row["dimension"], row["kind"]) in shared
    return True


def categorical_mutations(data_dir: Path) -> list[Mutation]:
    """Each categorical cell changed to another allowed value of its column."""
    out: list[Mutation] = []
    shared = _shared_kinds(data_dir)
    for table_name, columns in CATEGORICAL.items():
        table = schema.TABLES[table_name]
        for line, row in _rows(data_dir, table):
            key = "/".join(row[k] for k in table.key)
            for col in (c for c in columns if _mutable(table, row, c, shared)):
                cell = f"{row['narrower']}|{row['broader']}" if col == SWAP else row[col]
                for new in _alternatives(data_dir, table, col, cell):
                    out.append(Mutation(table.path, line, col, key, cell, new, "other value"))
    return out


def mutations(data_dir: Path, extended: bool = False) -> list[Mutation]:
    """Every mutation of the data: each numeric cell, and more when extended."""
    plan = dict(NUMERIC)
    if extended:
        plan.update(EXTENDED)
    out: list[Mutation] = categorical_mutations(data_dir) if extended else []
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
    """Write the mutation into the data folder's copy of its file."""
    path = data_dir / mutation.file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    table = next(t for t in schema.TABLES.values() if t.path == mutation.file)
    for r in rows[1:]:
        if "/".join(r[header.index(k)] for k in table.key) == mutation.row_key:
            columns = mutation.column.split("<>") if mutation.column == SWAP else [mutation.column]
            olds, news = mutation.old.split("|"), mutation.new.split("|")
            if len(columns) == 1:
                olds, news = [mutation.old], [mutation.new]
            for col, old, new in zip(columns, olds, news):
                i = header.index(col)
                assert r[i] == old, (r[i], mutation)
                r[i] = new
            break
    else:
        raise LookupError(mutation)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def verify_gate(data_dir: Path) -> str | None:
    """The verify step in-process: the reason the gate fails, or None when it passes."""
    from ngoclaims.claims.coverage import scan
    from ngoclaims.claims.registry import load
    from ngoclaims.claims.verdicts import judge_all

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
    from ngoclaims.gate import validate as validation

    try:
        results = validation.run_suites(data_dir, paths.here().expectations)
    except DataError as err:
        return "validate: " + err.message
    failed = [f"{r['suite']}: {r['expectation']}" for r in results.failures()]
    return ("validate: " + "; ".join(failed[:3])) if failed else None


def claim_tests_gate(data_dir: Path) -> str | None:
    """The generic claim tests of the book's gate that verify does not already run: the
    committed claims suite and bibliography must still be what the registry generates."""
    from ngoclaims.claims.registry import load
    from ngoclaims.gate import bibliography
    from ngoclaims.gate import expectations as claimsuite

    try:
        project = load(data_dir)
        generated = {
            paths.here().claims_suite: claimsuite.render(project),
            paths.here().references: bibliography.render(project),
        }
    except DataError as err:
        return "claim tests: " + err.message
    for path, text in generated.items():
        if text != path.read_text(encoding="utf-8"):
            return f"claim tests: {path.name} is stale for these data"
    return None


# validate and the claim tests run side by side in make book; the cheaper one is tried first
FULL_GATE = (verify_gate, claim_tests_gate, gx_gate)


@dataclass
class Outcome:
    """A mutation, the gate that caught it and why ('' when none did)."""

    mutation: Mutation
    caught_by: str  # the gate's reason; '' when not caught
    gate: str = ""  # the name of the gate function that caught it


def run(
    data_dir: Path, gates: list[Callable[[Path], str | None]] | None = None, extended: bool = False
) -> list[Outcome]:
    """Apply each mutation to a copy of the data in turn and record which gate catches it.
    Each gate is first run on the unmutated data, when a mutation first gets past the gates
    before it (a gate that fails already would 'catch' every mutation; one that no mutation
    reaches, such as Great Expectations, costs nothing)."""
    gates = gates or [verify_gate]
    passed: set[Callable[[Path], str | None]] = set()  # gates the unmutated data pass
    results: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "data"
        shutil.copytree(data_dir, work)
        for m in mutations(data_dir, extended):
            original = (work / m.file).read_bytes()
            apply(m, work)
            outcome = Outcome(m, "")
            for gate in gates:
                _passes_unmutated(gate, data_dir, passed)
                reason = gate(work)
                if reason:
                    outcome = Outcome(m, reason, gate.__name__)
                    break
            results.append(outcome)
            (work / m.file).write_bytes(original)
    return results


def _passes_unmutated(gate: Callable[[Path], str | None], data_dir: Path, passed: set) -> None:
    if gate in passed:
        return
    reason = gate(data_dir)
    if reason:
        raise RuntimeError(f"the unmutated data fail the gate: {reason}")
    passed.add(gate)
