"""Execute the chapters in parallel before Sphinx reads them.

MyST-NB executes notebooks one after another while Sphinx reads the pages. Here every
chapter whose code has no entry in the execution cache is run first, on all cores at once,
and stored in that same jupyter-cache; MyST-NB then finds each one there and only renders
it. A failing chapter is left out of the cache, so MyST-NB runs it again and reports the
error in its usual way (the build stops).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _read(path: Path):
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(
        path.read_text(encoding="utf-8"), MdParserConfig(), path=path
    )


def _run_one(path_text: str, timeout: int) -> tuple[str, dict | None, float, str]:
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    path = Path(path_text)
    nb = _read(path)
    result = single_nb_execution(
        nb, cwd=str(path.parent), allow_errors=False, timeout=timeout, meta_override=True
    )
    if result.err is not None:
        return path_text, None, result.time, f"{result.err.__class__.__name__}: {result.err}"
    return path_text, nbformat.from_dict(nb), result.time, ""


def pending(cache_path: Path, paths: list[Path]) -> list[Path]:
    """The chapters whose current code has no executed copy in the cache."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    out = []
    for p in paths:
        try:
            cache.match_cache_notebook(_read(p))
        except KeyError:
            out.append(p)
    return out


def execute(
    cache_path: Path, paths: list[Path], timeout: int = 300, workers: int | None = None
) -> list[str]:
    """Run the pending chapters in parallel and cache them; returns one line per chapter."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    todo = pending(cache_path, paths)
    if not todo:
        return []
    workers = workers or min(len(todo), os.cpu_count() or 1)
    cache = get_cache(str(cache_path))
    lines = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_run_one, str(p), timeout) for p in todo]
        for f in futures:
            path_text, nb, seconds, err = f.result()
            if nb is None:  # MyST-NB will run it again and report the failure
                lines.append(f"{Path(path_text).name}: failed ({err.splitlines()[0][:120]})")
                continue
            # the cache is a SQLite database: write from this process only
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, path_text, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            lines.append(f"{Path(path_text).name}: {seconds:.1f} s")
    return lines
