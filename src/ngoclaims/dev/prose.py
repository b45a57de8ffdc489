"""Find figures typed into a chapter's prose by hand. Every number a reader sees must be
glued from the chapter's computation; only code cells, glue roles, inline code,
quotations and directives' options may hold digits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ngoclaims.claims.numbers import tokens

# Words that are numbers in form but not figures in use ("one of", "the first time").
ALLOWED_WORDS = {"one", "once", "single", "first", "initial", "half", "none", "majority"}


@dataclass(frozen=True)
class Typed:
    """A figure typed into a chapter's prose instead of glued from its code."""

    path: str
    line: int
    text: str
    context: str


def prose_lines(source: str) -> list[tuple[int, str]]:
    """The lines of a MyST notebook a reader sees as prose, with code, front matter and
    directives blanked out."""
    out: list[tuple[int, str]] = []
    fence: str | None = None
    in_front = False
    for i, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if i == 1 and stripped == "---":
            in_front = True
            continue
        if in_front:
            in_front = stripped != "---"
            continue
        m = re.match(r"^(`{3,}|~{3,}|:{3,})", stripped)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            continue
        if fence is not None:
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        if stripped.startswith(">"):  # a quotation
            continue
        out.append((i, line))
    return out


def _strip(line: str) -> str:
    line = re.sub(r"\{[a-z:]+\}`[^`]*`", " ", line)  # roles: glue, doc, cite, ref
    line = re.sub(r"`[^`]*`", " ", line)  # inline code
    line = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", line)  # quotations of the article
    line = re.sub(r"\]\([^)]*\)", "]", line)  # link targets
    return line


def typed_figures(path: Path) -> list[Typed]:
    """The figures typed into the prose of a chapter (outside code, glue and quotes)."""
    found: list[Typed] = []
    for n, line in prose_lines(path.read_text(encoding="utf-8")):
        text = _strip(line)
        for t in tokens(text):
            if t.form in ("word", "ordinal", "fraction") and t.text.lower() in ALLOWED_WORDS:
                continue
            if t.form == "ordinal" and not t.text[0].isdigit():
                continue  # 'second stage', 'fourth forum': names of things, not figures
            found.append(Typed(str(path), n, t.text, line.strip()[:120]))
    return found


# Glued fields that hold the engine's records, not words for a sentence: the reasoning and
# the list of assumptions belong in the claim's card and in the audit, not in prose.
RECORD_FIELDS = ("reasoning", "rests-on")
_PASTED = re.compile(r"\{glue(?::text)?\}`([^`]+?)--(" + "|".join(RECORD_FIELDS) + r")`")


def pasted_records(path: Path) -> list[Typed]:
    """Where a chapter's prose pastes a claim's reasoning or assumptions into a sentence."""
    return [
        Typed(str(path), n, m.group(0), line.strip()[:120])
        for n, line in prose_lines(path.read_text(encoding="utf-8"))
        for m in _PASTED.finditer(line)
    ]
