"""The book's charts, read from their specs and drawn by vl-convert (no browser): every
chart the pages draw asks one question in its title, takes its container's width (its image
a fixed one), has no logarithmic axis that reaches zero, colours a source as every other
chart does and a verdict as its badge does, and draws an open interval open."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import vl_convert as vlc

from conftest import ROOT
from ngoclaims.build import toc
from ngoclaims.chapters import charts, plots
from ngoclaims.chapters.bundle import vegalite_version
from ngoclaims.claims.schema import VERDICTS

# A chart cell of a page: display_chart(plots.<function>(b.project[, "<country>"]), "<name>"
CHART_CALL = re.compile(
    r'display_chart\(\s*plots\.(\w+)\(b\.project(?:,\s*"([a-z]+)")?\),\s*"([a-z0-9-]+)"'
)
OVERVIEW = ("verdicts_chart", None)  # the opening page's overview of the verdicts


def book_charts() -> dict[str, tuple[str, str | None]]:
    """Every chart the book's pages draw, by name: (its plots function, its country)."""
    found: dict[str, tuple[str, str | None]] = {}
    for docname in toc.docnames(ROOT / "_toc.yml"):
        source = ROOT / f"{docname}.md"
        text = source.read_text(encoding="utf-8") if source.exists() else ""
        calls = CHART_CALL.findall(text)
        # every chart of a page is in the one form read here, so that none goes unchecked
        drawn = text.count("display_chart(")
        assert len(calls) == drawn, f"{docname}: a chart cell this test cannot read"
        for function, country, name in calls:
            found[name] = (function, country or None)
    return found


@pytest.fixture(scope="module")
def specs(project) -> dict[str, dict]:
    """The spec of each chart of the book, and of the verdict overview wherever it is."""
    drawn = book_charts()
    if OVERVIEW not in drawn.values():
        drawn["verdict-overview"] = OVERVIEW
    assert len(drawn) >= 6
    made = {}
    for name, (function, country) in drawn.items():
        args = (project, country) if country else (project,)
        made[name] = getattr(plots, function)(*args).to_dict()
    return made


def nodes(node, key: str):
    """Every value of ``key`` anywhere in a spec."""
    if isinstance(node, dict):
        for k, value in node.items():
            if k == key:
                yield value
            yield from nodes(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value, key)


def color_scales(spec: dict) -> list[dict]:
    """The scale of every colour channel of the spec that names its domain."""
    return [
        c["scale"]
        for c in nodes(spec, "color")
        if isinstance(c, dict) and isinstance(c.get("scale"), dict) and "domain" in c["scale"]
    ]


def svg_of(spec: dict) -> str:
    return vlc.vegalite_to_svg(charts.static_spec(spec), vl_version=vegalite_version())


# ---------------------------------------------------------------------------- questions
def test_every_chart_asks_one_question_in_its_title(specs):
    for name, spec in specs.items():
        title = spec["usermeta"]["ngoclaims"]["title"]
        assert title.endswith("?") and title.count("?") == 1, f"{name}: {title!r}"
        assert not re.search(r"\d", title), f"{name}: a number typed into its title: {title!r}"
        assert charts._title(spec) == title  # what the caption and the alt text read
        expr = spec["title"]["text"]["expr"]
        assert expr.endswith(json.dumps(title)), name  # the title, on a wide chart
        for _, lines in plots.title_wordings(title):  # and in lines on a narrow one
            assert " ".join(lines) == title and json.dumps(lines) in expr, name


# ------------------------------------------------------------------------------- widths
def test_every_chart_takes_its_containers_width_and_its_image_a_fixed_one(specs):
    for name, spec in specs.items():
        assert spec["width"] == "container", name
        assert spec["autosize"]["type"] == "fit-x", name
        # a container's width works on a single or a layered view only
        assert not {"facet", "concat", "hconcat", "vconcat", "repeat"} & set(spec), name
        image = charts.static_spec(spec)
        assert image["width"] == charts.STATIC_WIDTH and spec["width"] == "container", name


# ------------------------------------------------------------------------------- scales
def test_no_logarithmic_axis_reaches_zero(specs):
    logs = 0
    for name, spec in specs.items():
        for scale in nodes(spec, "scale"):
            if isinstance(scale, dict) and scale.get("type") in ("log", "symlog"):
                logs += 1
                domain = scale.get("domain")
                # a domain of its own, from the data: never one Vega works out, which may
                # reach zero
                assert isinstance(domain, list) and len(domain) == 2, f"{name}: {scale}"
                assert 0 < domain[0] < domain[1], f"{name}: a log axis from {domain[0]}"
    assert logs >= 1  # the grants chart's


# ------------------------------------------------------------------------------ colours
def test_a_source_has_its_one_colour_in_every_chart(project, specs):
    colors = plots.source_colors(project)
    publishers = {s.publisher for sid, s in project.sources.items() if sid != "article"}
    assert publishers | {plots.ARTICLE, plots.SOURCES} == set(colors)  # the whole list
    allowed = set(plots.SOURCE_PALETTE) | {plots.ARTICLE_COLOR, plots.SOURCES_COLOR}
    assert set(colors.values()) <= allowed
    assert not set(plots.SOURCE_PALETTE) & {plots.ARTICLE_COLOR, plots.SOURCES_COLOR}
    seen: dict[str, set[str]] = {}
    checked = 0
    for name, spec in specs.items():
        for scale in color_scales(spec):
            if not set(scale["domain"]) & set(colors):
                continue
            checked += 1
            for source, color in zip(scale["domain"], scale["range"], strict=True):
                assert color == colors[source], f"{name}: {source} in {color}"
                seen.setdefault(source, set()).add(color)
            # the sources a chart draws are told apart
            assert len(set(scale["range"])) == len(scale["range"]), f"{name}: {scale}"
    assert checked >= 4
    assert all(len(c) == 1 for c in seen.values()), seen
    assert {plots.ARTICLE, plots.SOURCES} <= set(seen)


