"""Every test a claim can be put to, each a Check: what it compared, whether the claim
passed, and the assumptions the comparison needs. verdicts.py weighs the checks.

A check is against an independent source (basis 'independent') or against the article's
own statements (basis 'article'). Its outcome is 'agree' (the evidence implies or reproduces
the claim), 'consistent' (it could have excluded the claim and did not) or 'disagree'. A
check that could not have failed (an unbounded bound) is not made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ngoclaims.claims import comparability as cmp
from ngoclaims.claims.derived import Derived
from ngoclaims.claims.intervals import INF, Interval, fmt, point, whole_ends
from ngoclaims.claims.registry import Claim, Event, Figure, Project, Stage, stage_start_years
from ngoclaims.claims.wording import (
    event_text,
    figure_text,
    ordinal_word,
    period_text,
    reading,
    say,
    stated_full,
    stated_text,
)

AGREE, CONSISTENT, DISAGREE = "agree", "consistent", "disagree"


@dataclass(frozen=True)
class Evidence:
    """One row a check rests on: which table, which row, and what it says."""

    ref: str  # figure_id, event_id, derived_id, claim_id, relation_id or 'country-stage'
    table: str  # figures | events | derived | claims | periods | relations | placements
    source_id: str  # key of sources.csv ('article' for the article, 'derived' when computed)
    period: str
    interval: Interval
    point: float | None
    definition: str
    unit: str
    text: str  # one line a reader can follow


@dataclass(frozen=True)
class Check:
    """One test of a claim: its rule, its outcome, the evidence and the assumptions it needs."""

    rule: str
    basis: str  # independent | article
    outcome: str  # agree | consistent | disagree
    evidence: tuple[Evidence, ...]
    assumptions: tuple[str, ...]  # keys of assumptions.csv
    sentence: str  # the check in plain English
    recomputed: Interval | None = None
    point: float | None = None  # the recomputed figure read as printed
    roles: tuple[tuple[str, str], ...] = ()  # (figure or event key, role) for the GX suite


# ------------------------------------------------------------------------------ evidence
def figure_evidence(project: Project, f: Figure) -> Evidence:
    """An independent figure as evidence: what its source states, for when."""
    return Evidence(
        f.figure_id,
        "figures",
        f.source_id,
        f.period.text,
        f.interval,
        f.value,
        f.definition,
        f.unit,
        figure_text(project, f),
    )


def event_evidence(project: Project, e: Event) -> Evidence:
    """A dated event as evidence: its date and whether it is reported as held."""
    span = f"{e.year}-{e.end_year}" if e.end_year else str(e.year)
    return Evidence(
        e.event_id,
        "events",
        e.source_id,
        span,
        Interval(e.year, e.end_year or e.year),
        float(e.year),
        "",
        "year",
        event_text(project, e),
    )


def derived_evidence(d: Derived) -> Evidence:
    """A derived figure as evidence: its reading and its worked formula."""
    return Evidence(
        d.derived_id,
        "derived",
        "derived",
        d.period.text if d.period else "",
        d.interval,
        d.point,
        d.definition,
        d.unit,
        f"{d.label}: {reading(d.point, d.interval, d.unit, scope=d.scope)} ({d.worked})",
    )


def claim_evidence(c: Claim) -> Evidence:
    """Another statement of the article as evidence."""
    return Evidence(
        c.claim_id,
        "claims",
        "article",
        c.period.text,
        c.interval,
        c.value,
        c.definition,
        c.unit,
        f"the article: {stated_full(c)}",
    )


def derive_all(project: Project) -> list[Derived]:
    """The derived figures of this project, computed once per loaded project. Kept on the
    project itself: a cache keyed on id() could hand a newly loaded project (the mutation
    sweep loads hundreds) the figures of a freed one that had the same id."""
    from ngoclaims.claims.derived import derive

    cached = project.__dict__.get("_derived")
    if cached is None:
        cached = project.__dict__["_derived"] = derive(project)
    return cached


# ------------------------------------------------------------------- comparing intervals
def two_sided(claim: Interval, claim_point: float, ev: Interval, ev_point: float | None) -> str:
    """The same quantity twice: agree when the evidence's interval lies in the claim's, or a
    bounded evidence interval and the claim hold each other's reading as printed; consistent
    when they only overlap (a one-sided 'more than 19,358' against 'about 20,000' confirms
    nothing); disagree when they do not overlap."""
    if not claim.overlaps(ev):
        return DISAGREE
    if ev.within(claim):
        return AGREE
    if ev.bounded and (
        ev_point is not None and claim.contains(ev_point) or ev.contains(claim_point)
    ):
        return AGREE
    return CONSISTENT


# A bound that falls an order of magnitude or more short of the claim tests nothing: a
# register of thousands says nothing of whether a count of a handful is right, nor a floor
# of a handful of a count of thousands. A bound that excludes the claim always tests it.
INFORMATIVE = 10


def lower_bound(claim: Interval, bound: Interval) -> str | None:
    """The claim is at least the bound: None when the bound has no lower end, or one so far
    below the claim that it cannot test it (measured from the claim's lower end, or from
    its upper end when it reaches down to nothing)."""
    if math.isinf(bound.lo):
        return None
    floor = Interval(bound.lo, INF, bound.lo_open)
    if not claim.overlaps(floor):
        return DISAGREE
    ref = claim.lo if claim.lo > 0 else claim.hi
    if ref > 0 and bound.lo <= ref / INFORMATIVE:
        return None
    return AGREE if floor.within(claim) else CONSISTENT


def upper_bound(claim: Interval, bound: Interval, least: float = 0.0) -> str | None:
    """The claim is at most the bound: None when the bound has no upper end, or one so far
    above the claim that it cannot test it. `least` is the least value the quantity can
    take: zero, as every figure compared here (a count, money, a share, a ratio) is never
    negative, so that a ceiling can imply 'fewer than 100'."""
    if math.isinf(bound.hi):
        return None
    ceiling = Interval(-INF, bound.hi, hi_open=bound.hi_open)
    if not claim.overlaps(ceiling):
        return DISAGREE
    ref = claim.hi if not math.isinf(claim.hi) else claim.lo
    if ref > 0 and bound.hi >= ref * INFORMATIVE:
        return None
    reach = ceiling.intersect(Interval(least, INF)) or ceiling
    return AGREE if reach.within(claim) else CONSISTENT


def _bound(side: str, c: Claim, ev: Interval) -> str | None:
    return (lower_bound if side == "lower" else upper_bound)(c.interval, ev)


# The bound on an evidence cell that keeps a check's outcome (claimsuite.bound's roles): for
# a count that bounds the claim from below or above, by outcome.
BOUND_ROLES = {
    "lower": {AGREE: "implies-from-below", CONSISTENT: "not-above", DISAGREE: "above"},
    "upper": {AGREE: "implies-from-above", CONSISTENT: "not-below", DISAGREE: "below"},
}


# A count of a narrower kind bounds the claim from below only, a broader one from above.
BOUND_WORDS = {
    "lower": {
        AGREE: "a narrower count, so it bounds the article's from below only, and the stated "
        "{s} follows from it",
        CONSISTENT: "a narrower count, so it bounds the article's from below only, and the "
        "stated {s} is not below it",
        DISAGREE: "a narrower count, so it bounds the article's from below only, and the stated "
        "{s} is below it",
    },
    "upper": {
        AGREE: "a broader count, so it bounds the article's from above only, and the stated "
        "{s} follows from it",
        CONSISTENT: "a broader count, so it bounds the article's from above only, and the "
        "stated {s} is not above it",
        DISAGREE: "a broader count, so it bounds the article's from above only, and the stated "
        "{s} is above it",
    },
}


def _same_role(outcome: str, claim: Interval, ev: Interval) -> str:
    """The role of a count of the same kind: it overlaps the claim, or lies wholly below or
    above it; 'at-or-' when the two touch at an end one of them leaves out."""
    if outcome != DISAGREE:
        return "overlap"
    if ev.hi < claim.lo:
        return "below"
    if ev.lo > claim.hi:
        return "above"
    return "at-or-below" if ev.hi <= claim.lo else "at-or-above"


# ------------------------------------------------------------- independent counts (figures)
def _candidates(project: Project, c: Claim) -> list[tuple[Evidence, tuple[str, str], str]]:
    """Every independent figure of the claim's country and indicator, with its kind and the
    key the GX suite can bound (figures only)."""
    out = []
    for f in project.figures.values():
        if f.country == c.section and f.indicator == c.indicator:
            out.append((figure_evidence(project, f), (f.definition, f.scope), f.figure_id))
    for d in derive_all(project):
        if d.section == c.section and d.indicator == c.indicator and d.basis == "independent":
            out.append((derived_evidence(d), (d.definition, d.scope), ""))
    return out


def _years(project: Project, ev: Evidence) -> tuple[int, int]:
    from ngoclaims.claims.tables import parse_period

    return project.span(parse_period(ev.period))


def figure_checks(project: Project, c: Claim) -> list[Check]:
    """A count or share against the independent figures that may bound it."""
    if c.kind not in ("figure", "share"):
        return []
    start, end = project.span(c.period)
    same, earlier, later = [], [], []
    for ev, kind, key in _candidates(project, c):
        rel = cmp.relate(project, (c.definition, c.scope), kind)
        if rel is None and not c.definition and not kind[0]:
            rel = (cmp.SAME, ())  # neither counts NGOs: the same indicator is the same thing
        if rel is None:
            continue
        fs, fe = _years(project, ev)
        # it ends before the claim's years (1), starts after them (2), or meets them (0)
        (same, earlier, later)[(fe < start) + 2 * (fs > end)].append((ev, rel, key))
    present = _present(project, c)
    out = [_same_period(c, ev, rel, key, present) for ev, rel, key in same]
    out += _across_years(project, c, earlier, "lower")
    out += _across_years(project, c, later, "upper")
    return [x for x in out if x is not None]


def _present(project: Project, c: Claim) -> tuple[str, ...]:
    """A claim about the article's present compares with dated evidence only through the
    premise that fixes that present."""
    if c.period.open_ended:
        return (project.premise("article-present").assumption_id,)
    return ()


def _same_period(c, ev, rel, key, present) -> Check | None:
    direction, assumptions = rel
    assumptions = assumptions + present
    claim = c.interval
    if direction == cmp.SAME:
        outcome = two_sided(claim, c.value, ev.interval, ev.point)
        verb = {
            AGREE: "which agrees with the stated {s}",
            CONSISTENT: "which overlaps the stated {s} without confirming it",
            DISAGREE: "which the stated {s} excludes",
        }[outcome]
        text = f"{ev.text}, {verb.format(s=stated_full(c))}."
        kind = "same"
        if outcome == AGREE and ev.point is not None and not claim.contains(ev.point):
            text = f"{ev.text}; the stated {stated_full(c)} lies within it."
    else:
        kind = "lower" if direction == cmp.NARROWER else "upper"
        outcome = _bound(kind, c, ev.interval)
        if outcome is None:
            return None
        text = f"{ev.text}: {BOUND_WORDS[kind][outcome].format(s=stated_full(c))}."
    role = _same_role(outcome, claim, ev.interval) if kind == "same" else BOUND_ROLES[kind][outcome]
    roles = ((key, role),) if key else ()
    return Check(
        "same-period" if kind == "same" else f"{kind}-bound",
        "independent",
        outcome,
        (ev,),
        tuple(dict.fromkeys(assumptions)),
        text,
        ev.interval,
        ev.point,
        roles,
    )


def _across_years(project: Project, c: Claim, items: list, side: str) -> list[Check]:
    """A count of another year bounds the claim only if the count did not fall in between:
    an earlier one of the same or a narrower kind from below, a later one of the same or a
    broader kind from above. Every count that gives a bound is a check, nearest year first."""
    usable = cmp.SAME, (cmp.NARROWER if side == "lower" else cmp.BROADER)
    found = []
    for ev, (direction, assumptions), key in items:
        outcome = _bound(side, c, ev.interval) if direction in usable else None
        if outcome is not None:
            fs, fe = _years(project, ev)
            found.append(((-fe) if side == "lower" else fs, ev, assumptions, key, outcome))
    found.sort(key=lambda x: x[0])
    return [_across_year_check(project, c, side, *x[1:]) for x in found]


def _across_year_check(project, c, side, ev, assumptions, key, outcome) -> Check:
    start, end = project.span(c.period)
    fs, fe = _years(project, ev)
    years = (fe, start) if side == "lower" else (end, fs)
    if c.period.is_now:
        years = (fe, "the article's present") if side == "lower" else ("the article's present", fs)
    no_fall = project.premise("no-fall").assumption_id
    bound = say(ev.interval, ev.unit)
    word = "at least" if side == "lower" else "at most"
    verdict_word = {AGREE: "which implies", CONSISTENT: "which allows", DISAGREE: "which excludes"}
    text = (
        f"{ev.text}. If the count did not fall from {years[0]} to {years[1]}, the article's was "
        f"{word} that ({bound}), {verdict_word[outcome]} the stated {stated_full(c)}."
    )
    roles = ((key, BOUND_ROLES[side][outcome]),) if key else ()
    return Check(
        f"{side}-bound-other-year",
        "independent",
        outcome,
        (ev,),
        tuple(dict.fromkeys(assumptions + (no_fall,) + _present(project, c))),
        text,
        ev.interval,
        ev.point,
        roles,
    )


# ------------------------------------------------------------------------ derived figures
def derived_checks(project: Project, c: Claim) -> list[Check]:
    """Figures derived to test this claim; and, for a claim that feeds a figure which tests
    another claim, that test seen from this side (it can only show the two consistent)."""
    out = []
    for d in derive_all(project):
        if d.claim_id == c.claim_id:
            out.append(_derived_check(c, d))
        elif d.claim_id and c.claim_id in d.inputs and d.basis == "article":
            target = project.claims[d.claim_id]
            check = _derived_check(target, d)
            outcome = DISAGREE if check.outcome == DISAGREE else CONSISTENT
            out.append(
                Check(
                    "feeds-recomputed",
                    "article",
                    outcome,
                    check.evidence + (claim_evidence(target),),
                    check.assumptions,
                    f"It feeds {d.label}, {reading(d.point, d.interval, d.unit)}, which "
                    f"{'contradicts' if outcome == DISAGREE else 'agrees with'} the article's "
                    f"{stated_full(target)}.",
                    d.interval,
                    d.point,
                )
            )
    return out


def _whole_words(iv: Interval) -> tuple[str, str]:
    """Whether a figure that must count whole things can: the whole numbers its bounds hold."""
    ends = whole_ends(iv)
    if ends is None:
        return DISAGREE, "not a whole number of them"
    a, b = (f"{x:,.0f}" for x in ends)
    return AGREE, f"a whole number of them, {a}" if a == b else f"whole numbers of them, {a} to {b}"


def _derived_check(c: Claim, d: Derived) -> Check:
    basis = "article" if d.basis == "article" else "independent"
    text_value = reading(d.point, d.interval, d.unit)
    if d.test == "whole":
        outcome, what = _whole_words(d.interval)
        sentence = f"{d.label[0].upper()}{d.label[1:]} is {text_value}: {what}."
    else:
        outcome = two_sided(c.interval, c.value, d.interval, d.point)
        verb = {AGREE: "agrees with", CONSISTENT: "overlaps", DISAGREE: "excludes"}[outcome]
        frm = "the article's own figures" if basis == "article" else "the sources"
        sentence = (
            f"From {frm}, the {d.label} is {text_value}, which {verb} the stated {stated_full(c)}."
        )
    return Check(
        "recomputed" if d.test == "compare" else "whole-number",
        basis,
        outcome,
        (derived_evidence(d),),
        d.assumptions,
        sentence,
        d.interval,
        d.point,
    )


# ---------------------------------------------------------------------------------- events
def _event_key(e: Event) -> str:
    return f"{e.event}.{e.ordinal}" if e.ordinal is not None else e.event


def _dated(c: Claim, e: Event, span: Interval, text: str) -> tuple[str, str]:
    """An event's years against a date claim. A span of years the article states (a
    programme 'in 2003-2005') must be the event's span, or at least begin with its single
    year; a decade or an approximate year holds the event's (first) year."""
    lo, hi = int(c.interval.lo), int(c.interval.hi)
    if c.unit == "year" and c.qualifier == "exact" and lo != hi:
        if e.end_year and span != c.interval:
            return DISAGREE, f"{text}: {e.year}–{e.end_year}, not {lo}–{hi} as the article has it."
        if not e.end_year and e.year != lo and c.interval.contains(e.year):
            return CONSISTENT, (
                f"{text}: one year within the article's {lo}–{hi}, which neither confirms nor "
                "excludes the span."
            )
    if c.interval.contains(e.year):
        return AGREE, f"{text}, in the years the article gives."
    return DISAGREE, f"{text}, not in {say(c.interval, 'year')} as the article has it."


