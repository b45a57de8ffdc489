"""The book printed to PDF (`python -m ngoclaims pdf`, `make pdf`): every chapter, the ledger
and every claim are in it, and the charts print as their static images. Offline: where a
network namespace can be made, the PDF is printed inside one with nothing but loopback."""

from __future__ import annotations

import base64
import csv
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, can_unshare_network
from ngoclaims.build import browser, pdf, toc
from ngoclaims.paths import Paths

pytestmark = pytest.mark.book
PDF = Paths(ROOT).book_pdf
SINGLE = Paths(ROOT).singlehtml / "html"


def _run_pdf(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "ngoclaims", "pdf", *args]
    if can_unshare_network():
        cmd = ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def normalise(text: str) -> str:
    """PDF text made comparable: ligatures and typographic quotes undone, whitespace
    collapsed, and a line break after a hyphen joined (Chromium breaks long ids there)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00ad": "-"}))
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(path: Path) -> list[tuple[str, object]]:
    """Each page of a PDF: its text as extracted (once: it takes seconds) and the page."""
    from pypdf import PdfReader

    return [(page.extract_text() or "", page) for page in PdfReader(str(path)).pages]


def pdf_text(path: Path, pages: list[tuple[str, object]] | None = None) -> str:
    """The PDF's text, normalised (from ``pages`` when they have been read already)."""
    return normalise("\n".join(raw for raw, _ in pages or pdf_pages(path)))


def has_id(text: str, ident: str) -> bool:
    """ident as a whole token (so kz-stage-4 is not found inside kz-stage-4-start)."""
    return re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text) is not None


@pytest.fixture(scope="module")
def book_pdf(built_book) -> Path:
    if browser.find() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must print the book to PDF, but no Chromium is installed")
        pytest.skip("no Chromium on PATH (apt-get install chromium-headless-shell)")
    res = _run_pdf()
    assert res.returncode == 0, f"pdf failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return PDF


@pytest.fixture(scope="module")
def book_pages(book_pdf) -> list[tuple[str, object]]:
    return pdf_pages(book_pdf)


@pytest.fixture(scope="module")
def text(book_pdf, book_pages) -> str:
    return pdf_text(book_pdf, book_pages)


@pytest.fixture(scope="module")
def claim_ids() -> list[str]:
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8", newline="") as f:
        return [row["claim_id"] for row in csv.DictReader(f)]


def chapter_headings() -> list[tuple[str, str]]:
    """(docname, its first-level heading) of every page of _toc.yml, in order."""
    out = []
    for name in toc.docnames(ROOT / "_toc.yml"):
        source = ROOT / f"{name}.md"
        if not source.exists():
            continue
        heading = next(
            (
                ln[2:].strip()
                for ln in source.read_text(encoding="utf-8").splitlines()
                if ln.startswith("# ")
            ),
            None,
        )
        assert heading, f"{source.name} has no first-level heading"
        out.append((name, normalise(heading)))
    return out


def test_the_pdf_is_a_whole_book(book_pdf):
    from pypdf import PdfReader

    assert book_pdf.read_bytes()[:5] == b"%PDF-"
    pages = len(PdfReader(str(book_pdf)).pages)
    assert pages >= 20, f"only {pages} pages"
    assert book_pdf.stat().st_size > 100_000


def test_every_chapter_heading_is_in_the_pdf(text):
    headings = chapter_headings()
    assert len(headings) >= 10
    root = headings[0][0]
    for name, heading in headings:
        # a chapter's heading is in the contents and again where the chapter starts
        need = 1 if name == root else 2
        assert text.count(heading) >= need, f"{name}: heading {heading!r} not in the PDF"


