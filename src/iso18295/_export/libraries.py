"""The optional libraries the exports use, imported on demand with a clear error if missing."""

from __future__ import annotations

import importlib
from typing import Any, Final

from ..errors import MissingDependencyError

ARROW_EXTRA: Final = "pip install 'iso18295[arrow]'"
"""How to install pyarrow, which every export needs."""

_HOW: Final = {
    "pyarrow": f"install the extra: {ARROW_EXTRA}",
    "pandas": f"install it with the extra: {ARROW_EXTRA} pandas",
    "polars": "install it: pip install polars",
}


def require(library: str, where: str) -> Any:
    """Return the module `library` (pyarrow, pandas or polars), imported now.

    Parameters
    ----------
    library : {"pyarrow", "pandas", "polars"}
        The library to import.
    where : str
        The method asking for it, for the message, e.g. ``"InteractionTable.to_arrow()"``.

    Raises
    ------
    MissingDependencyError
        If the library is not installed; the message says what to install.
    """
    try:
        return importlib.import_module(library)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{where}: expected {library} to be installed, found it missing; {_HOW[library]}",
            name=library,
        ) from exc
