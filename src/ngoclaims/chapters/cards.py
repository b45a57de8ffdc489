"""The evidence card of every glued number: ``_static/ngo-cards-data.js``, written at build
time (never committed) from the records ``verify --json`` prints.

The file sets ``window.NGO_CARDS = {claims, derived, keys}``:

* ``claims``: per claim, what its card shows: the quote and its line, the reading (point
  and interval), the evidence with its sources, the recomputed figure, the verdict, the
  reasoning and the assumptions it rests on, and its period with what that rests on;
  where the evidence is a derived figure, the sources are those of the figures it is
  computed from (the article itself is named "the article");
* ``derived``: per derived figure, its formula, point, interval, the claim it tests, the
  assumptions it rests on (with their status) and the sources of its inputs;
* ``keys``: per glue key of a number (``<claim>--stated``, ``<derived>--printed``, ...), the
  claim or derived figure it shows and where its evidence is (page and anchor). The book's
  Sphinx extension (:mod:`ngoclaims.build.numbers`) links each glued number from this map.

The file is rewritten only when its content changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from ngoclaims.paths import CARDS_DATA

__all__ = [
    "ARTICLE",
    "LEDGER",
    "PERIOD_BASIS_TEXT",
    "PREFIX",
    "cards_data",
    "read_cards",
    "render",
    "write_cards",
]

LEDGER = "chapters/ledger"  # the page whose rows are the claims' anchors
PREFIX = "window.NGO_CARDS = "


ARTICLE = "article"  # the source id of the article itself
# What the period of a claim rests on (``period_basis``), as its card says it.
PERIOD_BASIS_TEXT = {
    "stated": "the quote states it",
    "implied": "the article only implies it; the quote does not state it",
    "guessed": "neither the quote nor the article gives it; the registry guessed it",
}


def _source(project, sid: str, via: list[str]) -> dict:
    s = project.sources[sid]
    out = {"id": sid, "title": s.title, "publisher": s.publisher, "url": s.url, "via": via}
    if sid == ARTICLE:  # its publisher is "unknown": the card says "the article"
        out.update(title="the article", publisher="", url="")
    return out


def _input_sources(project, derived: dict, did: str, path: tuple[str, ...] = ()) -> list:
    """(source id, derived figures it reaches the verdict through) of every input of the
    derived figure ``did``, recursively through the derived figures it is computed from."""
    out = []
    path = (*path, did)
    for ref in derived[did]["inputs"]:
        if ref in derived and ref not in path:
            out += _input_sources(project, derived, ref, path)
        elif ref in project.figures:
            out.append((project.figures[ref].source_id, path))
        elif ref in project.claims:
            out.append((ARTICLE, path))
    return out


def _collect(project, pairs) -> list[dict]:
    """The sources of ``pairs`` (source id, via), each once, in order, with every derived
    figure it came through."""
    out: dict[str, dict] = {}
    for sid, via in pairs:
        if not sid or sid not in project.sources:
            continue
        card = out.setdefault(sid, _source(project, sid, []))
        card["via"] += [d for d in via if d not in card["via"]]
    return list(out.values())


def _sources(project, record: dict, derived: dict) -> list[dict]:
    """The sources of the evidence a claim's verdict names, each once, in order: where that
    evidence is a derived figure, the sources of the figures it is computed from."""
    by_ref = {ev["ref"]: ev["source_id"] for check in record["checks"] for ev in check["evidence"]}
    pairs: list = []
    for ref in record["evidence_refs"]:
        if ref in derived:
            pairs += _input_sources(project, derived, ref)
        elif ref in project.figures:
            pairs.append((project.figures[ref].source_id, ()))
        elif ref in project.claims:
            pairs.append((ARTICLE, ()))
        elif ref in by_ref:
            pairs.append((by_ref[ref], ()))
    return _collect(project, pairs)


def _assumptions(project, ids) -> list[dict]:
    return [
        {
            "id": a,
            "status": project.assumptions[a].status,
            "statement": project.assumptions[a].statement,
        }
        for a in ids
    ]


def _claim_card(project, r: dict, derived: dict) -> dict:
    from ngoclaims.claims.wording import period_text

    c = project.claims[r["claim_id"]]
    return {
        "quote": r["quote"],
        "line": r["line"],
        "stated": r["stated"],
        "interval": r["interval"],
        "reading": r["reading"],
        "evidence": r["evidence"],
        "sources": _sources(project, r, derived),
        "recomputed": r["recomputed"],
        "verdict": r["verdict"],
        "reasoning": r["reasoning"],
        "assumptions": r["assumptions"],
        "section": r["section"],
        "kind": c.kind,
        "period": period_text(c.period.text),
        "period_basis": r["period_basis"],
        "period_says": PERIOD_BASIS_TEXT[r["period_basis"]],
    }


def _derived_card(project, d: dict, derived: dict) -> dict:
    keep = ("label", "section", "formula", "worked", "unit", "point", "interval", "reading")
    return {
        **{k: d[k] for k in keep},
        "claim": d["claim_id"] or None,
        "assumptions": _assumptions(project, d["assumptions"]),
        "sources": _collect(project, _input_sources(project, derived, d["derived_id"])),
    }


def cards_data(result: dict, project) -> dict:
    """The cards of every claim and derived figure of ``result`` (``verify.analysis``), and
    where each glued number's key leads."""
    from ngoclaims.chapters.glue import claim_link_keys, derived_number_keys

    records = {d["derived_id"]: d for d in result["derived"]}
    claims = {r["claim_id"]: _claim_card(project, r, records) for r in result["claims"]}
    derived = {did: _derived_card(project, d, records) for did, d in records.items()}
    keys: dict[str, dict] = {}
    for cid in claims:
        for key in claim_link_keys(cid):
            keys[key] = {"claim": cid, "page": LEDGER, "anchor": cid}
    for did, d in derived.items():
        target = (
            {"claim": d["claim"], "page": LEDGER, "anchor": d["claim"]}
            if d["claim"] in claims
            else {"page": f"chapters/{d['section']}", "anchor": f"derived-{did}"}
        )
        for key in derived_number_keys(did):
            keys[key] = {"derived": did, **target}
    return {"claims": claims, "derived": derived, "keys": keys}


def render(data: dict) -> str:
    """The script that publishes ``data`` as ``window.NGO_CARDS`` (one line of JSON, with
    every ``<`` escaped so that no quote can close a script element)."""
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    safe = body.replace("<", "\\u003c")
    return f"{PREFIX}{safe};\n"


def read_cards(path: Path) -> dict:
    """The data of a cards script written by :func:`write_cards`."""
    text = path.read_text(encoding="utf-8").strip()
    if not text.startswith(PREFIX):
        raise ValueError(f"{path}: not a cards script (it does not start {PREFIX!r})")
    return json.loads(text[len(PREFIX) :].rstrip(";"))


def write_cards(static_dir: str | Path, root: Path | None = None) -> bool:
    """Write ``<static_dir>/ngo-cards-data.js`` from ``verify``'s analysis of the project
    (at ``root``, else the current one) unless it holds that already; True when written."""
    from ngoclaims.claims.registry import load
    from ngoclaims.gate.verify import analysis

    project = load(root / "data" if root else None)
    text = render(cards_data(analysis(project), project))
    path = Path(static_dir) / CARDS_DATA
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".js.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
