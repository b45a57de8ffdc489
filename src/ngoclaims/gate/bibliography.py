"""references.bib, generated from data/sources.csv so that a source is described once;
a test keeps the committed file equal to what this writes."""

from __future__ import annotations

from pathlib import Path

from ngoclaims import paths
from ngoclaims.claims.registry import Project, load
from ngoclaims.claims.schema import is_web_address


def _braced(text: str) -> str:
    # BibTeX: keep capitals and protect the characters it treats specially.
    return (
        "{"
        + text.replace("\\", "")
        .replace("{", "(")
        .replace("}", ")")
        .replace("&", r"\&")
        .replace("%", r"\%")
        + "}"
    )


def entries(project: Project) -> str:
    """A BibTeX entry for every source, in the registry's order."""
    out = []
    for s in project.sources.values():
        fields = {
            "title": s.title,
            "author": s.publisher if s.source_id != "article" else "Unknown",
            "howpublished": s.publisher
            if s.source_id != "article"
            else "unpublished or unidentified",
            "note": s.note,
        }
        if is_web_address(s.url):
            fields["url"] = s.url
        elif s.url:  # any other scheme ('javascript:') stays text, never a link
            fields["note"] = f"{s.note} Address as recorded: {s.url}".strip()
        if s.date and "/" not in s.date:  # an undated source gets no year
            fields["year"] = s.date[:4]
            if len(s.date) >= 7 and "/" not in s.date:
                fields["month"] = str(int(s.date[5:7]))
        # double braces: BibTeX must neither split a corporate author into names nor lowercase a title
        body = ",\n".join(
            f"  {k} = {'{' + _braced(v) + '}' if k in ('author', 'title') else _braced(v)}"
            for k, v in fields.items()
            if v
        )
        out.append(f"@misc{{{s.source_id},\n{body}\n}}\n")
    return "\n".join(out)


def render(project: Project | None = None) -> str:
    """The text of references.bib, generated from data/sources.csv."""
    return (
        "% Generated from data/sources.csv by ngoclaims.gate.bibliography; do not edit.\n\n"
        + entries(project or load())
    )


def write(path: Path | None = None) -> Path:
    """Write references.bib and return its path."""
    path = path or paths.here().references
    path.write_text(render(), encoding="utf-8")
    return path
