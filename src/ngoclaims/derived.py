"""Figures the article implies but does not print: growth factors, compound annual growth,
shares, sums and the real-terms change of the prizes, each computed on intervals from the
registry and the evidence tables. Pure functions of a loaded Project."""

from __future__ import annotations

from dataclasses import dataclass

from ngoclaims.intervals import Interval, cagr, growth_factor, point, product, share
from ngoclaims.registry import Project


@dataclass(frozen=True)
class Derived:
    derived_id: str
    section: str
    label: str
    formula: str
    inputs: tuple[str, ...]  # claim_ids and figure_ids
    interval: Interval
    unit: str
    basis: str  # 'article' when every input is the article's, else 'independent' or 'mixed'
    claim_id: str = ""  # the claim this figure recomputes, if any


def _basis(project: Project, inputs: tuple[str, ...]) -> str:
    kinds = {"article" if i in project.claims else "independent" for i in inputs}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _years(project: Project, claim_id: str) -> int:
    p = project.claims[claim_id].period
    return p.end - p.start + 1


def derive(project: Project) -> list[Derived]:
    """Every derived figure, in the order the book discusses them."""
    c, f = project.claims, project.figures
    out: list[Derived] = []

    def add(
        did: str,
        section: str,
        label: str,
        formula: str,
        inputs: tuple[str, ...],
        interval: Interval,
        unit: str,
        claim_id: str = "",
    ) -> None:
        out.append(
            Derived(
                did,
                section,
                label,
                formula,
                inputs,
                interval,
                unit,
                _basis(project, inputs),
                claim_id,
            )
        )

    # Uzbekistan: growth from independence
    uz0, uz1 = c["uz-ngo-count-1991"], c["uz-ngo-count-2010"]
    span = uz1.period.start - uz0.period.start
    add(
        "uz-growth-1991-2010",
        "uzbekistan",
        "growth factor of NGOs, first year of independence to 2010",
        "count 2010 / count 1991",
        (uz0.claim_id, uz1.claim_id),
        growth_factor(uz0.interval, uz1.interval),
        "times",
    )
    add(
        "uz-cagr-1991-2010",
        "uzbekistan",
        "compound annual growth of NGOs, 1991 to 2010",
        f"(count 2010 / count 1991)^(1/{span}) - 1",
        (uz0.claim_id, uz1.claim_id),
        _pct(cagr(uz0.interval, uz1.interval, span)),
        "percent",
    )
    a, b = f["uz-regnum-1991"], f["uz-cabar-2009"]
    add(
        "uz-growth-1991-2009-sources",
        "uzbekistan",
        "growth factor of registered NGOs, 1991 to 2009, from the sources",
        "CABAR 2009 / REGNUM 1991",
        (a.figure_id, b.figure_id),
        growth_factor(a.interval, b.interval),
        "times",
    )

    # Kazakhstan: grants growth without a base year -> implied annual growth per candidate base
    g = c["kz-grants-growth"]
    # candidate base years: the years the article gives for the state's turns to NGOs
    for anchor in ("kz-decision-date", "kz-forum-2-year", "kz-stage-4-start", "kz-cfi-since-2012"):
        base = c[anchor].period.start
        years = g.period.end - base
        add(
            f"kz-grants-cagr-from-{base}",
            "kazakhstan",
            f"annual growth of state grants if the base year were {base}",
            f"{g.value_text}^(1/({g.period.end}-{base})) - 1",
            (g.claim_id, anchor),
            _pct(g.interval.power(1 / years).shift(-1)),
            "percent",
        )

    # Kazakhstan: prizes
    n, per = f["kz-sputnik-prize-nominations"], f["kz-sputnik-prize-per-nomination"]
    add(
        "kz-prize-fund-2017-sources",
        "kazakhstan",
        "prize fund of 2017 from the number of nominations and the prize per nomination",
        "nominations × prize per nomination",
        (n.figure_id, per.figure_id),
        n.interval * per.interval,
        "million_kzt",
        claim_id="kz-prize-fund-2017",
    )
    p17, p21, winners = (
        c["kz-prize-fund-2017"],
        c["kz-prize-fund-2021"],
        f["kz-strategy2050-winners"],
    )
    add(
        "kz-prize-per-winner-2017",
        "kazakhstan",
        "average prize per winner in 2017",
        "prize fund 2017 / winners",
        (p17.claim_id, winners.figure_id),
        p17.interval / winners.interval,
        "million_kzt",
    )
    nominal = p21.interval / p17.interval
    add(
        "kz-prize-nominal-change",
        "kazakhstan",
        "nominal change of the prize fund, 2017 to 2021",
        "fund 2021 / fund 2017 - 1",
        (p17.claim_id, p21.claim_id),
        _pct(nominal.shift(-1)),
        "percent",
    )
    cpi_ids = tuple(f"kz-cpi-{y}" for y in range(p17.period.start + 1, p21.period.start + 1))
    prices = product([f[i].interval.scale(0.01).shift(1) for i in cpi_ids])
    add(
        "kz-price-level-2017-2021",
        "kazakhstan",
        "rise of consumer prices, 2017 to 2021",
        "product of (1 + annual average inflation), 2018 to 2021 - 1",
        cpi_ids,
        _pct(prices.shift(-1)),
        "percent",
    )
    add(
        "kz-prize-real-change",
        "kazakhstan",
        "real change of the prize fund, 2017 to 2021, in 2017 prices",
        "(fund 2021 / fund 2017) / price rise - 1",
        (p17.claim_id, p21.claim_id) + cpi_ids,
        _pct((nominal / prices).shift(-1)),
        "percent",
    )
    add(
        "kz-prize-2021-in-2017-prices",
        "kazakhstan",
        "prize fund of 2021 in 2017 prices",
        "fund 2021 / price rise",
        (p21.claim_id,) + cpi_ids,
        p21.interval / prices,
        "million_kzt",
    )
    add(
        "kz-prize-2017-in-2021-prices",
        "kazakhstan",
        "prize fund of 2017 in 2021 prices",
        "fund 2017 × price rise",
        (p17.claim_id,) + cpi_ids,
        p17.interval * prices,
        "million_kzt",
    )

    # Kazakhstan: NGO Academy
    tr, ngos, foreign = (
        c["kz-academy-trainees-2020"],
        c["kz-academy-ngos-2020"],
        c["kz-academy-foreign-2020"],
    )
    add(
        "kz-academy-trainees-per-ngo",
        "kazakhstan",
        "trainees per NGO at the NGO Academy, 2020",
        "trainees / NGOs",
        (tr.claim_id, ngos.claim_id),
        tr.interval / ngos.interval,
        "people",
    )
    add(
        "kz-academy-foreign-share",
        "kazakhstan",
        "share of trainees from neighbouring republics, 2020",
        "foreign trainees / trainees",
        (foreign.claim_id, tr.claim_id),
        share(foreign.interval, tr.interval),
        "percent",
    )
    r, m = f["kz-akorda-spending-regional"], f["kz-akorda-spending-ministries"]
    add(
        "kz-state-spending-2003-2005",
        "kazakhstan",
        "state spending on NGO social projects, two years to September 2005",
        "regional programmes + ministries' programmes",
        (r.figure_id, m.figure_id),
        r.interval + m.interval,
        "million_kzt",
    )

    # Kyrgyzstan: counts
    k0, k6, k10 = c["kg-ngo-count-2000"], c["kg-ngo-count-2006"], c["kg-ngo-count-2010"]
    for x, y in ((k0, k6), (k6, k10), (k0, k10)):
        ys, ye = x.period.start, y.period.start
        add(
            f"kg-growth-{ys}-{ye}",
            "kyrgyzstan",
            f"growth factor of NGOs, {ys} to {ye}",
            f"count {ye} / count {ys}",
            (x.claim_id, y.claim_id),
            growth_factor(x.interval, y.interval),
            "times",
        )
        add(
            f"kg-cagr-{ys}-{ye}",
            "kyrgyzstan",
            f"compound annual growth of NGOs, {ys} to {ye}",
            f"(count {ye} / count {ys})^(1/{ye - ys}) - 1",
            (x.claim_id, y.claim_id),
            _pct(cagr(x.interval, y.interval, ye - ys)),
            "percent",
        )
    reg = c["kg-registrations-per-year"]
    add(
        "kg-avg-registrations-1991-2000",
        "kyrgyzstan",
        "average registrations per year in the first stage, if the count of 2000 accumulated them",
        f"count 2000 / years {reg.period.text}",
        (k0.claim_id, reg.claim_id),
        k0.interval / point(_years(project, reg.claim_id)),
        "ngos_per_year",
        claim_id=reg.claim_id,
    )
    s15, r15 = f["kg-sputnik-2015-operating-share"], f["kg-sputnik-2015-registered"]
    add(
        "kg-operating-2015",
        "kyrgyzstan",
        "operating NGOs in 2015",
        "operating share × registered",
        (s15.figure_id, r15.figure_id),
        r15.interval * s15.interval.scale(0.01),
        "ngos",
    )
    s24, r24 = f["kg-icnl-2024-operating-share"], f["kg-icnl-2024-registered"]
    add(
        "kg-operating-2024",
        "kyrgyzstan",
        "operating CSOs in 2024",
        "operating share × registered",
        (s24.figure_id, r24.figure_id),
        r24.interval * s24.interval.scale(0.01),
        "ngos",
    )
    act, reg17 = c["kg-active-2017"], c["kg-ngo-count-2017"]
    add(
        "kg-active-share-2017",
        "kyrgyzstan",
        "active NGOs among the registered, 2017",
        "active / registered",
        (act.claim_id, reg17.claim_id),
        share(act.interval, reg17.interval),
        "percent",
    )
    op15, op20 = out[-3].interval, f["kg-icnl-2020-operating"].interval
    add(
        "kg-operating-to-active-2015",
        "kyrgyzstan",
        "operating NGOs of 2015 per active NGO of 2017",
        "operating 2015 / active 2017",
        (s15.figure_id, r15.figure_id, act.claim_id),
        op15 / act.interval,
        "times",
    )
    add(
        "kg-operating-to-active-2020",
        "kyrgyzstan",
        "operating CSOs of 2020 per active NGO of 2017",
        "operating 2020 / active 2017",
        ("kg-icnl-2020-operating", act.claim_id),
        op20 / act.interval,
        "times",
    )
    rep, now = c["kg-reporting-now"], c["kg-ngo-count-now"]
    add(
        "kg-reporting-share-now",
        "kyrgyzstan",
        "NGOs that submit annual reports among all, today",
        "reporting / all",
        (rep.claim_id, now.claim_id),
        share(rep.interval, now.interval),
        "percent",
    )
    eco = c["kg-ecology-share"]
    add(
        "kg-ecology-count",
        "kyrgyzstan",
        "ecological NGOs implied by the share and today's count",
        "share × count today",
        (eco.claim_id, now.claim_id),
        now.interval * eco.interval.scale(0.01),
        "ngos",
    )
    ngo_share, foreign_share = c["kg-jhu-ngo-funding-share"], c["kg-jhu-foreign-grants-share"]
    add(
        "kg-foreign-grants-of-all-funding",
        "kyrgyzstan",
        "foreign grants as a share of all funding",
        "share from NGOs × foreign share of it",
        (ngo_share.claim_id, foreign_share.claim_id),
        ngo_share.interval * foreign_share.interval.scale(0.01),
        "percent",
    )
    return out


def _pct(iv: Interval) -> Interval:
    return (
        iv.scale(100) if iv.lo >= 0 else Interval(iv.lo * 100, iv.hi * 100, iv.lo_open, iv.hi_open)
    )
