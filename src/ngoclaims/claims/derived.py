"""Figures the article implies but does not print: growth factors, compound annual growth,
shares, sums and the real-terms change of the prizes. Each is a row of data/derived.csv whose
formula (claims/formula.py) is computed on the intervals of the registry and the evidence
tables, and again on the figures read as printed (the point reading a reader sees beside the
interval), so adding a figure needs a row, not code. What no row says lives here: a count of
NGOs is whole, and a figure's basis is whose figures it reads. Pure functions of a Project.
"""

from __future__ import annotations

from dataclasses import dataclass

from ngoclaims.claims import formula, schema
from ngoclaims.claims.formula import FormulaError, Lookup, Node
from ngoclaims.claims.intervals import Interval, integer_hull, point
from ngoclaims.claims.registry import Project
from ngoclaims.claims.tables import Period, Row, read_rows
from ngoclaims.claims.wording import stated_text

# Units whose values are whole: a derived count of NGOs has no fraction of an NGO.
WHOLE_DERIVED_UNITS = ("ngos",)


@dataclass(frozen=True, kw_only=True)
class Derived:
    """A derived figure as computed: its interval, its point reading, and what it tests."""

    derived_id: str
    section: str
    label: str
    formula: str  # the formula as computed, written back from its tree (formula.render)
    inputs: tuple[str, ...]  # claim_ids and figure_ids
    interval: Interval
    point: float  # the same formula on the inputs read as printed
    unit: str
    basis: str  # 'article' when every input is the article's, else 'independent' or 'mixed'
    claim_id: str = ""  # the claim this figure tests, if any
    test: str = "compare"  # compare: with the claim's interval; whole: a whole number of units
    assumptions: tuple[str, ...] = ()  # keys of assumptions.csv the figure rests on
    # What it counts, when the figure is evidence about a count (an NGO count of a year):
    indicator: str = ""
    definition: str = ""
    scope: str = ""
    period: Period | None = None
    # the formula with each id written as its figure ('growth(95 NGOs, more than 5,100 NGOs)'),
    # for sentences: a reader sees the figures, not the ids
    worked: str = ""


def _basis(project: Project, inputs: tuple[str, ...]) -> str:
    kinds = {"article" if i in project.claims else "independent" for i in inputs}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def derive(project: Project) -> list[Derived]:
    """Every derived figure, in the order of data/derived.csv (the order the book discusses
    them); a formula may use the figures of the rows above it. Raises DataError.
    """
    done: dict[str, Derived] = {}
    for row in read_rows(schema.DERIVED, project.data_dir):
        done[row["derived_id"]] = _derived(project, row, done)
    return list(done.values())


def _derived(project: Project, row: Row, done: dict[str, Derived]) -> Derived:
    node = _formula(project, row, done)
    inputs = _inputs(node, done)
    interval, reading = _computed(project, row, node, done)
    return Derived(
        derived_id=row["derived_id"],
        section=row["section"],
        label=row["label"],
        formula=formula.render(node),
        inputs=inputs,
        interval=interval,
        point=reading,
        unit=row["unit"],
        basis=_basis(project, inputs),
        **_tests(project, row),
        **_counted(project, row),
        worked=_worked(project, node, done),
    )


def _worked(project: Project, node: Node, done: dict[str, Derived]) -> str:
    """The formula with its figures: each id as printed, each year function as its year."""
    lookup = _lookup(project, done)
    return formula.render(
        node,
        lambda key: _shown(project, done, key),
        lambda call: str(int(formula.evaluate(call, lookup))),
    )


def _shown(project: Project, done: dict[str, Derived], key: str) -> str:
    """An id as a sentence shows it: a claim or figure as printed, a derived figure by name."""
    if key in done:
        return done[key].label
    return stated_text(project.claims.get(key) or project.figures[key])


