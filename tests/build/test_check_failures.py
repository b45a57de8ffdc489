"""The last line of a failed check, read from the command's own output (and, for the claim
tests, pytest's JUnit report): what failed, then the command that shows or fixes it. The
same lines, from real failures of `make book`, are asserted in test_book.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from ngoclaims.build import checks
from ngoclaims.build.context import Context
from ngoclaims.paths import Paths


@pytest.fixture()
def ctx(tmp_path: Path) -> Context:
    (tmp_path / "tests" / "gate").mkdir(parents=True)
    (tmp_path / "tests" / "gate" / "test_gate.py").write_text("", encoding="utf-8")
    return Context(Paths(tmp_path))


def failure(ctx: Context, name: str, output: str) -> str:
    return checks.CHECKS[name].failure(ctx, output)


def test_bad_data_names_file_line_and_column(ctx):
    output = f"error: {ctx.root}/data/claims.csv:3: column 'qualifier': expected one of exact, about; got 'x'\n"
    assert failure(ctx, "generate", output) == (
        "data/claims.csv:3: column 'qualifier': expected one of exact, about; got 'x' "
        "(fix it there, then `make book` again)"
    )


def test_a_mismatch_names_the_first_claim_and_make_verify(ctx):
    output = (
        "verify: 66 claims: doubtful 2\n"
        "MISMATCH kz-a (line 12): computed doubtful, registry expects corroborated: why\n"
        "MISMATCH kz-b (line 14): computed mixed, registry expects reproduced: why\n"
    )
    line = failure(ctx, "verify", output)
    assert line.startswith("MISMATCH kz-a (line 12): computed doubtful, registry expects")
    assert "(and 1 more)" in line and line.endswith(
        "(review it with `make verify`, then set its expected_verdict in data/claims.csv)"
    )


def test_a_failing_expectation_names_itself_and_make_validate(ctx):
    output = (
        "FAIL figures                       41/42   expectations passed    0.20 s\n"
        "  FAIL expect_column_values_to_match_regex [ref_period] — a period (claim kz-a)\n"
        "       data/figures.csv:7: '20x0'\n"
        "8 suites, 400 expectations: 1 failed (3.10 s)\n"
    )
    assert failure(ctx, "validate", output) == (
        "FAIL expect_column_values_to_match_regex [ref_period] — a period (claim kz-a) "
        "(`make validate` shows every failure)"
    )


def _junit(ctx: Context, *cases: tuple[str, str]) -> None:
    body = "".join(
        f'<testcase classname="tests.gate.test_gate" name="{name}"><failure message="{message}">'
        "frames</failure></testcase>"
        for name, message in cases
    )
    ctx.paths.gate_report.parent.mkdir(parents=True)
    ctx.paths.gate_report.write_text(
        f'<?xml version="1.0"?><testsuites><testsuite>{body}</testsuite></testsuites>',
        encoding="utf-8",
    )


def test_a_failing_claim_test_gives_its_own_message_and_how_to_rerun_it(ctx):
    _junit(
        ctx,
        (
            "test_typed[region.md]",
            f"AssertionError: {ctx.root}/chapters/region.md:91: '42'&#10;assert not [...]",
        ),
        ("test_notes", "AssertionError: kz-a"),
    )
    assert failure(ctx, "gate", "1 failed, 18 passed\n") == (
        "chapters/region.md:91: '42' (and 1 more) (test_typed[region.md]; rerun: "
        "`python -m pytest 'tests/gate/test_gate.py::test_typed[region.md]'`)"
    )


def test_a_claim_test_that_names_its_fix_keeps_it(ctx):
    _junit(ctx, ("test_fresh", "AssertionError: stale: references.bib (run `make expectations`)"))
    assert failure(ctx, "gate", "1 failed\n") == (
        "stale: references.bib (run `make expectations`) (test_fresh)"
    )


def test_without_a_report_the_last_line_of_the_output(ctx):
    line = failure(ctx, "gate", "ERROR collecting tests\n1 error in 0.3s\n\n")
    assert line == "1 error in 0.3s (`python -m pytest -m gate` runs the claim tests)"
