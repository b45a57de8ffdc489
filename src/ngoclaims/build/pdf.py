"""``python -m ngoclaims pdf`` (``make pdf``): print the checked book to ``_build/pdf/book.pdf``.

Offline, in three steps:

1. singlehtml  the whole book as one HTML page, built by Sphinx's ``singlehtml`` builder
               into ``_build/singlehtml/html`` with the same configuration, warnings-as-errors
               and *the same notebook execution cache* as ``make book``
               (``_build/jupyter_cache/<key>``, see :mod:`ngoclaims.build.book`): after a book build
               no notebook runs again;
2. check       :func:`ngoclaims.build.htmlcheck.check_page` on that page (no empty glue, nothing
               loaded from another host);
3. print       headless Chromium prints the page (print media: every chart as its static
               image, ``img.ngo-chart-static``, the live chart hidden by
               ``_static/ngo-charts.css``) to a temporary file, which replaces
               ``_build/pdf/book.pdf`` only once it reads as a PDF.

Only a book that ``python -m ngoclaims book`` has checked and published for the current
inputs is printed: when ``_build/html`` is missing or out of date the command says so and
exits 1 (``make pdf`` builds the book first). The PDF is stamped with the book's key, so a
second run with nothing changed does nothing; ``--force`` prints again.

The browser is ``$NGOCLAIMS_CHROMIUM`` if set, else the first of ``chromium``,
``chromium-browser``, ``google-chrome``, ``google-chrome-stable`` on ``PATH``.

Options: ``--force``, ``-v`` (show the Sphinx and Chromium output).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ngoclaims import paths
from ngoclaims.build import book

__all__ = ["BROWSERS", "PRINT_CSS", "add_print_css", "find_browser", "main", "print_to_pdf"]

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ENV = "NGOCLAIMS_CHROMIUM"
PRINT_TIMEOUT = 300  # seconds


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


class PdfFailed(book.StepFailed):
    """A step failed; the message is the one line the user sees."""


def find_browser() -> str | None:
    """Path of the Chromium to print with, or None."""
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        return shutil.which(chosen) or (chosen if os.access(chosen, os.X_OK) else None)
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_args(browser: str, page: Path, out: Path, profile: Path) -> list[str]:
    """The command line that prints ``page`` to ``out`` with no network and no profile."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--metrics-recording-only",
        "--mute-audio",
        f"--user-data-dir={profile}",
        "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=10000",  # let the page's scripts settle before printing
        "--no-pdf-header-footer",
        f"--print-to-pdf={out}",
        page.resolve().as_uri(),
    ]


