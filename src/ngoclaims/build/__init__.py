"""The book's build: the steps of `make book` with their cache keys, executing the
chapters, Sphinx, the checks of the built HTML, publishing, and the PDF.
"""
