from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ngoclaims.claims.registry import Project, load
from ngoclaims.imports import without_iri_grammars

# As in the build's processes: a second of grammars no test uses, in every test process
# (the module that imports jsonschema first is collected by both of make test's workers).
without_iri_grammars()

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
pytest_plugins = ["browsing"]  # the `browser` fixture of the browser tests
LOCKED = "another book build is running"  # what `ngoclaims book` says when it waits for none
COLLECTED = pytest.StashKey[set]()  # the test files this session collected (test_collection)


# The order make test's workers (one per core) take whole files in: first the files that
# mostly wait (on a kernel, a timer), so the other worker's work fills the cores meanwhile;
# then the longest first, so no long file starts last while the other worker idles. Only the
# order of the work: a file missing here runs after these, in collection order.
FILE_ORDER = (
    "tests/build/test_execute.py",
    "tests/build/test_process.py",
    "tests/build/test_pages.py",
    "tests/build/test_hostile.py",
    "tests/build/test_book.py",
    "tests/gate/test_validate.py",
    "tests/build/test_cards.py",
    "tests/build/test_stale.py",
    "tests/build/test_pdf.py",
    "tests/dev/test_mutation.py",
    "tests/chapters/test_notebooks.py",
    "tests/gate/test_expectations.py",
    "tests/gate/test_broken_input.py",
    "tests/build/test_reproducible.py",
    "tests/gate/test_diff.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Note the files of every item collected, before -k or -m deselect any; then put the
    files in :data:`FILE_ORDER`, keeping the order within each file."""
    config.stash[COLLECTED] = {item.nodeid.split("::")[0] for item in items}
    rank = {path: i for i, path in enumerate(FILE_ORDER)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture(scope="session")
def project() -> Project:
    return load(DATA)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ngoclaims", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def verify_json(cwd: Path = ROOT, env: dict[str, str] | None = None) -> dict:
    """What ``python -m ngoclaims verify --json`` prints in ``cwd``, parsed."""
    import json

    proc = subprocess.run(
        [sys.executable, "-m", "ngoclaims", "verify", "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)


def verify_records(cwd: Path = ROOT, env: dict[str, str] | None = None) -> dict[str, dict]:
    """Each claim's record of ``verify --json`` in ``cwd``, by its id (a claim listed twice
    fails)."""
    from collections import Counter

    claims = verify_json(cwd, env)["claims"]
    ids = [c["claim_id"] for c in claims]
    assert len(ids) == len(set(ids)), (
        f"verify lists a claim twice: {[i for i, n in Counter(ids).items() if n > 1]}"
    )
    return {c["claim_id"]: c for c in claims}


def can_unshare_network() -> bool:
    try:
        r = subprocess.run(
            ["unshare", "-rn", "sh", "-c", "ip link set lo up"], capture_output=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


def build_book(
    root: Path, offline: bool = True, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """`python -m ngoclaims book` in `root`; with offline, inside a network namespace that has
    nothing but loopback, which proves the build makes no network request."""
    cmd = [sys.executable, "-m", "ngoclaims", "book", *extra]
    if offline:
        cmd = ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    env = {**__import__("os").environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=900, env=env)


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The project's own book, built (or found up to date) with the network cut off."""
    import os

    offline = can_unshare_network()
    if not offline and os.environ.get("CI") == "true":
        pytest.fail("CI must prove the build offline, but `unshare -rn` is not available")
    deadline = time.monotonic() + 900
    while True:  # test workers share the project: one builds, the others wait for it
        res = build_book(ROOT, offline=offline, extra=("--check-generated",))  # never rewrite
        if LOCKED not in res.stdout + res.stderr or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert res.returncode == 0, f"book build failed:\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}"
    return ROOT / "_build" / "html"


def copy_parts(dst: Path, *parts: str) -> Path:
    """A copy of only some files and folders of the project (a project needs _toc.yml and
    data/ to be found), for a command run in it."""
    for part in parts:
        src = ROOT / part
        (dst / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dst / part)
    return dst


def copy_project(dst: Path, with_build: bool = True) -> Path:
    """A copy of the working tree (no .git, no venv); with_build keeps _build's caches and the
    published book, as a researcher's checkout would have them. Python's bytecode caches
    come along (still valid: the copy keeps the files' times), so the copy's processes do
    not compile the package and rewrite the tests again."""
    ignore = shutil.ignore_patterns(
        ".git",
        ".venv",
        ".pytest_cache",
        ".hypothesis",
        ".ruff_cache",
        "screenshots",
        "staging",
        "book.lock",
    )
    shutil.copytree(
        ROOT,
        dst,
        ignore=lambda d, names: (
            set(ignore(d, names)) | ({"_build"} if (not with_build and Path(d) == ROOT) else set())
        ),
        symlinks=True,
    )
    return dst
