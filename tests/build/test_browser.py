"""The built book, as a reader's browser sees it (headless Chromium driven by Playwright).

* Every page of ``_toc.yml`` opens with the network blocked: no console error, no failed or
  blocked request, every chart drawn with marks, every glued value non-empty. (Screenshots
  at 1280 and 375 px are test_axe.py's.)
* What the pages show equals what ``python -m ngoclaims verify --json`` computed: the claims
  tables of the chapters, the ledger, the audit and every ``{glue:text}`` value of a claim.
* The links between chapters, ledger and audit (and every other link to a page of the book)
  land on an element that exists.
* A copy of the project with HTML and JavaScript planted in a quote of the article, a claim's
  note and a source's title, publisher and address builds, and none of it runs: it is shown
  as text.

The book is built with ``python -m ngoclaims book``, which does nothing (in ~0.1 s) when the
published book is current. Chromium is the one the PDF is printed with
(:mod:`ngoclaims.build.browser`: ``$NGOCLAIMS_CHROMIUM``, else ``chromium`` on ``PATH``);
without it these tests are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from conftest import LOCKED
from ngoclaims.build import browser as chromium
from ngoclaims.build import toc
from ngoclaims.claims import schema

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():  # e.g. a CI runner that installed into its own environment
    PYTHON = Path(sys.executable)
PAGES = toc.docnames(ROOT / "_toc.yml")
CHAPTER_PAGES = {
    "region": "chapters/region",
    "uzbekistan": "chapters/uzbekistan",
    "kazakhstan": "chapters/kazakhstan",
    "kyrgyzstan": "chapters/kyrgyzstan",
}
LEDGER, AUDIT = "chapters/ledger", "chapters/audit"
VERDICTS = set(schema.VERDICTS)
NOT_PAGES = {"genindex.html", "search.html", "index.html"}  # index.html only redirects to intro
CHART_TIMEOUT_MS = 30_000
BUILD_TIMEOUT_S = 1800


# --------------------------------------------------------------------------------- helpers
def _squash(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


# Sphinx's smartquotes turn the ASCII quotes of glued text into typographic ones.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _typographic(text: object) -> str:
    return _squash(text).translate(_QUOTES)


def _build_book(cwd: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> str:
    """``python -m ngoclaims book`` in ``cwd``; waits while another build holds the lock.
    Fails the test with the command's output when the build fails."""
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    while True:
        proc = subprocess.run(
            [str(PYTHON), "-m", "ngoclaims", "book", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
        )
        output = proc.stdout + proc.stderr
        if proc.returncode == 0:
            return output
        if LOCKED in output and time.monotonic() < deadline:
            time.sleep(5)
            continue
        pytest.fail(
            f"`python -m ngoclaims book` failed in {cwd} (exit {proc.returncode}):\n{output}",
            pytrace=False,
        )


def _verify(cwd: Path, env: dict[str, str] | None = None) -> dict[str, dict]:
    proc = subprocess.run(
        [str(PYTHON), "-m", "ngoclaims", "verify", "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    claims = json.loads(proc.stdout)["claims"]
    ids = [c["claim_id"] for c in claims]
    assert len(ids) == len(set(ids)), (
        f"verify lists a claim twice: {[i for i, n in Counter(ids).items() if n > 1]}"
    )
    return {c["claim_id"]: c for c in claims}


# ------------------------------------------------------------------------ what a page shows
# One evaluate() per page collects everything the tests below assert on.
_COLLECT_JS = r"""
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


class Visitor:
    """Opens the pages of one built book, each once and in a fresh browser context, with
    the network blocked; remembers what it saw."""

    def __init__(self, browser, html_dir: Path):
        self.browser = browser
        self.html_dir = html_dir.resolve()
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
                page.wait_for_function(
                    "() => [...document.querySelectorAll('figure.ngo-chart')]"
                    ".every(f => f.getAttribute('data-state') !== 'pending')",
                    timeout=CHART_TIMEOUT_MS,
                )
            except Exception as err:  # noqa: BLE001 (Playwright's TimeoutError): asserted below
                record["chart_wait"] = str(err).splitlines()[0]
            record.update(page.evaluate(_COLLECT_JS))
        finally:
            context.close()
            self._current = None
        self.seen[docname] = record
        return record

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


# --------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def built_book() -> Path:
    """The published book, built first when it is missing or stale."""
    _build_book(ROOT, args=("--check-generated",))  # a stale committed file fails, unchanged
    html = ROOT / "_build" / "html"
    assert (html / "intro.html").is_file(), f"no intro.html in {html}"
    return html


@pytest.fixture(scope="module")
def book(browser, built_book):
    visitor = Visitor(browser, built_book)
    yield visitor
    visitor.close()


@pytest.fixture(scope="session")
def verified() -> dict[str, dict]:
    return _verify(ROOT)


# ------------------------------------------------------------------------------- the pages
def test_every_built_page_is_in_the_toc(browser, built_book):
    """So that no page of the book escapes the browser tests."""
    built = {
        p.relative_to(built_book).with_suffix("").as_posix()
        for p in built_book.rglob("*.html")
        if not p.relative_to(built_book).parts[0].startswith("_") and p.name not in NOT_PAGES
    }
    assert built == set(PAGES), (
        f"built but not in _toc.yml: {sorted(built - set(PAGES))}; "
        f"in _toc.yml but not built: {sorted(set(PAGES) - built)}"
    )


@pytest.mark.parametrize("docname", PAGES)
def test_page_loads_offline_and_renders(book, docname):
    seen = book.visit(docname)
    problems = []
    problems += [f"console error: {m}" for m in seen["console"]]
    problems += [f"uncaught exception: {m}" for m in seen["pageerrors"]]
    problems += [f"blocked request: {u}" for u in seen["blocked"]]
    problems += [f"failed request: {u}" for u in seen["failed"]]
    if not seen.get("loaded", False):
        problems.append("the page did not load")
    if seen["chart_wait"]:
        problems.append(f"charts still pending after {CHART_TIMEOUT_MS} ms: {seen['chart_wait']}")
    for chart in seen["charts"]:
        if chart["state"] != "drawn":
            problems.append(f"chart {chart['name']!r}: data-state={chart['state']!r}, not 'drawn'")
        elif not chart["svg"] or chart["marks"] == 0:
            problems.append(
                f"chart {chart['name']!r}: drawn, but its live SVG has {chart['marks']} marks"
            )
        if not chart["staticImage"]:
            problems.append(f"chart {chart['name']!r}: no static image")
    for i, value in enumerate(seen["pasted"]):
        if _squash(value) in ("", "None", "nan", "<NA>", "undefined", "null"):
            problems.append(f"glued value #{i + 1} is {value!r}")
    assert not problems, f"{docname}.html:\n  " + "\n  ".join(problems)


def test_the_network_block_works(book):
    """The guard the page tests rely on: a request off the machine is refused and recorded."""
    probe = book.probe_network(PAGES[0])
    assert probe["fetch"].startswith("refused"), probe
    assert any("example.com" in u for u in probe["blocked"]), probe
    assert any("example.org" in u for u in probe["blocked"]), probe


def test_the_book_has_charts_and_glue(book):
    """Guards the per-page test against passing vacuously."""
    seen = [book.visit(d) for d in PAGES]
    charts = sum(len(s["charts"]) for s in seen)
    pasted = sum(len(s["pasted"]) for s in seen)
    assert charts >= 4, f"only {charts} charts in the whole book"
    assert pasted >= 50, f"only {pasted} glued values in the whole book"
    for _section, page in CHAPTER_PAGES.items():
        assert book.visit(page)["tables"]["claims"], f"{page}: no claims table"


# ----------------------------------------------------------------- shown = what verify says
def _rows(seen: dict, table: str) -> tuple[list[str], list[dict]]:
    tables = seen["tables"][table]
    assert len(tables) == 1, f"{seen['docname']}: expected one table.{table}, found {len(tables)}"
    return tables[0]["headers"], tables[0]["rows"]


def _check_row(
    where: str, headers: list[str], row: dict, claim: dict, columns: tuple[str, ...]
) -> list[str]:
    problems = []
    cells = dict(zip(headers, row["cells"]))
    expected = {
        "stated": _squash(claim["stated"]),
        "recomputed": _squash(claim["recomputed"]) or "—",
        "verdict": claim["verdict"],
    }
    if "verdict" in cells and row["badges"]:
        cells["verdict"] = row["badges"][0]["text"]  # the badge; the assumptions follow it
        shown = row.get("restsOn", [])
        if shown != [a["id"] for a in claim["assumptions"]]:
            problems.append(f"{where}: rests on {shown}, verify says {claim['assumptions']}")
    for column in columns:
        if column not in cells:
            problems.append(f"{where}: no column {column!r} (headers {headers})")
        elif cells[column] != expected[column]:
            problems.append(
                f"{where}: {column} shows {cells[column]!r}, verify says {expected[column]!r}"
            )
    if "verdict" in columns:
        if len(row["badges"]) != 1:
            problems.append(f"{where}: {len(row['badges'])} verdict badges")
        elif f"verdict-{claim['verdict']}" not in row["badges"][0]["cls"].split():
            problems.append(f"{where}: verdict badge class {row['badges'][0]['cls']!r}")
    return problems


@pytest.mark.parametrize("section", sorted(CHAPTER_PAGES))
def test_chapter_claims_table_matches_verify(book, verified, section):
    page = CHAPTER_PAGES[section]
    headers, rows = _rows(book.visit(page), "claims")
    problems, shown = [], []
    for row in rows:
        anchor = row["anchor"] or ""
        if not anchor.startswith("claim-"):
            problems.append(f"a row without a claim anchor: {row['cells'][:1]}")
            continue
        cid = anchor[len("claim-") :]
        shown.append(cid)
        if cid not in verified:
            problems.append(f"{cid}: shown, but verify does not know it")
            continue
        if verified[cid]["section"] != section:
            problems.append(
                f"{cid}: shown here, but verify puts it in {verified[cid]['section']!r}"
            )
        problems += _check_row(
            f"{page}#{anchor}", headers, row, verified[cid], ("stated", "recomputed", "verdict")
        )
    expected = [cid for cid, c in verified.items() if c["section"] == section]
    twice = [cid for cid, n in Counter(shown).items() if n > 1]
    missing = [cid for cid in expected if cid not in shown]
    assert not twice, f"{page}: shown more than once: {twice}"
    assert not missing, f"{page}: claims of verify missing from the table: {missing}"
    assert not problems, "\n".join(problems)


def test_ledger_lists_every_claim_once_with_its_verdict(book, verified):
    headers, rows = _rows(book.visit(LEDGER), "ledger")
    shown = [r["anchor"] or "" for r in rows]
    counts = Counter(shown)
    assert not [c for c, n in counts.items() if n > 1], (
        f"ledger lists twice: {[c for c, n in counts.items() if n > 1]}"
    )
    assert set(shown) == set(verified), (
        f"ledger misses {sorted(set(verified) - set(shown))}; "
        f"lists unknown {sorted(set(shown) - set(verified))}"
    )
    assert shown == list(verified), "ledger rows are not in verify's order"
    problems = []
    for row, cid in zip(rows, shown):
        problems += _check_row(
            f"{LEDGER}#{cid}",
            headers,
            row,
            verified[cid],
            ("stated", "recomputed", "verdict"),
        )
    assert not problems, "\n".join(problems)


def test_audit_lists_every_claim_not_simply_confirmed(book, verified):
    headers, rows = _rows(book.visit(AUDIT), "audit")
    shown = [(r["anchor"] or "").removeprefix("audit-") for r in rows]
    expected = {
        cid for cid, c in verified.items() if c["verdict"] not in ("reproduced", "corroborated")
    }
    assert Counter(shown) == Counter(expected), (
        f"audit misses {sorted(expected - set(shown))}; "
        f"lists {sorted(set(shown) - expected)} or lists a claim twice"
    )
    problems = []
    for row, cid in zip(rows, shown):
        problems += _check_row(
            f"{AUDIT}#audit-{cid}", headers, row, verified[cid], ("stated", "verdict")
        )
    assert not problems, "\n".join(problems)


_CODE_CELL = re.compile(r"^(`{3,}|~{3,})\{code-cell\}.*?^\1\s*$", re.MULTILINE | re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_GLUE_TEXT = re.compile(r"\{glue:text\}`([^`]+)`")
_CLAIM_KEY = re.compile(
    r"^(?P<cid>.+)--(?P<field>stated|recomputed|verdict|reasoning|line|value|period)$"
)


def glue_keys(source: Path) -> list[str]:
    """The keys of the ``{glue:text}`` roles of a MyST page, in the order they are shown."""
    text = _FRONT_MATTER.sub("", source.read_text(encoding="utf-8"))
    text = _CODE_CELL.sub("", text)
    keys = []
    for ref in _GLUE_TEXT.findall(text):
        key = ref.split("::")[-1]  # path::key
        keys.append(key.split(":")[0])  # key:format
    return keys


def test_glued_claim_values_equal_verify(book, verified):
    """Each ``<claim>--stated/--recomputed/--verdict/--reasoning/--line`` glued into a page's
    prose shows what verify computed (the HTML carries no key: the keys are read, in order,
    from the page's source)."""
    problems, checked = [], 0
    for docname in PAGES:
        source = ROOT / f"{docname}.md"
        if not source.is_file():
            continue
        keys, shown = glue_keys(source), book.visit(docname)["pasted"]
        if len(keys) != len(shown):
            problems.append(
                f"{docname}: its source has {len(keys)} {{glue:text}} roles, the page "
                f"shows {len(shown)} glued values"
            )
            continue
        for key, value in zip(keys, shown):
            m = _CLAIM_KEY.match(key)
            if not m or m["cid"] not in verified:
                continue
            field, claim = m["field"], verified[m["cid"]]
            if field == "verdict" and _squash(value) not in VERDICTS:
                problems.append(f"{docname}: {key} shows {value!r}, not one of the seven verdicts")
            if field in ("stated", "recomputed", "verdict", "reasoning", "line"):
                checked += 1
                if _typographic(value) != _typographic(claim[field]):
                    problems.append(
                        f"{docname}: {key} shows {value!r}, verify says {claim[field]!r}"
                    )
    assert not problems, "\n".join(problems)
    assert checked >= 20, f"only {checked} glued claim values found to check"


# ----------------------------------------------------------------------------------- links
def _target(book: Visitor, seen: dict, link: dict) -> tuple[str | None, str]:
    """(docname, fragment) of a link into the book, or (None, reason) when it leads nowhere."""
    url, fragment = urldefrag(link["href"])
    if not url.startswith("file:"):
        return None, f"not a link into the book: {link['href']}"
    path = Path(unquote(urlsplit(url).path)).resolve()
    if book.html_dir not in path.parents:
        return None, f"leads out of the book: {path}"
    rel = path.relative_to(book.html_dir).as_posix()
    if not path.is_file():
        return None, f"no such file: {rel}"
    return rel, unquote(fragment)


def _ids(book: Visitor, rel: str) -> set[str]:
    return set(book.visit(rel.removesuffix(".html"))["ids"])


def test_chapter_ledger_and_audit_links_resolve(book, verified):
    problems, checked = [], Counter()
    # a ledger row's id is the claim's id: the links to it carry no prefix
    wanted = [(page, "ledger-link", "") for page in CHAPTER_PAGES.values()]
    wanted += [(LEDGER, "chapter-link", "claim-"), (AUDIT, "ledger-link", "")]
    for page, cls, prefix in wanted:
        seen = book.visit(page)
        links = [
            ln
            for ln in seen["links"]
            if (cls in ln["cls"].split() if cls else f"#{prefix}" in ln["raw"])
        ]
        for link in links:
            rel, fragment = _target(book, seen, link)
            if rel is None:
                problems.append(f"{page}: {link['raw']}: {fragment}")
            elif not fragment.startswith(prefix):
                problems.append(f"{page}: {link['raw']}: expected a #{prefix}... target")
            elif fragment not in _ids(book, rel):
                problems.append(f"{page}: {link['raw']}: no element id={fragment!r} in {rel}")
            elif fragment.removeprefix(prefix) != link["text"]:
                problems.append(f"{page}: link text {link['text']!r} but target {fragment!r}")
            checked[page] += 1
    assert not problems, "\n".join(problems)
    for section, page in CHAPTER_PAGES.items():
        n = sum(1 for c in verified.values() if c["section"] == section)
        assert checked[page] == n, f"{page}: {checked[page]} ledger links for {n} claims"
    assert checked[LEDGER] == len(verified), (
        f"ledger: {checked[LEDGER]} chapter links for {len(verified)} claims"
    )


def test_every_internal_link_resolves(book):
    """Any link of any page to a file of the book points at an existing file, and at an
    existing element when it names one on a page of the book."""
    problems = []
    pages = {f"{d}.html" for d in PAGES}
    for docname in PAGES:
        seen = book.visit(docname)
        for link in seen["links"]:
            if not link["href"].startswith("file:"):
                continue  # http(s) links to sources are not followed here
            rel, fragment = _target(book, seen, link)
            if rel is None:
                problems.append(f"{docname}: {link['raw']}: {fragment}")
            elif fragment and rel in pages and fragment not in _ids(book, rel):
                problems.append(f"{docname}: {link['raw']}: no element id={fragment!r} in {rel}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------ hostile text
# (where, text). Each is planted in a copy of the project; none may run, each must be shown.
HOSTILE_QUOTE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_QUOTE_IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE_TITLE = "<script>window.__pwned=3</script>"
# no digit: registry notes may not carry figures (test_gate.py), so this one sets a word
HOSTILE_NOTE = "<img src=x onerror=window.__pwned='note'>"
HOSTILE_URL = "javascript:window.__pwned=5"
HOSTILE_PUBLISHER = '<svg onload="window.__pwned=6">'
HOSTILE = {
    "article + claim quote (script)": HOSTILE_QUOTE_SCRIPT,
    "article + claim quote (img onerror)": HOSTILE_QUOTE_IMG,
    "source title": HOSTILE_TITLE,
    "claim note": HOSTILE_NOTE,
    "source url": HOSTILE_URL,
    "source publisher (also in evidence, reasoning, glue, chart data)": HOSTILE_PUBLISHER,
}
QUOTE_CLAIMS = (
    "kz-casdin-bulletin-copies",
    "kg-sector-1990s",
)  # article-only: no evidence to break
HOSTILE_SOURCE = "regnum"
GLUED_PUBLISHER = "hostile-publisher"  # the REGNUM publisher, glued from the chapter's code


def _edit_csv(path: Path, key: str, changes: dict[str, object]) -> None:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, hit = rows[0], False
    for row in rows[1:]:
        if row and row[0] == key:
            hit = True
            for column, change in changes.items():
                i = header.index(column)
                row[i] = change(row[i]) if callable(change) else str(change)
    assert hit, f"no row {key!r} in {path.name}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _csv_row(path: Path, key: str) -> dict[str, str]:
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
        if next(iter(row.values())) == key:
            return row
    raise AssertionError(f"no row {key!r} in {path.name}")


def _plant_in_quote(repo: Path, claim_id: str, hostile: str) -> None:
    """Insert ``hostile`` before the last word of a claim's quote, in the article and in
    claims.csv alike, so that the quote stays a verbatim (whitespace-collapsed) span."""
    article = repo / "data" / "source" / "article.txt"
    quote = _csv_row(repo / "data" / "claims.csv", claim_id)["quote"]
    words = quote.split()
    pattern = r"\s+".join(map(re.escape, words[:-1])) + r"\s+(?=" + re.escape(words[-1]) + ")"
    text = article.read_text(encoding="utf-8")
    found = list(re.finditer(pattern, text))
    assert len(found) == 1, f"the quote of {claim_id} occurs {len(found)} times in the article"
    at = found[0].end()
    article.write_text(text[:at] + hostile + " " + text[at:], encoding="utf-8")
    head, last, tail = quote.rpartition(words[-1])
    _edit_csv(repo / "data" / "claims.csv", claim_id, {"quote": head + hostile + " " + last + tail})


def _plant(repo: Path) -> None:
    _plant_in_quote(repo, QUOTE_CLAIMS[0], HOSTILE_QUOTE_SCRIPT)
    _plant_in_quote(repo, QUOTE_CLAIMS[1], HOSTILE_QUOTE_IMG)
    _edit_csv(
        repo / "data" / "claims.csv",
        QUOTE_CLAIMS[0],
        {"note": lambda s: f"{s} {HOSTILE_NOTE}".strip()},
    )
    _edit_csv(
        repo / "data" / "sources.csv",
        HOSTILE_SOURCE,
        {
            "title": lambda s: f"{s} {HOSTILE_TITLE}",
            "url": HOSTILE_URL,
            "publisher": lambda s: f"{s} {HOSTILE_PUBLISHER}",
        },
    )
    # One more way in: text of the data (the publisher) glued into prose by a chapter's code.
    chapter = repo / "chapters" / "uzbekistan.md"
    with chapter.open("a", encoding="utf-8") as fh:
        fh.write(
            "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
            f'glue.glue_text("{GLUED_PUBLISHER}", b.project.sources["{HOSTILE_SOURCE}"].publisher)\n'
            f"```\n\nThe first count's source, again: {{glue:text}}`{GLUED_PUBLISHER}`\n"
        )


@pytest.fixture(scope="module")
def hostile_book(browser, tmp_path_factory):
    """A copy of the project with hostile strings planted in its data, built once."""
    repo = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(
        ROOT,
        repo,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".venv",
            "_build",
            ".git",
            ".pytest_cache",
            ".hypothesis",
            ".ruff_cache",
            "*.egg-info",
            ".ipynb_checkpoints",
            ".jupyter_cache",
        ),
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(repo / "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    # ngoclaims is installed editable from this repository: the copy's code must win.
    where = subprocess.run(
        [str(PYTHON), "-c", "import ngoclaims; print(ngoclaims.__file__)"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).resolve() == (repo / "src" / "ngoclaims" / "__init__.py").resolve(), where
    _plant(repo)
    # the whole pipeline runs on the hostile data: it is valid data, only unkind to HTML;
    # make book first rewrites the generated files it makes stale (references.bib)
    _build_book(repo, env, ())
    verified = _verify(repo, env)
    visitor = Visitor(browser, repo / "_build" / "html")
    yield {"repo": repo, "visitor": visitor, "verified": verified}
    visitor.close()


def test_hostile_data_is_in_the_copy(hostile_book):
    """The planted strings reached the built copy (so the copy's data and code were used)."""
    repo, verified = hostile_book["repo"], hostile_book["verified"]
    assert HOSTILE_QUOTE_SCRIPT in verified[QUOTE_CLAIMS[0]]["quote"]
    assert HOSTILE_QUOTE_IMG in verified[QUOTE_CLAIMS[1]]["quote"]
    assert HOSTILE_NOTE in verified[QUOTE_CLAIMS[0]]["note"]
    html = "".join(
        p.read_text(encoding="utf-8") for p in (repo / "_build" / "html").rglob("*.html")
    )
    assert "window.__pwned=1" in html and "window.__pwned=3" in html


@pytest.mark.parametrize("docname", PAGES)
def test_hostile_text_does_not_run(hostile_book, docname):
    seen = hostile_book["visitor"].visit(docname)
    problems = []
    if seen["pwned"] is not None:
        problems.append(f"window.__pwned = {seen['pwned']}: planted script ran")
    problems += [f"javascript: link: {h[:200]}" for h in seen["javascriptLinks"]]
    problems += [f"element with onerror/onload: {h[:200]}" for h in seen["imgOnerror"]]
    problems += [f"hostile attribute: {h[:200]}" for h in seen["hostileAttrs"]]
    problems += [f"planted <script> element: {h[:200]}" for h in seen["hostileScripts"]]
    # (console errors are the page test's business; one that a planted string causes comes
    # with an uncaught exception or a failed request, e.g. the image "x")
    problems += [
        f"console error naming the planted code: {m}" for m in seen["console"] if "pwned" in m
    ]
    problems += [f"uncaught exception: {m}" for m in seen["pageerrors"]]
    problems += [f"blocked request: {u}" for u in seen["blocked"]]
    problems += [f"failed request: {u}" for u in seen["failed"]]
    problems += [
        f"chart {c['name']!r} is {c['state']!r}" for c in seen["charts"] if c["state"] != "drawn"
    ]
    assert not problems, f"{docname}.html (hostile copy):\n  " + "\n  ".join(problems)


def test_hostile_text_is_shown_as_text(hostile_book):
    visitor, verified = hostile_book["visitor"], hostile_book["verified"]
    text = {d: visitor.visit(d)["text"] for d in PAGES}
    problems = []
    for where, hostile in HOSTILE.items():
        if not any(hostile in t for t in text.values()):
            problems.append(f"{where}: {hostile!r} is shown on no page")
    for cid, hostile in zip(QUOTE_CLAIMS, (HOSTILE_QUOTE_SCRIPT, HOSTILE_QUOTE_IMG)):
        for page in (CHAPTER_PAGES[verified[cid]["section"]], LEDGER):
            if hostile not in text[page]:
                problems.append(f"{page}: the quote of {cid} does not show {hostile!r}")
    if HOSTILE_NOTE not in text[AUDIT]:
        problems.append(f"{AUDIT}: the note of {QUOTE_CLAIMS[0]} does not show {HOSTILE_NOTE!r}")
    if not any(HOSTILE_TITLE in t for t in (text["chapters/sources"], text["chapters/references"])):
        problems.append(f"neither the sources nor the references show the title {HOSTILE_TITLE!r}")
    glued = [_typographic(v) for v in visitor.visit(CHAPTER_PAGES["uzbekistan"])["pasted"]]
    if not any(_typographic(HOSTILE_PUBLISHER) in v for v in glued):  # smartquotes: "" become “”
        problems.append(
            f"chapters/uzbekistan: the glued {GLUED_PUBLISHER} does not show {HOSTILE_PUBLISHER!r}"
        )
    assert not problems, "\n".join(problems)
