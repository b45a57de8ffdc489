"""The checks that run beside the build yield the cores to it."""

from __future__ import annotations

import sys

from ngoclaims import paths
from ngoclaims.build import process
from ngoclaims.build.context import Context


def test_a_check_beside_the_build_runs_at_a_lower_priority(tmp_path):
    ctx = Context(paths.Paths(tmp_path))
    early = process.Background.start(ctx, [sys.executable, "-c", "import os; print(os.nice(0))"])
    code, output = early.wait()
    assert code == 0
    own = __import__("os").nice(0)
    assert int(output.strip()) == own + process.BESIDE_NICENESS
