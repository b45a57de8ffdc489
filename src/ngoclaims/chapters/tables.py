"""Claims, evidence and verdicts as HTML tables for the chapters. All text from the data
is escaped here, so a quote or a title that holds HTML is shown as text, never run."""

from __future__ import annotations

import html
import math
import re

from ngoclaims.chapters.analysis import book
from ngoclaims.chapters.glue import verdict_counts
from ngoclaims.chapters.validation import suite_summary, validation_table
from ngoclaims.claims.checks import derive_all
from ngoclaims.claims.registry import Project
from ngoclaims.claims.schema import VERDICT_MEANING, VERDICTS, is_web_address
from ngoclaims.claims.verdicts import Finding
from ngoclaims.claims.wording import date_text, say, say_point, stated_text

# What a table shows for a value that is not there.
MISSING = "—"


def esc(x: object) -> str:
    """Text from the data made safe for HTML: shown, never run."""
    return html.escape(str(x), quote=True)


def is_missing(x: object) -> bool:
    """Whether a value is absent: None, an empty text, a NaN, or pandas' NA."""
    if x is None or type(x).__name__ in ("NAType", "NaTType"):  # before ==: NA == "" is NA
        return True
    return x == "" if isinstance(x, str) else isinstance(x, float) and math.isnan(x)


def shown(x: object, yes: str = "yes", no: str = "no") -> str:
    """A value as a reader reads it, escaped: a boolean as a word, a missing value as a
    dash; never Python's ``True``, ``None`` or ``nan``."""
    if isinstance(x, bool):
        return esc(yes if x else no)
    return MISSING if is_missing(x) else esc(x)


def badge(verdict: str) -> str:
    """A verdict as a badge carrying its word, with its meaning on hover."""
    return f'<span class="verdict verdict-{esc(verdict)}" title="{esc(VERDICT_MEANING[verdict])}">{esc(verdict)}</span>'


# The class of a table with one row per claim: on a narrow screen each row is a card of
# labelled fields (its cells' data-label), the verdict on the card's first line
# (_static/ngo-tables.css), never behind a sideways scroll.
CLAIM_TABLE = "ngo-claim-table"
# The class of any table shown as one card per row on a narrow screen (claim tables too).
CARDS = "ngo-cards"


def html_row(
    headers: list[str] | tuple[str, ...],
    row: list[str],
    attrs: str = "",
    sort: dict[str, str] | None = None,
) -> str:
    """A table row of ready cells, each labelled by its column's header (``data-label``),
    which a narrow screen shows beside the value when the row is laid out as a card;
    ``sort`` gives a column's cell the key it is sorted by (``data-sort``)."""
    sort = sort or {}
    cells = "".join(
        f'<td data-label="{esc(h)}"'
        + (f' data-sort="{esc(sort[h])}"' if h in sort else "")
        + f">{cell}</td>"
        for h, cell in zip(headers, row, strict=True)
    )
    return f"<tr{attrs}>{cells}</tr>"


