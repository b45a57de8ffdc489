"""`python -m ngoclaims verify`: every claim with what the article states, the evidence,
the recomputed figure and the computed verdict, in the manner of statcheck. Exits 1 when
a computed verdict differs from the registry's expected_verdict. `--json` prints the whole
analysis (its shape: docs/verify.schema.json); `--diff [REF]` what a change of the data
moved (ngoclaims.gate.diff)."""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from collections import Counter
from pathlib import Path

from ngoclaims.claims.registry import Project, load
from ngoclaims.claims.verdicts import Finding, judge_all
from ngoclaims.claims.wording import reading, stated_text


def rows(project: Project, findings: list[Finding]) -> list[dict]:
    """One plain record per claim: what `verify --json`, the ledger and the tests share."""
    out = []
    for f in findings:
        c = project.claims[f.claim_id]
        out.append(
            {
                "claim_id": c.claim_id,
                "section": c.section,
                "line": project.locate(c.quote),
                "quote": c.quote,
                "stated": stated_text(c),
                "interval": str(f.stated),
                "evidence": [e.text for e in f.evidence],
                "evidence_refs": [e.ref for e in f.evidence],
                "recomputed": _recomputed(f, c.unit),
                "recomputed_interval": str(f.recomputed) if f.recomputed is not None else "",
                "reading": _finite(f.reading),
                "verdict": f.verdict,
                "expected_verdict": f.expected,
                "rule": f.rule,
                "reasoning": f.reasoning,
                "assumptions": [
                    {
                        "id": a,
                        "status": project.assumptions[a].status,
                        "statement": project.assumptions[a].statement,
                    }
                    for a in f.assumptions
                ],
                "set_aside": [x.sentence for x in f.set_aside],
                "checks": [_check_record(project, x) for x in f.checks],
                "period_basis": c.period_basis,
                "note": c.note,
            }
        )
    return out


def _check_record(project: Project, x) -> dict:
    from ngoclaims.claims.verdicts import firmness

    return {
        "rule": x.rule,
        "basis": x.basis,
        "outcome": x.outcome,
        "firmness": firmness(project, x),
        "assumptions": list(x.assumptions),
        "evidence": [_evidence_record(e) for e in x.evidence],
        "recomputed_interval": str(x.recomputed) if x.recomputed is not None else "",
        "point": _finite(x.point),
        "sentence": x.sentence,
    }


def _evidence_record(e) -> dict:
    """What a check compared: which row of which table, from which source, as what interval."""
    return {
        "ref": e.ref,
        "table": e.table,
        "source_id": e.source_id,
        "period": e.period,
        "interval": str(e.interval),
        "point": _finite(e.point),
        "definition": e.definition,
        "unit": e.unit,
        "text": e.text,
    }


def _finite(x: float | None) -> float | str | None:
    """A number JSON can hold: infinities as text."""
    if x is None or not math.isinf(x):
        return x
    return "inf" if x > 0 else "-inf"


def derived_rows(project: Project) -> list[dict]:
    """Every derived figure: its formula and inputs, its interval and its point reading."""
    from ngoclaims.claims.checks import derive_all

    return [
        {
            "derived_id": d.derived_id,
            "section": d.section,
            "label": d.label,
            "formula": d.formula,
            "worked": d.worked,
            "inputs": list(d.inputs),
            "unit": d.unit,
            "basis": d.basis,
            "claim_id": d.claim_id,
            "test": d.test,
            "assumptions": list(d.assumptions),
            # what it counts, when it is evidence about a count of some year
            "indicator": d.indicator,
            "definition": d.definition,
            "scope": d.scope,
            "period": d.period.text if d.period else "",
            "interval": str(d.interval),
            "point": _finite(d.point),
            "reading": reading(d.point, d.interval, d.unit, scope=d.scope),
        }
        for d in derive_all(project)
    ]


def analysis(project: Project) -> dict:
    """What `verify --json` prints: every claim, every derived figure, the counts."""
    records = rows(project, judge_all(project))
    counts = Counter(r["verdict"] for r in records)
    return {
        "claims": records,
        "derived": derived_rows(project),
        "counts": dict(sorted(counts.items())),
        "mismatches": [r["claim_id"] for r in records if r["verdict"] != r["expected_verdict"]],
    }


