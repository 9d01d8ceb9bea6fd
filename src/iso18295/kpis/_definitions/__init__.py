"""The KPI definitions of `iso18295.kpis`, by area, and the entry points tied to them.

Private: definitions import the engine, never the reverse.
"""
