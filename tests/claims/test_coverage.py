"""No number of the article escapes the registry."""

from conftest import replace_in, run_cli
from ngoclaims.claims.coverage import scan
from ngoclaims.claims.registry import load


def test_every_number_of_the_article_is_registered_or_excused(project):
    occ = scan(project)
    uncovered = [f"line {o.line}: {o.text!r} …{o.context}…" for o in occ if not o.covered_by]
    assert not uncovered, "numbers of the article with no claim:\n" + "\n".join(uncovered)
    assert len(occ) >= 90  # the scanner really reads the article
    by_claim = {o.covered_by for o in occ}
    assert "uz-ngo-count-2010" in by_claim and "kz-grants-growth" in by_claim


def test_a_removed_claim_leaves_its_numbers_uncovered(data_copy):
    lines = (data_copy / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [x for x in lines if not x.startswith("kz-grants-growth,")]
    (data_copy / "claims.csv").write_text("".join(kept), encoding="utf-8")
    missing = [o for o in scan(load(data_copy)) if not o.covered_by]
    assert [o.text for o in missing] == ["7.2", "2016"]
    assert missing[0].line == 162 and "increased by 7.2 times" in missing[0].context
    res = run_cli("coverage", "--uncovered", "--data", str(data_copy))
    assert res.returncode == 1 and "line  162" in res.stdout and "UNCOVERED" in res.stdout


def test_a_new_number_in_the_article_is_noticed(data_copy):
    replace_in(
        data_copy / "source" / "article.txt",
        "covering the problems of certain social groups",
        "covering the problems of 40% of social groups",
    )
    missing = [o.text for o in scan(load(data_copy)) if not o.covered_by]
    assert missing == ["40%"]
