"""Fuzz test set-up: the atheris harness is a script for ``nox -s fuzz``, not a test module."""

collect_ignore = ["atheris_targets.py"]
