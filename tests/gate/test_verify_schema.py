"""The shape of `verify --json`, as docs/verify.schema.json (JSON Schema 2020-12) describes
it: the real output validates, and a broken document does not."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from conftest import ROOT, run_cli
from ngoclaims import paths
from ngoclaims.claims import schema as tables

SCHEMA_PATH = paths.Paths(ROOT).verify_schema


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def output() -> dict:
    res = run_cli("verify", "--json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _errors(schema: dict, doc: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(doc)
    ]


def test_the_schema_is_a_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_real_output_of_verify_json_validates(schema, output):
    assert _errors(schema, output) == []
    assert len(output["claims"]) == 66 and output["derived"]


def test_the_schemas_enums_are_the_registrys(schema):
    defs = schema["$defs"]
    assert defs["verdict"]["enum"] == list(tables.VERDICTS)
    assert defs["assumption"]["properties"]["status"]["enum"] == list(tables.ASSUMPTION_STATUSES)
    assert defs["claim"]["properties"]["period_basis"]["enum"] == list(tables.PERIOD_BASES)
    assert defs["derived"]["properties"]["test"]["enum"] == list(tables.DERIVED_TESTS)
    assert defs["section"]["enum"] == list(tables.SECTIONS)


def _without(doc: dict, where: str, index: int, key: str) -> dict:
    broken = copy.deepcopy(doc)
    del broken[where][index][key]
    return broken


def _set(doc: dict, where: str, index: int, key: str, value) -> dict:
    broken = copy.deepcopy(doc)
    broken[where][index][key] = value
    return broken


def _top(doc: dict, key: str, value) -> dict:
    broken = copy.deepcopy(doc)
    broken[key] = value
    return broken


def _in_list(doc: dict, where: str, index: int, key: str, value) -> dict:
    broken = copy.deepcopy(doc)
    broken[where][index][key].append(value)
    return broken


def _decided(doc: dict) -> int:
    """The index of a claim with a deciding figure (recomputed is not '')."""
    return next(i for i, c in enumerate(doc["claims"]) if c["recomputed"])


def _extra_field(doc: dict) -> dict:
    broken = copy.deepcopy(doc)
    broken["claims"][1]["checks"][0]["evidence"][0]["surprise"] = 1  # uz-ngo-count-1991
    return broken


@pytest.mark.parametrize(
    ("break_it", "complaint"),
    [
        (lambda d: _without(d, "claims", 3, "verdict"), "'verdict' is a required property"),
        (lambda d: _without(d, "derived", 0, "formula"), "'formula' is a required property"),
        (lambda d: _without(d, "claims", 1, "assumptions"), "'assumptions' is a required"),
        (lambda d: _set(d, "claims", 0, "verdict", "plausible"), "is not one of"),
        (lambda d: _set(d, "claims", 0, "interval", "95 to 96"), "does not match"),
        (lambda d: _set(d, "derived", 0, "point", None), "is not valid under any"),
        (lambda d: _set(d, "derived", 0, "formula", ""), "should be non-empty"),
        (lambda d: {k: v for k, v in d.items() if k != "derived"}, "'derived' is a required"),
        (_extra_field, "Additional properties are not allowed ('surprise'"),
        (lambda d: _top(d, "mismatches", ["NOT AN ID!"]), "does not match"),
        (lambda d: _set(d, "derived", 0, "claim_id", "NOT AN ID!!"), "is not valid under any"),
        (lambda d: _in_list(d, "claims", 1, "evidence_refs", ""), "does not match"),
        (lambda d: _in_list(d, "claims", 1, "evidence", ""), "should be non-empty"),
        (lambda d: _set(d, "claims", 0, "section", "mars"), "is not one of"),
        (lambda d: _set(d, "derived", 0, "section", "mars"), "is not one of"),
        (lambda d: _set(d, "claims", _decided(d), "recomputed_interval", ""), "does not match"),
        (lambda d: _set(d, "claims", _decided(d), "recomputed", ""), "'' was expected"),
    ],
    ids=[
        "claim-without-verdict",
        "derived-without-formula",
        "claim-without-assumptions",
        "unknown-verdict",
        "interval-not-an-interval",
        "derived-without-point",
        "empty-formula",
        "no-derived-figures",
        "unknown-field",
        "mismatch-not-an-id",
        "derived-claim-not-an-id",
        "empty-evidence-ref",
        "empty-evidence",
        "claim-section-unknown",
        "derived-section-unknown",
        "recomputed-without-interval",
        "interval-without-recomputed",
    ],
)
def test_a_broken_document_fails_the_schema(schema, output, break_it, complaint):
    errors = _errors(schema, break_it(output))
    assert errors, "the schema accepted a broken document"
    assert any(complaint in e for e in errors), errors
