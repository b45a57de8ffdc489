"""Glue every number into the prose: each value a chapter shows comes from here, computed
from the analysis, never typed. A value MyST-NB would misread, or an empty one, is refused."""

from __future__ import annotations

from collections import Counter

from ngoclaims.chapters.analysis import book
from ngoclaims.claims.derived import Derived
from ngoclaims.claims.intervals import fmt
from ngoclaims.claims.schema import VERDICTS
from ngoclaims.claims.wording import date_text, period_text, reading, say, say_point, stated_text
from ngoclaims.gate import verify


class Text(str):
    """A string that glues as itself: IPython shows a plain str with quotes around it."""

    def __repr__(self) -> str:
        return str(self)


def _glue(key: str, value: str) -> None:
    from myst_nb import glue

    if value is None or str(value).strip() == "":
        raise ValueError(f"refusing to glue an empty value under {key!r}")
    if str(shown_as(str(value))) != str(value):
        raise ValueError(
            f"refusing to glue {value!r} under {key!r}: the book would show it as "
            f"{shown_as(str(value))!r}; glue it with its unit"
        )
    glue(key, Text(value), display=False)


def shown_as(text: str) -> object:
    """What MyST-NB's {glue:text} shows for a glued text: it reads the text as a Python
    literal first, so a bare '50,000' would become the tuple (50, 0)."""
    from ast import literal_eval

    try:
        return literal_eval(text)
    except (SyntaxError, ValueError):
        return text


def year_text(x: float) -> str:
    """A year as a year is written: '2010', never '2,010'."""
    return fmt(x, 0).replace(",", "")


# The glued fields of a claim that are numbers (or dates) the prose states, and its
# verdict: each links to the claim's evidence card (ngoclaims.chapters.cards), which holds
# the reasoning the prose leaves out. The line and the assumptions are not linked.
CLAIM_LINK_FIELDS = ("stated", "value", "recomputed", "period", "verdict")
DERIVED_NUMBER_FIELDS = ("", "printed", "bounds")  # "" is the key `<derived_id>` itself


def claim_link_keys(claim_id: str) -> list[str]:
    """The glue keys that link to a claim's card: `<id>--stated`, `<id>--value`, ...,
    `<id>--verdict`."""
    return [f"{claim_id}--{field}" for field in CLAIM_LINK_FIELDS]


def derived_number_keys(derived_id: str) -> list[str]:
    """The glue keys of a derived figure: `<id>`, `<id>--printed`, `<id>--bounds`."""
    return [f"{derived_id}--{f}" if f else derived_id for f in DERIVED_NUMBER_FIELDS]


def glue_claim(claim_id: str) -> None:
    """Glue what the prose may say of a claim: `<id>--stated`, `--value`, `--verdict`,
    `--recomputed`, `--period`, `--line`, `--reasoning` (for a notebook; prose never pastes
    it), `--note` (the registry's note for readers, when it has one)."""
    b = book()
    c, r = b.claim(claim_id), b.records[claim_id]
    _glue(f"{claim_id}--stated", r["stated"])
    plain = c.unit in ("year", "decade", "decision_number", "ordinal")
    _glue(f"{claim_id}--value", year_text(c.value) if plain else say_point(c.value, c.unit))
    _glue(f"{claim_id}--verdict", r["verdict"])
    _glue(f"{claim_id}--period", period_text(c.period.text))
    _glue(f"{claim_id}--line", str(r["line"]))
    _glue(f"{claim_id}--reasoning", r["reasoning"])
    if r["note"]:  # the registry's note, written for readers
        _glue(f"{claim_id}--note", r["note"])
    _glue(f"{claim_id}--rests-on", verify.rests_on(r))
    if r["recomputed"]:
        _glue(f"{claim_id}--recomputed", r["recomputed"])


def glue_section(section: str) -> list[str]:
    """Glue every claim of a part of the article; returns their ids in article order."""
    ids = [cid for cid, c in book().project.claims.items() if c.section == section]
    for cid in ids:
        glue_claim(cid)
    return ids


def glue_derived(derived_id: str, digits: int | None = None) -> Derived:
    """Glue a derived figure read as printed with its bounds beside it (`<id>`), and each
    alone: `<id>--printed`, `<id>--bounds`."""
    d = book().derived[derived_id]
    _glue(derived_id, reading(d.point, d.interval, d.unit, digits, d.scope))
    _glue(f"{derived_id}--printed", say_point(d.point, d.unit, digits, d.scope))
    _glue(f"{derived_id}--bounds", say(d.interval, d.unit, digits, d.scope))
    return d


def glue_figure(figure_id: str) -> None:
    """Glue an independent figure: `<id>` as its source puts it, `<id>--period`."""
    f = book().project.figures[figure_id]
    _glue(figure_id, stated_text(f))
    _glue(f"{figure_id}--period", f.period.text)


def glue_event(event_id: str) -> None:
    """Glue an event: `<id>--date` (its day, month or year in words), `<id>--year`,
    `<id>--status`."""
    e = book().project.events[event_id]
    _glue(f"{event_id}--date", date_text(e.year, e.month, e.day))
    _glue(f"{event_id}--year", str(e.year))
    _glue(f"{event_id}--status", e.status)


def glue_sentence(key: str, sentence: str) -> None:
    """Glue a sentence computed from the data (ngoclaims.claims.sentences)."""
    _glue(key, sentence)


def glue_text(key: str, value: str) -> None:
    """Glue a short text computed by the chapter's code under key."""
    _glue(key, value)


def verdict_counts(section: str | None = None) -> Counter:
    """How many claims have each verdict, in one part of the article or in all."""
    b = book()
    return Counter(
        r["verdict"] for r in b.records.values() if section is None or r["section"] == section
    )


def verdict_summary(section: str | None = None) -> str:
    """'4 reproduced, 12 corroborated, …' in the order of the verdicts, the absent left out."""
    counts = verdict_counts(section)
    return ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts.get(v))
