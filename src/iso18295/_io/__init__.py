"""Input and output: the strict converter, documents, tables."""
