"""The data behind each chart (pure functions returning DataFrames) and the Altair charts
drawn from them. The chapters call the chart functions; tests call the data functions.

Every chart answers one question, asked in its title; it fills the text column (its width is
the container's, so it reflows on a phone) and its static image is drawn from the same spec
(``ngoclaims.chapters.charts``). Colours mean one thing in the whole book: a verdict its
:data:`VERDICT_COLORS`, a source its colour in :func:`source_colors`.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections import Counter

import pandas as pd

from ngoclaims.claims.checks import derive_all
from ngoclaims.claims.intervals import Interval
from ngoclaims.claims.registry import Project
from ngoclaims.claims.schema import COUNTRIES, VERDICTS
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

# Okabe and Ito's palette, told apart by readers with any common colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
ARTICLE = "the article"
SOURCES = "the sources"  # several sources at once, or the sources where none is singled out
ARTICLE_COLOR = OKABE_ITO["black"]
SOURCES_COLOR = "#767676"  # a grey no single source has (4.5:1 on white)
# The colours a single source can have. Yellow is left out: on white it can hardly be seen.
SOURCE_PALETTE = tuple(
    OKABE_ITO[c]
    for c in ("blue", "orange", "bluish green", "reddish purple", "vermillion", "sky blue")
)
COUNTED = "ngo_count"  # the indicator the counts charts draw
INK = "#222222"  # text set on the chart (labels), as the book's text
STRUCTURE = ("#d4d4d4", "#b8b8b8")  # neutral fills that carry no meaning (the timeline's stages)


def _plot_year(project: Project, period) -> float:
    start, end = project.span(period)
    return float(end if period.is_now or start != end else start)


def _ends(iv: Interval) -> tuple[float | None, float | None, str]:
    lo = None if math.isinf(iv.lo) else iv.lo
    hi = None if math.isinf(iv.hi) else iv.hi
    shape = "open above" if hi is None else ("open below" if lo is None else "bounded")
    return lo, hi, shape


# --------------------------------------------------------------------------- colours
def _publisher(project: Project, ref: str) -> str:
    """Who gave a claim or a figure: the article, or its source's publisher."""
    if ref in project.claims:
        return ARTICLE
    return project.sources[project.figures[ref].source_id].publisher


def _counted_by(project: Project) -> dict[str, set[str]]:
    """Each source (by publisher) and the countries whose counts chart draws it."""
    seen: dict[str, set[str]] = {}
    for f in project.figures.values():
        if f.indicator == COUNTED:
            seen.setdefault(project.sources[f.source_id].publisher, set()).add(f.country)
    return seen


def source_colors(project: Project) -> dict[str, str]:
    """The one colour of every source of sources.csv, by the name the charts give it (its
    publisher), with the article's and that of several sources together (:data:`SOURCES`).

    It is built from the whole source list, so a source has the same colour in every chart.
    The sources a chart draws come first, and each takes the palette colour least used so
    far that no source of the same country has: sources drawn together differ while the
    palette has colours enough.
    """
    countries = _counted_by(project)
    names = list(
        dict.fromkeys(s.publisher for sid, s in project.sources.items() if sid != "article")
    )
    names.sort(key=lambda name: name not in countries)  # stable: the drawn ones first
    colors = {ARTICLE: ARTICLE_COLOR, SOURCES: SOURCES_COLOR}
    uses: Counter[str] = Counter()
    for name in names:
        mine = countries.get(name, set())
        near = {colors[m] for m, where in countries.items() if m in colors and where & mine}
        pick = min(SOURCE_PALETTE, key=lambda c: (c in near, uses[c], SOURCE_PALETTE.index(c)))
        colors[name] = pick
        uses[pick] += 1
    return colors


# ------------------------------------------------------------------------------ data
def _label_of(project: Project, definition: str) -> str:
    """What a count counts, as a chart labels it; '' when the count does not say."""
    kind = project.kinds.get(("definition", definition))
    return definition.replace("_", " ") if kind is not None and kind.definite == "yes" else ""


