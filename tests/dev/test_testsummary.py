"""`make test` ends with one line naming what failed and how to rerun it."""

from __future__ import annotations

from ngoclaims.dev.testsummary import main, summary

REPORT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="tests.gate.test_gate" name="test_claim[uz-ngo-count-1991]">
<failure message="AssertionError: uz-ngo-count-1991: computed verdict contradicted, registry expects corroborated&#10;more">x</failure>
</testcase>
<testcase classname="tests.gate.test_gate" name="test_claim[kz-a]"><failure message="second">y</failure></testcase>
<testcase classname="tests.gate.test_gate" name="test_ok"/>
</testsuite></testsuites>
"""


def _project(tmp_path):
    (tmp_path / "tests" / "gate").mkdir(parents=True)
    (tmp_path / "tests" / "gate" / "test_gate.py").write_text("", encoding="utf-8")
    report = tmp_path / "junit.xml"
    report.write_text(REPORT, encoding="utf-8")
    return report


def test_all_passed_is_one_line_and_exit_zero(tmp_path):
    line, code = summary(
        tmp_path / "junit.xml", {"verify": 0, "validate": 0, "pytest": 0}, tmp_path
    )
    assert code == 0 and line.startswith("make test: every step passed")


def test_a_failed_test_is_named_with_its_message_and_how_to_rerun_it(tmp_path):
    report = _project(tmp_path)
    line, code = summary(report, {"verify": 0, "validate": 0, "pytest": 1}, tmp_path)
    assert code == 1
    node = "tests/gate/test_gate.py::test_claim[uz-ngo-count-1991]"
    assert line.startswith(f"make test failed: 2 tests failed, first {node}: uz-ngo-count-1991:")
    assert f"(rerun: `python -m pytest '{node}'`)" in line
    assert "\n" not in line


def test_a_failed_step_names_its_command(tmp_path):
    line, code = summary(tmp_path / "none.xml", {"verify": 1, "validate": 2, "pytest": 0}, tmp_path)
    assert code == 1
    assert "verify failed (see it with `make verify`)" in line
    assert "validate failed (see it with `make validate`)" in line
    line, _ = summary(tmp_path / "none.xml", {"verify": 0, "validate": 0, "pytest": 4}, tmp_path)
    assert "pytest failed before any test failed" in line


def test_the_command_exits_with_the_verdict(tmp_path, capsys, monkeypatch):
    report = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main([str(report), "verify=0", "validate=0", "pytest=1"]) == 1
    assert "1991" in capsys.readouterr().err
    assert main([str(report), "verify=0", "validate=0", "pytest=0"]) == 0


def test_a_file_that_failed_to_collect_is_named_by_its_path(tmp_path):
    report = _project(tmp_path)
    report.write_text(
        '<testsuites><testsuite><testcase classname="" name="tests.gate.test_gate">'
        '<error message="collection failure">x</error></testcase></testsuite></testsuites>',
        encoding="utf-8",
    )
    line, _ = summary(report, {"verify": 0, "validate": 0, "pytest": 2}, tmp_path)
    assert "first tests/gate/test_gate.py: collection failure" in line
    assert "`python -m pytest 'tests/gate/test_gate.py'`" in line
