"""Every glued number one click from its evidence, and a ledger a reader can use, as a
reader's browser sees them (headless Chromium, network blocked):

* every glued number of a claim or derived figure is a link (``a.ngo-number``) whose target
  exists and is that claim's row of the ledger (``ledger.html#<claim_id>``), or the derived
  figure's row of its chapter's table;
* hovering it, and reaching it with the Tab key, shows its card (role=tooltip, named by the
  link's aria-describedby) with the verdict ``verify --json`` computed; Escape closes it;
* the ledger's filter by each verdict shows exactly the claims verify gives that verdict,
  and its count says so; "stated" and "recomputed" sort by their points, "verdict" in the
  summary's order (VERDICTS), and "article's order" puts the rows back;
* a derived figure's card names the assumptions it rests on with their status, a claim
  decided by a derived figure names the sources of that figure's inputs ("the article",
  not its unknown publisher), and a period number's card gives the period and its basis;
(How every page fits the window at 1280 and 375 px, with screenshots, is test_pages.py's.)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from browsing import CHAPTER_PAGES, LEDGER, PAGES, ROOT, glue_keys
from conftest import verify_json
from ngoclaims.build import browser as chromium
from ngoclaims.chapters.cards import PERIOD_BASIS_TEXT
from ngoclaims.claims import schema
from ngoclaims.claims.registry import load

pytestmark = pytest.mark.browser

# the claim keys that link to its card: its numbers, and its verdict
CLAIM_FIELDS = ("stated", "value", "recomputed", "period", "verdict")


@pytest.fixture(scope="module")
def verified() -> dict:
    """``verify --json``: claims by id (in its order), derived figures by id."""
    out = verify_json()
    return {
        "claims": {c["claim_id"]: c for c in out["claims"]},
        "derived": {d["derived_id"]: d for d in out["derived"]},
    }


class Reader:
    """Opens pages of the built book in fresh contexts; notes console errors."""

    def __init__(self, browser, html: Path):
        self.browser, self.html = browser, html.resolve()
        self.errors: list[str] = []
        self._shown: dict[str, tuple] = {}

    def open(self, docname: str, width: int = 1280):
        context = self.browser.new_context(viewport={"width": width, "height": 900})
        context.route("**/*", chromium.keep_inside(self.html, self.errors.append))
        page = context.new_page()
        page.on("pageerror", lambda e: self.errors.append(f"{docname}: {e}"))
        page.goto((self.html / f"{docname}.html").as_uri(), wait_until="load")
        return context, page

    def shown(self, docname: str):
        """The page, opened once for every test that only hovers and reads: no card open,
        nothing focused (a test that sorts or filters opens its own with :meth:`open`)."""
        if docname not in self._shown:
            self._shown[docname] = self.open(docname)
        page = self._shown[docname][1]
        page.mouse.move(0, 0)
        page.keyboard.press("Escape")
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        return page

    def close(self) -> None:
        for context, _ in self._shown.values():
            context.close()


@pytest.fixture(scope="module")
def reader(browser, built_book):
    opened = Reader(browser, built_book)
    yield opened
    opened.close()


def _number_keys(verified: dict) -> set[str]:
    keys = {f"{cid}--{f}" for cid in verified["claims"] for f in CLAIM_FIELDS}
    for did in verified["derived"]:
        keys |= {did, f"{did}--printed", f"{did}--bounds"}
    return keys


def _target(html: Path, href: str) -> tuple[str, str]:
    url, fragment = urldefrag(href)
    path = Path(unquote(urlsplit(url).path)).resolve()
    return path.relative_to(html).as_posix().removesuffix(".html"), unquote(fragment)


def _soup(html: Path, docname: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def _links(reader: Reader) -> dict[str, list[dict]]:
    """Every linked number of every page, read from the published HTML (the links are
    written by the build, not by a script, so no browser is needed to see them)."""
    found = {}
    for docname in PAGES:
        page = (reader.html / f"{docname}.html").as_uri()
        found[docname] = [
            {
                "key": a.get("data-key"),
                "claim": a.get("data-claim"),
                "derived": a.get("data-derived"),
                "href": urljoin(page, a["href"]),
                "raw": a["href"],
                "text": a.get_text(),
                "pasted": a.find("span", class_="pasted-text") is not None,
            }
            for a in _soup(reader.html, docname).select("a.ngo-number")
        ]
    return found


def _check_target(verified: dict, link: dict, rel: str, at: dict | None) -> str | None:
    """Why a number's link does not land on its evidence, or None."""
    if at is None:
        return f"no element there in {rel}"
    claim = verified["claims"].get(link["claim"] or "")
    if claim is not None:
        if rel != LEDGER or at["tag"] != "tr" or "ledger" not in at["table"].split():
            return f"lands on a <{at['tag']}> of table {at['table']!r} in {rel}, not a ledger row"
        if at["verdict"] != claim["verdict"]:
            return f"the row says {at['verdict']!r}, verify says {claim['verdict']!r}"
        return None
    if link["derived"] in verified["derived"]:
        if "derived" not in at["table"].split():
            return f"lands outside the derived figures' table of {rel}"
        return None
    return "names neither a claim nor a derived figure verify knows"


