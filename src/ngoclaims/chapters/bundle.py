"""The vega-embed bundle the book's charts draw with: ``_static/vega-bundle.js``, written at
build time (never committed) by vl-convert.

Whether the bundle is current is read from its first line, which names the versions of
vl-convert and Altair it was made for; those come from the installed packages' metadata,
so the check imports neither (Altair alone takes over a second to import). Only a missing
or outdated bundle imports them, to write a new one.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from ngoclaims.paths import VEGA_BUNDLE as BUNDLE_NAME


def bundle_key() -> str:
    """What the bundle depends on: the vl-convert that writes it and the Altair whose
    vega-lite version the charts use. A changed key means the bundle is stale.
    """
    return f"vl-convert {version('vl-convert-python')}; altair {version('altair')}; scoped"


def vegalite_version() -> str | None:
    """The vega-lite version Altair writes (e.g. "6.4"), if vl-convert knows it."""
    import altair as alt
    import vl_convert as vlc

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


def is_current(path: Path) -> bool:
    """Whether the bundle at path was written for this :func:`bundle_key`."""
    try:
        with path.open(encoding="utf-8") as fh:
            return fh.readline() == f"/* {bundle_key()} */\n"
    except OSError:
        return False


def write_bundle(static_dir: str | Path) -> bool:
    """Write ``<static_dir>/vega-bundle.js`` unless it is current; True when it was written."""
    path = Path(static_dir) / BUNDLE_NAME
    if is_current(path):
        return False
    import vl_convert as vlc

    vl = vegalite_version()
    body = vlc.javascript_bundle(vl_version=vl) if vl else vlc.javascript_bundle()
    # The bundle is an ES module's code: as a classic <script> its top-level names would
    # clash with Sphinx's own globals (doctools.js declares `_`), so it gets its own scope.
    # It publishes window.vegaEmbed, window.vega and window.vegaLite itself.
    wrapped = f'/* {bundle_key()} */\n(function () {{\n"use strict";\n{body}\n}})();\n'
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".js.tmp")
    tmp.write_text(wrapped, encoding="utf-8")
    tmp.replace(path)
    return True
