"""Which kind of count may bound which, read from comparability.csv: a count of a narrower
kind (operating organisations, one legal form) bounds a broader one from below only, a
broader one bounds a narrower one from above only, and counts of the same kind compare both
ways. Each step between kinds rests on the assumption its row names."""

from __future__ import annotations

from ngoclaims.claims.registry import Project

# How the evidence's kind stands to the claim's: it counts the same set, a narrower one
# (so it bounds the claim from below) or a broader one (from above).
SAME, NARROWER, BROADER = "same", "narrower", "broader"


def _steps(project: Project, dimension: str, kind: str) -> list[tuple[str, str, str]]:
    """(next kind, direction, assumption) one row away: 'up' to a broader kind, 'down' to a
    narrower one, 'same' to an equal one."""
    out = []
    for row in project.comparability:
        if row.dimension != dimension:
            continue
        if row.relation == "same":
            if kind in (row.narrower, row.broader):
                other = row.broader if kind == row.narrower else row.narrower
                out.append((other, "same", row.assumption_id))
        elif row.narrower == kind:
            out.append((row.broader, "up", row.assumption_id))
        elif row.broader == kind:
            out.append((row.narrower, "down", row.assumption_id))
    return out


def _path(project: Project, dimension: str, start: str, goal: str, way: str):
    """A chain of rows from start to goal moving only `way` or through equal kinds; the
    assumptions on it and whether it moved `way` at least once."""
    frontier = [(start, (), False)]
    seen = {start}
    while frontier:
        kind, assumptions, moved = frontier.pop(0)
        for nxt, direction, assumption in _steps(project, dimension, kind):
            if direction not in ("same", way) or nxt in seen:
                continue
            step = (assumptions + (assumption,), moved or direction == way)
            if nxt == goal:
                return step
            seen.add(nxt)
            frontier.append((nxt, *step))
    return None


def _definite(project: Project, dimension: str, kind: str) -> bool:
    k = project.kinds.get((dimension, kind))
    return k is not None and k.definite == "yes"


def relate_dimension(project: Project, dimension: str, claim_kind: str, evidence_kind: str):
    """(SAME | NARROWER | BROADER, assumptions) of the evidence's kind against the claim's, or
    None when the table relates them in no direction."""
    if claim_kind == evidence_kind:
        if _definite(project, dimension, claim_kind):
            return SAME, ()
        # two bare counts count the same set only through a kind the table equates them with
        for nxt, direction, assumption in _steps(project, dimension, claim_kind):
            if direction == "same" and _definite(project, dimension, nxt):
                return SAME, (assumption,)
        return None
    found = _path(project, dimension, evidence_kind, claim_kind, "up")
    if found is not None:
        assumptions, moved = found
        return (NARROWER if moved else SAME), assumptions
    # a chain of equal kinds only would have been found going up: this one moved down
    found = _path(project, dimension, evidence_kind, claim_kind, "down")
    return (BROADER, found[0]) if found is not None else None


def relate(project: Project, claim: tuple[str, str], evidence: tuple[str, str]):
    """How a count of kind `evidence` (definition, scope) stands to a claim of kind `claim`:
    (SAME | NARROWER | BROADER, assumptions), or None when they cannot be compared (one
    narrower in a dimension and broader in the other, or unrelated)."""
    directions, assumptions = set(), ()
    for dimension, a, b in zip(("definition", "scope"), claim, evidence):
        found = relate_dimension(project, dimension, a, b)
        if found is None:
            return None
        directions.add(found[0])
        assumptions += found[1]
    directions.discard(SAME)
    if len(directions) > 1:
        return None
    return (directions.pop() if directions else SAME), tuple(dict.fromkeys(assumptions))