def _event_role(outcome: str, e: Event, claim: Interval) -> str | None:
    """The bound on the event's year that keeps the outcome; none when the year lies in the
    claim's span and only the end year disagrees."""
    if outcome != DISAGREE:
        return "overlap"
    if e.year < claim.lo:
        return "below"
    return "above" if e.year > claim.hi else None


def event_checks(project: Project, c: Claim) -> list[Check]:
    """A date against the dated events it names."""
    if c.kind != "date" or c.section == "region":
        return []
    out = []
    for e in project.events.values():
        if e.country != c.section or _event_key(e) != c.indicator:
            continue
        assumptions = () if e.happened else (project.premise("held-as-announced").assumption_id,)
        if e.assumption_id:
            assumptions += (e.assumption_id,)
        span = Interval(e.year, e.end_year or e.year)
        outcome, sentence = _dated(c, e, span, event_text(project, e))
        role = _event_role(outcome, e, c.interval)
        out.append(
            Check(
                "dated-event",
                "independent",
                outcome,
                (event_evidence(project, e),),
                assumptions,
                sentence,
                span,
                None if e.end_year else float(e.year),
                ((e.event_id, role),) if role else (),
            )
        )
    return out + _series_checks(project, c)


def _series_checks(project: Project, c: Claim) -> list[Check]:
    """The n-th of a numbered series: between the neighbours reported held, and at the
    series' stated rhythm."""
    base, _, n = c.indicator.rpartition(".")
    if not n.isdigit():
        return []
    n = int(n)
    held = [
        e
        for e in project.events.values()
        if e.country == c.section and e.event == base and e.ordinal and e.happened
    ]
    before = max((e for e in held if e.ordinal < n), key=lambda e: e.ordinal, default=None)
    after = min((e for e in held if e.ordinal > n), key=lambda e: e.ordinal, default=None)
    out = []
    if before and after:
        span = Interval(before.year, after.year)
        outcome = CONSISTENT if c.interval.overlaps(span) else DISAGREE
        out.append(
            Check(
                "between-events",
                "independent",
                outcome,
                (event_evidence(project, before), event_evidence(project, after)),
                (),
                f"It {'lies' if outcome == CONSISTENT else 'does not lie'} between {before.label} "
                f"({before.year}) and {after.label} ({after.year}), both reported held.",
                span,
                None,
                ((before.event_id, "not-above"), (after.event_id, "not-below")),
            )
        )
    rhythm = _rhythm_check(project, c, base, n)
    return out + ([rhythm] if rhythm else [])


