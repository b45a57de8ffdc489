"""Contributor checks run by pre-commit (``.pre-commit-config.yaml``) on the files of a commit.

``python -m ngoclaims.dev.hygiene FILE...`` exits 1 and names each file that

* is a notebook (``.ipynb``) carrying outputs or execution counts: the book's numbers come
  from executing the chapters, never from outputs saved in a file (and outputs make diffs
  unreadable); clear them (``jupyter nbconvert --clear-output --inplace``) or keep the
  chapter as MyST Markdown;
* is a chapter (``chapters/*.md`` or ``intro.md``) with code cells or glue but without a
  jupytext header (``jupytext: text_representation: format_name: myst`` and a
  ``kernelspec``): MyST-NB executes only such pages, so without it the code is shown as
  plain code and every glued number renders empty. A page with neither (the references
  page) needs no header.

Files of any other kind are ignored, so the hook can be given every staged file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

__all__ = ["CHAPTER", "check_chapter", "check_file", "check_notebook", "main"]

CHAPTER = re.compile(r"(^|/)(chapters/[^/]+|intro)\.md$")
_CODE = re.compile(r"^\s*(```+|:::+)\s*\{code-cell\}", re.MULTILINE)
_GLUE = re.compile(r"\{glue(:[a-z]+)?\}`|^\s*(```+|:::+)\s*\{glue(:[a-z]+)?\}", re.MULTILINE)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(\n|\Z)", re.DOTALL)


def check_notebook(path: Path) -> list[str]:
    """Problems of a .ipynb file: cells with outputs or execution counts."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [f"{path}: not a readable notebook ({err})"]
    problems = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{path}: cell {i} carries outputs; clear them before committing")
        elif cell.get("execution_count") is not None:
            problems.append(
                f"{path}: cell {i} carries an execution count; clear outputs before committing"
            )
    return problems


def _front_matter(text: str) -> dict | None:
    import yaml

    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        return None
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def check_chapter(path: Path) -> list[str]:
    """Problems of a chapter .md file: code cells or glue without a jupytext header."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        return [f"{path}: cannot read ({err})"]
    if not (_CODE.search(text) or _GLUE.search(text)):
        return []
    front = _front_matter(text) or {}
    jupytext = front.get("jupytext") or {}
    representation = jupytext.get("text_representation") if isinstance(jupytext, dict) else None
    fmt = representation.get("format_name") if isinstance(representation, dict) else None
    kernel = front.get("kernelspec")
    if fmt != "myst" or not (isinstance(kernel, dict) and kernel.get("name")):
        what = "code cells" if _CODE.search(text) else "glue"
        return [
            f"{path}: has {what} but no jupytext header (jupytext.text_representation.format_name: "
            "myst and a kernelspec), so the book would not execute it; add one with "
            "`jupytext --set-formats md:myst` or copy the header of another chapter"
        ]
    return []


def check_file(path: Path) -> list[str]:
    """The problems of one file: a notebook with outputs, a chapter without a jupytext header."""
    name = path.as_posix()
    if name.endswith(".ipynb"):
        return check_notebook(path)
    if CHAPTER.search(name):
        return check_chapter(path)
    return []


def main(argv: list[str] | None = None) -> int:
    """The pre-commit hook: print each problem of the files given; exit 1 if there is one."""
    args = list(sys.argv[1:] if argv is None else argv)
    problems = [p for arg in args for p in check_file(Path(arg))]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
