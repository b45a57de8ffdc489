"""Every path of the project, in one place.

The project a command works on is the one around the current folder, found upward as git
finds its repository (a folder holding ``_toc.yml`` and a ``data`` folder), or the one
given with ``--root`` (or ``$NGOCLAIMS_ROOT``). It is never the folder the package happens
to be installed from, so a copy of the project checks its own data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ngoclaims.errors import DataError

ROOT_ENV = "NGOCLAIMS_ROOT"
VEGA_BUNDLE = "vega-bundle.js"  # in _static/: the script the charts draw with
CARDS_DATA = "ngo-cards-data.js"  # in _static/: the evidence cards of the glued numbers
_chosen: Path | None = None


@dataclass(frozen=True)
class Paths:
    """The files and folders of one project, relative to its root."""

    root: Path

    data = property(lambda self: self.root / "data")
    article = property(lambda self: article_in(self.data))
    datapackage = property(lambda self: self.data / "datapackage.json")
    expectations = property(lambda self: self.root / "expectations")
    claims_suite = property(lambda self: self.expectations / "claims_against_evidence.json")
    references = property(lambda self: self.root / "references.bib")
    docs = property(lambda self: self.root / "docs")
    verify_schema = property(lambda self: self.docs / "verify.schema.json")  # `verify --json`
    chapters = property(lambda self: self.root / "chapters")
    toc = property(lambda self: self.root / "_toc.yml")
    config = property(lambda self: self.root / "_config.yml")
    static = property(lambda self: self.root / "_static")
    vega_bundle = property(lambda self: self.static / VEGA_BUNDLE)
    cards_data = property(lambda self: self.static / CARDS_DATA)
    build = property(lambda self: self.root / "_build")
    html = property(lambda self: self.build / "html")
    validation = property(lambda self: self.build / "validation")
    validation_summary = property(lambda self: self.validation / "summary.json")
    pdf = property(lambda self: self.build / "pdf")
    screenshots = property(lambda self: self.build / "screenshots")
    # what `make book` and `make pdf` keep under _build
    html_stamp = property(lambda self: self.build / "html.stamp")
    stamps = property(lambda self: self.build / "stamps")
    staging = property(lambda self: self.build / "staging")
    logs = property(lambda self: self.build / "logs")
    gate_report = property(lambda self: self.logs / "gate.xml")
    reports = property(lambda self: self.build / "reports")
    junit_report = property(lambda self: self.reports / "junit.xml")  # `make test`'s, for CI
    jupyter_cache = property(lambda self: self.build / "jupyter_cache")
    sphinx_work = property(lambda self: self.build / "sphinx")
    execution_timings = property(lambda self: self.build / "execution-times.json")
    chart_images = property(lambda self: self.build / "chart-images")
    build_env = property(lambda self: self.build / "env")
    book_lock = property(lambda self: self.build / "book.lock")
    singlehtml = property(lambda self: self.build / "singlehtml")
    book_pdf = property(lambda self: self.pdf / "book.pdf")
    book_pdf_stamp = property(lambda self: self.pdf / "book.pdf.stamp")


def article_in(data: Path) -> Path:
    """The article's text inside a data folder (the tests load copies of the data)."""
    return data / "source" / "article.txt"


def is_project(folder: Path) -> bool:
    """Whether ``folder`` is the root of a project (it holds every marker)."""
    return (folder / "_toc.yml").is_file() and (folder / "data").is_dir()


def find_root(start: Path | None = None) -> Path:
    """The project around ``start`` (the current folder): it or the nearest parent."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    raise DataError(
        start,
        None,
        None,
        "no project here or above (a folder with _toc.yml and data/); run from the project or pass --root",
    )


def use_root(root: Path | str | None) -> None:
    """Work on the project at ``root`` from now on (``--root``); None goes back to finding it."""
    global _chosen
    if root is None:
        _chosen = None
        return
    root = Path(root).resolve()
    if not is_project(root):
        raise DataError(root, None, None, "not a project: expected _toc.yml and data/ in it")
    _chosen = root


def here() -> Paths:
    """The paths of the project this process works on."""
    if _chosen is not None:
        return Paths(_chosen)
    env = os.environ.get(ROOT_ENV)
    return Paths(Path(env).resolve() if env else find_root())