def _element(soup, fragment: str) -> dict | None:
    e = soup.find(id=fragment)
    if e is None:
        return None
    table, row = e.find_parent("table"), (e if e.name == "tr" else e.find_parent("tr"))
    return {
        "tag": e.name,
        "table": " ".join(table.get("class", [])) if table else "",
        "verdict": e.get("data-verdict"),
        "rowOf": row.get("id") if row else None,
    }


def _targets(reader: Reader, fragments: dict[str, set[str]]) -> dict[tuple[str, str], dict]:
    """What each (page, fragment) is, in the published HTML."""
    found = {}
    for rel, wanted in fragments.items():
        soup = _soup(reader.html, rel)
        for fragment in wanted:
            found[rel, fragment] = _element(soup, fragment)
    return found


def test_every_glued_number_links_to_its_evidence(reader, verified):
    """Each {glue:text} of a number is a link; each link lands on its claim's ledger row."""
    numbers = _number_keys(verified)
    problems, landed = [], []
    for docname, links in _links(reader).items():
        wanted = [k for k in glue_keys(ROOT / f"{docname}.md") if k in numbers]
        if Counter(ln["key"] for ln in links) != Counter(wanted):
            problems.append(
                f"{docname}: links {sorted(ln['key'] for ln in links)}, numbers glued {sorted(wanted)}"
            )
        for link in links:
            rel, fragment = _target(reader.html, link["href"])
            want = link["claim"] or (f"derived-{link['derived']}" if link["derived"] else "")
            if fragment != want or not link["pasted"]:
                problems.append(f"{docname}: {link['key']} links {link['raw']!r}")
            else:
                landed.append((docname, link, rel, fragment))
    fragments: dict[str, set[str]] = {}
    for _, _, rel, fragment in landed:
        fragments.setdefault(rel, set()).add(fragment)
    at = _targets(reader, fragments)
    for docname, link, rel, fragment in landed:
        why = _check_target(verified, link, rel, at[rel, fragment])
        if why:
            problems.append(f"{docname}: {link['key']} -> {link['raw']}: {why}")
    assert not problems, "\n".join(problems[:40])
    assert len(landed) >= 80, f"only {len(landed)} linked numbers found"


_CARD_JS = """() => { const c = document.getElementById('ngo-card'); const a = document.activeElement;
  if (!c) return null;
  const b = c.querySelector('.ngo-card-verdict');
  return {visible: !c.hidden && c.offsetParent !== null, role: c.getAttribute('role'),
    key: c.dataset.key || null, verdict: b ? b.textContent : null, text: c.innerText,
    active: a && a.matches('a.ngo-number') ? a.dataset.key : null,
    describedby: a ? a.getAttribute('aria-describedby') : null}; }"""


def _card_problem(verified: dict, key: str, card: dict | None, how: str) -> str | None:
    """Why the card shown for the number ``key`` is not its card, or None."""
    if not card or not card["visible"] or card["role"] != "tooltip" or card["key"] != key:
        return f"{key}: {how} shows no card of its own ({card and card['key']})"
    claim = next((c for cid, c in verified["claims"].items() if key.startswith(f"{cid}--")), None)
    if claim is None:
        did = key.rsplit("--", 1)[0] if key not in verified["derived"] else key
        claim = verified["claims"].get(verified["derived"].get(did, {}).get("claim_id") or "")
        label = verified["derived"].get(did, {}).get("label", "?")
        if label not in card["text"]:
            return f"{key}: {how}: the card does not name the derived figure {label!r}"
    if claim is not None and card["verdict"] != claim["verdict"]:
        return f"{key}: {how}: the card says {card['verdict']!r}, verify {claim['verdict']!r}"
    if claim is not None and claim["quote"] not in card["text"]:
        return f"{key}: {how}: the card lacks the quote"
    return None


