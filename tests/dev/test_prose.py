"""The checker for figures typed by hand into prose finds them (pages: test_gate.py)."""

from conftest import ROOT
from ngoclaims.dev.prose import pasted_records, typed_figures

PAGES = sorted([ROOT / "intro.md", *(ROOT / "chapters").glob("*.md")])


def test_there_are_chapters():
    assert len(PAGES) >= 9


# Every page is checked by test_gate.py::test_no_figure_is_typed_into_a_chapter.


def test_the_check_finds_typed_figures(tmp_path):
    page = tmp_path / "x.md"
    page.write_text(
        "---\nkernelspec: {name: python3}\n---\n\n# Title\n\n"
        "By 2010 there were over 5,100 NGOs, {glue:text}`ok` and four forums.\n\n"
        "```{code-cell} ipython3\nx = 2010\n```\n\n> a quote with 1991 in it\n\n"
        'The "quoted 7.2 times" and `code 3` are fine; the second stage too, 14.4% is not.\n',
        encoding="utf-8",
    )
    assert [t.text for t in typed_figures(page)] == ["2010", "5,100", "four", "14.4%"]


def test_the_check_finds_a_record_pasted_into_a_sentence(tmp_path):
    page = tmp_path / "x.md"
    page.write_text(
        "---\nkernelspec: {name: python3}\n---\n\n# Title\n\n"
        "It is {glue:text}`a--verdict`: {glue:text}`a--reasoning` and "
        "({glue}`b-c--rests-on`).\n\n"
        "```{code-cell} ipython3\nglue('a--reasoning')  # {glue:text}`a--reasoning`\n```\n",
        encoding="utf-8",
    )
    assert [t.text for t in pasted_records(page)] == [
        "{glue:text}`a--reasoning`",
        "{glue}`b-c--rests-on`",
    ]
