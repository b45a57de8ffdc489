"""Command line: python -m ngoclaims <command>. Each command imports only what it needs,
so `verify` never pays for Great Expectations."""

from __future__ import annotations

import importlib
import os
import sys

# command -> (module, help); each module exposes main(argv) -> int
COMMANDS = {
    "verify": ("ngoclaims.gate.verify", "recompute every claim and print its verdict"),
    "coverage": (
        "ngoclaims.claims.coverage",
        "list every number of the article and the claim covering it",
    ),
    "expectations": (
        "ngoclaims.gate.expectations",
        "regenerate expectations/claims_against_evidence.json",
    ),
    "validate": ("ngoclaims.gate.validate", "run the Great Expectations suites"),
    "book": (
        "ngoclaims.build.book",
        "regenerate, verify, validate, test and build the book; publish only if all passed",
    ),
    "pdf": ("ngoclaims.build.pdf", "print the built book to PDF"),
}


def _take_root(argv: list[str]) -> str | None:
    """Remove ``--root PATH`` (or ``--root=PATH``) from argv, wherever it stands."""
    for i, arg in enumerate(argv):
        if arg == "--root" and i + 1 < len(argv):
            del argv[i]
            return argv.pop(i)
        if arg.startswith("--root="):
            return argv.pop(i).split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad input ends in one line and exit 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    root = _take_root(argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print("usage: python -m ngoclaims [--root PATH] <command> [options]\n")
        for name, (_, text) in COMMANDS.items():
            print(f"  {name:<13} {text}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    from ngoclaims import paths
    from ngoclaims.errors import DataError

    module = importlib.import_module(COMMANDS[argv[0]][0])
    try:
        paths.use_root(root)
        return int(module.main(argv[1:]) or 0)
    except BrokenPipeError:
        # the reader went away (`verify | head`): stop quietly, as a pipe's writer should
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except DataError as err:
        # Bad input is the user's to fix: one line, no traceback.
        print(f"error: {err.message}", file=sys.stderr)
        return 2
