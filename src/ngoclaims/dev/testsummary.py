"""The last line of `make test`: what failed and the command that shows or fixes it.

``python -m ngoclaims.dev.testsummary REPORT verify=RC pytest=RC`` reads the exit codes of
the steps (``make test`` runs verify and pytest) and pytest's JUnit report, prints one
line and exits 1 when any step failed (0 otherwise).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ngoclaims.build.checks import gate_failures
from ngoclaims.build.process import one_line

# what to run once a step failed, to see all of it
FIXES = {"verify": "`make verify`", "validate": "`make validate`"}


def summary(report: Path, codes: dict[str, int], root: Path) -> tuple[str, int]:
    """The final line and the exit code for the steps' exit ``codes`` and the JUnit report."""
    failed = [step for step, code in codes.items() if code != 0]
    if not failed:
        return f"make test: every step passed (report: {report})", 0
    parts = [f"{step} failed (see it with {FIXES[step]})" for step in failed if step in FIXES]
    if "pytest" in failed:
        parts.append(_tests(report, root))
    return "make test failed: " + "; ".join(parts) + f" (report: {report})", 1


def _tests(report: Path, root: Path) -> str:
    failures = gate_failures(report, root)
    if not failures:
        return "pytest failed before any test failed (see its output above)"
    nodeid, message = _path_of(failures[0][0], root), failures[0][1]
    count = f"{len(failures)} tests failed" if len(failures) > 1 else "1 test failed"
    return (
        f"{count}, first {nodeid}: {one_line(message, 160)} (rerun: `python -m pytest '{nodeid}'`)"
    )


def _path_of(nodeid: str, root: Path) -> str:
    """A test file's path for the dotted name JUnit gives a file that failed to collect."""
    if "::" in nodeid:
        return nodeid
    path = nodeid.replace(".", "/") + ".py"
    return path if (root / path).is_file() else nodeid


def main(argv: list[str]) -> int:
    """Print the line; the exit code says whether every step passed."""
    report, *pairs = argv
    codes = {name: int(code or 0) for name, _, code in (p.partition("=") for p in pairs)}
    line, code = summary(Path(report), codes, Path.cwd())
    print(line, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
