"""Which kind of count may bound which (comparability.py), on small tables of kinds built
here: every path through the table, and the assumptions each step adds."""

from __future__ import annotations

import pytest

from builders import comparable, kind, small
from ngoclaims.claims import comparability as cmp

KINDS = [
    kind("definition", "registered"),
    kind("definition", "operating"),
    kind("definition", "active"),
    kind("definition", "reporting"),
    kind("definition", "listed"),  # the same set as 'registered', by another name
    kind("definition", "bare", definite=False),
    kind("definition", "loose", definite=False),
    kind("scope", "ngos"),
    kind("scope", "associations"),
]
TABLE = [
    comparable("definition", "operating", "registered", assumption_id="op"),
    comparable("definition", "active", "operating", assumption_id="act"),
    comparable("definition", "reporting", "operating", assumption_id="rep"),
    comparable("definition", "listed", "registered", "same", assumption_id="listed"),
    comparable("definition", "bare", "registered", "same", assumption_id="bare"),
    comparable("definition", "loose", "operating", assumption_id="loose"),  # a subset only
    comparable("scope", "associations", "ngos", assumption_id="assoc"),
]


@pytest.fixture()
def p(project):
    return small(project, kinds=KINDS, comparability=TABLE)


@pytest.mark.parametrize(
    "claim_kind, evidence_kind, expected",
    [
        ("registered", "registered", (cmp.SAME, ())),
        ("registered", "operating", (cmp.NARROWER, ("op",))),
        ("operating", "registered", (cmp.BROADER, ("op",))),
        ("registered", "active", (cmp.NARROWER, ("act", "op"))),
        ("active", "registered", (cmp.BROADER, ("op", "act"))),
        ("active", "reporting", None),  # siblings: neither holds the other
        ("registered", "listed", (cmp.SAME, ("listed",))),
        ("listed", "registered", (cmp.SAME, ("listed",))),
        ("listed", "operating", (cmp.NARROWER, ("op", "listed"))),
        ("operating", "listed", (cmp.BROADER, ("listed", "op"))),
        ("bare", "bare", (cmp.SAME, ("bare",))),  # two bare counts, both of the register
        ("loose", "loose", None),  # a bare kind only inside another is not the same set
        ("registered", "unknown", None),
    ],
)
def test_relate_dimension(p, claim_kind, evidence_kind, expected):
    assert cmp.relate_dimension(p, "definition", claim_kind, evidence_kind) == expected


def test_steps_one_row_away(p):
    assert cmp._steps(p, "definition", "operating") == [
        ("registered", "up", "op"),
        ("active", "down", "act"),
        ("reporting", "down", "rep"),
        ("loose", "down", "loose"),
    ]
    assert cmp._steps(p, "definition", "registered") == [
        ("operating", "down", "op"),
        ("listed", "same", "listed"),
        ("bare", "same", "bare"),
    ]
    assert cmp._steps(p, "scope", "operating") == []


def test_relate_both_dimensions(p):
    assert cmp.relate(p, ("registered", "ngos"), ("operating", "associations")) == (
        cmp.NARROWER,
        ("op", "assoc"),
    )
    assert cmp.relate(p, ("registered", "ngos"), ("registered", "ngos")) == (cmp.SAME, ())
    # narrower in one dimension and broader in the other: no bound either way
    assert cmp.relate(p, ("operating", "ngos"), ("registered", "associations")) is None
    assert cmp.relate(p, ("operating", "ngos"), ("registered", "unknown")) is None
    # an assumption met twice is named once
    assert cmp.relate(p, ("operating", "ngos"), ("active", "ngos")) == (cmp.NARROWER, ("act",))


def test_a_definite_kind_alone_is_the_same_set_with_no_assumption(p):
    assert cmp._definite(p, "definition", "registered")
    assert not cmp._definite(p, "definition", "bare")
    assert not cmp._definite(p, "definition", "nowhere")
