"""What the check found, for the opening page: one computed sentence for every claim whose
verdict is more than a plain agreement, grouped by verdict, each linked to the row of its
chapter that discusses it.

A sentence is built from ``verify``'s record of the claim (its quote, stated figure,
recomputed figure, checks and assumptions), never typed: a change of the data that moves a
verdict moves the claim to another group and rewrites its sentence. The engine's full
reasoning stays in the claim's card and in the audit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ngoclaims.chapters.tables import badge, esc
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


def _deciding(r: Mapping) -> list[Mapping]:
    """The checks whose evidence decided the verdict (not what was only compared)."""
    refs = set(r["evidence_refs"])
    found = [c for c in r["checks"] if any(e["ref"] in refs for e in c["evidence"])]
    return found or list(r["checks"])


def _who(check: Mapping, e: Mapping, publisher: Callable[[str], str]) -> str:
    if e["source_id"] == "article":
        return "the article's other statements"
    if e["source_id"] == "derived":  # its inputs may mix the article's figures and sources'
        own = " from the article's own numbers" if check["basis"] == "article" else ""
        return f"a figure the book derives{own}"
    return publisher(e["source_id"])


def _basis(r: Mapping, publisher: Callable[[str], str]) -> list[str]:
    """Who gave the evidence that decided the verdict: a source's publisher, the article's
    other statements, or figures the book derives."""
    refs, names = set(r["evidence_refs"]), {}
    for check in _deciding(r):
        for e in check["evidence"]:
            if e["ref"] in refs or not refs:
                names.setdefault(_who(check, e, publisher), set()).add(e["ref"])
    said = [
        name.replace("a figure the book derives", "figures the book derives")
        if len(found) > 1
        else name
        for name, found in names.items()
    ]
    return said or ["the evidence"]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _consistent(names: list[str]) -> str:
    sources = [n for n in names if n != "the article's other statements"]
    if not sources:
        return "fits the article's other statements, but no source confirms it"
    return f"is consistent with {_and(sources)}, which bound it without confirming it"


def _conditional(r: Mapping, basis: str) -> str:
    """An agreement, or only a bound kept (a broader or narrower count), under a condition."""
    if any(c["outcome"] == "agree" for c in _deciding(r)):
        return f"agrees with {basis} only if {_untested(r)}"
    return f"stays within the bound that {basis} sets only if {_untested(r)}"


def _mixed(r: Mapping, basis: str) -> str:
    checks = _deciding(r)
    agree = sum(c["outcome"] in ("agree", "consistent") for c in checks)
    verb = "agrees" if agree == 1 else "agree"
    other = f", and the recomputed figure is {r['recomputed']}" if r["recomputed"] else ""
    untested = sum(a["status"] == "untested" for a in r["assumptions"])
    return (
        f"draws evidence both ways from {basis}: {agree} of the claim's "
        f"{len(checks)} checks {verb}{other}; the checks rest on {untested} untested "
        f"assumption{'' if untested == 1 else 's'}, named in its card"
    )


def _gives(r: Mapping) -> str:
    return f", which gives {r['recomputed']}," if r["recomputed"] else ""


def _erratum(r: Mapping) -> str:
    """The likely reading (the engine's, which keeps the qualifier the article prints)."""
    if not r["recomputed"]:
        return "cannot be right as printed; its card gives the likely reading"
    return f"cannot be right as printed; the likely reading is {r['recomputed']}"


def sentence(r: Mapping, publisher: Callable[[str], str], ordinal: bool = False) -> str:
    """The one sentence that says what the check found for the record ``r`` of ``verify``:
    the stated figure, and what its verdict means for it. ``publisher`` names a source; an
    ``ordinal`` claim (a 'second' or 'fourth', stated as 2 or 4) is called its numbering."""
    verdict = r["verdict"]
    stated = "its numbering" if ordinal else r["stated"]
    names = _basis(r, publisher)
    basis = _and(names)
    says = {
        "probable-erratum": lambda: _erratum(r),
        "contradicted": lambda: f"is contradicted by {basis}{_gives(r)} on the same terms",
        "inconsistent": lambda: (
            "conflicts with the article's own "
            + (_and(r["evidence"]) if r["evidence"] else "statements")
        ),
        "doubtful": lambda: f"disagrees with {basis}{_gives(r)} only if {_untested(r)}",
        "mixed": lambda: _mixed(r, basis),
        "underspecified": lambda: VERDICT_MEANING["underspecified"],
        "conditional": lambda: _conditional(r, basis),
        "consistent": lambda: _consistent(names),
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

    n_alone = counts["article-only"]
    n_found = sum(counts[v] for v in FINDING_ORDER)

    def are(n: int) -> str:
        return "is" if n == 1 else "are"

    return (
        f"Of the article's {_plural(len(records), 'numeric claim')}, {counts['corroborated']} "
        f"{are(counts['corroborated'])} corroborated by independent sources and "
        f"{counts['reproduced']} {are(counts['reproduced'])} reproduced from the article's own "
        f"numbers; {n_alone} {are(n_alone)} article-only, with nothing to test "
        f"{'it' if n_alone == 1 else 'them'} against. The other {n_found} "
        f"{'needs' if n_found == 1 else 'need'} a closer look: {listed(FINDING_ORDER)}."
    )


def _li(item: Item, r: Mapping, section_title: str) -> str:
    where, quote = esc(f"{section_title}, line {r['line']}"), esc(f"“{r['quote']}”")
    return (
        f'<li class="finding" data-claim="{esc(item.claim_id)}">'
        f'<a class="finding-link reference internal" href="{esc(item.href)}">{where}</a>: '
        f"{quote} — {esc(item.sentence)}</li>"
    )


def _group(verdict: str, group: list[Item], records: Mapping[str, Mapping]) -> str:
    head = f"{badge(verdict)} {_plural(len(group))}: {esc(VERDICT_MEANING[verdict])}"
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
