"""`kpi_families.py` is input for mypy, not a test module: pytest leaves it alone."""

collect_ignore = ["kpi_families.py"]
