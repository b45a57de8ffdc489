"""The built book: every claim in the ledger with its computed verdict, the chapters'
tables equal to verify, the charts as HTML and images, no empty glue, nothing from a CDN.

And a failed `make book`, on a copy of the project: each failure ends with one line naming
what failed and the command that shows or fixes it, and the last good book stays. A stale
generated file is no failure: the build regenerates it. The defects the HTML checks leave
to the build (a glue key no notebook glued, a failing cell, a cell writing to stderr) fail
the build itself."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_book, copy_project, run_cli
from ngoclaims.build import toc
from ngoclaims.build.htmlcheck import check_book

pytestmark = pytest.mark.book
CHAPTER_PAGES = ["region", "uzbekistan", "kazakhstan", "kyrgyzstan"]
CHARTS = {
    "periodisation-timeline",
    "all-ngo-counts",
    "uz-ngo-counts",
    "kz-ngo-counts",
    "kz-grants-base-year",
    "kg-ngo-counts",
    "verdict-overview",
}


@pytest.fixture(scope="module")
def verify():
    res = run_cli("verify", "--json")
    assert res.returncode == 0
    return {r["claim_id"]: r for r in json.loads(res.stdout)["claims"]}


def soup(html_dir, page):
    return BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")


def test_the_built_book_passes_every_html_check(built_book):
    assert check_book(built_book, toc.docnames(ROOT / "_toc.yml")) == []


def test_no_page_loads_anything_from_the_network(built_book):
    for page in built_book.rglob("*.html"):
        s = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in s.find_all(tag):
                assert not re.match(r"(https?:)?//", el.get(attr) or ""), f"{page.name}: {el}"
        assert "mathjax" not in page.read_text(
            encoding="utf-8"
        ).lower() or "tex-chtml" not in page.read_text(encoding="utf-8")


def test_no_glued_value_is_empty(built_book):
    n = 0
    for page in ["intro.html"] + [
        f"chapters/{p}.html"
        for p in CHAPTER_PAGES + ["ledger", "audit", "limits", "sources", "validation", "data"]
    ]:
        for span in soup(built_book, page).select("span.pasted-text"):
            n += 1
            assert span.get_text().strip() not in ("", "''", "None", "nan"), f"{page}: empty glue"
    assert n > 150


def test_the_ledger_lists_every_claim_with_its_computed_verdict(built_book, verify):
    s = soup(built_book, "chapters/ledger.html")
    rows = {}
    for tr in s.select("table.ledger tbody tr"):  # a row's id is its claim's
        rows[tr["id"]] = tr.select_one("span.verdict").get_text()
    assert rows == {cid: r["verdict"] for cid, r in verify.items()}


def test_chapter_tables_show_what_verify_computes(built_book, verify):
    seen = set()
    for page in CHAPTER_PAGES:
        for anchor in soup(built_book, f"chapters/{page}.html").select("span.claim-anchor"):
            cid = anchor["id"].removeprefix("claim-")
            cells = anchor.find_parent("tr").find_all("td")
            r = verify[cid]
            assert cells[2].get_text() == r["stated"]
            assert cells[4].get_text() == (r["recomputed"] or "—")
            assert cells[5].select_one("span.verdict").get_text() == r["verdict"]
            rests_on = cells[5].select_one("span.rests-on")
            shown = [a.get_text() for a in rests_on.select("a")] if rests_on else []
            assert shown == [a["id"] for a in r["assumptions"]], cid
            seen.add(cid)
    assert seen == set(verify)


def test_charts_are_there_as_interactive_html_and_as_images(built_book):
    found = {}
    for page in built_book.rglob("*.html"):
        for fig in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
            "figure.ngo-chart"
        ):
            found[fig["data-chart"]] = fig
    assert CHARTS <= set(found)
    for name in CHARTS:
        fig = found[name]
        assert fig.select_one(".ngo-chart-live") is not None
        assert fig.select_one("img.ngo-chart-static")["src"].startswith("data:image/svg+xml")
        spec = json.loads(fig.select_one("script.ngo-chart-spec").string)
        assert spec.get("marks") or spec.get("data") or spec.get("layer") or spec.get("mark")
    assert (built_book / "_static" / "vega-bundle.js").stat().st_size > 100_000


def test_the_limits_page_lists_every_assumption_with_what_rests_on_it(built_book, verify):
    """Each assumption has an anchor, its status, and links to the claims resting on it."""
    from ngoclaims.claims.registry import load

    project = load(ROOT / "data")
    s = soup(built_book, "chapters/limits.html")
    rows = {}
    for anchor in s.select("table.assumptions span[id^=assumption-]"):
        tr = anchor.find_parent("tr")
        rows[anchor["id"].removeprefix("assumption-")] = tr
    assert set(rows) == set(project.assumptions)
    for aid, tr in rows.items():
        assert tr.select_one("span.status").get_text() == project.assumptions[aid].status
        linked = {a["href"].split("#")[1] for a in tr.select("a.ledger-link[href*='ledger.html#']")}
        resting = {cid for cid, r in verify.items() if aid in [a["id"] for a in r["assumptions"]]}
        assert resting <= linked, aid


# --- a failed build ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(built_book, tmp_path_factory) -> Path:
    """A copy of the project with its last good book published and its caches."""
    return copy_project(tmp_path_factory.mktemp("failures") / "project")


def tree_hash(path: Path) -> dict[str, str]:
    return {
        p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


@contextmanager
def edited(path: Path, change) -> Iterator[None]:
    """The file changed by ``change(text) -> text`` for the block, then restored."""
    original = path.read_text(encoding="utf-8")
    path.write_text(change(original), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def failed(root: Path, change_file: Path, change, *options: str) -> str:
    """Run the book with one file changed; assert it failed as a failure should (exit 1, no
    traceback of the tools, the published book untouched); returns the run's last line."""
    before = tree_hash(root / "_build" / "html")
    with edited(change_file, change):
        res = build_book(root, offline=False, extra=options)
    assert res.returncode == 1, res.stdout[-2000:] + res.stderr[-2000:]
    # no traceback of the tools (a failing cell's own, as IPython shows it, is the reader's)
    assert not re.search(r"^[\s|]*Traceback \(most recent call last\):", res.stderr, re.M)
    assert tree_hash(root / "_build" / "html") == before, "the published book changed"
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("book: "), last
    return last