def _rhythm_check(project: Project, c: Claim, base: str, n: int) -> Check | None:
    step = next((f for f in project.figures.values() if f.indicator == f"{base}_interval"), None)
    first = next(
        (e for e in project.events.values() if e.event == base and e.ordinal == 1 and e.happened),
        None,
    )
    if step is None or first is None:
        return None
    expected = first.year + int(step.value) * (n - 1)
    outcome = AGREE if c.interval.contains(expected) else DISAGREE
    return Check(
        "rhythm",
        "independent",
        outcome,
        (figure_evidence(project, step), event_evidence(project, first)),
        (project.premise("series-rhythm").assumption_id,),
        f"At the rhythm of once in {fmt(step.value)} years from {first.label} in {first.year}, "
        f"the {ordinal_word(n)} would fall in {expected}.",
        point(expected),
        float(expected),
    )


# ------------------------------------------------------------------- the article's own words
def enumeration_checks(project: Project, c: Claim) -> list[Check]:
    """An enumeration (how many periods, stages, forums) against the article's own list."""
    if c.kind != "enumeration":
        return []
    if c.indicator == "periodisation":
        region = stages_of(project, "region")
        n = len(region)
        ev = tuple(_stage_evidence(s) for s in region)
        starts = ", ".join(str(s.start_year) for s in region)
        outcome = AGREE if c.interval.contains(n) else DISAGREE
        return [
            Check(
                "count-listed",
                "article",
                outcome,
                ev,
                (),
                f"The article goes on to name {n} periods, starting {starts}.",
                point(n),
                float(n),
            )
        ]
    dated = sorted(
        (
            o
            for o in project.claims.values()
            if o.section == c.section
            and o.kind == "date"
            and o.claim_id != c.claim_id
            and o.indicator.startswith(c.indicator + ".")
        ),
        key=lambda o: o.value,
    )
    if not dated:
        return []
    if c.unit == "ordinal":  # the n-th event: count the dated ones up to its year
        last = project.span(c.period)[1]
        upto = [o for o in dated if o.value <= last]
        what = f"dated up to {last}"
    else:  # a total: count what the same sentence lists
        upto = [o for o in dated if o.quote == c.quote]
        what = "listed in the same sentence"
    n = len({o.value for o in upto})
    years = ", ".join(f"{o.value:.0f}" for o in upto)
    return [
        Check(
            "count-dated",
            "article",
            AGREE if c.interval.contains(n) else DISAGREE,
            tuple(claim_evidence(o) for o in upto),
            (),
            f"The article gives {n} of them {what}: {years}.",
            point(n),
            float(n),
        )
    ]


