"""The commands ``make book`` runs before it builds: regenerate the generated files, then
verify, validate and the claim tests. A failed one ends the run with one line naming what
failed (the first mismatch, the first failing expectation, the failing test's own message)
and the command that shows or fixes it; the command's output is shown above that line.
"""

from __future__ import annotations

import contextlib
import io
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ngoclaims.build import process
from ngoclaims.build.context import Context, StepFailed
from ngoclaims.paths import Paths

__all__ = ["CHECKS", "Check", "command_lines", "gate_failures", "generate", "run", "start_early"]

# relative (the gate runs in the root), so that the gate's key does not hold the root
GATE_REPORT = Paths(Path()).gate_report.as_posix()


def _data_error(lines: list[str]) -> str | None:
    """Bad input (ngoclaims.errors.DataError) ends a command with ``error: file:line: ...``."""
    return next((ln[len("error: ") :] for ln in lines if ln.startswith("error: ")), None)


def _last(lines: list[str]) -> str:
    return next((ln.strip() for ln in reversed(lines) if ln.strip()), "no output")


def _first_with(prefix: str, lines: list[str]) -> str | None:
    found = [ln.strip() for ln in lines if ln.strip().startswith(prefix)]
    if not found:
        return None
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return process.one_line(found[0], 240) + more


def _mismatch(ctx: Context, lines: list[str]) -> str:
    return _first_with("MISMATCH ", lines) or _last(lines)


def _failing_expectation(ctx: Context, lines: list[str]) -> str:
    # "FAIL <suite> ..." heads a suite; each failing expectation is an indented "  FAIL ..."
    indented = [ln for ln in lines if ln.startswith("  ")]
    return _first_with("stale: ", lines) or _first_with("FAIL ", indented) or _last(lines)


def _generated(ctx: Context, lines: list[str]) -> str:
    return _first_with("stale: ", lines) or _last(lines)  # "stale: ..." with --check


def _nodeid(root: Path, classname: str, name: str) -> str:
    """Pytest's node id from a JUnit test case (classname ``tests.gate.test_gate``)."""
    parts = classname.split(".") if classname else []
    for i in range(len(parts), 0, -1):
        module = "/".join(parts[:i]) + ".py"
        if (root / module).is_file():
            return "::".join([module, *parts[i:], name])
    return name


def gate_failures(report: Path, root: Path) -> list[tuple[str, str]]:
    """(node id, first line of its message) of every failed test in a JUnit report."""
    try:
        tree = ET.parse(report)
    except (OSError, ET.ParseError):
        return []
    found = []
    for case in tree.iter("testcase"):
        for problem in [*case.findall("failure"), *case.findall("error")]:
            message = (problem.get("message") or problem.text or "").strip()
            first = message.splitlines()[0] if message else "failed"
            first = first.removeprefix("AssertionError: ").replace(f"{root}/", "")
            found.append((_nodeid(root, case.get("classname", ""), case.get("name", "")), first))
    return found


def _gate_failure(ctx: Context, lines: list[str]) -> str:
    failures = gate_failures(ctx.paths.gate_report, ctx.root)
    if not failures:
        return _last(lines)
    nodeid, message = failures[0]
    more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
    test = nodeid.split("::")[-1]
    fix = f"{test}" if "`" in message else f"{test}; rerun: `python -m pytest '{nodeid}'`"
    return f"{process.one_line(message, 200)}{more} ({fix})"


@dataclass(frozen=True)
class Check:
    """A command the build runs before it builds."""

    name: str
    args: tuple[str, ...]  # after ``python``
    fix: str  # what to run once the failure is understood (or to see it in full)
    headline: Callable[[Context, list[str]], str]  # the failure, from the output's lines

    def failure(self, ctx: Context, output: str) -> str:
        """The line that ends a failed run: what failed, then how to fix it."""
        lines = process.plain(output, ctx.root)
        error = _data_error(lines)
        if error is not None:
            return f"{process.one_line(error, 300)} (fix it there, then `make book` again)"
        text = self.headline(ctx, lines)
        return process.one_line(text if "`" in text else f"{text} ({self.fix})", 400)


