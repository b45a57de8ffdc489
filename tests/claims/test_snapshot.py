"""The reviewed snapshot of the analysis: the whole of `verify --json` (every claim's
checks, rule, reasoning, recomputed interval and point reading; every derived figure) as
committed in tests/__snapshots__/. A change of data, wording or logic shows up here as a diff
that someone must review and accept with `make snapshot`."""

from __future__ import annotations

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from conftest import DATA
from ngoclaims.claims.registry import load
from ngoclaims.gate.verify import analysis


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def test_the_analysis_is_the_reviewed_snapshot(snapshot_json):
    result = analysis(load(DATA))
    assert len(result["claims"]) == 66 and result["derived"]
    assert result == snapshot_json, "the analysis changed: review the diff, then `make snapshot`"
