"""What the check found, for the opening page: one computed sentence for every claim whose
verdict is more than a plain agreement, grouped by verdict, each linked to the row of its
chapter that discusses it.

A sentence is built from ``verify``'s record of the claim (its quote, stated figure,
recomputed figure, checks and assumptions), never typed: a change of the data that moves a
verdict moves the claim to another group and rewrites its sentence. The engine's full
reasoning stays in the claim's card and in the audit.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ngoclaims.claims.schema import VERDICT_MEANING, VERDICTS

__all__ = [
    "FINDING_ORDER",
    "PLAIN",
    "Item",
    "book_findings",
    "book_items",
    "findings_html",
    "items",
    "lead",
    "sentence",
]

# Verdicts the findings leave out: the claim agrees with the evidence, or nothing tests it.
PLAIN = ("reproduced", "corroborated", "article-only")
# The groups of the findings, the most serious first.
FINDING_ORDER = (
    "probable-erratum",
    "contradicted",
    "inconsistent",
    "doubtful",
    "mixed",
    "underspecified",
    "conditional",
    "consistent",
)
assert set(FINDING_ORDER) | set(PLAIN) == set(VERDICTS)
# Groups long enough to fold away on the opening page.
FOLDED = ("consistent",)


@dataclass(frozen=True)
class Item:
    """One finding: the claim, its verdict, the sentence, where the book discusses it."""

    claim_id: str
    verdict: str
    section: str
    sentence: str
    href: str


def _clause(statement: str) -> str:
    """An assumption's statement as a clause after 'if': lower-case first word unless it is
    a name or an acronym ('USAID's', 'NGOs'), no final stop."""
    text = statement.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if first == "A" or (first[:1].isupper() and first[1:].islower()):
        text = text[0].lower() + text[1:]
    return text


def _untested(r: Mapping) -> str:
    """The untested assumptions of a record, as one condition."""
    clauses = [_clause(a["statement"]) for a in r["assumptions"] if a["status"] == "untested"]
    return " and if ".join(clauses) or "an assumption no source tests holds"


def _publishers(r: Mapping, publisher: Callable[[str], str]) -> list[str]:
    """Who gave the evidence that decided the verdict (not what was only compared)."""
    names = []
    for check in r["checks"]:
        for e in check["evidence"]:
            if e["ref"] not in r["evidence_refs"]:
                continue
            name = (
                "the article"
                if e["source_id"] in ("article", "derived")
                else publisher(e["source_id"])
            )
            if name not in names:
                names.append(name)
    return names


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _consistent(r: Mapping, publisher: Callable[[str], str]) -> str:
    names = [n for n in _publishers(r, publisher) if n != "the article"]
    if not names:
        return "fits the article's other statements, but no source confirms it"
    return f"is consistent with {_and(names)}, which bound it without confirming it"


def _mixed(r: Mapping) -> str:
    outcomes = Counter(c["outcome"] for c in r["checks"])
    agree = outcomes["agree"] + outcomes["consistent"]
    gives = f"; the sources give {r['recomputed']}" if r["recomputed"] else ""
    verb = "agrees" if agree == 1 else "agree"
    return f"draws evidence both ways: {agree} of its {len(r['checks'])} checks {verb}{gives}"


def _gives(r: Mapping) -> str:
    return f", which gives {r['recomputed']}," if r["recomputed"] else ""


def sentence(r: Mapping, publisher: Callable[[str], str], ordinal: bool = False) -> str:
    """The one sentence that says what the check found for the record ``r`` of ``verify``:
    the stated figure, and what its verdict means for it. ``publisher`` names a source; an
    ``ordinal`` claim (a 'second' or 'fourth', stated as 2 or 4) is called its numbering."""
    verdict = r["verdict"]
    stated = "its numbering" if ordinal else r["stated"]
    says = {
        "probable-erratum": lambda: (
            "cannot be right as printed; the likely reading is "
            + (r["recomputed"] or "given in its card")
        ),
        "contradicted": lambda: f"is contradicted by the evidence{_gives(r)} on the same terms",
        "inconsistent": lambda: (
            "conflicts with the article's own "
            + (_and(r["evidence"]) if r["evidence"] else "statements")
        ),
        "doubtful": lambda: f"disagrees with the evidence{_gives(r)} if {_untested(r)}",
        "mixed": lambda: _mixed(r),
        "underspecified": lambda: VERDICT_MEANING["underspecified"],
        "conditional": lambda: f"agrees with the evidence only if {_untested(r)}",
        "consistent": lambda: _consistent(r, publisher),
    }
    if verdict not in says:
        raise ValueError(f"{r['claim_id']}: {verdict} is not a finding (it is one of {PLAIN})")
    return f"{stated} {says[verdict]()}."


def items(
    records: Mapping[str, Mapping],
    publisher: Callable[[str], str],
    ordinals: set[str] = frozenset(),
) -> list[Item]:
    """Every finding, in the order of :data:`FINDING_ORDER`, then of the article;
    ``ordinals`` are the claims whose figure is an ordinal."""
    found = [
        Item(
            cid,
            r["verdict"],
            r["section"],
            sentence(r, publisher, cid in ordinals),
            f"chapters/{r['section']}.html#claim-{cid}",
        )
        for cid, r in records.items()
        if r["verdict"] not in PLAIN
    ]
    return sorted(found, key=lambda i: FINDING_ORDER.index(i.verdict))


def _plural(n: int, noun: str = "claim") -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def lead(records: Mapping[str, Mapping]) -> str:
    """The sentence that opens the findings: how many claims hold, how many need a look."""
    counts = Counter(r["verdict"] for r in records.values())

    def listed(verdicts: tuple[str, ...]) -> str:
        return ", ".join(f"{counts[v]} {v}" for v in verdicts if counts[v]) or "none"

    confirmed = ("reproduced", "corroborated")
    n_confirmed = sum(counts[v] for v in confirmed)
    n_alone = counts["article-only"]
    n_found = sum(counts[v] for v in FINDING_ORDER)
    return (
        f"Of the article's {_plural(len(records), 'numeric claim')}, {n_confirmed} "
        f"{'is' if n_confirmed == 1 else 'are'} confirmed ({listed(confirmed)}) and "
        f"{n_alone} {'has' if n_alone == 1 else 'have'} nothing to test "
        f"{'it' if n_alone == 1 else 'them'} against ({listed(('article-only',))}). The other {n_found} "
        f"{'needs' if n_found == 1 else 'need'} a closer look: {listed(FINDING_ORDER)}."
    )


def _quote(r: Mapping) -> str:
    return html.escape(f"“{r['quote']}”")


def _li(item: Item, r: Mapping, section_title: str) -> str:
    where = html.escape(f"{section_title}, line {r['line']}")
    return (
        f'<li class="finding" data-claim="{html.escape(item.claim_id)}">'
        f'<a class="finding-link reference internal" href="{html.escape(item.href)}">{where}</a>: '
        f"{_quote(r)} — {html.escape(item.sentence)}</li>"
    )


def _group(verdict: str, group: list[Item], records: Mapping[str, Mapping]) -> str:
    from ngoclaims.chapters.tables import badge

    head = f"{badge(verdict)} {_plural(len(group))}: {html.escape(VERDICT_MEANING[verdict])}"
    body = "".join(_li(i, records[i.claim_id], i.section.title()) for i in group)
    listing = f'<ul class="findings-list">{body}</ul>'
    if verdict in FOLDED:
        return (
            f'<details class="findings-group" data-verdict="{verdict}">'
            f"<summary>{head}</summary>{listing}</details>"
        )
    return (
        f'<div class="findings-group" data-verdict="{verdict}">'
        f'<p class="findings-head">{head}</p>{listing}</div>'
    )


def findings_html(
    records: Mapping[str, Mapping],
    publisher: Callable[[str], str],
    ordinals: set[str] = frozenset(),
) -> str:
    """The findings as HTML: a group per verdict (the long ones folded), a linked sentence
    per claim. Every text from the data is escaped."""
    listed = items(records, publisher, ordinals)
    groups = [
        _group(v, [i for i in listed if i.verdict == v], records)
        for v in FINDING_ORDER
        if any(i.verdict == v for i in listed)
    ]
    return f'<div class="findings">{"".join(groups)}</div>'


def _inputs(project) -> tuple[Callable[[str], str], set[str]]:
    """What the sentences need of the project: a source's publisher, the ordinal claims."""
    ordinals = {cid for cid, c in project.claims.items() if c.unit == "ordinal"}
    return (lambda sid: project.sources[sid].publisher), ordinals


def book_items(book) -> list[Item]:
    """The findings of the book's analysis (``analysis.book()``)."""
    return items(book.records, *_inputs(book.project))


def book_findings(book) -> tuple[str, str]:
    """The lead sentence and the findings' HTML for the book's analysis (``analysis.book()``)."""
    publisher, ordinals = _inputs(book.project)
    return lead(book.records), findings_html(book.records, publisher, ordinals)
