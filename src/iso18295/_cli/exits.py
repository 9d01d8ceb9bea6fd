"""Exit codes of the command, and the usage error that ends with `EXIT_BAD_INPUT`.

0 success; 1 the ``--fail-on`` gate failed; 2 bad input or usage (the library's
error is printed, never a traceback); 3 the gate could not pass because a rule
crashed (the run is incomplete); 70 an internal error (a bug: please report it);
130 interrupted (Ctrl-C).  A closed output pipe (``iso18295 rules | head``) ends
quietly with 0.
"""

from __future__ import annotations

from typing import Final

EXIT_OK: Final = 0
EXIT_NONCONFORMING: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_INCOMPLETE: Final = 3
EXIT_INTERNAL: Final = 70
EXIT_INTERRUPTED: Final = 130


class UsageError(Exception):
    """Arguments that parse but do not fit together; printed with the usage line."""
