"""expectations/claims_against_evidence.json: the claims checked by GX itself.

`python -m ngoclaims expectations` regenerates every generated file: this suite, the table
suites, data/datapackage.json and references.bib; `--check` only reports stale ones.

For every claim whose verdict rests on a figure or an event of an evidence table, one
expectation selects that row of the evidence frame (figures' values, events' years) and
bounds it so that the verdict the registry expects still holds: an agreeing source must
stay within reach of the claim's interval, a contradicting one on its side of it. It also
pins the statuses a verdict rests on: each assumption a check needed keeps its status in
assumptions.csv, and each event keeps being reported as held (or only announced).
`python -m ngoclaims expectations` writes it (and the table suites); a test fails when the
committed file differs from what the registry generates now, like a lock file.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from ngoclaims import paths
from ngoclaims.claims.intervals import ABOUT_TOLERANCE, COUNT_UNITS, Interval, rounding_interval
from ngoclaims.claims.registry import Claim, Event, Figure, Project, load
from ngoclaims.claims.schema import APPROXIMATE, EVENT_STATUSES, HAPPENED
from ngoclaims.claims.verdicts import Finding, judge_all


def _lo_hi_of(
    qualifier: str, value_text: str, unit: str
) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """E(v).lo and E(v).hi as k*v + c (None: infinite) for a figure printed as value_text."""
    if qualifier == "exact":
        iv = rounding_interval(value_text)
        h = 0.0 if unit in COUNT_UNITS else (iv.hi - iv.lo) / 2
        return (1.0, -h), (1.0, h)
    if qualifier in APPROXIMATE:
        return (1 - ABOUT_TOLERANCE, 0.0), (1 + ABOUT_TOLERANCE, 0.0)
    if qualifier in ("over", "at_least"):
        return (1.0, 0.0), None
    return None, (1.0, 0.0)


def _solve(line: tuple[float, float], target: float) -> float:
    k, c = line
    return (target - c) / k


# role -> the limits it puts on the evidence cell: (GX key, which end of E(v), which end of
# the claim C it is solved against, strict, guarded). A guarded limit is left out when that
# end of E(v) is infinite or C's end is infinite; the rest always exist for their roles.
_LIMITS: dict[str, tuple[tuple[str, str, str, bool, bool], ...]] = {
    "overlap": (  # E(v).hi >= C.lo and E(v).lo <= C.hi
        ("min_value", "hi", "lo", False, True),
        ("max_value", "lo", "hi", False, True),
    ),
    "below": (("max_value", "hi", "lo", True, False),),  # E(v).hi < C.lo
    "above": (("min_value", "lo", "hi", True, False),),  # E(v).lo > C.hi
    # touching an end one of them leaves out
    "at-or-below": (("max_value", "hi", "lo", False, False),),  # E(v).hi <= C.lo
    "at-or-above": (("min_value", "lo", "hi", False, False),),  # E(v).lo >= C.hi
    # a broader or later count caps the claim: E(v).hi <= C.hi
    "implies-from-above": (("max_value", "hi", "hi", False, True),),
    # an earlier count bounds the claim from below: E(v).lo >= C.lo
    "implies-from-below": (("min_value", "lo", "lo", False, False),),
    # an earlier count must not exceed the claim: E(v).lo <= C.hi
    "not-above": (("max_value", "lo", "hi", False, True),),
    # a later or broader count must not fall short: E(v).hi >= C.lo
    "not-below": (("min_value", "hi", "lo", False, True),),
}


def bound(
    role: str, ev_qualifier: str, ev_value: str, ev_unit: str, claim: Interval
) -> dict | None:
    """min/max on the evidence cell v that keeps its relation to the claim interval."""
    ends = dict(zip(("lo", "hi"), _lo_hi_of(ev_qualifier, ev_value, ev_unit)))
    out: dict = {}
    for key, ev_end, claim_end, strict, guarded in _LIMITS.get(role, ()):
        line, target = ends[ev_end], getattr(claim, claim_end)
        if guarded and (not line or math.isinf(target)):
            continue
        out[key] = _solve(line, target)
        if strict:
            out["strict_" + key[:3]] = True
    return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in out.items()} or None


def _roles(f: Finding) -> list[tuple[str, str, tuple[str, ...]]]:
    """(evidence key, role, assumptions of the check) for every table row a check bounded."""
    return list(
        dict.fromkeys(
            (ref, role, tuple(sorted(x.assumptions))) for x in f.checks for ref, role in x.roles
        )
    )


def _bound_of(project: Project, c: Claim, ref: str, role: str) -> dict | None:
    row: Figure | Event = project.figures.get(ref) or project.events[ref]
    if isinstance(row, Figure):
        return bound(role, row.qualifier, row.value_text, row.unit, c.interval)
    return bound(role, "exact", str(row.year), "year", c.interval)


def _selects(key: str) -> dict:
    return {"type": "comparison", "column": {"name": "key"}, "operator": "==", "parameter": key}


def expectations(project: Project) -> list[dict]:
    """The GX expectations that pin the evidence each verdict rests on."""
    exps: list[dict] = []
    for f in judge_all(project):
        c = project.claims[f.claim_id]
        for ref, role, assumptions in _roles(f):
            b = _bound_of(project, c, ref, role)
            if b is None:
                continue
            exps.append(
                {
                    "type": "expect_column_values_to_be_between",
                    "kwargs": {"column": "value", **b, "row_condition": _selects(ref)},
                    "meta": {
                        "claim_id": c.claim_id,
                        "evidence": ref,
                        "role": role,
                        "assumptions": list(assumptions),
                        "rule": f"{ref} must stay {_describe(b)} for {c.claim_id} to remain {f.expected}",
                    },
                }
            )
        exps += _status_expectations(project, f)
    keys = sorted({e["kwargs"]["row_condition"]["parameter"] for e in exps})
    # a row condition that selects nothing passes vacuously: insist every key exists
    exps.insert(
        0,
        {
            "type": "expect_column_distinct_values_to_contain_set",
            "kwargs": {"column": "key", "value_set": keys},
            "meta": {"rule": "every evidence row the claims rest on exists"},
        },
    )
    return exps


def _status_expectations(project: Project, f: Finding) -> list[dict]:
    """The statuses a verdict rests on: each assumption a check needed keeps its status, and
    each event keeps being reported as held (or only announced)."""
    out = []
    needed = dict.fromkeys([*f.assumptions, *(a for x in f.checks for a in x.assumptions)])
    for a in needed:
        status = project.assumptions[a].status
        out.append(_status_row(a, [status], f, f"assumption {a} must stay {status}"))
    # events a check bounded, and events that are the evidence of an assumption it needed
    events = dict.fromkeys(
        [ref for x in f.checks for ref, _ in x.roles if ref in project.events]
        + [ref for a in needed for ref in project.assumptions[a].evidence if ref in project.events]
    )
    for ref in events:
        happened = project.events[ref].happened
        allowed = [s for s in EVENT_STATUSES if (s in HAPPENED) == happened]
        what = "reported as having happened" if happened else "only scheduled or announced"
        out.append(_status_row(ref, allowed, f, f"event {ref} must stay {what}"))
    return out


def _status_row(key: str, allowed: list[str], f: Finding, rule: str) -> dict:
    return {
        "type": "expect_column_values_to_be_in_set",
        "kwargs": {"column": "status", "value_set": allowed, "row_condition": _selects(key)},
        "meta": {
            "claim_id": f.claim_id,
            "evidence": key,
            "rule": f"{rule} for {f.claim_id} to remain {f.expected}",
        },
    }


def _describe(b: dict) -> str:
    parts = []
    if "min_value" in b:
        parts.append(f"{'above' if b.get('strict_min') else 'at least'} {b['min_value']:g}")
    if "max_value" in b:
        parts.append(f"{'below' if b.get('strict_max') else 'at most'} {b['max_value']:g}")
    return " and ".join(parts)


def suite(project: Project) -> dict:
    """The claims suite: every expectation with the suite's metadata."""
    return {
        "name": "claims_against_evidence",
        "expectations": expectations(project),
        "meta": {
            "table": "evidence",
            "generated_by": "python -m ngoclaims expectations (ngoclaims.gate.expectations); do not edit",
            "checked_elsewhere": [
                "figures derived from several rows (the prize funds) are checked by pytest",
                "checks against the article's own statements (stages, relations) are checked by verify",
            ],
        },
    }


