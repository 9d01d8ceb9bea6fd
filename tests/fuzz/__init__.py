"""Fuzz tests: hostile input to every public entry point; see docs/contributing (issue #18)."""