def _hover_all(page, verified: dict, docname: str) -> list[str]:
    problems = []
    links = page.locator("a.ngo-number")
    keys = page.evaluate(
        "() => [...document.querySelectorAll('a.ngo-number')].map(a => a.dataset.key)"
    )
    for i, key in enumerate(keys):
        # the last card closed (it may cover this link), then a real mouse over the link,
        # without Playwright's wait for the page to be still (150 ms a number); a link
        # covered by something else would show no card of its own
        page.keyboard.press("Escape")
        links.nth(i).hover(force=True)
        card = page.evaluate(_CARD_JS)
        why = _card_problem(verified, key, card, "hover")
        if why:
            problems.append(f"{docname}: {why}")
    return problems


def _tab_all(page, verified: dict, docname: str, n: int) -> list[str]:
    """Tab through the page; every number reached shows its card, named by the link."""
    problems, reached = [], set()
    page.mouse.move(0, 0)
    # start at the article (the numbers are all in it), not at the site's navigation
    page.evaluate(
        "() => { const a = document.querySelector('article.bd-article');"
        " a.setAttribute('tabindex', '-1'); a.focus(); }"
    )
    for _ in range(1500):
        page.keyboard.press("Tab")
        card = page.evaluate(_CARD_JS)
        key = card and card["active"]  # None: the focus is not on a number
        if key is None:
            continue
        reached.add(key)
        why = _card_problem(verified, key, card, "focus")
        if why is None and card["describedby"] != "ngo-card":
            why = f"{key}: focus: the link's aria-describedby is {card['describedby']!r}"
        if why:
            problems.append(f"{docname}: {why}")
        if len(reached) == n:
            page.keyboard.press("Escape")
            if page.evaluate(_CARD_JS)["visible"]:
                problems.append(f"{docname}: Escape leaves the card of {key} open")
            break
    if len(reached) != n:
        problems.append(f"{docname}: Tab reached {len(reached)} of {n} numbers")
    return problems


@pytest.mark.parametrize("section", sorted(CHAPTER_PAGES))
def test_hover_and_focus_show_the_card_with_verify_verdict(reader, verified, section):
    docname = CHAPTER_PAGES[section]
    page = reader.shown(docname)
    keys = set(
        page.evaluate(
            "() => [...document.querySelectorAll('a.ngo-number')].map(a => a.dataset.key)"
        )
    )
    assert keys, f"{docname}: no linked number"
    problems = _hover_all(page, verified, docname)
    problems += _tab_all(page, verified, docname, len(keys))
    assert not problems, "\n".join(problems[:40])
    assert not reader.errors, reader.errors


_ROWS_JS = """() => ({count: document.querySelector('.ledger-count').textContent,
  shown: [...document.querySelectorAll('table.ledger tbody tr')]
    .filter(r => !r.hidden && r.offsetParent !== null).map(r => r.id),
  options: [...document.querySelectorAll('#ledger-filter-verdict option')].map(o => o.value)})"""


def test_ledger_filter_by_each_verdict_shows_exactly_its_claims(reader, verified):
    claims = verified["claims"]
    context, page = reader.open(LEDGER)
    try:
        start = page.evaluate(_ROWS_JS)
        assert start["shown"] == list(claims), "the ledger does not open with every claim in order"
        assert start["count"] == f"showing {len(claims)} of {len(claims)} claims"
        verdicts = sorted({c["verdict"] for c in claims.values()})
        assert start["options"] == ["", *verdicts]
        problems = []
        for verdict in verdicts:
            page.select_option("#ledger-filter-verdict", verdict)
            now = page.evaluate(_ROWS_JS)
            want = [cid for cid, c in claims.items() if c["verdict"] == verdict]
            if now["shown"] != want:
                problems.append(f"{verdict}: shows {now['shown']}, verify gives {want}")
            if now["count"] != f"showing {len(want)} of {len(claims)} claims":
                problems.append(f"{verdict}: the count says {now['count']!r} for {len(want)}")
        page.select_option("#ledger-filter-verdict", "")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


_PRINT_JS = """() => ({
  after: [...document.querySelectorAll('a.ngo-number')].map(a =>
    [a.dataset.ref, getComputedStyle(a, '::after').content]),
  rows: [...document.querySelectorAll('table.ledger tbody tr')].filter(r =>
    getComputedStyle(r).display !== 'none').length,
  card: [...document.querySelectorAll('#ngo-card')].map(c => getComputedStyle(c).display)})"""


