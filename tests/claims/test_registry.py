"""Bad input: every case stops with one line naming file, line and column, or loads (BOM, CRLF)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bad_input import CASES
from conftest import replace_in, run_cli
from ngoclaims.claims.registry import load
from ngoclaims.errors import DataError


def _apply(data_copy: Path, case: str) -> tuple:
    name, breakage, line, column, words = CASES[case]
    breakage(data_copy / name)
    return name, line, column, words


def _check_message(msg: str, name: str, line, column, words) -> None:
    assert Path(name).name in msg
    if line is not None:
        assert f"{Path(name).name}:{line}:" in msg, msg
    if column is not None:
        assert f"column '{column}'" in msg, msg
    assert words in msg, msg
    assert "\n" not in msg.strip()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_clear_error(case, data_copy):
    name, line, column, words = _apply(data_copy, case)
    with pytest.raises(DataError) as err:
        from ngoclaims.claims.coverage import scan

        scan(load(data_copy))
    _check_message(err.value.message, name, line, column, words)


@pytest.mark.parametrize(
    "case",
    [
        "claims-non-numeric-value",
        "figures-unknown-source",
        "events-non-utf8",
        "periods-duplicated-key",
        "claims-missing-file",
        "claims-misspelt-column",
    ],
)
def test_the_command_line_prints_one_line_and_exits_2(case, data_copy):
    name, line, column, words = _apply(data_copy, case)
    res = run_cli("verify", "--data", str(data_copy))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr + res.stdout
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, res.stderr
    _check_message(lines[0], name, line, column, words)


def test_byte_order_mark_and_crlf_load_the_same(data_copy, project):
    for name in ("claims.csv", "figures.csv", "events.csv", "periods.csv", "sources.csv"):
        p = data_copy / name
        text = p.read_text(encoding="utf-8")
        p.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    loaded = load(data_copy)
    assert {k: c.value for k, c in loaded.claims.items()} == {
        k: c.value for k, c in project.claims.items()
    }
    assert loaded.figures.keys() == project.figures.keys()
    assert [c.quote for c in loaded.claims.values()] == [c.quote for c in project.claims.values()]


# --- what no schema can say: each check of the registry, fed the input it must refuse -------
# (substitutions [(file, old, new)], expected line (None: none), column, the message's words);
# the error names the file of the last substitution unless ERROR_FILE says otherwise
DOMAIN_CASES = {
    "article-present-not-a-span": (
        [("sources.csv", ",unknown,,2021/2022,en,", ",unknown,,2021,en,")],
        2,
        "date",
        "expected the article's present as YYYY/YYYY",
    ),
    "no-article-row": (
        [("sources.csv", "\narticle,", "\nthe-article,")],
        None,
        "source_id",
        "expected a row 'article' for the article itself",
    ),
    "claim-quote-twice": (
        [
            (
                "claims.csv",
                "region,from the point of view of the region in 3 periods,3,",
                "region,3,3,",
            )
        ],
        5,
        "quote",
        "expected a span that occurs once in article.txt; it occurs",
    ),
    "claim-round-figure-exact": (
        [("claims.csv", ",700,about,copies,", ",700,exact,copies,")],
        14,
        "qualifier",
        "expected 'round' (printed bare), 'about' or a bound for the round figure 700",
    ),
    "claim-span-start-not-stated": (
        [("claims.csv", ",5100,over,ngos,2010,stated,", ",5100,over,ngos,2009,stated,")],
        4,
        "ref_period",
        "expected a span that starts where one the quote states starts (2010); got '2009'",
    ),
    "claim-span-end-not-stated": (
        [("claims.csv", ",1991,exact,year,1991-1999,", ",1991,exact,year,1991-1998,")],
        13,
        "ref_period",
        "expected a span that ends where one the quote states ends",
    ),
    "claim-now-without-a-word-for-it": (
        [("claims.csv", ",6,exact,ngos,1989,stated,", ",6,exact,ngos,1989-now,stated,")],
        10,
        "ref_period",
        "expected no 'now': the quote does not speak of the present",
    ),
    "claim-year-not-its-period-start": (
        [
            (
                "claims.csv",
                ",2003,exact,year,2003,stated,date,civil_forum.1,",
                ",2003,exact,year,2005,stated,date,civil_forum.1,",
            )
        ],
        21,
        "value",
        "expected the first year of ref_period '2005'; got 2003",
    ),
    "claim-decade-not-its-period": (
        [("claims.csv", ",2010,exact,decade,2010-2019,", ",2010,exact,decade,?-2019,")],
        27,
        "value",
        "expected the decade ref_period '?-2019' starts in; got 2010",
    ),
    "claim-stated-period-without-a-year": (
        [("claims.csv", ",20000,about,ngos,now,implied,", ",20000,about,ngos,now,stated,")],
        60,
        "period_basis",
        "expected 'implied' or 'guessed': the quote states no year",
    ),
    "claim-change-in-ngos": (
        [("claims.csv", ",7.2,exact,times,", ",7.2,exact,ngos,")],
        28,
        "unit",
        "expected 'times' or 'percent' for a change",
    ),
    "claim-date-in-people": (
        [("claims.csv", ",1997,exact,year,1997,", ",1997,exact,people,1997,")],
        15,
        "unit",
        "expected one of year, decade for a date",
    ),
    "claim-count-without-definition": (
        [
            (
                "claims.csv",
                ",95,exact,ngos,1991,implied,figure,ngo_count,unspecified,",
                ",95,exact,ngos,1991,implied,figure,ngo_count,,",
            )
        ],
        3,
        "definition",
        "expected the definition of this count (a kind of kinds.csv)",
    ),
    "claim-unknown-kind": (
        [("claims.csv", ",ngo_count,unspecified,ngos,", ",ngo_count,unknowable,ngos,")],
        3,
        "definition",
        "expected a definition of kinds.csv (",
    ),
    "claim-unstated-period-not-a-stage": (
        [("claims.csv", ",700,about,copies,1991-2000,", ",700,about,copies,1992-2000,")],
        14,
        "ref_period",
        "expected, for a quote that states no year, 'now' or the span of a stage",
    ),
    "figure-value-not-printed": (
        [
            (
                "figures.csv",
                ",1991,95,exact,ngos,reforms-alex-its,",
                ",1991,96,exact,ngos,reforms-alex-its,",
            )
        ],
        2,
        "value",
        "expected a value the quote prints; 96 is not in 'In 1991 – 95'",
    ),
    "figure-share-over-100": (
        [("figures.csv", ",2585,exact,ngos,", ",2585,exact,percent,")],
        4,
        "value",
        "expected a percentage within 0-100, got 2585",
    ),
    "figure-round-figure-exact": (
        [("figures.csv", ",10000,over,ngos,cabar,", ",10000,exact,ngos,cabar,")],
        7,
        "qualifier",
        "expected 'round' (printed bare), 'about' or a bound for the round figure 10000",
    ),
    "figure-year-not-stated": (
        [
            (
                "figures.csv",
                "uz-reforms-1991,uzbekistan,ngo_count,unstated,ngos,1991,",
                "uz-reforms-1991,uzbekistan,ngo_count,unstated,ngos,1992,",
            )
        ],
        2,
        "ref_period",
        "expected a year its quote or source states (1991); got 1992",
    ),
    "event-year-not-stated": (
        [("events.csv", ",the first Civil Forum,2003,", ",the first Civil Forum,2004,")],
        2,
        "year",
        "expected a year its quote or source states (2003); got 2004",
    ),
    "event-end-year-not-stated": (
        [("events.csv", ",2003,2005,,,adopted,", ",2003,2006,,,adopted,")],
        9,
        "end_year",
        "got 2006",
    ),
    "event-ends-before-it-starts": (
        [("events.csv", ",2003,2005,,,adopted,", ",2005,2003,,,adopted,")],
        9,
        "end_year",
        "expected a year not before 2005, got 2003",
    ),
    "event-ordinal-not-printed": (
        [("events.csv", ",civil_forum,1,the first", ",civil_forum,5,the first")],
        2,
        "ordinal",
        "expected an ordinal the quote prints; 5 is not in",
    ),
    "event-year-not-its-sources-date": (
        [("sources.csv", ",2018-11-27,en,", ",2005-11-27,en,")],
        6,
        "year",
        "expected 2005, the year of the source's date its month and day come from; got 2018",
    ),
    "event-month-neither-named-nor-dated": (
        [("events.csv", ",2005,,9,12,held,akorda,", ",2005,,8,12,held,akorda,")],
        3,
        "month",
        "expected a month its quote names (none) or, if it names none, its source is dated; got 8",
    ),
    "event-day-not-the-quotes": (
        [("events.csv", ",2010,,4,7,held,gandhara-2016,", ",2010,,4,8,held,gandhara-2016,")],
        15,
        "day",
        "expected the day its quote gives (7); got 8",
    ),
    "event-day-not-a-spans-first": (
        [("events.csv", ",2010,,6,10,held,ceps-2011,", ",2010,,6,15,held,ceps-2011,")],
        16,
        "day",
        "expected the first day of the span '10-15'; got 15",
    ),
    "event-day-neither-printed-nor-dated": (
        [("events.csv", ",2005,,9,12,held,akorda,", ",2005,,9,13,held,akorda,")],
        3,
        "day",
        "expected a day its quote prints or its source is dated; got 13",
    ),
    "stage-claim-of-another-country": (
        [
            (
                "periods.csv",
                "region,1,1991,implied,region-period-1,",
                "region,1,1991,implied,kz-stage-2,",
            )
        ],
        2,
        "claim_id",
        "expected a claim about region; kz-stage-2 is about kazakhstan",
    ),
    "stage-start-not-stated": (
        [("periods.csv", "region,1,1991,", "region,1,1990,")],
        2,
        "start_year",
        "expected the first year of a span the claim's quote states",
    ),
    "stage-not-its-claims-ordinal": (
        [
            (
                "claims.csv",
                ",ordinal,2010,stated,enumeration,revolution,",
                ",ordinal,2010,stated,enumeration,stage,",
            ),
            (
                "periods.csv",
                "kyrgyzstan,3,2010,stated,kg-stage-3,",
                "kyrgyzstan,3,2010,stated,kg-second-revolution,",
            ),
        ],
        11,
        "stage",
        "expected 2, the ordinal claim kg-second-revolution states; got 3",
    ),
    "stages-with-a-gap": (
        [
            (
                "periods.csv",
                "region,2,2000,stated,region-period-2,the new century's first decade\n",
                "",
            )
        ],
        3,
        "stage",
        "expected the stages of region numbered 1..2 without gaps; got 3",
    ),
    "stage-not-after-the-one-before": (
        [
            (
                "periods.csv",
                "kazakhstan,1,1989,guessed,kz-stage-1,",
                "kazakhstan,1,1991,guessed,kz-ngo-growth-1991-1999,",
            )
        ],
        6,
        "start_year",
        "expected a start after stage 1's 1991; got 1991",
    ),
    "placement-of-a-claim-that-is-no-date": (
        [
            (
                "placements.csv",
                "kz-djamanov-trip-1997,kazakhstan,2,",
                "kz-ngo-count-1989,kazakhstan,2,",
            )
        ],
        3,
        "claim_id",
        "expected a dated claim about kazakhstan; kz-ngo-count-1989 is not one",
    ),
    "placement-in-no-stage": (
        [
            (
                "placements.csv",
                "kz-djamanov-trip-1997,kazakhstan,2,",
                "kz-djamanov-trip-1997,kazakhstan,7,",
            )
        ],
        3,
        "stage",
        "expected a stage of kazakhstan in periods.csv",
    ),
    "placement-words-of-another-stage": (
        [
            (
                "placements.csv",
                'kz-decision-date,kazakhstan,3,"In 2000',
                'kz-decision-date,kazakhstan,2,"In 2000',
            )
        ],
        4,
        "words",
        "expected words of the article inside the passage of stage 2",
    ),
    "placement-claim-told-in-another-stage": (
        [
            (
                "placements.csv",
                "kz-djamanov-trip-1997,kazakhstan,2,",
                "kz-forum-1-year,kazakhstan,2,",
            )
        ],
        3,
        "stage",
        "expected the stage whose passage tells the claim; it is not stage 2",
    ),
    "assumption-premise-twice": (
        [("assumptions.csv", "\nno-fall,no-fall,", "\nno-fall,article-present,")],
        3,
        "premise",
        "expected one row per premise; 'article-present' is also on line 2",
    ),
    "assumption-supported-without-evidence": (
        [
            (
                "assumptions.csv",
                ",supported,kz-prize-fund-2021 kg-ifrs-conferences-2022,",
                ",supported,,",
            )
        ],
        2,
        "evidence",
        "expected the evidence that makes it supported",
    ),
    "assumption-statement-with-a-figure": (
        [("assumptions.csv", "between the two years a verdict", "between the 2 years a verdict")],
        3,
        "statement",
        "expected words only: a figure here would reach the reader uncomputed",
    ),
    "assumption-reasoning-with-a-figure": (
        [
            (
                "assumptions.csv",
                "It reports the prizes of the latest year",
                "It reports the 2 prizes of the latest year",
            )
        ],
        2,
        "reasoning",
        "expected words only",
    ),
    "assumption-premise-missing": (
        [("assumptions.csv", "\nno-fall,no-fall,", "\nno-fall,specific,")],
        None,
        "premise",
        "expected a row for each premise the engine may use; missing: no-fall",
    ),
    "assumption-evidence-not-a-row": (
        [("assumptions.csv", ",supported,kz-prize-fund-2021 ", ",supported,kz-prize-fund-2099 ")],
        2,
        "evidence",
        "expected keys of claims, figures, events or sources; got 'kz-prize-fund-2099'",
    ),
    "comparability-unknown-kind": (
        [
            (
                "comparability.csv",
                "definition,unspecified,registered,",
                "definition,unspecifed,registered,",
            )
        ],
        2,
        "narrower",
        "expected a definition of kinds.csv; got 'unspecifed'",
    ),
    "comparability-a-kind-with-itself": (
        [
            (
                "comparability.csv",
                "definition,unspecified,registered,",
                "definition,registered,registered,",
            )
        ],
        2,
        "broader",
        "expected two different kinds",
    ),
    "relation-of-one-claim": (
        [
            (
                "relations.csv",
                ",rising,kg-ngo-count-2000 kg-ngo-count-2006 kg-ngo-count-2010,",
                ",rising,kg-ngo-count-2000,",
            )
        ],
        2,
        "claims",
        "expected at least two claim_ids",
    ),
    "relation-claim-of-another-section": (
        [("relations.csv", ",rising,kg-ngo-count-2000 ", ",rising,uz-ngo-count-1991 ")],
        2,
        "claims",
        "expected claim_ids of kyrgyzstan; got 'uz-ngo-count-1991'",
    ),
    "relation-claims-in-two-units": (
        [
            (
                "relations.csv",
                ",rising,kg-ngo-count-2010 kg-ngo-count-2017,",
                ",rising,kg-ngo-count-2010 kg-reporting-share-1990s,",
            )
        ],
        3,
        "claims",
        "expected claims in one unit",
    ),
    "relation-parts-that-are-no-shares": (
        [
            (
                "relations.csv",
                ",parts-of-whole,kg-income-low-share kg-income-high-share,",
                ",parts-of-whole,kg-income-low-threshold kg-income-high-threshold,",
            )
        ],
        6,
        "kind",
        "expected shares (unit percent) for parts of a whole",
    ),
    "relation-quote-not-in-article": (
        [
            (
                "relations.csv",
                '"As observed throughout the region,',
                '"As observed across the region,',
            )
        ],
        2,
        "quote",
        "expected a verbatim span of the article",
    ),
}


ERROR_FILE = {"event-year-not-its-sources-date": "events.csv"}


@pytest.mark.parametrize("case", sorted(DOMAIN_CASES))
def test_what_no_schema_can_say_is_one_clear_error(case, data_copy):
    subs, line, column, words = DOMAIN_CASES[case]
    for name, old, new in subs:
        replace_in(data_copy / name, old, new)
    with pytest.raises(DataError) as err:
        load(data_copy)
    _check_message(err.value.message, ERROR_FILE.get(case, subs[-1][0]), line, column, words)
    assert err.value.line == line and err.value.column == column, err.value.message


def test_an_empty_article_is_one_clear_error(data_copy):
    (data_copy / "source" / "article.txt").write_text(" \n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(data_copy)
    _check_message(err.value.message, "article.txt", 1, None, "the article is empty")