def stages_of(project: Project, country: str) -> list[Stage]:
    """A country's stages in the article's order."""
    return sorted((s for s in project.stages if s.country == country), key=lambda s: s.stage)


def _stage_evidence(s: Stage) -> Evidence:
    who = "the region" if s.country == "region" else s.country.title()
    return Evidence(
        f"{s.country}-{s.stage}",
        "periods",
        "article",
        str(s.start_year),
        point(s.start_year),
        float(s.start_year),
        "",
        "year",
        f"{who}'s {ordinal_word(s.stage)} {'period' if s.country == 'region' else 'stage'} from {s.start_year}",
    )


def scheme_checks(project: Project, c: Claim) -> list[Check]:
    """Stages against the scheme of periods the article announces for the region."""
    if c.indicator not in ("stage", "stage_start"):
        return []
    region = stages_of(project, "region")
    announced = next(o for o in project.claims.values() if o.indicator == "periodisation")
    if c.section == "region":
        return _period_checks(project, c, region, announced)
    out = []
    # stages told before the region's scheme begins shift the numbering, they do not break it
    own = stages_of(project, c.section)
    before = [s for s in own if stage_start_years(s, project.claims)[1] < region[0].start_year]
    within = int(c.value) - len(before)
    if c.indicator == "stage" and within > announced.value:
        out.append(
            Check(
                "stages-exceed-periods",
                "article",
                DISAGREE,
                tuple(_stage_evidence(s) for s in region + own),
                (),
                f"The article announces {fmt(announced.value)} periods for the region from "
                f"{region[0].start_year}, but this is the {ordinal_word(within)} stage of "
                f"{c.section.title()} since then.",
                point(within),
                float(within),
            )
        )
    aligned = _alignment(project, c, region, len(before))
    return out + ([aligned] if aligned else [])


