"""Staging and publishing: the book is built into ``_build/staging/<id>/`` and replaces
``_build/html`` only after every step passed, in one atomic swap where the system has one.
On any failure ``_build/html`` stays as it was, byte for byte: the last good book.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from ngoclaims.build import keys
from ngoclaims.build.context import Context

__all__ = ["clear_staging", "exchange", "new_staging", "publish", "published_ok"]


def published_ok(ctx: Context) -> bool:
    """Whether ``_build/html`` is the book the current inputs make."""
    return (ctx.paths.html / "index.html").is_file() and keys.read_json(ctx.paths.html_stamp).get(
        "key"
    ) == ctx.keys["book"]


def clear_staging(ctx: Context) -> None:
    """Remove what failed or killed runs left in ``_build/staging``."""
    for old in ctx.paths.staging.glob("*"):
        shutil.rmtree(old, ignore_errors=True)


def new_staging(ctx: Context) -> Path:
    """A fresh folder for this run's build (``ctx.staging``)."""
    ctx.staging = ctx.paths.staging / f"{ctx.keys['book'][:12]}-{os.getpid()}"
    ctx.staging.mkdir(parents=True)
    return ctx.staging


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False if the
    system cannot.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(ctx: Context) -> None:
    """Swap the staged HTML into ``_build/html`` and stamp it with the book's key."""
    assert ctx.staging is not None
    staged, published = ctx.staging / "html", ctx.paths.html
    ctx.paths.html_stamp.unlink(missing_ok=True)  # a crash from here on means "rebuild"
    if not published.exists():
        os.rename(staged, published)
    elif not exchange(staged, published):
        os.rename(published, ctx.staging / "previous-html")
        os.rename(staged, published)
    keys.write_json(
        ctx.paths.html_stamp,
        {"key": ctx.keys["book"], "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
    )
    shutil.rmtree(ctx.staging, ignore_errors=True)
