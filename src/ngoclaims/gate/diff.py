"""`python -m ngoclaims verify --diff [REF]`: what a change of the data moved.

The data folder as it was at a git ref (by default the merge base of HEAD and ``main``)
is taken out of git into a temporary folder, and THIS package (the working tree's code)
computes the analysis of both it and the working tree's data. So the diff shows what the
data change moved, not what a change of the code did. Every field of every claim and
derived figure is compared: first what a reader wants (a claim's verdict, expected verdict,
readings, the assumptions and evidence it rests on, its rule, reasoning, line and quote; a
derived figure's formula, inputs, assumptions, claim, interval and point reading), then any
other field that differs, so "nothing moved" means no record changed at all. The changes
print as a table for people or, with ``--markdown``, as Markdown for a pull request; long
values are shortened around what changed, and every row names its field.
"""

from __future__ import annotations

import io
import json
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
    "assumptions",
    "evidence",
    "evidence_refs",
    "rule",
    "reasoning",
    "line",
    "quote",
)
DERIVED_FIELDS = ("formula", "inputs", "assumptions", "claim_id", "interval", "point", "reading")
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
    """A field's value on one line: lists joined, an assumption as 'id (status)'."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, float):
        return str(value) if math.isinf(value) else format(value, ".10g")
    if isinstance(value, list):
        items = [_item(v) for v in value]
        return ("; " if any(" " in i for i in items) else ", ").join(items)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _item(value) -> str:
    if isinstance(value, dict) and {"id", "status"} <= value.keys():
        return f"{value['id']} ({value['status']})"  # a claim's assumption
    return _text(value)


def _fields(key: str, named: tuple[str, ...], before: dict, after: dict) -> list[str]:
    """The named fields in the reader's order, then every other field of the records."""
    rest = [f for f in [*after, *before] if f != key and f not in named]
    return [*named, *dict.fromkeys(rest)]


def _moves(kind: str, key: str, named: tuple[str, ...], old: list, new: list) -> list[Move]:
    before = {r[key]: r for r in old}
    after = {r[key]: r for r in new}
    out = []
    for item in [*after, *(i for i in before if i not in after)]:
        if item not in before:
            out.append(Move(kind, item, "added", "—", _text(after[item].get(named[0]))))
        elif item not in after:
            out.append(Move(kind, item, "removed", _text(before[item].get(named[0])), "—"))
        else:
            b, a = before[item], after[item]
            out += [
                Move(kind, item, f, _text(b.get(f)), _text(a.get(f)))
                for f in _fields(key, named, b, a)
                if b.get(f) != a.get(f)
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

TEXT_WIDTH = 60  # the longest value a row of the table prints
MARKDOWN_WIDTH = 120
CONTEXT = 20  # what a shortened value keeps before the first character that changed


def shorten(before: str, after: str, width: int) -> tuple[str, str]:
    """Both values cut to about ``width`` characters around where they first differ, so a
    long reasoning that changed at its end still shows the change."""
    if len(before) <= width and len(after) <= width:
        return before, after
    same = next(
        (i for i, (x, y) in enumerate(zip(before, after, strict=False)) if x != y),
        min(len(before), len(after)),
    )
    start = max(0, min(same - CONTEXT, max(len(before), len(after)) - width))
    return _window(before, start, width), _window(after, start, width)


def _window(text: str, start: int, width: int) -> str:
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


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
        before, after = shorten(m.before, m.after, TEXT_WIDTH)
        lines.append(f"{kind:<14} {item:<{width}}  {m.field:<19} {before} → {after}")
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
        return "\n".join([*lines, f"**{NOTHING_MOVED}**: every claim and derived figure is as it was."])  # fmt: skip
    lines += [f"**{_summary(found)}**", "", "| | id | what | before | after |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for m in found:
        before, after = (_cell(t) for t in shorten(m.before, m.after, MARKDOWN_WIDTH))
        after = f"**{after}**" if m.field == "verdict" else after
        lines.append(f"| {m.kind} | `{m.item}` | {m.field} | {before} | {after} |")
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