def _with_expected_verdict(text: str, verdict: str) -> tuple[str, str]:
    """claims.csv with its first claim expecting another verdict than ``verdict``; and that
    claim's id."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    column = rows[0].index("expected_verdict")
    first = rows[1]
    first[column] = verdict if first[column] != verdict else "reproduced"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue(), first[0]


def test_the_tests_own_build_fails_on_a_stale_generated_file_and_leaves_it(project):
    """The tests build the project's own book with --check-generated: a stale committed
    file fails them (as test_gate does) and is not rewritten behind the committer's back."""
    bib = project / "references.bib"
    before = bib.read_text(encoding="utf-8")
    sources = project / "data" / "sources.csv"
    last = failed(
        project, sources, lambda t: t.replace("REGNUM news", "REGNUM item"), "--check-generated"
    )
    assert last == (
        "book: generate failed: stale: references.bib (run `python -m ngoclaims expectations`)"
    )
    assert bib.read_text(encoding="utf-8") == before


def test_a_failing_verdict_names_the_claim_and_make_verify(project):
    claims = project / "data" / "claims.csv"
    _, claim_id = _with_expected_verdict(claims.read_text(encoding="utf-8"), "doubtful")
    last = failed(project, claims, lambda text: _with_expected_verdict(text, "doubtful")[0])
    assert last.startswith(f"book: verify failed: MISMATCH {claim_id} "), last
    assert "`make verify`" in last and "expected_verdict" in last, last


def test_a_figure_typed_into_the_prose_names_the_page_its_line_and_the_fix(project):
    chapter = project / "chapters" / "region.md"
    typed = "\nIn that year there were 4242 NGOs in the region.\n"
    last = failed(project, chapter, lambda text: text + typed)
    line = chapter.read_text(encoding="utf-8").count("\n") + 2
    assert last.startswith(f"book: prose failed: chapters/region.md:{line}: '4242' is typed"), last
    assert "glue it from the chapter's code" in last, last


def test_a_failing_claim_test_names_its_message_and_how_to_rerun_it(project):
    # a claim that is not plainly reproduced loses its note: verify still passes, the claim
    # tests (beside the build) do not, and the book is not published
    claims = project / "data" / "claims.csv"
    note = "One of the periods announced, ending where the next begins."
    last = failed(project, claims, lambda text: text.replace(note, ""))
    assert last.startswith("book: gate failed: "), last
    assert "test_every_claim_has_a_note_when_it_is_not_plainly_reproduced" in last, last
    assert "rerun: `python -m pytest 'tests/gate/test_gate.py::" in last, last


# What the HTML checks no longer look for, because the build fails on it first (-W, and
# MyST-NB's raise_on_error and stderr_output: warn): appended to a chapter, each must fail
# the build with a line naming the page.
BUILD_FAILS_ON = {
    "a glue key no notebook glued": (
        "\nA value: {glue:text}`no-such-key`.\n",
        "No key 'no-such-key' found in glue data for this document",
    ),
    "a glue key from another page that it did not glue": (
        "\nA value: {glue:text}`uzbekistan.md::no-such-key:s`.\n",
        "Glue reference 'no-such-key' not found in doc 'chapters/uzbekistan'",
    ),
    "a cell that raises": (
        "\n```{code-cell} ipython3\nraise ValueError('boom')\n```\n",
        "a notebook cell failed: ValueError: boom",
    ),
    "a cell that writes to stderr": (
        "\n```{code-cell} ipython3\nimport sys\nsys.stderr.write('careful')\n```\n",
        "stderr was found in the cell outputs",
    ),
}


@pytest.mark.parametrize("case", sorted(BUILD_FAILS_ON))
def test_the_build_itself_fails_on(project, case):
    added, message = BUILD_FAILS_ON[case]
    last = failed(project, project / "chapters" / "region.md", lambda text: text + added)
    assert last.startswith("book: build failed: chapters/region.md"), last
    assert message in last and "(full log: _build/logs/build.log)" in last, last
    # the kept Sphinx folder goes with a failed build: the next one reads every page again,
    # so a warning of a page that has not changed since cannot go unseen
    assert not (project / "_build" / "sphinx" / "html").exists()
