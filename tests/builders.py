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
)
from ngoclaims.claims.tables import parse_period

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
        row=ROW, claim_id=claim_id, section=section, quote=quote, value=float(value),
        value_text=text, qualifier=qualifier, unit=unit, period=parse_period(period),
        period_basis="stated", kind=kind, indicator=indicator, definition=definition,
        scope=scope, expected_verdict="", note="", now=now,
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
        row=ROW, figure_id=figure_id, country=country, indicator=indicator,
        definition=definition, scope=scope, period=parse_period(period), value=float(value),
        value_text=text, qualifier=qualifier, unit=unit, source_id=source_id, quote="a quote",
        note="",
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
        row=ROW, event_id=event_id, country=country, event=name, ordinal=ordinal,
        label=label or f"the {name} {ordinal or ''}".strip(), year=year, end_year=end_year,
        month=None, day=None, status=status, source_id="article", assumption_id=assumption_id,
        quote="a quote", note="",
    )  # fmt: skip


def stage(country: str, n: int, start: int, claim_id: str = "", label: str = "") -> Stage:
    return Stage(
        row=ROW, country=country, stage=n, start_year=start, start_basis="stated",
        claim_id=claim_id, label=label,
    )  # fmt: skip


def relation(relation_id: str, kind: str, *claim_ids: str, assumption_id: str = "") -> Relation:
    return Relation(
        row=ROW, relation_id=relation_id, section="kazakhstan", kind=kind, claims=claim_ids,
        quote="they say so", assumption_id=assumption_id, note="",
    )  # fmt: skip


def placement(claim_id: str, country: str, n: int, words: str = "in this stage") -> Placement:
    return Placement(row=ROW, claim_id=claim_id, country=country, stage=n, words=words)


def assumption(assumption_id: str, status: str, premise: str = "specific") -> Assumption:
    return Assumption(
        row=ROW, assumption_id=assumption_id, premise=premise, statement="Something holds.",
        status=status, evidence=(), reasoning="Because.",
    )  # fmt: skip


def kind(dimension: str, name: str, definite: bool = True) -> Kind:
    return Kind(
        row=ROW, dimension=dimension, kind=name, definite="yes" if definite else "no", meaning=""
    )


def comparable(
    dimension: str, narrower: str, broader: str, relation: str = "subset", assumption_id: str = ""
) -> Comparable:
    return Comparable(
        row=ROW, dimension=dimension, narrower=narrower, broader=broader, relation=relation,
        assumption_id=assumption_id or f"{narrower}-{broader}", note="",
    )  # fmt: skip


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
        derived_id=derived_id, section=section, label=label, formula="{a} / {b}",
        inputs=inputs, interval=interval, point=point, unit=unit, basis=basis,
        claim_id=claim_id, test=test, assumptions=assumptions, indicator=indicator,
        definition=definition, scope=scope, period=parse_period(period) if period else None,
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
