"""Execute the chapters in parallel while Sphinx reads them.

MyST-NB executes notebooks one after another while Sphinx reads the pages, each in a new
kernel. Here every chapter whose code has no entry in the execution cache runs in the
background: as many workers as there are cores each start one kernel and take chapters
from a shared queue, longest first by the last run's timings, running each in turn in that
kernel through one client (its namespace cleared and its working folder set before each),
so the cost of starting a kernel and importing pandas and Altair is paid once per core,
not once per chapter. This process reads the chapters (MyST-NB, slow to import, is
imported once) while the workers' kernels start, then stores each result in the same
jupyter-cache as it comes, where MyST-NB finds it and only renders: Sphinx starts reading
at once and waits at a page only until its own chapter is stored
(:meth:`Execution.ready`). A chapter that reads the validation summary, which
``validate`` writes beside the build, waits for it and so comes last. A failing chapter is
left out of the cache, so MyST-NB runs it again on its own and reports the error in its
usual way.

Execution counts are renumbered per chapter, so the cached notebooks do not depend on
which worker ran which chapter. Each chapter also runs standalone in a fresh kernel in the
test suite (tests/chapters/test_notebooks.py), so sharing a kernel cannot hide a dependency.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

# The cell run before each chapter in a shared kernel.
_PREPARE = (
    "from ngoclaims.build.execute import start_chapter as _start\n_start(get_ipython(), {cwd!r})"
)


def start_chapter(shell, cwd: str) -> None:
    """In a kernel, before the next chapter: clear what the last one defined, as
    ``%reset -f`` does, and make the chapter's folder current. The reset runs without its
    full garbage collection (a quarter of a second a chapter; nothing needs the memory back
    at once), so the display hook's cached outputs are dropped here instead.
    """
    hook = shell.displayhook
    full, hook.do_full_cache = hook.do_full_cache, False
    try:
        shell.reset(new_session=False)
    finally:
        hook.do_full_cache = full
    hook._ = hook.__ = hook.___ = ""
    os.chdir(cwd)


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


@dataclass(frozen=True)
class Awaited:
    """A file some chapters read that a process running beside the build is still writing
    (the validation summary, written by ``validate``): those chapters wait until the file
    is newer than ``since`` or the process has ended.
    """

    path: str
    pid: int
    since: float
    marker: str  # a chapter whose source holds this text reads the file

    def wait(self, timeout: float = 300) -> None:
        """Block until the file is written or its writer is gone (or the timeout passes)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and _alive(self.pid) and not self._written():
            time.sleep(0.05)

    def _written(self) -> bool:
        try:
            return os.stat(self.path).st_mtime >= self.since
        except OSError:
            return False


def _alive(pid: int) -> bool:
    """Whether the process runs: not gone and not a zombie (an ended child of the book's
    process, which may not have reaped it yet)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _run_one(km, kc, path: Path, text: str, timeout: int) -> tuple[dict | None, float, str]:
    """One chapter (``text``: the notebook read by the parent) in the worker's kernel, through
    the worker's client ``kc`` (a new client per chapter waits a fifth of a second for the
    kernel to answer): its namespace cleared, its folder made current."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.reads(text, as_version=4)
    # a first cell clears what the previous chapter left and moves to this one's folder
    nb.cells.insert(0, nbformat.v4.new_code_cell(_PREPARE.format(cwd=str(path.parent))))
    t0 = time.perf_counter()
    try:
        client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=False, record_timing=False)
        client.kc = kc
        client.execute()
    except Exception as err:  # noqa: BLE001 (MyST-NB reruns it and reports)
        return None, time.perf_counter() - t0, f"{type(err).__name__}: {err}"
    nb.cells.pop(0)
    _renumber(nb)
    return nbformat.from_dict(nb), time.perf_counter() - t0, ""


