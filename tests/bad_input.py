"""The cases of bad input, shared by the loader's tests and the make book tests: for each,
(file, breakage, line, column, words the one-line message must contain)."""

from __future__ import annotations

from pathlib import Path

from conftest import replace_in


def _missing(p: Path) -> None:
    p.unlink()


def _empty(p: Path) -> None:
    p.write_text("", encoding="utf-8")


def _header_only(p: Path) -> None:
    p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def _drop_column(name: str):
    def f(p: Path) -> None:
        import csv
        import io

        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
        i = rows[0].index(name)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
        p.write_text(out.getvalue(), encoding="utf-8")

    return f


def _sub(old: str, new: str):
    return lambda p: replace_in(p, old, new)


def _bad_bytes(p: Path) -> None:
    raw = p.read_bytes()
    lines = raw.split(b"\n")
    lines[3] = lines[3].replace(b",", b",\xff", 1)
    p.write_bytes(b"\n".join(lines))


# (file, breakage, expected line, expected column (None: any), words the message must have)
CASES = {
    "claims-missing-file": ("claims.csv", _missing, None, None, "file not found"),
    "claims-empty-file": ("claims.csv", _empty, 1, None, "empty"),
    "claims-header-only": ("claims.csv", _header_only, 2, None, "no data rows"),
    "claims-missing-column": ("claims.csv", _drop_column("unit"), 1, "unit", "missing column"),
    "claims-misspelt-column": (
        "claims.csv",
        _sub("claim_id,section,quote,value,", "claim_id,section,quote,valeu,"),
        1,
        "valeu",
        "did you mean 'value'",
    ),
    "claims-non-numeric-value": (
        "claims.csv",
        _sub(",95,exact,", ",ninety-five,exact,"),
        3,
        "value",
        "expected a number",
    ),
    "claims-unknown-qualifier": (
        "claims.csv",
        _sub(",95,exact,", ",95,roughly,"),
        3,
        "qualifier",
        "expected one of exact",
    ),
    "claims-unknown-unit": (
        "claims.csv",
        _sub(",95,exact,ngos,", ",95,exact,organisations,"),
        3,
        "unit",
        "expected one of",
    ),
    "claims-unknown-verdict": (
        "claims.csv",
        _sub(',ngos,corroborated,"The article says', ',ngos,confirmed,"The article says'),
        3,
        "expected_verdict",
        "expected one of reproduced",
    ),
    "claims-duplicated-id": (
        "claims.csv",
        _sub("uz-ngo-count-2010,", "uz-ngo-count-1991,"),
        4,
        "claim_id",
        "unique",
    ),
    "claims-quote-not-in-article": (
        "claims.csv",
        _sub("there were 95 NGOs in Uzbekistan", "there were 95 NGOs in Tashkent"),
        3,
        "quote",
        "verbatim span",
    ),
    "claims-value-not-in-quote": (
        "claims.csv",
        _sub(",95,exact,", ",96,exact,"),
        3,
        "value",
        "quote prints",
    ),
    "claims-non-utf8": ("claims.csv", _bad_bytes, 4, None, "UTF-8"),
    "claims-span-backwards": (
        "claims.csv",
        _sub(",95,exact,ngos,1991,", ",95,exact,ngos,1991-1990,"),
        3,
        "ref_period",
        "expected a span that does not end before it starts",
    ),
    "claims-period-out-of-range": (
        "claims.csv",
        _sub(",95,exact,ngos,1991,", ",95,exact,ngos,1984,"),
        3,
        "ref_period",
        "expected a year (1985-2030)",
    ),
    "figures-missing-file": ("figures.csv", _missing, None, None, "file not found"),
    "figures-empty-file": ("figures.csv", _empty, 1, None, "empty"),
    "figures-missing-column": ("figures.csv", _drop_column("quote"), 1, "quote", "missing column"),
    "figures-misspelt-column": (
        "figures.csv",
        _sub(",source_id,quote,", ",sourceid,quote,"),
        1,
        "sourceid",
        "did you mean 'source_id'",
    ),
    "figures-non-numeric-value": (
        "figures.csv",
        _sub(",95,exact,ngos,reforms", ",9S,exact,ngos,reforms"),
        2,
        "value",
        "expected a number",
    ),
    "figures-unknown-qualifier": (
        "figures.csv",
        _sub(",95,exact,ngos,reforms", ",95,approx,ngos,reforms"),
        2,
        "qualifier",
        "expected one of",
    ),
    "figures-unknown-unit": (
        "figures.csv",
        _sub(",95,exact,ngos,reforms", ",95,exact,orgs,reforms"),
        2,
        "unit",
        "expected one of",
    ),
    "figures-duplicated-id": (
        "figures.csv",
        _sub("uz-reforms-2016,", "uz-reforms-1991,"),
        6,
        "figure_id",
        "unique",
    ),
    "figures-unknown-source": (
        "figures.csv",
        _sub(",reforms-alex-its,In 1991", ",reforms,In 1991"),
        2,
        "source_id",
        "expected a source_id",
    ),
    "figures-quote-not-in-source": (
        "figures.csv",
        _sub("In 1991 – 95", "In 1991 – 95 NGOs"),
        2,
        "quote",
        "quotation of source",
    ),
    "figures-non-utf8": ("figures.csv", _bad_bytes, 4, None, "UTF-8"),
    "figures-key-with-a-blank": (
        "figures.csv",
        _sub("uz-reforms-1991,", "uz reforms-1991,"),
        2,
        "figure_id",
        "expected a key: letters, digits",
    ),
    "events-missing-file": ("events.csv", _missing, None, None, "file not found"),
    "events-empty-file": ("events.csv", _empty, 1, None, "empty"),
    "events-missing-column": ("events.csv", _drop_column("year"), 1, "year", "missing column"),
    "events-non-numeric-year": (
        "events.csv",
        _sub(",the first Civil Forum,2003,", ",the first Civil Forum,two thousand three,"),
        2,
        "year",
        "whole number",
    ),
    "events-duplicated-id": (
        "events.csv",
        _sub("kz-forum-2,", "kz-forum-1,"),
        3,
        "event_id",
        "unique",
    ),
    "events-unknown-source": (
        "events.csv",
        _sub(",held,kazinform-forum,", ",held,kazinform,"),
        2,
        "source_id",
        "expected a source_id",
    ),
    "events-unknown-status": (
        "events.csv",
        _sub(",held,kazinform-forum,", ",happened,kazinform-forum,"),
        2,
        "status",
        "expected one of",
    ),
    "events-non-utf8": ("events.csv", _bad_bytes, 4, None, "UTF-8"),
    "events-ragged-row": (
        "events.csv",
        _sub(",held,akorda,,took part", ",held,akorda,,,took part"),
        3,
        None,
        "expected 14 fields, as in the header; found 15",
    ),
    "events-unknown-assumption": (
        "events.csv",
        _sub(",held,akorda,,took part", ",held,akorda,no-such-premise,took part"),
        3,
        "assumption_id",
        "expected an assumption_id of assumptions.csv; got 'no-such-premise'",
    ),
    "periods-missing-file": ("periods.csv", _missing, None, None, "file not found"),
    "periods-missing-column": (
        "periods.csv",
        _drop_column("start_year"),
        1,
        "start_year",
        "missing column",
    ),
    "periods-non-numeric-stage": (
        "periods.csv",
        _sub("region,2,2000", "region,two,2000"),
        3,
        "stage",
        "whole number",
    ),
    "periods-duplicated-key": (
        "periods.csv",
        _sub("region,2,2000", "region,1,2000"),
        3,
        "stage",
        "unique",
    ),
    "periods-unknown-claim": (
        "periods.csv",
        _sub(",region-period-2,", ",region-period-9,"),
        3,
        "claim_id",
        "expected a claim_id",
    ),
    "periods-unknown-country": (
        "periods.csv",
        _sub("region,2,2000", "asia,2,2000"),
        3,
        "country",
        "expected one of",
    ),
    "sources-missing-file": ("sources.csv", _missing, None, None, "file not found"),
    "sources-duplicated-id": (
        "sources.csv",
        _sub("\ncabar,", "\nregnum,"),
        5,
        "source_id",
        "unique",
    ),
    "sources-unknown-language": (
        "sources.csv",
        _sub(",2019-03-19,en,", ",2019-03-19,english,"),
        None,
        "language",
        "expected one of",
    ),
    "sources-bad-date": (
        "sources.csv",
        _sub(",2019-03-19,en,", ",19 March 2019,en,"),
        None,
        "date",
        "expected a date",
    ),
    "article-missing": ("source/article.txt", _missing, None, None, "file not found"),
    "not-claims-bad-header": (
        "source/not_claims.csv",
        _sub("context,number,reason", "context,number,why"),
        1,
        None,
        "expected columns: context,number,reason",
    ),
    "not-claims-empty-number": (
        "source/not_claims.csv",
        _sub("Bu ikki jarayonning,ikki,", "Bu ikki jarayonning,,"),
        2,
        None,
        "expected a context, a number and a reason",
    ),
    "not-claims-number-not-in-context": (
        "source/not_claims.csv",
        _sub("Bu ikki jarayonning,ikki,", "Bu ikki jarayonning,uch,"),
        2,
        "number",
        "expected a number the context prints; 'uch' is not one",
    ),
    "not-claims-bad-context": (
        "source/not_claims.csv",
        _sub("Bu ikki jarayonning", "Bu uch jarayonning"),
        2,
        "context",
        "verbatim span",
    ),
}
