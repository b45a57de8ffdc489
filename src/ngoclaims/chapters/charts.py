"""Altair charts that draw without any network.

Altair's own HTML output loads vega, vega-lite and vega-embed from a CDN. Here a chart is
shown as one self-contained HTML block instead:

* an interactive chart, drawn by the vega-embed bundle that the book serves itself from
  ``_static/vega-bundle.js`` (written at build time by :func:`write_bundle`, never committed);
* a static SVG image of the same chart (made by vl-convert), which is what prints (as
  vector graphics), what shows when JavaScript is off, and what a notebook front end without
  the bundle shows.

A chart as wide as its container (``"width": "container"``, which the book's charts are, so
they fill the text column and reflow on a phone) is drawn for the image at
:data:`STATIC_WIDTH`, the width of the book's text column; the stylesheet scales the image to
the column.

A chapter calls::

    from ngoclaims.chapters.charts import display_chart
    display_chart(chart, "ngo-growth-kg", caption="Registered NGOs in Kyrgyzstan")

Every chart carries ``class="ngo-chart" data-chart="<name>"``; once drawn it gets
``data-state="drawn"`` (or ``"error"``), so a browser test can wait for it and count marks.

A reader who cannot see the chart gets the same facts as text: the static image has alt
text, the figure a visible caption (the chart's title when the chapter gives none), and a
``<details>`` "The data behind this chart" holds an HTML table of the rows the chart is
drawn from, read out of the spec itself, so the table cannot disagree with the chart. A
chart names its table's columns, their headings and number formats in the spec's
``usermeta`` (``{"ngoclaims": {"table": [{"field", "title", "format", "empty"}, ...]}}``,
see :func:`table_columns`); without them the columns are the fields its encodings use.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from ngoclaims.chapters.bundle import vegalite_version
from ngoclaims.errors import DataError
from ngoclaims.paths import here

__all__ = [
    "chart_html",
    "chart_rows",
    "data_table_html",
    "display_chart",
    "static_spec",
    "static_svg",
    "table_columns",
]

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _spec(chart: alt.TopLevelMixin | dict) -> dict:
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    _refuse_urls(spec)
    return spec


def _refuse_urls(node: Any, where: str = "spec") -> None:
    """A chart must carry its data inline: a data ``url`` would be fetched by the browser."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "url" and isinstance(value, str):
                raise ValueError(
                    f"chart {where} loads data from a URL ({value!r}); pass the data inline"
                )
            _refuse_urls(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _refuse_urls(value, f"{where}[{i}]")


SVG_KEPT = 200  # chart images kept in the project's cache, the most recently used
STATIC_WIDTH = 680  # pixels: the book's text column on a wide screen (_static/ngo-charts.css)


def static_spec(spec: dict) -> dict:
    """The spec the static image is drawn from: the same, at :data:`STATIC_WIDTH` where the
    chart takes its container's width (an image has no container)."""
    if spec.get("width") != "container":
        return spec
    return {**spec, "width": STATIC_WIDTH}


def static_svg(chart: alt.TopLevelMixin | dict) -> str:
    """The chart as an SVG document, rendered by vl-convert (no browser, no network).

    The same spec always renders to the same image, so images are kept under the project's
    ``_build/chart-images``, named by a hash of the spec and the versions of vl-convert and
    vega-lite: a chart whose data did not change is not drawn again (the first drawing in a
    process starts vl-convert's JavaScript engine, half a second).
    """
    spec = static_spec(_spec(chart))
    version = vegalite_version()
    path = _image_path(spec, version)
    if path is not None and path.is_file():
        os.utime(path)  # most recently used
        return path.read_text(encoding="utf-8")
    svg = vlc.vegalite_to_svg(spec, vl_version=version) if version else vlc.vegalite_to_svg(spec)
    if path is not None:
        _keep(path, svg)
    return svg


def _image_path(spec: dict, version: str | None) -> Path | None:
    """Where the image of this spec is kept; None outside a project."""
    try:
        folder = here().chart_images
    except DataError:
        return None
    text = json.dumps([spec, version, vlc.__version__], sort_keys=True, ensure_ascii=False)
    return folder / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}.svg"