def _count_row(project: Project, year: float, value: float, iv: Interval, **fields) -> dict:
    lo, hi, shape = _ends(iv)
    definition = fields.pop("definition") or "unspecified"
    counts = _label_of(project, definition)
    return dict(
        year=year,
        value=value,
        lo=lo,
        hi=hi,
        bound=shape,
        definition=definition,
        # for the chart's table: 'not said' for a count of no definite kind (kinds.csv)
        counted=counts or "not said",
        counts=counts,
        **fields,
    )


def _item_row(project: Project, item, who: str, source: str, ref: str) -> dict:
    """The row of a claim or an independent figure (both have a period, a value, an
    interval, a definition and a scope)."""
    return _count_row(
        project,
        _plot_year(project, item.period),
        item.value,
        item.interval,
        who=who,
        source=source,
        definition=item.definition,
        scope=item.scope,
        label=f"{stated_text(item)} ({item.period.text})",
        ref=ref,
    )


def _derived_source(project: Project, inputs: tuple[str, ...]) -> str:
    """The source a derived count is drawn in: its inputs' one source, else several."""
    who = {_publisher(project, ref) for ref in inputs}
    return who.pop() if len(who) == 1 else SOURCES


def ngo_counts(project: Project, country: str, indicator: str = COUNTED) -> pd.DataFrame:
    """Every NGO count for a country: the article's and the sources', with intervals.
    ``who`` says who counted it, ``source`` is the source it is drawn in the colour of,
    ``counts`` what it counts when it says."""
    rows = []
    for c in project.claims.values():
        if c.section == country and c.indicator == indicator and c.kind == "figure":
            rows.append(_item_row(project, c, ARTICLE, ARTICLE, c.claim_id))
    for f in project.figures.values():
        if f.country == country and f.indicator == indicator:
            publisher = project.sources[f.source_id].publisher
            rows.append(_item_row(project, f, publisher, publisher, f.figure_id))
    for d in derive_all(project):
        if d.section == country and d.indicator == indicator and d.basis == "independent":
            source = _derived_source(project, d.inputs)
            rows.append(
                _count_row(
                    project,
                    _plot_year(project, d.period),
                    d.point,
                    d.interval,
                    who=f"derived from {source}",
                    source=source,
                    definition=d.definition,
                    scope=d.scope,
                    label=f"{d.label}: {reading(d.point, d.interval, d.unit)}",
                    ref=d.derived_id,
                )
            )
    df = pd.DataFrame(rows)
    return df.sort_values(["year", "who"]).reset_index(drop=True)


def all_counts(project: Project) -> pd.DataFrame:
    """The NGO counts of all three countries, for one chart; ``party`` is the article or
    the sources."""
    frames = [ngo_counts(project, c).assign(country=c.title()) for c in COUNTRIES]
    df = pd.concat(frames, ignore_index=True)
    df["party"] = df["source"].where(df["source"] == ARTICLE, SOURCES)
    return df


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
                    start_basis=s.start_basis,
                    end=nxt.start_year if nxt else end_now,
                    ongoing=nxt is None,
                )
            )
    return pd.DataFrame(rows)


def verdicts(project: Project) -> pd.DataFrame:
    """How many claims have each verdict, in the order of the verdicts."""
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


# A title is text Vega never wraps, so a chart narrower than its title gets it in lines, as
# many characters to a line as the narrowest width of each step holds (about 8 pixels to a
# character at the title's size). The step is chosen by the chart's whole width: its
# container's, or the static image's width where there is none. (Not the `width` signal,
# the plot's, which changes as the layout makes room for the title: the title would be
# wrapped once more after its room was made.)
_TITLE_STEPS = (240, 340, 400, 480, 560, 660, 760)
_TITLE_PX_PER_CHAR = 8


