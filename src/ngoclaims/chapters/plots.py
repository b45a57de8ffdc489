"""The data behind each chart (pure functions returning DataFrames) and the Altair charts
drawn from them. The chapters call the chart functions; tests call the data functions."""

from __future__ import annotations

import math

import pandas as pd

from ngoclaims.claims.checks import derive_all
from ngoclaims.claims.intervals import Interval
from ngoclaims.claims.registry import Project
from ngoclaims.claims.schema import VERDICTS
from ngoclaims.claims.verdicts import judge_all
from ngoclaims.claims.wording import reading, stated_text

# One colour per verdict, the same on every chart and badge (_static/ngo-charts.css).
VERDICT_COLORS = {
    "reproduced": "#1a7a3f",
    "corroborated": "#2e7d32",
    "consistent": "#2f6690",
    "conditional": "#6a51a3",
    "mixed": "#8c564b",
    "doubtful": "#a6560b",
    "contradicted": "#c62828",
    "inconsistent": "#bf360c",
    "probable-erratum": "#a50026",
    "underspecified": "#7d6608",
    "article-only": "#616161",
}
assert tuple(VERDICT_COLORS) == VERDICTS


def _plot_year(project: Project, period) -> float:
    start, end = project.span(period)
    return float(end if period.is_now or start != end else start)


def _ends(iv: Interval) -> tuple[float | None, float | None, str]:
    lo = None if math.isinf(iv.lo) else iv.lo
    hi = None if math.isinf(iv.hi) else iv.hi
    shape = "open above" if hi is None else ("open below" if lo is None else "bounded")
    return lo, hi, shape


def ngo_counts(project: Project, country: str, indicator: str = "ngo_count") -> pd.DataFrame:
    """Every NGO count for a country: the article's and the sources', with intervals."""
    rows = []
    for c in project.claims.values():
        if c.section == country and c.indicator == indicator and c.kind == "figure":
            lo, hi, shape = _ends(c.interval)
            rows.append(
                dict(
                    year=_plot_year(project, c.period),
                    value=c.value,
                    lo=lo,
                    hi=hi,
                    bound=shape,
                    who="the article",
                    definition=c.definition or "unspecified",
                    scope=c.scope,
                    label=f"{stated_text(c)} ({c.period.text})",
                    ref=c.claim_id,
                )
            )
    for f in project.figures.values():
        if f.country == country and f.indicator == indicator:
            lo, hi, shape = _ends(f.interval)
            rows.append(
                dict(
                    year=_plot_year(project, f.period),
                    value=f.value,
                    lo=lo,
                    hi=hi,
                    bound=shape,
                    who=project.sources[f.source_id].publisher,
                    definition=f.definition or "unspecified",
                    scope=f.scope,
                    label=f"{stated_text(f)} ({f.period.text})",
                    ref=f.figure_id,
                )
            )
    for d in derive_all(project):
        if d.section == country and d.indicator == indicator and d.basis == "independent":
            lo, hi, shape = _ends(d.interval)
            rows.append(
                dict(
                    year=_plot_year(project, d.period),
                    value=d.point,
                    lo=lo,
                    hi=hi,
                    bound=shape,
                    who="derived from the sources",
                    definition=d.definition,
                    scope=d.scope,
                    label=f"{d.label}: {reading(d.point, d.interval, d.unit)}",
                    ref=d.derived_id,
                )
            )
    df = pd.DataFrame(rows)
    df["source"] = df["who"].where(df["who"] == "the article", "independent")
    return df.sort_values(["year", "who"]).reset_index(drop=True)


def prizes(project: Project) -> pd.DataFrame:
    """The prize funds of 2017 and 2021, nominal and in the other year's prices, with bounds."""
    d = {x.derived_id: x for x in derive_all(project)}
    p17, p21 = project.claims["kz-prize-fund-2017"], project.claims["kz-prize-fund-2021"]
    real_d = d["kz-prize-2021-in-2017-prices"]
    real = real_d.interval
    rows = [
        dict(
            year=str(p17.period.start),
            terms="nominal",
            value=p17.value,
            lo=p17.interval.lo,
            hi=p17.interval.hi,
        ),
        dict(
            year=str(p21.period.start),
            terms="nominal",
            value=p21.value,
            lo=p21.interval.lo,
            hi=p21.interval.hi,
        ),
        dict(
            year=str(p17.period.start),
            terms=f"in {p17.period.start} prices",
            value=p17.value,
            lo=p17.interval.lo,
            hi=p17.interval.hi,
        ),
        dict(
            year=str(p21.period.start),
            terms=f"in {p17.period.start} prices",
            value=real_d.point,
            lo=real.lo,
            hi=real.hi,
        ),
    ]
    return pd.DataFrame(rows)


