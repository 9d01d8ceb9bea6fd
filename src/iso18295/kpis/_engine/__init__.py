"""The machinery behind `iso18295.kpis`: expressions, grouping, the vectorised pass, results.

Private: nothing here imports the KPI definitions.
"""
