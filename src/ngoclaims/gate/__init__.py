"""The gate a book must pass: `verify` (every verdict recomputed), the generated files
(the GX suites, the data package, the bibliography) and `validate` (the GX suites run)."""
