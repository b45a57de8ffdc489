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
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ngoclaims.build.context import Context, StepFailed
from ngoclaims.imports import KERNEL_STARTUP

__all__ = ["Background", "child_env", "one_line", "plain", "require_loopback", "run", "show"]

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
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("MPLBACKEND", None)
    for name in ("JUPYTER_CONFIG_DIR", "IPYTHONDIR"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    startup = Path(env["IPYTHONDIR"]) / "profile_default" / "startup" / "00-ngoclaims.py"
    if not startup.is_file() or startup.read_text(encoding="utf-8") != KERNEL_STARTUP:
        startup.parent.mkdir(parents=True, exist_ok=True)
        startup.write_text(KERNEL_STARTUP, encoding="utf-8")  # see ngoclaims.imports
    return env


BESIDE_NICENESS = 10  # how much a check beside the build yields the cores to it


def _popen(
    ctx: Context, args: list[str], out: IO[str] | int, niceness: int = 0
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
        preexec_fn=(lambda: os.nice(niceness)) if niceness else None,  # noqa: PLW1509
    )


def run(ctx: Context, args: list[str], log: Path | None = None) -> tuple[int, str]:
    """Run a command in the root; returns its exit code and output. The output also goes,
    as it comes, to ``log`` (when given) and, with ``-v``, to the terminal.
    """
    sinks: list[IO[str]] = [sys.stdout] if ctx.verbose else []
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        sinks.append(log.open("w", encoding="utf-8"))
    proc = _popen(ctx, args, subprocess.PIPE)
    assert proc.stdout is not None
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            for sink in sinks:
                sink.write(line)
    finally:
        proc.wait()
        if log is not None:
            sinks[-1].close()
    return proc.returncode, "".join(lines)


@dataclass
class Background:
    """A command started beside another step; its step later waits for it."""

    proc: subprocess.Popen
    out: IO[str]
    since: float  # when it started (the clock of file times), for what waits for its output

    @classmethod
    def start(cls, ctx: Context, args: list[str], niceness: int = BESIDE_NICENESS) -> Background:
        """Start ``args`` now, its output kept in a temporary file; by default at a lower
        priority, since the build is what the run waits for.
        """
        out = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        since = time.time()
        return cls(_popen(ctx, args, out, niceness), out, since)

    @property
    def pid(self) -> int:
        """Its process id, for another process to see whether it still runs."""
        return self.proc.pid

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
