"""Coverage: every number the article prints is either inside a registered claim's quote or
listed in data/source/not_claims.csv with a reason. `python -m ngoclaims coverage` lists
them all; a test fails on any number left uncovered.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ngoclaims.claims import numbers
from ngoclaims.claims.registry import Project, collapse_with_offsets, load
from ngoclaims.claims.tables import read_csv
from ngoclaims.errors import DataError

NOT_CLAIMS_COLUMNS = ["context", "number", "reason"]


@dataclass(frozen=True)
class Occurrence:
    """A number printed in the article, where it stands and the claim that covers it."""

    text: str
    line: int
    context: str
    covered_by: str  # claim id, 'not-claim: <reason>', or '' when uncovered


def read_not_claims(data_dir: Path) -> list[dict[str, str]]:
    """The numbers of the article listed as not claims, each with its reason."""
    path = data_dir / "source" / "not_claims.csv"
    header, rows = read_csv(path)
    if header != NOT_CLAIMS_COLUMNS:
        raise DataError(path, 1, None, f"expected columns: {','.join(NOT_CLAIMS_COLUMNS)}")
    out = []
    for line, cells in rows:
        if not all(cells):
            raise DataError(path, line, None, "expected a context, a number and a reason")
        out.append({**dict(zip(NOT_CLAIMS_COLUMNS, cells)), "line": str(line)})
    return out


def scan(project: Project) -> list[Occurrence]:
    """Every number the article prints, each with the claim (or not-claim row) covering it."""
    collapsed, offsets = collapse_with_offsets(project.article)
    spans: list[tuple[int, int, str]] = []
    for c in project.claims.values():
        q = numbers.collapse(c.quote)
        pos = collapsed.find(q)
        spans.append((pos, pos + len(q), c.claim_id))
    path = project.data_dir / "source" / "not_claims.csv"
    for row in read_not_claims(project.data_dir):
        q = numbers.collapse(row["context"])
        pos = collapsed.find(q)
        if pos < 0:
            raise DataError(
                path, int(row["line"]), "context", "expected a verbatim span of the article"
            )
        if row["number"] not in {t.text for t in numbers.tokens(q)}:
            raise DataError(
                path,
                int(row["line"]),
                "number",
                f"expected a number the context prints; {row['number']!r} is not one",
            )
        spans.append((pos, pos + len(q), f"not-claim: {row['reason']}"))
    out = []
    values = {c.claim_id: c.value for c in project.claims.values()}
    for t in numbers.tokens(collapsed):
        by = [label for s, e, label in spans if s <= t.start and t.end <= e]
        # of the quotes that hold the number, name first a claim whose value it prints
        by.sort(key=lambda label: values.get(label) not in t.values)
        line = project.article.count("\n", 0, offsets[t.start]) + 1
        ctx = collapsed[max(0, t.start - 50) : t.end + 50]
        out.append(Occurrence(t.text, line, ctx, by[0] if by else ""))
    return out


def main(argv: list[str]) -> int:
    """`python -m ngoclaims coverage`: list the article's numbers; exit 1 if one is uncovered."""
    ap = argparse.ArgumentParser(prog="python -m ngoclaims coverage")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument(
        "--uncovered", action="store_true", help="list only the numbers no claim covers"
    )
    args = ap.parse_args(argv)
    occ = scan(load(args.data))
    missing = [o for o in occ if not o.covered_by]
    for o in missing if args.uncovered else occ:
        print(f"line {o.line:>4}  {o.text!r:<22} {o.covered_by or 'UNCOVERED'}   …{o.context}…")
    print(
        f"coverage: {len(occ)} numbers in the article, {len(occ) - len(missing)} covered, {len(missing)} uncovered"
    )
    return 1 if missing else 0
