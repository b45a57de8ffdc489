"""The chapters' tables as a reader gets them: no cell says Python's True, None or nan; every
table of claims carries what its card layout on a phone needs (the table's marks, each
cell's label, one verdict per claim); the validation page's summary adds up to the list of
expectations it opens onto, and names each failure."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from ngoclaims.chapters import tables
from ngoclaims.chapters.analysis import book
from ngoclaims.chapters.validation import suite_summary, validation_table

SECTIONS = ["region", "uzbekistan", "kazakhstan", "kyrgyzstan"]
# a cell that reads as one of these shows Python, not a value
NON_VALUE = re.compile(r"\b(True|False|None|nan|NaN|NaT|<NA>)\b")


def _summary(tmp_path, expectations):
    """A summary.json as `validate` writes it, of these expectation records."""
    suites = {}
    for rec in expectations:
        s = suites.setdefault(
            rec["suite"], {"suite": rec["suite"], "table": rec["table"], "file": rec["file"]}
        )
        s["total"] = s.get("total", 0) + 1
        s["passed"] = s.get("passed", 0) + bool(rec["success"])
    for s in suites.values():
        s |= {"success": s["passed"] == s["total"], "seconds": 0.1, "suite_file": "x.json"}
    path = tmp_path / "summary.json"
    summary = {"success": all(r["success"] for r in expectations), "suites": list(suites.values())}
    path.write_text(json.dumps(summary | {"expectations": expectations}), encoding="utf-8")
    return path


def _rec(suite, success, column=None, rule="", **more):
    table = "evidence" if suite == "claims_against_evidence" else suite
    rec = {
        "suite": suite,
        "table": table,
        "file": None if table == "evidence" else f"{suite}.csv",
        "expectation": "expect_column_values_to_be_in_set",
        "column": column,
        "rule": rule,
        "success": success,
        "observed_value": None,
        "unexpected_rows": None,
        "unexpected_values": None,
        "unexpected_count": None,
        "exception": None,
    }
    return rec | more


@pytest.fixture()
def summary_with_a_failure(tmp_path):
    """Two suites; one expectation of the claims fails on line 4, one checks no column."""
    return _summary(
        tmp_path,
        [
            _rec("claims", True, "claim_id", "claim_id is required"),
            _rec(
                "claims",
                False,
                "qualifier",
                "qualifier is one of the schema's values",
                unexpected_rows=[4],
                unexpected_values=["roughly"],
                unexpected_count=1,
            ),
            _rec("claims", True, None, "the exact header, in order", observed_value=["a", "b"]),
            _rec("claims_against_evidence", True, "value", "", observed_value=None),
        ],
    )


def _table_html(summary_path):
    """Every table function's HTML: the chapters' tables and the validation page's."""
    out = {f"claims_table({s!r})": tables.claims_table(s) for s in SECTIONS}
    out |= {f"derived_table({s!r})": tables.derived_table(s) for s in SECTIONS}
    for f in (
        tables.ledger_table,
        tables.audit_table,
        tables.verdicts_table,
        tables.assumptions_table,
        tables.comparability_table,
        tables.kinds_table,
        tables.figures_table,
        tables.events_table,
        tables.sources_table,
    ):
        out[f.__name__] = f()
    out["validation_summary_table"] = tables.validation_summary_table(summary_path)
    out["validation_table_html"] = tables.validation_table_html(summary_path)
    return out


def _cells(html):
    return BeautifulSoup(html, "html.parser").select("td, th")


def test_no_cell_of_any_table_reads_as_python(summary_with_a_failure):
    shown = _table_html(summary_with_a_failure)
    bad = [
        f"{name}: {cell.get_text(' ', strip=True)[:80]!r}"
        for name, html in shown.items()
        for cell in _cells(html)
        if NON_VALUE.search(cell.get_text(" ", strip=True))
    ]
    assert bad == []
    # the validation tables say what passed and failed in words
    words = [c.get_text() for c in _cells(shown["validation_table_html"])]
    assert words.count("passed") == 3 and words.count("failed") == 1


@pytest.mark.parametrize(
    "value, text",
    [
        (True, "yes"),
        (False, "no"),
        (None, "—"),
        ("", "—"),
        (math.nan, "—"),
        (pd.NA, "—"),
        (0, "0"),
        ("<b>", "&lt;b&gt;"),
    ],
)
def test_a_value_is_shown_in_words(value, text):
    assert tables.shown(value) == text


def test_a_boolean_may_be_shown_in_the_words_of_its_column():
    assert (tables.shown(True, "passed", "failed"), tables.shown(False, "passed", "failed")) == (
        "passed",
        "failed",
    )


