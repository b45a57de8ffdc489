"""Input keys and stamps: a step is skipped when the hash of the files it reads equals the
hash recorded by its last success, so a rebuild with nothing changed only hashes files.

Every key also hashes the Python version and the step's command line (``extra``), so a
new interpreter or a changed command runs the step again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from ngoclaims.build import toc
from ngoclaims.build.context import Context, StepFailed
from ngoclaims.paths import Paths

__all__ = [
    "INPUTS",
    "compute",
    "input_key",
    "key",
    "read_json",
    "stamp_ok",
    "write_json",
    "write_stamp",
]

_PKG = ("src/ngoclaims", "pyproject.toml", "requirements.txt")
_DATA = ("data", "expectations")
_GENERATED_FROM_DATA = ("expectations", "references.bib")  # data/datapackage.json is in data
_PAGES = ("chapters", "intro.md")
_BOOK = (*_PAGES, "_config.yml", "_toc.yml", "references.bib", "_static")
# What each cached thing depends on (paths relative to the root; folders whole).
INPUTS: dict[str, tuple[str, ...]] = {
    # its outputs too: when they match, running it again would write nothing
    "generate": ("data", *_GENERATED_FROM_DATA, *_PKG),
    "verify": ("data", *_PKG),
    "validate": (*_DATA, *_PKG),
    # the gate reads the chapters (no figure typed into one) and the generated files
    # the claim tests read the data and the files generated from it; the chapters' prose
    # is checked by the prose step, so an edit of the prose does not run them again
    "gate": (*_DATA, "references.bib", "tests", *_PKG),
    "prose": (*_PAGES, "_toc.yml", *_PKG),
    "bundle": ("requirements.txt", "src/ngoclaims/chapters/bundle.py"),
    "cards": ("data", *_PKG),  # verify's records, as the numbers' evidence cards
    "execution": (*_DATA, *_PKG),  # the notebook execution cache
    "book": (*_DATA, *_PKG, *_BOOK),  # plus every page named in _toc.yml
}
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis", ".ruff_cache"}
_IGNORED_FILES = re.compile(r"(\.pyc|\.pyo|\.tmp|~|\.swp|\.DS_Store)$")
# written by the bundle and cards steps, git-ignored
_NOT_INPUTS = {"_static/vega-bundle.js", "_static/ngo-cards-data.js"}


def _walk(folder: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d for d in dirnames if d not in _IGNORED_DIRS and not d.endswith(".egg-info")
        )
        for name in sorted(filenames):
            if not _IGNORED_FILES.search(name):
                yield Path(dirpath) / name


def _files(root: Path, rel: str) -> list[Path]:
    path = root / rel
    if path.is_file():
        return [path]
    return list(_walk(path)) if path.is_dir() else []


def input_key(root: Path, paths: Iterable[str], extra: str = "") -> str:
    """sha256 over the relative path and content of every file under ``paths``."""
    digest = hashlib.sha256()
    digest.update(f"python {sys.version_info[:3]}\n{extra}\n".encode())
    for rel in sorted(set(paths)):
        files = _files(root, rel)
        if not files:
            digest.update(f"missing {rel}\n".encode())
        for file in files:
            name = file.relative_to(root).as_posix()
            if name in _NOT_INPUTS:
                continue
            digest.update(f"{name}\0".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _pages(where: Paths) -> tuple[str, ...]:
    try:
        found = toc.sources(where.root, where.toc)
    except Exception as err:  # noqa: BLE001 (yaml's and sphinx-external-toc's errors)
        lines = str(err).strip().splitlines() or [type(err).__name__]
        raise StepFailed(f"cannot read _toc.yml: {lines[0]}") from None
    return tuple(p.relative_to(where.root).as_posix() for p in found)


def key(where: Paths, name: str, extra: str = "") -> str:
    """The current key of one step or cache (``INPUTS``)."""
    inputs = INPUTS[name] + (_pages(where) if name == "book" else ())
    return input_key(where.root, inputs, extra=extra)


def compute(where: Paths, extras: Mapping[str, str]) -> dict[str, str]:
    """The keys of everything in ``INPUTS``; ``extras`` are the steps' command lines."""
    return {name: key(where, name, extras.get(name, "")) for name in INPUTS}


def read_json(path: Path) -> dict:
    """A JSON file's content, or {} when it is missing or unreadable (a stamp never fails)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def stamp_ok(ctx: Context, name: str) -> bool:
    """Whether the step's last success was for the inputs it has now."""
    return read_json(ctx.paths.stamps / f"{name}.json").get("key") == ctx.keys[name]


def write_stamp(ctx: Context, name: str) -> None:
    """Record a step's success for its current inputs."""
    write_json(ctx.paths.stamps / f"{name}.json", {"key": ctx.keys[name]})
