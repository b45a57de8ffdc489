"""Running Jupyter Book (Sphinx + MyST-NB) and reading its report.

Every build runs Sphinx in a child process, warnings as errors (``-W``), nitpicky (``-n``):
the book's HTML in a kept folder where Sphinx reads again only what changed (a failed build
removes it, so the next one starts afresh), the PDF's page always from scratch; with the notebook execution cache keyed on the data, the package and
the environment (``_build/jupyter_cache/<key>``): jupyter-cache matches notebooks by their
code only, so a data change must start a new cache. Chapters missing from it are
executed in parallel while Sphinx reads the pages (:mod:`ngoclaims.build.execute`). The HTML book and the PDF's
single page are built the same way, from the same cache.

``python -m ngoclaims.build.sphinx PARAMS_JSON`` is the child.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from ngoclaims.build import process, toc
from ngoclaims.build.context import Context, StepFailed

__all__ = ["KEEP_CACHES", "build", "child", "execution_cache", "failure_reason", "report"]

KEEP_CACHES = 3  # execution caches kept beside the current one's predecessors


def execution_cache(ctx: Context) -> Path:
    """This build's execution cache (``ctx.keys["execution"]``); the newest few are kept."""
    caches = ctx.paths.jupyter_cache
    path = caches / ctx.keys["execution"][:16]
    path.mkdir(parents=True, exist_ok=True)
    os.utime(path)
    others = sorted(
        (p for p in caches.iterdir() if p.is_dir() and p != path), key=lambda p: p.stat().st_mtime
    )
    for old in others[: max(0, len(others) - (KEEP_CACHES - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    return path


def build(
    ctx: Context,
    builder: str,
    target: Path,
    log: Path,
    awaited: dict | None = None,
    incremental: bool = False,
    stop: Callable[[], bool] | None = None,
) -> str:
    """Build the book with ``builder`` into ``target/html``; returns the build's output.
    ``awaited`` names a file some chapters read that a check beside the build is writing
    (:class:`ngoclaims.build.execute.Awaited`). ``incremental`` builds in a kept folder
    (``_build/sphinx/<builder>``) where Sphinx reads again only the pages that changed,
    then copies the result to ``target``; a failed build removes that folder, so the next
    build starts afresh and no warning of an unchanged page can go unseen. A failed build
    shows the part of its log worth reading and raises StepFailed. The build ends early,
    raising :class:`ngoclaims.build.process.Stopped`, as soon as ``stop()`` is true.
    """
    process.require_loopback()
    work = ctx.paths.sphinx_work / builder if incremental else target
    params = {
        "awaited": awaited,
        "fresh": not incremental,
        "config_cache": str(ctx.paths.sphinx_work / "config"),
        "timings": str(ctx.paths.execution_timings),
        "src": str(ctx.root),
        "out": str(work / "html"),
        "doctrees": str(work / ".doctrees"),
        "config": str(ctx.paths.config),
        "toc": str(ctx.paths.toc),
        "cache": str(execution_cache(ctx)),
        "builder": builder,
    }
    args = [sys.executable, "-m", "ngoclaims.build.sphinx", json.dumps(params)]
    status = 1  # a build stopped or interrupted leaves the kept folder as a failed one does
    try:
        status, output = process.run(ctx, args, log=log, stop=stop)
    finally:
        if status != 0 and incremental:
            shutil.rmtree(work, ignore_errors=True)
    if status != 0:
        lines = report(output, ctx.root)
        process.show(lines, limit=80)
        where = log.relative_to(ctx.root)
        print(f"    full log: {where}", file=sys.stderr)
        raise StepFailed(f"{failure_reason(lines)} (full log: {where})")
    if incremental:
        for part in ("html", "jupyter_execute"):
            if (work / part).is_dir():
                shutil.copytree(work / part, target / part, dirs_exist_ok=True)
    return output


def _executable_chapters(src: Path, toc_path: str) -> list[Path]:
    """The pages that run as notebooks: MyST Markdown with a jupytext kernelspec header."""
    pages = [p for p in toc.sources(src, toc_path) if p.suffix == ".md"]
    return [p for p in pages if "kernelspec:" in p.read_text(encoding="utf-8")[:1000]]


def child(params: dict) -> int:
    """In the child process: execute the chapters the cache lacks, then build with Sphinx,
    warnings as errors, nitpicky. Returns the exit code.
    """
    from ngoclaims.build import execute

    src = Path(params["src"])
    # MyST-NB writes its stylesheet when the build ends: pages written while it exists (a
    # kept folder's) would link it with a checksum that a clean build's pages lack
    for stale in Path(params["out"], "_static").glob("mystnb.*.css"):
        stale.unlink()
    awaited = execute.Awaited(**params["awaited"]) if params.get("awaited") else None
    chapters = _executable_chapters(src, params["toc"])
    timings = Path(params["timings"]) if params.get("timings") else None
    # Sphinx reads the pages while the chapters run, waiting at a page only for its own
    with execute.Execution(
        Path(params["cache"]), chapters, awaited=awaited, timings=timings
    ) as run:
        config = _final_config(params)
        config["nb_execution_cache_path"] = params["cache"]
        # a page links each script and stylesheet with its checksum (?v=...): when one
        # changes, every page must be written again, not only the pages that changed
        config["html_context"] = {**config.get("html_context", {}), "ngo_static": _static_key(src)}
        status = _sphinx(params, config, before_read=run.ready)
    for line in run.lines:
        print(f"executed {line}", flush=True)
    return status


def _static_key(src: Path) -> str:
    """A hash of the book's own ``_static`` files (names and contents)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((src / "_static").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(src).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _final_config(params: dict) -> dict:
    """Jupyter Book's Sphinx configuration for _config.yml and _toc.yml, as its
    ``get_final_config`` makes it, kept in a file keyed on both (and on Jupyter Book's
    version): making it imports a JSON schema validator that takes over a second.
    """
    import pickle

    from jupyter_book import __version__

    from ngoclaims.build.keys import input_key

    overrides = {
        "external_toc_path": Path(params["toc"]).as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
    }
    src = Path(params["src"])
    files = [Path(params[name]).relative_to(src).as_posix() for name in ("config", "toc")]
    key = input_key(src, files, extra=f"{__version__}\n{json.dumps(overrides, sort_keys=True)}")
    cached = Path(params["config_cache"]) / f"{key[:16]}.pickle"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    from jupyter_book.config import get_final_config

    config, _ = get_final_config(
        user_yaml=Path(params["config"]),
        cli_config=dict(overrides),
        sourcedir=Path(params["src"]),
        use_external_toc=True,
    )
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(config))
    return config


def _sphinx(params: dict, config: dict, before_read=None) -> int:
    """One Sphinx build as Jupyter Book's ``build_sphinx`` runs it (the parts of it this
    book uses), with a configuration made beforehand. ``before_read(path)`` is called as
    Sphinx comes to read each page, before MyST-NB looks for its executed notebook.
    """
    from sphinx.application import Sphinx
    from sphinx.cmd.build import handle_exception
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    app = None
    try:
        with patch_docutils(None), docutils_namespace():
            app = Sphinx(
                srcdir=params["src"],
                confdir=None,
                outdir=params["out"],
                doctreedir=params["doctrees"],
                buildername=params["builder"],
                confoverrides=config,
                status=sys.stdout,
                warning=sys.stderr,
                freshenv=params["fresh"],
                warningiserror=True,
                keep_going=False,
            )
            if params["builder"] == "singlehtml":
                app.set_html_assets_policy("always")
            _numbering(app)
            app.connect("html-collect-pages", _drop_stale_terms)
            if before_read is not None:
                app.connect(
                    "source-read", lambda app, docname, _: before_read(app.env.doc2path(docname))
                )
            app.build(False, [])
            return int(app.statuscode or 0)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 (Sphinx reports it)
        handle_exception(app, _DebugArgs(), exc, sys.stderr)
        return 1


class _DebugArgs:
    """What ``sphinx.cmd.build.handle_exception`` reads of the command line's options."""

    pdb = False
    verbosity = 0
    traceback = False


def _drop_stale_terms(app) -> list:
    """Forget the search terms that no page holds any more. Sphinx 7.4 keeps the words of an
    earlier version of a page in the search index, each with no page (``[]``), so the kept
    Sphinx folder would publish another ``searchindex.js`` than a clean build does. Runs
    before the index is written; adds no page."""
    indexer = getattr(app.builder, "indexer", None)
    for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for term in [t for t, pages in mapping.items() if not pages]:
            del mapping[term]
    return []


def _numbering(app) -> None:
    """Jupyter Book's numbering across a toc's parts, when a part is numbered."""
    if not app.config["use_multitoc_numbering"]:
        return
    import yaml

    if "numbered: true" in yaml.dump(app.config.external_site_map.as_json()):
        app.setup_extension("sphinx_multitoc_numbering")


_NOISE = re.compile(
    r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP|^Exception ignored in atexit|"
    r"^Please also report this|^A bug report can be filed|^The full traceback has been saved"
)
_SIGNAL = re.compile(
    r"Warning, treated as error|Exception occurred:|\b(WARNING|ERROR|CRITICAL|SEVERE)\b"
)
_EXC_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Warning)\w*: ")


def _without_frames(lines: list[str]) -> list[str]:
    """Lines without Jupyter's noise and without the frames of tracebacks (library code);
    each traceback's last line, the exception, stays.
    """
    kept: list[str] = []
    in_frames = False
    for line in lines:
        if _NOISE.search(line):
            continue
        if line == "Traceback (most recent call last):":
            in_frames = True
            continue
        if in_frames and (line.startswith("  ") or not line):
            continue
        in_frames = False
        kept.append(line)
    return kept


def report(output: str, root: Path) -> list[str]:
    """The part of a failed build's log worth reading: from the first warning or error on."""
    kept = _without_frames(process.plain(output, root))
    first = next((i for i, ln in enumerate(kept) if _SIGNAL.search(ln)), None)
    return kept[first:] if first is not None else kept[-30:]


def _next_text(lines: list[str]) -> str:
    return next((ln.strip() for ln in lines if ln.strip()), "")


def _exception(lines: list[str]) -> str:
    return next((ln.strip() for ln in lines if _EXC_LINE.match(ln.strip())), "")


def _reason(lines: list[str]) -> str:
    """The first reason the log gives: a warning made an error, Sphinx's exception, any
    warning or error, or else the last exception.
    """
    for i, line in enumerate(lines):
        if "Warning, treated as error" in line:
            rest = line.split("Warning, treated as error:", 1)[-1].strip()
            return rest or _next_text(lines[i + 1 :])
        if "Exception occurred:" in line:
            return _exception(lines[i + 1 :])
        if _SIGNAL.search(line):
            return line.strip()
    return _exception(list(reversed(lines)))


def failure_reason(lines: list[str]) -> str:
    """One line for a failed build: the page and what went wrong on it."""
    reason = _reason(lines)
    if "Executing notebook failed" in reason:
        errors = [
            ln.strip()
            for ln in lines
            if _EXC_LINE.match(ln.strip()) and not ln.startswith("nbclient.")
        ]
        page = reason.split(":", 1)[0]
        reason = f"{page}: a notebook cell failed" + (f": {errors[-1]}" if errors else "")
    if "Kernel didn't respond" in reason:
        reason += " (no loopback? in a network namespace run `ip link set lo up` first)"
    return process.one_line(reason or "the Sphinx build failed")


if __name__ == "__main__":
    from ngoclaims.imports import without_iri_grammars

    without_iri_grammars()
    sys.exit(child(json.loads(sys.argv[1])))
