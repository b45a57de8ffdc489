"""The verdict of every claim, computed from its checks (checks.py): which evidence
decided it, the assumptions it rests on, the recomputed figure and the reasoning in words.

Two kinds of claim are decided before any check: a printed figure that cannot be right as
printed (probable-erratum) and a change without its base (underspecified). Every other
verdict weighs the checks. A check is firm when every assumption it needs is supported,
conditional when one is untested, and set aside when one is refuted. Then, in order:

  1. firm checks against a source that agree or disagree: corroborated, contradicted,
     or mixed when they point both ways;
  2. a firm check against the article's own statements that fails: inconsistent;
  3. a figure recomputed from the article's own figures that agrees: reproduced;
  4. conditional checks that agree or disagree: conditional, doubtful, or mixed;
  5. firm checks the claim passes without being confirmed: consistent;
  6. such checks that are conditional: conditional;
  7. nothing: article-only, with what was tried.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ngoclaims.claims import numbers
from ngoclaims.claims.checks import (
    AGREE,
    CONSISTENT,
    DISAGREE,
    Check,
    Evidence,
    all_checks,
    claim_evidence,
    derive_all,
    derived_evidence,
)
from ngoclaims.claims.intervals import Interval, fmt, from_qualifier, point
from ngoclaims.claims.registry import Claim, Project
from ngoclaims.claims.wording import reading, say, say_point, stated_full


@dataclass(frozen=True)
class Finding:
    """A claim's verdict with the rule that gave it, the reasoning and the checks behind it."""

    claim_id: str
    verdict: str
    rule: str
    stated: Interval
    recomputed: Interval | None
    evidence: tuple[Evidence, ...]
    reasoning: str
    expected: str
    reading: float | None = (
        None  # the recomputed figure read as printed (erratum: the likely value)
    )
    assumptions: tuple[str, ...] = ()  # what the verdict rests on (keys of assumptions.csv)
    checks: tuple[Check, ...] = ()  # every check made
    set_aside: tuple[Check, ...] = ()  # checks that needed a refuted assumption

    @property
    def matches_expected(self) -> bool:
        """Whether the computed verdict is the one the registry expects."""
        return self.verdict == self.expected


def _finding(c: Claim, verdict: str, rule: str, reasoning: str, **kw) -> Finding:
    return Finding(
        c.claim_id,
        verdict,
        rule,
        c.interval,
        kw.pop("recomputed", None),
        tuple(kw.pop("evidence", ())),
        reasoning,
        c.expected_verdict,
        **kw,
    )


# ------------------------------------------------------------------------- special cases
def rule_erratum(project: Project, c: Claim) -> Finding | None:
    """'50,000 thousand': a number already written in thousands, multiplied by a thousand."""
    for t in numbers.tokens(c.quote):
        if not (t.double_scale and c.value in t.values):
            continue
        scale = t.values[0] / numbers._to_float(t.text.split()[0])
        likely = c.value / scale
        siblings = [
            o
            for o in project.claims.values()
            if o.section == c.section
            and o.unit == c.unit
            and o.claim_id != c.claim_id
            and o.indicator.rsplit("_", 1)[0] == c.indicator.rsplit("_", 1)[0]
        ]
        ratio = ""
        if siblings:
            base = siblings[0].value
            ratio = (
                f" That is {fmt(c.value / base, 0)} times the neighbouring band's {fmt(base, 0)}; "
                f"read as {likely:,.0f} it is {fmt(likely / base, 0)} times."
            )
        # the likely figure keeps the article's qualifier: 'more than 50,000 thousand' is
        # likely 'more than 50,000'
        likely_reading = (
            point(likely)
            if c.qualifier == "exact"
            else from_qualifier(f"{likely:.15g}", c.qualifier, c.unit)
        )
        return _finding(
            c,
            "probable-erratum",
            "erratum",
            evidence=[claim_evidence(o) for o in siblings],
            recomputed=likely_reading,
            reasoning=f"'{t.text}' multiplies a number already written in thousands by a "
            f"thousand: as printed it is {say_point(c.value, c.unit)}.{ratio} "
            f"Likely reading: {say(likely_reading, c.unit)}.",
            reading=likely,
            assumptions=(project.premise("double-scale").assumption_id,),
        )
    return None


def rule_underspecified(project: Project, c: Claim) -> Finding | None:
    """A growth factor with no year it is measured from."""
    if not (c.kind == "change" and c.period.start is None):
        return None
    ds = [d for d in derive_all(project) if c.claim_id in d.inputs]
    rates = [d for d in ds if d.unit == "percent"]
    spread = ""
    if rates:
        lo, hi = rates[0], rates[-1]
        spread = (
            f" The same factor is {reading(lo.point, lo.interval, 'percent')} a year from "
            f"{lo.label.split()[-1]}, but {reading(hi.point, hi.interval, 'percent')} a "
            f"year from {hi.label.split()[-1]}."
        )
    base = next((d for d in ds if d.unit != "percent"), None)
    if base is not None:
        spread += (
            f" If the grants are the state social order, the base was "
            f"{reading(base.point, base.interval, base.unit)}; no source gives the year it was reached."
        )
    return _finding(
        c,
        "underspecified",
        "no-base-year",
        evidence=[derived_evidence(d) for d in ds],
        reasoning=f"A change of {c.value_text} times up to {c.period.end} with no year it is "
        f"measured from.{spread}",
        assumptions=tuple(dict.fromkeys(a for d in ds for a in d.assumptions)),
    )


