"""The steps of ``make book`` and the driver that runs them in order, each printed with its
time. ``_build/html`` is replaced only when every step passed.

1. generate   ``python -m ngoclaims expectations``, in this process: the claims suite,
              data/datapackage.json and references.bib, rewritten when stale
2. prose      no figure typed into a chapter's prose (in this process: it takes milliseconds)
3. verify     ``python -m ngoclaims verify --quiet``: every verdict is the one expected;
              started beside the build, like the two checks after it
4. validate   ``python -m ngoclaims validate --quiet --table-suites write``: the table
              suites regenerated when stale, then every Great Expectations suite; started
              beside the build, which needs nothing it makes
5. gate       ``python -m pytest -m gate``: the claim tests, also beside the build
6. bundle     ``_static/vega-bundle.js`` (git-ignored), when missing or outdated
7. cards      ``_static/ngo-cards-data.js`` (git-ignored): the evidence card of every glued
              number, from verify's records (:mod:`ngoclaims.chapters.cards`)
8. build      Jupyter Book into ``_build/staging/<id>/`` (:mod:`ngoclaims.build.sphinx`);
              stopped as soon as a check beside it fails, whose failure is then the run's
9. check      waits for validate and the claim tests, then :mod:`ngoclaims.build.htmlcheck`
              on the staged HTML
10. publish   the staged HTML swapped into ``_build/html`` (:mod:`ngoclaims.build.publish`)

The book is published only when every step passed, those beside the build included.
Steps 1-7 are skipped when their stamp holds their current key
(:mod:`ngoclaims.build.keys`), steps 8-10 when the published book was made from the current
inputs. ``--force`` runs every step again except ``generate``, whose key covers its outputs
too: when it matches, running it again would write nothing. With ``--check-generated`` the
first step only checks (``expectations --check``): a stale generated file fails the run.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ngoclaims.build import checks, htmlcheck, keys, process, publish, sphinx, toc
from ngoclaims.build.context import Context, StepFailed
from ngoclaims.chapters.bundle import write_bundle

__all__ = ["STEPS", "Step", "current_keys", "run"]

SKIPPED = "skipped (published book is up to date)"
BESIDE = "started beside the build"
SHOWN_PROBLEMS = 40


@dataclass(frozen=True)
class Step:
    """One step: its name (in messages and stamps), its title (in the progress lines)."""

    name: str
    title: str
    run: Callable[[Context], str]  # returns a short note ("ok", "written", ...)
    stamped: bool = False  # skipped when _build/stamps/<name>.json holds its key
    output: str = ""  # the Paths attribute of the file it writes: never skipped without it


def current_keys(ctx: Context) -> dict[str, str]:
    """The key of every step and cache, for the files as they are now."""
    return keys.compute(ctx.paths, checks.command_lines())


def _generate(ctx: Context) -> str:
    note = checks.generate(ctx)
    ctx.keys = current_keys(ctx)  # what it wrote is read by the steps after it
    return note


def _beside(name: str) -> Callable[[Context], str]:
    """A check started now, beside the steps that follow; the check step waits for it."""

    def start(ctx: Context) -> str:
        checks.start_early(ctx, name)
        return BESIDE

    return start


def _prose(ctx: Context) -> str:
    from ngoclaims.dev.prose import typed_figures

    pages = toc.sources(ctx.root, ctx.paths.toc)
    typed = [t for page in pages if page.suffix == ".md" for t in typed_figures(page)]
    if typed:
        first = typed[0]
        where = Path(first.path).relative_to(ctx.root)
        more = f" (and {len(typed) - 1} more)" if len(typed) > 1 else ""
        raise StepFailed(
            f"{where}:{first.line}: {first.text!r} is typed into the prose{more}; "
            "glue it from the chapter's code (CONTRIBUTING.md, 'Every number is computed')"
        )
    return "ok"


def _bundle(ctx: Context) -> str:
    return "written" if write_bundle(ctx.paths.static) else "up to date"


def _cards(ctx: Context) -> str:
    from ngoclaims.chapters.cards import write_cards

    return "written" if write_cards(ctx.paths.static, ctx.root) else "up to date"


def _build(ctx: Context) -> str:
    if not ctx.force and publish.published_ok(ctx):
        ctx.skip_build = True
        return SKIPPED
    _report_failed_beside(ctx)  # one may have failed already: the kept folder stays intact
    staging = publish.new_staging(ctx)
    try:
        sphinx.build(
            ctx,
            "html",
            staging,
            ctx.paths.logs / "build.log",
            _awaited(ctx),
            incremental=True,
            stop=lambda: bool(_failed_beside(ctx)),
        )
    except process.Stopped:
        _report_failed_beside(ctx)  # a check beside failed: its failure is the one
        raise
    return "ok"


def _report_failed_beside(ctx: Context) -> None:
    """Raise the failure of a check beside the build that has failed, named as its step."""
    for name in _failed_beside(ctx):
        ctx.step = name
        checks.run(ctx, name)
    ctx.step = "build"


def _failed_beside(ctx: Context) -> list[str]:
    """The checks beside the build that have already failed: the build stops for them."""
    return [name for name, check in ctx.background.items() if check.failed]


def _awaited(ctx: Context) -> dict | None:
    """The validation summary, while validate runs beside the build: the validation
    chapter shows it, so it waits for it.
    """
    running = ctx.background.get("validate")
    if running is None:
        return None
    return {
        "path": str(ctx.paths.validation_summary),
        "pid": running.pid,
        "since": running.since,
        "marker": "ngoclaims.chapters.validation",
    }


def _verified() -> dict[str, dict]:
    """What ``verify`` computes now, by claim id (the book's process works on the project)."""
    from ngoclaims.claims.registry import load
    from ngoclaims.gate.verify import analysis

    return {r["claim_id"]: r for r in analysis(load())["claims"]}


def _await_beside(ctx: Context) -> None:
    """Wait for the checks that ran beside the build; each reports as its own step."""
    for i, step in enumerate(STEPS, 1):
        if step.name in ctx.background:
            started = time.monotonic()
            ctx.step = step.name  # a failure is this check's, not the HTML check's
            note = checks.run(ctx, step.name)
            ran = ctx.started.get(step.name, started)
            _line(i, step, f"{note} (ran beside the build)", time.monotonic() - ran)
            keys.write_stamp(ctx, step.name)
    ctx.step = "check"


def _check_html(ctx: Context) -> str:
    _await_beside(ctx)
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
    Step("prose", "typed figures", _prose, stamped=True),
    Step("verify", "verify claims", _beside("verify"), stamped=True),
    Step("validate", "validate data", _beside("validate"), stamped=True),
    Step("gate", "claim tests", _beside("gate"), stamped=True),
    Step("bundle", "vega bundle", _bundle, stamped=True, output="vega_bundle"),
    Step("cards", "number cards", _cards, stamped=True, output="cards_data"),
    Step("build", "build book", _build),
    Step("check", "check HTML", _check_html),
    Step("publish", "publish", _publish),
]


def _fresh(ctx: Context, step: Step) -> bool:
    """Whether a stamped step can be skipped: its last success was for these inputs."""
    if not step.stamped or (ctx.force and step.name != "generate"):
        return False
    if step.output and not getattr(ctx.paths, step.output).is_file():
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
    end = "\r" if sys.stdout.isatty() else "\n"
    print(f"[{i}/{len(STEPS)}] {step.title:<15} ...", end=end, flush=True)
    started = time.monotonic()
    note = step.run(ctx)
    if note == BESIDE:
        ctx.started[step.name] = started
        _line(i, step, note)
        return  # its stamp is written when the check step has waited for it
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
