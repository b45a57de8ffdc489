"""One error type for bad input: it always names the file, the line, the column and what
was expected, so the command line can print it as one line and exit 2."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """Bad input: names the file, the line, the column and what was expected."""

    def __init__(self, path: Path | str, line: int | None, column: str | None, expected: str):
        """Where (file, line from 1 or None, column name or None) and what was expected."""
        self.path, self.line, self.column, self.expected = str(path), line, column, expected
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The one line the user sees: `file:line: column 'c': expected ...`."""
        where = self.path
        try:
            where = str(Path(self.path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            pass
        if self.line is not None:
            where += f":{self.line}"
        col = f" column '{self.column}':" if self.column else ""
        return f"{where}:{col} {self.expected}"
