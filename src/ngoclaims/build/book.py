"""``python -m ngoclaims book`` (``make book``): check, build and publish the book.

Steps, each printed with its time:

1. verify     ``python -m ngoclaims verify --quiet``      (every claim recomputes)
2. validate   ``python -m ngoclaims validate --quiet``    (Great Expectations suites)
3. gate       ``python -m pytest -q -m gate``             (the claim tests)
4. bundle     write ``_static/vega-bundle.js`` (git-ignored) when missing or outdated
5. build      Jupyter Book (Sphinx + MyST-NB) with -W -n into ``_build/staging/<id>/``,
              always from a fresh environment
6. check      :func:`ngoclaims.build.htmlcheck.check_book` on the staged HTML
7. publish    swap the staged HTML into ``_build/html`` and stamp it

``_build/html`` is replaced only when every step passed; on any failure it is left as it
was, byte for byte, and the command exits 1 with a one-line message.

Caching. Every step has a key, a hash of the files it reads (see ``INPUTS``). Steps 1-3
are skipped when a stamp under ``_build/stamps/`` holds their current key; the build is
skipped when ``_build/html.stamp`` holds the book's key, so a rebuild with nothing changed
only hashes files. The notebook execution cache (jupyter-cache, which matches notebooks by
their code only) lives in ``_build/jupyter_cache/<key>/`` where the key hashes the data,
the package and the environment: a data change executes every notebook again, a chapter
change executes only that chapter.

While a step's command does not exist yet, it can be stubbed for development:
``NGOCLAIMS_BOOK_STUB=verify,validate,gate`` (or ``--stub verify,validate,gate``). A stubbed
step is reported as STUBBED, never stamped, and named again in the final line.

Kernel. Chapters run in the ``python3`` kernel of the venv (``.venv/share/jupyter/kernels/
python3``, installed by ipykernel; its argv ``python`` is replaced by jupyter_client with the
running interpreter, i.e. the venv's python, where ``ngoclaims`` is installed editable). No
extra kernel spec is needed. Every command runs with ``JUPYTER_PATH`` set to the venv's
share/jupyter and ``JUPYTER_CONFIG_DIR``/``IPYTHONDIR`` under ``_build/env/``, so nothing in the
user's home (kernel specs, IPython startup files) takes part. Kernels talk over 127.0.0.1:
in a network namespace run ``ip link set lo up`` first (the build checks and says so).

Options: ``--force`` ignores all stamps, ``-v`` shows the output of every step,
``--stub STEPS`` as above.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ngoclaims import paths

__all__ = ["INPUTS", "STEPS", "input_key", "main"]

_PKG = ("src/ngoclaims", "pyproject.toml", "requirements.txt")
_DATA = ("data", "expectations")
_BOOK = ("chapters", "_config.yml", "_toc.yml", "intro.md", "references.bib", "_static")
# what each cached thing depends on (paths relative to the repository root; folders whole)
INPUTS: dict[str, tuple[str, ...]] = {
    "verify": ("data",) + _PKG,
    "validate": _DATA + _PKG,
    "gate": _DATA + ("tests",) + _PKG,
    "bundle": ("requirements.txt", "src/ngoclaims/chapters/charts.py"),
    "execution": _DATA + _PKG,  # the notebook execution cache
    "book": _DATA + _PKG + _BOOK,  # plus every page named in _toc.yml
}
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis", ".ruff_cache"}
_IGNORED_FILES = re.compile(r"(\.pyc|\.pyo|\.tmp|~|\.swp|\.DS_Store)$")
_GENERATED = {"_static/vega-bundle.js"}
STUB_ENV = "NGOCLAIMS_BOOK_STUB"
KEEP_CACHES = 3


class StepFailed(Exception):
    """A step failed; the message is the one line the user sees."""


class UsageError(StepFailed):
    """Bad options: exit 2."""


@dataclass
class Context:
    root: Path
    verbose: bool = False
    force: bool = False
    stubbed: set[str] = field(default_factory=set)
    keys: dict[str, str] = field(default_factory=dict)
    staging: Path | None = None
    skip_build: bool = False
    # checks started early, to run beside another check: name -> (process, output file)
    background: dict = field(default_factory=dict)

    @property
    def build_dir(self) -> Path:
        return self.root / "_build"

    @property
    def published(self) -> Path:
        return self.build_dir / "html"

    @property
    def published_stamp(self) -> Path:
        return self.build_dir / "html.stamp"


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    run: Callable[[Context], str]  # returns a short note ("ok", "written", ...)
    stamped: bool = False  # skipped when _build/stamps/<name>.json holds its key
    stubbable: bool = False


# --- hashing ---------------------------------------------------------------------------


def _files(root: Path, rel: str) -> list[Path]:
    path = root / rel
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(
            d for d in dirnames if d not in _IGNORED_DIRS and not d.endswith(".egg-info")
        )
        for name in sorted(filenames):
            if not _IGNORED_FILES.search(name):
                found.append(Path(dirpath) / name)
    return found


def input_key(root: Path, paths: tuple[str, ...] | list[str], extra: str = "") -> str:
    """sha256 over the relative path and content of every file under ``paths``."""
    digest = hashlib.sha256()
    digest.update(f"python {sys.version_info[:3]}\n{extra}\n".encode())
    for rel in sorted(set(paths)):
        files = _files(root, rel)
        if not files:
            digest.update(f"missing {rel}\n".encode())
        for file in files:
            name = file.relative_to(root).as_posix()
            if name in _GENERATED:
                continue
            digest.update(f"{name}\0".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _toc_files(root: Path) -> list[str]:
    from ngoclaims.build.htmlcheck import toc_docnames

    try:
        names = toc_docnames(root / "_toc.yml")
    except (OSError, ValueError) as err:
        raise StepFailed(f"cannot read _toc.yml: {err}") from None
    except Exception as err:  # noqa: BLE001 (yaml's errors)
        raise StepFailed(f"cannot read _toc.yml: {str(err).splitlines()[0]}") from None
    files = []
    for name in names:
        for ext in (".md", ".ipynb"):
            if (root / f"{name}{ext}").exists():
                files.append(f"{name}{ext}")
    return files


def _compute_keys(ctx: Context) -> None:
    commands = {name: " ".join(_COMMANDS.get(name, ())) for name in INPUTS}
    for name, inputs in INPUTS.items():
        if name == "book":
            inputs = inputs + tuple(_toc_files(ctx.root))
        ctx.keys[name] = input_key(ctx.root, inputs, extra=commands[name])


# --- stamps ------------------------------------------------------------------------------


def _stamp_path(ctx: Context, name: str) -> Path:
    return ctx.build_dir / "stamps" / f"{name}.json"


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def _stamp_ok(ctx: Context, name: str) -> bool:
    return not ctx.force and _read_json(_stamp_path(ctx, name)).get("key") == ctx.keys[name]


def _published_ok(ctx: Context) -> bool:
    return (
        not ctx.force
        and (ctx.published / "index.html").is_file()
        and _read_json(ctx.published_stamp).get("key") == ctx.keys["book"]
    )


# --- subprocesses ----------------------------------------------------------------------------


def _child_env(ctx: Context) -> dict[str, str]:
    """The environment of every command: the venv first, nothing from the user's Jupyter or
    IPython configuration (kernel specs, startup files), no analytics."""
    env = dict(os.environ)
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")  # its python3 kernel first
    env["JUPYTER_CONFIG_DIR"] = str(ctx.build_dir / "env" / "jupyter-config")
    env["IPYTHONDIR"] = str(ctx.build_dir / "env" / "ipython")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONNOUSERSITE"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["GX_ANALYTICS_ENABLED"] = "false"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("MPLBACKEND", None)
    for key in ("JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    return env


def _run(ctx: Context, args: list[str], log: Path | None = None) -> tuple[int, str]:
    """Run a command in the repository root; returns (exit code, its output)."""
    if ctx.verbose and log is None:
        proc = subprocess.run(
            args, check=False, cwd=ctx.root, env=_child_env(ctx), stdin=subprocess.DEVNULL
        )
        return proc.returncode, ""
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w", encoding="utf-8") as out:
            proc = subprocess.Popen(
                args,
                cwd=ctx.root,
                env=_child_env(ctx),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                out.write(line)
                if ctx.verbose:
                    sys.stdout.write(line)
            proc.wait()
        return proc.returncode, log.read_text(encoding="utf-8", errors="replace")
    proc = subprocess.run(
        args,
        check=False,
        cwd=ctx.root,
        env=_child_env(ctx),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    return proc.returncode, proc.stdout


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _show(output: str, limit: int = 30) -> None:
    lines = [_ANSI.sub("", ln).rstrip() for ln in output.strip().splitlines()]
    for line in lines[-limit:]:
        print(f"    | {line}", file=sys.stderr)


_COMMANDS: dict[str, tuple[str, ...]] = {
    "verify": ("-m", "ngoclaims", "verify", "--quiet"),
    "validate": ("-m", "ngoclaims", "validate", "--quiet"),
    "gate": ("-m", "pytest", "-q", "-m", "gate"),
}


def start_early(ctx: Context, name: str) -> None:
    """Start a check now, beside the one about to run; its step then waits for it."""
    import tempfile

    out = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
    proc = subprocess.Popen(
        [sys.executable, *_COMMANDS[name]],
        cwd=ctx.root,
        env=_child_env(ctx),
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    ctx.background[name] = (proc, out)


def stop_early(ctx: Context) -> None:
    for proc, out in ctx.background.values():
        if proc.poll() is None:
            proc.terminate()
            proc.wait()
        out.close()
    ctx.background.clear()


def _command_step(name: str) -> Callable[[Context], str]:
    def run(ctx: Context) -> str:
        if name in ("verify", "validate"):
            _require_command(name)
        early = name in ctx.background
        if early:
            proc, out = ctx.background.pop(name)
            code = proc.wait()
            out.seek(0)
            output = out.read()
            out.close()
        else:
            code, output = _run(ctx, [sys.executable, *_COMMANDS[name]])
        if code == 0:
            return "ok (ran beside the step before)" if early else "ok"
        _show(output)
        if name == "gate" and code == 5:
            raise StepFailed("no tests marked 'gate' were collected (pytest exit 5)")
        last = next((ln for ln in reversed(output.strip().splitlines()) if ln.strip()), "")
        raise StepFailed(
            f"exit {code}" + (f": {_ANSI.sub('', last).strip()[:160]}" if last else "")
        )

    return run


def _require_command(name: str) -> None:
    import importlib.util

    try:
        from ngoclaims.cli import COMMANDS
    except Exception:  # noqa: BLE001 (someone else's module; the command will tell)
        return
    module = COMMANDS.get(name, (None,))[0]
    if module is None or importlib.util.find_spec(module) is None:
        raise StepFailed(
            f"'python -m ngoclaims {name}' is not available yet ({module or 'no such command'}); "
            f"{STUB_ENV}={name} skips it while developing"
        )


# --- the steps ---------------------------------------------------------------------------


def _bundle(ctx: Context) -> str:
    from ngoclaims.chapters.charts import write_bundle

    return "written" if write_bundle(ctx.root / "_static") else "up to date"


def _build(ctx: Context) -> str:
    if _published_ok(ctx):
        ctx.skip_build = True
        return "skipped (published book is up to date)"
    _require_loopback()
    stage_root = ctx.build_dir / "staging"
    ctx.staging = stage_root / f"{ctx.keys['book'][:12]}-{os.getpid()}"
    ctx.staging.mkdir(parents=True)
    cache = _execution_cache(ctx)
    params = {
        "src": str(ctx.root),
        "out": str(ctx.staging / "html"),
        "doctrees": str(ctx.staging / ".doctrees"),
        "config": str(ctx.root / "_config.yml"),
        "toc": str(ctx.root / "_toc.yml"),
        "cache": str(cache),
    }
    code = (
        "import json, sys; from ngoclaims.build.book import _sphinx_child; "
        "sys.exit(_sphinx_child(json.loads(sys.argv[1])))"
    )
    log = ctx.build_dir / "logs" / "build.log"
    status, output = _run(ctx, [sys.executable, "-c", code, json.dumps(params)], log=log)
    if status != 0:
        report = _build_report(output, ctx.root)
        for line in report[:80]:
            print(f"    | {line}", file=sys.stderr)
        print(f"    full log: {log.relative_to(ctx.root)}", file=sys.stderr)
        raise StepFailed(_build_failure_reason(report))
    return "ok"


def _require_loopback() -> None:
    """Jupyter kernels talk to the build over 127.0.0.1: without loopback (a fresh network
    namespace) every kernel would time out after a minute."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=2):
                pass
    except OSError as err:
        raise StepFailed(
            f"cannot connect over 127.0.0.1 ({err.strerror or err}); Jupyter kernels need the "
            "loopback interface: in a network namespace run `ip link set lo up` first"
        ) from None