def _table(headers, body: str, classes: list[str], attrs: str = "", tfoot: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return (
        f'<table class="{" ".join(classes)}"{attrs}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody>{tfoot}</table>"
    )


def html_table(
    headers: list[str],
    rows: list[list[str]],
    cls: str,
    claims: bool = False,
    foot: list[str] | None = None,
    cards: bool = False,
) -> str:
    """An HTML table of escaped headers and ready cells, with a class to style it by; a
    table of claims (one row per claim, with its verdict) is marked as one, and, like a
    table with ``cards``, is a card per row on a narrow screen; ``foot`` is a last row of
    totals."""
    body = "".join(html_row(headers, row) for row in rows)
    tfoot = f"<tfoot>{html_row(headers, foot)}</tfoot>" if foot else ""
    marks = [CLAIM_TABLE] * claims + [CARDS] * (claims or cards)
    return _table(headers, body, ["ngo-table", cls, *marks], tfoot=tfoot)


def rests_on_html(r: dict) -> str:
    """The assumptions a verdict rests on, each linked to its entry on the limits page."""
    if not r["assumptions"]:
        return ""
    links = ", ".join(
        f'<a class="assumption-link status-{esc(a["status"])}" href="limits.html#assumption-{esc(a["id"])}" '
        f'title="{esc(a["statement"])}">{esc(a["id"])}</a> ({esc(a["status"])})'
        for a in r["assumptions"]
    )
    return f'<br><span class="rests-on">rests on: {links}</span>'


def _claim_row(cid: str, r: dict, anchor: str, link: str) -> list[str]:
    """One claim as a table row: an anchor for links to it, a link to its other place."""
    return [
        f'<span id="{esc(anchor)}-{esc(cid)}" class="{esc(anchor)}-anchor"></span>{link}',
        f'<q>{esc(r["quote"])}</q> <span class="line">line {esc(r["line"])}</span>',
        shown(r["stated"]),
        "<br>".join(esc(e) for e in r["evidence"]) or MISSING,
        shown(r["recomputed"]),
        badge(r["verdict"]) + rests_on_html(r),
    ]


def claims_table(section: str) -> str:
    """The claims of a part of the article: anchors here, links to the ledger's rows."""
    rows = [
        _claim_row(
            cid,
            r,
            "claim",
            ledger_link(cid),
        )
        for cid, r in book().records.items()
        if r["section"] == section
    ]
    head = ["claim", "the article says", "stated", "evidence", "recomputed", "verdict"]
    return html_table(head, rows, "claims", claims=True)


LEDGER_HEADERS = ("claim", "quote", "stated", "evidence", "recomputed", "verdict")


def ledger_link(cid: str, page: str = "ledger.html") -> str:
    """A link to a claim's row of the ledger, whose id is the claim's id."""
    return f'<a class="ledger-link" href="{page}#{esc(cid)}">{esc(cid)}</a>'


def _sort_number(x: object) -> str:
    """A point as a ledger cell's sort key (``data-sort``): JavaScript's Number() reads it;
    no point is an empty key, sorted last."""
    v = math.nan if x is None or x == "" else float(x)  # verify writes infinities as "inf"
    if math.isnan(v):
        return ""
    return {math.inf: "Infinity", -math.inf: "-Infinity"}.get(v, repr(v))


def _ledger_sort_keys(r: dict, value: float) -> dict[str, str]:
    """What _static/ngo-ledger.js sorts each column by, where not its text: the quote by its
    line (the article's order), the stated and recomputed figures by their points, the
    verdict in the order of VERDICTS (the summary's)."""
    return {
        "quote": str(r["line"]),
        "stated": _sort_number(value),
        "recomputed": _sort_number(r["reading"]),
        "verdict": str(VERDICTS.index(r["verdict"])),
    }


def _ledger_row(cid: str, r: dict, kind: str, value: float) -> str:
    """One claim as a row of the ledger: its id is the claim's; what it may be filtered by
    (verdict, part of the article, kind of claim) is in its data attributes, what a column
    is sorted by (where not its text) in its cell's ``data-sort``."""
    link = f'<a class="chapter-link" href="{r["section"]}.html#claim-{esc(cid)}">{esc(cid)}</a>'
    first = f'{link}<br><span class="ledger-facets">{esc(r["section"])} · {esc(kind)}</span>'
    cells = [first, *_claim_row(cid, r, "ledger", link)[1:]]
    attrs = (
        f' id="{esc(cid)}" data-verdict="{esc(r["verdict"])}" data-section="{esc(r["section"])}"'
        f' data-kind="{esc(kind)}" data-line="{esc(r["line"])}"'
    )
    return html_row(LEDGER_HEADERS, cells, attrs, sort=_ledger_sort_keys(r, value))


def ledger_table() -> str:
    """Every claim of the registry, one row each, in the order of the article: the row's id
    is the claim's id (``ledger.html#<claim_id>``), its first cell links to the chapter that
    discusses it. _static/ngo-ledger.js filters and sorts the rows in the page."""
    b = book()
    body = "".join(
        _ledger_row(cid, r, b.claim(cid).kind, b.claim(cid).value) for cid, r in b.records.items()
    )
    classes = ["ngo-table", "ledger", CLAIM_TABLE, CARDS]
    return _table(LEDGER_HEADERS, body, classes, attrs=' data-count-noun="claims"')


# Verdicts the audit lists: everything but a plain reproduction or corroboration.
AUDITED = tuple(v for v in VERDICTS if v not in ("reproduced", "corroborated"))


def audit_table() -> str:
    """Every claim that is not simply reproduced or corroborated, with the reasoning."""
    b = book()
    rows = []
    for verdict in AUDITED:
        for cid, r in b.records.items():
            if r["verdict"] != verdict:
                continue
            aside = "".join(
                f"<br><small>Set aside (needs a refuted assumption): {esc(x)}</small>"
                for x in r["set_aside"]
            )
            rows.append(
                [
                    f'<span id="audit-{esc(cid)}"></span>{ledger_link(cid)}',
                    shown(r["stated"]),
                    badge(r["verdict"]) + rests_on_html(r),
                    shown(r["reasoning"])
                    + ("" if is_missing(r["note"]) else f"<br><em>{esc(r['note'])}</em>")
                    + aside,
                ]
            )
    return html_table(["claim", "stated", "verdict", "reasoning"], rows, "audit", claims=True)


def verdicts_table() -> str:
    """What each verdict means, with how many claims have it."""
    counts = verdict_counts()
    rows = [[badge(v), esc(VERDICT_MEANING[v]), esc(counts.get(v, 0))] for v in VERDICTS]
    return html_table(["verdict", "meaning", "claims"], rows, "verdict-meanings")


def derived_table(section: str) -> str:
    """The derived figures of a part of the article: worked formula, readings and inputs
    (with whose figures they are: the article's, independent or mixed)."""
    rows = []
    for d in book().derived.values():
        if d.section != section:
            continue
        rows.append(
            [
                f'<span id="derived-{esc(d.derived_id)}" class="derived-anchor"></span>'
                + esc(d.label),
                f"{esc(d.worked)}<br><code>{esc(d.formula)}</code>",
                esc(say_point(d.point, d.unit, scope=d.scope)),
                esc(say(d.interval, d.unit, scope=d.scope)),
                shown(", ".join(d.inputs))
                + f'<br><small class="basis">from: {shown(d.basis)}</small>',
                shown(", ".join(d.assumptions)),
            ]
        )
    head = ["derived figure", "formula", "read as printed", "within the bounds", "inputs"]
    return html_table([*head, "rests on"], rows, "derived", cards=True)


def dependents(project: Project, findings: dict[str, Finding]) -> dict[str, dict[str, list[str]]]:
    """For each assumption: the claims whose verdict rests on it, the claims with a check
    that needs it, the derived figures that use it, and the claims with a check set aside
    because it is refuted.
    """
    out: dict[str, dict[str, list[str]]] = {
        a: {"claims": [], "checked": [], "derived": [], "set_aside": []}
        for a in project.assumptions
    }
    for f in findings.values():
        for a in f.assumptions:
            out[a]["claims"].append(f.claim_id)
        for a in _needed(f.checks) - set(f.assumptions):
            out[a]["checked"].append(f.claim_id)
        for a in _needed(f.set_aside):
            if project.assumptions[a].status == "refuted":
                out[a]["set_aside"].append(f.claim_id)
    for d in derive_all(project):
        for a in d.assumptions:
            out[a]["derived"].append(d.derived_id)
    return out


def _needed(checks) -> set[str]:
    """Every assumption some of the checks need."""
    return {a for x in checks for a in x.assumptions}


def _claim_links(ids: list[str]) -> str:
    return ", ".join(ledger_link(c) for c in ids) or MISSING


def assumptions_table() -> str:
    """Every assumption with its status, evidence, and what rests on it."""
    b = book()
    deps = dependents(b.project, b.findings)
    rows = []
    for a in b.project.assumptions.values():
        d = deps[a.assumption_id]
        uses = _claim_links(d["claims"])
        if d["checked"]:
            uses += "<br>also in checks of: " + _claim_links(d["checked"])
        if d["derived"]:
            uses += "<br>derived: " + esc(", ".join(d["derived"]))
        if d["set_aside"]:
            uses += "<br>set aside for: " + _claim_links(d["set_aside"])
        rows.append(
            [
                f'<span id="assumption-{esc(a.assumption_id)}"></span>{esc(a.assumption_id)}',
                esc(a.statement),
                f'<span class="status status-{esc(a.status)}">{esc(a.status)}</span>',
                esc(a.reasoning)
                + "<br><small>evidence: "
                + esc(", ".join(a.evidence) or "none")
                + "</small>",
                uses,
            ]
        )
    return html_table(
        ["assumption", "statement", "status", "why", "verdicts that rest on it"],
        rows,
        "assumptions",
        cards=True,
    )


def comparability_table() -> str:
    """Which kind of count may bound which, and on what assumption."""
    b = book()
    rows = []
    for row in b.project.comparability:
        a = b.project.assumptions[row.assumption_id]
        what = (
            "count the same set"
            if row.relation == "same"
            else f"a count of {row.narrower} bounds one of {row.broader} from below; one of "
            f"{row.broader} bounds one of {row.narrower} from above"
        )
        rows.append(
            [
                esc(row.dimension),
                esc(row.narrower),
                esc(row.broader),
                esc(what),
                f'<a href="limits.html#assumption-{esc(a.assumption_id)}">{esc(a.assumption_id)}</a> ({esc(a.status)})',
            ]
        )
    return html_table(
        ["dimension", "narrower", "broader", "may bound", "on the assumption"],
        rows,
        "comparability",
        cards=True,
    )


def kinds_table() -> str:
    """Every kind of count (data/kinds.csv) and what it counts."""
    rows = [[esc(k.dimension), esc(k.kind), esc(k.meaning)] for k in book().project.kinds.values()]
    return html_table(["dimension", "kind", "what it counts"], rows, "kinds", cards=True)


def _counts(f) -> str:
    """What a figure counts: its indicator and, below, the kind of count and its scope."""
    kind = " · ".join(x.replace("_", " ") for x in (f.definition, f.scope) if x)
    return shown(f.indicator.replace("_", " ")) + (
        f"<br><small>{esc(kind)}</small>" if kind else ""
    )


def figures_table(country: str | None = None) -> str:
    """The independent figures, of one country or all, each with its source and quote
    (six columns, so that the table fits the page's column)."""
    b = book()
    rows = []
    for f in b.project.figures.values():
        if country and f.country != country:
            continue
        s = b.project.sources[f.source_id]
        rows.append(
            [
                f"{esc(f.figure_id)}<br><small>{shown(f.country)}</small>",
                _counts(f),
                shown(f.period.text),
                shown(stated_text(f)),
                source_link(s, s.publisher),
                f'<q lang="{esc(s.language)}">{esc(f.quote)}</q>',
            ]
        )
    head = ["figure, country", "what it counts", "period", "value", "source", "quotation"]
    return html_table(head, rows, "figures", cards=True)


def events_table() -> str:
    """The dated events, each with its status and source."""
    b = book()
    rows = []
    for e in b.project.events.values():
        s = b.project.sources[e.source_id]
        when = date_text(e.year, e.month, e.day) + (f" to {e.end_year}" if e.end_year else "")
        link = source_link(s, s.publisher)
        status = e.status + ("" if e.happened else " (not reported as held)")
        rows.append(
            [
                esc(e.event_id),
                shown(e.label),
                shown(when),
                esc(status),
                link,
                f'<q lang="{esc(s.language)}">{esc(e.quote)}</q>',
            ]
        )
    return html_table(
        ["event", "what", "when", "status", "source", "quotation"], rows, "events", cards=True
    )


def sources_table() -> str:
    """Every source with its publisher, date and address (four columns, so that the table
    fits the page's column: publisher and date go under the title)."""
    rows = []
    for s in book().project.sources.values():
        rows.append(
            [
                esc(s.source_id),
                f"{shown(s.title)}<br><small>{shown(s.publisher)}, {esc(s.date or 'undated')}</small>",
                source_link(s, s.url or MISSING),
                shown(s.note),
            ]
        )
    return html_table(
        ["source", "title (publisher, date)", "address", "note"], rows, "sources", cards=True
    )


def source_link(s, text: str) -> str:
    """A source's name (or address) as a link when its address is a web address, else text."""
    if is_web_address(s.url):
        return f'<a href="{esc(s.url)}" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def _checked_table(table: str, file: str) -> str:
    """What a suite checks: the data file its table is read from, else the table's name
    (a table validate builds from several files)."""
    if file:
        return f"<code>data/{esc(file)}</code>"
    return f"{shown(table)} <small>(built from the data files)</small>"


def validation_summary_table(path=None) -> str:
    """One row per suite of the last validation: what it checks, how many expectations,
    how many passed and failed, the failures named; a last row adds them up."""
    suites = suite_summary(path)
    rows = [
        [
            esc(r.suite),
            _checked_table(r.table, r.file),
            esc(r.expectations),
            esc(r.passed),
            f'<span class="result-failed">{r.failed}</span>' if r.failed else "0",
            "<br>".join(esc(f) for f in r.failures) or MISSING,
        ]
        for r in suites.itertuples()
    ]
    n = suites[["expectations", "passed", "failed"]].sum()
    total = [f"all {len(suites)} suites", "", *(esc(int(n[c])) for c in n.index), ""]
    head = ["suite", "checks", "expectations", "passed", "failed", "what failed"]
    return html_table(head, rows, "validation-suites", foot=total, cards=True)


def validation_table_html(path=None) -> str:
    """Every expectation of the last validation, one row each: its suite, its rule (and
    GX's name for it), the column, what GX saw and whether it passed."""
    rows = [
        [
            esc(r.suite),
            shown(r.rule)
            + f'<br><small class="gx-type">{esc(r.expectation).replace("_", "_<wbr>")}</small>',
            shown(r.column),
            shown(r.observed),
            f'<span class="result-{shown(r.passed, "passed", "failed")}">'
            f"{shown(r.passed, 'passed', 'failed')}</span>",
        ]
        for r in validation_table(path).itertuples()
    ]
    head = ["suite", "rule", "column", "observed", "result"]
    return html_table(head, rows, "validation", cards=True)


def details(summary: str, html_text: str) -> str:
    """HTML a reader opens: ``summary`` (text) says what opens; a table in it scrolls in
    its own box."""
    return (
        f'<details class="ngo-details"><summary>{esc(summary)}</summary>'
        f"{scroll_box(html_text)}</details>"
    )


def show(html_text: str):
    """Display ready HTML in the chapter; HTML with a table in a scroll box that a keyboard
    can reach (a wide table scrolls sideways on a narrow screen)."""
    from IPython.display import HTML, display

    display(HTML(scroll_box(html_text)))


def scroll_box(html_text: str) -> str:
    """HTML holding a table, inside a focusable region named by the table's first headers."""
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th\b[^>]*>(.*?)</th>", html_text)]
    if "<table" not in html_text or 'class="ngo-scroll"' in html_text:
        return html_text  # no table, or its table is in a box already
    label = "Table" + (": " + ", ".join(headers[:3]) if headers else "")
    return (
        f'<div class="ngo-scroll" role="region" tabindex="0" aria-label="{esc(label)}">'
        f"{html_text}</div>"
    )
