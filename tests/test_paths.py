"""The project a command works on is the one around the current folder or --root, never
the folder the package is installed from."""

from __future__ import annotations

import pytest

from conftest import ROOT, copy_parts, run_cli
from ngoclaims import paths
from ngoclaims.errors import DataError


def test_the_project_is_found_upward_from_any_folder_inside_it():
    assert paths.find_root(ROOT / "chapters") == ROOT
    assert paths.find_root(ROOT / "data" / "source") == ROOT


def test_a_folder_outside_any_project_is_a_one_line_error(tmp_path):
    with pytest.raises(DataError, match="no project here or above"):
        paths.find_root(tmp_path)
    with pytest.raises(DataError, match="not a project"):
        paths.use_root(tmp_path)


def test_a_copy_of_the_project_checks_its_own_data(tmp_path):
    # the copy's article loses a claim's quote: verify run in the copy must notice, though
    # the package it runs is this checkout's
    copy = copy_parts(tmp_path / "copy", "data", "_toc.yml")
    article = copy / "data" / "source" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("95", "96", 1), encoding="utf-8")
    here = run_cli("verify", "--quiet", cwd=ROOT)
    there = run_cli("verify", "--quiet", cwd=copy)
    rooted = run_cli("--root", str(copy), "verify", "--quiet", cwd=tmp_path)
    assert here.returncode == 0
    assert there.returncode == 2 and "article.txt" not in there.stdout
    assert there.stderr.startswith("error: data/claims.csv:")
    assert rooted.returncode == 2 and rooted.stderr == there.stderr.replace("data/", "copy/data/")


def test_every_path_comes_from_one_module():
    # no module but paths.py builds a path from the package's own location
    offenders = [
        p.relative_to(ROOT)
        for p in (ROOT / "src" / "ngoclaims").rglob("*.py")
        if p.name != "paths.py" and "__file__" in p.read_text(encoding="utf-8")
    ]
    assert not offenders
