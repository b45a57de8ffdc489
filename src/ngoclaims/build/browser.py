"""The headless Chromium, driven by Playwright, that prints the PDF and that the browser
tests read the book with: one browser, found one way, cut off from the network.

The browser is ``$NGOCLAIMS_CHROMIUM`` if set, else the first of :data:`BROWSERS` on
``PATH``: Chromium's headless shell first (Debian's ``chromium-headless-shell``, the build
Playwright itself runs headless pages in: the same Blink, without the full browser around
it, and a third less CPU for the browser tests here), then a full Chromium or Chrome run
headless.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["ARGS", "BROWSERS", "BROWSER_ENV", "CHARTS_DRAWN_JS", "find", "keep_inside", "launch"]

BROWSERS = (
    "chromium-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
BROWSER_ENV = "NGOCLAIMS_CHROMIUM"
# true once every live chart of a page is drawn or has failed (_static's chart script sets
# data-state): what the PDF's print and the browser tests wait for
CHARTS_DRAWN_JS = (
    "() => [...document.querySelectorAll('figure.ngo-chart')]"
    ".every(f => f.getAttribute('data-state') !== 'pending')"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find() -> str | None:
    """Path of the Chromium to use, or None when there is none."""
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        return shutil.which(chosen) or (chosen if os.access(chosen, os.X_OK) else None)
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


@contextmanager
def launch(executable: str | None = None) -> Iterator:
    """A headless Playwright ``Browser`` on that Chromium, closed on exit. Raises
    FileNotFoundError when there is no Chromium, Playwright's Error when it cannot start.
    """
    from playwright.sync_api import sync_playwright

    executable = executable or find()
    if executable is None:
        raise FileNotFoundError(
            f"no Chromium found (looked for {', '.join(BROWSERS)}; or set {BROWSER_ENV}); "
            "on Debian: apt-get install chromium-headless-shell"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def keep_inside(folder: Path, note: Callable[[str], None] | None = None) -> Callable:
    """A Playwright route handler that lets through data: URLs and files under ``folder``
    and refuses everything else, telling ``note`` what it refused: nothing leaves the
    machine, and nothing outside the book is read.
    """
    folder = Path(os.path.abspath(folder))  # not resolved: a symlink in the book is the book's

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith("data:"):
            request_route.continue_()
        elif not url.startswith("file:"):
            (note or str)(url[:300])
            request_route.abort("blockedbyclient")
        elif _under(folder, url):
            request_route.continue_()
        else:
            (note or str)(f"file outside the book: {url}")
            request_route.abort()

    return route


def _under(folder: Path, url: str) -> bool:
    path = Path(os.path.normpath(unquote(urlsplit(url).path)))
    return path == folder or folder in path.parents
