"""The book's pages, read from ``_toc.yml`` by sphinx-external-toc, the parser Jupyter Book
itself uses, so the build, its checks and the tests see the same pages as Sphinx.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["docnames", "root_docname", "sources"]

SOURCE_SUFFIXES = (".md", ".ipynb")


def _site_map(toc: Path):
    from sphinx_external_toc.parsing import parse_toc_yaml

    return parse_toc_yaml(toc)


def _docname(name: str) -> str:
    """A page as Sphinx names it: the toc may give a file with its suffix (``intro.md``)."""
    for suffix in (*SOURCE_SUFFIXES, ".rst"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def docnames(toc: str | Path) -> list[str]:
    """Every page of the table of contents, in reading order (the root first)."""
    return [_docname(name) for name in _site_map(Path(toc))]


def root_docname(toc: str | Path) -> str:
    """The book's first page: the one a singlehtml build writes the whole book into."""
    return _docname(_site_map(Path(toc)).root.docname)


def sources(root: Path, toc: str | Path) -> list[Path]:
    """The source file of every page that has one (a page's docname plus .md or .ipynb)."""
    found = []
    for name in docnames(toc):
        found += [root / f"{name}{s}" for s in SOURCE_SUFFIXES if (root / f"{name}{s}").is_file()]
    return found
