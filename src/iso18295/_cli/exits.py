"""Exit codes of the command, and the usage error that ends with `EXIT_BAD_INPUT`.

0 success; 1 nonconformities of the ``--fail-on`` basis (or a stronger one);
2 bad input or usage (the library's error is printed, never a traceback).
"""

from __future__ import annotations

from typing import Final

EXIT_OK: Final = 0
EXIT_NONCONFORMING: Final = 1
EXIT_BAD_INPUT: Final = 2


class UsageError(Exception):
    """Arguments that parse but do not fit together; printed with the usage line."""
