"""What one run of ``make book`` (or ``make pdf``) carries from step to step, how a step
fails, and the lock that keeps two runs of one project from sharing ``_build``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ngoclaims.paths import Paths

__all__ = ["LOCK_WAIT", "Context", "StepFailed", "UsageError", "hold_lock"]

LOCK_WAIT = 900  # seconds a run waits for another build of the same project


class StepFailed(Exception):
    """A step failed; the message is the one line the user sees."""


class UsageError(StepFailed):
    """Bad options: exit 2."""


@dataclass
class Context:
    """One run: the project, the options, and what earlier steps left for later ones."""

    paths: Paths
    verbose: bool = False
    force: bool = False
    check_generated: bool = False  # fail on stale generated files instead of rewriting them
    keys: dict[str, str] = field(default_factory=dict)  # step or cache -> input key
    staging: Path | None = None  # where the book is built before it is published
    skip_build: bool = False  # the published book is already the one these inputs make
    started: dict[str, float] = field(default_factory=dict)  # checks beside the build
    background: dict = field(default_factory=dict)  # checks started early: name -> Background
    step: str = "setup"  # the step running now, named when the run fails

    @property
    def root(self) -> Path:
        """The project's root folder."""
        return self.paths.root


def hold_lock(ctx: Context) -> IO[str]:
    """Take the project's build lock, waiting (bounded) for another build to finish: its
    result may make this run a no-op. Closing the returned handle releases it.
    """
    import fcntl

    ctx.paths.build.mkdir(parents=True, exist_ok=True)
    handle = open(ctx.paths.book_lock, "w")  # noqa: SIM115 (held until the run ends)
    deadline = time.monotonic() + LOCK_WAIT
    waiting = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except OSError:
            if time.monotonic() > deadline:
                handle.close()
                raise StepFailed("another book build is still running in this repository") from None
        if not waiting:
            print("book: waiting for another build of this repository to finish", file=sys.stderr)
            waiting = True
        time.sleep(1)


def exit_code(command: str, body: Callable[[], None], step: Callable[[], str]) -> int:
    """Run a command's body and end it as every build command ends: 0 when it finished;
    on a failure one line ``<command>: <step> failed: <what>`` and 1 (2 for bad options,
    130 when interrupted), never a traceback (the logs under _build/logs keep the rest).
    """
    try:
        body()
        return 0
    except UsageError as err:
        print(f"{command}: {err}", file=sys.stderr)
        return 2
    except StepFailed as err:
        print(f"{command}: {step()} failed: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{command}: interrupted during {step()}", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 (no traceback: one line, the rest is in the logs)
        print(f"{command}: {step()} failed: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
