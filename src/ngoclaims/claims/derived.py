"""Figures the article implies but does not print: growth factors, compound annual growth,
shares, sums and the real-terms change of the prizes, each computed on intervals from the
registry and the evidence tables, and computed again on the figures read as printed (the
point reading a reader sees beside the interval). Pure functions of a loaded Project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ngoclaims.claims.intervals import (
    INF,
    Interval,
    cagr,
    growth_factor,
    integer_hull,
    point,
    product,
    share,
)
from ngoclaims.claims.registry import Period, Project

# Units whose values are whole: a derived count of NGOs has no fraction of an NGO.
WHOLE_DERIVED_UNITS = ("ngos",)


@dataclass(frozen=True)
class Derived:
    derived_id: str
    section: str
    label: str
    formula: str
    inputs: tuple[str, ...]  # claim_ids and figure_ids
    interval: Interval
    point: float  # the same formula on the inputs read as printed
    unit: str
    basis: str  # 'article' when every input is the article's, else 'independent' or 'mixed'
    claim_id: str = ""  # the claim this figure tests, if any
    test: str = "compare"  # compare: with the claim's interval; whole: a whole number of units
    assumptions: tuple[str, ...] = ()  # keys of assumptions.csv the figure rests on
    # What it counts, when the figure is evidence about a count (an NGO count of a year):
    indicator: str = ""
    definition: str = ""
    scope: str = ""
    period: Period | None = None


@dataclass(frozen=True)
class _Spec:
    """One derived figure before it is computed: compute(value) gives its interval when
    `value` reads inputs as intervals, and its point reading when it reads them as printed."""

    derived_id: str
    section: str
    label: str
    formula: str
    inputs: tuple[str, ...]
    compute: Callable[[Callable[[str], Interval]], Interval]
    unit: str
    extra: dict = field(default_factory=dict)
    # what the figure's premises allow beyond the formula (e.g. 'at least half of it')
    widen: Callable[[Interval], Interval] | None = None


def _basis(project: Project, inputs: tuple[str, ...]) -> str:
    kinds = {"article" if i in project.claims else "independent" for i in inputs}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def derive(project: Project) -> list[Derived]:
    """Every derived figure, in the order the book discusses them."""

    def interval_of(key: str) -> Interval:
        row = project.claims.get(key) or project.figures[key]
        return row.interval

    def point_of(key: str) -> Interval:
        row = project.claims.get(key) or project.figures[key]
        return point(row.value)

    out = []
    for s in _specs(project):
        iv = s.compute(interval_of)
        if s.widen is not None:
            iv = s.widen(iv)
        if s.unit in WHOLE_DERIVED_UNITS:
            iv = integer_hull(iv)
        reading = s.compute(point_of)
        out.append(
            Derived(
                s.derived_id,
                s.section,
                s.label,
                s.formula,
                s.inputs,
                iv,
                reading.lo,
                s.unit,
                _basis(project, s.inputs),
                **s.extra,
            )
        )
    return out


def _pct(iv: Interval) -> Interval:
    return iv.scale(100)


def _specs(project: Project) -> list[_Spec]:
    return _uzbekistan(project) + _kazakhstan(project) + _kyrgyzstan(project)


def _growth_pair(section: str, a, b, what: str) -> list[_Spec]:
    """Growth factor and compound annual growth between two counts of the article."""
    ys, ye = a.period.start, b.period.start
    key = a.claim_id.split("-")[0]  # 'uz-ngo-count-1991' -> 'uz'
    return [
        _Spec(
            f"{key}-growth-{ys}-{ye}",
            section,
            f"growth factor of {what}, {ys} to {ye}",
            f"count {ye} / count {ys}",
            (a.claim_id, b.claim_id),
            lambda v: growth_factor(v(a.claim_id), v(b.claim_id)),
            "times",
        ),
        _Spec(
            f"{key}-cagr-{ys}-{ye}",
            section,
            f"compound annual growth of {what}, {ys} to {ye}",
            f"(count {ye} / count {ys})^(1/{ye - ys}) - 1",
            (a.claim_id, b.claim_id),
            lambda v: _pct(cagr(v(a.claim_id), v(b.claim_id), ye - ys)),
            "percent",
        ),
    ]


def _uzbekistan(project: Project) -> list[_Spec]:
    c, f = project.claims, project.figures
    a, b = f["uz-regnum-1991"], f["uz-cabar-2009"]
    return _growth_pair("uzbekistan", c["uz-ngo-count-1991"], c["uz-ngo-count-2010"], "NGOs") + [
        _Spec(
            "uz-growth-1991-2009-sources",
            "uzbekistan",
            "growth factor of registered NGOs, 1991 to 2009, from the sources",
            "CABAR 2009 / REGNUM 1991",
            (a.figure_id, b.figure_id),
            lambda v: growth_factor(v(a.figure_id), v(b.figure_id)),
            "times",
        )
    ]


def _kazakhstan(project: Project) -> list[_Spec]:
    return _grants(project) + _prizes(project) + _academy_and_spending()


def _grants(project: Project) -> list[_Spec]:
    c = project.claims
    g = c["kz-grants-growth"]
    out = []
    # candidate base years: the years the article gives for the state's turns to NGOs
    for anchor in ("kz-decision-date", "kz-forum-2-year", "kz-stage-4-start"):
        base = c[anchor].period.start
        years = g.period.end - base
        out.append(
            _Spec(
                f"kz-grants-cagr-from-{base}",
                "kazakhstan",
                f"annual growth of state grants if the base year were {base}",
                f"{g.value_text}^(1/({g.period.end}-{base})) - 1",
                (g.claim_id, anchor),
                lambda v, years=years: _pct(v(g.claim_id).power(1 / years).shift(-1)),
                "percent",
            )
        )
    order = project.figures["kz-informburo-social-order-2016"]
    out.append(
        _Spec(
            "kz-grants-base-amount",
            "kazakhstan",
            f"the base amount the growth factor implies, if the grants are the state social order of {order.period.text}",
            f"social order {order.period.text} / {g.value_text}",
            (order.figure_id, g.claim_id),
            lambda v: v(order.figure_id) / v(g.claim_id),
            "billion_kzt",
            {"assumptions": ("grants-are-social-order",)},
        )
    )
    return out


def _prizes(project: Project) -> list[_Spec]:
    c = project.claims
    p17, p21 = c["kz-prize-fund-2017"], c["kz-prize-fund-2021"]
    per_fund = ("prize-fund-per-nomination", "allocated-is-prizes")
    cpi_ids = tuple(f"kz-cpi-{y}" for y in range(p17.period.start + 1, p21.period.start + 1))

    def prices(v):
        return product([v(i).scale(0.01).shift(1) for i in cpi_ids])

    def minimum_2021(v):
        return v("kz-kazinform-prize-minimum") * v("kz-kt-mrp-2021").scale(1e-6)

    minimum_inputs = ("kz-kazinform-prize-minimum", "kz-kt-mrp-2021")
    rule_2021 = ("prize-rule-2021",)
    fund_2021 = rule_2021 + ("allocated-is-prizes",)
    return [
        _Spec(
            "kz-prize-fund-2017-sources",
            "kazakhstan",
            "prize fund of 2017 from the nominations and the fund announced per nomination",
            "nominations × fund per nomination (Sputnik)",
            ("kz-sputnik-prize-nominations", "kz-sputnik-prize-per-nomination"),
            lambda v: v("kz-sputnik-prize-nominations") * v("kz-sputnik-prize-per-nomination"),
            "million_kzt",
            {"claim_id": p17.claim_id, "assumptions": per_fund},
        ),
        _Spec(
            "kz-prize-fund-2017-reported",
            "kazakhstan",
            "prize fund of 2017 from the directions and the prize reported after the awards",
            "directions × size of each prize (Strategy2050)",
            ("kz-strategy2050-directions", "kz-strategy2050-prize-size"),
            lambda v: v("kz-strategy2050-directions") * v("kz-strategy2050-prize-size"),
            "million_kzt",
            {"claim_id": p17.claim_id, "assumptions": per_fund},
        ),
        _Spec(
            "kz-prize-per-winner-2017",
            "kazakhstan",
            "average prize per winner in 2017",
            "prize fund 2017 / winners",
            (p17.claim_id, "kz-strategy2050-winners"),
            lambda v: v(p17.claim_id) / v("kz-strategy2050-winners"),
            "million_kzt",
        ),
        _Spec(
            "kz-prize-minimum-2021",
            "kazakhstan",
            "the first year's minimum prize at the monthly calculation index of 2021",
            "minimum prize in MRP × MRP 2021",
            minimum_inputs,
            minimum_2021,
            "million_kzt",
            {"assumptions": rule_2021},
        ),
        _Spec(
            "kz-prize-count-2021",
            "kazakhstan",
            "the 2021 prize fund in minimum prizes",
            "fund 2021 / minimum prize 2021",
            (p21.claim_id,) + minimum_inputs,
            lambda v: v(p21.claim_id) / minimum_2021(v),
            "prizes",
            {"claim_id": p21.claim_id, "test": "whole", "assumptions": fund_2021},
        ),
        _Spec(
            "kz-prize-fund-2021-all-directions",
            "kazakhstan",
            "prize fund of 2021 at the minimum prize in every direction announced",
            "directions 2021 × minimum prize 2021",
            ("kz-kazinform-directions-2021",) + minimum_inputs,
            lambda v: v("kz-kazinform-directions-2021") * minimum_2021(v),
            "million_kzt",
            {
                "claim_id": p21.claim_id,
                "assumptions": fund_2021 + ("all-directions-awarded-2021",),
            },
        ),
        _Spec(
            "kz-prize-nominal-change",
            "kazakhstan",
            "nominal change of the prize fund, 2017 to 2021",
            "fund 2021 / fund 2017 - 1",
            (p17.claim_id, p21.claim_id),
            lambda v: _pct((v(p21.claim_id) / v(p17.claim_id)).shift(-1)),
            "percent",
        ),
        _Spec(
            "kz-price-level-2017-2021",
            "kazakhstan",
            "rise of consumer prices, 2017 to 2021",
            "product of (1 + annual average inflation), 2018 to 2021 - 1",
            cpi_ids,
            lambda v: _pct(prices(v).shift(-1)),
            "percent",
        ),
        _Spec(
            "kz-prize-real-change",
            "kazakhstan",
            "real change of the prize fund, 2017 to 2021, in 2017 prices",
            "(fund 2021 / fund 2017) / price rise - 1",
            (p17.claim_id, p21.claim_id) + cpi_ids,
            lambda v: _pct((v(p21.claim_id) / v(p17.claim_id) / prices(v)).shift(-1)),
            "percent",
        ),
        _Spec(
            "kz-prize-2021-in-2017-prices",
            "kazakhstan",
            "prize fund of 2021 in 2017 prices",
            "fund 2021 / price rise",
            (p21.claim_id,) + cpi_ids,
            lambda v: v(p21.claim_id) / prices(v),
            "million_kzt",
        ),
        _Spec(
            "kz-prize-2017-in-2021-prices",
            "kazakhstan",
            "prize fund of 2017 in 2021 prices",
            "fund 2017 × price rise",
            (p17.claim_id,) + cpi_ids,
            lambda v: v(p17.claim_id) * prices(v),
            "million_kzt",
        ),
    ]


def _academy_and_spending() -> list[_Spec]:
    tr, ngos, foreign = (
        "kz-academy-trainees-2020",
        "kz-academy-ngos-2020",
        "kz-academy-foreign-2020",
    )
    r, m = "kz-akorda-spending-regional", "kz-akorda-spending-ministries"
    return [
        _Spec(
            "kz-academy-trainees-per-ngo",
            "kazakhstan",
            "trainees per NGO at the NGO Academy, 2020",
            "trainees / NGOs",
            (tr, ngos),
            lambda v: v(tr) / v(ngos),
            "people",
        ),
        _Spec(
            "kz-academy-foreign-share",
            "kazakhstan",
            "share of trainees from neighbouring republics, 2020",
            "foreign trainees / trainees",
            (foreign, tr),
            lambda v: share(v(foreign), v(tr)),
            "percent",
        ),
        _Spec(
            "kz-state-spending-2003-2005",
            "kazakhstan",
            "state spending on NGO social projects, two years to September 2005",
            "regional programmes + ministries' programmes",
            (r, m),
            lambda v: v(r) + v(m),
            "million_kzt",
        ),
    ]


def _kyrgyzstan(project: Project) -> list[_Spec]:
    c, f = project.claims, project.figures
    k0, k6, k10 = c["kg-ngo-count-2000"], c["kg-ngo-count-2006"], c["kg-ngo-count-2010"]
    out = []
    for x, y in ((k0, k6), (k6, k10), (k0, k10)):
        out += _growth_pair("kyrgyzstan", x, y, "NGOs")
    reg = c["kg-registrations-per-year"]
    years = reg.period.end - reg.period.start + 1
    out.append(
        _Spec(
            "kg-avg-registrations-1991-2000",
            "kyrgyzstan",
            "average registrations per year in the first stage: the count of 2000 spread over "
            "the stage, and at least half of that if most of those NGOs were registered in it",
            f"count 2000 / years {reg.period.text}",
            (k0.claim_id, reg.claim_id),
            lambda v: v(k0.claim_id) / point(years),
            "ngos_per_year",
            {
                "claim_id": reg.claim_id,
                "assumptions": ("unspecified-is-registered", "most-registered-in-stage"),
            },
            widen=lambda iv: Interval(iv.lo / 2, INF),
        )
    )
    out += _operating(project)
    act, reg17 = c["kg-active-2017"], c["kg-ngo-count-2017"]
    rep, now = c["kg-reporting-now"], c["kg-ngo-count-now"]
    eco = c["kg-ecology-share"]
    ngo_share, foreign_share = c["kg-jhu-ngo-funding-share"], c["kg-jhu-foreign-grants-share"]
    op19 = f["kg-icnl-2019-operating"].figure_id
    out += [
        _Spec(
            "kg-active-share-2017",
            "kyrgyzstan",
            "active NGOs among the registered, 2017",
            "active / registered",
            (act.claim_id, reg17.claim_id),
            lambda v: share(v(act.claim_id), v(reg17.claim_id)),
            "percent",
        ),
        _Spec(
            "kg-operating-to-active-2015",
            "kyrgyzstan",
            "operating public associations of 2015 per active NGO of 2017",
            "operating 2015 / active 2017",
            ("kg-sputnik-2015-operating-share", "kg-sputnik-2015-registered", act.claim_id),
            lambda v: _operating_2015(v) / v(act.claim_id),
            "times",
        ),
        _Spec(
            "kg-operating-to-active-2019",
            "kyrgyzstan",
            "operating CSOs of 2019 per active NGO of 2017",
            "operating 2019 / active 2017",
            (op19, act.claim_id),
            lambda v: v(op19) / v(act.claim_id),
            "times",
        ),
        _Spec(
            "kg-reporting-share-now",
            "kyrgyzstan",
            "NGOs that submit annual reports among all, today",
            "reporting / all",
            (rep.claim_id, now.claim_id),
            lambda v: share(v(rep.claim_id), v(now.claim_id)),
            "percent",
        ),
        _Spec(
            "kg-ecology-count",
            "kyrgyzstan",
            "ecological NGOs the share would make of today's count",
            "share × count today",
            (eco.claim_id, now.claim_id),
            lambda v: v(now.claim_id) * v(eco.claim_id).scale(0.01),
            "ngos",
        ),
        _Spec(
            "kg-foreign-grants-of-all-funding",
            "kyrgyzstan",
            "foreign grants as a share of all funding",
            "share from NGOs × foreign share of it",
            (ngo_share.claim_id, foreign_share.claim_id),
            lambda v: v(ngo_share.claim_id) * v(foreign_share.claim_id).scale(0.01),
            "percent",
        ),
    ]
    return out


def _operating_2015(v) -> Interval:
    return v("kg-sputnik-2015-registered") * v("kg-sputnik-2015-operating-share").scale(0.01)


def _operating(project: Project) -> list[_Spec]:
    """Operating counts the sources give as a share of their registered count."""
    f = project.figures
    s24, r24 = "kg-icnl-2024-operating-share", "kg-icnl-2024-registered"
    return [
        _Spec(
            "kg-operating-2015",
            "kyrgyzstan",
            "operating public associations in 2015",
            "operating share × registered",
            ("kg-sputnik-2015-operating-share", "kg-sputnik-2015-registered"),
            _operating_2015,
            "ngos",
            {
                "indicator": "ngo_count",
                "definition": "operating",
                "scope": f["kg-sputnik-2015-registered"].scope,
                "period": f["kg-sputnik-2015-registered"].period,
            },
        ),
        _Spec(
            "kg-operating-2024",
            "kyrgyzstan",
            "operating CSOs in 2024",
            "operating share × registered",
            (s24, r24),
            lambda v: v(r24) * v(s24).scale(0.01),
            "ngos",
            {
                "indicator": "ngo_count",
                "definition": "operating",
                "scope": f[r24].scope,
                "period": f[r24].period,
            },
        ),
    ]
