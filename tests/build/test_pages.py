"""The built book, as a reader's browser sees it (headless Chromium driven by Playwright),
every page of ``_toc.yml`` opened once, with the network blocked, for all of the checks
below (:class:`browsing.Visitor`, with the audit as its ``extra``).

* Every page opens, and stays sound while it is audited (narrowed to 375 px, its details
  opened): no console error, no uncaught exception, no failed or blocked request (but axe's
  own reads of the stylesheets, which a file: page refuses), every chart drawn with marks,
  every glued value non-empty.
* What the pages show equals what ``python -m ngoclaims verify --json`` computed: the claims
  tables of the chapters, the ledger, the audit and every ``{glue:text}`` value of a claim.
* The links between chapters, ledger and audit (and every other link to a page of the book)
  land on an element that exists.
* axe-core (bundled by axe-playwright-python: nothing is fetched, and the network is blocked
  while it runs) checks every page at 1280 and 375 px (colour contrast at 1280 px only, see
  :func:`axe_options`), with every
  ``<details>`` open so that the charts' data tables are checked too; a violation of impact
  "serious" or "critical" fails, named by its rule, impact and first targets. The few
  violations that come from code we do not own are listed in :data:`KNOWN`, each with why.
* Every verdict badge carries its word and reaches WCAG AA contrast (4.5:1), in the
  stylesheet for every verdict and in the browser for every badge a page shows.
* Every chart has alt text, a visible caption and the table of its data, row for row.
* Every page fits its column at both widths: nothing in the article sticks out of the
  column, no table is left to scroll sideways in its box (so a screenshot shows it whole),
  the page never scrolls sideways; at 375 px every
  verdict badge is on screen and each claim table is one card per claim; at 1280 px every
  chart is drawn at nine-tenths of the column or more. The opening page's findings name
  every claim that is more than a plain agreement and link to its row in its chapter.
* With ``NGOCLAIMS_SCREENSHOTS=1`` (``make screenshots``), pictures of every page at both
  widths go to ``_build/screenshots/<docname>@<width>.jpg``, for a person to look at; the
  checks above do not need them, so ``make test`` leaves them out (a seventh of its time).

The book is built with ``python -m ngoclaims book`` (conftest's ``built_book``), which does
nothing when the published book is current. Chromium is found as
:mod:`ngoclaims.build.browser` finds it; without it the browser tests are skipped, except
under ``CI=true``, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from browsing import (
    AUDIT,
    CHAPTER_PAGES,
    CHART_TIMEOUT_MS,
    LEDGER,
    PAGES,
    ROOT,
    Visitor,
    glue_keys,
    squash,
    typographic,
)
from conftest import verify_records
from ngoclaims.build import browser as chromium
from ngoclaims.chapters import plots
from ngoclaims.claims import schema
from ngoclaims.paths import CARDS_DATA, Paths

CSS = ROOT / "_static" / "ngo-charts.css"
WIDTHS = (1280, 375)
BLOCKING = ("serious", "critical")
AA_NORMAL_TEXT = 4.5
VERDICTS = set(schema.VERDICTS)
NOT_PAGES = {"genindex.html", "search.html", "index.html"}  # index.html only redirects to intro
SCREENSHOTS_ENV = "NGOCLAIMS_SCREENSHOTS"  # "1": take the screenshots (make screenshots)
BROWSER = pytest.mark.browser  # the tests below that drive Chromium (the others read the CSS)
# (rule, page, target): why it is not ours to fix. Nothing else may be left out.
KNOWN: dict[tuple[str, str, str], str] = {}  # none: ngoclaims.build.a11y mends the one we had


# --------------------------------------------------------------------------------- contrast
def _luminance(colour: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with channels 0..255."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (x / 255 for x in colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _hex(text: str) -> tuple[int, int, int]:
    text = text.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _rgb(css: str) -> tuple[float, float, float, float]:
    """A computed colour, ``rgb(r, g, b)`` or ``rgba(r, g, b, a)``."""
    numbers = [float(x) for x in re.findall(r"[\d.]+", css)]
    assert len(numbers) in (3, 4), f"not an rgb() colour: {css!r}"
    return (*numbers[:3], numbers[3] if len(numbers) == 4 else 1.0)


def _rule(css: str, selector: str, prop: str) -> str | None:
    """The value of ``prop`` in the one rule of the stylesheet whose selector is ``selector``."""
    found = re.findall(r"(?:^|\})\s*" + re.escape(selector) + r"\s*\{([^}]*)\}", css)
    values = [
        m.group(1) for body in found for m in [re.search(rf"{prop}\s*:\s*([^;]+)", body)] if m
    ]
    return values[-1].strip() if values else None


def test_contrast_ratio_is_wcag():
    """The ratio itself, on the pairs WCAG's own examples give."""
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
    assert contrast(_hex("#777"), _hex("#fff")) == pytest.approx(4.48, abs=0.01)  # fails AA
    assert contrast(_hex("#767676"), _hex("#fff")) == pytest.approx(4.54, abs=0.01)  # passes


