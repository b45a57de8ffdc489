"""What the browser tests share: headless Chromium through Playwright, one per test module
(Playwright's sync API runs an event loop while a browser is open, which would break a later
in-process print, as test_pdf.py does), and the :class:`Visitor` that opens each page of a
built book once and reads what it shows. A module uses the browser with
``from browsing import browser``."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ngoclaims.build import browser as chromium
from ngoclaims.build import toc

ROOT = Path(__file__).resolve().parents[1]
PAGES = toc.docnames(ROOT / "_toc.yml")
CHAPTER_PAGES = {
    "region": "chapters/region",
    "uzbekistan": "chapters/uzbekistan",
    "kazakhstan": "chapters/kazakhstan",
    "kyrgyzstan": "chapters/kyrgyzstan",
}
LEDGER, AUDIT = "chapters/ledger", "chapters/audit"
CHART_TIMEOUT_MS = 30_000


def squash(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


# Sphinx's smartquotes turn the ASCII quotes of glued text into typographic ones.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def typographic(text: object) -> str:
    return squash(text).translate(_QUOTES)


# ------------------------------------------------------------------------ what a page shows
# One evaluate() per page collects everything the page tests assert on.
PAGE_JS = r"""
() => {
  const txt = e => (e ? e.innerText : "").replace(/\s+/g, " ").trim();
  const tables = {};
  for (const cls of ["claims", "ledger", "audit"]) {
    tables[cls] = [...document.querySelectorAll(`table.${cls}`)].map(t => ({
      headers: [...t.querySelectorAll("thead th")].map(txt),
      rows: [...t.querySelectorAll("tbody tr")].map(tr => {
        // a ledger row's id is its claim's; the other tables hold an anchor in the row
        const anchor = tr.id ? tr : tr.querySelector("[id^='claim-'], [id^='audit-']");
        const badges = [...tr.querySelectorAll("span.verdict")];
        const restsOn = [...tr.querySelectorAll("span.rests-on a.assumption-link")].map(txt);
        return {anchor: anchor ? anchor.id : null, cells: [...tr.children].map(txt),
                badges: badges.map(b => ({cls: b.className, text: txt(b)})), restsOn};
      }),
    }));
  }
  const onAttrs = [];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if ((a.name.startsWith("on") && a.value.includes("__pwned")) ||
          (["href", "src", "action", "formaction", "xlink:href"].includes(a.name) &&
           /^\s*(javascript|vbscript):/i.test(a.value)))
        onAttrs.push(`<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`);
    }
  }
  return {
    title: document.title,
    charts: [...document.querySelectorAll("figure.ngo-chart")].map(f => ({
      name: f.getAttribute("data-chart"), id: f.id, state: f.getAttribute("data-state"),
      svg: !!f.querySelector(".ngo-chart-live svg"),
      marks: f.querySelectorAll(".ngo-chart-live svg g.role-mark > *").length,
      staticImage: !!f.querySelector("img.ngo-chart-static"),
    })),
    pasted: [...document.querySelectorAll("span.pasted-text")].map(s => s.textContent),
    tables,
    links: [...document.querySelectorAll("a[href]")].map(a => ({
      href: a.href, raw: a.getAttribute("href"), cls: a.className, text: txt(a)})),
    ids: [...document.querySelectorAll("[id]")].map(e => e.id),
    pwned: typeof window.__pwned === "undefined" ? null : String(window.__pwned),
    text: document.body.innerText,
    javascriptLinks: [...document.querySelectorAll("a[href]")]
      .filter(a => /^\s*javascript:/i.test(a.getAttribute("href")) || a.protocol === "javascript:")
      .map(a => a.outerHTML),
    imgOnerror: [...document.querySelectorAll("img[onerror], svg[onload], body [onload]")].map(e => e.outerHTML),
    hostileAttrs: onAttrs,
    hostileScripts: [...document.querySelectorAll("script")]
      .filter(s => !/json/.test(s.type || "") && s.textContent.includes("__pwned"))
      .map(s => s.outerHTML),
  };
}
"""


# What a page logs when axe reads a stylesheet of the book and the file: page refuses it.
_STYLESHEET_READ = re.compile(
    r"^(Access to XMLHttpRequest at 'file:[^']+\.css[^']*' from origin 'null' has been blocked"
    r"|Failed to load resource: net::ERR_FAILED \(file:\S+\.css\S*\)$"
    r"|file:\S+\.css\S*: net::ERR_FAILED$)"
)


class Visitor:
    """Opens the pages of one built book, each once and in a fresh browser context, with
    the network blocked; remembers what it saw. ``extra(page, docname)``, when given, reads
    more on the same visit once the charts are drawn (the accessibility audit), kept under
    ``"extra"``: a page is opened once for all the checks of a module."""

    def __init__(self, browser, html_dir: Path, extra: Callable[[object, str], dict] | None = None):
        self.browser = browser
        self.html_dir = html_dir.resolve()
        self.extra = extra
        self.seen: dict[str, dict] = {}
        self._current: dict | None = None

    def _new_page(self, record: dict):
        """A page in a fresh context (no cookies, no localStorage: a reader's first visit)
        that records console errors, uncaught exceptions, failed and blocked requests."""
        self._current = record
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        context.route("**/*", chromium.keep_inside(self.html_dir, self._blocked))
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                record["console"].append(
                    f"{m.text} ({m.location.get('url', '')}:{m.location.get('lineNumber', '')})"
                )
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: record["pageerrors"].append(str(e)))
        page.on("requestfailed", lambda r: record["failed"].append(f"{r.url[:300]}: {r.failure}"))
        return context, page

    @staticmethod
    def _record(docname: str) -> dict:
        return {
            "docname": docname,
            "console": [],
            "pageerrors": [],
            "failed": [],
            "blocked": [],
            "chart_wait": None,
        }

    def _blocked(self, what: str) -> None:
        if self._current is not None:
            self._current["blocked"].append(what)

    def url(self, docname: str) -> str:
        return (self.html_dir / f"{docname}.html").as_uri()

    def visit(self, docname: str) -> dict:
        if docname in self.seen:
            return self.seen[docname]
        record = self._record(docname)
        context, page = self._new_page(record)
        try:
            response = page.goto(self.url(docname), wait_until="load")
            record["loaded"] = response is None or response.ok
            try:
                page.wait_for_function(chromium.CHARTS_DRAWN_JS, timeout=CHART_TIMEOUT_MS)
            except Exception as err:  # noqa: BLE001 (Playwright's TimeoutError): asserted below
                record["chart_wait"] = str(err).splitlines()[0]
            record.update(page.evaluate(PAGE_JS))
            if self.extra is not None and record["chart_wait"] is None:
                self._extra(page, record)
        finally:
            context.close()
            self._current = None
        self.seen[docname] = record
        return record

    def _extra(self, page, record: dict) -> None:
        """Run ``extra`` on the open page. Everything the page logs meanwhile stays the
        page's (an uncaught exception as the audit narrows the window or opens the details,
        a request refused), except what axe's own reading of the book's stylesheets makes
        it log: a file: page refuses those reads, with a console error and a failed
        request for each stylesheet."""
        before = {key: len(record[key]) for key in ("console", "failed")}
        record["extra"] = self.extra(page, record["docname"])
        for key, n in before.items():
            record[key][n:] = [m for m in record[key][n:] if not _STYLESHEET_READ.search(m)]

    def probe_network(self, docname: str) -> dict:
        """Opens a page and makes it try to reach the network; returns what was recorded."""
        record = self._record(docname)
        context, page = self._new_page(record)
        try:
            page.goto(self.url(docname), wait_until="load")
            record["fetch"] = page.evaluate(
                "() => fetch('https://example.com/ngoclaims-probe').then(() => 'fetched', e => 'refused: ' + e)"
            )
            page.evaluate(
                "() => new Promise(done => { const i = new Image(); i.onload = i.onerror = done;"
                " i.src = 'http://example.org/probe.png'; })"
            )
        finally:
            context.close()
            self._current = None
        return record

    def close(self) -> None:
        self.seen.clear()


_CODE_CELL = re.compile(r"^(`{3,}|~{3,})\{code-cell\}.*?^\1\s*$", re.MULTILINE | re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_GLUE_TEXT = re.compile(r"\{glue:text\}`([^`]+)`")


def glue_keys(source: Path) -> list[str]:
    """The keys of the ``{glue:text}`` roles of a MyST page, in the order they are shown."""
    text = _FRONT_MATTER.sub("", source.read_text(encoding="utf-8"))
    text = _CODE_CELL.sub("", text)
    keys = []
    for ref in _GLUE_TEXT.findall(text):
        key = ref.split("::")[-1]  # path::key
        keys.append(key.split(":")[0])  # key:format
    return keys


def unavailable(reason: str) -> None:
    """No browser: a skip on a developer's machine, a failure in CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests need Chromium under CI=true: {reason}", pytrace=False)
    print(f"\nbrowser tests skipped: {reason}", file=sys.stderr)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module."""
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as err:
        unavailable(f"Playwright is not installed ({err})")
    executable = chromium.find()
    if executable is None:
        unavailable(
            f"no Chromium (looked for {', '.join(chromium.BROWSERS)}; or set {chromium.BROWSER_ENV})"
        )
    try:
        with chromium.launch(executable) as launched:
            yield launched
    except PlaywrightError as err:
        unavailable(f"Playwright cannot launch {executable}: {str(err).splitlines()[0]}")
