"""Package data: the bundled example centre."""