def _period_checks(project: Project, c: Claim, region: list[Stage], announced: Claim):
    """A period of the region's scheme against its neighbours as the article words them:
    it starts where the one before ends and ends where the one after starts."""
    n = int(c.value)
    out = []
    for other, mine, theirs, side in (
        (n - 1, c.period.start, "end", "starts where the one before ends"),
        (n + 1, c.period.end, "start", "ends where the one after starts"),
    ):
        s = next((r for r in region if r.stage == other), None)
        neighbour = project.claims[s.claim_id] if s else None
        at = getattr(neighbour.period, theirs) if neighbour else None
        if mine is None or at is None:
            continue
        fits = mine == at
        out.append(
            Check(
                "in-scheme",
                "article",
                CONSISTENT if fits else DISAGREE,
                (claim_evidence(neighbour),),
                (),
                f"It {side} ({mine})." if fits else f"It does not: {mine} against {at}.",
            )
        )
    if n > announced.value:
        out.append(
            Check(
                "in-scheme",
                "article",
                DISAGREE,
                (claim_evidence(announced),),
                (),
                f"The article announces {fmt(announced.value)} periods, not {n}.",
            )
        )
    return out


def _alignment(project: Project, c: Claim, region: list[Stage], shift: int) -> Check | None:
    """A country's stage starts where one of the region's periods starts (for a numbered
    stage, the period of its number less the stages told before the scheme begins)."""
    if c.indicator == "stage":
        own = next((s for s in project.stages if s.claim_id == c.claim_id), None)
        if own is None:
            return None
        first, last = stage_start_years(own, project.claims)
    else:
        first, last = int(c.interval.lo), int(c.interval.hi)
    if last < region[0].start_year:
        return None  # before the scheme begins: nothing to align with
    wanted = [r for r in region if c.indicator != "stage" or r.stage == int(c.value) - shift]
    match = next((r for r in wanted if first <= r.start_year <= last), None)
    start = str(first) if first == last else f"{first}–{last}"
    shifted = (
        f"; it is numbered {ordinal_word(int(c.value))} because the article tells "
        f"{'a stage' if shift == 1 else 'stages'} before independence"
        if match and c.indicator == "stage" and shift
        else ""
    )
    text = (
        f"It starts in {start}, where the region's {ordinal_word(match.stage)} period starts "
        f"({match.start_year}){shifted}."
        if match
        else f"It starts in {start}, where the region's period of the same place in the scheme does not."
    )
    return Check(
        "stage-aligned",
        "article",
        CONSISTENT if match else DISAGREE,
        tuple(_stage_evidence(s) for s in region),
        (),
        text,
        point(match.start_year) if match else None,
        float(match.start_year) if match else None,
    )