def test_the_ledger_is_in_the_pdf_with_every_claim(text, claim_ids):
    headings = chapter_headings()
    names = [name for name, _ in headings]
    ledger = dict(headings)["chapters/ledger"]
    following = headings[names.index("chapters/ledger") + 1][1]
    header = "claim quote stated evidence recomputed verdict"  # the ledger table's header
    sections = []
    for m in re.finditer(re.escape(ledger), text):
        end = text.find(following, m.end())
        sections.append(text[m.start() : end if end > 0 else len(text)])
    section = max((s for s in sections if header in s), key=len, default="")
    assert section, "the claim ledger (its heading and table) is not in the PDF"
    missing = [cid for cid in claim_ids if not has_id(section, cid)]
    assert not missing, f"claims missing from the ledger in the PDF: {missing}"


def test_every_claim_id_is_in_the_pdf(text, claim_ids):
    assert len(claim_ids) > 50
    missing = [cid for cid in claim_ids if not has_id(text, cid)]
    assert not missing, f"claim ids not in the PDF text: {missing}"


def test_folded_sections_print_open(text):
    """What a reader of the HTML book opens, the PDF shows: every finding of the opening
    page (a long group is folded) and the full list of expectations."""
    from ngoclaims.chapters import overview
    from ngoclaims.chapters.analysis import book
    from ngoclaims.chapters.validation import validation_table

    found = overview.book_items(book())
    assert any(i.verdict in overview.FOLDED for i in found)
    missing = [i.claim_id for i in found if normalise(i.sentence)[:60] not in text]
    assert not missing, f"findings not in the PDF: {missing}"
    rows = len(validation_table())
    assert len(re.findall(r"\bpassed\b", text)) >= rows, (
        "the full list of expectations is not printed"
    )


def test_no_empty_or_failed_values_in_the_pdf(text):
    assert "Traceback" not in text
    assert not re.search(r"\bnan\b|<NA>", text)


def _marker_svg(label: str) -> str:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60">'
        f'<text x="10" y="40" font-size="24">{label}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _raster_images(node, seen: set | None = None) -> int:
    """How many raster images a PDF page (or form) draws, inside its forms too."""
    seen = set() if seen is None else seen
    resources = node.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    count = 0
    for ref in (xobjects.get_object() if xobjects else {}).values():
        xobject = ref.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif xobject.get("/Subtype") == "/Form":
            count += _raster_images(xobject, seen)
    return count


def vector_chart_problems(pdf_pages: list[tuple[str, object]], titles: dict[str, str]) -> list[str]:
    """What shows a chart of the PDF (its pages, as :func:`pdf_pages` reads them) not printed
    as vector graphics: its title (text of its image) not in the PDF's text, or a raster
    image on the page that shows it."""
    pages = [(normalise(raw), page) for raw, page in pdf_pages]
    problems = []
    for name, title in titles.items():
        on = [page for page_text, page in pages if title in page_text]
        if not on:
            problems.append(f"chart {name}: its title {title!r} is not text in the PDF")
        problems += [
            f"chart {name}: a raster image on its page" for page in on if _raster_images(page)
        ]
    return problems


def _chart_title(img) -> str:
    """The longest text of a chart's static image: its title (lines joined)."""
    svg = BeautifulSoup(base64.b64decode(img["src"].split(",", 1)[1]).decode(), "html.parser")
    return max((normalise(" ".join(t.stripped_strings)) for t in svg.find_all("text")), key=len)


def _keep_only_the_charts(soup: BeautifulSoup) -> None:
    """The page's article reduced to its chart figures, in their order (head, scripts and
    print styles kept)."""
    article = soup.select_one("article.bd-article") or soup.body
    figures = [fig.extract() for fig in article.select("figure.ngo-chart")]
    article.clear()
    for fig in figures:
        article.append(fig)


