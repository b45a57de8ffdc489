"""Two builds of the same commit give the same HTML: the project's book and a clean build of
a copy without any cache. The test lists the files that differ, if any."""

from __future__ import annotations

import difflib
import re

import pytest

from conftest import build_book, copy_project

pytestmark = pytest.mark.book
# What must differ between builds and is masked before comparing (none are known yet).
VOLATILE = [re.compile(p) for p in (r"Last updated on [^<]*",)]


def normalised(text: str) -> str:
    for pattern in VOLATILE:
        text = pattern.sub("<volatile>", text)
    return text


def test_a_clean_build_of_the_same_commit_gives_the_same_html(built_book, tmp_path):
    root = copy_project(tmp_path / "clean", with_build=False)
    res = build_book(root, offline=False)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    clean = root / "_build" / "html"
    ours = {p.relative_to(built_book).as_posix() for p in built_book.rglob("*") if p.is_file()}
    theirs = {p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file()}
    assert ours == theirs, f"only in one build: {sorted(ours ^ theirs)[:20]}"
    differ = []
    for rel in sorted(ours):
        a, b = (built_book / rel).read_bytes(), (clean / rel).read_bytes()
        if a == b:
            continue
        if rel.endswith((".html", ".js", ".txt", ".css")):
            ta, tb = (
                normalised(a.decode("utf-8", "replace")),
                normalised(b.decode("utf-8", "replace")),
            )
            if ta == tb:
                continue
            diff = list(difflib.unified_diff(ta.splitlines(), tb.splitlines(), lineterm="", n=0))[
                :8
            ]
            differ.append(f"{rel}:\n  " + "\n  ".join(line[:160] for line in diff))
        else:
            differ.append(rel)
    print(f"\n{len(ours)} files compared; {len(differ)} differ")
    assert not differ, "files that differ between two builds:\n" + "\n".join(differ)