def test_every_verdict_badge_passes_aa_in_the_stylesheet():
    """Each verdict's badge, text on background, as the stylesheet sets it (light mode, the
    book's default); and the charts colour each verdict as its badge does."""
    css = CSS.read_text(encoding="utf-8")
    text = _rule(css, "span.verdict", "color")
    assert text, f"{CSS.name}: span.verdict sets no text colour"
    problems = []
    for verdict in schema.VERDICTS:
        background = _rule(css, f".verdict-{verdict}", "background")
        if background is None:
            problems.append(f".verdict-{verdict}: no background in {CSS.name}")
            continue
        ratio = contrast(_hex(text), _hex(background))
        if ratio < AA_NORMAL_TEXT:
            problems.append(f".verdict-{verdict}: {text} on {background} is {ratio:.2f}:1")
        if background.lower() != plots.VERDICT_COLORS[verdict].lower():
            problems.append(
                f".verdict-{verdict}: badge {background}, chart {plots.VERDICT_COLORS[verdict]}"
            )
    assert not problems, f"below WCAG AA {AA_NORMAL_TEXT}:1 or unlike the charts:\n" + "\n".join(
        problems
    )


# every @media block (one level of rules inside), with its condition; print is not a screen
MEDIA = re.compile(r"@media([^{]*)\{((?:[^{}]*\{[^}]*\})*)\s*\}")
# what changes how text contrasts with what is behind it
CONTRAST_PROPS = (
    r"(?<![-\w])(color|background[\w-]*|opacity|filter|-webkit-text-fill-color|mix-blend-mode)"
)