def test_charts_print_as_their_static_images(book_pages, text, tmp_path):
    """Every chart's static image prints as vector graphics (its title is text in the PDF,
    and no raster image is on its page). Then, with every static image swapped for a marker
    and printed again: each marker is in the PDF (the static image prints) and the chart's
    own text is not (the live one does not)."""
    page = SINGLE / f"{toc.root_docname(ROOT / '_toc.yml')}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    figures = soup.select("figure.ngo-chart")
    assert len(figures) >= 5
    prose = BeautifulSoup(str(soup), "html.parser")
    for fig in prose.select("figure.ngo-chart"):
        fig.decompose()
    prose_text = normalise(prose.get_text(" "))
    titles = {}
    for i, fig in enumerate(figures):
        name = fig.get("data-chart")
        img = fig.select_one("img.ngo-chart-static")
        assert img is not None, f"chart {name} has no static image"
        assert img["src"].startswith("data:image/svg+xml;base64,")
        title = _chart_title(img)
        # the title tells the image's print from the prose's
        assert len(title) > 12 and title not in prose_text, f"chart {name}: title {title!r}"
        titles[name] = title
        img["src"] = _marker_svg(f"STATICMARKER{i}")
    assert vector_chart_problems(book_pages, titles) == []
    _keep_only_the_charts(soup)  # the prose, printed above, need not be printed again
    (tmp_path / "_static").symlink_to(SINGLE / "_static", target_is_directory=True)
    marked = tmp_path / page.name
    marked.write_text(str(soup), encoding="utf-8")
    pdf.add_print_css(marked)  # already linked by the real run; idempotent
    out = tmp_path / "marked.pdf"
    pdf.print_to_pdf(marked, out)
    marked_text = pdf_text(out)
    for i in range(len(figures)):
        assert f"STATICMARKER{i}" in marked_text, f"chart {i}: its static image is not printed"
    for name, title in titles.items():
        assert title not in marked_text, f"chart {name}: the live chart is printed too"


def test_a_chart_printed_as_a_bitmap_is_caught(book_pdf, tmp_path):
    """The vector check of the charts, on two pages of a chart each, one an SVG image and
    the other the same kind of chart as a PNG: only the PNG one is reported (its title is
    no text), and its page is the one that draws a raster image."""
    import vl_convert as vlc

    def chart(title: str) -> dict:
        return {
            "title": title,
            "data": {"values": [{"a": 1, "b": 2}, {"a": 2, "b": 3}]},
            "mark": "point",
            "encoding": {"x": {"field": "a", "type": "quantitative"}},
        }

    svg = base64.b64encode(vlc.vegalite_to_svg(chart("Is this chart a vector one?")).encode())
    png = base64.b64encode(vlc.vegalite_to_png(chart("Is this chart a bitmap one?"), scale=2))
    page = tmp_path / "charts.html"
    page.write_text(
        "<html><body>"
        f'<img src="data:image/svg+xml;base64,{svg.decode()}">'
        '<div style="break-before: page"></div>'
        f'<img src="data:image/png;base64,{png.decode()}">'
        "</body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "charts.pdf"
    pdf.print_to_pdf(page, out)
    pages = pdf_pages(out)
    problems = vector_chart_problems(
        pages, {"vector": "Is this chart a vector one?", "bitmap": "Is this chart a bitmap one?"}
    )
    assert problems == [
        "chart bitmap: its title 'Is this chart a bitmap one?' is not text in the PDF"
    ]
    assert [_raster_images(page) for _, page in pages] == [0, 1]


def test_a_second_run_is_up_to_date(book_pdf):
    before = book_pdf.stat().st_mtime_ns
    res = _run_pdf()
    assert res.returncode == 0, res.stderr
    assert "up to date" in res.stdout
    assert book_pdf.stat().st_mtime_ns == before


def test_an_out_of_date_book_is_refused(tmp_path):
    """Printing needs the checked, published book: a copy without one is refused."""
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    res = subprocess.run(
        [sys.executable, "-m", "ngoclaims", "pdf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert res.returncode == 1
    assert "python -m ngoclaims book" in res.stderr
    assert not (tmp_path / "_build" / "pdf" / "book.pdf").exists()
