"""Benchmark: medians of several runs, on a copy of the project so the working tree and its
published book are left alone.

    python bench/run.py [--runs N] [--build-runs N] [--skip-tests]

Measures: verify, validate, the test suite (pytest, without the book and browser tests,
which build books of their own), a clean `make book`, a rebuild with nothing changed, and
a rebuild after one data change. Prints a table and writes _build/bench.json.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parents[1]
TARGETS = {
    "verify": 1.5,
    "validate": 6.0,
    "clean book": 45.0,
    "unchanged rebuild": 3.0,
    "rebuild after a data change": 25.0,
}


def copy(dst: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "_build", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"
    )
    shutil.copytree(ROOT, dst, ignore=ignore)
    return dst


def timed(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(cwd / "src")}
    t = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(cmd)} failed:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}"
        )
    return elapsed


def make(target: str) -> list[str]:
    return ["make", "--no-print-directory", target, f"VENV={VENV}", "NGOCLAIMS_NO_SETUP=1"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--build-runs", type=int, default=3)
    ap.add_argument("--skip-tests", action="store_true")
    args = ap.parse_args()
    py = [sys.executable, "-m", "ngoclaims"]
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = copy(Path(tmp) / "project")
        results["verify"] = [timed([*py, "verify", "--quiet"], root) for _ in range(args.runs)]
        results["validate"] = [timed([*py, "validate", "--quiet"], root) for _ in range(args.runs)]
        if not args.skip_tests:
            results["tests (no book, no browser)"] = [
                timed(
                    [
                        sys.executable,
                        "-m",
                        "pytest",
                        "-q",
                        "-p",
                        "no:cacheprovider",
                        "-m",
                        "not book and not browser",
                    ],
                    root,
                )
                for _ in range(max(1, args.build_runs - 2))
            ]
        clean = []
        for _ in range(args.build_runs):
            shutil.rmtree(root / "_build", ignore_errors=True)
            clean.append(timed(make("book"), root))
        results["clean book"] = clean
        results["unchanged rebuild"] = [timed(make("book"), root) for _ in range(args.runs)]
        figures = root / "data" / "figures.csv"
        original = figures.read_text(encoding="utf-8")
        changed = []
        for i in range(args.build_runs):
            # one data change: a figure's note, alternately edited, so every run sees new data
            figures.write_text(
                original.replace(
                    "Public associations, rounded to thousands.",
                    f"Public associations, rounded to thousands{'.' * (i + 2)}",
                ),
                encoding="utf-8",
            )
            changed.append(timed(make("book"), root))
        figures.write_text(original, encoding="utf-8")
        results["rebuild after a data change"] = changed
    print(f"{'measure':<32} {'median s':>9} {'runs':>5} {'target s':>9}")
    summary = {}
    for name, xs in results.items():
        med = statistics.median(xs)
        target = TARGETS.get(name)
        summary[name] = {
            "median": round(med, 2),
            "runs": [round(x, 2) for x in xs],
            "target": target,
        }
        flag = "" if target is None else ("  ok" if med < target else "  over target")
        print(f"{name:<32} {med:>9.2f} {len(xs):>5} {target if target else '':>9}{flag}")
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