def title_wordings(text: str) -> list[tuple[int, list[str]]]:
    """The lines of a title on a chart narrower than each step (a step of the width, the
    title's lines there), for the steps where it takes more than one line."""
    steps = []
    for narrowest, below in zip(_TITLE_STEPS, _TITLE_STEPS[1:]):
        lines = textwrap.wrap(text, (narrowest - 10) // _TITLE_PX_PER_CHAR)
        if len(lines) > 1:
            steps.append((below, lines))
    return steps


def _title(text: str) -> dict:
    """A chart's title: its question, wrapped into lines as the chart narrows."""
    from ngoclaims.chapters.charts import STATIC_WIDTH

    # `width >= 0` only makes the title depend on the width signal, so it is worked out
    # again when the window is resized.
    whole = f"(width >= 0 && isFinite(containerSize()[0]) ? containerSize()[0] : {STATIC_WIDTH})"
    expr = json.dumps(text)
    for below, lines in reversed(title_wordings(text)):
        expr = f"{whole} < {below} ? {json.dumps(lines)} : {expr}"
    return {
        "text": {"expr": expr},
        "anchor": "start",
        "fontSize": 14,
        "offset": 10,
        "color": INK,
    }


def _finish(chart, title: str, height: int, *columns: dict):
    """The chart as the book shows it: its question as title, the column's width, and the
    columns of the table of its data that the book shows beside it
    (ngoclaims.chapters.charts.data_table_html reads them from the spec's usermeta)."""
    return (
        chart.properties(
            title=_title(title),
            width="container",
            height=height,
            autosize={"type": "fit-x", "contains": "padding", "resize": True},
            usermeta={"ngoclaims": {"title": title, "table": list(columns)}},
        )
        .configure_legend(
            orient="top",
            labelLimit=0,
            titleFontSize=11,
            labelFontSize=11,
        )
        .configure_view(stroke=None)
    )


def _top(df: pd.DataFrame) -> float:
    """A round top for a linear axis of counts from zero: above every count and end, with
    room for an arrowhead, and far enough above a count open above for its dashed line to
    be seen."""
    closed = df[["value", "hi"]].max(axis=1).max() * 1.04
    open_above = df.loc[df["bound"] == "open above", "lo"].max() * 1.12
    peak = float(max(closed, 0 if pd.isna(open_above) else open_above))
    step = 10 ** math.floor(math.log10(peak)) / 4
    return math.ceil(peak / step) * step


def _year_axis(**kw):
    """An axis of years: whole years, one label per 60 pixels or so, no vertical grid."""
    return _alt().Axis(
        format="d", tickMinStep=1, grid=False, tickCount={"expr": "ceil(width / 60)"}, **kw
    )


def _legend_columns() -> dict:
    """One column of legend entries on a phone, two on a wider screen."""
    return {"expr": "width < 420 ? 1 : 2"}


def _source_color(project: Project, keys, field: str = "source", title: str = "counted by"):
    """The colour channel of sources: each source in its one colour (:func:`source_colors`)."""
    alt = _alt()
    colors = source_colors(project)
    domain = [k for k in colors if k in set(keys)]
    return alt.Color(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=domain, range=[colors[k] for k in domain]),
        legend=alt.Legend(columns=_legend_columns(), symbolType="circle"),
    )


# The columns of a table of NGO counts (ngo_counts), as a reader reads them.
_COUNT_COLUMNS = (
    _column("year", "year", "d"),
    _column("who", "counted by"),
    _column("label", "as stated"),
    _column("counted", "what is counted"),
    _column("value", "NGOs", ",d"),
    _column("lo", "interval from", ",d", "no lower end"),
    _column("hi", "interval to", ",d", "no upper end"),
)


