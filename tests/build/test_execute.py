"""The executor's bookkeeping: which chapters need running, the order they run in, and the
wait of a chapter for a file a check beside the build is writing."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from ngoclaims.build import execute

CHAPTER = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
---
Some prose.

```{code-cell} ipython3
x = 1
```

More prose.
"""


def test_the_code_key_changes_with_the_code_not_with_the_prose(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(CHAPTER, encoding="utf-8")
    key = execute.code_key(page)
    page.write_text(CHAPTER.replace("Some prose.", "Other prose."), encoding="utf-8")
    assert execute.code_key(page) == key
    page.write_text(CHAPTER.replace("x = 1", "x = 2"), encoding="utf-8")
    assert execute.code_key(page) != key


def test_a_chapter_the_manifest_knows_is_not_run_again(tmp_path):
    page, cache = tmp_path / "a.md", tmp_path / "cache"
    page.write_text(CHAPTER, encoding="utf-8")
    cache.mkdir()
    (cache / execute.MANIFEST).write_text(json.dumps({str(page): execute.code_key(page)}))
    assert execute.pending(cache, [page]) == []
    # new code: the cache (empty) is asked, has no copy, and the chapter is pending
    page.write_text(CHAPTER.replace("x = 1", "x = 3"), encoding="utf-8")
    assert execute.pending(cache, [page]) == [page]


def test_longest_first_unknown_first_of_all_and_the_waiting_ones_last(tmp_path):
    pages = {}
    for name in ("short", "long", "new", "waits"):
        pages[name] = tmp_path / f"{name}.md"
        text = CHAPTER + ("ngoclaims.chapters.validation\n" if name == "waits" else "")
        pages[name].write_text(text, encoding="utf-8")
    awaited = execute.Awaited(
        str(tmp_path / "summary.json"), 1, 0.0, "ngoclaims.chapters.validation"
    )
    timings = {"short.md": 0.5, "long.md": 3.0, "waits.md": 9.0}
    order = execute._order([str(p) for p in pages.values()], timings, awaited)
    assert [p.split("/")[-1] for p in order] == ["new.md", "long.md", "short.md", "waits.md"]


def test_a_waiting_chapter_starts_once_the_file_is_written(tmp_path):
    target = tmp_path / "summary.json"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import time; time.sleep(0.5); open({str(target)!r}, 'w').write('{{}}'); time.sleep(30)",
        ]
    )
    try:
        started = time.monotonic()
        execute.Awaited(str(target), writer.pid, time.time(), "m").wait(timeout=10)
        waited = time.monotonic() - started
        assert target.exists() and 0.3 < waited < 5  # not before the file, not after
    finally:
        writer.kill()
        writer.wait()


def test_a_waiting_chapter_does_not_wait_for_a_writer_that_has_ended(tmp_path):
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    time.sleep(0.5)  # ended, not reaped: a zombie counts as ended
    try:
        started = time.monotonic()
        execute.Awaited(str(tmp_path / "never.json"), ended.pid, time.time(), "m").wait(timeout=10)
        assert time.monotonic() - started < 2
    finally:
        ended.wait()


def test_without_iri_grammars_jsonschema_loads_no_grammar():
    def grammars_loaded(first: str) -> str:
        code = f"import sys; {first}; import jsonschema._format; print('lark' in sys.modules)"
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        return run.stdout.strip()

    assert grammars_loaded("pass") == "True"  # what the build's processes are spared
    assert (
        grammars_loaded(
            "from ngoclaims.imports import without_iri_grammars; without_iri_grammars()"
        )
        == "False"
    )


def _chapter(code: str) -> str:
    return CHAPTER.replace("x = 1", code)


def test_chapters_share_a_kernel_but_not_their_names_and_each_runs_in_its_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = tmp_path / "a" / "first.md"
    second = tmp_path / "b" / "second.md"
    first.write_text(_chapter("x = 1\nimport os\nprint(os.getcwd())"), encoding="utf-8")
    # the second fails if the first one's `x` is still defined, or the folder is not its own
    second.write_text(
        _chapter(
            "import os\nassert 'x' not in dir(), 'a name of the last chapter is left'\n"
            "assert os.getcwd().endswith('/b'), os.getcwd()\nprint('clean')"
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "b" / "bad.md"
    bad.write_text(_chapter("raise ValueError('broken chapter')"), encoding="utf-8")
    cache = tmp_path / "cache"
    lines = execute.execute(cache, [first, second, bad], workers=1)
    assert sorted(lines)[0].startswith("bad.md: failed (CellExecutionError")
    assert {line.split(":")[0] for line in lines if "failed" not in line} == {
        "first.md",
        "second.md",
    }
    # the good ones are cached (with their outputs, numbered from 1); the failed one is not
    assert execute.pending(cache, [first, second, bad]) == [bad]
    from jupyter_cache import get_cache

    cached = get_cache(str(cache)).match_cache_notebook(execute._read(second))
    nb = get_cache(str(cache)).get_cache_bundle(cached.pk).nb
    cell = next(c for c in nb.cells if c.cell_type == "code")
    assert cell.execution_count == 1
    assert cell.outputs[0]["text"] == "clean\n"


def test_a_chapter_is_ready_once_it_is_cached_while_a_longer_one_still_runs(tmp_path):
    slow, fast = tmp_path / "slow.md", tmp_path / "fast.md"
    slow.write_text(_chapter("import time\ntime.sleep(4)"), encoding="utf-8")
    fast.write_text(_chapter("y = 2"), encoding="utf-8")
    cache = tmp_path / "cache"
    with execute.Execution(cache, [slow, fast], workers=2) as run:
        run.ready(fast)
        assert execute.pending(cache, [fast]) == []  # Sphinx may read it now
        assert not any(line.startswith("slow.md") for line in run.lines)  # still running
        run.ready(tmp_path / "not-a-chapter.md")  # nothing to wait for
    assert execute.pending(cache, [slow, fast]) == []
    assert sorted(line.split(":")[0] for line in run.lines) == ["fast.md", "slow.md"]
