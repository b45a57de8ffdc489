"""What a change of the data moves, as CI shows it: the gate's one test per claim fails for
exactly the claim whose verdict moved, and `verify --diff` names it (on a temporary git
repository holding a copy of the data)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import copy_parts, replace_in, run_cli
from ngoclaims.gate import diff

# A figure that decides one verdict alone: REGNUM's 95 NGOs of 1991 corroborate the
# article's 95; at 190 they contradict it (and move two derived figures built on them).
MOVED = "uz-ngo-count-1991"


def double_regnum_1991(data: Path) -> None:
    """The figure, its quote and the source's quotation (a quote must print its value)."""
    replace_in(data / "figures.csv", "1991,95,exact,ngos,regnum,", "1991,190,exact,ngos,regnum,")
    for table in ("figures.csv", "sources.csv"):
        replace_in(data / table, "всего 95 ННО", "всего 190 ННО")


def expect_otherwise(data: Path, claim_id: str) -> str:
    """Change a claim's expected_verdict to another verdict; returns the one it had."""
    import csv

    with (data / "claims.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["claim_id"] == claim_id)
    old = row["expected_verdict"]
    row["expected_verdict"] = "doubtful" if old != "doubtful" else "mixed"
    with (data / "claims.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return old


def set_status(data: Path, assumption_id: str, status: str) -> None:
    """Give an assumption of data/assumptions.csv another status."""
    import csv

    with (data / "assumptions.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["assumption_id"] == assumption_id)
    assert row["status"] != status
    row["status"] = status
    with (data / "assumptions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- the gate: one test per claim ------------------------------------------------------------


def _claim_tests(root: Path) -> dict[str, bool]:
    """Run the copy's per-claim gate tests: claim id -> passed."""
    report = root / "junit.xml"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-m",
            "gate",
            "-k",
            "test_claim",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            "tests/gate/test_gate.py",
        ],  # fmt: skip
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode in (0, 1), res.stdout[-3000:] + res.stderr[-3000:]
    cases = ET.parse(report).getroot().iter("testcase")
    return {
        c.get("name").removeprefix("test_claim[").removesuffix("]"): c.find("failure") is None
        for c in cases
    }


@pytest.fixture()
def gate_copy(tmp_path) -> Path:
    return copy_parts(
        tmp_path,
        "pyproject.toml",
        "_toc.yml",
        "data",
        "tests/conftest.py",
        "tests/browsing.py",  # a plugin of conftest
        "tests/gate/test_gate.py",
    )


def test_a_figure_that_moves_one_verdict_fails_exactly_that_claims_test(gate_copy):
    double_regnum_1991(gate_copy / "data")
    results = _claim_tests(gate_copy)
    assert [c for c, passed in results.items() if not passed] == [MOVED]
    case = next(
        c
        for c in ET.parse(gate_copy / "junit.xml").getroot().iter("testcase")
        if c.get("name") == f"test_claim[{MOVED}]"
    )
    # the message names the claim, both verdicts and the reasoning
    message = case.find("failure").get("message").splitlines()[0]
    assert message.startswith(
        f"AssertionError: {MOVED}: computed verdict contradicted, registry expects corroborated: "
    )
    assert "REGNUM news agency counts 190 registered NGOs in 1991" in message


def test_a_changed_expected_verdict_fails_exactly_that_claims_test(gate_copy, project):
    expect_otherwise(gate_copy / "data", "kg-ngo-count-now")
    results = _claim_tests(gate_copy)
    assert list(results) == list(project.claims)  # one test per claim, in the registry's order
    assert [c for c, passed in results.items() if not passed] == ["kg-ngo-count-now"]


# --- verify --diff ----------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture()
def repo(tmp_path) -> Path:
    """A git repository on branch main holding the project's data, committed."""
    root = copy_parts(tmp_path / "repo", "_toc.yml", "data")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "the data")
    return root


def test_diff_says_nothing_moved_when_the_data_did_not_change(repo):
    res = run_cli("verify", "--diff", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[-1] == "nothing moved"
    assert "merge base with main" in res.stdout
    md = run_cli("verify", "--diff", "--markdown", cwd=repo)
    assert md.returncode == 0 and "**nothing moved**" in md.stdout


def test_diff_names_the_claim_whose_verdict_a_data_change_moved(repo):
    double_regnum_1991(repo / "data")  # uncommitted: the working tree against main
    res = run_cli("verify", "--diff", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "1 verdict moved" in res.stdout
    verdicts = [ln for ln in res.stdout.splitlines() if ln.split()[2:3] == ["verdict"]]
    assert len(verdicts) == 1
    assert verdicts[0].split() == ["claim", MOVED, "verdict", "corroborated", "→", "contradicted"]
    assert "95 registered NGOs → 190 registered NGOs" in res.stdout
    assert "derived figure" in res.stdout  # the growth factors from 1991 moved with it


def test_diff_as_markdown_is_a_table_for_the_pull_request(repo):
    double_regnum_1991(repo / "data")
    res = run_cli("verify", "--diff", "--markdown", cwd=repo)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("### ")
    assert "| --- | --- | --- | --- | --- |" in lines
    assert f"| claim | `{MOVED}` | verdict | corroborated | **contradicted** |" in lines


def test_diff_against_a_named_ref_compares_with_that_commit(repo):
    expect_otherwise(repo / "data", "kg-ngo-count-now")
    _git(repo, "commit", "-q", "-am", "a reviewed verdict")
    assert run_cli("verify", "--diff", "HEAD", cwd=repo).stdout.splitlines()[-1] == "nothing moved"
    res = run_cli("verify", "--diff", "HEAD~1", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "0 verdicts moved; 1 claim and 0 derived figures changed" in res.stdout
    assert "kg-ngo-count-now" in res.stdout and "expected_verdict" in res.stdout


@pytest.mark.parametrize("ref", ["no-such-branch", "HEAD~5", "main:data"])
def test_a_bad_ref_is_one_line_and_exit_2(repo, ref):
    res = run_cli("verify", "--diff", ref, cwd=repo)
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("error: not a git commit: ")


def test_diff_outside_a_git_repository_is_one_line_and_exit_2(tmp_path):
    root = copy_parts(tmp_path, "_toc.yml", "data")
    res = run_cli("verify", "--diff", "main", cwd=root)
    assert res.returncode == 2
    assert res.stderr.startswith("error: not in a git repository: ")
    assert res.stderr.count("\n") == 1


def test_diff_names_a_ref_whose_data_this_package_cannot_read(repo):
    (repo / "data" / "kinds.csv").write_text("nonsense\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "broken")
    _git(repo, "checkout", "-q", "HEAD~1", "--", "data")
    res = run_cli("verify", "--diff", "HEAD", cwd=repo)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1
    assert res.stderr.startswith("error: ") and ":data/kinds.csv" in res.stderr


def _rows(markdown: str) -> list[list[str]]:
    """The Markdown table's rows: [kind, id, field, before, after]."""
    return [
        [cell.strip().strip("`") for cell in ln.strip("|").split(" | ")]
        for ln in markdown.splitlines()
        if ln.startswith("| claim |") or ln.startswith("| derived figure |")
    ]


def test_diff_reports_an_assumption_a_claim_now_rests_on_untested(repo):
    set_status(repo / "data", "active-among-operating", "untested")
    res = run_cli("verify", "--diff", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "nothing moved" not in res.stdout
    assert "0 verdicts moved; 1 claim and 0 derived figures changed" in res.stdout
    md = run_cli("verify", "--diff", "--markdown", cwd=repo).stdout
    moved = {(r[1], r[2]): r[3:] for r in _rows(md)}
    before, after = moved[("kg-active-2017", "assumptions")]
    assert "active-among-operating (supported)" in before
    assert "active-among-operating (untested)" in after
    assert ("kg-active-2017", "reasoning") in moved  # it now names the assumption


def test_diff_lists_every_claim_an_assumption_change_reaches(repo):
    set_status(repo / "data", "csos-are-ngos", "untested")
    res = run_cli("verify", "--diff", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "0 verdicts moved; 3 claims and 0 derived figures changed" in res.stdout
    rows = _rows(run_cli("verify", "--diff", "--markdown", cwd=repo).stdout)
    assert {r[1] for r in rows} == {"kg-active-2017", "kg-ngo-count-now", "kg-reporting-now"}
    fields = {(r[1], r[2]) for r in rows}
    # kg-ngo-count-now no longer rests on ICNL's CSOs: its evidence and reading moved
    for field in ("assumptions", "evidence", "evidence_refs", "recomputed", "reasoning"):
        assert ("kg-ngo-count-now", field) in fields
    # long values are shortened, around what changed
    for r in rows:
        assert len(r[3]) <= diff.MARKDOWN_WIDTH + 2 and len(r[4]) <= diff.MARKDOWN_WIDTH + 2
        assert r[3] != r[4], r
    for line in res.stdout.splitlines()[4:]:
        assert len(line) < 14 + 30 + 19 + 2 * (diff.TEXT_WIDTH + 2) + 10, line


def test_diff_reports_every_claims_line_when_the_article_shifts(repo, project):
    article = repo / "data" / "source" / "article.txt"
    article.write_text("A new first line.\n" + article.read_text(encoding="utf-8"), "utf-8")
    res = run_cli("verify", "--diff", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert (
        f"0 verdicts moved; {len(project.claims)} claims and 0 derived figures changed"
        in res.stdout
    )
    rows = _rows(run_cli("verify", "--diff", "--markdown", cwd=repo).stdout)
    assert {r[1] for r in rows} == set(project.claims)
    assert all(r[2] == "line" and int(r[4]) == int(r[3]) + 1 for r in rows), rows


def test_diff_with_json_is_refused(repo):
    res = run_cli("verify", "--diff", "--json", cwd=repo)
    assert res.returncode == 2 and res.stdout == ""
    assert "error: --json does not go with --diff" in res.stderr
    assert run_cli("verify", "--diff", "HEAD", "--json", "--markdown", cwd=repo).returncode == 2


def test_markdown_needs_diff(repo):
    res = run_cli("verify", "--markdown", cwd=repo)
    assert res.returncode == 2 and "--markdown goes with --diff" in res.stderr


# --- what moved, in memory --------------------------------------------------------------------


def _analysis(claims: list[dict], derived: list[dict] | None = None) -> dict:
    return {"claims": claims, "derived": derived or []}


def _claim(claim_id: str, **kw) -> dict:
    return {f: "" for f in diff.CLAIM_FIELDS} | {"claim_id": claim_id, "reading": None} | kw


def test_moves_finds_added_removed_and_changed_items():
    old = _analysis(
        [_claim("a", verdict="consistent"), _claim("gone", verdict="mixed")],
        [{"derived_id": "g", "formula": "x", "interval": "[1, 2]", "point": 1.5, "reading": "1.5"}],
    )
    new = _analysis(
        [_claim("a", verdict="consistent", reading=2.0), _claim("new", verdict="doubtful")],
        [{"derived_id": "g", "formula": "x", "interval": "[1, 3]", "point": 1.5, "reading": "1.5"}],
    )
    assert diff.moves(old, new) == [
        diff.Move("claim", "a", "reading", "—", "2"),
        diff.Move("claim", "new", "added", "—", "doubtful"),
        diff.Move("claim", "gone", "removed", "mixed", "—"),
        diff.Move("derived figure", "g", "interval", "[1, 2]", "[1, 3]"),
    ]
    assert diff.moves(old, old) == []


def test_moves_compares_what_a_verdict_rests_on_and_where_the_claim_is():
    rests = [{"id": "no-fall", "status": "supported", "statement": "s"}]
    old_claim = _claim(
        "a",
        assumptions=rests,
        evidence=["REGNUM counts 95"],
        evidence_refs=["uz-regnum-1991"],
        rule="agree",
        reasoning="because",
        line=5,
        quote="q",
        note="n",
    )
    new_claim = old_claim | {
        "assumptions": [rests[0] | {"status": "untested"}],
        "evidence": ["REGNUM counts 95", "ICNL counts 100"],
        "evidence_refs": ["uz-regnum-1991", "icnl-2013"],
        "rule": "consistent",
        "reasoning": "because of more",
        "line": 6,
        "quote": "q2",
        "note": "n2",
    }
    derived = {
        "derived_id": "g",
        "formula": "x",
        "inputs": ["a"],
        "assumptions": [],
        "claim_id": "",
    }
    new_derived = derived | {"inputs": ["a", "b"], "assumptions": ["no-fall"], "claim_id": "a"}
    found = diff.moves(_analysis([old_claim], [derived]), _analysis([new_claim], [new_derived]))
    assert found == [
        diff.Move("claim", "a", "assumptions", "no-fall (supported)", "no-fall (untested)"),
        diff.Move(
            "claim", "a", "evidence", "REGNUM counts 95", "REGNUM counts 95; ICNL counts 100"
        ),
        diff.Move("claim", "a", "evidence_refs", "uz-regnum-1991", "uz-regnum-1991, icnl-2013"),
        diff.Move("claim", "a", "rule", "agree", "consistent"),
        diff.Move("claim", "a", "reasoning", "because", "because of more"),
        diff.Move("claim", "a", "line", "5", "6"),
        diff.Move("claim", "a", "quote", "q", "q2"),
        diff.Move("claim", "a", "note", "n", "n2"),  # a field not named is compared too
        diff.Move("derived figure", "g", "inputs", "a", "a, b"),
        diff.Move("derived figure", "g", "assumptions", "—", "no-fall"),
        diff.Move("derived figure", "g", "claim_id", "—", "a"),
    ]
    assert "nothing moved" not in diff.as_text(found, "main")


def test_a_long_value_is_shortened_around_its_change():
    before = "x" * 200 + " old ending"
    after = "x" * 200 + " new ending"
    short = diff.shorten(before, after, 40)
    assert short[0].startswith("…") and "old ending" in short[0] and "new ending" in short[1]
    assert all(len(t) <= 42 for t in short)
    assert diff.shorten("short", "also short", 40) == ("short", "also short")
    assert diff.shorten("—", "y" * 100, 40) == ("—", "y" * 40 + "…")
    table = diff.as_text([diff.Move("claim", "a", "reasoning", before, after)], "main")
    assert "reasoning" in table and "old ending" in table and "x" * 100 not in table


def test_markdown_cells_escape_pipes():
    found = [diff.Move("claim", "a", "stated", "x | y", "z")]
    assert "| x \\| y | z |" in diff.as_markdown(found, "main")
