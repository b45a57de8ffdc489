"""Imports made cheaper where nothing is lost by it.

jsonschema, when ``rfc3987-syntax`` is installed (the environment has it, through
jupyter-events' ``jsonschema[format-nongpl]``), imports it to check the 'iri' formats, and
``rfc3987-syntax`` compiles its 38 grammars as it is imported: over a second in every
process that imports jsonschema (Great Expectations, Altair, nbformat, MyST-NB). Nothing
this project validates uses those formats. The build's processes (Sphinx, the kernels
that run the chapters, ``validate``) and the test processes (``tests/conftest.py``)
therefore go without it: jsonschema, finding it absent, leaves those formats unchecked,
which is all it would have used it for.
"""

from __future__ import annotations

import sys

# what an IPython kernel runs first (an IPython startup file in the build's IPYTHONDIR)
KERNEL_STARTUP = "__import__('sys').modules.setdefault('rfc3987_syntax', None)\n"  # no name left


def without_iri_grammars() -> None:
    """Keep jsonschema from loading rfc3987-syntax in this process (see the module's text)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
