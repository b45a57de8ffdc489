"""Every test file is collected by a plain `pytest` (as `make test` runs it): pytest skips
folders named like build output ("build", "dist", ...) unless told otherwise, which once
dropped tests/build without a word."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_every_test_file_is_collected_by_make_test():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:syrupy",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # (syrupy off: with no test run, it reports every snapshot as unused and exits 1)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    collected = {line.split("::")[0] for line in out.stdout.splitlines() if "::" in line}
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    assert files - collected == set()
    assert "tests/build/test_book.py" in collected
