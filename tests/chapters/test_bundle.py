"""The vega bundle is checked without importing Altair or vl-convert, and rewritten only
when it was made for other versions."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

from ngoclaims.chapters import bundle


def test_the_key_names_the_installed_versions():
    key = bundle.bundle_key()
    assert f"vl-convert {version('vl-convert-python')}" in key
    assert f"altair {version('altair')}" in key


def test_a_bundle_is_current_only_with_this_key_on_its_first_line(tmp_path):
    path = tmp_path / bundle.BUNDLE_NAME
    assert not bundle.is_current(path)  # missing
    path.write_text(f"/* {bundle.bundle_key()} */\nbody\n", encoding="utf-8")
    assert bundle.is_current(path)
    path.write_text("/* vl-convert 0.1; altair 1.0; scoped */\nbody\n", encoding="utf-8")
    assert not bundle.is_current(path)


def test_a_current_bundle_is_kept_without_importing_altair(tmp_path):
    path = tmp_path / bundle.BUNDLE_NAME
    path.write_text(f"/* {bundle.bundle_key()} */\nkept\n", encoding="utf-8")
    code = (
        "import sys; from ngoclaims.chapters.bundle import write_bundle; "
        f"print(write_bundle({str(tmp_path)!r}), 'altair' in sys.modules, "
        "'vl_convert' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]
    assert path.read_text(encoding="utf-8").endswith("kept\n")


def test_a_stale_bundle_is_rewritten_for_this_key(tmp_path):
    path = tmp_path / bundle.BUNDLE_NAME
    path.write_text("/* vl-convert 0.1; altair 1.0; scoped */\nold\n", encoding="utf-8")
    assert bundle.write_bundle(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"/* {bundle.bundle_key()} */\n(function () {{")
    assert "vegaEmbed" in text and "old" not in text.splitlines()[1]
    assert not bundle.write_bundle(tmp_path)  # now current: left as it is
