"""Broken input, end to end: `make book` on a copy of the project whose last good book is
published. Every case stops before the build with one clear line naming the file, the line
and the column, a non-zero exit, no traceback, and _build/html byte for byte unchanged."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project
from test_registry import CASES as LOADER_CASES

pytestmark = pytest.mark.book
VENV = Path(sys.executable).parents[1]

# (case name in test_registry.CASES) for each data file and each kind of breakage
CASES = [
    name
    for name in sorted(LOADER_CASES)
    if name.split("-")[0] in ("claims", "figures", "events", "periods", "sources", "article")
]


def tree_hash(path: Path) -> dict[str, str]:
    return {
        p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(built_book, tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("broken") / "project")
    assert (root / "_build" / "html" / "index.html").exists()
    return root


def make_book(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    # the copy uses this checkout's environment and must never reinstall the package into it
    return subprocess.run(
        ["make", "--no-print-directory", "book", f"VENV={VENV}", "NGOCLAIMS_NO_SETUP=1"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_copy_builds_as_it_is(project):
    res = make_book(project)
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.parametrize("case", CASES)
def test_broken_input_stops_make_book_and_keeps_the_last_book(project, case):
    name, breakage, line, column, words = LOADER_CASES[case]
    data = project / "data"
    backup = project / "data.bak"
    shutil.copytree(data, backup)
    before = tree_hash(project / "_build" / "html")
    try:
        breakage(data / name)
        res = make_book(project)
    finally:
        shutil.rmtree(data)
        backup.rename(data)
    out = res.stdout + res.stderr
    assert res.returncode != 0
    assert "Traceback" not in out
    last = [x for x in res.stderr.splitlines() if x.startswith("book:")][-1]
    assert Path(name).name in last and words in last, last
    if line is not None:
        assert f"{Path(name).name}:{line}:" in last, last
    if column is not None:
        assert f"column '{column}'" in last, last
    assert "[5/7] build" not in out, "the build ran on broken data"
    assert tree_hash(project / "_build" / "html") == before
