"""The analysis every chapter shows, computed once per kernel: the project, every verdict,
the records `verify` prints and the derived figures."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ngoclaims.claims.checks import derive_all
from ngoclaims.claims.derived import Derived
from ngoclaims.claims.registry import Project, load
from ngoclaims.claims.verdicts import Finding, judge_all
from ngoclaims.gate import verify


@dataclass(frozen=True)
class Book:
    """The analysis a chapter reads: the project, every finding, verify's records, the derived figures."""

    project: Project
    findings: dict[str, Finding]
    records: dict[str, dict]
    derived: dict[str, Derived]

    def claim(self, claim_id: str):
        """A claim of the registry by its id."""
        return self.project.claims[claim_id]


@lru_cache(maxsize=1)
def book() -> Book:
    """The analysis, computed once per kernel (every chapter of a kernel shares it)."""
    project = load()
    findings = judge_all(project)
    records = {r["claim_id"]: r for r in verify.rows(project, findings)}
    return Book(
        project,
        {f.claim_id: f for f in findings},
        records,
        {d.derived_id: d for d in derive_all(project)},
    )
