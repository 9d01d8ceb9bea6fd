"""Exports of the library's tables to Arrow, and through Arrow to pandas and polars.

pyarrow, pandas and polars are optional: every function here imports them
when called (`.libraries`), never at module import.
"""
