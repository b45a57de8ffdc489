"""The browser the browser tests share: headless Chromium through Playwright, one per test
module (Playwright's sync API runs an event loop while a browser is open, which would break
a later in-process print, as test_pdf.py does). A module uses it with
``from browsing import browser``."""

from __future__ import annotations

import os
import sys

import pytest

from ngoclaims.build import browser as chromium


def unavailable(reason: str) -> None:
    """No browser: a skip on a developer's machine, a failure in CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests need Chromium under CI=true: {reason}", pytrace=False)
    print(f"\nbrowser tests skipped: {reason}", file=sys.stderr)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module."""
    try:
        from playwright.sync_api import Error as PlaywrightError
    except ImportError as err:
        unavailable(f"Playwright is not installed ({err})")
    executable = chromium.find()
    if executable is None:
        unavailable(
            f"no Chromium (looked for {', '.join(chromium.BROWSERS)}; or set {chromium.BROWSER_ENV})"
        )
    try:
        with chromium.launch(executable) as launched:
            yield launched
    except PlaywrightError as err:
        unavailable(f"Playwright cannot launch {executable}: {str(err).splitlines()[0]}")
