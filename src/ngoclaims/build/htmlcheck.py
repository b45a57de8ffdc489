"""Checks on the built HTML that the build itself cannot make, run before it is published.

Sphinx runs with ``-W -n`` and MyST-NB with ``raise_on_error`` and ``stderr_output: warn``,
so a glue key that no notebook glued, a broken reference, a failing cell or a cell writing
to stderr already fail the build. What a clean Sphinx build can still publish is checked
here:

* every page of ``_toc.yml`` is there;
* no glued value is empty or a non-value (``None``, ``nan``, ``<NA>``, a numpy repr): glue
  renders as ``<span class="pasted-text">`` ({glue:text}), as an inline
  ``<span class="output text_plain">`` ({glue}), as ``<code>`` (``path::key`` from another
  page) or as a block ``<div class="output ...">`` ({glue:} directive);
* every claim value a chapter glued (``<claim>--stated``, ``--recomputed``, ``--verdict``,
  ``--reasoning``, ``--line``) is what ``verify`` computes now;
* no page shows a traceback or an error text;
* nothing is loaded from another host: no ``<script src>``, ``<link href>``, ``<img src>``,
  ``<iframe>``/``<source>``/... or CSS ``url()``/``@import`` to http(s) or ``//``, no CDN or
  analytics named in inline scripts; every local resource a page loads exists;
* every chart (``figure.ngo-chart``) has its spec, its static image, its live container and
  a page-unique name, and a page with charts loads the vega bundle.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ngoclaims.paths import VEGA_BUNDLE as BUNDLE_NAME

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

__all__ = ["Problem", "check_book", "check_glued_claims", "check_page", "check_stylesheets"]

_EMPTY = {"", "''", '""', "‘’", "“”"}
_NON_VALUES = {"None", "nan", "NaN", "-nan", "<NA>", "NaT", "null", "undefined"}
_NUMPY_REPR = re.compile(r"^\s*(np|numpy)\.\w+\(")
_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_CDN_HOSTS = re.compile(
    r"(https?:)?//[^\s\"'`)]*("
    r"cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|ajax\.googleapis\.com|"
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.plot\.ly|code\.jquery\.com|"
    r"stackpath\.bootstrapcdn\.com|maxcdn\.bootstrapcdn\.com|cdn\.bokeh\.org|"
    r"polyfill\.io|mathjax|googletagmanager\.com|google-analytics\.com|plausible\.io)",
    re.IGNORECASE,
)
_JS_OR_CSS_URL = re.compile(r"(https?:)?//[^\s\"'`)]+\.(m?js|css)\b", re.IGNORECASE)
_CSS_URL = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+(?:url\(\s*)?['"]?)\s*((?:https?:)?//[^'")\s;]+)""",
    re.IGNORECASE,
)
_MATHJAX_URL = re.compile(r"(https?:)?//[^\"'\s]*mathjax", re.IGNORECASE)
_VEGA_CDN = ("vega@", "vega-lite@", "vega-embed@")  # Altair's default renderer
# attributes through which a browser fetches something, per tag
_RESOURCE_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=...> values that a browser does not fetch
_LINK_NOT_FETCHED = {"canonical", "index", "search", "next", "prev", "author", "license"}
_LINK_NOT_FETCHED |= {"help", "alternate"}
_ERROR_TEXT = re.compile(r"Traceback \(most recent call last\)|CellExecutionError")
_CLAIM_KEY = re.compile(r"^(?P<claim>.+)--(?P<field>stated|recomputed|verdict|reasoning|line)$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the built book."""

    page: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class Page:
    """A built page: its path in the book, its text, its parse, the book's folder."""

    name: str
    text: str
    soup: BeautifulSoup
    html_dir: Path | None


Found = Iterator[tuple[str, str]]  # (kind, detail) of each problem a page check finds


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _inside(tag, cls: str) -> bool:
    return any(cls in (p.get("class") or []) for p in tag.parents if hasattr(p, "get"))


def _non_value(text: str) -> str | None:
    """Why a rendered glue value is not a value, or None when it is one."""
    stripped = text.strip()
    if stripped in _EMPTY:
        return "empty"
    if stripped in _NON_VALUES:
        return f"non-value {stripped!r}"
    if _NUMPY_REPR.match(stripped):
        return (
            f"numpy repr {_short(stripped, 40)!r} (glue a Python int/float or a formatted string)"
        )
    return None


def _context(tag) -> str:
    """Where on the page a tag is, for a reader to find it."""
    if tag.name in ("span", "code"):
        parent = tag.find_parent(["p", "li", "td", "th", "dd", "dt", "figcaption"])
        if parent is not None:
            return repr(_short(parent.get_text(), 70))
    before = tag.find_previous(["p", "h1", "h2", "h3", "h4", "li"])
    return "block after " + repr(_short(before.get_text(), 50) if before else "page start")


# --- glue ------------------------------------------------------------------------------------


def _glued_outputs(page: Page) -> Iterator:
    """The {glue} outputs of a page (not the outputs of its own cells, not images)."""
    for node in page.soup.select(".output.text_plain, .output.text_markdown, .output.text_html"):
        if not _inside(node, "cell_output") and not node.find(["img", "svg", "figure", "table"]):
            yield node


def glue_values(page: Page) -> Found:
    """No glued value is empty or a non-value."""
    for span in page.soup.select("span.pasted-text"):
        why = _non_value(span.get_text())
        if why:
            yield "empty-glue", f"{{glue:text}} value is {why} (near: {_context(span)})"
    for node in _glued_outputs(page):
        why = _non_value(node.get_text())
        if why:
            yield "empty-glue", f"{{glue}} value is {why} (near: {_context(node)})"
    # path::key glue from another page renders as a literal; an empty literal is empty glue
    for code in page.soup.select("p code.literal, li code.literal, td code.literal"):
        if not code.get_text().strip():
            yield "empty-glue", f"empty inline value (near: {_context(code)})"


# --- error text ------------------------------------------------------------------------------


def error_text(page: Page) -> Found:
    """No page shows a traceback: a cell that caught an exception and printed it, or glued
    an error message, passes the build.
    """
    body = page.soup.find("body") or page.soup
    shown = (s for s in body.find_all(string=True) if s.parent.name not in ("script", "style"))
    match = _ERROR_TEXT.search(" ".join(shown))
    if match:
        yield "error-text", _short(match.group(0))


# --- resources -------------------------------------------------------------------------------


def _fetched(tag) -> bool:
    if tag.name != "link":
        return True
    rels = {r.lower() for r in (tag.get("rel") or [])}
    return not rels or not rels <= _LINK_NOT_FETCHED


def _resources(page: Page) -> Iterator[tuple[str, str, str]]:
    """(tag, attribute, URL) of everything a browser fetches for the page's tags."""
    for tag in page.soup.find_all(list(_RESOURCE_ATTRS)):
        if not _fetched(tag):
            continue
        for attr in _RESOURCE_ATTRS[tag.name]:
            value = tag.get(attr) or ""
            urls = (
                [u.strip().split(" ")[0] for u in value.split(",")] if attr == "srcset" else [value]
            )
            yield from ((tag.name, attr, url) for url in urls if url)


def remote_resources(page: Page) -> Found:
    """Nothing a tag loads comes from another host."""
    for tag, attr, url in _resources(page):
        if _EXTERNAL.match(url):
            kind = "mathjax-cdn" if "mathjax" in url.lower() else "external-resource"
            yield kind, f"<{tag} {attr}={_short(url)!r}>"


def _missing_local(html_dir: Path, page: str, url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return False  # data:, mailto:, javascript:, fragments
    return not ((html_dir / page).parent / unquote(parts.path)).exists()


def missing_resources(page: Page) -> Found:
    """Every local file a page loads exists (the math script is never shipped: a page
    that uses math points at a missing file instead of a CDN).
    """
    if page.html_dir is None:
        return
    for tag, attr, url in _resources(page):
        if not _EXTERNAL.match(url) and _missing_local(page.html_dir, page.name, url):
            hint = " (math is disabled: this page uses math)" if "math-is-disabled" in url else ""
            yield "missing-resource", f"<{tag} {attr}={_short(url)!r}> does not exist{hint}"


def remote_in_styles(page: Page) -> Found:
    """No inline style or <style> loads from another host."""
    for tag in page.soup.find_all(style=True):
        for m in _CSS_URL.finditer(tag["style"]):
            yield "external-resource", f"style url {_short(m.group(1))!r}"
    for style in page.soup.find_all("style"):
        for m in _CSS_URL.finditer(style.get_text()):
            yield "external-resource", f"<style> loads {_short(m.group(1))!r}"


def _inline_scripts(page: Page) -> Iterator[str]:
    for script in page.soup.find_all("script"):
        kind = (script.get("type") or "").lower()
        if not script.get("src") and kind not in {"application/json", "application/ld+json"}:
            yield script.get_text()


def remote_in_scripts(page: Page) -> Found:
    """No inline script names a CDN, an analytics host or a remote script or stylesheet."""
    if any(marker in page.text for marker in _VEGA_CDN):
        yield (
            "cdn-in-script",
            (
                "Altair's default renderer (vega from a CDN): use ngoclaims.chapters.charts.display_chart"
            ),
        )
    for body in _inline_scripts(page):
        for m in _CDN_HOSTS.finditer(body):
            kind = "mathjax-cdn" if "mathjax" in m.group(0).lower() else "cdn-in-script"
            yield kind, f"inline script names {_short(m.group(0))!r}"
        for m in _JS_OR_CSS_URL.finditer(body):
            if not _CDN_HOSTS.match(m.group(0)):
                yield "cdn-in-script", f"inline script names {_short(m.group(0))!r}"


def mathjax_anywhere(page: Page) -> Found:
    """MathJax from another host named anywhere on the page (a JSON config, an attribute):
    the fallback when no other check found it.
    """
    if "MathJax" in page.text and _MATHJAX_URL.search(page.text):
        yield "mathjax-cdn", "page references MathJax on another host"


# --- charts ----------------------------------------------------------------------------------


def _has_static_image(fig) -> bool:
    src = (fig.select_one("img.ngo-chart-static") or {}).get("src") or ""
    return src.startswith("data:image/") and len(src) >= 200


def _has_spec(fig) -> bool:
    spec = fig.select_one("script.ngo-chart-spec")
    try:
        json.loads(spec.get_text() if spec else "")
    except ValueError:
        return False
    return True


def _chart_problems(fig) -> Iterator[str]:
    name = fig.get("data-chart") or ""
    if not name:
        yield "figure.ngo-chart without data-chart"
    if not fig.select_one(".ngo-chart-live"):
        yield f"chart {name!r} has no .ngo-chart-live container"
    if not _has_static_image(fig):
        yield f"chart {name!r} has no static image for print"
    if not _has_spec(fig):
        yield f"chart {name!r} has no valid JSON spec"


def charts(page: Page) -> Found:
    """Every chart can be drawn (its spec, its container, the bundle) and printed (its
    static image), under a name no other chart of the page has.
    """
    figures = page.soup.select("figure.ngo-chart")
    for fig in figures:
        yield from (("chart", detail) for detail in _chart_problems(fig))
    names = Counter(fig.get("data-chart") or "" for fig in figures)
    for name, count in names.items():
        if count > 1:
            yield "chart", f"chart name {name!r} used {count} times on one page"
    scripts = [s.get("src") or "" for s in page.soup.find_all("script")]
    if figures and not any(BUNDLE_NAME in src for src in scripts):
        yield "chart", f"page has charts but does not load _static/{BUNDLE_NAME}"


PAGE_CHECKS: tuple[Callable[[Page], Found], ...] = (
    glue_values,
    error_text,
    remote_resources,
    missing_resources,
    remote_in_styles,
    remote_in_scripts,
    charts,
)


def check_page(text: str, name: str, html_dir: Path | None = None) -> list[Problem]:
    """The checks that need one page only; ``html_dir`` enables the local-resource check."""
    from bs4 import BeautifulSoup

    page = Page(name, text, BeautifulSoup(text, "html.parser"), html_dir)
    found = [found for check in PAGE_CHECKS for found in check(page)]
    if not any(kind == "mathjax-cdn" for kind, _ in found):
        found += mathjax_anywhere(page)
    return list(dict.fromkeys(Problem(name, kind, detail) for kind, detail in found))


def check_stylesheets(html_dir: Path) -> list[Problem]:
    """No stylesheet of the book loads anything (a font, an import) from another host."""
    problems = []
    for css in sorted(html_dir.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)  # licence comments name hosts
        name = css.relative_to(html_dir).as_posix()
        problems += [
            Problem(name, "external-resource", f"CSS loads {_short(m.group(1))!r}")
            for m in _CSS_URL.finditer(text)
        ]
    return problems


# --- glued claims against verify -----------------------------------------------------------


def _glued_text(execute_dir: Path, docname: str) -> dict[str, str]:
    """Key -> text/plain of what a chapter glued (MyST-NB's ``<page>.glue.json``)."""
    path = execute_dir / f"{docname}.glue.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: str(out.get("data", {}).get("text/plain", "")) for key, out in data.items()}


def check_glued_claims(
    execute_dir: Path, docnames: list[str], claims: dict[str, dict]
) -> list[Problem]:
    """Every claim value a chapter glued equals what ``verify`` computes now (``claims``:
    verify's records by claim id): a stale execution cache would show old values.
    """
    problems = []
    for docname in docnames:
        for key, text in _glued_text(execute_dir, docname).items():
            m = _CLAIM_KEY.match(key)
            if not m or m["claim"] not in claims:
                continue
            want = str(claims[m["claim"]][m["field"]])
            if text != want:
                detail = f"{key} is {_short(text, 60)!r}, verify says {_short(want, 60)!r}"
                problems.append(Problem(f"{docname}.html", "glue-differs", detail))
    return problems


# --- the whole book --------------------------------------------------------------------------


def _pages(html_dir: Path) -> Iterator[Path]:
    for page in sorted(html_dir.rglob("*.html")):
        if (
            not page.relative_to(html_dir)
            .as_posix()
            .startswith(("_static/", "_sources/", "_images/"))
        ):
            yield page


def check_book(
    html_dir: str | Path,
    docnames: list[str],
    *,
    execute_dir: Path | None = None,
    claims: dict[str, dict] | None = None,
) -> list[Problem]:
    """All checks on a built book whose pages are ``docnames``; with ``execute_dir`` (MyST-NB's
    jupyter_execute) and ``claims`` (verify's records) the glued claims too. Returns the
    problems found: none means fit to publish.
    """
    html_dir = Path(html_dir)
    if not html_dir.is_dir():
        return [Problem(str(html_dir), "missing-page", "no built HTML")]
    problems = [
        Problem(f"{d}.html", "missing-page", "named in _toc.yml but not built")
        for d in docnames
        if not (html_dir / f"{d}.html").is_file()
    ]
    for page in _pages(html_dir):
        text = page.read_text(encoding="utf-8", errors="replace")
        problems += check_page(text, page.relative_to(html_dir).as_posix(), html_dir)
    problems += check_stylesheets(html_dir)
    if execute_dir is not None and claims is not None:
        problems += check_glued_claims(execute_dir, docnames, claims)
    return list(dict.fromkeys(problems))