def _formula(project: Project, row: Row, done: dict[str, Derived]) -> Node:
    """The row's formula, parsed, naming only ids it can read."""
    if row["derived_id"] in project.claims or row["derived_id"] in project.figures:
        raise row.error("derived_id", "expected an id that no claim or figure has")
    try:
        node = formula.parse(row["formula"])
    except FormulaError as err:
        raise row.error("formula", str(err)) from None
    for key in formula.ids(node):
        if key not in project.claims and key not in project.figures and key not in done:
            raise row.error(
                "formula",
                f"expected ids of {schema.CLAIMS.path}, {schema.FIGURES.path} or of a row "
                f"above in {schema.DERIVED.path}; got {{{key}}}",
            )
    return node


def _inputs(node: Node, done: dict[str, Derived]) -> tuple[str, ...]:
    """The claims and figures a formula reads, a derived figure standing for its own."""
    keys: list[str] = []
    for key in formula.ids(node):
        keys += done[key].inputs if key in done else (key,)
    return tuple(dict.fromkeys(keys))


def _computed(
    project: Project, row: Row, node: Node, done: dict[str, Derived]
) -> tuple[Interval, float]:
    """The interval (whole for a count) and the point reading; DataError where the figures
    cannot be put through the formula.
    """
    try:
        interval = formula.evaluate(node, _lookup(project, done))
        reading = formula.evaluate(node, _lookup(project, done, printed=True))
    except FormulaError as err:
        raise row.error("formula", str(err)) from None
    except (ValueError, ArithmeticError) as err:
        raise row.error(
            "formula", f"expected a formula its figures can be put through; {err}"
        ) from None
    if row["unit"] in WHOLE_DERIVED_UNITS:
        interval = integer_hull(interval)
    return interval, reading.lo


def _lookup(project: Project, done: dict[str, Derived], printed: bool = False) -> Lookup:
    def figure(key: str) -> Interval:
        if key in done:
            d = done[key]
            return point(d.point) if printed else d.interval
        row = project.claims.get(key) or project.figures[key]
        return point(row.value) if printed else row.interval

    def period(key: str) -> tuple[int | None, int | None]:
        row = project.claims.get(key) or project.figures.get(key)
        if row is None:
            raise FormulaError(f"expected a claim or a figure, which has a period; got {{{key}}}")
        return row.period.start, row.period.end

    return Lookup(figure, period, printed)


def _tests(project: Project, row: Row) -> dict:
    """The claim the figure tests, how, and the assumptions it rests on."""
    if row["claim_id"] and row["claim_id"] not in project.claims:
        raise row.error(
            "claim_id", f"expected a claim_id of {schema.CLAIMS.path}; got {row['claim_id']!r}"
        )
    if row["test"] and not row["claim_id"]:
        raise row.error("test", "expected no test for a figure that tests no claim (claim_id)")
    assumptions = tuple(row["assumptions"].split())
    for key in assumptions:
        if key not in project.assumptions:
            raise row.error(
                "assumptions",
                f"expected keys of {schema.ASSUMPTIONS.path}, separated by spaces; got {key!r}",
            )
    return {
        "claim_id": row["claim_id"],
        "test": row["test"] or "compare",
        "assumptions": assumptions,
    }


def _counted(project: Project, row: Row) -> dict:
    """What the figure counts, when it is evidence about a count of some year."""
    cells = [row[c] for c in ("indicator", "definition", "scope", "ref_period")]
    if any(cells) and not all(cells):
        raise row.error(
            "indicator",
            "expected all four of indicator, definition, scope and ref_period, or none",
        )
    for dimension in schema.DIMENSIONS:
        if row[dimension] and (dimension, row[dimension]) not in project.kinds:
            raise row.error(
                dimension,
                f"expected a {dimension} of {schema.KINDS_TABLE.path}; got {row[dimension]!r}",
            )
    return {
        "indicator": row["indicator"],
        "definition": row["definition"],
        "scope": row["scope"],
        "period": row.value("ref_period"),
    }
