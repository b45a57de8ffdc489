"""`python -m ngoclaims verify --diff [REF]`: what a change of the data moved.

The data folder as it was at a git ref (by default the merge base of HEAD and ``main``)
is taken out of git into a temporary folder, and THIS package (the working tree's code)
computes the analysis of both it and the working tree's data. So the diff shows what the
data change moved, not what a change of the code did. Every claim's verdict, expected
verdict and readings (stated, interval, recomputed) and every derived figure's formula,
interval and point reading are compared; the changes print as a table for people or, with
``--markdown``, as Markdown for a pull request.
"""

from __future__ import annotations

import io
import math
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ngoclaims.claims.registry import Project, load
from ngoclaims.errors import DataError

# what is compared, in the order a reader wants it
CLAIM_FIELDS = (
    "verdict",
    "expected_verdict",
    "stated",
    "interval",
    "recomputed",
    "recomputed_interval",
    "reading",
)
DERIVED_FIELDS = ("formula", "interval", "point", "reading")
NOTHING_MOVED = "nothing moved"
DEFAULT_BASE = "main"  # the branch whose merge base with HEAD is the default ref


class DiffError(Exception):
    """A ref or repository the diff cannot use: one line for the user (exit 2)."""


@dataclass(frozen=True)
class Move:
    """One thing that moved: a field of a claim or of a derived figure."""

    kind: str  # "claim" or "derived figure"
    item: str  # its id
    field: str
    before: str
    after: str


# --- git ----------------------------------------------------------------------------------


def _git(cwd: Path, *args: str, text: bool = True) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args], capture_output=True, text=text, timeout=120
        )
    except OSError as err:
        raise DiffError(f"git cannot run: {err}") from None


def _toplevel(folder: Path) -> Path:
    res = _git(folder, "rev-parse", "--show-toplevel")
    if res.returncode != 0:
        raise DiffError(f"not in a git repository: {folder}")
    return Path(res.stdout.strip()).resolve()


def resolve(top: Path, ref: str | None) -> tuple[str, str]:
    """(label, commit) of the ref to compare with; no ref: the merge base of HEAD and main."""
    if not ref:
        res = _git(top, "merge-base", "HEAD", DEFAULT_BASE)
        if res.returncode != 0:
            raise DiffError(
                f"no merge base of HEAD and {DEFAULT_BASE}; name the ref: verify --diff REF"
            )
        commit = res.stdout.strip()
        return f"the merge base with {DEFAULT_BASE} ({commit[:8]})", commit
    res = None if ref.startswith("-") else _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")  # fmt: skip
    if res is None or res.returncode != 0:
        raise DiffError(f"not a git commit: {ref!r} (verify --diff takes a branch, tag or commit)")
    commit = res.stdout.strip()
    return f"{ref} ({commit[:8]})", commit


def project_at(top: Path, commit: str, label: str, data: Path, into: Path) -> Project:
    """The data folder ``data`` as it was at ``commit``, extracted into ``into`` and loaded."""
    rel = data.resolve().relative_to(top).as_posix()
    res = _git(top, "archive", "--format=tar", commit, "--", rel, text=False)
    if res.returncode != 0:
        raise DiffError(f"{label} has no {rel}/ folder")
    with tarfile.open(fileobj=io.BytesIO(res.stdout)) as tar:
        tar.extractall(into, filter="data")
    try:
        return load(into / rel)
    except DataError as err:  # name the file as git does, REF:path
        where = err.path.replace(f"{into}/", f"{commit[:8]}:")
        raise DiffError(DataError(where, err.line, err.column, err.expected).message) from None


# --- what moved ---------------------------------------------------------------------------


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return str(value) if math.isinf(value) else format(value, ".10g")
    return str(value)


def _moves(kind: str, key: str, fields: tuple[str, ...], old: list, new: list) -> list[Move]:
    before = {r[key]: r for r in old}
    after = {r[key]: r for r in new}
    out = []
    for item in [*after, *(i for i in before if i not in after)]:
        if item not in before:
            out.append(Move(kind, item, "added", "—", _text(after[item].get(fields[0]))))
        elif item not in after:
            out.append(Move(kind, item, "removed", _text(before[item].get(fields[0])), "—"))
        else:
            out += [
                Move(kind, item, f, _text(before[item][f]), _text(after[item][f]))
                for f in fields
                if before[item][f] != after[item][f]
            ]
    return out


def moves(old: dict, new: dict) -> list[Move]:
    """Every field that differs between two analyses (`verify --json`'s shape)."""
    return [
        *_moves("claim", "claim_id", CLAIM_FIELDS, old["claims"], new["claims"]),
        *_moves("derived figure", "derived_id", DERIVED_FIELDS, old["derived"], new["derived"]),
    ]


def _summary(found: list[Move]) -> str:
    verdicts = sum(1 for m in found if m.field == "verdict")
    claims = len({m.item for m in found if m.kind == "claim"})
    derived = len({m.item for m in found if m.kind == "derived figure"})
    return (
        f"{verdicts} verdict{'s' * (verdicts != 1)} moved; {claims} claim{'s' * (claims != 1)} "
        f"and {derived} derived figure{'s' * (derived != 1)} changed"
    )


# --- output -------------------------------------------------------------------------------


def as_text(found: list[Move], label: str) -> str:
    """The moves as a table for people."""
    head = f"verify --diff: the data at {label} against the working tree's (this package on both)"
    if not found:
        return f"{head}\n{NOTHING_MOVED}"
    width = max(len(m.item) for m in found)
    lines = [head, _summary(found), ""]
    lines.append(f"{'':<14} {'id':<{width}}  {'field':<19} before → after")
    last = None
    for m in found:
        kind, item = ("", "") if (m.kind, m.item) == last else (m.kind, m.item)
        lines.append(f"{kind:<14} {item:<{width}}  {m.field:<19} {m.before} → {m.after}")
        last = (m.kind, m.item)
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def as_markdown(found: list[Move], label: str) -> str:
    """The moves as Markdown for a pull request (GitHub's job summary)."""
    lines = [
        "### What this change of the data moved",
        "",
        f"The data at {_cell(label)} against this change's, both judged by this change's package.",
        "",
    ]
    if not found:
        return "\n".join([*lines, f"**{NOTHING_MOVED}**: every verdict and figure is as it was."])
    lines += [f"**{_summary(found)}**", "", "| | id | what | before | after |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for m in found:
        after = f"**{_cell(m.after)}**" if m.field == "verdict" else _cell(m.after)
        lines.append(f"| {m.kind} | `{m.item}` | {m.field} | {_cell(m.before)} | {after} |")
    return "\n".join(lines)


def run(ref: str | None, data: Path, markdown: bool, analysis) -> str:
    """What ``verify --diff`` prints; ``analysis`` turns a project into `verify --json`'s dict."""
    top = _toplevel(data.resolve())
    label, commit = resolve(top, ref)
    new = analysis(load(data))
    with tempfile.TemporaryDirectory(prefix="ngoclaims-diff-") as tmp:
        old = analysis(project_at(top, commit, label, data, Path(tmp)))
    found = moves(old, new)
    return as_markdown(found, label) if markdown else as_text(found, label)
