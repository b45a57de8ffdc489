"""What the book's chapters call: glue a computed value into the prose, tables of
claims and evidence, the plots' data and the charts.

Importing it spares the process rfc3987-syntax's grammars (:mod:`ngoclaims.imports`), as
the build's kernels are spared them by their startup file: a chapter run in a reader's own
kernel (JupyterLab, the standalone test) then starts a second sooner too.
"""

from ngoclaims.imports import without_iri_grammars

without_iri_grammars()
