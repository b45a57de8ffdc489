"""Derived figures are rows of data/derived.csv: the book shows the formula it computes, a new
row is a new figure with no code, and a bad row stops the analysis with one line naming the
file, the line, the column and what was expected."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import DATA, run_cli
from ngoclaims.claims.derived import derive
from ngoclaims.claims.formula import parse, render
from ngoclaims.claims.intervals import integer_hull, point
from ngoclaims.claims.registry import load
from ngoclaims.errors import DataError
from ngoclaims.gate.verify import analysis


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write(path: Path, table: list[dict]) -> None:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(table[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cells(data: Path, key: str, /, **cells: str) -> int:
    """Change cells of one row of derived.csv in a copy of the data; return its line."""
    table = rows(data / "derived.csv")
    i = next(i for i, r in enumerate(table) if r["derived_id"] == key)
    table[i].update(cells)
    write(data / "derived.csv", table)
    return i + 2


def add_row(data: Path, **cells: str) -> None:
    table = rows(data / "derived.csv")
    table.append({k: cells.get(k, "") for k in table[0]})
    write(data / "derived.csv", table)


def test_the_book_shows_the_formula_each_row_computes(project):
    table = rows(DATA / "derived.csv")
    derived = derive(project)
    assert [d.derived_id for d in derived] == [r["derived_id"] for r in table]
    for d, r in zip(derived, table):
        assert d.formula == render(parse(r["formula"]))
        assert parse(d.formula) == parse(r["formula"])


def test_a_figure_may_use_one_derived_above_it(project):
    d = {x.derived_id: x for x in derive(project)}
    minimum, count = d["kz-prize-minimum-2021"], d["kz-prize-count-2021"]
    p21 = project.claims["kz-prize-fund-2021"]
    assert count.inputs == ("kz-prize-fund-2021", "kz-kazinform-prize-minimum", "kz-kt-mrp-2021")
    assert count.interval == p21.interval / minimum.interval
    assert count.point == p21.value / minimum.point
    assert count.basis == "mixed" and minimum.basis == "independent"


def test_a_count_of_ngos_is_whole_and_its_reading_is_not(project):
    d = {x.derived_id: x for x in derive(project)}["kg-operating-2015"]
    share = project.figures["kg-sputnik-2015-operating-share"]
    registered = project.figures["kg-sputnik-2015-registered"]
    assert d.interval == integer_hull(registered.interval * share.interval.scale(0.01))
    assert d.point == registered.value * (share.value * 0.01)
    assert (d.indicator, d.definition, d.scope, d.period.text) == (
        "ngo_count",
        "operating",
        "public_associations",
        "2015",
    )


def test_adding_a_row_adds_a_figure_with_no_code(data_copy):
    add_row(
        data_copy,
        derived_id="kz-prize-fund-2017-in-minimum-prizes-2021",
        section="kazakhstan",
        label="the 2017 prize fund in minimum prizes of 2021",
        formula="{kz-prize-fund-2017} / {kz-prize-minimum-2021}",
        unit="prizes",
        claim_id="kz-prize-fund-2017",
        test="whole",
        assumptions="prize-rule-2021",
    )
    add_row(
        data_copy,
        derived_id="kg-growth-2010-2017",
        section="kyrgyzstan",
        label="growth factor of NGOs, 2010 to 2017",
        formula="growth({kg-ngo-count-2010}, {kg-ngo-count-2017})",
        unit="times",
    )
    add_row(
        data_copy,
        derived_id="kz-winners-per-year-to-2021",
        section="kazakhstan",
        label="winners of 2017 per year to 2021",
        formula="{kz-strategy2050-winners} / (year({kz-kt-mrp-2021}) - year({kz-strategy2050-winners}))",
        unit="ngos_per_year",
    )
    project = load(data_copy)
    d = {x.derived_id: x for x in derive(project)}
    assert d["kz-winners-per-year-to-2021"].interval == point(59 / 4)  # years of two figures
    new = d["kz-prize-fund-2017-in-minimum-prizes-2021"]
    p17 = project.claims["kz-prize-fund-2017"]
    assert new.interval == p17.interval / d["kz-prize-minimum-2021"].interval
    assert new.point == p17.value / d["kz-prize-minimum-2021"].point
    assert new.inputs == ("kz-prize-fund-2017", "kz-kazinform-prize-minimum", "kz-kt-mrp-2021")
    assert (new.basis, new.test, new.assumptions) == ("mixed", "whole", ("prize-rule-2021",))
    growth = d["kg-growth-2010-2017"]
    assert growth.interval == project.claims["kg-ngo-count-2017"].interval / point(18341)
    assert growth.basis == "article"
    shown = {r["derived_id"]: r for r in analysis(project)["derived"]}
    assert shown["kg-growth-2010-2017"]["formula"] == (
        "growth({kg-ngo-count-2010}, {kg-ngo-count-2017})"
    )
    assert shown["kz-prize-fund-2017-in-minimum-prizes-2021"]["reading"]


FORMULA = "expected ids of claims.csv, figures.csv or of a row above in derived.csv; got "


@pytest.mark.parametrize(
    "derived_id, cells, column, message",
    [
        (
            "uz-growth-1991-2010",
            {"formula": "growth({uz-ngo-count-1991}, {uz-ngo-count-2010}"},
            "formula",
            "expected ')' at character 48; got the end",
        ),
        (
            "uz-growth-1991-2010",
            {"formula": "grow({uz-ngo-count-1991}, {uz-ngo-count-2010})"},
            "formula",
            "expected one of the functions growth, cagr, share, percent_of, prices, at_least, "
            "year, end_year, years at character 1; got 'grow' (an id goes in braces)",
        ),
        (
            "uz-growth-1991-2010",
            {"formula": "{uz-ngo-count-2010} / {uz-ngo-count-1990}"},
            "formula",
            FORMULA + "{uz-ngo-count-1990}",
        ),
        (
            "uz-growth-1991-2010",
            {"formula": "2 × {uz-cagr-1991-2010}"},
            "formula",
            FORMULA + "{uz-cagr-1991-2010}",
        ),
        (
            "kz-grants-base-amount",
            {"formula": "{kz-grants-growth} / ({kz-grants-growth} - {kz-grants-growth})"},
            "formula",
            "expected a formula its figures can be put through; division is defined here for "
            "non-negative intervals only",
        ),
        (
            "kg-ecology-count",
            {"formula": "{kg-ecology-share} / ({kg-ngo-count-2000} - {kg-ngo-count-2000})"},
            "formula",
            "expected a formula its figures can be put through; divisor interval is [0, 0]",
        ),
        (
            "kz-grants-base-amount",
            {"formula": "{kz-grants-growth} + year({kz-grants-cagr-from-2003})"},
            "formula",
            "expected a claim or a figure, which has a period; got {kz-grants-cagr-from-2003}",
        ),
        (
            "kz-grants-base-amount",
            {"formula": "{kz-grants-growth} + years({kz-grants-growth})"},
            "formula",
            "expected an id whose period has a known first year; {kz-grants-growth} has none",
        ),
        (
            "kg-ecology-count",
            {"derived_id": "kg-ecology-share"},
            "derived_id",
            "expected an id that no claim or figure has",
        ),
        (
            "kg-ecology-count",
            {"derived_id": "kg-icnl-2019-operating"},
            "derived_id",
            "expected an id that no claim or figure has",
        ),
        (
            "kg-ecology-count",
            {"claim_id": "kg-ecology-count-now"},
            "claim_id",
            "expected a claim_id of claims.csv; got 'kg-ecology-count-now'",
        ),
        (
            "kg-ecology-count",
            {"test": "whole"},
            "test",
            "expected no test for a figure that tests no claim (claim_id)",
        ),
        (
            "kz-prize-count-2021",
            {"assumptions": "prize-rule-2021 allocated-are-prizes"},
            "assumptions",
            "expected keys of assumptions.csv, separated by spaces; got 'allocated-are-prizes'",
        ),
        (
            "kg-operating-2015",
            {"ref_period": ""},
            "indicator",
            "expected all four of indicator, definition, scope and ref_period, or none",
        ),
        (
            "kg-ecology-count",
            {"indicator": "ngo_count"},
            "indicator",
            "expected all four of indicator, definition, scope and ref_period, or none",
        ),
        (
            "kg-operating-2015",
            {"definition": "working"},
            "definition",
            "expected a definition of kinds.csv; got 'working'",
        ),
        (
            "kg-operating-2015",
            {"scope": "unions"},
            "scope",
            "expected a scope of kinds.csv; got 'unions'",
        ),
    ],
)
def test_a_bad_row_is_one_line_naming_its_cell(data_copy, derived_id, cells, column, message):
    project = load(data_copy)  # derived.csv is read as the figures are derived, after this
    line = set_cells(data_copy, derived_id, **cells)
    with pytest.raises(DataError) as err:
        derive(project)
    e = err.value
    assert (Path(e.path).name, e.line, e.column, e.expected) == (
        "derived.csv",
        line,
        column,
        message,
    )
    assert "\n" not in e.message


def test_a_bad_formula_stops_verify_with_one_line(data_copy):
    line = set_cells(
        data_copy, "kz-prize-nominal-change", formula="100 × (growth({kz-prize-fund-2017}) - 1)"
    )
    res = run_cli("verify", "--quiet", "--data", str(data_copy))
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip().endswith(
        f"derived.csv:{line}: column 'formula': expected 2 arguments to growth(start, end) "
        "at character 8; got 1"
    )