def stage_span(project: Project, country: str, stage: int) -> Interval:
    """The widest years a stage can cover: from its start to the latest start of the next."""
    own = stages_of(project, country)
    this = next(s for s in own if s.stage == stage)
    nxt = next((s for s in own if s.stage == stage + 1), None)
    first = stage_start_years(this, project.claims)[0]
    last = stage_start_years(nxt, project.claims)[1] if nxt else project.now[1]
    return Interval(first, last)


def _stage_end_text(project: Project, pl) -> str:
    """'1991–2000', or '2000 until a year in 2010–2019' when the next stage's start is a span."""
    own = stages_of(project, pl.country)
    this = next(s for s in own if s.stage == pl.stage)
    nxt = next((s for s in own if s.stage == pl.stage + 1), None)
    first = stage_start_years(this, project.claims)[0]
    if nxt is None:
        return f"{first} on"
    a, b = stage_start_years(nxt, project.claims)
    return f"{first}–{a}" if a == b else f"{first} until a year in {a}–{b}"


def placement_checks(project: Project, c: Claim) -> list[Check]:
    """A claim against the stage the article places it in."""
    pl = project.placements.get(c.claim_id)
    if pl is None:
        return []
    span, until = stage_span(project, pl.country, pl.stage), _stage_end_text(project, pl)
    inside = c.interval.intersect(span)
    years = c.interval.hi - c.interval.lo + 1
    fits = inside is not None and 2 * (inside.hi - inside.lo + 1) > years  # most of its years
    verb = (
        "falls in" if c.interval.within(span) else ("mostly falls in" if fits else "falls outside")
    )
    when = say(c.interval, "year")
    stage = f"{pl.country.title()}'s {ordinal_word(pl.stage)} stage ({until})"
    return [
        Check(
            "in-stage",
            "article",
            CONSISTENT if fits else DISAGREE,
            (
                Evidence(
                    f"{pl.country}-{pl.stage}",
                    "placements",
                    "article",
                    say(span, "year"),
                    span,
                    None,
                    "",
                    "year",
                    f"the article tells it in {stage}: “{pl.words}”",
                ),
            ),
            (),
            f"The article tells it within {stage}, and {when} {verb} that stage.",
            span,
        )
    ]


