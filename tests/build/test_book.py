"""The built book: every claim in the ledger with its computed verdict, the chapters'
tables equal to verify, the charts as HTML and images, no empty glue, nothing from a CDN."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_cli
from ngoclaims.build.htmlcheck import check_book

pytestmark = pytest.mark.book
CHAPTER_PAGES = ["region", "uzbekistan", "kazakhstan", "kyrgyzstan"]
CHARTS = {
    "periodisation-timeline",
    "all-ngo-counts",
    "uz-ngo-counts",
    "kz-ngo-counts",
    "kz-grants-base-year",
    "kz-prizes-real",
    "kg-ngo-counts",
    "kg-definitions",
    "verdict-counts",
}


@pytest.fixture(scope="module")
def verify():
    res = run_cli("verify", "--json")
    assert res.returncode == 0
    return {r["claim_id"]: r for r in json.loads(res.stdout)["claims"]}


def soup(html_dir, page):
    return BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")


def test_the_built_book_passes_every_html_check(built_book):
    assert check_book(built_book, toc_path=ROOT / "_toc.yml") == []


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
    for anchor in s.select("span.ledger-anchor"):
        cid = anchor["id"].removeprefix("ledger-")
        tr = anchor.find_parent("tr")
        rows[cid] = tr.select_one("span.verdict").get_text()
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
        linked = {a["href"].split("#ledger-")[1] for a in tr.select("a[href*='#ledger-']")}
        resting = {cid for cid, r in verify.items() if aid in [a["id"] for a in r["assumptions"]]}
        assert resting <= linked, aid