def _count_layers(df: pd.DataFrame, color, top: float, **extra) -> list:
    """Counts as dots; an interval as a line from its lower to its upper end; an interval
    open above as a dashed line to the top edge ending in an arrowhead (open below: to the
    bottom edge), since it has no end to draw."""
    alt = _alt()
    years = df["year"]
    x = alt.X(
        "at:Q",
        title=None,
        scale=alt.Scale(domain=[float(years.min()) - 1, float(years.max()) + 1], nice=False),
        axis=_year_axis(),
    )
    y = alt.Y(
        "value:Q",
        title="NGOs",
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=alt.Axis(format=",d"),
    )
    base = alt.Chart().encode(
        x=x, color=color, tooltip=["label:N", "who:N", "definition:N"], **extra
    )
    bound = df["bound"]
    layers = []
    # a layer only where it has counts to draw: an empty mark would still be an element a
    # screen reader is told of, with nothing to say
    if ((bound == "bounded") & (df["lo"] < df["hi"])).any():
        layers.append(
            base.transform_filter("datum.bound == 'bounded' && datum.lo < datum.hi")
            .mark_rule(strokeWidth=2)
            .encode(y="lo:Q", y2="hi:Q")
        )
    if (bound == "open above").any():
        above = base.transform_filter("datum.bound == 'open above'")
        layers += [
            above.mark_rule(strokeWidth=1.5, strokeDash=[4, 3]).encode(
                y="lo:Q", y2=alt.Y2Datum(top)
            ),
            above.mark_point(shape="triangle-up", filled=True, size=60, opacity=1).encode(
                y=alt.YDatum(top)
            ),
        ]
    if (bound == "open below").any():
        below = base.transform_filter("datum.bound == 'open below'")
        layers += [
            below.mark_rule(strokeWidth=1.5, strokeDash=[4, 3]).encode(y="hi:Q", y2=alt.Y2Datum(0)),
            below.mark_point(shape="triangle-down", filled=True, size=60, opacity=1).encode(
                y=alt.YDatum(0)
            ),
        ]
    return [*layers, base.mark_point(filled=True, size=70, opacity=1).encode(y=y)]


# Counts of the same year and value are drawn this far apart (in years), so each is seen.
_SPREAD = 0.35


def spread_years(df: pd.DataFrame) -> pd.Series:
    """Where each count is drawn along the years: at its year, but counts of the same year
    and value side by side, centred on the year, rather than one on another."""
    rank = df.groupby(["year", "value"]).cumcount()
    size = df.groupby(["year", "value"])["year"].transform("size")
    return df["year"] + (rank - (size - 1) / 2) * _SPREAD


# A kind of count is labelled at its earliest count, unless that is this near the left edge.
_EDGE_YEARS = 4


def kind_tags(df: pd.DataFrame) -> pd.Series:
    """Where each kind of count is named (ngo_counts' ``counts``): on one row of its kind,
    the earliest (the highest of a year), or the latest when the earliest is near the left
    edge; the other rows get ''. A label sits left of its dot: the counts of later years are
    drawn right of it, and an open count's dashed line above it."""
    tags = pd.Series("", index=df.index)
    first_year = df["year"].min()
    for kind, rows in df[df["counts"] != ""].groupby("counts"):
        ordered = rows.sort_values(["year", "value"], ascending=[True, False])
        at = ordered.iloc[0]
        if at["year"] - first_year < _EDGE_YEARS:
            at = rows.sort_values(["year", "value"], ascending=False).iloc[0]
        tags[at.name] = kind
    return tags


def _what_is_counted() -> object:
    """Each kind of count named once, beside the count :func:`kind_tags` chose."""
    alt = _alt()
    return (
        alt.Chart()
        .transform_filter("datum.tag != ''")
        .mark_text(align="right", baseline="bottom", dx=-5, dy=-2, fontStyle="italic", color=INK)
        .encode(x="at:Q", y="value:Q", text="tag:N")
    )


def counts_chart(project: Project, country: str):
    """A country's NGO counts over time: the article's beside the sources', each in its
    source's colour, with their intervals, and what each kind of count counts."""
    alt = _alt()
    df = ngo_counts(project, country)
    df["at"], df["tag"] = spread_years(df), kind_tags(df)
    name = country.title()
    top = _top(df)
    layers = _count_layers(df, _source_color(project, df["source"]), top)
    return _finish(
        alt.layer(*layers, _what_is_counted(), data=df),
        f"How do the article's counts of NGOs in {name} compare with the sources'?",
        320,
        *_COUNT_COLUMNS,
    )


