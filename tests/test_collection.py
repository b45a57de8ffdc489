"""Every test file is collected by a plain `pytest` (as `make test` runs it): pytest skips
folders named like build output ("build", "dist", ...) unless told otherwise, which once
dropped tests/build without a word.

When this session is such a plain run (no paths or options that narrow what is collected),
its own collection is the evidence; otherwise a `pytest --collect-only` of the project is."""

from __future__ import annotations

import subprocess
import sys

from conftest import COLLECTED, ROOT


def _plain_run(config) -> bool:
    return not config.args or [str(a).rstrip("/") for a in config.args] == ["tests"]


def _collect_in_a_child() -> set[str]:
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
    return {line.split("::")[0] for line in out.stdout.splitlines() if "::" in line}


def test_every_test_file_is_collected_by_make_test(request):
    config = request.config
    plain = _plain_run(config) and COLLECTED in config.stash and config.rootpath == ROOT
    collected = config.stash[COLLECTED] if plain else _collect_in_a_child()
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    assert files - collected == set()
    assert "tests/build/test_book.py" in collected


def test_every_file_of_the_file_order_exists():
    """The order make test's workers take the files in names only files that are there."""
    from conftest import FILE_ORDER

    missing = [path for path in FILE_ORDER if not (ROOT / path).is_file()]
    assert not missing, f"tests/conftest.py FILE_ORDER names missing files: {missing}"
