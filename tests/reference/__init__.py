"""Slow, obvious oracles that tests compare the library against."""
