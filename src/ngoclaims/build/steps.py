"""The steps of ``make book`` and the driver that runs them in order, each printed with its
time. ``_build/html`` is replaced only when every step passed.

1. generate   ``python -m ngoclaims expectations``: the claims suite, the table suites,
              data/datapackage.json and references.bib, rewritten when stale
2. verify     ``python -m ngoclaims verify --quiet``: every verdict is the one expected
3. validate   ``python -m ngoclaims validate --quiet``: the Great Expectations suites
4. gate       ``python -m pytest -m gate``: the claim tests (started beside validate)
5. bundle     ``_static/vega-bundle.js`` (git-ignored), when missing or outdated
6. build      Jupyter Book into ``_build/staging/<id>/`` (:mod:`ngoclaims.build.sphinx`)
7. check      :mod:`ngoclaims.build.htmlcheck` on the staged HTML
8. publish    the staged HTML swapped into ``_build/html`` (:mod:`ngoclaims.build.publish`)

Steps 1-5 are skipped when their stamp holds their current key
(:mod:`ngoclaims.build.keys`), steps 6-8 when the published book was made from the current
inputs. ``--force`` runs every step again except ``generate``, whose key covers its outputs
too: when it matches, running it again would write nothing. With ``--check-generated`` the
first step only checks (``expectations --check``): a stale generated file fails the run.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from ngoclaims.build import checks, htmlcheck, keys, process, publish, sphinx, toc
from ngoclaims.build.context import Context, StepFailed

__all__ = ["STEPS", "Step", "current_keys", "run"]

SKIPPED = "skipped (published book is up to date)"
SHOWN_PROBLEMS = 40


@dataclass(frozen=True)
class Step:
    """One step: its name (in messages and stamps), its title (in the progress lines)."""

    name: str
    title: str
    run: Callable[[Context], str]  # returns a short note ("ok", "written", ...)
    stamped: bool = False  # skipped when _build/stamps/<name>.json holds its key


def current_keys(ctx: Context) -> dict[str, str]:
    """The key of every step and cache, for the files as they are now."""
    return keys.compute(ctx.paths, checks.command_lines())


def _generate(ctx: Context) -> str:
    note = checks.run(ctx, "generate")
    ctx.keys = current_keys(ctx)  # what it wrote is read by the steps after it
    return note


def _check(name: str) -> Callable[[Context], str]:
    return lambda ctx: checks.run(ctx, name)


def _bundle(ctx: Context) -> str:
    from ngoclaims.chapters.charts import write_bundle

    return "written" if write_bundle(ctx.paths.static) else "up to date"


def _build(ctx: Context) -> str:
    if not ctx.force and publish.published_ok(ctx):
        ctx.skip_build = True
        return SKIPPED
    staging = publish.new_staging(ctx)
    sphinx.build(ctx, "html", staging, ctx.paths.logs / "build.log")
    return "ok"


def _verified() -> dict[str, dict]:
    """What ``verify`` computes now, by claim id (the book's process works on the project)."""
    from ngoclaims.claims.registry import load
    from ngoclaims.gate.verify import analysis

    return {r["claim_id"]: r for r in analysis(load())["claims"]}


def _check_html(ctx: Context) -> str:
    if ctx.skip_build:
        return SKIPPED
    assert ctx.staging is not None
    problems = htmlcheck.check_book(
        ctx.staging / "html",
        toc.docnames(ctx.paths.toc),
        execute_dir=ctx.staging / "jupyter_execute",
        claims=_verified(),
    )
    if problems:
        process.show([str(p) for p in problems[:SHOWN_PROBLEMS]], limit=SHOWN_PROBLEMS)
        more = f" (and {len(problems) - 1} more above)" if len(problems) > 1 else ""
        raise StepFailed(f"{problems[0]}{more}")
    return "ok"


def _publish(ctx: Context) -> str:
    if ctx.skip_build:
        return SKIPPED
    publish.publish(ctx)
    return "ok"


STEPS: list[Step] = [
    Step("generate", "generated files", _generate, stamped=True),
    Step("verify", "verify claims", _check("verify"), stamped=True),
    Step("validate", "validate data", _check("validate"), stamped=True),
    Step("gate", "claim tests", _check("gate"), stamped=True),
    Step("bundle", "vega bundle", _bundle, stamped=True),
    Step("build", "build book", _build),
    Step("check", "check HTML", _check_html),
    Step("publish", "publish", _publish),
]
_BY_NAME = {step.name: step for step in STEPS}


def _fresh(ctx: Context, step: Step) -> bool:
    """Whether a stamped step can be skipped: its last success was for these inputs."""
    if not step.stamped or (ctx.force and step.name != "generate"):
        return False
    if step.name == "bundle" and not ctx.paths.vega_bundle.is_file():
        return False
    return keys.stamp_ok(ctx, step.name)


def _line(i: int, step: Step, note: str, seconds: float | None = None) -> None:
    timing = f" ({seconds:.1f} s)" if seconds is not None else ""
    print(f"[{i}/{len(STEPS)}] {step.title:<15} {note}{timing}", flush=True)


def _run_step(ctx: Context, i: int, step: Step) -> None:
    ctx.step = step.name
    if _fresh(ctx, step):
        _line(i, step, "skipped (inputs unchanged)")
        return
    if step.name == "validate" and not _fresh(ctx, _BY_NAME["gate"]):
        checks.start_early(ctx, "gate")  # the claim tests need nothing validate makes
    end = "\r" if sys.stdout.isatty() else "\n"
    print(f"[{i}/{len(STEPS)}] {step.title:<15} ...", end=end, flush=True)
    started = time.monotonic()
    note = step.run(ctx)
    _line(i, step, note, time.monotonic() - started)
    if step.stamped:
        keys.write_stamp(ctx, step.name)


def _up_to_date(ctx: Context) -> bool:
    stamped = all(_fresh(ctx, step) for step in STEPS if step.stamped)
    return not ctx.force and stamped and publish.published_ok(ctx)


def run(ctx: Context) -> str:
    """Run the steps in order, or none when the published book is current; returns the
    line that ends a successful run. A failed step raises StepFailed (``ctx.step`` names it).
    """
    started = time.monotonic()
    ctx.keys = current_keys(ctx)
    if _up_to_date(ctx):
        for i, step in enumerate(STEPS, 1):
            _line(i, step, "skipped (inputs unchanged)")
        ctx.skip_build = True
    else:
        try:
            for i, step in enumerate(STEPS, 1):
                _run_step(ctx, i, step)
        finally:
            for early in ctx.background.values():
                early.stop()  # a check started early must not outlive a failed run
            ctx.background.clear()
    state = "up to date" if ctx.skip_build else "published"
    where = ctx.paths.html.relative_to(ctx.root)
    return f"book {state}: {where} ({time.monotonic() - started:.1f} s)"
