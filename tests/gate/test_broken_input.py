"""Broken input, end to end: `make book` on a copy of the project whose last good book is
published. Every case stops before the build with one clear line naming the file, the line
and the column, a non-zero exit, no traceback, and _build/html byte for byte unchanged."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bad_input import CASES as LOADER_CASES
from conftest import copy_project

pytestmark = pytest.mark.book
VENV = Path(sys.executable).parents[1]

# (case name in bad_input.CASES) for each data file and each kind of breakage
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
def projects(built_book, tmp_path_factory) -> list[Path]:
    """Two copies of the project with the last good book published, one per core."""
    base = tmp_path_factory.mktemp("broken")
    roots = [copy_project(base / f"project{i}") for i in range(2)]
    for root in roots:
        assert (root / "_build" / "html" / "index.html").exists()
    return roots


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


def run_case(root: Path, case: str, before: dict[str, str]) -> dict:
    """Break one file of the copy, run make book, restore the data; what the test checks
    (whether the published book is still ``before``, its hash when the copy was made)."""
    name = LOADER_CASES[case][0]
    data = root / "data"
    backup = root / "data.bak"
    shutil.copytree(data, backup)
    try:
        LOADER_CASES[case][1](data / name)
        res = make_book(root)
    finally:
        shutil.rmtree(data)
        backup.rename(data)
    return {"res": res, "book_unchanged": tree_hash(root / "_build" / "html") == before}


@pytest.fixture(scope="module")
def outcomes(projects) -> dict[str, dict]:
    """Every case, run two at a time: each copy takes every other case in turn."""
    from concurrent.futures import ThreadPoolExecutor

    def run_share(i: int) -> dict[str, dict]:
        before = tree_hash(projects[i] / "_build" / "html")  # each case must leave it so
        return {case: run_case(projects[i], case, before) for case in CASES[i :: len(projects)]}

    with ThreadPoolExecutor(max_workers=len(projects)) as pool:
        out: dict[str, dict] = {}
        for share in pool.map(run_share, range(len(projects))):
            out.update(share)
    return out


def test_the_copy_builds_as_it_is(projects):
    res = make_book(projects[0])
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.parametrize("case", CASES)
def test_broken_input_stops_make_book_and_keeps_the_last_book(outcomes, case):
    name, _, line, column, words = LOADER_CASES[case]
    res = outcomes[case]["res"]
    out = res.stdout + res.stderr
    assert res.returncode != 0
    assert "Traceback" not in out
    last = [x for x in res.stderr.splitlines() if x.startswith("book:")][-1]
    assert Path(name).name in last and words in last, last
    if line is not None:
        assert f"{Path(name).name}:{line}:" in last, last
    if column is not None:
        assert f"column '{column}'" in last, last
    assert not re.search(r"\[\d+/\d+\] build book", out), "the build ran on broken data"
    assert outcomes[case]["book_unchanged"], "the published book changed"
