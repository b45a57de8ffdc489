"""Benchmark: every performance target of the project, measured side by side in one run.

    python bench/run.py [--runs N] [--build-runs N] [--test-runs N] [--skip-tests]

Each measure is the median of several runs on a copy of the project (so the working tree
and its published book are left alone), with the environment already installed:

* the reference: a plain ``jupyter-book build --all`` of the same book, from clean (with
  the validation results it shows already there);
* a clean ``make book`` (verify, validate, the claim tests, execute, build, check, publish);
* ``make book`` again with nothing changed;
* ``make book`` after one data change (a figure's note: new data, the same verdicts);
* ``make book`` after one prose edit (a word of a chapter's text, no code);
* ``make test`` (every test: unit, gate, notebooks, books, browser);
* ``python -m ngoclaims verify`` and ``validate``.

Prints a table with each target and whether it is met, and writes _build/bench.json.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parents[1]
NOTE = "The page does not say what it counts."  # a note of data/figures.csv
PROSE = ("chapters/region.md", "the early\nshortage of funds")  # a phrase of a chapter's prose


@dataclass(frozen=True)
class Target:
    """A limit on a measure: in seconds, or as a ratio of the reference build."""

    limit: float
    ratio: bool = False

    def met(self, median: float, reference: float | None) -> bool:
        """Whether the median keeps within the limit."""
        value = median / reference if self.ratio and reference else median
        return value <= self.limit

    def text(self) -> str:
        """The limit as the table shows it."""
        return f"≤ {self.limit:.2f} × reference" if self.ratio else f"≤ {self.limit:g} s"


TARGETS = {
    "clean make book": Target(0.35, ratio=True),
    "rebuild, nothing changed": Target(0.5),
    "rebuild after a data change": Target(12.0),
    "rebuild after a prose edit": Target(4.0),
    "make test": Target(150.0),
    "verify": Target(1.0),
}


def copy(dst: Path) -> Path:
    """A copy of the project without its build, environment or caches."""
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "_build", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache",
        "mutants",
    )  # fmt: skip
    shutil.copytree(ROOT, dst, ignore=ignore)
    return dst


def _env(cwd: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(cwd / "src")}
    env["PATH"] = str(VENV / "bin") + os.pathsep + env.get("PATH", "")
    env.pop("NGOCLAIMS_ROOT", None)
    return env


def timed(cmd: list[str], cwd: Path, before: Callable[[], None] = lambda: None) -> float:
    """Seconds one run of cmd takes in cwd, after ``before`` has prepared it."""
    before()
    t = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, env=_env(cwd), capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
        )
    return elapsed


def make(target: str) -> list[str]:
    """make <target> with this checkout's environment, never reinstalling it."""
    return ["make", "--no-print-directory", target, f"VENV={VENV}", "NGOCLAIMS_NO_SETUP=1"]


def _edit(path: Path, text: str) -> Callable[[], None]:
    """An edit that differs on every call: the last letter of text written once more each time."""
    original = path.read_text(encoding="utf-8")
    if text not in original:
        raise SystemExit(f"bench: {text!r} is no longer in {path}; update bench/run.py")
    count = [0]

    def edit() -> None:
        count[0] += 1
        new = text + text[-1] * count[0]
        path.write_text(original.replace(text, new, 1), encoding="utf-8")

    return edit


def measure(args: argparse.Namespace, root: Path) -> dict[str, list[float]]:
    """Every measure's runs, in seconds."""
    py = [str(VENV / "bin" / "python"), "-m", "ngoclaims"]
    jb = [str(VENV / "bin" / "jupyter-book"), "build", "--all", "."]

    def clean() -> None:
        shutil.rmtree(root / "_build", ignore_errors=True)

    def clean_but_validated() -> None:
        # the validation page shows the last `validate`; a plain build cannot make it
        clean()
        subprocess.run([*py, "validate", "--quiet"], cwd=root, env=_env(root), check=True)

    runs, builds = range(args.runs), range(args.build_runs)
    out: dict[str, list[float]] = {}
    out["verify"] = [timed([*py, "verify", "--quiet"], root) for _ in runs]
    out["validate"] = [timed([*py, "validate", "--quiet"], root) for _ in runs]
    out["reference: plain jupyter-book build"] = [
        timed(jb, root, clean_but_validated) for _ in builds
    ]
    out["clean make book"] = [timed(make("book"), root, clean) for _ in builds]
    out["rebuild, nothing changed"] = [timed(make("book"), root) for _ in runs]
    data = _edit(root / "data" / "figures.csv", NOTE)
    out["rebuild after a data change"] = [timed(make("book"), root, data) for _ in builds]
    prose = _edit(root / PROSE[0], PROSE[1])
    out["rebuild after a prose edit"] = [timed(make("book"), root, prose) for _ in builds]
    if not args.skip_tests:
        out["make test"] = [timed(make("test"), root) for _ in range(args.test_runs)]
    return out


def report(results: dict[str, list[float]]) -> tuple[list[str], dict, bool]:
    """The table's lines, the JSON summary and whether every target is met."""
    reference = statistics.median(results["reference: plain jupyter-book build"])
    lines = [
        "| measure | median | runs | ratio to the reference | target | met |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    summary, ok = {}, True
    for name, xs in results.items():
        med = statistics.median(xs)
        target = TARGETS.get(name)
        met = target.met(med, reference) if target else None
        ok = ok and met is not False
        summary[name] = {"median": round(med, 2), "runs": [round(x, 2) for x in xs]}
        summary[name] |= {"target": target.text() if target else None, "met": met}
        lines.append(
            f"| {name} | {med:.2f} s | {len(xs)} | {med / reference:.2f} | "
            f"{target.text() if target else ''} | {'' if met is None else 'yes' if met else 'NO'} |"
        )
    return lines, summary, ok


def main() -> int:
    """Measure, print the table, write _build/bench.json; exit 1 when a target is missed."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="runs of the quick measures")
    ap.add_argument("--build-runs", type=int, default=3, help="runs of each book build")
    ap.add_argument("--test-runs", type=int, default=3, help="runs of make test")
    ap.add_argument("--skip-tests", action="store_true", help="leave make test out")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args, copy(Path(tmp) / "project"))
    lines, summary, ok = report(results)
    print("\n".join(lines))
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not ok:
        print("bench: a target is missed (see the table); _build/bench.json has every run")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