# What the three-country chart compares: counts of the register, and the article's bare
# counts, which the book reads as counts of the register (assumption unspecified-is-registered).
# Operating, active, reporting and unstated counts stay in the country chapters' charts.
REGISTER_KINDS = ("registered", "unspecified")


def all_counts_chart(project: Project):
    """Every country's counts of registered NGOs in one view (like with like: see
    :data:`REGISTER_KINDS`): the country by the shape of its dots, the article's counts in
    its colour and the sources' in theirs together."""
    alt = _alt()
    df = all_counts(project)
    df = df[df["definition"].isin(REGISTER_KINDS)].reset_index(drop=True)
    countries = [c.title() for c in COUNTRIES]
    # each country a little apart along the years, so that two countries' counts of a year
    # (and their dashed lines) are not drawn one over the other
    shift = df["country"].map({c: (i - 1) * _SPREAD for i, c in enumerate(countries)})
    df["at"] = spread_years(df) + shift
    top = _top(df)
    color = _source_color(project, [ARTICLE, SOURCES], field="party")
    color.legend = alt.Legend(direction="vertical", symbolType="circle")
    shape = alt.Shape(
        "country:N",
        title="country",
        scale=alt.Scale(domain=countries, range=["circle", "square", "diamond"]),
        legend=alt.Legend(direction="vertical"),
    )
    layers = _count_layers(df, color, top)
    layers[-1] = layers[-1].encode(shape=shape)
    return _finish(
        alt.layer(*layers, data=df),
        "How do the three countries' counts of registered NGOs compare over the years?",
        340,
        _column("country", "country"),
        *_COUNT_COLUMNS,
    )


def timeline_chart(project: Project):
    """The periods and stages as bars along the years, the region's period starts drawn
    across every scheme, and a stage that runs on to the article's present ending in an
    arrowhead."""
    alt = _alt()
    df = timeline(project)
    df["mid"] = (df["start"] + df["end"]) / 2
    order = list(dict.fromkeys(df["scheme"]))
    x = alt.X(
        "start:Q",
        title=None,
        scale=alt.Scale(domain=[int(df["start"].min()) - 1, int(df["end"].max()) + 1], nice=False),
        axis=_year_axis(),
    )
    y = alt.Y("scheme:N", title=None, sort=order, axis=alt.Axis(labelLimit=160, labelColor=INK))
    fill = alt.condition("datum.stage % 2 == 1", alt.value(STRUCTURE[0]), alt.value(STRUCTURE[1]))
    base = alt.Chart().encode(y=y, tooltip=["scheme:N", "label:N", "start:Q", "end:Q"])
    bars = base.mark_bar(stroke="white", strokeWidth=2).encode(x=x, x2="end:Q", color=fill)
    numbers = base.mark_text(color=INK, fontWeight="bold").encode(x="mid:Q", text="stage:O")
    ongoing = (
        base.transform_filter("datum.ongoing")
        .mark_point(shape="triangle-right", filled=True, size=90, color=INK, opacity=1)
        .encode(x="end:Q")
    )
    # a start the article does not give (the book's guess) is marked, not drawn as stated
    guessed = (
        base.transform_filter("datum.start_basis == 'guessed'")
        .mark_text(text="?", align="left", dx=3, dy=-6, fontWeight="bold", color=INK)
        .encode(x="start:Q")
    )
    starts = (
        alt.Chart()
        .transform_filter(alt.datum.scheme == order[0])
        .mark_rule(strokeDash=[3, 3], color="#555555")
        .encode(x="start:Q")
    )
    return _finish(
        alt.layer(bars, starts, numbers, ongoing, guessed, data=df),
        "Do the countries' stages follow the article's periods for the region?",
        170,
        _column("scheme", "scheme"),
        _column("label", "stage"),
        _column("start", "from", "d"),
        _column("start_basis", "start given as"),
        _column("end", "until", "d"),
        _column("ongoing", "still running"),
    )