def test_a_verdict_has_its_badge_colour_and_the_overview_draws_the_verdicts_given(project, specs):
    for name, spec in specs.items():
        for scale in color_scales(spec):
            for verdict, color in zip(scale["domain"], scale["range"], strict=True):
                if verdict in VERDICTS:
                    assert color == plots.VERDICT_COLORS[verdict], f"{name}: {verdict}"
    counts = plots.verdicts(project).set_index("verdict")["claims"]
    given = [v for v in VERDICTS if counts[v] > 0]
    assert 0 < len(given) < len(VERDICTS)  # some verdict no claim got, to be left out
    overview = next(
        s for s in specs.values() if any(set(c["domain"]) & set(VERDICTS) for c in color_scales(s))
    )
    assert [r["verdict"] for r in charts.chart_rows(overview)] == given
    assert [r["claims"] for r in charts.chart_rows(overview)] == [counts[v] for v in given]
    for scale in color_scales(overview):  # the bars' and their labels'
        assert scale["domain"] == given
        assert scale["range"] == [plots.VERDICT_COLORS[v] for v in given]
    # each bar labelled with its count and its verdict
    text = " ".join(re.sub(r"<[^>]+>", " ", svg_of(overview)).split())
    for v in given:
        assert f"{counts[v]} {v}" in text, v


# ------------------------------------------------------------------------- open intervals
def _drawn_open(svg: str) -> tuple[list[tuple[float, float]], dict[str, list[float]]]:
    """The dashed lines of a rendered chart (the heights of their upper and lower ends, in
    the plot's pixels from its top) and its arrowheads (their heights), each found by the
    path vega draws it with."""
    dashed = [
        tuple(sorted((float(y), float(y) + float(rise))))
        for y, rise in re.findall(
            r'<line[^>]*transform="translate\([\d.]+,([-\d.]+)\)" x2="0" y2="([-\d.]+)"'
            r"[^>]*stroke-dasharray",
            svg,
        )
    ]
    heads: dict[str, list[float]] = {}
    for shape in ("triangle-up", "triangle-down"):
        path = _symbol_path(shape)
        heads[shape] = [
            float(y)
            for y in re.findall(
                rf'<path[^>]*transform="translate\([\d.]+,([-\d.]+)\)" d="{re.escape(path)}"', svg
            )
        ]
    return dashed, heads


def _symbol_path(shape: str) -> str:
    """The SVG path vega draws a filled symbol of this shape with, at the arrowheads' size."""
    spec = {
        "data": {"values": [{"a": 1}]},
        "mark": {"type": "point", "shape": shape, "filled": True, "size": 60},
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
    }
    svg = vlc.vegalite_to_svg(spec, vl_version=vegalite_version())
    return re.search(r'aria-roledescription="point"[^>]* d="([^"]+)"', svg).group(1)


def test_an_interval_open_above_is_drawn_open_to_the_top_edge(project):
    """Each count stated as 'more than' has a dashed line from its lower end up to the top
    edge and an arrowhead there; a bounded count has neither."""
    drawn = 0
    for country in ("uzbekistan", "kazakhstan", "kyrgyzstan"):
        spec = plots.counts_chart(project, country).to_dict()
        rows = charts.chart_rows(spec)
        open_above = sum(r["bound"] == "open above" for r in rows)
        dashed, heads = _drawn_open(svg_of(spec))
        assert len(dashed) == len(heads["triangle-up"]) == open_above, country
        assert all(upper == pytest.approx(0, abs=0.5) for upper, _ in dashed), country
        assert all(lower > 1 for _, lower in dashed), country  # from a lower end, not the edge
        assert all(y == pytest.approx(0, abs=0.5) for y in heads["triangle-up"]), country
        assert heads["triangle-down"] == [], country
        drawn += open_above
    assert drawn >= 5


def test_an_interval_open_below_is_drawn_open_to_the_bottom_edge(project, monkeypatch):
    """A count stated as 'fewer than' (none in the data yet): a dashed line from its upper
    end down to the bottom edge, and an arrowhead pointing down there."""
    real = plots.ngo_counts(project, "kazakhstan")
    at = real[real["bound"] == "bounded"]["hi"].idxmax()
    rows = real.copy()
    rows.loc[at, ["lo", "bound"]] = [None, "open below"]
    monkeypatch.setattr(plots, "ngo_counts", lambda project, country: rows.copy())
    spec = plots.counts_chart(project, "kazakhstan").to_dict()
    dashed, heads = _drawn_open(svg_of(spec))
    height = spec["height"]
    downwards = [(u, low) for u, low in dashed if low == pytest.approx(height, abs=0.5)]
    assert len(downwards) == 1 and downwards[0][0] < height - 1
    assert heads["triangle-down"] == [pytest.approx(height, abs=0.5)]


def test_kind_tags_name_each_kind_once_away_from_the_left_edge():
    df = pd.DataFrame(
        dict(
            year=[2000.0, 2001.0, 2010.0, 2015.0, 2020.0],
            value=[5.0, 6.0, 7.0, 8.0, 9.0],
            counts=["registered", "", "registered", "operating", "operating"],
        )
    )
    tags = plots.kind_tags(df)
    # registered: its earliest count is at the left edge, so its latest; operating: earliest
    assert list(tags) == ["", "", "registered", "operating", ""]