def _keep(path: Path, svg: str) -> None:
    """Write the image (atomically: kernels draw side by side) and drop the least recently
    used beyond :data:`SVG_KEPT`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(path)
    images = sorted(path.parent.glob("*.svg"), key=_mtime)
    for old in images[: max(0, len(images) - SVG_KEPT)]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another kernel meanwhile
        return 0.0


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' left to end it."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# Draws the chart that precedes it inside the same <figure>; leaves the static image in
# place (and says why in data-state) when the bundle is not loaded or drawing fails.
_EMBED_JS = (
    "(function(s){var f=s.parentNode,live=f.querySelector('.ngo-chart-live');"
    "if(typeof window.vegaEmbed!=='function'){f.setAttribute('data-state','no-bundle');return;}"
    "var spec=JSON.parse(f.querySelector('script.ngo-chart-spec').textContent);"
    "window.vegaEmbed(live,spec,{mode:'vega-lite',renderer:'svg',actions:false})"
    ".then(function(){f.setAttribute('data-state','drawn');})"
    ".catch(function(e){f.setAttribute('data-state','error');"
    "if(window.console){console.error('chart '+f.getAttribute('data-chart')+': '+e);}});"
    "})(document.currentScript);"
)


# ------------------------------------------------------------------- the data as a table
# Encoding channels in the order a table's columns follow when a chart names none.
_CHANNELS = (
    "column",
    "row",
    "facet",
    "x",
    "x2",
    "xOffset",
    "y",
    "y2",
    "yOffset",
    "color",
    "shape",
    "size",
    "text",
    "tooltip",
)
_FORMAT_RE = re.compile(r"^(,?)(?:\.(\d+))?([df])$")


def chart_rows(spec: dict) -> list[dict]:
    """The rows a chart is drawn from: its top-level inline data (``values``, or a named
    dataset of ``datasets``). ValueError when the chart has none there."""
    data = spec.get("data") or {}
    if isinstance(data.get("values"), list):
        return data["values"]
    rows = spec.get("datasets", {}).get(data.get("name"))
    if not isinstance(rows, list):
        raise ValueError("a chart's data must be inline at the top of its spec, for its table")
    return rows


def _encodings(spec: dict) -> list[dict]:
    """Every encoding of the spec, of its layers and of a faceted spec's inner spec."""
    found = [spec.get("encoding") or {}]
    if isinstance(spec.get("facet"), dict):
        facet = spec["facet"]
        found.append(facet if "field" not in facet else {"facet": facet})
    for part in spec.get("layer", []) + ([spec["spec"]] if "spec" in spec else []):
        found += _encodings(part)
    return found


def _channel_columns(spec: dict) -> list[dict]:
    """A column for each field the encodings use, titled as the chart titles it."""
    columns: dict[str, dict] = {}
    for encoding in _encodings(spec):
        for channel in _CHANNELS:
            defs = encoding.get(channel) or []
            for item in defs if isinstance(defs, list) else [defs]:
                field = item.get("field") if isinstance(item, dict) else None
                if field and field not in columns:
                    fmt = item.get("format") or (item.get("axis") or {}).get("format")
                    columns[field] = {"field": field, "title": item.get("title") or field}
                    if fmt:
                        columns[field]["format"] = fmt
    return list(columns.values())


def table_columns(spec: dict) -> list[dict]:
    """The table's columns: each a ``field`` of the rows, its ``title``, an optional number
    ``format`` (d3's ``d``, ``,d``, ``.1f``, ``,.1f`` ...) and the text for an ``empty`` cell.
    """
    named = (spec.get("usermeta") or {}).get("ngoclaims", {}).get("table")
    return named if named else _channel_columns(spec)


def _number(value: float, fmt: str | None) -> str:
    """A number as a person reads it, in the chart's d3 format (a small subset)."""
    if not fmt:
        return (
            str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
        )
    match = _FORMAT_RE.match(fmt)
    if match is None:
        raise ValueError(f"chart table: number format {fmt!r} is not one of d, ,d, .Nf, ,.Nf")
    comma, digits, kind = match.groups()
    if kind == "d":
        return format(round(value), f"{comma}d")
    return format(value, f"{comma}.{digits or 0}f")


