"""``python -m ngoclaims pdf`` (``make pdf``): print the checked book to ``_build/pdf/book.pdf``.

Offline, in three steps:

1. singlehtml  the whole book as one HTML page, built by Sphinx's ``singlehtml`` builder
               into ``_build/singlehtml/html`` as ``make book`` builds it
               (:mod:`ngoclaims.build.sphinx`), from *the same notebook execution cache*:
               after a book build no notebook runs again;
2. check       :func:`ngoclaims.build.htmlcheck.check_page` on that page (no empty glue,
               nothing loaded from another host);
3. print       headless Chromium, driven by Playwright (:mod:`ngoclaims.build.browser`, the
               browser of the browser tests), prints the page with the network cut off
               (print media: every chart as its static image, the live chart hidden by
               ``_static/ngo-charts.css``) to a temporary file, which replaces
               ``_build/pdf/book.pdf`` only once it reads as a PDF.

Only a book that ``python -m ngoclaims book`` has checked and published for the current
inputs is printed: when ``_build/html`` is missing or out of date the command says so and
exits 1 (``make pdf`` builds the book first). The PDF is stamped with the book's key, so a
second run with nothing changed does nothing; ``--force`` prints again.

Options: ``--force``, ``-v`` (show the Sphinx output).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from contextlib import closing
from pathlib import Path

from ngoclaims import paths
from ngoclaims.build import browser, htmlcheck, keys, process, publish, sphinx, toc
from ngoclaims.build.context import Context, StepFailed, UsageError, exit_code, hold_lock

__all__ = ["PRINT_CSS", "add_print_css", "main", "print_to_pdf"]

PRINT_TIMEOUT = 300  # seconds
SETTLE_MS = 10_000  # the page's scripts (the live charts) may settle this long before printing


# The book's theme is made for screens: in print its sidebars, header and footer waste the
# page and its scroll containers clip wide tables. This sheet (print media only, linked into
# the single page before printing) lays the book out for A4 paper. The charts need nothing
# here: _static/ngo-charts.css already prints each as its static image.
PRINT_CSS = """\
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
@media print {
  /* no ligatures: text copied or searched in the PDF reads "fi", not one glyph */
  html { font-size: 10.5pt; font-variant-ligatures: no-common-ligatures; }
  .bd-header, .bd-header-announcement, .bd-sidebar-primary, .bd-sidebar-secondary,
  .bd-footer, .bd-footer-article, .bd-footer-content, .prev-next-area, .header-article,
  .bd-header-article, #pst-back-to-top, .headerlink, .toggle-button, .copybtn,
  .pst-async-banner-revealer, .skip-link, .search-button-field { display: none !important; }
  .bd-page-width, .bd-container, .bd-container__inner, .bd-main, .bd-content,
  .bd-article-container, .bd-article, article.bd-article {
    max-width: none !important; width: auto !important; margin: 0 !important;
    padding: 0 !important; overflow: visible !important; display: block !important;
  }
  .cell_output, .output, .table-wrapper, .pst-scrollable-table-container, div.highlight,
  .ngo-chart-live { overflow: visible !important; max-height: none !important; }
  /* every chapter starts on a new page */
  .toctree-wrapper > section { break-before: page; }
  h1, h2, h3, h4 { break-after: avoid; }
  figure, img, tr, blockquote { break-inside: avoid; }
  table.ngo-table { width: 100% !important; font-size: 7.5pt; table-layout: auto; }
  table.ngo-table th, table.ngo-table td { padding: 0.2em 0.3em; overflow-wrap: break-word; }
  table.ngo-table th { white-space: nowrap; }
  a { color: inherit; text-decoration: none; }
}
"""


def print_to_pdf(page: Path, out: Path) -> None:
    """Print an HTML file to ``out`` (replaced atomically) with the network cut off: only
    files in the page's folder are read.
    """
    from playwright.sync_api import Error as PlaywrightError

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with browser.launch() as chromium:
            _print(chromium, page, tmp)
    except FileNotFoundError as err:
        raise StepFailed(str(err)) from None
    except PlaywrightError as err:
        tmp.unlink(missing_ok=True)
        raise StepFailed(f"Chromium could not print: {str(err).splitlines()[0]}") from None
    if not (tmp.is_file() and tmp.read_bytes()[:5] == b"%PDF-"):
        tmp.unlink(missing_ok=True)
        raise StepFailed("Chromium wrote no PDF")
    tmp.replace(out)


# A folded section (the opening page's longer findings, the full list of expectations) is
# open on paper, where no one can open it; a chart's data table stays folded (the chart
# prints, and its data is in the HTML book).
OPEN_FOLDED_JS = (
    "() => document.querySelectorAll('details:not(.ngo-chart-data)')"
    ".forEach(d => { d.open = true; })"
)


def _print(chromium, page: Path, out: Path) -> None:
    context = chromium.new_context()
    try:
        context.route("**/*", browser.keep_inside(page.parent))
        tab = context.new_page()
        tab.goto(page.absolute().as_uri(), wait_until="load", timeout=PRINT_TIMEOUT * 1000)
        _settle(tab)
        tab.evaluate(OPEN_FOLDED_JS)
        tab.pdf(path=str(out), prefer_css_page_size=True)
    finally:
        context.close()


def _settle(tab) -> None:
    """Let the live charts draw and the fonts load (bounded): printing does not need them,
    but a page still changing could print half changed.
    """
    from playwright.sync_api import Error as PlaywrightError

    try:
        tab.wait_for_function(browser.CHARTS_DRAWN_JS, timeout=SETTLE_MS)
    except PlaywrightError:
        pass  # a chart not drawn live still prints: its static image is what prints
    tab.evaluate("() => document.fonts.ready.then(() => true)")


# --- the steps ---------------------------------------------------------------------------


def singlehtml(ctx: Context) -> Path:
    """Build the book as one page into _build/singlehtml/html; returns that page."""
    target = ctx.paths.singlehtml
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    output = sphinx.build(ctx, "singlehtml", target, ctx.paths.logs / "singlehtml.log")
    executed = output.count("Executing notebook")
    if executed:
        # not an error (the PDF is still right), but the cache should have served every page
        print(f"    note: {executed} notebook(s) executed again (execution cache missed)")
    # index.html only redirects to the root page, which holds the whole book
    page = target / "html" / f"{toc.root_docname(ctx.paths.toc)}.html"
    if not page.is_file():
        raise StepFailed(f"the singlehtml build wrote no {page.relative_to(ctx.root)}")
    return page


def drop_unused_scripts(ctx: Context, page: Path) -> None:
    """Jupyter Book links the math script into every singlehtml page ("assets policy
    always"), and the singlehtml builder writes no search index that the theme's page still
    loads. Drop those links when the page has no math / the file is not there, so that the
    check sees the page as the html build makes it.
    """
    import yaml

    config = yaml.safe_load(ctx.paths.config.read_text(encoding="utf-8")) or {}
    mathjax = ((config.get("sphinx") or {}).get("config") or {}).get("mathjax_path") or ""
    text = original = page.read_text(encoding="utf-8")
    has_math = re.search(r'class="[^"]*\bmath\b', text) is not None
    for src in (f"_static/{mathjax}" if mathjax and not has_math else None, "searchindex.js"):
        if src and not (page.parent / src).exists():
            text = re.sub(rf'<script[^>]*\ssrc="{re.escape(src)}"[^>]*>\s*</script>\n?', "", text)
    if text != original:
        page.write_text(text, encoding="utf-8")


def add_print_css(page: Path) -> None:
    """Link PRINT_CSS into the page (after every other stylesheet, so it wins)."""
    css = page.parent / "_static" / "ngo-print.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text(PRINT_CSS, encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    link = '<link rel="stylesheet" media="print" href="_static/ngo-print.css" />'
    if link not in text:
        if "</head>" not in text:
            raise StepFailed(f"{page.name} has no </head> to link the print stylesheet into")
        page.write_text(text.replace("</head>", f"{link}\n</head>", 1), encoding="utf-8")


def check(ctx: Context, page: Path) -> None:
    """The single page passes the page checks of the book."""
    drop_unused_scripts(ctx, page)
    problems = htmlcheck.check_page(page.read_text(encoding="utf-8"), page.name, page.parent)
    if problems:
        process.show([str(p) for p in problems[:40]], limit=40)
        raise StepFailed(
            f"{len(problems)} problem(s) in the single-page HTML, first: {problems[0]}"
        )


def _page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def _timed(ctx: Context, i: int, name: str, work, *args):
    ctx.step = name
    started = time.monotonic()
    result = work(*args)
    print(f"[{i}/3] {name:<14} ok ({time.monotonic() - started:.1f} s)", flush=True)
    return result


def _make(ctx: Context, force: bool) -> str:
    """Print the PDF unless it is current; returns the line that ends the run."""
    started = time.monotonic()
    ctx.keys = {name: keys.key(ctx.paths, name) for name in ("book", "execution")}
    if not publish.published_ok(ctx):
        raise StepFailed(
            "the published book (_build/html) is missing or out of date: run "
            "`python -m ngoclaims book` first (`make pdf` does)"
        )
    out, stamp = ctx.paths.book_pdf, ctx.paths.book_pdf_stamp
    if not force and out.is_file() and keys.read_json(stamp).get("key") == ctx.keys["book"]:
        return f"pdf up to date: {out.relative_to(ctx.root)} ({time.monotonic() - started:.1f} s)"
    stamp.unlink(missing_ok=True)
    page = _timed(ctx, 1, "singlehtml", singlehtml, ctx)
    _timed(ctx, 2, "check", check, ctx, page)
    add_print_css(page)
    _timed(ctx, 3, "print", print_to_pdf, page, out)
    pages = _page_count(out)
    keys.write_json(stamp, {"key": ctx.keys["book"], "pages": pages, "bytes": out.stat().st_size})
    size = out.stat().st_size / 1024
    return (
        f"pdf written: {out.relative_to(ctx.root)} ({pages} pages, {size:.0f} KiB, "
        f"{time.monotonic() - started:.1f} s)"
    )


def _options(argv: list[str]) -> tuple[bool, bool]:
    """(verbose, force) from the command line."""
    verbose = force = False
    for arg in argv:
        if arg in ("-v", "--verbose"):
            verbose = True
        elif arg == "--force":
            force = True
        elif arg in ("-h", "--help"):
            print(__doc__)
            raise SystemExit(0)
        else:
            raise UsageError(f"unknown option {arg!r} (options: --force, -v)")
    return verbose, force


def main(argv: list[str] | None = None) -> int:
    """Print the book; 0 when the PDF is written (or current), 1 when a step failed."""
    ctx = Context(paths.here())

    def body() -> None:
        ctx.verbose, force = _options(list(sys.argv[1:] if argv is None else argv))
        with closing(hold_lock(ctx)):  # the book's lock: no build changes the cache meanwhile
            print(_make(ctx, force))

    return exit_code("pdf", body, lambda: ctx.step)


if __name__ == "__main__":
    sys.exit(main())