def test_a_claim_with_nothing_recomputed_shows_a_dash_not_none():
    cid, r = next(iter(book().records.items()))
    row = tables._claim_row(cid, r | {"recomputed": None, "stated": None, "evidence": []}, "c", "")
    assert row[2:5] == ["—", "—", "—"]


def _claim_tables():
    out = {f"claims_table({s!r})": tables.claims_table(s) for s in SECTIONS}
    return out | {"audit_table": tables.audit_table(), "ledger_table": tables.ledger_table()}


@pytest.mark.parametrize("name, html", _claim_tables().items(), ids=lambda x: x[:25])
def test_a_claim_table_carries_what_its_cards_need(name, html):
    (table,) = BeautifulSoup(html, "html.parser").select("table")
    assert {"ngo-table", tables.CLAIM_TABLE, tables.CARDS} <= set(table["class"])
    headers = [th.get_text() for th in table.select("thead th")]
    assert "verdict" in headers
    rows = table.select("tbody > tr")
    assert rows, f"{name} has no claim"
    for tr in rows:
        cells = tr.find_all("td", recursive=False)
        # every cell says which column it is in: the card shows it as the field's label
        assert [td.get("data-label") for td in cells] == headers
        # one verdict per claim, in the verdict cell, which the card puts beside the claim
        (badge,) = tr.select("span.verdict")
        assert badge.find_parent("td")["data-label"] == "verdict"


def test_a_table_of_other_things_is_no_claim_table_but_a_card_per_row_on_a_phone():
    """Every table of the book is a card per row on a narrow screen (so none needs a
    sideways scroll there); only a table of claims is marked as one."""
    for html in (tables.sources_table(), tables.kinds_table(), tables.derived_table("region")):
        table = BeautifulSoup(html, "html.parser").table
        assert tables.CLAIM_TABLE not in table["class"] and tables.CARDS in table["class"]
        assert all(td.get("data-label") for td in table.select("tbody td"))


def test_every_table_is_shown_in_its_own_scroll_box_and_once_only():
    html = tables.scroll_box(tables.kinds_table())
    box = BeautifulSoup(html, "html.parser").select_one("div.ngo-scroll")
    assert box is not None and box.table is not None and box["tabindex"] == "0"
    # a details holding a boxed table is not boxed again
    opened = tables.details("Show it", tables.kinds_table())
    assert tables.scroll_box(opened) == opened
    assert BeautifulSoup(opened, "html.parser").select("details > div.ngo-scroll > table")


def _foot(html):
    return [td.get_text() for td in BeautifulSoup(html, "html.parser").select("tfoot td")]


def test_the_validation_summary_adds_up_to_the_expectations_and_names_the_failure(
    summary_with_a_failure,
):
    suites = suite_summary(summary_with_a_failure)
    checks = validation_table(summary_with_a_failure)
    assert suites["expectations"].sum() == len(checks) == 4
    assert (suites["passed"] + suites["failed"] == suites["expectations"]).all()
    assert list(suites["failed"]) == [1, 0]
    html = tables.validation_summary_table(summary_with_a_failure)
    rows = BeautifulSoup(html, "html.parser").select("tbody tr")
    cells = {tr.td.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in rows}
    assert cells["claims"][1:5] == ["data/claims.csv", "3", "2", "1"]
    # the failure is named by its rule and what was seen: the file's line and the value
    assert "qualifier is one of the schema's values" in cells["claims"][5]
    assert "claims.csv:4" in cells["claims"][5] and "roughly" in cells["claims"][5]
    assert cells["claims_against_evidence"][4:] == ["0", "—"]
    assert _foot(html) == ["all 2 suites", "", "4", "3", "1", ""]


def test_the_book_s_validation_summary_adds_up_to_its_expectations():
    path = ROOT / "_build" / "validation" / "summary.json"
    if not path.exists():
        pytest.skip("no validation summary: run `python -m ngoclaims validate`")
    suites, checks = suite_summary(path), validation_table(path)
    assert suites["expectations"].sum() == len(checks) > 0
    written = {
        s["suite"]: (s["passed"], s["total"]) for s in json.loads(path.read_text())["suites"]
    }
    assert {s.suite: (s.passed, s.expectations) for s in suites.itertuples()} == written
    n = len(checks)
    assert _foot(tables.validation_summary_table(path))[2:5] == [
        str(n),
        str(int(checks["passed"].sum())),
        str(n - int(checks["passed"].sum())),
    ]