def _worker(tasks, results, timeout: int, awaited: Awaited | None) -> None:
    """One worker: one kernel, taking the next chapter from ``tasks`` until it draws the end
    (``None``), so a worker that drew short chapters takes more of them, and putting each
    result on ``results`` as soon as it has it. Its kernel starts at once, while the parent
    still reads the chapters.
    """
    import nbformat
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    kc = km.client()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=timeout)
        while (item := tasks.get()) is not None:
            path_text, text = item
            path = Path(path_text)
            if awaited is not None and awaited.marker in path.read_text(encoding="utf-8"):
                awaited.wait()
            nb, seconds, err = _run_one(km, kc, path, text, timeout)
            results.put((path_text, nbformat.writes(nb) if nb else None, seconds, err))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _order(todo: list[str], timings: dict[str, float], awaited: Awaited | None) -> list[str]:
    """Longest first (by the last run's timings; unknown ones first of all), and the chapters
    that wait for a file last, so the wait costs least.
    """

    def cost(path: str) -> tuple[bool, float]:
        waits = awaited is not None and awaited.marker in Path(path).read_text(encoding="utf-8")
        return waits, -timings.get(Path(path).name, float("inf"))

    return sorted(todo, key=cost)


_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.M | re.S)
MANIFEST = "chapters.json"  # in a cache: the code of each chapter known to be in it
CACHE_DB = "global.db"  # jupyter-cache's database, in the cache's folder once it holds one


def code_key(path: Path) -> str:
    """A hash of a chapter's code cells: prose edits leave it as it is."""
    cells = _CODE_CELL.findall(path.read_text(encoding="utf-8"))
    return hashlib.sha256("\0".join(cells).encode()).hexdigest()


def pending(cache_path: Path, paths: list[Path]) -> list[Path]:
    """The chapters whose current code has no executed copy in the cache. A chapter whose
    code is the one the cache's manifest records is taken as cached without asking the
    cache (which takes over a second); should the two ever disagree, MyST-NB finds no
    copy and executes the chapter itself, so the manifest can cost time, never a number.
    """
    manifest = _load_json(cache_path / MANIFEST)
    unsure = [p for p in paths if manifest.get(str(p)) != code_key(p)]
    if not unsure:
        return []
    if not (cache_path / CACHE_DB).exists():
        return unsure  # a new cache (new data or a new package) holds nothing yet
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    out = []
    for p in unsure:
        try:
            cache.match_cache_notebook(_read(p))
            manifest[str(p)] = code_key(p)
        except KeyError:
            out.append(p)
    _save_json(cache_path / MANIFEST, manifest)
    return out