def print_to_pdf(page: Path, out: Path, browser: str | None = None, verbose: bool = False) -> None:
    """Print an HTML file to ``out`` with headless Chromium; ``out`` is replaced atomically."""
    browser = browser or find_browser()
    if browser is None:
        raise PdfFailed(
            f"no Chromium found (looked for {', '.join(BROWSERS)}; or set {BROWSER_ENV}); "
            "on Debian: apt-get install chromium"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ngoclaims-chromium-") as profile:
        env = dict(os.environ)
        env["HOME"] = profile  # nothing from the user's home (crash reports, fonts cache)
        try:
            proc = subprocess.run(
                chromium_args(browser, page, tmp, Path(profile)),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                timeout=PRINT_TIMEOUT,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired:
            tmp.unlink(missing_ok=True)
            raise PdfFailed(f"Chromium did not finish printing within {PRINT_TIMEOUT} s") from None
    if verbose:
        sys.stdout.write(proc.stdout)
    ok = tmp.is_file() and tmp.stat().st_size > 0 and tmp.read_bytes()[:5] == b"%PDF-"
    if proc.returncode != 0 or not ok:
        tmp.unlink(missing_ok=True)
        book._show(proc.stdout)
        raise PdfFailed(f"Chromium exited {proc.returncode} without writing a PDF")
    tmp.replace(out)


# --- the steps ---------------------------------------------------------------------------


def _singlehtml(ctx: book.Context, verbose: bool) -> Path:
    """Build the book as one page into _build/singlehtml/html; returns its index.html."""
    book._require_loopback()
    target = ctx.build_dir / "singlehtml"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    params = {
        "src": str(ctx.root),
        "out": str(target / "html"),
        "doctrees": str(target / ".doctrees"),
        "config": str(ctx.root / "_config.yml"),
        "toc": str(ctx.root / "_toc.yml"),
        "cache": str(book._execution_cache(ctx)),  # the main build's cache: nothing re-runs
        "builder": "singlehtml",
    }
    code = (
        "import json, sys; from ngoclaims.build.book import _sphinx_child; "
        "sys.exit(_sphinx_child(json.loads(sys.argv[1])))"
    )
    log = ctx.build_dir / "logs" / "singlehtml.log"
    ctx.verbose = verbose
    status, output = book._run(ctx, [sys.executable, "-c", code, json.dumps(params)], log=log)
    if status != 0:
        for line in book._build_report(output, ctx.root)[:80]:
            print(f"    | {line}", file=sys.stderr)
        print(f"    full log: {log.relative_to(ctx.root)}", file=sys.stderr)
        raise PdfFailed(book._build_failure_reason(book._build_report(output, ctx.root)))
    executed = output.count("Executing notebook")
    if executed:
        # not an error (the PDF is still right), but the cache should have served every page
        print(f"    note: {executed} notebook(s) executed again (execution cache missed)")
    # index.html only redirects to the root page, which holds the whole book
    index = target / "html" / f"{_root_docname(ctx.root)}.html"
    if not index.is_file():
        raise PdfFailed(f"the singlehtml build wrote no {index.relative_to(ctx.root)}")
    return index


def _root_docname(root: Path) -> str:
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")) or {}
    name = str(toc.get("root", "index")).strip("/")
    return name.rsplit(".", 1)[0] if name.endswith((".md", ".ipynb", ".rst")) else name


def _drop_unused_scripts(ctx: book.Context, page: Path) -> None:
    """Jupyter Book links the math script into every singlehtml page ("assets policy
    always"), and the singlehtml builder writes no search index that the theme's page still
    loads. Drop those links when the page has no math / the file is not there, so that the
    check below sees the page as the html build does."""
    import yaml

    config = yaml.safe_load((ctx.root / "_config.yml").read_text(encoding="utf-8")) or {}
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
            raise PdfFailed(f"{page.name} has no </head> to link the print stylesheet into")
        text = text.replace("</head>", f"{link}\n</head>", 1)
        page.write_text(text, encoding="utf-8")


def _check(ctx: book.Context, index: Path) -> None:
    from ngoclaims.build.htmlcheck import check_page

    problems = check_page(index.read_text(encoding="utf-8"), index.name, index.parent)
    if problems:
        for problem in problems[:40]:
            print(f"    | {problem}", file=sys.stderr)
        raise PdfFailed(f"{len(problems)} problem(s) in the single-page HTML, first: {problems[0]}")


def _page_count(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover (pypdf is pinned)
        return None
    return len(PdfReader(str(path)).pages)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    force = verbose = False
    for arg in argv:
        if arg == "--force":
            force = True
        elif arg in ("-v", "--verbose"):
            verbose = True
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            print(f"pdf: unknown option {arg!r} (options: --force, -v)", file=sys.stderr)
            return 2
    started = time.monotonic()
    current = "setup"
    try:
        ctx = book.Context(paths.here().root)
        lock = book._lock(ctx)  # the book's lock: no build changes the cache meanwhile
        try:
            book._compute_keys(ctx)
            if not book._published_ok(ctx):
                raise PdfFailed(
                    "the published book (_build/html) is missing or out of date: run "
                    "`python -m ngoclaims book` first (`make pdf` does)"
                )
            out = ctx.build_dir / "pdf" / "book.pdf"
            stamp = out.with_name("book.pdf.stamp")
            key = ctx.keys["book"]
            if not force and out.is_file() and book._read_json(stamp).get("key") == key:
                print(
                    f"pdf up to date: {out.relative_to(ctx.root)} ({time.monotonic() - started:.1f} s)"
                )
                return 0
            stamp.unlink(missing_ok=True)
            t0 = time.monotonic()
            current = "singlehtml"
            index = _singlehtml(ctx, verbose)
            print(f"[1/3] singlehtml     ok ({time.monotonic() - t0:.1f} s)", flush=True)
            t0 = time.monotonic()
            current = "check"
            _drop_unused_scripts(ctx, index)
            _check(ctx, index)
            print(f"[2/3] check HTML     ok ({time.monotonic() - t0:.1f} s)", flush=True)
            t0 = time.monotonic()
            current = "print"
            add_print_css(index)
            print_to_pdf(index, out, verbose=verbose)
            pages = _page_count(out)
            print(f"[3/3] print          ok ({time.monotonic() - t0:.1f} s)", flush=True)
            book._write_json(stamp, {"key": key, "pages": pages, "bytes": out.stat().st_size})
            size = out.stat().st_size / 1024
            print(
                f"pdf written: {out.relative_to(ctx.root)} ({pages} pages, {size:.0f} KiB, "
                f"{time.monotonic() - started:.1f} s)"
            )
            return 0
        finally:
            lock.close()
    except book.StepFailed as err:
        print(f"pdf: {current} failed: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"pdf: interrupted during {current}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