def _recomputed(f: Finding, claim_unit: str) -> str:
    """The deciding figure in the unit of its evidence, read as printed beside its bounds; a
    source's figure as the source puts it ('more than 19,358 CSOs')."""
    if f.recomputed is None:
        return ""
    ev = next((e for e in f.evidence if e.interval == f.recomputed), None)
    if ev is not None and ev.table == "figures":
        return (
            ev.text.split(" counts ", 1)[-1].rsplit(" in ", 1)[0]
            if " counts " in ev.text
            else reading(f.reading, f.recomputed, ev.unit)
        )
    return reading(f.reading, f.recomputed, ev.unit if ev else claim_unit)


def rests_on(record: dict) -> str:
    """'no-fall (untested), csos-are-ngos (supported)' or '—'."""
    return ", ".join(f"{a['id']} ({a['status']})" for a in record["assumptions"]) or "—"


def _json_safe(obj):
    if isinstance(obj, float) and math.isinf(obj):
        return str(obj)
    return obj


def _diff(args: argparse.Namespace) -> int:
    from ngoclaims import paths
    from ngoclaims.gate import diff

    try:
        print(diff.run(args.diff, args.data or paths.here().data, args.markdown, analysis))
    except diff.DiffError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str]) -> int:
    """`python -m ngoclaims verify`: every claim's verdict; exit 1 if one is not as expected."""
    ap = argparse.ArgumentParser(prog="python -m ngoclaims verify")
    ap.add_argument("--json", action="store_true", help="print every claim as JSON")
    ap.add_argument("--quiet", action="store_true", help="print only the summary and mismatches")
    ap.add_argument("--data", type=Path, default=None, help="data folder (default: the project's)")
    ap.add_argument(
        "--diff",
        nargs="?",
        const="",
        default=None,
        metavar="REF",
        help="print what the data change since the git ref REF moved (default: the merge base "
        "of HEAD and main): the ref's data/ is taken out of git and judged by THIS package, "
        "the working tree's code, beside the working tree's data, so only the data differ; "
        "every field of a claim or derived figure that moved, or 'nothing moved'",
    )
    ap.add_argument(
        "--markdown", action="store_true", help="with --diff: print Markdown for a pull request"
    )
    args = ap.parse_args(argv)
    if args.markdown and args.diff is None:
        ap.error("--markdown goes with --diff")
    if args.json and args.diff is not None:
        ap.error("--json does not go with --diff (it prints a table, or Markdown with --markdown)")
    if args.diff is not None:
        return _diff(args)

    project = load(args.data)
    result = analysis(project)
    records = result["claims"]
    mismatches = [r for r in records if r["verdict"] != r["expected_verdict"]]
    counts = Counter(r["verdict"] for r in records)

    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1, default=_json_safe)
        print()
    elif not args.quiet:
        width = shutil.get_terminal_size((160, 20)).columns
        print(
            f"{'claim':<28} {'line':>4}  {'stated':<24} {'recomputed':<30} {'verdict':<16} evidence"
        )
        for r in records:
            ev = "; ".join(r["evidence"]) or "—"
            line = (
                f"{r['claim_id']:<28} {r['line']:>4}  {r['stated'][:24]:<24} {r['recomputed'][:30]:<30} "
                f"{r['verdict']:<16} {ev}"
            )
            print(line[: max(width, 100)])
            if r["assumptions"]:
                print(f"{'':<34}rests on: {rests_on(r)}")
    if not args.json:
        summary = ", ".join(f"{v} {n}" for v, n in sorted(counts.items()))
        print(f"verify: {len(records)} claims: {summary}")
        for r in mismatches:
            print(
                f"MISMATCH {r['claim_id']} (line {r['line']}): computed {r['verdict']}, "
                f"registry expects {r['expected_verdict']}: {r['reasoning']}"
            )
    return 1 if mismatches else 0
