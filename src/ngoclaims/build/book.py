"""``python -m ngoclaims book`` (``make book``): check, build and publish the book.

The steps are those of :mod:`ngoclaims.build.steps`: regenerate the generated files,
verify, validate, the claim tests, the vega bundle, the Jupyter Book build (warnings are
errors), the checks of the built HTML, and only then the swap into ``_build/html``. A step
whose inputs have not changed since its last success is skipped; with nothing changed the
run only hashes files.

On any failure ``_build/html`` is left as it was and the run ends, exit 1, with one line
``book: <step> failed: <what> (<the command that shows or fixes it>)``; bad options exit 2.

Kernels talk over 127.0.0.1: in a network namespace run ``ip link set lo up`` first (the
build checks and says so).

Options: ``--force`` runs every step again (but the regeneration, when the generated files
are those the inputs make), ``-v`` shows the output of every step, ``--check-generated``
fails on a stale generated file instead of rewriting it (the tests build the project's own
book so: they never rewrite a committed file, and a stale one fails them).
"""

from __future__ import annotations

import os
import sys
from contextlib import closing

from ngoclaims import paths
from ngoclaims.build import publish, steps
from ngoclaims.build.context import Context, UsageError, exit_code, hold_lock

__all__ = ["main"]


OPTIONS = {"-v": "verbose", "--verbose": "verbose", "--force": "force"}
OPTIONS["--check-generated"] = "check_generated"


def _options(argv: list[str]) -> dict[str, bool]:
    """The options given, as Context's fields."""
    if "-h" in argv or "--help" in argv:
        print(__doc__)
        raise SystemExit(0)
    unknown = [arg for arg in argv if arg not in OPTIONS]
    if unknown:
        raise UsageError(f"unknown option {unknown[0]!r} (options: --force, -v, --check-generated)")
    return {OPTIONS[arg]: True for arg in argv}


def _run(ctx: Context) -> None:
    os.environ[paths.ROOT_ENV] = str(ctx.root)  # every child and kernel checks this project
    with closing(hold_lock(ctx)):
        publish.clear_staging(ctx)  # left by failed or killed runs
        print(steps.run(ctx))


def _step(ctx: Context | None) -> str:
    return ctx.step if ctx is not None else "setup"


def main(argv: list[str] | None = None) -> int:
    """Build the book; 0 when it is published (or up to date), 1 when a step failed."""
    holder: list[Context] = []

    def body() -> None:
        options = _options(list(sys.argv[1:] if argv is None else argv))
        holder.append(Context(paths.here(), **options))
        _run(holder[0])

    _interrupt_on_termination()
    return exit_code("book", body, lambda: _step(holder[0] if holder else None))


def _interrupt_on_termination() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does, so the build it started (in a process
    group of its own, which a signal to this process's group does not reach) ends too."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


if __name__ == "__main__":
    sys.exit(main())