class Execution:
    """The pending chapters running in the background while Sphinx reads the pages.

    Entering starts the workers and hands them the chapters; :meth:`ready` blocks until one
    chapter is cached (Sphinx calls it as it comes to each page, so it reads the pages whose
    chapters are done while the rest still run); leaving waits for every chapter and keeps
    the timings. ``lines`` says, per chapter, its seconds or why it failed. A chapter that
    failed, or that a worker that died never ran, is left out of the cache: MyST-NB then
    runs it itself and reports the error in its usual way.
    """

    def __init__(
        self,
        cache_path: Path,
        paths: list[Path],
        timeout: int = 300,
        workers: int | None = None,
        awaited: Awaited | None = None,
        timings: Path | None = None,
    ) -> None:
        """Find the chapters the cache lacks (see :func:`pending`); nothing starts yet."""
        self.cache_path, self.timeout, self.awaited, self.timings = (
            cache_path,
            timeout,
            awaited,
            timings,
        )
        self.todo = {_key(p): str(p) for p in pending(cache_path, paths)}
        self.workers = max(1, min(len(self.todo), workers or os.cpu_count() or 1))
        self.known = _load_json(timings)
        self.lines: list[str] = []
        self._done: set[str] = set()
        self._stack: ExitStack | None = None
        self._cache = None

    def __enter__(self) -> Execution:
        """Start the workers (they fork and start their kernels first; reading a chapter
        needs MyST-NB, over a second to import, which only this process imports, once)."""
        if not self.todo:
            return self
        from multiprocessing import Manager

        self._stack = ExitStack()
        manager = self._stack.enter_context(Manager())
        pool = self._stack.enter_context(ProcessPoolExecutor(max_workers=self.workers))
        tasks, self._results = manager.Queue(), manager.Queue()
        self._futures = [
            pool.submit(_worker, tasks, self._results, self.timeout, self.awaited)
            for _ in range(self.workers)
        ]
        import nbformat

        try:
            for path_text in _order(list(self.todo.values()), self.known, self.awaited):
                tasks.put((path_text, nbformat.writes(_read(Path(path_text)))))
        finally:  # the workers end even when a chapter cannot be read
            for _ in range(self.workers):
                tasks.put(None)
        return self

    def ready(self, path: Path | str) -> None:
        """Block until the chapter at ``path`` is cached or has failed (at once if it was
        not pending)."""
        key = _key(path)
        while key in self.todo and key not in self._done and self._take():
            pass

    def __exit__(self, *exc: object) -> None:
        """Wait for every chapter, stop the workers, keep the timings."""
        if self._stack is None:
            return
        while self._take():
            pass
        self._stack.close()
        self._stack = None
        for key in self.todo.keys() - self._done:
            self.lines.append(f"{Path(self.todo[key]).name}: not run (its worker ended)")
        for future in self._futures:
            if future.exception() is not None:
                self.lines.append(f"a worker failed: {_one_line(future.exception())}")
        _save_json(self.timings, self.known)

    def _take(self) -> bool:
        """Store the next result; False when no result can come any more."""
        import queue

        while len(self._done) < len(self.todo):
            try:
                result = self._results.get(timeout=0.2)
            except queue.Empty:
                if all(f.done() for f in self._futures) and self._results.empty():
                    return False
                continue
            self._store(*result)
            return True
        return False

    def _store(self, path_text: str, text: str | None, seconds: float, err: str) -> None:
        """Cache one executed chapter (the cache is SQLite: only this process writes to it)."""
        self._done.add(_key(path_text))
        name = Path(path_text).name
        if text is None:
            self.lines.append(f"{name}: failed ({(err.splitlines() or [''])[0][:120]})")
            return
        import nbformat
        from jupyter_cache import get_cache
        from jupyter_cache.base import CacheBundleIn

        nb = nbformat.reads(text, as_version=4)
        if self._cache is None:
            self._cache = get_cache(str(self.cache_path))
        self._cache.cache_notebook_bundle(
            CacheBundleIn(nb, path_text, data={"execution_seconds": seconds}),
            check_validity=False,
            overwrite=True,
        )
        manifest = _load_json(self.cache_path / MANIFEST)
        manifest[path_text] = code_key(Path(path_text))
        _save_json(self.cache_path / MANIFEST, manifest)
        self.known[name] = round(seconds, 2)
        self.lines.append(f"{name}: {seconds:.1f} s")


def _key(path: Path | str) -> str:
    return os.path.realpath(path)


def _one_line(err: BaseException) -> str:
    return f"{type(err).__name__}: {str(err).splitlines()[0][:120] if str(err) else ''}"


def execute(
    cache_path: Path,
    paths: list[Path],
    timeout: int = 300,
    workers: int | None = None,
    awaited: Awaited | None = None,
    timings: Path | None = None,
) -> list[str]:
    """Run the pending chapters and cache them; returns one line per chapter. ``timings``
    (a JSON file) keeps each chapter's seconds, to start the longest first next time.
    """
    with Execution(cache_path, paths, timeout, workers, awaited, timings) as run:
        pass
    return run.lines


def _load_json(path: Path | None) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}


def _save_json(path: Path | None, data: dict) -> None:
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
