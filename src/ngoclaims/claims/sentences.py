"""Sentences whose wording rests on a computed value: a direction ('shrank'), a margin
('more than twice'), an agreement. The chapters glue them, so a change of the data that
flips the conclusion changes the sentence; prose typed into a chapter only says what holds
whatever the values."""

from __future__ import annotations

from ngoclaims.claims.intervals import Interval, whole_ends


def direction(iv: Interval, up: str, down: str, unsure: str) -> str:
    """Which way a change went, as far as its interval tells: up, down, or unsure."""
    if iv.lo > 0 or (iv.lo == 0 and iv.lo_open):
        return up
    if iv.hi < 0 or (iv.hi == 0 and iv.hi_open):
        return down
    return unsure


def real_change(iv: Interval) -> str:
    """'In real terms the prize fund shrank' when every value the figures allow is a fall."""
    return direction(
        iv,
        "In real terms the prize fund grew",
        "In real terms the prize fund shrank",
        "Whether the prize fund grew or shrank in real terms, the figures cannot tell",
    )


def margin(recomputed: Interval, stated: Interval) -> str:
    """How a recomputed figure stands to a stated lower bound: 'more than twice' it, 'above'
    it, 'not clearly above' it, or 'below' it."""
    if recomputed.lo > 2 * stated.lo > 0:
        return "more than twice"
    if recomputed.lo > stated.lo:
        return "above"
    if recomputed.hi < stated.lo:
        return "below"
    return "not clearly above"


NUMBER_WORDS = dict(enumerate("no one two three four five six seven eight nine ten".split()))


def _number(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def count_phrase(
    verdicts: list[str], wanted: tuple[str, ...], noun: str = "figure", verb: tuple[str, str] = ()
) -> str:
    """How many of some claims have one of the wanted verdicts, as a subject: 'both figures',
    'neither figure', 'one of the two figures', 'all three figures', 'two of the five figures';
    with `verb` (singular, plural) the verb that agrees with it: 'one of the two dates is'."""
    n, total = sum(v in wanted for v in verdicts), len(verdicts)
    if total <= 1:
        subject, singular = (f"the {noun}" if n else f"no {noun}"), True
    elif total == 2 and n != 1:
        subject, singular = (f"both {noun}s", False) if n == 2 else (f"neither {noun}", True)
    elif n == total:
        subject, singular = f"all {_number(total)} {noun}s", False
    elif n == 0:
        subject, singular = f"none of the {_number(total)} {noun}s", False
    else:
        subject, singular = f"{_number(n)} of the {_number(total)} {noun}s", n == 1
    return f"{subject} {verb[0] if singular else verb[1]}" if verb else subject


def relative_to(values: list[float], reference: float) -> str:
    """Where figures read as printed lie against a reference: 'all below', 'all above',
    'some below and some above' (the prose names the reference, linked to its claim)."""
    below = sum(v < reference for v in values)
    above = sum(v > reference for v in values)
    if below == len(values):
        return "all below"
    if above == len(values):
        return "all above"
    if below and above:
        return "some below and some above"
    return "at or below" if below else ("at or above" if above else "all equal to")


def allows(claim: Interval, evidence: Interval) -> str:
    """'allows' when the evidence's interval leaves room for the claim's, else 'excludes'."""
    return "allows" if claim.overlaps(evidence) else "excludes"


def whole(iv: Interval, noun: str) -> str:
    """'a whole number of prizes' when the interval holds a whole number, else 'not …'."""
    return f"{'a' if whole_ends(iv) is not None else 'not a'} whole number of {noun}"