def _execution_cache(ctx: Context) -> Path:
    """jupyter-cache keyed on data + package + environment; the newest few are kept."""
    caches = ctx.build_dir / "jupyter_cache"
    path = caches / ctx.keys["execution"][:16]
    path.mkdir(parents=True, exist_ok=True)
    os.utime(path)
    others = sorted(
        (p for p in caches.iterdir() if p.is_dir() and p != path), key=lambda p: p.stat().st_mtime
    )
    for old in others[: max(0, len(others) - (KEEP_CACHES - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    return path


def _sphinx_child(params: dict) -> int:
    """Runs in a child process: one fresh Sphinx build, warnings as errors, nitpicky.
    Chapters missing from the execution cache are first executed in parallel."""
    from jupyter_book.sphinx import build_sphinx

    from ngoclaims.build import execute
    from ngoclaims.build.htmlcheck import toc_docnames

    src = Path(params["src"])
    chapters = [src / f"{d}.md" for d in toc_docnames(params["toc"])]
    chapters = [
        p for p in chapters if p.is_file() and "kernelspec:" in p.read_text(encoding="utf-8")[:1000]
    ]
    for line in execute.execute(Path(params["cache"]), chapters):
        print(f"executed {line}", flush=True)

    result = build_sphinx(
        Path(params["src"]),
        Path(params["out"]),
        doctreedir=Path(params["doctrees"]),
        noconfig=True,
        path_config=params["config"],
        confoverrides={
            "external_toc_path": Path(params["toc"]).as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
            "nb_execution_cache_path": params["cache"],
        },
        builder=params.get("builder", "html"),
        warningiserror=True,
        keep_going=False,
        freshenv=True,
    )
    if isinstance(result, BaseException):
        return 1
    return int(result or 0)


_NOISE = re.compile(
    r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP|^Exception ignored in atexit|"
    r"^Please also report this|^A bug report can be filed|^The full traceback has been saved"
)
_SIGNAL = re.compile(
    r"Warning, treated as error|Exception occurred:|\b(WARNING|ERROR|CRITICAL|SEVERE)\b"
)
_EXC_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Warning)\w*: ")


def _build_report(output: str, root: Path) -> list[str]:
    """The part of a failed build's log worth reading: from the first warning or error on,
    without Jupyter's noise and without the frames of library code."""
    lines = [_ANSI.sub("", ln).rstrip().replace(f"{root}/", "") for ln in output.splitlines()]
    kept: list[str] = []
    in_frames = False
    for line in lines:
        if _NOISE.search(line):
            continue
        if line == "Traceback (most recent call last):":
            in_frames = True
            continue
        if in_frames:
            if line.startswith("  ") or not line:
                continue
            in_frames = False
        kept.append(line)
    first = next((i for i, ln in enumerate(kept) if _SIGNAL.search(ln)), None)
    return kept[first:] if first is not None else kept[-30:]


def _build_failure_reason(report: list[str]) -> str:
    for i, line in enumerate(report):
        if "Warning, treated as error" in line:
            rest = line.split("Warning, treated as error:", 1)[-1].strip()
            reason = rest or next((ln.strip() for ln in report[i + 1 :] if ln.strip()), "")
            break
        if "Exception occurred:" in line:
            reason = next((ln.strip() for ln in report[i + 1 :] if _EXC_LINE.match(ln.strip())), "")
            break
        if _SIGNAL.search(line):
            reason = line.strip()
            break
    else:
        reason = next((ln.strip() for ln in reversed(report) if _EXC_LINE.match(ln.strip())), "")
    if "Executing notebook failed" in reason:
        error = [
            ln.strip()
            for ln in report
            if _EXC_LINE.match(ln.strip()) and not ln.startswith("nbclient.")
        ]
        page = reason.split(":", 1)[0]
        reason = f"{page}: a notebook cell failed" + (f": {error[-1]}" if error else "")
    if "Kernel didn't respond" in reason:
        reason += " (no loopback? in a network namespace run `ip link set lo up` first)"
    return _one_line(reason or "the Sphinx build failed")


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 240 else text[:239] + "…"


def _check(ctx: Context) -> str:
    if ctx.skip_build:
        return "skipped (published book is up to date)"
    from ngoclaims.build.htmlcheck import check_book

    assert ctx.staging is not None
    problems = check_book(
        ctx.staging / "html",
        toc_path=ctx.root / "_toc.yml",
        source_dir=ctx.root,
        execute_dir=ctx.staging / "jupyter_execute",
    )
    if problems:
        for problem in problems[:40]:
            print(f"    | {problem}", file=sys.stderr)
        if len(problems) > 40:
            print(f"    | ... and {len(problems) - 40} more", file=sys.stderr)
        raise StepFailed(f"{len(problems)} problem(s) in the built HTML, first: {problems[0]}")
    return "ok"


def _publish(ctx: Context) -> str:
    if ctx.skip_build:
        return "skipped (published book is up to date)"
    assert ctx.staging is not None
    staged = ctx.staging / "html"
    ctx.published_stamp.unlink(missing_ok=True)  # a crash from here on means "rebuild"
    if ctx.published.exists():
        if not _exchange(staged, ctx.published):
            old = ctx.staging / "previous-html"
            os.rename(ctx.published, old)
            os.rename(staged, ctx.published)
    else:
        os.rename(staged, ctx.published)
    _write_json(
        ctx.published_stamp,
        {
            "key": ctx.keys["book"],
            "stubbed": sorted(ctx.stubbed),
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
    )
    shutil.rmtree(ctx.staging, ignore_errors=True)
    return "ok"


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


STEPS: list[Step] = [
    Step("verify", "verify claims", _command_step("verify"), stamped=True, stubbable=True),
    Step("validate", "validate data", _command_step("validate"), stamped=True, stubbable=True),
    Step("gate", "claim tests", _command_step("gate"), stamped=True, stubbable=True),
    Step("bundle", "vega bundle", _bundle, stamped=True),
    Step("build", "build book", _build),
    Step("check", "check HTML", _check),
    Step("publish", "publish", _publish),
]


# --- driver ------------------------------------------------------------------------------------


def _parse(argv: list[str]) -> dict:
    opts = {"verbose": False, "force": False, "stub": os.environ.get(STUB_ENV, "")}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-v", "--verbose"):
            opts["verbose"] = True
        elif arg == "--force":
            opts["force"] = True
        elif arg == "--stub" and args:
            opts["stub"] = args.pop(0)
        elif arg.startswith("--stub="):
            opts["stub"] = arg.split("=", 1)[1]
        elif arg in ("-h", "--help"):
            print(__doc__)
            raise SystemExit(0)
        else:
            raise UsageError(f"unknown option {arg!r} (options: --force, -v, --stub STEPS)")
    stubs = {s.strip() for s in opts["stub"].split(",") if s.strip()}
    allowed = {s.name for s in STEPS if s.stubbable}
    if stubs - allowed:
        raise UsageError(
            f"only {', '.join(sorted(allowed))} can be stubbed, not {', '.join(sorted(stubs - allowed))}"
        )
    opts["stub"] = stubs
    return opts


LOCK_WAIT = 900  # seconds


def _lock(ctx: Context):
    import fcntl

    ctx.build_dir.mkdir(parents=True, exist_ok=True)
    handle = open(ctx.build_dir / "book.lock", "w")  # noqa: SIM115 (held until the run ends)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        # Another build of this repository is running: wait for it (bounded), then go on;
        # its result may make this run a no-op.
        print("book: waiting for another build of this repository to finish", file=sys.stderr)
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise StepFailed(
                        "another book build is still running in this repository"
                    ) from None
                time.sleep(1)
    return handle


def _line(i: int, step: Step, note: str, seconds: float | None) -> None:
    timing = f" ({seconds:.1f} s)" if seconds is not None else ""
    print(f"[{i}/{len(STEPS)}] {step.title:<14} {note}{timing}", flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    current = "setup"
    ctx: Context | None = None
    try:
        opts = _parse(argv)
        ctx = Context(
            paths.here().root,
            verbose=opts["verbose"],
            force=opts["force"],
            stubbed=opts["stub"],
        )
        os.environ[paths.ROOT_ENV] = str(ctx.root)  # every child and kernel checks this project
        lock = _lock(ctx)
        for old in (ctx.build_dir / "staging").glob("*"):  # left by failed or killed runs
            shutil.rmtree(old, ignore_errors=True)
        _compute_keys(ctx)

        def satisfied(step: Step) -> bool:
            return step.name in ctx.stubbed or _stamp_ok(ctx, step.name)

        if _published_ok(ctx) and all(satisfied(s) for s in STEPS if s.stamped and s.stubbable):
            for i, step in enumerate(STEPS, 1):
                _line(
                    i,
                    step,
                    "STUBBED" if step.name in ctx.stubbed else "skipped (inputs unchanged)",
                    None,
                )
            print(
                f"book up to date: {ctx.published.relative_to(ctx.root)} ({time.monotonic() - started:.1f} s)"
            )
            lock.close()
            return 0

        for i, step in enumerate(STEPS, 1):
            current = step.name
            if step.name in ctx.stubbed:
                _line(i, step, f"STUBBED (not run: {STUB_ENV})", None)
                continue
            if (
                step.stamped
                and _stamp_ok(ctx, step.name)
                and (step.name != "bundle" or (ctx.root / "_static" / "vega-bundle.js").is_file())
            ):
                _line(i, step, "skipped (inputs unchanged)", None)
                continue
            if step.name == "validate" and "gate" not in ctx.stubbed and not _stamp_ok(ctx, "gate"):
                # the claim tests need nothing validate makes: run both checks at once
                start_early(ctx, "gate")
            t0 = time.monotonic()
            print(
                f"[{i}/{len(STEPS)}] {step.title:<14} ...",
                end="\r" if sys.stdout.isatty() else "\n",
                flush=True,
            )
            note = step.run(ctx)
            _line(i, step, note, time.monotonic() - t0)
            if step.stamped:
                _write_json(_stamp_path(ctx, step.name), {"key": ctx.keys[step.name]})
        total = time.monotonic() - started
        if ctx.skip_build:
            print(f"book up to date: {ctx.published.relative_to(ctx.root)} ({total:.1f} s)")
        elif ctx.stubbed:
            print(
                f"book published WITH STUBBED STEPS ({', '.join(sorted(ctx.stubbed))}) in {total:.1f} s"
            )
        else:
            print(f"book published: {ctx.published.relative_to(ctx.root)} ({total:.1f} s)")
        lock.close()
        return 0
    except UsageError as err:
        print(f"book: {err}", file=sys.stderr)
        return 2
    except StepFailed as err:
        print(f"book: {current} failed: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"book: interrupted during {current}", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 (no traceback: one line, the rest is in the logs)
        print(f"book: {current} failed: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    finally:
        if ctx is not None:
            stop_early(ctx)  # a check started early must not outlive a failed run


if __name__ == "__main__":
    sys.exit(main())
