"""Claims, evidence and verdicts as HTML tables for the chapters. All text from the data
is escaped here, so a quote or a title that holds HTML is shown as text, never run."""

from __future__ import annotations

import html
import math
import re

from ngoclaims.chapters.analysis import book
from ngoclaims.chapters.glue import verdict_counts
from ngoclaims.claims.checks import derive_all
from ngoclaims.claims.registry import Project
from ngoclaims.claims.schema import VERDICT_MEANING, VERDICTS, is_web_address
from ngoclaims.claims.verdicts import Finding
from ngoclaims.claims.wording import date_text, say, say_point, stated_text


def esc(x: object) -> str:
    """Text from the data made safe for HTML: shown, never run."""
    return html.escape(str(x), quote=True)


def badge(verdict: str) -> str:
    """A verdict as a badge carrying its word, with its meaning on hover."""
    return f'<span class="verdict verdict-{esc(verdict)}" title="{esc(VERDICT_MEANING[verdict])}">{esc(verdict)}</span>'


def html_table(headers: list[str], rows: list[list[str]], cls: str) -> str:
    """An HTML table of escaped headers and ready cells, with a class to style it by."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="ngo-table {cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


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
        esc(r["stated"]),
        "<br>".join(esc(e) for e in r["evidence"]) or "—",
        esc(r["recomputed"]) or "—",
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
    return html_table(head, rows, "claims")


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
    keys = _ledger_sort_keys(r, value)
    tds = "".join(
        f'<td data-label="{esc(h)}"'
        + (f' data-sort="{esc(keys[h])}"' if h in keys else "")
        + f">{cell}</td>"
        for h, cell in zip(LEDGER_HEADERS, cells)
    )
    attrs = f'id="{esc(cid)}" data-verdict="{esc(r["verdict"])}" data-section="{esc(r["section"])}"'
    return f'<tr {attrs} data-kind="{esc(kind)}" data-line="{esc(r["line"])}">{tds}</tr>'


def ledger_table() -> str:
    """Every claim of the registry, one row each, in the order of the article: the row's id
    is the claim's id (``ledger.html#<claim_id>``), its first cell links to the chapter that
    discusses it. _static/ngo-ledger.js filters and sorts the rows in the page."""
    b = book()
    head = "".join(f"<th>{esc(h)}</th>" for h in LEDGER_HEADERS)
    body = "".join(
        _ledger_row(cid, r, b.claim(cid).kind, b.claim(cid).value) for cid, r in b.records.items()
    )
    return (
        f'<table class="ngo-table ledger" data-count-noun="claims"><thead><tr>{head}</tr>'
        f"</thead><tbody>{body}</tbody></table>"
    )


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
                    esc(r["stated"]),
                    badge(r["verdict"]) + rests_on_html(r),
                    esc(r["reasoning"])
                    + (f"<br><em>{esc(r['note'])}</em>" if r["note"] else "")
                    + aside,
                ]
            )
    return html_table(["claim", "stated", "verdict", "reasoning"], rows, "audit")


def verdicts_table() -> str:
    """What each verdict means, with how many claims have it."""
    counts = verdict_counts()
    rows = [[badge(v), esc(VERDICT_MEANING[v]), esc(counts.get(v, 0))] for v in VERDICTS]
    return html_table(["verdict", "meaning", "claims"], rows, "verdict-meanings")


def derived_table(section: str) -> str:
    """The derived figures of a part of the article: worked formula, readings and inputs."""
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
                esc(d.basis),
                esc(", ".join(d.inputs)),
                esc(", ".join(d.assumptions) or "—"),
            ]
        )
    return html_table(
        [
            "derived figure",
            "formula",
            "read as printed",
            "within the bounds",
            "from",
            "inputs",
            "rests on",
        ],
        rows,
        "derived",
    )


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
    return ", ".join(ledger_link(c) for c in ids) or "—"


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
    )


def kinds_table() -> str:
    """Every kind of count (data/kinds.csv) and what it counts."""
    rows = [[esc(k.dimension), esc(k.kind), esc(k.meaning)] for k in book().project.kinds.values()]
    return html_table(["dimension", "kind", "what it counts"], rows, "kinds")


def figures_table(country: str | None = None) -> str:
    """The independent figures, of one country or all, each with its source and quote."""
    b = book()
    rows = []
    for f in b.project.figures.values():
        if country and f.country != country:
            continue
        s = b.project.sources[f.source_id]
        link = source_link(s, s.publisher)
        rows.append(
            [
                esc(f.figure_id),
                esc(f.country),
                esc(f.indicator.replace("_", " ")),
                esc(" · ".join(x for x in (f.definition, f.scope) if x) or "—"),
                esc(f.period.text),
                esc(stated_text(f)),
                link,
                f'<q lang="{esc(s.language)}">{esc(f.quote)}</q>',
            ]
        )
    return html_table(
        ["figure", "country", "indicator", "counts", "period", "value", "source", "quotation"],
        rows,
        "figures",
    )


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
                esc(e.label),
                esc(when),
                esc(status),
                link,
                f'<q lang="{esc(s.language)}">{esc(e.quote)}</q>',
            ]
        )
    return html_table(["event", "what", "when", "status", "source", "quotation"], rows, "events")


def sources_table() -> str:
    """Every source with its publisher, date and address."""
    rows = []
    for s in book().project.sources.values():
        link = source_link(s, s.url or "—")
        rows.append(
            [
                esc(s.source_id),
                esc(s.title),
                esc(s.publisher),
                esc(s.date or "undated"),
                link,
                esc(s.note),
            ]
        )
    return html_table(["source", "title", "publisher", "date", "address", "note"], rows, "sources")


def source_link(s, text: str) -> str:
    """A source's name (or address) as a link when its address is a web address, else text."""
    if is_web_address(s.url):
        return f'<a href="{esc(s.url)}" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def show(html_text: str):
    """Display ready HTML in the chapter; HTML with a table in a scroll box that a keyboard
    can reach (a wide table scrolls sideways on a narrow screen)."""
    from IPython.display import HTML, display

    display(HTML(scroll_box(html_text)))


def scroll_box(html_text: str) -> str:
    """HTML holding a table, inside a focusable region named by the table's first headers."""
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th\b[^>]*>(.*?)</th>", html_text)]
    if "<table" not in html_text:
        return html_text
    label = "Table" + (": " + ", ".join(headers[:3]) if headers else "")
    return (
        f'<div class="ngo-scroll" role="region" tabindex="0" aria-label="{esc(label)}">'
        f"{html_text}</div>"
    )