def verdicts_chart(project: Project):
    """The book at a glance: how many claims got each verdict, a bar for each verdict some
    claim got, in the order of the verdicts, labelled with its count and its verdict."""
    alt = _alt()
    df = verdicts(project)
    df = df[df["claims"] > 0].reset_index(drop=True)
    shown = list(df["verdict"])
    color = alt.Color(
        "verdict:N",
        scale=alt.Scale(domain=shown, range=[VERDICT_COLORS[v] for v in shown]),
        legend=None,
    )
    base = alt.Chart().encode(
        y=alt.Y("verdict:N", sort=shown, title=None, axis=None),
        color=color,
        tooltip=["verdict:N", "claims:Q"],
    )
    # room on the right of the longest bar for its label
    x = alt.X(
        "claims:Q",
        title=None,
        axis=None,
        scale=alt.Scale(domain=[0, float(df["claims"].max()) / 0.62], nice=False),
    )
    bars = base.mark_bar(height={"band": 0.75}).encode(x=x)
    labels = (
        base.transform_calculate(text="datum.claims + ' ' + datum.verdict")
        .mark_text(align="left", baseline="middle", dx=5, fontWeight="bold")
        .encode(x="claims:Q", text="text:N")
    )
    return _finish(
        alt.layer(bars, labels, data=df),
        "How many of the article's claims got each verdict?",
        24 * len(df),
        _column("verdict", "verdict"),
        _column("claims", "claims", "d"),
    )


def _log_ticks(low: float, high: float) -> list[int]:
    """The 1-2-5 steps of each power of ten between low and high, for a logarithmic axis."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    steps = (m * 10**e for e in range(first, last + 1) for m in (1, 2, 5))
    return [v for v in steps if low <= v <= high]


def grants_chart(project: Project):
    """The annual growth the article's growth factor implies, for each base year it allows,
    on a logarithmic axis whose range is the data's."""
    alt = _alt()
    df = grants_base_years(project)
    low, high = float(df["lo"].min()) * 0.8, float(df["hi"].max()) * 1.25
    x = alt.X(
        "base_year:Q",
        title="year the growth is counted from",
        scale=alt.Scale(
            domain=[int(df["base_year"].min()) - 0.5, int(df["base_year"].max()) + 0.5],
            nice=False,
        ),
        axis=_year_axis(),
    )
    y = alt.Y(
        "mid:Q",
        title="growth a year, % (logarithmic axis)",
        scale=alt.Scale(type="log", domain=[low, high], nice=False),
        axis=alt.Axis(format=",d", values=_log_ticks(low, high)),
    )
    base = alt.Chart().encode(
        x=x,
        color=alt.value(ARTICLE_COLOR),
        tooltip=[
            alt.Tooltip("base_year:Q", title="counted from", format="d"),
            alt.Tooltip("mid:Q", title="growth a year, %", format=".1f"),
        ],
    )
    ranges = base.mark_rule(strokeWidth=2).encode(y="lo:Q", y2="hi:Q")
    points = base.mark_point(filled=True, size=60, opacity=1).encode(y=y)
    # the growth of the first base year written below and right of its dot, the last's left
    # of it: where the rising dots leave room
    ends = [
        base.transform_joinaggregate(edge=f"{which}(base_year)")
        .transform_filter("datum.base_year == datum.edge")
        .transform_calculate(text="format(datum.mid, ',.0f') + '% a year'")
        .mark_text(align=align, baseline=baseline, dx=dx, dy=dy, color=INK)
        .encode(y="mid:Q", text="text:N")
        for which, align, baseline, dx, dy in (
            ("min", "left", "top", 6, 6),
            ("max", "right", "middle", -9, 0),
        )
    ]
    return _finish(
        alt.layer(ranges, points, *ends, data=df),
        "If the article's growth factor holds, how fast did state grants grow a year, "
        "counted from each possible base year?",
        300,
        _column("base_year", "assumed base year"),
        _column("lo", "annual growth, % (lowest)", ".1f"),
        _column("hi", "annual growth, % (highest)", ".1f"),
        _column("mid", "annual growth, % (midpoint)", ".1f"),
    )
