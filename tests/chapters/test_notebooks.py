"""Each chapter runs top to bottom on its own, in a fresh kernel started in the chapter's
folder as JupyterLab starts it (the project is found upward from there, never where the
package is installed; the kernel has only the build's IPython startup file, which spares
it grammars no chapter uses); and what it glues about a claim is what `verify` computes."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbclient
import pytest
from traitlets.config import Config

from conftest import ROOT, verify_records
from ngoclaims.build.process import write_kernel_startup
from ngoclaims.paths import ROOT_ENV

pytestmark = pytest.mark.notebooks
CHAPTERS = sorted([ROOT / "intro.md", *(ROOT / "chapters").glob("*.md")])
CHAPTERS = [p for p in CHAPTERS if "kernelspec" in p.read_text(encoding="utf-8")[:400]]


@pytest.fixture(scope="module")
def verified() -> dict[str, dict]:
    return verify_records()


@pytest.fixture(scope="module", autouse=True)
def validation_summary():
    # the validation chapter shows the results of the last `validate`
    if not (ROOT / "_build" / "validation" / "summary.json").exists():
        subprocess.run(
            [sys.executable, "-m", "ngoclaims", "validate", "--quiet"], cwd=ROOT, check=True
        )


def _glued(nb) -> dict[str, str]:
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("scrapbook", {})
            if meta.get("name"):
                out[meta["name"]] = o["data"][meta.get("mime_prefix", "") + "text/plain"]
    return out


def _run_standalone(chapter: str, ipython_dir: str) -> tuple[dict[str, str], str]:
    """In a worker process: the chapter in a fresh kernel, in the chapter's own folder."""
    os.environ.pop(ROOT_ENV, None)
    os.environ["IPYTHONDIR"] = ipython_dir
    cwd = str(Path(chapter).parent)
    nb = jupytext.read(chapter)
    with tempfile.TemporaryDirectory() as sockets:
        # over Unix sockets: a TCP port chosen for the kernel can be taken by another
        # process before the kernel binds it (the kernel then dies before it replies)
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(sockets) / "kernel")
        client = nbclient.NotebookClient(
            nb,
            timeout=180,
            kernel_name="python3",
            resources={"metadata": {"path": cwd}},
            config=config,
        )
        try:
            client.execute()
        except Exception as err:  # noqa: BLE001 (reported by the test of that chapter)
            return {}, f"{type(err).__name__}: {err}"
    return _glued(nb), ""


@pytest.fixture(scope="module")
def standalone_runs(tmp_path_factory) -> dict[str, tuple[dict[str, str], str]]:
    """Every chapter run on its own, two at a time (each still in its own fresh kernel)."""
    from concurrent.futures import ProcessPoolExecutor

    # The kernels start with the build's one startup file and nothing else of IPython's
    # configuration: it spares them rfc3987-syntax's grammars, a second each, which no
    # chapter uses (ngoclaims.imports); a reader's own kernel loads them and runs the same.
    ipython_dir = tmp_path_factory.mktemp("ipython")
    write_kernel_startup(ipython_dir)
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = pool.map(
            _run_standalone, [str(c) for c in CHAPTERS], [str(ipython_dir)] * len(CHAPTERS)
        )
        return dict(zip([c.name for c in CHAPTERS], runs))


def test_every_page_is_a_notebook():
    assert len(CHAPTERS) >= 9
    for p in [ROOT / "intro.md", *(ROOT / "chapters").glob("*.md")]:
        if p.name != "references.md":
            assert p in CHAPTERS, f"{p.name} lacks a jupytext header: its code would not run"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_standalone_and_agrees_with_verify(chapter, standalone_runs, verified):
    glued, error = standalone_runs[chapter.name]
    assert not error, f"{chapter.name} fails when run on its own: {error}"
    assert glued, "the chapter glues nothing"
    for key, value in glued.items():
        assert value.strip() not in ("", "''", "None", "nan"), f"{key} glued empty"
        claim_id, _, field = key.partition("--")
        if claim_id in verified and field in ("stated", "verdict", "recomputed", "reasoning"):
            assert value == verified[claim_id][field], f"{chapter.name}: {key}"
