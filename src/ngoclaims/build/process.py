"""The build's child processes: each runs in the project's root with the venv first and
nothing from the user's Jupyter or IPython configuration.

Chapters run in the ``python3`` kernel of the venv (``.venv/share/jupyter/kernels/python3``,
installed by ipykernel; jupyter_client replaces its argv ``python`` with the running
interpreter, where ``ngoclaims`` is installed). ``JUPYTER_PATH`` points at the venv's
share/jupyter and ``JUPYTER_CONFIG_DIR``/``IPYTHONDIR`` at ``_build/env/``, so no kernel
spec or IPython startup file of the user's home takes part. The one startup file there is
the build's own: it spares each kernel the grammars of rfc3987-syntax (:mod:`ngoclaims.imports`).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ngoclaims.build.context import Context, StepFailed
from ngoclaims.imports import KERNEL_STARTUP

__all__ = [
    "Background",
    "Stopped",
    "child_env",
    "one_line",
    "plain",
    "require_loopback",
    "run",
    "show",
    "write_kernel_startup",
]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(text: str, root: Path | None = None) -> list[str]:
    """Output as lines without colour codes (and without the root's path, when given)."""
    lines = [_ANSI.sub("", line).rstrip() for line in text.splitlines()]
    return [line.replace(f"{root}/", "") for line in lines] if root else lines


def one_line(text: str, limit: int = 240) -> str:
    """Whitespace collapsed, cut at ``limit`` characters: the last line of a failed run."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(lines: list[str], limit: int = 30) -> None:
    """Print the last ``limit`` lines of a failed step's output, indented, to stderr."""
    for line in lines[-limit:]:
        print(f"    | {line}", file=sys.stderr)


def child_env(ctx: Context) -> dict[str, str]:
    """The environment of every command: the venv first, no user configuration, no
    analytics.
    """
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")  # its python3 kernel first
    env["JUPYTER_CONFIG_DIR"] = str(ctx.paths.build_env / "jupyter-config")
    env["IPYTHONDIR"] = str(ctx.paths.build_env / "ipython")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONNOUSERSITE"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["GX_ANALYTICS_ENABLED"] = "false"
    env.pop("MPLBACKEND", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode spares each child compiling
    for name in ("JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    write_kernel_startup(Path(env["IPYTHONDIR"]))
    return env


def write_kernel_startup(ipython_dir: Path) -> None:
    """The one IPython startup file of the build's kernels (see :mod:`ngoclaims.imports`),
    in ``ipython_dir``, written when missing or different."""
    startup = ipython_dir / "profile_default" / "startup" / "00-ngoclaims.py"
    if not startup.is_file() or startup.read_text(encoding="utf-8") != KERNEL_STARTUP:
        startup.parent.mkdir(parents=True, exist_ok=True)
        startup.write_text(KERNEL_STARTUP, encoding="utf-8")


class Stopped(StepFailed):
    """A command ended early because what it waited on said to stop (a check failed)."""


def _popen(
    ctx: Context, args: list[str], out: IO[str] | int, group: bool = False
) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=ctx.root,
        env=child_env(ctx),
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=group,  # its own process group, to end with all its children
    )


GRACE = 1.0  # seconds a stopped command's processes have to end before they are killed


def _end_group(proc: subprocess.Popen) -> None:
    """End the command's process group: SIGTERM, then SIGKILL to whatever is left after
    :data:`GRACE` (nbclient's clients catch SIGTERM to shut their kernel down, then carry on,
    holding the command's output open)."""
    deadline = time.monotonic() + GRACE
    for sig in (signal.SIGTERM, 0, signal.SIGKILL):  # 0: is any of them left?
        try:
            os.killpg(proc.pid, sig)
            while sig == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
                os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return  # it has ended, children and all


class _Watch:
    """Ends a command's process group as soon as ``stop()`` says so (polled five times a
    second in a thread, since the command's output may be silent for seconds)."""

    def __init__(self, proc: subprocess.Popen, stop: Callable[[], bool]) -> None:
        self.proc, self.stop = proc, stop
        self.fired, self._done = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.2):
            if self.stop():
                self.fired.set()
                _end_group(self.proc)
                return

    def close(self) -> None:
        """Stop watching (the command has ended)."""
        self._done.set()
        self._thread.join()


def run(
    ctx: Context,
    args: list[str],
    log: Path | None = None,
    stop: Callable[[], bool] | None = None,
) -> tuple[int, str]:
    """Run a command in the root; returns its exit code and output. The output also goes,
    as it comes, to ``log`` (when given) and, with ``-v``, to the terminal. With ``stop``,
    the command and every process it started end as soon as ``stop()`` is true, and
    :class:`Stopped` is raised.
    """
    sinks: list[IO[str]] = [sys.stdout] if ctx.verbose else []
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        sinks.append(log.open("w", encoding="utf-8"))
    proc = _popen(ctx, args, subprocess.PIPE, group=stop is not None)
    watch = _Watch(proc, stop) if stop is not None else None
    assert proc.stdout is not None
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            for sink in sinks:
                sink.write(line)
    except BaseException:  # an interrupt reaches only this process, not the child's group
        if watch is not None:
            _end_group(proc)
        raise
    finally:
        proc.wait()
        if watch is not None:
            watch.close()
        if log is not None:
            sinks[-1].close()
    if watch is not None and watch.fired.is_set():
        raise Stopped("stopped before it ended: what it ran beside failed")
    return proc.returncode, "".join(lines)


@dataclass
class Background:
    """A command started beside another step; its step later waits for it."""

    proc: subprocess.Popen
    out: IO[str]
    since: float  # when it started (the clock of file times), for what waits for its output

    @classmethod
    def start(cls, ctx: Context, args: list[str]) -> Background:
        """Start ``args`` now, its output kept in a temporary file. At the build's own
        priority: at a lower one, a failing check waited for the busy cores and reported its
        failure only once the build it should have stopped had nearly finished."""
        out = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        since = time.time()
        return cls(_popen(ctx, args, out), out, since)

    @property
    def pid(self) -> int:
        """Its process id, for another process to see whether it still runs."""
        return self.proc.pid

    @property
    def failed(self) -> bool:
        """Whether it has ended already, with an error."""
        return self.proc.poll() not in (None, 0)

    def wait(self) -> tuple[int, str]:
        """Its exit code and output, once it has finished."""
        code = self.proc.wait()
        self.out.seek(0)
        output = self.out.read()
        self.out.close()
        return code, output

    def stop(self) -> None:
        """End it if it still runs: a check started early must not outlive a failed run."""
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
        self.out.close()


def require_loopback() -> None:
    """Jupyter kernels talk to the build over 127.0.0.1: without loopback (a fresh network
    namespace) every kernel would time out after a minute, so say it at once.
    """
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
