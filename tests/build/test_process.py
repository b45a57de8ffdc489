"""The checks that run beside the build share the cores with it, and stop it when one fails."""

from __future__ import annotations

import sys
import time

import pytest

from ngoclaims import paths
from ngoclaims.build import execute, process
from ngoclaims.build.context import Context


def test_a_check_beside_the_build_keeps_its_priority(tmp_path):
    """At a lower priority a failing check waited for the cores the build kept busy, and
    stopped it only when it had nearly finished."""
    ctx = Context(paths.Paths(tmp_path))
    early = process.Background.start(ctx, [sys.executable, "-c", "import os; print(os.nice(0))"])
    code, output = early.wait()
    assert code == 0
    assert int(output.strip()) == __import__("os").nice(0)


def test_a_failed_check_beside_the_build_stops_it_children_and_all(tmp_path):
    """The build is stopped as soon as a check beside it has failed: the command and the
    processes it started end at once, and Stopped says so instead of a build failure."""
    ctx = Context(paths.Paths(tmp_path))
    check = process.Background.start(ctx, [sys.executable, "-c", "raise SystemExit(3)"])
    # its child carries on after SIGTERM, holding the output open (as nbclient's clients do)
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
    build = (
        "import subprocess, sys, time; "
        f"p = subprocess.Popen([sys.executable, '-c', {stubborn!r}]); "
        "print(p.pid, flush=True); time.sleep(60)"
    )
    started = time.monotonic()
    with pytest.raises(process.Stopped):
        process.run(
            ctx, [sys.executable, "-c", build], log=tmp_path / "log", stop=lambda: check.failed
        )
    assert time.monotonic() - started < 10
    grandchild = int((tmp_path / "log").read_text().split()[0])
    deadline = time.monotonic() + 5
    while execute._alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not execute._alive(grandchild), "the build's own child outlived it"
    assert check.wait()[0] == 3


def test_a_build_beside_checks_that_pass_runs_to_its_end(tmp_path):
    ctx = Context(paths.Paths(tmp_path))
    check = process.Background.start(ctx, [sys.executable, "-c", "pass"])
    code, output = process.run(
        ctx,
        [sys.executable, "-c", "import time; time.sleep(1); print('built')"],
        stop=lambda: check.failed,
    )
    assert (code, output.strip()) == (0, "built")


def test_the_build_step_reports_the_check_that_stopped_it(tmp_path, monkeypatch):
    """A check beside the build fails while the book builds: the build step ends at once and
    the run fails with that check's own message, named as its step."""
    from ngoclaims.build import sphinx, steps
    from ngoclaims.build.context import StepFailed

    ctx = Context(paths.Paths(tmp_path))
    mismatch = "MISMATCH some-claim (line 1): computed doubtful, registry expects reproduced"
    ctx.background["verify"] = process.Background.start(
        ctx, [sys.executable, "-c", f"print({mismatch!r}); raise SystemExit(1)"]
    )
    monkeypatch.setattr(steps.publish, "published_ok", lambda ctx: False)
    monkeypatch.setattr(steps.publish, "new_staging", lambda ctx: tmp_path / "staging")

    def slow_build(ctx, *args, stop=None, **kwargs):
        return process.run(ctx, [sys.executable, "-c", "import time; time.sleep(60)"], stop=stop)

    monkeypatch.setattr(sphinx, "build", slow_build)
    started = time.monotonic()
    with pytest.raises(StepFailed, match=r"^MISMATCH some-claim .*`make verify`"):
        steps._build(ctx)
    assert time.monotonic() - started < 10
    assert ctx.step == "verify"
