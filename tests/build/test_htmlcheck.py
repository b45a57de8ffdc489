"""Each check of the built HTML fires on a page with its defect, and only then: a good page
passes, and the same page with one thing broken fails with that check's kind.

The checks the build makes itself (a glue key no notebook glued, a failing cell, a cell
writing to stderr) are proven in test_book.py by builds that fail on them."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from ngoclaims.build import toc
from ngoclaims.build.htmlcheck import check_book, check_glued_claims, check_page

STATIC = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * 200).decode()
SPEC = json.dumps({"mark": "bar", "data": {"values": [{"a": 1}]}})
GOOD = f"""<!DOCTYPE html>
<html><head>
<link rel="stylesheet" href="_static/book.css" />
<link rel="canonical" href="https://example.org/book/page.html" />
<script src="_static/vega-bundle.js"></script>
<script>document.documentElement.dataset.mode = "light";</script>
<style>body {{ color: black; }}</style>
</head><body>
<p>The article counts <span class="pasted-text">4,000</span> NGOs, and
<span class="output text_plain">12</span> more from <code class="docutils literal">elsewhere</code>.</p>
<div class="cell_output docutils container"><div class="output text_html">
<figure class="ngo-chart" data-chart="counts" data-state="pending">
<div class="ngo-chart-live"></div>
<img class="ngo-chart-static" alt="counts" src="data:image/svg+xml;base64,{STATIC}"/>
<script type="application/json" class="ngo-chart-spec">{SPEC}</script>
</figure></div></div>
<img src="_static/logo.png" alt="logo"/>
</body></html>
"""


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    """A built book of one good page, with the local files it loads."""
    for name in ("book.css", "vega-bundle.js", "logo.png"):
        (tmp_path / "_static").mkdir(exist_ok=True)
        (tmp_path / "_static" / name).write_text("/* local */", encoding="utf-8")
    (tmp_path / "page.html").write_text(GOOD, encoding="utf-8")
    return tmp_path


def kinds(text: str, html_dir: Path | None = None) -> set[str]:
    return {p.kind for p in check_page(text, "page.html", html_dir)}


def test_a_good_page_passes(book):
    assert check_page(GOOD, "page.html", book) == []
    assert check_book(book, ["page"]) == []


# (what to replace in GOOD, with what, the kind of problem it must raise)
BREAKAGES = {
    # glued values present
    "glue:text empty": (
        '<span class="pasted-text">4,000</span>',
        '<span class="pasted-text"> </span>',
        "empty-glue",
    ),
    "glue:text None": (
        '<span class="pasted-text">4,000</span>',
        '<span class="pasted-text">None</span>',
        "empty-glue",
    ),
    "glue:text nan": (
        '<span class="pasted-text">4,000</span>',
        '<span class="pasted-text">nan</span>',
        "empty-glue",
    ),
    "glue:text numpy repr": (
        '<span class="pasted-text">4,000</span>',
        '<span class="pasted-text">np.int64(4000)</span>',
        "empty-glue",
    ),
    "glue inline <NA>": (
        '<span class="output text_plain">12</span>',
        '<span class="output text_plain">&lt;NA&gt;</span>',
        "empty-glue",
    ),
    "glue from another page empty": (
        '<code class="docutils literal">elsewhere</code>',
        '<code class="docutils literal"> </code>',
        "empty-glue",
    ),
    # no error text
    "traceback shown": (
        "<p>The article",
        "<pre>Traceback (most recent call last):\n  File x</pre><p>The article",
        "error-text",
    ),
    "cell execution error shown": (
        "<p>The article",
        "<p>CellExecutionError in cell 3</p><p>The article",
        "error-text",
    ),
    # no network resources
    "remote script": (
        '<script src="_static/vega-bundle.js"></script>',
        '<script src="_static/vega-bundle.js"></script><script src="https://cdn.example.com/x.js"></script>',
        "external-resource",
    ),
    "protocol-relative stylesheet": (
        '<link rel="stylesheet" href="_static/book.css" />',
        '<link rel="stylesheet" href="//fonts.example.com/a.css" />',
        "external-resource",
    ),
    "remote image in srcset": (
        '<img src="_static/logo.png" alt="logo"/>',
        '<img src="_static/logo.png" srcset="_static/logo.png 1x, https://img.example.com/l.png 2x" alt="logo"/>',
        "external-resource",
    ),
    "remote iframe": (
        "</body>",
        '<iframe src="https://video.example.com/embed"></iframe></body>',
        "external-resource",
    ),
    "remote url in a style attribute": (
        "<p>The article",
        '<p style="background: url(https://x.example.com/bg.png)">The article',
        "external-resource",
    ),
    "@import in a style element": (
        "body {{ color: black; }}".replace("{{", "{").replace("}}", "}"),
        "@import url('https://fonts.googleapis.com/css?family=X');",
        "external-resource",
    ),
    "analytics in an inline script": (
        'document.documentElement.dataset.mode = "light";',
        'var s = "https://www.googletagmanager.com/gtag/js?id=G-1";',
        "cdn-in-script",
    ),
    "remote script named in an inline script": (
        'document.documentElement.dataset.mode = "light";',
        'load("https://static.example.com/widget.js");',
        "cdn-in-script",
    ),
    "Altair's default renderer": (
        'document.documentElement.dataset.mode = "light";',
        'var v = "https://cdn.jsdelivr.net/npm/vega@5";',
        "cdn-in-script",
    ),
    "MathJax from a CDN": (
        '<script src="_static/vega-bundle.js"></script>',
        '<script src="_static/vega-bundle.js"></script><script src="https://cdn.jsdelivr.net/npm/mathjax@3/tex-chtml.js"></script>',
        "mathjax-cdn",
    ),
    "MathJax named in a JSON config": (
        "</body>",
        '<script type="application/json">{"MathJax": "https://cdn.example.com/mathjax/tex.js"}</script></body>',
        "mathjax-cdn",
    ),
    # every chart can be drawn and printed
    "chart without static image": ('<img class="ngo-chart-static"', '<img class="other"', "chart"),
    "chart without spec": ('class="ngo-chart-spec">', 'class="ngo-chart-spec">{not json', "chart"),
    "chart without live container": ('<div class="ngo-chart-live"></div>', "", "chart"),
    "chart without name": ('data-chart="counts"', "", "chart"),
    "chart without the bundle": ('<script src="_static/vega-bundle.js"></script>', "", "chart"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_each_check_fires_on_its_defect(book, case):
    old, new, kind = BREAKAGES[case]
    assert old in GOOD, case
    assert kind in kinds(GOOD.replace(old, new), book)


def test_a_chart_name_twice_on_a_page_is_reported():
    start, end = GOOD.index("<figure"), GOOD.index("</figure>") + len("</figure>")
    twice = GOOD[:end] + GOOD[start:end] + GOOD[end:]
    assert [p.detail for p in check_page(twice, "page.html")] == [
        "chart name 'counts' used 2 times on one page"
    ]


def test_a_missing_local_resource_is_reported(book):
    (book / "_static" / "logo.png").unlink()
    assert kinds(GOOD, book) == {"missing-resource"}
    math = GOOD.replace("</body>", '<script src="_static/math-is-disabled.js"></script></body>')
    (book / "_static" / "logo.png").write_text("")
    [problem] = check_page(math, "page.html", book)
    assert "math is disabled" in problem.detail


def test_links_a_browser_does_not_fetch_and_cell_outputs_are_not_glue(book):
    """A canonical link to another host loads nothing; a cell's own plain output is not
    a glued value (and may be anything)."""
    cell = '<div class="cell_output"><div class="output text_plain">None</div></div>'
    assert kinds(GOOD.replace("</body>", cell + "</body>"), book) == set()


def test_a_stylesheet_loading_from_another_host_is_reported(book):
    (book / "_static" / "book.css").write_text(
        "/* fonts from https://fonts.googleapis.com in the licence */\n"
        "@import url('https://fonts.googleapis.com/css2?family=Lato');\n",
        encoding="utf-8",
    )
    [problem] = check_book(book, ["page"])
    assert (problem.page, problem.kind) == ("_static/book.css", "external-resource")


def test_a_page_of_the_toc_that_was_not_built_is_reported(book):
    [problem] = check_book(book, ["page", "chapters/missing"])
    assert (problem.page, problem.kind) == ("chapters/missing.html", "missing-page")


def test_a_glued_claim_value_other_than_verify_is_reported(tmp_path):
    glued = {
        "kz-a--verdict": {"data": {"text/plain": "doubtful"}},
        "kz-a--line": {"data": {"text/plain": "12"}},
        "kz-a--value": {"data": {"text/plain": "anything: not compared"}},
        "n-stages": {"data": {"text/plain": "3"}},
    }
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "kz.glue.json").write_text(json.dumps(glued), encoding="utf-8")
    verify = {"kz-a": {"verdict": "doubtful", "line": 12}}
    assert check_glued_claims(tmp_path, ["chapters/kz"], verify) == []
    verify["kz-a"]["verdict"] = "corroborated"
    [problem] = check_glued_claims(tmp_path, ["chapters/kz"], verify)
    assert problem.kind == "glue-differs" and "kz-a--verdict" in problem.detail


def test_the_pages_are_read_from_the_toc_by_sphinx_external_toc(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro.md\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: chapters/one\n        sections:\n          - file: chapters/one-a.md\n"
        "      - file: chapters/two\n",
        encoding="utf-8",
    )
    toc_path = tmp_path / "_toc.yml"
    assert toc.docnames(toc_path) == ["intro", "chapters/one", "chapters/one-a", "chapters/two"]
    assert toc.root_docname(toc_path) == "intro"
