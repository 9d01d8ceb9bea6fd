"""The numpy-backed model modules, for the annotations of light modules.

A light module (imported by ``import iso18295``) that names a columnar table
in a signature imports its module from here: the module loads on its first
attribute access, so ``typing.get_type_hints`` resolves the annotation while
``import iso18295`` still does not import numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._namespaces import lazy_module

if TYPE_CHECKING:
    from . import activity, interaction_table
else:
    activity = lazy_module("iso18295._model.activity")
    interaction_table = lazy_module("iso18295._model.interaction_table")

__all__ = ["activity", "interaction_table"]