# ------------------------------------------------------------------------------ weighing
def firmness(project: Project, check: Check) -> str:
    """'firm', 'conditional' (an untested assumption) or 'void' (a refuted one)."""
    statuses = {project.assumptions[a].status for a in check.assumptions}
    if "refuted" in statuses:
        return "void"
    return "conditional" if "untested" in statuses else "firm"


Step = tuple[Callable[[Check, str], bool], dict[frozenset, str]]
DECISIVE = {
    frozenset({AGREE}): "corroborated",
    frozenset({DISAGREE}): "contradicted",
    frozenset({AGREE, DISAGREE}): "mixed",
}
GRADED = {
    frozenset({AGREE}): "conditional",
    frozenset({DISAGREE}): "doubtful",
    frozenset({AGREE, DISAGREE}): "mixed",
}
STEPS: tuple[Step, ...] = (
    (lambda x, f: f == "firm" and x.basis == "independent" and x.outcome != CONSISTENT, DECISIVE),
    (
        lambda x, f: f == "firm" and x.basis == "article" and x.outcome == DISAGREE,
        {frozenset({DISAGREE}): "inconsistent"},
    ),
    (
        lambda x, f: f == "firm" and x.basis == "article" and x.outcome == AGREE,
        {frozenset({AGREE}): "reproduced"},
    ),
    (lambda x, f: f == "conditional" and x.outcome != CONSISTENT, GRADED),
    (lambda x, f: f == "firm", {frozenset({CONSISTENT}): "consistent"}),
    (lambda x, f: f == "conditional", {frozenset({CONSISTENT}): "conditional"}),
)


def _sharpest(deciding: list[Check]) -> tuple[list[Check], list[Check]]:
    """When an agreeing and a disagreeing check read the same figure, one the looser reading
    of the other (its interval holds the other's), the sharper reading decides: 'about 4.5'
    allows what '4.5' excludes, but both say 4.5. Returns (kept, looser readings dropped)."""
    agree = [x for x in deciding if x.outcome == AGREE]
    disagree = [x for x in deciding if x.outcome == DISAGREE]

    def nested(inner: Check, outer: Check) -> bool:
        units = {e.unit for e in inner.evidence} & {e.unit for e in outer.evidence}
        return (
            bool(units)
            and None not in (inner.recomputed, outer.recomputed)
            and (inner.recomputed.within(outer.recomputed) and inner.recomputed != outer.recomputed)
        )

    looser = [a for a in agree if any(nested(d, a) for d in disagree)]
    looser += [d for d in disagree if any(nested(a, d) for a in agree)]
    return [x for x in deciding if x not in looser], looser


def decide(project: Project, c: Claim, checks: list[Check]) -> Finding:
    graded = [(x, firmness(project, x)) for x in checks]
    set_aside = tuple(x for x, f in graded if f == "void")
    for wanted, verdicts in STEPS:
        deciding = [x for x, f in graded if wanted(x, f)]
        if deciding:
            deciding, looser = _sharpest(deciding)
            verdict = verdicts[frozenset(x.outcome for x in deciding)]
            return _decided(project, c, verdict, deciding, checks, set_aside, looser)
    return _finding(
        c,
        "article-only",
        "nothing-to-test",
        reasoning=" ".join(tried(project, c, set_aside)),
        checks=tuple(checks),
        set_aside=set_aside,
    )


# Checks whose figure is a recomputation of the claim (or the evidence it is compared with);
# a stage's span or a relation's other figure is not.
RECOMPUTING = {
    "same-period",
    "lower-bound",
    "upper-bound",
    "lower-bound-other-year",
    "upper-bound-other-year",
    "dated-event",
    "recomputed",
    "count-listed",
    "count-dated",
    "stage-aligned",
    "stages-exceed-periods",
}