def render(project: Project | None = None) -> str:
    """The committed text of the claims suite."""
    return json.dumps(suite(project or load()), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """`python -m ngoclaims expectations`: write the generated files (--check: exit 1 if stale)."""
    ap = argparse.ArgumentParser(prog="python -m ngoclaims expectations")
    ap.add_argument("--check", action="store_true", help="exit 1 if a committed suite is stale")
    ap.add_argument(
        "--no-table-suites",
        action="store_true",
        help="leave the table suites to `validate --table-suites` (which imports GX anyway)",
    )
    args = ap.parse_args(argv)
    from ngoclaims.gate import bibliography, datapackage

    project = load()
    where = paths.here()
    generated = {where.claims_suite: render(project)}
    if not args.no_table_suites:
        generated.update(suites_to_write())
    generated[where.datapackage] = datapackage.render()
    generated[where.references] = bibliography.render(project)
    stale = sync(generated, args.check)
    if args.check:
        return 1 if stale else 0
    n = len(json.loads(generated[where.claims_suite])["expectations"])
    print(f"expectations: claims suite has {n} expectations; {len(stale)} file(s) updated")
    return 0


def sync(generated: dict[Path, str], check: bool) -> list[Path]:
    """The generated files whose committed text differs; each is rewritten (and named with
    "wrote ...") or, with ``check``, only named as stale.
    """
    root = paths.here().root
    stale = [
        p
        for p, text in generated.items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    for p in stale:
        if check:
            print(f"stale: {p.relative_to(root)} (run `python -m ngoclaims expectations`)")
        else:
            p.write_text(generated[p], encoding="utf-8")
            print(f"wrote {p.relative_to(root)}")
    return stale


def suites_to_write() -> dict[Path, str]:
    """Each generated table suite's text by its path (renders them with GX)."""
    from ngoclaims.claims import schema
    from ngoclaims.gate import suites

    return {
        paths.here().expectations / f"{t.name}.json": suites.dumps(suites.table_suite(t))
        for t in schema.TABLES.values()
    }