def relation_checks(project: Project, c: Claim) -> list[Check]:
    """A claim against the article's words that relate it to others (data/relations.csv)."""
    out = []
    for rel in project.relations.values():
        if c.claim_id not in rel.claims:
            continue
        members = [project.claims[cid] for cid in rel.claims]
        outcome = _relation_outcome(rel.kind, members, c)
        assumptions = (rel.assumption_id,) if rel.assumption_id else ()
        figures = ", ".join(f"{stated_text(m)} ({period_text(m.period.text)})" for m in members)
        says = {
            "rising": "the number rose",
            "not-rising": "there was no steady growth",
            "ordered": "the first lies below the second",
            "parts-of-whole": "these are parts of one whole",
        }[rel.kind]
        holds = "holds" if outcome == CONSISTENT else "fails"
        out.append(
            Check(
                rel.kind,
                "article",
                outcome,
                tuple(claim_evidence(m) for m in members if m.claim_id != c.claim_id),
                assumptions,
                f"The article says “{rel.quote}”: read as {says}, it {holds} for {figures}.",
            )
        )
    return out


def _relation_outcome(kind: str, members: list[Claim], c: Claim) -> str:
    if kind == "parts-of-whole":
        total = sum(m.interval.lo for m in members)
        return CONSISTENT if total <= 100 else DISAGREE
    i = members.index(c)
    pairs = [(members[j], members[j + 1]) for j in (i - 1, i) if 0 <= j < len(members) - 1]
    for a, b in pairs:
        if kind == "rising" and b.interval.hi < a.interval.lo:
            return DISAGREE
        if kind == "not-rising" and b.interval.lo > a.interval.hi:
            return DISAGREE
        if kind == "ordered" and a.interval.hi > b.interval.lo:
            return DISAGREE  # the first must lie wholly below the second
    return CONSISTENT


CHECKERS = (
    figure_checks,
    derived_checks,
    event_checks,
    enumeration_checks,
    scheme_checks,
    placement_checks,
    relation_checks,
)


def all_checks(project: Project, c: Claim) -> list[Check]:
    """Every check of a claim, from every checker in turn."""
    return [check for checker in CHECKERS for check in checker(project, c)]