def _shown(c: Claim, deciding: list[Check]) -> Check | None:
    """The deciding check whose figure the claim's 'recomputed' column shows: one in the
    claim's unit, the tightest first."""
    same_unit = [
        x
        for x in deciding
        if x.rule in RECOMPUTING
        and x.recomputed is not None
        and (
            x.rule in ("stage-aligned", "stages-exceed-periods", "count-listed", "count-dated")
            or bool(x.evidence)
            and x.evidence[0].unit in (c.unit, "year" if c.unit == "decade" else c.unit)
        )
    ]

    def tightness(x: Check) -> tuple:
        """Two-sided comparisons first, then bounded intervals (the narrowest first), then
        one-sided bounds (the nearest the claim first)."""
        iv = x.recomputed
        two_sided = x.rule in ("same-period", "recomputed", "dated-event")
        end = iv.lo if not math.isinf(iv.lo) else iv.hi
        size = iv.hi - iv.lo if iv.bounded else abs(c.value - end)
        return (not two_sided, not iv.bounded, size)

    return min(same_unit, key=tightness, default=None)


def _decided(project, c, verdict, deciding, checks, set_aside, looser=()) -> Finding:
    first = _shown(c, deciding)
    assumptions = tuple(dict.fromkeys(a for x in deciding for a in x.assumptions))
    untested = [
        project.assumptions[a] for a in assumptions if project.assumptions[a].status == "untested"
    ]
    reasoning = " ".join(_sentences(deciding))
    for x in looser:
        reasoning += f" A looser reading of the same figure does not decide it: {x.sentence}"
    others = [
        x.evidence[0].text
        for x in checks
        if x.basis == "independent" and x not in deciding and x not in looser and x not in set_aside
    ]
    if others:
        reasoning += (
            " Also compared, without deciding it: " + "; ".join(dict.fromkeys(others)) + "."
        )
    if untested:
        reasoning += (
            " This holds only if "
            + "; and if ".join(_lower_first(a.statement.removesuffix(".")) for a in untested)
            + ", which no source tests."
        )
    return _finding(
        c,
        verdict,
        (first or deciding[0]).rule,
        evidence=[e for x in deciding for e in x.evidence],
        recomputed=first.recomputed if first else None,
        reasoning=reasoning,
        reading=first.point if first else None,
        assumptions=assumptions,
        checks=tuple(checks),
        set_aside=set_aside,
    )


def _sentences(deciding: list[Check]) -> list[str]:
    """One sentence per kind of check; further checks of the same kind and outcome are
    named after it rather than spelt out again."""
    groups: dict[tuple[str, str], list[Check]] = {}
    for i, x in enumerate(deciding):
        key = (x.rule, x.outcome) if x.basis == "independent" else (str(i), x.outcome)
        groups.setdefault(key, []).append(x)
    out = []
    for checks in groups.values():
        out.append(checks[0].sentence)
        if len(checks) > 1 and all(len(x.evidence) == 1 for x in checks[1:]):
            rest = "; ".join(x.evidence[0].text for x in checks[1:])
            out.append(f"On the same terms the same holds where {rest}.")
        else:
            out += [x.sentence for x in checks[1:]]
    return out


def _lower_first(text: str) -> str:
    """'A count did not fall' -> 'a count did not fall'; 'ICNL's', 'NGOs that' stay."""
    word = re.sub(r"'?s$", "", text.split()[0])
    if len(word) > 1 and word.isupper():
        return text
    return text[:1].lower() + text[1:]


def tried(project: Project, c: Claim, set_aside: tuple[Check, ...] = ()) -> list[str]:
    """What was tried for a claim nothing could test, computed from the data: the sources
    of its kind, the statements of the article that could bear on it, the figures it feeds."""
    out = []
    same = [
        f for f in project.figures.values() if f.country == c.section and f.indicator == c.indicator
    ]
    if same:
        out.append(
            f"Sources give figures of this kind ({', '.join(f.figure_id for f in same)}), "
            "but none of a comparable count and period bounds it."
        )
    else:
        place = "the region" if c.section == "region" else c.section.title()
        out.append(f"No source gives a figure of this kind for {place}.")
    if c.indicator == "stage":
        out.append(
            "Its stage begins before the first of the region's periods, so the scheme cannot test it."
        )
    elif c.kind == "date":
        out.append("No source dates it, and the article does not tell it within a stage.")
    else:
        out.append("No other statement of the article bears on it.")
    feeds = [d for d in derive_all(project) if c.claim_id in d.inputs]
    if feeds:
        names = "; ".join(d.label for d in feeds)
        out.append(f"It feeds {names}, which nothing compares with evidence.")
    else:
        out.append("No derived figure uses it.")
    for x in set_aside:
        out.append(f"Set aside, as it needs a refuted assumption: {x.sentence}")
    return out


def judge(project: Project, c: Claim) -> Finding:
    """The verdict of one claim: the special rules first, then the checks weighed in order."""
    special = rule_erratum(project, c) or rule_underspecified(project, c)
    if special is not None:
        return special
    return decide(project, c, all_checks(project, c))


def judge_all(project: Project) -> list[Finding]:
    """The verdict of every claim, in the registry's order."""
    return [judge(project, c) for c in project.claims.values()]


__all__ = [
    "Finding",
    "judge",
    "judge_all",
    "derive_all",
    "say",
    "stated_full",
    "tried",
    "firmness",
]
