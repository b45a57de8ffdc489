"""Prose that cannot lie: each sentence whose wording rests on a computed value is made by
the package from the values, and a data change that flips the conclusion flips the words.
(The built book shows the same: tests/test_stale.py flips one in a rebuilt copy.)"""

from __future__ import annotations

import csv
import io

from conftest import replace_in
from ngoclaims.claims.derived import derive
from ngoclaims.claims.intervals import Interval, point
from ngoclaims.claims.registry import load
from ngoclaims.claims.sentences import count_phrase, direction, margin, real_change, relative_to


def test_direction_follows_the_interval():
    assert direction(Interval(1, 2), "up", "down", "?") == "up"
    assert direction(Interval(-2, -1), "up", "down", "?") == "down"
    assert direction(Interval(-1, 1), "up", "down", "?") == "?"
    assert direction(Interval(0, 1, True, False), "up", "down", "?") == "up"
    assert direction(Interval(0, 1), "up", "down", "?") == "?"


def _real_change(data_dir):
    return next(d for d in derive(load(data_dir)) if d.derived_id == "kz-prize-real-change")


def test_a_larger_later_prize_fund_turns_shrank_into_grew(data_copy):
    assert real_change(_real_change(data_copy).interval) == "In real terms the prize fund shrank"
    # the article's later fund read as 91.7 instead of 81.7: in the article, the claim, its quote
    for path in (data_copy / "source" / "article.txt", data_copy / "claims.csv"):
        replace_in(
            path, "81.7 million tenge were allocated", "91.7 million tenge were allocated", -1
        )
    rows = list(csv.DictReader(io.StringIO((data_copy / "claims.csv").read_text(encoding="utf-8"))))
    next(r for r in rows if r["claim_id"] == "kz-prize-fund-2021")["value"] = "91.7"
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (data_copy / "claims.csv").write_text(out.getvalue(), encoding="utf-8")
    assert real_change(_real_change(data_copy).interval) == "In real terms the prize fund grew"


def test_margin_says_how_far_above_a_stated_floor():
    floor = Interval(201, float("inf"), False, True)
    assert margin(point(496.6), floor) == "more than twice"
    assert margin(point(300), floor) == "above"
    assert margin(point(150), floor) == "below"
    assert margin(Interval(150, 300), floor) == "not clearly above"


def test_relative_to_and_count_phrase():
    assert relative_to([16000, 17000], 18341) == "all below"
    assert relative_to([19000, 17000], 18341) == "some below and some above"
    assert relative_to([19000], 18341) == "all above"
    assert relative_to([18341], 18341) == "all equal to"
    assert relative_to([18341, 17000], 18341) == "at or below"
    assert relative_to([18341, 19000], 18341) == "at or above"
    assert (
        count_phrase(["corroborated", "conditional"], ("corroborated",)) == "one of the two figures"
    )
    assert count_phrase(["corroborated", "corroborated"], ("corroborated",)) == "both figures"
    assert count_phrase(["mixed", "conditional"], ("corroborated",)) == "neither figure"
    assert count_phrase(["a", "a", "b"], ("a",), "date") == "two of the three dates"
