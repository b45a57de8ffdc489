"""What the book's chapters call: glue every number into the prose, and show claims,
evidence and verdicts as tables. All text from the data is escaped here, so a quote or
a title that holds HTML is shown as text, never run."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ngoclaims import report
from ngoclaims.derived import Derived
from ngoclaims.intervals import Interval, fmt
from ngoclaims.registry import Project, load
from ngoclaims.schema import VERDICTS, is_web_address
from ngoclaims.verdicts import Finding, derive_all, judge_all, say

VERDICT_ORDER = VERDICTS
VERDICT_MEANING = {
    "reproduced": "a derived figure recomputes from the article's own figures",
    "corroborated": "an independent source agrees",
    "contradicted": "an independent source disagrees",
    "article-only": "no evidence beyond the article; recorded and internally consistent",
    "inconsistent": "conflicts with another statement of the article",
    "underspecified": "cannot be checked as stated",
    "probable-erratum": "as printed it cannot be right; the likely reading is given",
}
SECTION_PAGE = {
    "region": "region",
    "uzbekistan": "uzbekistan",
    "kazakhstan": "kazakhstan",
    "kyrgyzstan": "kyrgyzstan",
}


class Text(str):
    """A string that glues as itself: IPython shows a plain str with quotes around it."""

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Book:
    project: Project
    findings: dict[str, Finding]
    records: dict[str, dict]
    derived: dict[str, Derived]

    def claim(self, claim_id: str):
        return self.project.claims[claim_id]


@lru_cache(maxsize=1)
def book() -> Book:
    project = load()
    findings = judge_all(project)
    records = {r["claim_id"]: r for r in report.rows(project, findings)}
    return Book(
        project,
        {f.claim_id: f for f in findings},
        records,
        {d.derived_id: d for d in derive_all(project)},
    )


def _glue(key: str, value: str) -> None:
    from myst_nb import glue

    if value is None or str(value).strip() == "":
        raise ValueError(f"refusing to glue an empty value under {key!r}")
    glue(key, Text(value), display=False)


def period_text(text: str) -> str:
    """'2010-now' -> '2010–today', '?-2016' -> '2016' (the start is unknown), '1991-1999' -> '1991–1999'."""
    text = text.removeprefix("?-")
    return text.replace("now", "today").replace("-", "–")


def year_text(x: float) -> str:
    return fmt(x, 0).replace(",", "")


def glue_claim(claim_id: str) -> None:
    """Glue what the prose may say of a claim: `<id>--stated`, `--value`, `--verdict`,
    `--recomputed`, `--period`, `--line`, `--reasoning`."""
    b = book()
    c, r = b.claim(claim_id), b.records[claim_id]
    _glue(f"{claim_id}--stated", r["stated"])
    _glue(
        f"{claim_id}--value",
        year_text(c.value) if c.unit in ("year", "decision_number") else fmt(c.value, 2),
    )
    _glue(f"{claim_id}--verdict", r["verdict"])
    _glue(f"{claim_id}--period", period_text(c.period.text))
    _glue(f"{claim_id}--line", str(r["line"]))
    _glue(f"{claim_id}--reasoning", r["reasoning"])
    if r["recomputed"]:
        _glue(f"{claim_id}--recomputed", r["recomputed"])


def glue_section(section: str) -> list[str]:
    """Glue every claim of a part of the article; returns their ids in article order."""
    ids = [cid for cid, c in book().project.claims.items() if c.section == section]
    for cid in ids:
        glue_claim(cid)
    return ids


def glue_derived(derived_id: str, digits: int = 1) -> Derived:
    d = book().derived[derived_id]
    _glue(f"{derived_id}", say(d.interval, d.unit, digits))
    return d


def glue_figure(figure_id: str) -> None:
    """Glue an independent figure: `<id>` as its source puts it, `<id>--period`."""
    from ngoclaims.verdicts import stated_text

    f = book().project.figures[figure_id]
    _glue(figure_id, stated_text(f))
    _glue(f"{figure_id}--period", f.period.text)


def glue_text(key: str, value: str) -> None:
    _glue(key, value)


def glue_number(key: str, x: float, digits: int = 1) -> None:
    _glue(key, fmt(x, digits))


def verdict_counts(section: str | None = None) -> Counter:
    b = book()
    return Counter(
        r["verdict"] for r in b.records.values() if section is None or r["section"] == section
    )


# --------------------------------------------------------------------------------- tables
def esc(x: object) -> str:
    return html.escape(str(x), quote=True)


def badge(verdict: str) -> str:
    return f'<span class="verdict verdict-{esc(verdict)}" title="{esc(VERDICT_MEANING[verdict])}">{esc(verdict)}</span>'


def html_table(headers: list[str], rows: list[list[str]], cls: str) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="ngo-table {cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _claim_row(cid: str, r: dict, anchor: str, link: str) -> list[str]:
    """One claim as a table row: an anchor for links to it, a link to its other place."""
    return [
        f'<span id="{esc(anchor)}-{esc(cid)}" class="{esc(anchor)}-anchor"></span>{link}',
        f'<q>{esc(r["quote"])}</q> <span class="line">line {esc(r["line"])}</span>',
        esc(r["stated"]),
        "<br>".join(esc(e) for e in r["evidence"]) or "—",
        esc(r["recomputed"]) or "—",
        badge(r["verdict"]),
    ]


def claims_table(section: str) -> str:
    """The claims of a part of the article: anchors here, links to the ledger's rows."""
    rows = [
        _claim_row(
            cid,
            r,
            "claim",
            f'<a class="ledger-link" href="ledger.html#ledger-{esc(cid)}">{esc(cid)}</a>',
        )
        for cid, r in book().records.items()
        if r["section"] == section
    ]
    head = ["claim", "the article says", "stated", "evidence", "recomputed", "verdict"]
    return html_table(head, rows, "claims")