def test_narrow_screen_styles_keep_aa_contrast():
    """What lets axe check colour contrast at the wide width only: the book's own styles for
    any screen width (every @media block but print's, whatever its form) set no background,
    opacity, filter or blend, and every text colour they set reaches AA (4.5:1, the bar of
    small text too) on the page's white. The theme's styles are the theme's (not checked)."""
    problems, colours, blocks = [], 0, 0
    for sheet in sorted(CSS.parent.glob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        assert text.count("@media") == len(MEDIA.findall(text)), (
            f"{sheet.name}: an @media block not read"
        )
        for condition, block in MEDIA.findall(text):
            if condition.strip() == "print":
                continue
            blocks += 1
            for prop, value in re.findall(CONTRAST_PROPS + r"\s*:\s*([^;}]+)", block):
                if prop != "color":
                    problems.append(f"{sheet.name} @media{condition}: sets {prop}: {value}")
                    continue
                colours += 1
                ratio = contrast(_hex(value.strip()), (255, 255, 255))
                if ratio < AA_NORMAL_TEXT:
                    problems.append(f"{sheet.name}: {value.strip()} on white is {ratio:.2f}:1")
    assert blocks > 0 and colours > 0, "no screen @media block with a colour: is the pattern stale?"
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------- axe
@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


_OPEN_DETAILS_JS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# What the badge and chart tests assert on, read from the rendered page.
_COLLECT_JS = r"""
() => {
  const txt = e => (e ? e.textContent : "").replace(/\s+/g, " ").trim();
  return {
    badges: [...document.querySelectorAll("span.verdict")].map(b => {
      const s = getComputedStyle(b);
      return {cls: b.className, text: txt(b), color: s.color, background: s.backgroundColor};
    }),
    charts: [...document.querySelectorAll("figure.ngo-chart")].map(f => {
      const caption = f.querySelector(":scope > figcaption");
      const table = f.querySelector("details.ngo-chart-data table");
      return {
        name: f.getAttribute("data-chart"),
        alt: (f.querySelector("img.ngo-chart-static") || {}).alt || "",
        caption: caption && caption.offsetHeight > 0 ? txt(caption) : "",
        summary: txt(f.querySelector("details.ngo-chart-data > summary")),
        headers: table ? [...table.querySelectorAll("thead th")].map(th => th.getAttribute("scope")) : [],
        rows: table ? table.querySelectorAll("tbody tr").length : -1,
        spec: txt(f.querySelector("script.ngo-chart-spec")),
      };
    }),
  };
}
"""


def blocking(violations: list[dict], docname: str) -> list[str]:
    """The violations of impact serious or critical that :data:`KNOWN` does not excuse,
    each as one line: rule, impact, how many, the first three targets."""
    found = []
    for v in violations:
        if v.get("impact") not in BLOCKING:
            continue
        targets = [", ".join(map(str, n["target"])) for n in v["nodes"]]
        left = [t for t in targets if (v["id"], docname, t) not in KNOWN]
        if left:
            found.append(f"{v['id']} ({v['impact']}, {len(left)}x): {v['help']}; {left[:3]}")
    return found


# How the page is laid out in the article's column, at the current width: what sticks out
# of the column (outside a box that scrolls), where each verdict badge is, how wide each
# chart is drawn, and what the opening page's findings link to.
_LAYOUT_JS = r"""
() => {
  const art = document.querySelector("article.bd-article");
  const cs = getComputedStyle(art), box = art.getBoundingClientRect();
  const left = box.left + parseFloat(cs.paddingLeft), right = box.right - parseFloat(cs.paddingRight);
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.classList.length ? "." + [...e.classList].slice(0, 2).join(".") : "");
  const scroller = e => {
    for (let a = e.parentElement; a && a !== art; a = a.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return a;
    }
    return null;
  };
  const wide = [];
  for (const e of art.querySelectorAll("*")) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.right <= right + 1 && r.left >= left - 1) continue;
    const s = scroller(e);
    if (s && s.getBoundingClientRect().right <= right + 1) continue;  // it scrolls in its box
    wide.push(`${name(e)} spans ${Math.round(r.left)}..${Math.round(r.right)} px`);
    if (wide.length >= 10) break;
  }
  const page = document.documentElement;
  return {
    column: right - left,
    pageWidth: page.scrollWidth, viewport: window.innerWidth,
    wide,
    verdicts: [...art.querySelectorAll("span.verdict")].filter(shown).map(b => {
      const r = b.getBoundingClientRect();
      return {text: b.textContent, left: r.left, right: r.right};
    }),
    charts: [...art.querySelectorAll("figure.ngo-chart")].map(f => {
      const live = f.querySelector(".ngo-chart-live svg, .ngo-chart-live canvas");
      return {name: f.getAttribute("data-chart"), width: live ? live.getBoundingClientRect().width : 0};
    }),
    findings: [...art.querySelectorAll("li.finding")].map(li => ({
      claim: li.dataset.claim, href: (li.querySelector("a.finding-link") || {}).href || ""})),
    claimAnchors: [...art.querySelectorAll("[id^='claim-']")].map(e => e.id),
    // a box whose table is wider than the box: shown only in part, scrolled sideways
    scrolled: [...art.querySelectorAll("div.ngo-scroll")].filter(shown)
      .filter(s => s.scrollWidth > s.clientWidth + 1)
      .map(s => `${s.getAttribute("aria-label") || name(s)} (${s.scrollWidth} px in ${s.clientWidth})`),
    // the narrowest field of a table with a row per claim: on a phone each claim is a card
    // headed by its id and verdict, its other fields each as wide as the card
    claimCell: Math.min(Infinity, ...[...art.querySelectorAll(
      ["claims", "ledger", "audit"].map(t =>
        `table.${t} td:not(:first-child):not([data-label='verdict'])`).join(", "))]
      .filter(shown).map(td => td.getBoundingClientRect().width)),
  };
}
"""
_SETTLE_JS = (  # two frames and a moment: a chart drawn to its container's width redraws
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame("
    "() => setTimeout(r, 120))))"
)


def axe_options(width: int) -> dict:
    """axe's options at one width. Colour contrast, four-fifths of axe's time, is checked
    at the wide width only: the narrow layout shows no element the wide one does not (its
    sidebars are folded away), in the same colours, since the book's narrow-screen styles
    set no colour but the card labels' (pseudo-elements, which axe cannot check;
    :func:`test_narrow_screen_styles_keep_aa_contrast` checks them)."""
    options: dict = {"resultTypes": ["violations"]}
    if width != WIDTHS[0]:
        options["rules"] = {"color-contrast": {"enabled": False}}
    return options


def screenshot_name(docname: str, width: int) -> str:
    """The screenshot of a page at a width, under ``_build/screenshots``."""
    return f"{docname}@{width}.jpg"


def audit(page, axe, docname: str, shots: Path | None) -> dict[int, dict]:
    """axe's violations, what the page shows and how it is laid out, at each width, with a
    screenshot of each."""
    page.wait_for_function(chromium.CHARTS_DRAWN_JS, timeout=CHART_TIMEOUT_MS)
    page.evaluate(_OPEN_DETAILS_JS)
    seen = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(_SETTLE_JS)
        result = axe.run(page, options=axe_options(width))
        seen[width] = {
            "violations": result.response["violations"],
            **page.evaluate(_COLLECT_JS),
            "layout": page.evaluate(_LAYOUT_JS),
        }
        if shots is not None:
            shot = shots / screenshot_name(docname, width)
            shot.parent.mkdir(parents=True, exist_ok=True)
            # JPEG: a third faster to write than PNG for pages this long, and still legible
            page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=85)
    return seen


@pytest.fixture(scope="module")
def book(browser, axe, built_book):
    """Every page, opened once: what it shows, then the audit at both widths."""
    shots = Paths(ROOT).screenshots if os.environ.get(SCREENSHOTS_ENV) == "1" else None
    if shots is not None:
        shutil.rmtree(shots, ignore_errors=True)  # no picture of a page that is gone
    visitor = Visitor(browser, built_book, extra=lambda page, doc: audit(page, axe, doc, shots))
    yield visitor
    visitor.close()


@pytest.fixture(scope="module")
def audits(book) -> dict[str, dict]:
    """Every page audited, offline: {docname: {width: ...}, "_blocked": [...]}."""
    found: dict[str, dict] = {}
    for docname in PAGES:
        seen = book.visit(docname)
        assert "extra" in seen, (
            f"{docname}: not audited, charts still pending: {seen['chart_wait']}"
        )
        found[docname] = seen["extra"]
    found["_blocked"] = [url for docname in PAGES for url in book.visit(docname)["blocked"]]
    return found


@pytest.fixture(scope="session")
def verified() -> dict[str, dict]:
    return verify_records()


@BROWSER
def test_axe_ran_offline(audits):
    """axe-core came with the package: with the network blocked, nothing was requested on
    any visit, the audit's included."""
    assert audits["_blocked"] == [], f"requests refused: {audits['_blocked']}"


@BROWSER
@pytest.mark.parametrize("docname", PAGES)
def test_no_serious_or_critical_violation(audits, docname):
    problems = [
        f"{width} px: {line}"
        for width, seen in audits[docname].items()
        for line in blocking(seen["violations"], docname)
    ]
    assert not problems, f"{docname}.html, axe-core:\n  " + "\n  ".join(problems)
    if os.environ.get(SCREENSHOTS_ENV) == "1":
        for width in WIDTHS:
            shot = Paths(ROOT).screenshots / screenshot_name(docname, width)
            assert shot.stat().st_size > 0


@BROWSER
def test_verdict_badges_carry_their_word_at_aa_contrast(audits):
    """Every badge on every page: its word is its verdict, and its computed text and
    background colours reach 4.5:1."""
    problems, count = [], 0
    for docname in PAGES:
        for badge in audits[docname][WIDTHS[0]]["badges"]:
            count += 1
            verdict = badge["cls"].split("verdict-")[-1].split()[0]
            if badge["text"] != verdict or verdict not in schema.VERDICTS:
                problems.append(f"{docname}: badge {badge['cls']!r} says {badge['text']!r}")
            fg, bg = _rgb(badge["color"]), _rgb(badge["background"])
            ratio = contrast(fg[:3], bg[:3])
            if bg[3] < 1 or ratio < AA_NORMAL_TEXT:
                problems.append(
                    f"{docname}: {verdict}: {badge['color']} on {badge['background']} "
                    f"is {ratio:.2f}:1"
                )
    assert count >= len(schema.VERDICTS), f"only {count} badges in the whole book"
    assert not problems, "\n".join(sorted(set(problems)))


def _spec_rows(spec: dict) -> int:
    data = spec.get("data") or {}
    return len(data.get("values") or spec.get("datasets", {}).get(data.get("name"), []))


@BROWSER
def test_every_chart_has_a_text_alternative(audits):
    """Alt text, a visible caption, and a table with a row for each row of the chart's data
    and column headers that say so."""
    problems, count = [], 0
    for docname in PAGES:
        for chart in audits[docname][WIDTHS[0]]["charts"]:
            count += 1
            where = f"{docname}: chart {chart['name']!r}"
            if not chart["alt"]:
                problems.append(f"{where}: no alt text")
            if not chart["caption"]:
                problems.append(f"{where}: no visible caption")
            if chart["summary"] != "The data behind this chart":
                problems.append(f"{where}: no 'The data behind this chart' ({chart['summary']!r})")
            if not chart["headers"] or set(chart["headers"]) != {"col"}:
                problems.append(f"{where}: table headers {chart['headers']}")
            rows = _spec_rows(json.loads(chart["spec"]))
            if chart["rows"] != rows:
                problems.append(f"{where}: {chart['rows']} table rows for {rows} data rows")
    assert count > 0, "no chart in the whole book"
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------- the pages
def test_every_built_page_is_in_the_toc(built_book):
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


@BROWSER
@pytest.mark.parametrize("docname", PAGES)
def test_page_loads_offline_and_renders(book, docname):
    """What the page logged from its load to the end of its audit, and what it showed."""
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
        if squash(value) in ("", "None", "nan", "<NA>", "undefined", "null"):
            problems.append(f"glued value #{i + 1} is {value!r}")
    assert not problems, f"{docname}.html:\n  " + "\n  ".join(problems)


@BROWSER
def test_the_network_block_works(book):
    """The guard the page tests rely on: a request off the machine is refused and recorded."""
    probe = book.probe_network(PAGES[0])
    assert probe["fetch"].startswith("refused"), probe
    assert any("example.com" in u for u in probe["blocked"]), probe
    assert any("example.org" in u for u in probe["blocked"]), probe


@BROWSER
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
        "stated": squash(claim["stated"]),
        "recomputed": squash(claim["recomputed"]) or "—",
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


@BROWSER
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


@BROWSER
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


@BROWSER
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


_CLAIM_KEY = re.compile(
    r"^(?P<cid>.+)--(?P<field>stated|recomputed|verdict|reasoning|line|value|period)$"
)


@BROWSER
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
            if field == "verdict" and squash(value) not in VERDICTS:
                problems.append(f"{docname}: {key} shows {value!r}, not one of the seven verdicts")
            if field in ("stated", "recomputed", "verdict", "reasoning", "line"):
                checked += 1
                if typographic(value) != typographic(claim[field]):
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


@BROWSER
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


@BROWSER
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


# ------------------------------------------------------------------------------- layout
CHART_SHARE = 0.9  # at 1280 px a chart is drawn at nine-tenths of the column or more
NARROW = 375
CARD_SHARE = 0.8  # at 375 px a claim table's field takes most of the column: a card


def layout_problems(layout: dict, width: int) -> list[str]:
    """What does not fit, one line each: the page scrolling sideways, an element wider than
    the column outside a scroll box; at the narrow width a verdict off screen; at the wide
    width a chart narrower than :data:`CHART_SHARE` of the column."""
    problems = [f"{width} px: {w}" for w in layout["wide"]]
    # every table whole (a screenshot shows it all): none left to a sideways scroll
    problems += [f"{width} px: scrolls in its box: {s}" for s in layout["scrolled"]]
    if layout["pageWidth"] > layout["viewport"] + 1:
        problems.append(
            f"{width} px: the page scrolls sideways ({layout['pageWidth']} px in {layout['viewport']})"
        )
    if width == NARROW:
        if layout["claimCell"] < CARD_SHARE * layout["column"]:
            problems.append(
                f"{width} px: a claim's field is {layout['claimCell']:.0f} px wide in a "
                f"{layout['column']:.0f} px column (a claim table is not one card per claim)"
            )
        problems += [
            f"{width} px: verdict {v['text']!r} off screen at {v['left']:.0f}..{v['right']:.0f} px"
            for v in layout["verdicts"]
            if v["left"] < 0 or v["right"] > layout["viewport"]
        ]
    else:
        problems += [
            f"{width} px: chart {c['name']!r} drawn {c['width']:.0f} px wide in a "
            f"{layout['column']:.0f} px column"
            for c in layout["charts"]
            if c["width"] < CHART_SHARE * layout["column"]
        ]
    return problems


@BROWSER
@pytest.mark.parametrize("docname", PAGES)
def test_every_page_fits_its_column(audits, docname):
    """At 1280 and 375 px nothing in the article is wider than its column except inside a
    box that scrolls; at 375 px every verdict is on screen; at 1280 px every chart fills at
    least nine-tenths of the column."""
    problems = [
        line
        for width in WIDTHS
        for line in layout_problems(audits[docname][width]["layout"], width)
    ]
    assert not problems, f"{docname}.html:\n  " + "\n  ".join(problems)


@BROWSER
def test_the_opening_page_links_every_finding(audits, built_book):
    """The findings name every claim that is more than a plain agreement (by the verdicts
    the book shipped), and each links to an anchor that exists in its chapter."""
    from ngoclaims.chapters.cards import read_cards
    from ngoclaims.chapters.overview import PLAIN

    cards = read_cards(built_book / "_static" / CARDS_DATA)["claims"]
    wanted = {cid for cid, c in cards.items() if c["verdict"] not in PLAIN}
    findings = audits["intro"][WIDTHS[0]]["layout"]["findings"]
    assert {f["claim"] for f in findings} == wanted and len(findings) == len(wanted)
    problems = []
    for f in findings:
        rel, _, anchor = f["href"].partition("#")
        docname = Path(rel.removeprefix("file://")).resolve().relative_to(built_book.resolve())
        docname = docname.as_posix().removesuffix(".html")
        anchors = (
            audits.get(docname, {}).get(WIDTHS[0], {}).get("layout", {}).get("claimAnchors", [])
        )
        if anchor != f"claim-{f['claim']}" or anchor not in anchors:
            problems.append(f"{f['claim']}: links {f['href']}")
    assert not problems, "\n".join(problems)


_SQUEEZE_JS = """
() => {
  const art = document.querySelector("article.bd-article");
  const wide = document.createElement("div");
  wide.style.width = "2000px"; wide.textContent = "too wide";
  art.appendChild(wide);
  const box = document.createElement("div");
  box.className = "ngo-scroll";
  box.innerHTML = '<table style="width: 1000px"><tr><td>a wide table</td></tr></table>';
  art.appendChild(box);
  const badge = art.querySelector("span.verdict");
  badge.style.position = "relative"; badge.style.left = "900px";
  const chart = art.querySelector(".ngo-chart-live svg");
  chart.style.width = "100px";
}
"""


@BROWSER
def test_the_layout_check_fails_on_what_does_not_fit(browser, built_book):
    """A chapter with a planted over-wide block, a verdict pushed off screen and a chart
    squeezed: the layout check names each."""
    context = browser.new_context(viewport={"width": NARROW, "height": 900})
    context.route("**/*", chromium.keep_inside(built_book))
    try:
        page = context.new_page()
        page.goto((built_book / "chapters/kyrgyzstan.html").as_uri(), wait_until="load")
        page.wait_for_function(chromium.CHARTS_DRAWN_JS, timeout=CHART_TIMEOUT_MS)
        assert layout_problems(page.evaluate(_LAYOUT_JS), NARROW) == []
        page.evaluate(_SQUEEZE_JS)
        narrow = "\n".join(layout_problems(page.evaluate(_LAYOUT_JS), NARROW))
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.evaluate(_SETTLE_JS)
        wide = "\n".join(layout_problems(page.evaluate(_LAYOUT_JS), WIDTHS[0]))
    finally:
        context.close()
    assert "div spans" in narrow and "scrolls sideways" in narrow, narrow
    assert "verdict" in narrow and "off screen" in narrow, narrow
    assert "scrolls in its box" in narrow, narrow
    assert "drawn 100 px wide" in wide, wide


# ------------------------------------------------------------------------- it can fail
_BREAK_JS = """
() => {
  const style = document.createElement("style");
  style.textContent = ".verdict-reproduced, .verdict-corroborated { background: #9ad29a !important; }";
  document.head.appendChild(style);
  const img = document.createElement("img");
  img.src = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnLz4=";
  document.querySelector("main").appendChild(img);
}
"""


@BROWSER
def test_the_audit_fails_a_low_contrast_badge_and_an_image_without_alt(browser, axe, built_book):
    """The ledger, with badges made light and an image without alt text planted: the same
    audit names both, and the badge test's contrast falls below AA."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    context.route("**/*", chromium.keep_inside(built_book))
    try:
        page = context.new_page()
        page.goto((built_book / "chapters/ledger.html").as_uri(), wait_until="load")
        page.evaluate(_BREAK_JS)
        seen = audit(page, axe, "chapters/ledger", None)
    finally:
        context.close()
    lines = blocking(seen[WIDTHS[0]]["violations"], "chapters/ledger")
    rules = {line.split()[0] for line in lines}
    assert {"color-contrast", "image-alt"} <= rules, lines
    light = [b for b in seen[WIDTHS[0]]["badges"] if "verdict-reproduced" in b["cls"]]
    assert light and contrast(_rgb(light[0]["color"])[:3], _rgb(light[0]["background"])[:3]) < 4.5
