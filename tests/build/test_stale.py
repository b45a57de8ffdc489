"""No stale book: a data change reaches every number and verdict; nothing changed means no
notebook runs again. Run on a copy of the project with its caches."""

from __future__ import annotations

import re

import pytest

from conftest import build_book, copy_project, replace_in
from ngoclaims.build import process

pytestmark = pytest.mark.book


def _text(root, page):
    return re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", " ", (root / "_build" / "html" / page).read_text(encoding="utf-8")),
    ).replace("\u2019", "'")


READ_NONE = "updating environment: 0 added, 0 changed, 0 removed"  # Sphinx read no page
REGNUM = "REGNUM news item quoting the National Association of NGOs of Uzbekistan"


@pytest.fixture(scope="module")
def project(built_book, tmp_path_factory):
    """One copy of the project with its caches for the module: the script test after the
    data test finds its Sphinx folder already at home there (a copy's first build reads
    every page anew)."""
    return copy_project(tmp_path_factory.mktemp("stale") / "project")


def test_a_data_change_reaches_the_book_and_nothing_else_reruns(project):
    """Nothing changed: nothing runs. Then changed figures, events and a source's title reach
    the verdicts, the sentences and the references, and make book first rewrites the
    generated files they made stale (the claims suite, references.bib)."""
    root = project

    # nothing changed: no step runs, no notebook executes
    res = build_book(root, offline=False)
    assert res.returncode == 0, res.stderr
    assert "up to date" in res.stdout + res.stderr

    kz = _text(root, "chapters/kazakhstan.html")
    assert "The fourth is doubtful" in kz
    kg = _text(root, "chapters/kyrgyzstan.html")
    assert "lie all below the article's about 20,000 NGOs" in kg
    # The source now reports the fourth Civil Forum held, in the year the article gives;
    # and ICNL's count of 2019 is above the article's of 2017, which flips a sentence.
    for name in ("sources.csv", "events.csv"):
        replace_in(root / "data" / name, "October, 6-7, 2009", "October, 6-7, 2010", count=-1)
    replace_in(root / "data" / "events.csv", ",2009,,10,6,scheduled,", ",2010,,10,6,held,")
    for name in ("sources.csv", "figures.csv"):
        replace_in(root / "data" / name, "over 17,391 CSOs", "over 20,391 CSOs", count=-1)
    replace_in(root / "data" / "figures.csv", ",17391,over,", ",20391,over,")
    # A source retitled makes references.bib stale, as the new figures make the claims suite.
    replace_in(root / "data" / "sources.csv", REGNUM, f"{REGNUM} (retitled)")
    bib = root / "references.bib"
    assert "(retitled)" not in bib.read_text(encoding="utf-8")
    # The researcher reviews the verdicts the analysis now reaches; make book regenerates
    # the generated files (the claims suite, references.bib) itself.
    replace_in(
        root / "data" / "claims.csv",
        "2010,exact,year,2010,stated,date,civil_forum.4,,,doubtful,",
        "2010,exact,year,2010,stated,date,civil_forum.4,,,corroborated,",
    )
    suite = (root / "expectations" / "claims_against_evidence.json").read_text(encoding="utf-8")

    res = build_book(root, offline=False)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert (root / "expectations" / "claims_against_evidence.json").read_text("utf-8") != suite
    assert f"{REGNUM} (retitled)" in bib.read_text(encoding="utf-8")
    generated = [ln for ln in res.stdout.splitlines() if "generated files" in ln][-1]
    assert "references.bib" in generated and "claims_against_evidence.json" in generated, generated
    assert "(retitled)" in _text(root, "chapters/references.html")
    kz = _text(root, "chapters/kazakhstan.html")
    assert "The fourth is corroborated" in kz
    kg = _text(root, "chapters/kyrgyzstan.html")
    assert "lie some below and some above the article's about 20,000 NGOs" in kg
    assert "October 2010" in kz and "October 2009" not in kz
    ledger = (root / "_build" / "html" / "chapters" / "ledger.html").read_text(encoding="utf-8")
    row = ledger[ledger.index('id="kz-forum-4-year"') :]  # a ledger row's id is its claim's
    assert re.search(r'class="verdict verdict-corroborated"', row[:3000])


def test_a_changed_script_is_linked_anew_from_every_page(project):
    """Pages link scripts with a checksum (``?v=``); an edit of one script alone must reach
    every page, not only the pages Sphinx had to write again."""
    root = project
    pattern = re.compile(r'ngo-ledger\.js\?v=([0-9a-f]+)"')

    def versions() -> set[str]:
        html = root / "_build" / "html"
        return {v for p in html.rglob("*.html") for v in pattern.findall(p.read_text("utf-8"))}

    before = versions()
    assert len(before) == 1
    # Until a build has read no page again (Sphinx then writes none anew): the first build
    # in a copy reads every page, unless the data test before it has already built there.
    for edit in ("first", "second"):
        with (root / "_static" / "ngo-ledger.js").open("a", encoding="utf-8") as fh:
            fh.write(f"\n/* {edit} edit */\n")
        res = build_book(root, offline=False)
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
        after = versions()
        assert len(after) == 1 and after != before, (edit, before, after)
        published = root / "_build" / "html" / "_static" / "ngo-ledger.js"
        assert f"/* {edit} edit */" in published.read_text(encoding="utf-8")
        before = after
        log = "\n".join(process.plain((root / "_build" / "logs" / "build.log").read_text("utf-8")))
        if READ_NONE in log:
            break
    assert READ_NONE in log, "two builds after an edit of a script read pages again"
