"""The verdict of every claim, computed from the data: which rule decided it, the
evidence it used, the recomputed figure and the reasoning in words.

Rules are tried in order; the first that decides wins:
  1. probable-erratum  a printed figure that cannot be right as printed
  2. underspecified    a change without its base year
  3. periodisation     a country's stage beyond the periods the article announces
  4. enumeration       a count or ordinal checked against what the article lists or dates
  5. derived           a figure recomputed from the article's other figures
  6. events            a date against independently dated events
  7. figures           a figure against independent figures of the same definition,
                       the same period first, then the bracket of earlier and later counts
  8. article-only      nothing beyond the article bears on it
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ngoclaims import numbers
from ngoclaims.derived import Derived, derive
from ngoclaims.intervals import INF, Interval, fmt, point
from ngoclaims.registry import Claim, Event, Figure, Project

# Counts that only grow: a registered total does not fall from one year to the next.
MONOTONE_INDICATORS = {("ngo_count", "registered")}
# Each definition is contained in the ones after it.
NESTING = {
    "active": ("operating", "registered"),
    "reporting": ("operating", "registered"),
    "operating": ("registered",),
}


@dataclass(frozen=True)
class Evidence:
    ref: str  # figure_id, event_id, derived_id or claim_id
    table: str  # figures | events | derived | claims | periods
    source_id: str  # key of sources.csv ('article' for the article)
    period: str
    interval: Interval
    definition: str
    unit: str
    text: str  # one line a reader can follow


@dataclass(frozen=True)
class Finding:
    claim_id: str
    verdict: str
    rule: str
    stated: Interval
    recomputed: Interval | None
    evidence: tuple[Evidence, ...]
    reasoning: str
    expected: str
    reading: float | None = None  # probable-erratum: the likely intended value

    @property
    def matches_expected(self) -> bool:
        return self.verdict == self.expected


def unit_word(unit: str) -> str:
    return {
        "ngos": "NGOs",
        "million_kzt": "million tenge",
        "percent": "%",
        "usd": "US dollars",
        "times": "times",
        "ngos_per_year": "NGOs a year",
        "year": "",
        "ordinal": "",
    }.get(unit, unit)


def say(iv: Interval, unit: str, digits: int = 1) -> str:
    u = unit_word(unit)
    text = iv.describe(digits)
    if unit == "percent":
        return (
            text + "%" if not text.startswith("between") else text.replace(" and ", "% and ") + "%"
        )
    if unit == "year":
        if iv.bounded and iv.lo != iv.hi:
            return f"{fmt(iv.lo, 0)}-{fmt(iv.hi, 0)}".replace(",", "")
        return iv.describe(0).replace(",", "")
    return f"{text} {u}".strip()


QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "over": "more than ",
    "at_least": "at least ",
    "under": "less than ",
    "at_most": "at most ",
}


def stated_text(c: Claim | Figure) -> str:
    """A figure as its source puts it: 'more than 5,100 NGOs', 'about 20,000 NGOs', '7.2 times'."""
    v = c.value_text
    if c.unit not in ("year", "decision_number"):
        v = fmt(c.value, 2)
    u = unit_word(c.unit)
    text = f"{QUALIFIER_WORDS[c.qualifier]}{v}"
    if c.unit == "percent":
        return text + "%"
    return f"{text} {u}".strip()


def stated_full(c: Claim) -> str:
    """The claim as printed and, where it differs, the interval it stands for."""
    text = stated_text(c)
    iv = say(c.interval, c.unit)
    return text if c.qualifier != "about" else f"{text} ({iv})"


def source_label(project: Project, source_id: str) -> str:
    s = project.sources[source_id]
    return s.publisher


def figure_evidence(project: Project, f: Figure) -> Evidence:
    return Evidence(
        f.figure_id,
        "figures",
        f.source_id,
        f.period.text,
        f.interval,
        f.definition,
        f.unit,
        f"{stated_text(f)} {f.definition} ({source_label(project, f.source_id)}, {f.period.text})".replace(
            "  ", " "
        ),
    )


def event_evidence(project: Project, e: Event) -> Evidence:
    span = f"{e.year}-{e.end_year}" if e.end_year else str(e.year)
    when = f"{e.year}-{e.month:02d}-{e.day:02d}" if e.month and e.day else span
    iv = Interval(e.year, e.end_year or e.year)
    return Evidence(
        e.event_id,
        "events",
        e.source_id,
        span,
        iv,
        "",
        "year",
        f"{e.event.replace('_', ' ')}{' ' + str(e.ordinal) if e.ordinal else ''}: {e.status} {when} ({source_label(project, e.source_id)})",
    )


def derived_evidence(d: Derived) -> Evidence:
    return Evidence(
        d.derived_id,
        "derived",
        "derived",
        "",
        d.interval,
        "",
        d.unit,
        f"{d.label}: {say(d.interval, d.unit)} ({d.formula})",
    )


def claim_evidence(c: Claim) -> Evidence:
    return Evidence(
        c.claim_id,
        "claims",
        "article",
        c.period.text,
        c.interval,
        c.definition,
        c.unit,
        f"the article: {stated_full(c)} ({c.period.text})",
    )


def span_of(project: Project, period) -> tuple[int | None, int]:
    now = project.now
    if period.text == "now":
        return now
    start = period.start
    end = period.end if period.end is not None else now[1]
    return start, end


# ---------------------------------------------------------------------------------------
Rule = Callable[[Project, Claim], "Finding | None"]


def _finding(
    c: Claim, verdict: str, rule: str, evidence=(), recomputed=None, reasoning="", reading=None
) -> Finding:
    return Finding(
        c.claim_id,
        verdict,
        rule,
        c.interval,
        recomputed,
        tuple(evidence),
        reasoning,
        c.expected_verdict,
        reading,
    )


def rule_erratum(project: Project, c: Claim) -> Finding | None:
    for t in numbers.tokens(c.quote):
        if t.double_scale and c.value in t.values:
            scale = t.values[0] / numbers._to_float(t.text.split()[0])
            reading = c.value / scale
            siblings = [
                o
                for o in project.claims.values()
                if o.section == c.section
                and o.unit == c.unit
                and o.claim_id != c.claim_id
                and o.indicator.rsplit("_", 1)[0] == c.indicator.rsplit("_", 1)[0]
            ]
            ev = [claim_evidence(o) for o in siblings]
            ratio = ""
            if siblings:
                base = siblings[0].value
                ratio = (
                    f" That is {fmt(c.value / base, 0)} times the neighbouring band's {fmt(base, 0)}; "
                    f"read as {fmt(reading, 0)} it is {fmt(reading / base, 0)} times, the step between "
                    f"income bands one expects."
                )
            return _finding(
                c,
                "probable-erratum",
                "erratum",
                ev,
                point(reading),
                f"'{t.text}' multiplies a number already written in thousands by a thousand: "
                f"as printed it is {fmt(c.value, 0)} {unit_word(c.unit)}.{ratio} "
                f"Likely reading: {fmt(reading, 0)} {unit_word(c.unit)}.",
                reading,
            )
    return None


def rule_underspecified(project: Project, c: Claim) -> Finding | None:
    if c.kind == "change" and c.period.start is None:
        ds = [d for d in derive_all(project) if c.claim_id in d.inputs]
        spread = ""
        if ds:
            lo, hi = ds[0], ds[-1]
            spread = (
                f" Depending on the base year the same factor means {say(lo.interval, 'percent')} a year "
                f"({lo.label.rsplit(' ', 1)[-1]}) or {say(hi.interval, 'percent')} a year "
                f"({hi.label.rsplit(' ', 1)[-1]})."
            )
        return _finding(
            c,
            "underspecified",
            "no-base-year",
            [derived_evidence(d) for d in ds],
            None,
            f"A change of {c.value_text} times up to {c.period.end} with no year it is measured from, "
            f"and no source gives the yearly amounts.{spread}",
        )
    return None


def _stages(project: Project, country: str) -> list:
    return sorted((s for s in project.stages if s.country == country), key=lambda s: s.stage)


def announced_periods(project: Project) -> Claim:
    return next(c for c in project.claims.values() if c.indicator == "periodisation")


def rule_periodisation(project: Project, c: Claim) -> Finding | None:
    if c.indicator != "stage" or c.section == "region":
        return None
    announced = announced_periods(project)
    region = _stages(project, "region")
    own = _stages(project, c.section)
    ev = [
        Evidence(
            f"{s.country}-{s.stage}",
            "periods",
            "article",
            str(s.start_year),
            point(s.start_year),
            "",
            "year",
            f"{s.country} stage {s.stage} from {s.start_year}",
        )
        for s in region + own
    ]
    extra = [s for s in own if s.start_year not in {r.start_year for r in region}]
    extra_text = ", ".join(f"stage {s.stage} from {s.start_year}" for s in extra) or "none"
    region_starts = ", ".join(str(r.start_year) for r in region)
    own_starts = ", ".join(str(s.start_year) for s in own)
    if c.value > announced.value:
        return _finding(
            c,
            "inconsistent",
            "stages-exceed-periods",
            ev,
            point(len(own)),
            f"The article divides the region into {fmt(announced.value)} periods (from {region_starts}) "
            f"but tells {len(own)} stages for {c.section.title()} (from {own_starts}); "
            f"a stage numbered {fmt(c.value)} cannot fit. The stage the region's scheme lacks: {extra_text}.",
        )
    mine = next((s for s in own if s.stage == c.value), None)
    match = next((r for r in region if mine and r.start_year == mine.start_year), None)
    if mine and match and match.stage == mine.stage:
        how = f"it starts with the region's period {match.stage} ({match.start_year})"
    elif mine and match:
        how = (
            f"it starts with the region's period {match.stage} ({match.start_year}), so the numbering is "
            f"shifted by the stage the region lacks ({extra_text})"
        )
    else:
        how = f"it starts in {mine.start_year if mine else '?'}, before the region's first period"
    return _finding(
        c,
        "article-only",
        "stage-aligned",
        ev,
        None,
        f"Stage {fmt(c.value)} of {len(own)} for {c.section.title()}: {how}.",
    )


def rule_enumeration(project: Project, c: Claim) -> Finding | None:
    if c.kind != "enumeration" or c.indicator in ("stage",):
        return None
    if c.indicator == "periodisation":
        region = _stages(project, "region")
        n = len(region)
        ev = [
            Evidence(
                f"region-{s.stage}",
                "periods",
                "article",
                str(s.start_year),
                point(s.start_year),
                "",
                "year",
                f"period {s.stage} from {s.start_year}",
            )
            for s in region
        ]
        verdict = "reproduced" if c.interval.contains(n) else "inconsistent"
        return _finding(
            c,
            verdict,
            "count-listed",
            ev,
            point(n),
            f"The article goes on to name {n} periods, starting {', '.join(str(s.start_year) for s in region)}.",
        )
    dated = sorted(
        (
            o
            for o in project.claims.values()
            if o.section == c.section
            and o.kind == "date"
            and o.claim_id != c.claim_id
            and (o.indicator.startswith(c.indicator + ".") or o.indicator == c.indicator)
        ),
        key=lambda o: o.value,
    )
    if not dated:
        return None
    if c.unit == "ordinal":  # the n-th event: count the dated ones up to its year
        upto = [o for o in dated if o.value <= (c.period.end or c.period.start)]
        n = len({o.value for o in upto})
        what = f"dated up to {c.period.end or c.period.start}"
    else:  # a total: count what the same sentence lists
        upto = [o for o in dated if o.quote == c.quote]
        n = len({o.value for o in upto})
        what = "listed in the same sentence"
    ev = [claim_evidence(o) for o in upto]
    verdict = "reproduced" if c.interval.contains(n) else "inconsistent"
    return _finding(
        c,
        verdict,
        "count-dated",
        ev,
        point(n),
        f"The article has {n} {c.indicator.replace('_', ' ')} dates {what}: "
        f"{', '.join(fmt(o.value, 0).replace(',', '') for o in upto)}.",
    )


def rule_derived(project: Project, c: Claim) -> Finding | None:
    ds = [
        d
        for d in derive_all(project)
        if d.claim_id == c.claim_id and d.basis in ("article", "mixed")
    ]
    if not ds:
        return None
    d = ds[0]
    if d.interval.overlaps(c.interval):
        return _finding(
            c,
            "reproduced",
            "recomputed",
            [derived_evidence(d)],
            d.interval,
            f"Recomputed from the article's own figures: {d.label} is {say(d.interval, d.unit)}, "
            f"which agrees with the stated {stated_full(c)}.",
        )
    return _finding(
        c,
        "inconsistent",
        "recomputed",
        [derived_evidence(d)],
        d.interval,
        f"Recomputed from the article's own figures: {d.label} is {say(d.interval, d.unit)}, "
        f"but the article states {stated_full(c)}.",
    )


def _event_key(e: Event) -> str:
    return f"{e.event}.{e.ordinal}" if e.ordinal is not None else e.event


def rule_events(project: Project, c: Claim) -> Finding | None:
    if c.kind != "date" or c.section == "region":
        return None
    matching = [
        e
        for e in project.events.values()
        if e.country == c.section and _event_key(e) == c.indicator
    ]
    start, end = span_of(project, c.period)
    claimed = Interval(start, end) if start is not None else c.interval
    if matching:
        ev = [event_evidence(project, e) for e in matching]
        agree = [e for e in matching if Interval(e.year, e.end_year or e.year) == claimed]
        rhythm = _rhythm_note(project, c)
        if len(agree) == len(matching):
            return _finding(
                c,
                "corroborated",
                "dated-event",
                ev,
                matching[0]
                and Interval(matching[0].year, matching[0].end_year or matching[0].year),
                f"The article's {say(claimed, 'year')} matches: {'; '.join(x.text for x in ev)}.{rhythm}",
            )
        e = next(e for e in matching if e not in agree)
        return _finding(
            c,
            "contradicted",
            "dated-event",
            ev,
            Interval(e.year, e.end_year or e.year),
            f"The article says {say(claimed, 'year')}; {event_evidence(project, e).text}.{rhythm}",
        )
    if "." in c.indicator:  # the n-th of a series: bracket it by its dated neighbours
        base, n = c.indicator.rsplit(".", 1)
        before = [
            e
            for e in project.events.values()
            if e.event == base and e.ordinal is not None and e.ordinal < int(n)
        ]
        after = [
            e
            for e in project.events.values()
            if e.event == base and e.ordinal is not None and e.ordinal > int(n)
        ]
        if before and after:
            lo = max(e.year for e in before)
            hi = min(e.year for e in after)
            bracket = Interval(lo, hi, True, True) if hi > lo else point(lo)
            ev = [event_evidence(project, e) for e in before + after]
            if claimed.within(bracket):
                return _finding(
                    c,
                    "article-only",
                    "between-events",
                    ev,
                    bracket,
                    f"No source dates it; the article's {say(claimed, 'year')} lies between the dated "
                    f"neighbours ({lo} and {hi}).{_rhythm_note(project, c)}",
                )
            return _finding(
                c,
                "contradicted",
                "between-events",
                ev,
                bracket,
                f"The article's {say(claimed, 'year')} is outside the span its dated neighbours allow ({lo} to {hi}).",
            )
    return None


def _rhythm_note(project: Project, c: Claim) -> str:
    """For a numbered series with a stated rhythm (the Civil Forum 'once in two years')."""
    if "." not in c.indicator:
        return ""
    base, n = c.indicator.rsplit(".", 1)
    rhythm = [f for f in project.figures.values() if f.indicator == f"{base}_interval"]
    first = [e for e in project.events.values() if e.event == base and e.ordinal == 1]
    if not rhythm or not first:
        return ""
    step = rhythm[0].value
    expected = first[0].year + step * (int(n) - 1)
    return (
        f" At the stated rhythm of once in {fmt(step)} years from the first in {first[0].year}, "
        f"number {n} falls in {fmt(expected, 0).replace(',', '')}."
    )


def _comparable(project: Project, c: Claim) -> list[Figure]:
    return [
        f
        for f in project.figures.values()
        if f.country == c.section and f.indicator == c.indicator and f.definition == c.definition
    ]


def rule_figures(project: Project, c: Claim) -> Finding | None:
    if c.kind not in ("figure", "share"):
        return None
    start, end = span_of(project, c.period)
    same, earlier, later = [], [], []
    for f in _comparable(project, c):
        fs, fe = span_of(project, f.period)
        if fe >= start and fs <= end:
            same.append(f)
        elif fe < start:
            earlier.append(f)
        else:
            later.append(f)
    ds = [d for d in derive_all(project) if d.claim_id == c.claim_id and d.basis == "independent"]
    if same or ds:
        ev = [figure_evidence(project, f) for f in same] + [derived_evidence(d) for d in ds]
        off = [e for e in ev if not e.interval.overlaps(c.interval)]
        joint = ev[0].interval
        for e in ev[1:]:
            joint = joint.intersect(e.interval) or joint
        if off:
            return _finding(
                c,
                "contradicted",
                "same-period",
                ev,
                off[0].interval,
                f"The article states {stated_full(c)}; {off[0].text} does not overlap it.",
            )
        return _finding(
            c,
            "corroborated",
            "same-period",
            ev,
            joint,
            f"The article states {stated_full(c)}; "
            f"{'; '.join(e.text for e in ev)} {'overlaps' if len(ev) == 1 else 'overlap'} it.",
        )
    if (c.indicator, c.definition) in MONOTONE_INDICATORS and (earlier or later):
        lo = max((f.interval for f in earlier), key=lambda iv: iv.lo, default=None)
        hi = min((f.interval for f in later), key=lambda iv: iv.hi, default=None)
        bracket = Interval(
            lo.lo if lo else -INF,
            hi.hi if hi else INF,
            lo.lo_open if lo else True,
            hi.hi_open if hi else True,
        )
        ev = [figure_evidence(project, f) for f in earlier + later]
        why = "registered totals do not fall, so"
        if bracket.within(c.interval):
            return _finding(
                c,
                "corroborated",
                "bracket",
                ev,
                bracket,
                f"No source counts {c.period.text} itself; {why} the counts before and after bound it to "
                f"{say(bracket, c.unit)}, which lies inside the stated {stated_full(c)}.",
            )
        if not bracket.overlaps(c.interval):
            return _finding(
                c,
                "contradicted",
                "bracket",
                ev,
                bracket,
                f"No source counts {c.period.text} itself; {why} the counts before and after bound it to "
                f"{say(bracket, c.unit)}, which excludes the stated {stated_full(c)}.",
            )
        return _finding(
            c,
            "article-only",
            "bracket",
            ev,
            bracket,
            f"No source counts {c.period.text} itself; {why} the counts before and after bound it to "
            f"{say(bracket, c.unit)}: consistent with the stated {stated_full(c)}, but not implied by it.",
        )
    return None


def rule_other_definitions(project: Project, c: Claim) -> Finding | None:
    """Evidence that counts a broader set bounds a narrower claim from above; it never corroborates."""
    broader = NESTING.get(c.definition)
    if not broader or c.kind != "figure":
        return None
    start, end = span_of(project, c.period)
    figs = [
        f
        for f in project.figures.values()
        if f.country == c.section and f.indicator == c.indicator and f.definition in broader
    ]
    ders = [
        d
        for d in derive_all(project)
        if d.section == c.section and d.unit == c.unit and d.derived_id.split("-")[1] in broader
    ]
    ev_items = [(figure_evidence(project, f), span_of(project, f.period)) for f in figs]
    ev_items += [(derived_evidence(d), (int(d.derived_id.rsplit("-", 1)[1]),) * 2) for d in ders]
    if not ev_items:
        return None
    narrowest = next(
        b
        for b in broader
        if any(e.definition == b or e.ref.split("-")[1] == b for e, _ in ev_items)
    )
    ev_items = [
        (e, y) for e, y in ev_items if e.definition == narrowest or e.ref.split("-")[1] == narrowest
    ]
    near = sorted(ev_items, key=lambda x: min(abs(x[1][0] - start), abs(x[1][1] - end)))[:3]
    ev = [e for e, _ in near]
    ratios = [e.interval / c.interval for e in ev if e.interval.lo > 0 and e.interval.bounded]
    same_period_exceeded = [
        e for e, (fs, fe) in near if fe >= start and fs <= end and c.interval.lo > e.interval.hi
    ]
    if same_period_exceeded:
        e = same_period_exceeded[0]
        return _finding(
            c,
            "contradicted",
            "narrower-definition",
            ev,
            e.interval,
            f"{c.definition.title()} NGOs are a subset of {e.definition or 'operating'} ones, "
            f"yet the stated {stated_full(c)} exceeds {e.text}.",
        )
    lo = min(r.lo for r in ratios) if ratios else 0
    hi = max(r.hi for r in ratios) if ratios else INF
    return _finding(
        c,
        "article-only",
        "narrower-definition",
        ev,
        None,
        f"Counts of {narrowest} NGOs, a broader set, in the nearest years are "
        f"{fmt(lo)} to {fmt(hi)} times the stated {stated_full(c)}: "
        f"a contradiction only if '{c.definition}' meant '{narrowest}'. The article's own words define a "
        f"narrower set, so this is a different definition; no source counts that set.",
    )


RULES: tuple[Rule, ...] = (
    rule_erratum,
    rule_underspecified,
    rule_periodisation,
    rule_enumeration,
    rule_derived,
    rule_events,
    rule_figures,
    rule_other_definitions,
)


def judge(project: Project, c: Claim) -> Finding:
    for rule in RULES:
        found = rule(project, c)
        if found is not None:
            return found
    return _finding(
        c,
        "article-only",
        "no-evidence",
        (),
        None,
        "No independent source and no other statement of the article bears on this figure.",
    )


def derive_all(project: Project) -> list[Derived]:
    """The derived figures of this project, computed once per loaded project. Kept on the
    project itself: a cache keyed on id() could hand a newly loaded project (the mutation
    sweep loads hundreds) the figures of a freed one that had the same id."""
    cached = project.__dict__.get("_derived")
    if cached is None:
        cached = project.__dict__["_derived"] = derive(project)
    return cached


def judge_all(project: Project) -> list[Finding]:
    return [judge(project, c) for c in project.claims.values()]
