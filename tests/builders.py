"""Small projects for the engine's tests: the vocabulary of the real data (kinds,
comparability, assumptions, sources) with only the claims, figures, events, stages,
relations, placements and derived figures a test names. Each builder fills the cells a
test does not care about, so a case reads as the few facts it is about."""

from __future__ import annotations

import copy
from pathlib import Path

from ngoclaims.claims.derived import Derived
from ngoclaims.claims.intervals import Interval
from ngoclaims.claims.registry import (
    Assumption,
    Claim,
    Comparable,
    Event,
    Figure,
    Kind,
    Placement,
    Project,
    Relation,
    Row,
    Stage,
    parse_period,
)

ROW = Row("test", Path("test.csv"), 2, {})


def claim(
    claim_id: str = "c",
    value: float = 100,
    *,
    section: str = "kazakhstan",
    qualifier: str = "exact",
    unit: str = "ngos",
    period: str = "2010",
    kind: str = "figure",
    indicator: str = "ngo_count",
    definition: str = "registered",
    scope: str = "ngos",
    quote: str = "a quote",
    value_text: str | None = None,
    now: tuple[int, int] = (2021, 2022),
) -> Claim:
    text = value_text if value_text is not None else repr(float(value)).removesuffix(".0")
    return Claim(
        ROW, claim_id, section, quote, float(value), text, qualifier, unit,
        parse_period(period), "stated", kind, indicator, definition, scope, "", "", now,
    )  # fmt: skip


def figure(
    figure_id: str = "f",
    value: float = 100,
    *,
    country: str = "kazakhstan",
    qualifier: str = "exact",
    unit: str = "ngos",
    period: str = "2010",
    indicator: str = "ngo_count",
    definition: str = "registered",
    scope: str = "ngos",
    source_id: str = "article",
) -> Figure:
    text = repr(float(value)).removesuffix(".0")
    return Figure(
        ROW, figure_id, country, indicator, definition, scope, parse_period(period),
        float(value), text, qualifier, unit, source_id, "a quote", "",
    )  # fmt: skip


def event(
    event_id: str = "e",
    year: int = 2010,
    *,
    country: str = "kazakhstan",
    name: str = "forum",
    ordinal: int | None = None,
    end_year: int | None = None,
    status: str = "held",
    assumption_id: str = "",
    label: str | None = None,
) -> Event:
    return Event(
        ROW, event_id, country, name, ordinal, label or f"the {name} {ordinal or ''}".strip(),
        year, end_year, None, None, status, "article", assumption_id, "a quote", "",
    )  # fmt: skip


def stage(country: str, n: int, start: int, claim_id: str = "", label: str = "") -> Stage:
    return Stage(ROW, country, n, start, "stated", claim_id, label)


def relation(relation_id: str, kind: str, *claim_ids: str, assumption_id: str = "") -> Relation:
    return Relation(
        ROW, relation_id, "kazakhstan", kind, claim_ids, "they say so", assumption_id, ""
    )


def placement(claim_id: str, country: str, n: int, words: str = "in this stage") -> Placement:
    return Placement(ROW, claim_id, country, n, words)


def assumption(assumption_id: str, status: str, premise: str = "specific") -> Assumption:
    return Assumption(ROW, assumption_id, premise, "Something holds.", status, (), "Because.")


def kind(dimension: str, name: str, definite: bool = True) -> Kind:
    return Kind(ROW, dimension, name, "yes" if definite else "no", "")


def comparable(
    dimension: str, narrower: str, broader: str, relation: str = "subset", assumption_id: str = ""
) -> Comparable:
    return Comparable(
        ROW, dimension, narrower, broader, relation, assumption_id or f"{narrower}-{broader}", ""
    )


def derived(
    derived_id: str,
    interval: Interval,
    point: float,
    *,
    claim_id: str = "",
    inputs: tuple[str, ...] = (),
    unit: str = "ngos",
    basis: str = "independent",
    test: str = "compare",
    section: str = "kazakhstan",
    indicator: str = "",
    definition: str = "",
    scope: str = "",
    period: str = "",
    assumptions: tuple[str, ...] = (),
    label: str = "a derived figure",
) -> Derived:
    return Derived(
        derived_id, section, label, "a / b", inputs, interval, point, unit, basis, claim_id,
        test, assumptions, indicator, definition, scope, parse_period(period) if period else None,
    )  # fmt: skip


def small(
    base: Project,
    claims=(),
    figures=(),
    events=(),
    stages=(),
    relations=(),
    placements=(),
    derived_figures=(),
    assumptions=(),
    kinds=None,
    comparability=None,
) -> Project:
    """A project holding only the records given, with the base's vocabulary and sources;
    its derived figures are the ones given (derive() knows only the article's)."""
    p = copy.copy(base)
    p.__dict__.pop("_derived", None)
    p.claims = {c.claim_id: c for c in claims}
    p.figures = {f.figure_id: f for f in figures}
    p.events = {e.event_id: e for e in events}
    p.stages = list(stages)
    p.relations = {r.relation_id: r for r in relations}
    p.placements = {pl.claim_id: pl for pl in placements}
    p.assumptions = {**base.assumptions, **{a.assumption_id: a for a in assumptions}}
    p.__dict__["_derived"] = list(derived_figures)
    if kinds is not None:
        p.kinds = {(k.dimension, k.kind): k for k in kinds}
    if comparability is not None:
        p.comparability = list(comparability)
    return p