def test_in_print_numbers_name_their_entry_and_the_ledger_shows_every_row(reader, verified):
    problems = []
    context, page = reader.open(CHAPTER_PAGES["uzbekistan"])
    try:
        page.locator("a.ngo-number").first.hover()  # a card open when the reader prints
        page.emulate_media(media="print")
        seen = page.evaluate(_PRINT_JS)
        problems += [
            f"a number linked to {ref} prints {after!r}"
            for ref, after in seen["after"]
            if ref not in after
        ]
        if seen["card"] != ["none"]:
            problems.append(f"the card prints: {seen['card']}")
    finally:
        context.close()
    context, page = reader.open(LEDGER)
    try:
        page.select_option(
            "#ledger-filter-verdict", verified["claims"][next(iter(verified["claims"]))]["verdict"]
        )
        page.emulate_media(media="print")
        rows = page.evaluate(_PRINT_JS)["rows"]
        if rows != len(verified["claims"]):
            problems.append(f"the filtered ledger prints {rows} of {len(verified['claims'])} rows")
    finally:
        context.close()
    assert not problems, "\n".join(problems[:20])


def _order(claims: dict, point) -> list[str]:
    """The claims by a point (none last), the article's order among equals."""
    ids = list(claims)
    return sorted(ids, key=lambda c: (point(c) is None, point(c) or 0, ids.index(c)))


def _point(x) -> float | None:
    return None if x is None else float(x)  # verify writes infinities as "inf"


def test_ledger_sorts_by_points_and_verdict_order_and_back_to_the_article(reader, verified):
    claims = verified["claims"]
    project = load()
    wants = {
        "stated": _order(claims, lambda c: project.claims[c].value),
        "recomputed": _order(claims, lambda c: _point(claims[c]["reading"])),
        "verdict": _order(claims, lambda c: schema.VERDICTS.index(claims[c]["verdict"])),
    }
    assert wants["stated"] != list(claims) and wants["recomputed"] != list(claims)
    problems = []
    context, page = reader.open(LEDGER)
    try:
        for column, want in wants.items():
            page.locator("table.ledger thead button", has_text=column).click()
            shown = page.evaluate(_ROWS_JS)["shown"]
            if column == "verdict":  # equal verdicts keep the article's order
                shown = [claims[c]["verdict"] for c in shown]
                want = [claims[c]["verdict"] for c in want]
            if shown != want:
                problems.append(f"sorting by {column}: {shown[:8]}..., want {want[:8]}...")
        page.locator("button.ledger-reset").click()
        if page.evaluate(_ROWS_JS)["shown"] != list(claims):
            problems.append("'article's order' does not put the rows back in the article's order")
        sorts = page.evaluate(
            "() => [...document.querySelectorAll('table.ledger th')].map(t => t.ariaSort)"
        )
        if set(sorts) != {"none"}:
            problems.append(f"after 'article's order' the headers say {sorts}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _page_of(key: str) -> str:
    return next(d for d in PAGES if key in glue_keys(ROOT / f"{d}.md"))


def _card_text(reader: Reader, key: str) -> str:
    page = reader.shown(_page_of(key))
    page.locator(f'a.ngo-number[data-key="{key}"]').first.hover(force=True)
    card = page.evaluate(_CARD_JS)
    assert card and card["visible"] and card["key"] == key, f"{key}: no card ({card})"
    return card["text"]


def test_a_derived_figure_card_names_its_assumptions_and_their_status(reader, verified):
    d = verified["derived"]["kz-grants-base-amount"]
    assert d["assumptions"] == ["grants-are-social-order"]
    text = _card_text(reader, "kz-grants-base-amount")
    status = load().assumptions["grants-are-social-order"].status
    assert f"grants-are-social-order ({status})" in text, text


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("kz-prize-fund-2017--stated", ["strategy2050"]),
        ("kz-prize-fund-2021--stated", ["kazinform-prize", "kt-2021"]),
        ("kz-grants-growth--stated", ["informburo-2016", "article"]),
        ("kg-registrations-per-year--stated", ["article"]),
        ("kg-income-high-threshold--stated", ["article"]),
    ],
)
def test_a_claim_decided_by_a_derived_figure_names_its_inputs_sources(reader, key, named):
    text = _card_text(reader, key)
    sources = load().sources
    assert "sources" in text, text
    for sid in named:
        assert ("the article" if sid == "article" else sources[sid].title) in text, (sid, text)
    assert "(unknown)" not in text, text


@pytest.mark.parametrize("cid", ["region-period-1", "kz-stage-2", "kg-stage-1"])
def test_a_period_number_card_gives_the_period_and_its_basis(reader, verified, cid):
    from ngoclaims.claims.wording import period_text

    text = _card_text(reader, f"{cid}--period")
    period = period_text(load().claims[cid].period.text)
    basis = PERIOD_BASIS_TEXT[verified["claims"][cid]["period_basis"]]
    assert f"period\t{period}" in text or f"period\n{period}" in text, text
    assert basis in text, text