def timeline(project: Project) -> pd.DataFrame:
    """The article's periods and each country's stages as spans of years."""
    rows = []
    end_now = project.now[1]
    for country in ("region", "kazakhstan", "kyrgyzstan"):
        stages = sorted((s for s in project.stages if s.country == country), key=lambda s: s.stage)
        for s, nxt in zip(stages, stages[1:] + [None]):
            rows.append(
                dict(
                    scheme="the region (announced)" if country == "region" else country.title(),
                    stage=s.stage,
                    label=f"{s.stage}: {s.label}",
                    start=s.start_year,
                    end=nxt.start_year if nxt else end_now,
                    ongoing=nxt is None,
                )
            )
    return pd.DataFrame(rows)


def verdicts(project: Project) -> pd.DataFrame:
    """How many claims have each verdict, in the order of the verdicts."""
    from collections import Counter

    counts = Counter(f.verdict for f in judge_all(project))
    order = list(VERDICTS)
    return pd.DataFrame(
        [dict(verdict=v, claims=counts.get(v, 0), order=order.index(v)) for v in order]
    )


def grants_base_years(project: Project) -> pd.DataFrame:
    """The annual growth of state grants for each base year the article allows."""
    g = project.claims["kz-grants-growth"]
    end = g.period.end
    rows = []
    for base in range(2003, end):
        iv = g.interval.power(1 / (end - base)).shift(-1).scale(100)
        rows.append(dict(base_year=base, lo=iv.lo, hi=iv.hi, mid=iv.mid))
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ charts
def _alt():
    import altair as alt

    return alt


def _column(field: str, title: str, fmt: str | None = None, empty: str | None = None) -> dict:
    column = {"field": field, "title": title}
    column.update({k: v for k, v in (("format", fmt), ("empty", empty)) if v})
    return column


def _with_table(chart, *columns: dict):
    """The chart, naming the columns of the table of its data that the book shows beside it
    (ngoclaims.chapters.charts.data_table_html reads them from the spec's usermeta)."""
    return chart.properties(usermeta={"ngoclaims": {"table": list(columns)}})


# The columns of a table of NGO counts (ngo_counts), as a reader reads them.
_COUNT_COLUMNS = (
    _column("year", "year", "d"),
    _column("who", "counted by"),
    _column("label", "as stated"),
    _column("definition", "what is counted"),
    _column("value", "NGOs", ",d"),
    _column("lo", "interval from", ",d", "no lower end"),
    _column("hi", "interval to", ",d", "no upper end"),
)


def counts_chart(project: Project, country: str, title: str):
    """A country's NGO counts over time: the article's and the sources', with their bounds."""
    alt = _alt()
    df = ngo_counts(project, country)
    base = alt.Chart(df).encode(
        x=alt.X("year:Q", title="year", scale=alt.Scale(zero=False), axis=alt.Axis(format="d")),
        color=alt.Color(
            "who:N", title="source", legend=alt.Legend(orient="bottom", columns=2, labelLimit=360)
        ),
        tooltip=["label:N", "who:N", "definition:N"],
    )
    points = base.mark_point(size=90, filled=True).encode(
        y=alt.Y("value:Q", title="NGOs", axis=alt.Axis(format=",d")),
        shape=alt.Shape(
            "definition:N", title="definition", legend=alt.Legend(orient="bottom", columns=4)
        ),
    )
    ranges = (
        base.transform_filter("datum.lo != null && datum.hi != null")
        .mark_rule(strokeWidth=2)
        .encode(y="lo:Q", y2="hi:Q")
    )
    return _with_table(
        (ranges + points).properties(title=title, width=520, height=300), *_COUNT_COLUMNS
    )


def all_counts(project: Project) -> pd.DataFrame:
    """The NGO counts of all three countries, for one chart."""
    frames = [
        ngo_counts(project, c).assign(country=c.title())
        for c in ("uzbekistan", "kazakhstan", "kyrgyzstan")
    ]
    return pd.concat(frames, ignore_index=True)


def all_counts_chart(project: Project):
    """Every country's NGO counts, the article's beside the sources', one panel each."""
    alt = _alt()
    df = all_counts(project)
    base = alt.Chart().encode(
        x=alt.X(
            "year:Q",
            title="year",
            scale=alt.Scale(domain=[1985, project.now[1] + 3]),
            axis=alt.Axis(format="d"),
        ),
        color=alt.Color("source:N", title="counted by", legend=alt.Legend(orient="bottom")),
        tooltip=["label:N", "who:N", "definition:N"],
    )
    points = base.mark_point(size=70, filled=True).encode(
        y=alt.Y("value:Q", title="NGOs", axis=alt.Axis(format=",d")),
        shape=alt.Shape("definition:N", title="definition", legend=alt.Legend(orient="bottom")),
    )
    ranges = (
        base.transform_filter("datum.lo != null && datum.hi != null")
        .mark_rule(strokeWidth=2)
        .encode(y="lo:Q", y2="hi:Q")
    )
    chart = (
        alt.layer(ranges, points, data=df)
        .properties(width=170, height=220)
        .facet(
            column=alt.Column(
                "country:N", title=None, sort=["Uzbekistan", "Kazakhstan", "Kyrgyzstan"]
            )
        )
        .properties(title="NGOs counted in each country, by the article and by the sources")
    )
    return _with_table(chart, _column("country", "country"), *_COUNT_COLUMNS)


