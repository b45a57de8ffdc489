"""What the book's chapters call: glue a computed value into the prose, tables of
claims and evidence, the plots' data and the charts."""
