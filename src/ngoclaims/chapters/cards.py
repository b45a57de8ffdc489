"""The evidence card of every glued number: ``_static/ngo-cards-data.js``, written at build
time (never committed) from the records ``verify --json`` prints.

The file sets ``window.NGO_CARDS = {claims, derived, keys}``:

* ``claims``: per claim, what its card shows: the quote and its line, the reading (point
  and interval), the evidence with its sources, the recomputed figure, the verdict, the
  reasoning and the assumptions it rests on;
* ``derived``: per derived figure, its formula, point, interval and the claim it tests;
* ``keys``: per glue key of a number (``<claim>--stated``, ``<derived>--printed``, ...), the
  claim or derived figure it shows and where its evidence is (page and anchor). The book's
  Sphinx extension (:mod:`ngoclaims.build.numbers`) links each glued number from this map.

The file is rewritten only when its content changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from ngoclaims.paths import CARDS_DATA

__all__ = ["LEDGER", "PREFIX", "cards_data", "read_cards", "render", "write_cards"]

LEDGER = "chapters/ledger"  # the page whose rows are the claims' anchors
PREFIX = "window.NGO_CARDS = "


def _sources(project, record: dict) -> list[dict]:
    """The sources of the evidence a claim's verdict names, each once, in order."""
    refs, seen, out = set(record["evidence_refs"]), set(), []
    for check in record["checks"]:
        for ev in check["evidence"]:
            sid = ev["source_id"]
            if ev["ref"] not in refs or not sid or sid in seen or sid not in project.sources:
                continue
            seen.add(sid)
            s = project.sources[sid]
            out.append({"id": sid, "title": s.title, "publisher": s.publisher, "url": s.url})
    return out


def _claim_card(project, r: dict) -> dict:
    c = project.claims[r["claim_id"]]
    return {
        "quote": r["quote"],
        "line": r["line"],
        "stated": r["stated"],
        "interval": r["interval"],
        "reading": r["reading"],
        "evidence": r["evidence"],
        "sources": _sources(project, r),
        "recomputed": r["recomputed"],
        "verdict": r["verdict"],
        "reasoning": r["reasoning"],
        "assumptions": r["assumptions"],
        "section": r["section"],
        "kind": c.kind,
    }


def _derived_card(d: dict) -> dict:
    keep = ("label", "section", "formula", "worked", "unit", "point", "interval", "reading")
    return {**{k: d[k] for k in keep}, "claim": d["claim_id"] or None}


def cards_data(result: dict, project) -> dict:
    """The cards of every claim and derived figure of ``result`` (``verify.analysis``), and
    where each glued number's key leads."""
    from ngoclaims.chapters.glue import claim_number_keys, derived_number_keys

    claims = {r["claim_id"]: _claim_card(project, r) for r in result["claims"]}
    derived = {d["derived_id"]: _derived_card(d) for d in result["derived"]}
    keys: dict[str, dict] = {}
    for cid in claims:
        for key in claim_number_keys(cid):
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
