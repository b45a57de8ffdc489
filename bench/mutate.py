"""Mutation score of the engine: mutmut changes the engine's modules one small change at a
time and runs the fast tests against each; a mutant the tests do not notice survives.

    python bench/mutate.py [--resume] [--report-only] [--jobs N] [--floor 90]

Modules, tests and mode (forkserver) are in pyproject.toml's [tool.mutmut]. By default
the run starts afresh (mutants/ removed), so a score never mixes results of older code or
older tests. Surviving mutants that no test can kill (equivalent mutants) are listed in
bench/equivalent_mutants.toml, each with the change it makes and why it changes nothing;
the score leaves them out. Exits non-zero when a module scores below the floor, or when
the list of equivalents is stale.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")
EQUIVALENTS = ROOT / "bench" / "equivalent_mutants.toml"
KILLED = {"killed", "timeout"}  # a mutant that hangs the tests is noticed, too
# mutmut names a mutant <package>.<subpackage>.<module>.<function>__mutmut_<n>
_RESULT = re.compile(
    r"^\s*(?P<module>ngoclaims(?:\.\w+)*?)\.(?P<name>x_\S+|x\u01c1\S+): (?P<status>.+)$"
)


def run_mutmut(jobs: int, resume: bool) -> None:
    if not resume:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    cmd = [str(MUTMUT), "run", "--max-children", str(jobs)]
    if subprocess.run(cmd, cwd=ROOT).returncode != 0:
        sys.exit("mutate: `mutmut run` failed; run it by hand to see why: .venv/bin/mutmut run")


def results() -> dict[str, str]:
    """Mutant name -> status ('killed', 'survived', 'no tests', 'timeout', ...)."""
    out = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True
    )
    found = {}
    for line in out.stdout.splitlines():
        m = _RESULT.match(line)
        if m:
            found[f"{m['module']}.{m['name']}"] = m["status"].strip()
    if not found:
        sys.exit("mutate: mutmut reported no mutants; run `make mutate` without --report-only")
    return found


def module_of(mutant: str) -> str:
    """The engine module a mutant belongs to: the part before the mutated function."""
    return mutant.split(".")[-2]


def diff_of(mutant: str) -> str:
    return subprocess.run(
        [str(MUTMUT), "show", mutant], cwd=ROOT, capture_output=True, text=True
    ).stdout


def equivalents(found: dict[str, str]) -> tuple[set[str], list[str]]:
    """The listed equivalent mutants, and what is wrong with the list: a mutant that no
    longer exists, no longer survives, or no longer makes the change written beside it."""
    listed = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8")).get("mutant", [])
    names, problems = set(), []
    for entry in listed:
        name, change = entry["name"], entry["change"]
        if not entry.get("reason", "").strip():
            problems.append(f"{name}: no reason given")
        if name not in found:
            problems.append(f"{name}: no such mutant (the code changed; list it again)")
        elif found[name] in KILLED:
            problems.append(f"{name}: the tests kill it now; remove it from the list")
        elif change not in diff_of(name):
            problems.append(f"{name}: its change is no longer {change!r} (the code changed)")
        names.add(name)
    return names, problems


def scores(found: dict[str, str], excluded: set[str]) -> dict[str, tuple[int, int, int]]:
    """module -> (mutants counted, killed, equivalents left out)."""
    tally: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    for name, status in found.items():
        t = tally[module_of(name)]
        if name in excluded:
            t[2] += 1
            continue
        t[0] += 1
        t[1] += status in KILLED
    return {m: (n, k, e) for m, (n, k, e) in sorted(tally.items())}


def report(table: dict[str, tuple[int, int, int]], floor: float) -> list[str]:
    print(f"{'module':<15}{'mutants':>9}{'killed':>9}{'score':>9}{'equivalent':>12}")
    low = []
    for module, (n, k, e) in table.items():
        score = 100 * k / n if n else 100.0
        print(f"{module:<15}{n:>9}{k:>9}{score:>8.1f}%{e:>12}")
        if score < floor:
            low.append(f"{module} {score:.1f}%")
    n = sum(v[0] for v in table.values())
    k = sum(v[1] for v in table.values())
    print(f"{'all':<15}{n:>9}{k:>9}{100 * k / n:>8.1f}%{sum(v[2] for v in table.values()):>12}")
    return low


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resume", action="store_true", help="keep mutants/ and its results")
    ap.add_argument("--report-only", action="store_true", help="score the last run")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--floor", type=float, default=90.0, help="least score of each module")
    args = ap.parse_args()
    if not args.report_only:
        run_mutmut(args.jobs, args.resume)
    found = results()
    excluded, problems = equivalents(found)
    low = report(scores(found, excluded), args.floor)
    for p in problems:
        print(f"bench/equivalent_mutants.toml: {p}", file=sys.stderr)
    if low or problems:
        what = (
            f"below {args.floor:g}%: {', '.join(low)}"
            if low
            else "the list of equivalents is stale"
        )
        print(
            f"mutate: {what}; see the survivors with `.venv/bin/mutmut browse`, kill them with "
            "a test or list them in bench/equivalent_mutants.toml, then `make mutate`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
