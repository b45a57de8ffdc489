"""Mutation test of the verify gate: every numeric cell of the evidence tables and every
claim value, changed in two ways, must make `verify` fail."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, ROOT, run_cli
from ngoclaims.dev import mutation

# Mutations the gate cannot catch, each with the reason it cannot matter. Empty: all are caught.
ACCEPTED: dict[str, str] = {}
VERIFY = mutation.verify_gate.__name__  # the gate an Outcome names when verify caught it


def test_bump_and_times_ten():
    assert [mutation.bump(x) for x in ("95", "7.2", "2009", "9", "33.3")] == [
        "96",
        "7.3",
        "2010",
        "10",
        "33.4",
    ]
    assert [mutation.times_ten(x) for x in ("95", "7.2", "0.5")] == ["950", "72", "5"]


@pytest.fixture(scope="module")
def full_gate() -> list[mutation.Outcome]:
    """Every mutation, the extended ones too, through the whole gate as make book runs it."""
    return mutation.run(DATA, gates=list(mutation.FULL_GATE), extended=True)


def test_every_mutation_makes_verify_fail(full_gate):
    """Every numeric cell of the evidence tables and every claim value, changed two ways,
    is caught by verify itself, the first gate."""
    plain = {str(m) for m in mutation.mutations(DATA)}
    results = [r for r in full_gate if str(r.mutation) in plain]
    assert len(results) == len(plain)
    missed = [
        str(r.mutation) for r in results if r.gate != VERIFY and str(r.mutation) not in ACCEPTED
    ]
    out = ROOT / "_build" / "mutation"
    out.mkdir(parents=True, exist_ok=True)
    (out / "verify.json").write_text(
        json.dumps(
            {
                "total": len(results),
                "caught": sum(1 for r in results if r.gate == VERIFY),
                "results": [
                    {
                        "mutation": str(r.mutation),
                        "caught_by": r.caught_by if r.gate == VERIFY else "",
                    }
                    for r in results
                ],
            },
            indent=1,
        )
    )
    print(f"\nmutation score (verify): {len(results) - len(missed)}/{len(results)} caught")
    assert len(results) > 300  # every numeric cell, two ways
    files = {r.mutation.file for r in results}
    assert files == {"claims.csv", "figures.csv", "events.csv", "periods.csv", "placements.csv"}
    assert missed == []


def test_a_caught_mutation_really_fails_the_command(tmp_path):
    """The in-process gate and the command line agree: one mutation end to end."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    m = next(
        m
        for m in mutation.mutations(DATA)
        if m.file == "figures.csv"
        and m.row_key == "uz-cabar-2009"
        and m.column == "value"
        and m.kind == "last digit + 1"
    )
    mutation.apply(m, data)
    res = run_cli("verify", "--quiet", "--data", str(data))
    assert res.returncode == 2 and "figures.csv:" in res.stderr and "5104" in res.stderr


def test_every_numeric_cell_of_every_data_file_is_caught_by_the_full_gate(full_gate):
    """Every numeric cell of every data file (claim periods and source dates too), and every
    categorical cell of the tables that decide what may be compared with what (event
    statuses, assumptions, comparability, kinds, relations), through verify, the claim tests
    and validate, as make book runs them."""
    results = full_gate
    missed = [
        str(r.mutation) for r in results if not r.caught_by and str(r.mutation) not in ACCEPTED
    ]
    by_gate: dict[str, int] = {}
    for r in results:
        gate = r.caught_by.split(":")[0] if r.caught_by else "uncaught"
        by_gate[gate] = by_gate.get(gate, 0) + 1
    out = ROOT / "_build" / "mutation"
    out.mkdir(parents=True, exist_ok=True)
    (out / "full-gate.json").write_text(
        json.dumps(
            {
                "total": len(results),
                "caught": len(results) - len(missed),
                "by_gate": by_gate,
                "results": [
                    {"mutation": str(r.mutation), "caught_by": r.caught_by} for r in results
                ],
            },
            indent=1,
        )
    )
    print(
        f"\nmutation score (full gate): {len(results) - len(missed)}/{len(results)} caught; {by_gate}"
    )
    assert {r.mutation.file for r in results} == {
        "claims.csv",
        "figures.csv",
        "events.csv",
        "periods.csv",
        "sources.csv",
        "placements.csv",
        "assumptions.csv",
        "comparability.csv",
        "kinds.csv",
        "relations.csv",
    }
    categorical = {
        (r.mutation.file, r.mutation.column) for r in results if r.mutation.kind == "other value"
    }
    assert {
        ("events.csv", "status"),
        ("assumptions.csv", "status"),
        ("assumptions.csv", "premise"),
        ("comparability.csv", "relation"),
        ("comparability.csv", "assumption_id"),
        ("comparability.csv", "narrower<>broader"),
        ("kinds.csv", "definite"),
    } <= categorical
    assert missed == []


def test_a_categorical_mutation_changes_one_cell(data_copy):
    """The swap of a comparability row's kinds, applied and read back."""
    m = next(
        m
        for m in mutation.categorical_mutations(DATA)
        if m.file == "comparability.csv" and m.column == "narrower<>broader"
    )
    mutation.apply(m, data_copy)
    text = (data_copy / "comparability.csv").read_text(encoding="utf-8")
    a, b = m.old.split("|")
    assert f",{b},{a}," in text and f",{a},{b}," not in text


def test_a_gate_that_fails_the_unmutated_data_is_refused(data_copy):
    """Such a gate would 'catch' every mutation: the run stops instead."""

    def always(data_dir):
        return "always fails"

    with pytest.raises(RuntimeError, match="the unmutated data fail the gate: always fails"):
        mutation.run(data_copy, gates=[always, mutation.verify_gate])