def _cell(value: Any, column: dict) -> str:
    """One value of the table, written for people."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return column.get("empty", "none")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return _number(value, column.get("format"))
    return str(value)


def data_table_html(spec: dict, caption: str) -> str:
    """The rows behind a chart as an HTML table inside ``<details>``, headed by the
    columns of :func:`table_columns`."""
    rows, columns = chart_rows(spec), table_columns(spec)
    missing = sorted({c["field"] for c in columns} - {k for r in rows for k in r})
    if missing:
        raise ValueError(f"chart table: no field {', '.join(missing)} in the chart's data")
    head = "".join(f'<th scope="col">{html.escape(c["title"])}</th>' for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{_kind(row.get(c["field"]))}">{html.escape(_cell(row.get(c["field"]), c))}</td>'
            for c in columns
        )
        + "</tr>"
        for row in rows
    )
    return (
        '<details class="ngo-chart-data"><summary>The data behind this chart</summary>'
        f'<table class="ngo-table ngo-chart-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def _kind(value: Any) -> str:
    return "num" if isinstance(value, (int, float)) and not isinstance(value, bool) else "text"


def _title(spec: dict) -> str | None:
    """The chart's title as text: the one its usermeta names (a title wrapped by an
    expression has no plain text), else its title's."""
    named = (spec.get("usermeta") or {}).get("ngoclaims", {}).get("title")
    if isinstance(named, str) and named:
        return named
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, dict):  # an expression
        return None
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title) if title else None


def chart_html(
    chart: alt.TopLevelMixin | dict,
    name: str,
    *,
    caption: str | None = None,
    alt_text: str | None = None,
) -> str:
    """The HTML block for one chart (see the module docstring)."""
    if not _NAME_RE.match(name):
        raise ValueError(f"chart name {name!r} must be a lowercase slug (a-z, 0-9, '-')")
    spec = _spec(chart)
    svg = static_svg(spec)
    title = _title(spec)
    caption = caption or title or f"Chart {name}"
    if alt_text is None:
        alt_text = f"Chart: {title or caption}. The data behind it follows as a table."
    # the live chart's SVG is named by the spec's description, as the image by its alt text
    embedded = {k: v for k, v in spec.items() if k != "$schema"}  # mode is given instead
    embedded.setdefault("description", alt_text)
    image = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    esc_name = html.escape(name, quote=True)
    parts = [
        f'<figure class="ngo-chart" id="chart-{esc_name}" data-chart="{esc_name}" data-state="pending">',
        # focusable: a chart wider than the screen scrolls, and a keyboard must reach it
        '<div class="ngo-chart-live" tabindex="0"></div>',
        (
            f'<img class="ngo-chart-static" alt="{html.escape(alt_text, quote=True)}" '
            f'src="data:image/svg+xml;base64,{image}">'
        ),
        f'<script type="application/json" class="ngo-chart-spec">{_script_json(embedded)}</script>',
        f"<script>{_EMBED_JS}</script>",
        data_table_html(spec, f"The data behind the chart: {title or caption}"),
        f"<figcaption>{html.escape(caption)}</figcaption>",
        "</figure>",
    ]
    return "\n".join(parts)


def display_chart(
    chart: alt.TopLevelMixin | dict,
    name: str,
    *,
    caption: str | None = None,
    alt_text: str | None = None,
) -> None:
    """Show a chart in a notebook / the book: interactive with the local bundle, static
    SVG for print. ``name`` is a lowercase slug, unique within the page."""
    from IPython.display import display

    display(
        {
            "text/html": chart_html(chart, name, caption=caption, alt_text=alt_text),
            "text/plain": f"<chart {name}>",
        },
        raw=True,
    )


def _offline_renderer(spec: dict, **metadata: Any) -> dict[str, str]:
    """Altair renderer, so that a chart left as a cell's last value also draws offline."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    name = f"chart-{digest}"
    return {"text/html": chart_html(spec, name), "text/plain": f"<chart {name}>"}


alt.renderers.register("ngoclaims", _offline_renderer)
alt.renderers.enable("ngoclaims")