def kg_definitions_chart(project: Project):
    """Kyrgyzstan's counts by what they count: registered, operating, active, reporting."""
    alt = _alt()
    df = ngo_counts(project, "kyrgyzstan")
    chart = (
        alt.Chart(df)
        .mark_point(size=90, filled=True)
        .encode(
            x=alt.X("year:Q", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
            y=alt.Y(
                "value:Q", title="NGOs", scale=alt.Scale(type="symlog"), axis=alt.Axis(format=",d")
            ),
            color=alt.Color("definition:N", title="what is counted"),
            shape=alt.Shape("source:N", title="source"),
            tooltip=["label:N", "who:N", "definition:N"],
        )
        .properties(
            title="Kyrgyzstan: registered, operating, active and reporting", width=560, height=300
        )
    )
    return _with_table(chart, *_COUNT_COLUMNS)


def prizes_chart(project: Project):
    """The prize funds of 2017 and 2021, nominal and in constant prices."""
    alt = _alt()
    df = prizes(project)
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("year:N", title=None),
            xOffset="terms:N",
            y=alt.Y("value:Q", title="million tenge"),
            color=alt.Color("terms:N", title=None),
            tooltip=["year:N", "terms:N", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    err = (
        alt.Chart(df)
        .mark_rule(color="black")
        .encode(x="year:N", xOffset="terms:N", y="lo:Q", y2="hi:Q")
    )
    return _with_table(
        (bars + err).properties(title="NGO prize fund, nominal and real", width=360, height=260),
        _column("year", "year"),
        _column("terms", "terms"),
        _column("value", "million tenge", ".1f"),
        _column("lo", "interval from", ".2f"),
        _column("hi", "interval to", ".2f"),
    )


def timeline_chart(project: Project):
    """The periods and stages as bars along the years."""
    alt = _alt()
    df = timeline(project)
    df["mid"] = (df["start"] + df["end"]) / 2
    order = ["the region (announced)", "Kazakhstan", "Kyrgyzstan"]
    base = alt.Chart(df).encode(y=alt.Y("scheme:N", title=None, sort=order))
    bars = base.mark_bar(stroke="white").encode(
        x=alt.X("start:Q", title="year", scale=alt.Scale(zero=False), axis=alt.Axis(format="d")),
        x2="end:Q",
        color=alt.Color("stage:O", title="stage", legend=None),
        tooltip=["scheme:N", "label:N", "start:Q", "end:Q"],
    )
    labels = base.mark_text(color="white", fontWeight="bold").encode(x="mid:Q", text="stage:O")
    return _with_table(
        (bars + labels).properties(
            title="Periods and stages as the article tells them", width=520, height=150
        ),
        _column("scheme", "scheme"),
        _column("label", "stage"),
        _column("start", "from", "d"),
        _column("end", "until", "d"),
        _column("ongoing", "still running"),
    )


def verdicts_chart(project: Project):
    """The number of claims of each verdict."""
    alt = _alt()
    df = verdicts(project)
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("verdict:N", sort=alt.EncodingSortField("order"), title=None),
            x=alt.X("claims:Q", title="claims"),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=list(VERDICT_COLORS), range=list(VERDICT_COLORS.values())),
                legend=None,
            ),
            tooltip=["verdict:N", "claims:Q"],
        )
        .properties(title="Verdicts of all claims", width=480, height=220)
    )
    return _with_table(chart, _column("verdict", "verdict"), _column("claims", "claims", "d"))


def grants_chart(project: Project):
    """The annual growth of state grants against the base year tried."""
    alt = _alt()
    df = grants_base_years(project)
    chart = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("base_year:O", title="assumed base year"),
            y=alt.Y(
                "mid:Q", title="implied annual growth, % (log scale)", scale=alt.Scale(type="log")
            ),
            tooltip=["base_year:O", alt.Tooltip("mid:Q", format=".1f")],
        )
        .properties(title="One growth factor, many annual rates", width=480, height=240)
    )
    return _with_table(
        chart,
        _column("base_year", "assumed base year"),
        _column("lo", "annual growth, % (lowest)", ".1f"),
        _column("hi", "annual growth, % (highest)", ".1f"),
        _column("mid", "annual growth, % (midpoint)", ".1f"),
    )
