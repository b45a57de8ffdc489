"""Bad input: every case stops with one line naming file, line and column, or loads (BOM, CRLF)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bad_input import CASES
from conftest import run_cli
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
