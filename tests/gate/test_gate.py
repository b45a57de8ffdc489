"""The claim tests `make book` runs before it builds: one test per claim of the registry
(``test_claim[<claim_id>]``: its computed verdict is the one the registry expects, so a CI
report lists every claim), and generic checks of whatever the data now say, so a
researcher who changes a figure (and reviews the verdicts it moves) is held to the rules,
not to today's numbers. The analysis itself is tested in test_verdicts.py."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from ngoclaims import paths
from ngoclaims.claims.coverage import scan
from ngoclaims.claims.registry import load
from ngoclaims.claims.verdicts import judge_all
from ngoclaims.dev.prose import pasted_records, typed_figures
from ngoclaims.errors import DataError

pytestmark = pytest.mark.gate
PAGES = sorted([ROOT / "intro.md", *(ROOT / "chapters").glob("*.md")])


@cache
def _registry():
    return load(DATA)


def _claim_ids() -> list[str]:
    """The registry's claim ids, read at collection time: one test each. Unreadable data
    gives none here; the tests that load it then fail with the loader's one-line error."""
    try:
        return list(_registry().claims)
    except DataError:
        return []


@pytest.fixture(scope="module")
def project():
    return _registry()


@pytest.fixture(scope="module")
def findings(project) -> dict:
    return {f.claim_id: f for f in judge_all(project)}


@pytest.mark.parametrize("claim_id", _claim_ids())
def test_claim(claim_id: str, findings):
    f = findings[claim_id]
    assert f.verdict == f.expected, (
        f"{claim_id}: computed verdict {f.verdict}, registry expects {f.expected}: {f.reasoning}"
    )


def test_every_computed_verdict_is_the_one_the_registry_expects(project):
    wrong = [
        f"{f.claim_id}: registry expects {f.expected}, the data give {f.verdict}: {f.reasoning}"
        for f in judge_all(project)
        if not f.matches_expected
    ]
    assert not wrong, "\n".join(wrong)


def test_every_number_of_the_article_is_registered(project):
    uncovered = [
        f"line {o.line}: {o.text!r} …{o.context}…" for o in scan(project) if not o.covered_by
    ]
    assert not uncovered, "\n".join(uncovered)


def test_every_claim_has_a_note_when_it_is_not_plainly_reproduced(project):
    missing = [
        c.claim_id
        for c in project.claims.values()
        if c.expected_verdict not in ("reproduced", "corroborated", "article-only") and not c.note
    ]
    assert not missing


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_figure_is_typed_into_a_chapter(page: Path):
    typed = typed_figures(page)
    assert not typed, "\n".join(f"{t.path}:{t.line}: {t.text!r} in: {t.context}" for t in typed)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_record_is_pasted_into_a_sentence(page: Path):
    """A verdict in prose is a word; its reasoning and assumptions live in the card."""
    pasted = pasted_records(page)
    assert not pasted, "\n".join(f"{t.path}:{t.line}: {t.text} in: {t.context}" for t in pasted)


def test_files_generated_from_the_data_are_fresh(project):
    """The claims suite, the bibliography and the data package follow the data; regenerate
    them with `make expectations`. (The table suites follow schema.py: test_validation.py.)"""
    from ngoclaims.gate import bibliography, datapackage
    from ngoclaims.gate import expectations as claimsuite

    for path, text in (
        (paths.here().claims_suite, claimsuite.render(project)),
        (ROOT / "references.bib", bibliography.render(project)),
        (DATA / "datapackage.json", datapackage.render()),
    ):
        assert path.read_text(encoding="utf-8") == text, (
            f"stale: {path.name} (run `make expectations`)"
        )


def test_registry_notes_type_no_figures(project):
    """The audit shows each note beside the computed reasoning: a figure typed into a note
    would reach the reader without being computed, so notes say why in words only."""
    import re

    typed = [(c.claim_id, c.note) for c in project.claims.values() if re.search(r"\d", c.note)]
    assert not typed, typed


def test_every_assumption_bears_on_something(project):
    """No assumption sits in the table unused: each is one a verdict rests on, one a derived
    figure uses, or one whose refutation set a check aside."""
    from ngoclaims.claims.checks import derive_all

    findings = judge_all(project)
    used = {a for f in findings for a in f.assumptions}
    used |= {a for f in findings for x in (*f.checks, *f.set_aside) for a in x.assumptions}
    used |= {a for d in derive_all(project) for a in d.assumptions}
    assert set(project.assumptions) - used == set()


def test_no_verdict_rests_on_an_assumption_that_is_not_supported_unless_graded(project):
    graded = {"conditional", "doubtful", "mixed", "underspecified"}
    for f in judge_all(project):
        weak = [a for a in f.assumptions if project.assumptions[a].status != "supported"]
        assert not weak or f.verdict in graded, (f.claim_id, f.verdict, weak)