CHECKS: dict[str, Check] = {
    c.name: c
    for c in (
        Check(
            "generate",
            # the table suites are left to validate, which imports GX anyway
            ("-m", "ngoclaims", "expectations", "--no-table-suites"),
            "run `make expectations`",
            _generated,
        ),
        Check(
            "verify",
            ("-m", "ngoclaims", "verify", "--quiet"),
            "review it with `make verify`, then set its expected_verdict in data/claims.csv",
            _mismatch,
        ),
        Check(
            "validate",
            ("-m", "ngoclaims", "validate", "--quiet", "--table-suites"),
            "`make validate` shows every failure",
            _failing_expectation,
        ),
        Check(
            "gate",
            # the claim tests' own file: collecting the whole suite would cost seconds
            (
                "-m",
                "pytest",
                "-q",
                "-m",
                "gate",
                "--tb=short",
                f"--junitxml={GATE_REPORT}",
                "-p",
                "no:cacheprovider",
                "tests/gate/test_gate.py",
            ),  # fmt: skip
            "`python -m pytest -m gate` runs the claim tests",
            _gate_failure,
        ),
    )
}


def command_lines() -> dict[str, str]:
    """Each check's command line: part of its key, so a changed command runs it again."""
    return {name: " ".join(check.args) for name, check in CHECKS.items()}


def _command(ctx: Context, name: str) -> list[str]:
    if name == "gate":
        ctx.paths.gate_report.unlink(missing_ok=True)  # never read an older run's report
    extra = {
        "generate": ("--check",) if ctx.check_generated else (),
        "validate": ("check",) if ctx.check_generated else ("write",),
    }.get(name, ())
    return [sys.executable, *CHECKS[name].args, *extra]


def start_early(ctx: Context, name: str) -> None:
    """Start a check now, beside the step about to run; its own step then waits for it."""
    ctx.background[name] = process.Background.start(ctx, _command(ctx, name))


def generate(ctx: Context) -> str:
    """The generate step, in this process: the same as its command line (:data:`CHECKS`,
    whose arguments are part of its key) without a new Python and its imports, a fifth of a
    second of every build and of every report of bad input."""
    from ngoclaims.errors import DataError
    from ngoclaims.gate import expectations

    out = io.StringIO()
    args = _command(ctx, "generate")[4:]  # what follows `python -m ngoclaims expectations`
    try:
        with contextlib.chdir(ctx.root), contextlib.redirect_stdout(out):
            code = expectations.main(args)
    except DataError as err:
        return _outcome(ctx, "generate", 2, f"error: {err.message}")
    if ctx.verbose:
        print(out.getvalue(), end="", flush=True)
    return _outcome(ctx, "generate", code, out.getvalue())


def _outcome(ctx: Context, name: str, code: int, output: str) -> str:
    """The note of a check that passed, or its failure raised (its output shown first)."""
    if code == 0:
        return _note(output)
    process.show(process.plain(output, ctx.root))
    if name == "gate" and code == 5:
        raise StepFailed("no tests marked 'gate' were collected (pytest exit 5)")
    raise StepFailed(CHECKS[name].failure(ctx, output))


def run(ctx: Context, name: str) -> str:
    """Run one check (or wait for it, when it was started early); returns the step's note."""
    early = ctx.background.pop(name, None)
    if early is not None:
        code, output = early.wait()
    else:
        code, output = process.run(ctx, _command(ctx, name))
    return _outcome(ctx, name, code, output)


def _note(output: str) -> str:
    wrote = [ln.removeprefix("wrote ") for ln in output.splitlines() if ln.startswith("wrote ")]
    if wrote:
        return f"wrote {', '.join(wrote)}"
    return "ok"
