"""Execute the chapters in parallel before Sphinx reads them.

MyST-NB executes notebooks one after another while Sphinx reads the pages, each in a new
kernel. Here every chapter whose code has no entry in the execution cache is run first:
the chapters are split between as many workers as there are cores, and each worker starts
one kernel and runs its chapters in it one after another (its namespace cleared and its
working folder set before each), so the cost of starting a kernel and importing pandas and
Altair is paid once per core, not once per chapter. The results go into the same
jupyter-cache, where MyST-NB finds them and only renders. A failing chapter is left out
of the cache, so MyST-NB runs it again on its own and reports the error in its usual way.

Execution counts are renumbered per chapter, so the cached notebooks do not depend on
which worker ran which chapter. Each chapter also runs standalone in a fresh kernel in the
test suite (tests/test_notebooks.py), so sharing a kernel cannot hide a dependency.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_PREPARE = "%reset -f\nimport os as _os\n_os.chdir({cwd!r})\ndel _os"


def _read(path: Path):
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(
        path.read_text(encoding="utf-8"), MdParserConfig(), path=path
    )


def _renumber(nb) -> None:
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        n += 1
        cell.execution_count = n
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = n


def _run_many(path_texts: list[str], timeout: int) -> list[tuple[str, dict | None, float, str]]:
    """One worker: one kernel, its chapters in turn."""
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    results = []
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        for path_text in path_texts:
            path = Path(path_text)
            nb = _read(path)
            # a first cell clears what the previous chapter left and moves to this one's folder
            nb.cells.insert(0, nbformat.v4.new_code_cell(_PREPARE.format(cwd=str(path.parent))))
            t0 = time.perf_counter()
            try:
                NotebookClient(
                    nb, km=km, timeout=timeout, allow_errors=False, record_timing=False
                ).execute()
            except Exception as err:  # noqa: BLE001 (MyST-NB reruns it and reports)
                results.append(
                    (path_text, None, time.perf_counter() - t0, f"{type(err).__name__}: {err}")
                )
                continue
            nb.cells.pop(0)
            _renumber(nb)
            results.append((path_text, nbformat.from_dict(nb), time.perf_counter() - t0, ""))
    finally:
        km.shutdown_kernel(now=True)
    return results


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
    """Run the pending chapters and cache them; returns one line per chapter."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    todo = [str(p) for p in pending(cache_path, paths)]
    if not todo:
        return []
    workers = max(1, min(len(todo), workers or os.cpu_count() or 1))
    shares = [todo[i::workers] for i in range(workers)]  # fixed: the same split every build
    cache = get_cache(str(cache_path))
    lines = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(_run_many, shares, [timeout] * workers):
            for path_text, nb, seconds, err in batch:
                name = Path(path_text).name
                if nb is None:
                    lines.append(f"{name}: failed ({err.splitlines()[0][:120]})")
                    continue
                # the cache is a SQLite database: only this process writes to it
                cache.cache_notebook_bundle(
                    CacheBundleIn(nb, path_text, data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
                lines.append(f"{name}: {seconds:.1f} s")
    return lines