def ledger_table() -> str:
    """Every claim of the registry: anchors here, links to the chapter that discusses it."""
    rows = []
    for cid, r in book().records.items():
        page = SECTION_PAGE[r["section"]]
        link = f'<a class="chapter-link" href="{page}.html#claim-{esc(cid)}">{esc(cid)}</a>'
        rows.append(_claim_row(cid, r, "ledger", link))
    return html_table(
        ["claim", "quote", "stated", "evidence", "recomputed", "verdict"], rows, "ledger"
    )


def audit_table() -> str:
    """Every claim that is not simply reproduced or corroborated, with the reasoning."""
    b = book()
    rows = []
    for verdict in (
        "contradicted",
        "inconsistent",
        "probable-erratum",
        "underspecified",
        "article-only",
    ):
        for cid, r in b.records.items():
            if r["verdict"] != verdict:
                continue
            page = SECTION_PAGE[r["section"]]
            rows.append(
                [
                    f'<span id="audit-{esc(cid)}"></span><a href="{page}.html#claim-{esc(cid)}">{esc(cid)}</a>',
                    esc(r["stated"]),
                    badge(r["verdict"]),
                    esc(r["reasoning"]) + (f"<br><em>{esc(r['note'])}</em>" if r["note"] else ""),
                ]
            )
    return html_table(["claim", "stated", "verdict", "reasoning"], rows, "audit")


def derived_table(section: str) -> str:
    rows = []
    for d in book().derived.values():
        if d.section != section:
            continue
        rows.append(
            [
                esc(d.label),
                esc(d.formula),
                esc(say(d.interval, d.unit, 2)),
                esc(d.basis),
                esc(", ".join(d.inputs)),
            ]
        )
    return html_table(["derived figure", "formula", "value", "from", "inputs"], rows, "derived")


def figures_table(country: str | None = None) -> str:
    from ngoclaims.verdicts import stated_text

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
                esc(f.definition or "—"),
                esc(f.period.text),
                esc(stated_text(f)),
                link,
                f'<q lang="{esc(s.language)}">{esc(f.quote)}</q>',
            ]
        )
    return html_table(
        ["figure", "country", "indicator", "definition", "period", "value", "source", "quotation"],
        rows,
        "figures",
    )


def events_table() -> str:
    b = book()
    rows = []
    for e in b.project.events.values():
        s = b.project.sources[e.source_id]
        when = str(e.year) + (f"–{e.end_year}" if e.end_year else "")
        if e.month:
            when += f" (month {e.month}{', day ' + str(e.day) if e.day else ''})"
        link = source_link(s, s.publisher)
        rows.append(
            [
                esc(e.event_id),
                esc(e.event.replace("_", " ")),
                esc(e.ordinal or "—"),
                esc(when),
                esc(e.status),
                link,
                f'<q lang="{esc(s.language)}">{esc(e.quote)}</q>',
            ]
        )
    return html_table(
        ["event", "kind", "number", "when", "status", "source", "quotation"], rows, "events"
    )


def sources_table() -> str:
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
    from IPython.display import HTML, display

    display(HTML(html_text))


def interval_text(iv: Interval, unit: str, digits: int = 1) -> str:
    return say(iv, unit, digits)
