"""The ``iso18295`` command: parses arguments, calls public functions, prints their results.

One module per job:

- `main`: the top-level parser, logging, dispatch to a command, errors to exit codes;
- `exits`: the exit codes, and the usage error that ends with code 2;
- `inputs`: where a command's scope comes from (``PATH`` or ``--example``, ``--as-of``);
- `output`: where a command's text goes (standard output or ``--output FILE``);
- `records`: interaction files named by ``assess --interactions`` (joined, quarantined);
- `selection`, `gate`, `baseline`: ``--select``/``--skip``, ``--fail-on`` and its exit
  codes, ``--baseline`` (and ``diff``);
- `assess`, `diff`, `summary`, `policy`, `rules`, `schema`: one module per command, each
  with its arguments (``add_parser``), what it runs (``run``) and the text it prints.

``python -m iso18295`` and the installed ``iso18295`` script both call `main`.
"""

from .main import main

__all__ = ["main"]
