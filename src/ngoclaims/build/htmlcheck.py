"""Checks on a built book, run before it is published.

Sphinx's exit code is not enough: a missing glue key renders as nothing, an incremental
rebuild does not repeat old warnings, and an Altair chart left to its default renderer
loads JavaScript from a CDN without any warning at all. So the built HTML itself is read:

* every page of ``_toc.yml`` is there;
* no glued value is empty or a non-value (``None``, ``nan``, ``<NA>``, a numpy repr);
  glue renders as ``<span class="pasted-text">`` ({glue:text}), as an inline
  ``<span class="output text_plain">`` ({glue} / {glue:any}), as ``<code>`` (``path::key``
  from another page) or as a block ``<div class="output ...">`` ({glue:} directive);
* every glue reference in a page's source names a key that its notebook glued (read from
  ``jupyter_execute/<page>.glue.json``), with a non-empty value;
* no executed cell shows a traceback or stderr;
* nothing is loaded from another host: no ``<script src>``, ``<link href>``, ``<img src>``,
  ``<iframe>``/``<source>``/... or CSS ``url()`` / ``@import`` pointing to http(s) or ``//``;
  no MathJax or other CDN named in inline scripts; every local resource a page loads exists;
* every chart (``figure.ngo-chart``) has its spec, its static image and a page-unique name,
  and pages with charts load the vega bundle.

``python -m ngoclaims.build.htmlcheck [HTML_DIR]`` runs the checks on a built book.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["Problem", "check_book", "check_glue_sources", "check_page", "main", "toc_docnames"]

BUNDLE_NAME = "vega-bundle.js"  # the same name as ngoclaims.chapters.charts.BUNDLE_NAME (no altair import here)

# text of a rendered glue value that is no value
_NON_VALUES = {
    "",
    "''",
    '""',
    "‘’",
    "“”",
    "None",
    "nan",
    "NaN",
    "-nan",
    "<NA>",
    "NaT",
    "null",
    "undefined",
}
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
# <link rel=...> values that are not fetched by a browser
_LINK_NOT_FETCHED = {
    "canonical",
    "index",
    "search",
    "next",
    "prev",
    "author",
    "license",
    "help",
    "alternate",
}
_ERROR_TEXT = re.compile(r"Traceback \(most recent call last\)|CellExecutionError")


@dataclass(frozen=True)
class Problem:
    page: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.detail}"


def _soup(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _inside(tag, cls: str) -> bool:
    return any(cls in (p.get("class") or []) for p in tag.parents if hasattr(p, "get"))


def _non_value(text: str) -> str | None:
    """Why a rendered glue value is not a value, or None when it is fine."""
    stripped = text.strip()
    if stripped in _NON_VALUES:
        return "empty" if stripped in {"", "''", '""', "‘’", "“”"} else f"non-value {stripped!r}"
    if _NUMPY_REPR.match(stripped):
        return (
            f"numpy repr {_short(stripped, 40)!r} (glue a Python int/float or a formatted string)"
        )
    return None


def check_page(text: str, page: str, html_dir: Path | None = None) -> list[Problem]:
    """The checks that need one page only. ``html_dir`` enables the local-resource check."""
    problems: list[Problem] = []
    soup = _soup(text)

    def add(kind: str, detail: str) -> None:
        problems.append(Problem(page, kind, detail))

    # --- glue ---------------------------------------------------------------------------
    for span in soup.select("span.pasted-text"):
        why = _non_value(span.get_text())
        if why:
            add("empty-glue", f"{{glue:text}} value is {why} (near: {_context(span)})")
    for node in soup.select(".output"):
        if _inside(node, "cell_output"):
            continue  # a cell's own output, not glue
        classes = node.get("class") or []
        if "text_plain" in classes or "text_markdown" in classes or "text_html" in classes:
            if node.find(["img", "svg", "figure", "table"]):
                continue
            why = _non_value(node.get_text())
            if why:
                add("empty-glue", f"{{glue}} value is {why} (near: {_context(node)})")
    for code in soup.select("p code.literal, li code.literal, td code.literal"):
        # path::key glue from another page renders as a literal; an empty literal is glue
        if not code.get_text().strip():
            add("empty-glue", f"empty inline value (near: {_context(code)})")

    # --- executed cells -----------------------------------------------------------------
    for node in soup.select(".cell_output .output.traceback, .cell_output .output.error"):
        add("cell-error", _short(node.get_text(), 120))
    for node in soup.select(".cell_output .output.stderr"):
        add("cell-stderr", _short(node.get_text(), 120))
    for node in soup.select(".cell_output"):
        if _ERROR_TEXT.search(node.get_text()):
            add("cell-error", _short(_ERROR_TEXT.search(node.get_text()).group(0)))

    # --- external and missing resources --------------------------------------------------
    if "vega@" in text or "vega-lite@" in text or "vega-embed@" in text:
        add(
            "cdn-in-script",
            "Altair's default renderer (vega from a CDN): use ngoclaims.chapters.charts.display_chart",
        )
    for tag in soup.find_all(list(_RESOURCE_ATTRS)):
        if tag.name == "link":
            rels = {r.lower() for r in (tag.get("rel") or [])}
            if rels and rels <= _LINK_NOT_FETCHED:
                continue
        for attr in _RESOURCE_ATTRS[tag.name]:
            value = tag.get(attr)
            if not value:
                continue
            urls = (
                [u.strip().split(" ")[0] for u in value.split(",")] if attr == "srcset" else [value]
            )
            for url in urls:
                if _EXTERNAL.match(url):
                    kind = "mathjax-cdn" if "mathjax" in url.lower() else "external-resource"
                    add(kind, f"<{tag.name} {attr}={_short(url)!r}>")
                elif html_dir is not None:
                    missing = _missing_local(html_dir, page, url)
                    if missing:
                        hint = (
                            " (math is disabled: this page uses math)"
                            if "math-is-disabled" in url
                            else ""
                        )
                        add(
                            "missing-resource",
                            f"<{tag.name} {attr}={_short(url)!r}> does not exist{hint}",
                        )
    for tag in soup.find_all(style=True):
        for m in _CSS_URL.finditer(tag["style"]):
            add("external-resource", f"style url {_short(m.group(1))!r}")
    for style in soup.find_all("style"):
        for m in _CSS_URL.finditer(style.get_text()):
            add("external-resource", f"<style> loads {_short(m.group(1))!r}")
    for script in soup.find_all("script"):
        if script.get("src") or (script.get("type") or "").lower() in {
            "application/json",
            "application/ld+json",
        }:
            continue
        body = script.get_text()
        for m in _CDN_HOSTS.finditer(body):
            kind = "mathjax-cdn" if "mathjax" in m.group(0).lower() else "cdn-in-script"
            add(kind, f"inline script names {_short(m.group(0))!r}")
        for m in _JS_OR_CSS_URL.finditer(body):
            if not _CDN_HOSTS.match(m.group(0)):
                add("cdn-in-script", f"inline script names {_short(m.group(0))!r}")
    if (
        re.search(r"MathJax", text)
        and re.search(r"(https?:)?//[^\"'\s]*mathjax", text, re.IGNORECASE)
        and not any(p.kind == "mathjax-cdn" for p in problems)
    ):
        add("mathjax-cdn", "page references MathJax on another host")

    # --- charts ---------------------------------------------------------------------------
    charts = soup.select("figure.ngo-chart")
    names: dict[str, int] = {}
    for fig in charts:
        name = fig.get("data-chart") or ""
        names[name] = names.get(name, 0) + 1
        if not name:
            add("chart", "figure.ngo-chart without data-chart")
        if not fig.select_one(".ngo-chart-live"):
            add("chart", f"chart {name!r} has no .ngo-chart-live container")
        img = fig.select_one("img.ngo-chart-static")
        if (
            img is None
            or not (img.get("src") or "").startswith("data:image/")
            or len(img.get("src") or "") < 200
        ):
            add("chart", f"chart {name!r} has no static image for print")
        spec = fig.select_one("script.ngo-chart-spec")
        try:
            json.loads(spec.get_text() if spec else "")
        except ValueError:
            add("chart", f"chart {name!r} has no valid JSON spec")
    for name, count in names.items():
        if count > 1:
            add("chart", f"chart name {name!r} used {count} times on one page")
    if charts and not any(BUNDLE_NAME in (s.get("src") or "") for s in soup.find_all("script")):
        add("chart", f"page has charts but does not load _static/{BUNDLE_NAME}")
    return problems


def _context(tag) -> str:
    if tag.name in ("span", "code"):
        parent = tag.find_parent(["p", "li", "td", "th", "dd", "dt", "figcaption"])
        if parent is not None:
            return repr(_short(parent.get_text(), 70))
    before = tag.find_previous(["p", "h1", "h2", "h3", "h4", "li"])
    return "block after " + repr(_short(before.get_text(), 50) if before else "page start")


def _missing_local(html_dir: Path, page: str, url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return False  # data:, mailto:, javascript:, fragments
    target = (html_dir / page).parent / unquote(parts.path)
    return not target.exists()


def _css_problems(html_dir: Path) -> list[Problem]:
    problems = []
    for css in sorted(html_dir.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)  # licence comments name hosts
        for m in _CSS_URL.finditer(text):
            problems.append(
                Problem(
                    css.relative_to(html_dir).as_posix(),
                    "external-resource",
                    f"CSS loads {_short(m.group(1))!r}",
                )
            )
    return problems


# --- the table of contents ----------------------------------------------------------------


def toc_docnames(toc_path: str | Path) -> list[str]:
    """Docnames (paths without extension) of every page named in a jupyter-book _toc.yml."""
    import yaml

    data = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8")) or {}
    names: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    names.append(re.sub(r"\.(md|ipynb|rst)$", "", node[key].strip("/")))
            for key in ("parts", "chapters", "sections", "subtrees", "entries"):
                if key in node:
                    walk(node[key])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return list(dict.fromkeys(names))


# --- glue references in the sources ---------------------------------------------------------

_ROLE = re.compile(r"\{glue(?::(?P<kind>[a-z]*))?\}`(?P<body>[^`]+)`")
_DIRECTIVE = re.compile(
    r"^\s*(?:`{3,}|~{3,}|:{3,})\{glue(?::(?P<kind>[a-z]*))?\}\s+(?P<body>\S+)", re.MULTILINE
)


def _parse_glue_ref(kind: str | None, body: str) -> tuple[str | None, str]:
    """(other document or None, key), read as myst-nb reads the role's content: {glue:text}
    and {glue:md} take everything after the last ':' as a format, so a glue from another
    page needs one (``path::key:s``)."""
    body = body.strip()
    if kind in ("text", "md") and ":" in body:
        body = body.rsplit(":", 1)[0]
    if "::" in body:
        doc, key = body.split("::", 1)
        return doc, key
    return None, body


def _glue_data(execute_dir: Path, docname: str, cache: dict) -> dict | None:
    if docname not in cache:
        path = execute_dir / f"{docname}.glue.json"
        try:
            cache[docname] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache[docname] = None
    return cache[docname]


def _resolve_doc(docname: str, ref: str, source_dir: Path) -> str:
    base = Path(docname).parent
    target = (source_dir / base / ref).resolve()
    try:
        rel = target.relative_to(source_dir.resolve())
    except ValueError:
        return ref
    return re.sub(r"\.(md|ipynb)$", "", rel.as_posix())


def check_glue_sources(
    source_dir: str | Path, execute_dir: str | Path, docnames: list[str]
) -> list[Problem]:
    """Each glue role/directive in the sources names a key its notebook glued, with a value."""
    source_dir, execute_dir = Path(source_dir), Path(execute_dir)
    problems: list[Problem] = []
    cache: dict = {}
    for docname in docnames:
        src = next(
            (
                source_dir / f"{docname}{ext}"
                for ext in (".md", ".ipynb")
                if (source_dir / f"{docname}{ext}").exists()
            ),
            None,
        )
        if src is None or src.suffix != ".md":
            continue
        text = src.read_text(encoding="utf-8")
        refs = [
            (m.group("kind"), m.group("body"), text.count("\n", 0, m.start()) + 1)
            for m in _ROLE.finditer(text)
        ]
        refs += [
            (m.group("kind"), m.group("body"), text.count("\n", 0, m.start()) + 1)
            for m in _DIRECTIVE.finditer(text)
        ]
        where = src.relative_to(source_dir).as_posix()
        for kind, body, line in refs:
            other, key = _parse_glue_ref(kind, body)
            target = _resolve_doc(docname, other, source_dir) if other else docname
            data = _glue_data(execute_dir, target, cache)
            if data is None:
                problems.append(
                    Problem(
                        f"{where}:{line}",
                        "glue-key",
                        f"{key!r}: {target} glued nothing (not executed?)",
                    )
                )
                continue
            if key not in data:
                hint = (
                    " (from another page {glue:text} needs a format: path::key:s)"
                    if key.endswith(":")
                    else ""
                )
                problems.append(
                    Problem(
                        f"{where}:{line}", "glue-key", f"{key!r} is not glued by {target}{hint}"
                    )
                )
                continue
            mime = data[key].get("data", {})
            if kind == "md":
                if not str(mime.get("text/markdown", "")).strip():
                    problems.append(
                        Problem(f"{where}:{line}", "empty-glue", f"{key!r} has no markdown")
                    )
                continue
            plain = mime.get("text/plain")
            if plain is not None and len(mime) == 1:
                why = _non_value(plain if not re.fullmatch(r"'\s*'|\"\s*\"", plain.strip()) else "")
                if why:
                    problems.append(Problem(f"{where}:{line}", "empty-glue", f"{key!r} is {why}"))
    return problems


# --- the whole book ------------------------------------------------------------------------


def check_book(
    html_dir: str | Path,
    *,
    toc_path: str | Path | None = None,
    source_dir: str | Path | None = None,
    execute_dir: str | Path | None = None,
) -> list[Problem]:
    """All checks on a built book. Returns the problems found (empty: fit to publish)."""
    html_dir = Path(html_dir)
    problems: list[Problem] = []
    if not html_dir.is_dir():
        return [Problem(str(html_dir), "missing-page", "no built HTML")]
    docnames = toc_docnames(toc_path) if toc_path else []
    for docname in docnames:
        if not (html_dir / f"{docname}.html").is_file():
            problems.append(
                Problem(f"{docname}.html", "missing-page", "named in _toc.yml but not built")
            )
    for page in sorted(html_dir.rglob("*.html")):
        rel = page.relative_to(html_dir).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        problems += check_page(page.read_text(encoding="utf-8", errors="replace"), rel, html_dir)
    problems += _css_problems(html_dir)
    if source_dir is not None and execute_dir is not None and docnames:
        problems += check_glue_sources(source_dir, execute_dir, docnames)
    return list(dict.fromkeys(problems))  # the same problem once


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    html_dir = Path(argv[0]) if argv else Path("_build/html")
    root = Path.cwd()
    toc = root / "_toc.yml"
    problems = check_book(html_dir, toc_path=toc if toc.exists() else None)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) in {html_dir}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
