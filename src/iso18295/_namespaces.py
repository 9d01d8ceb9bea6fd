"""How the public namespaces are assembled from the private modules.

The library's objects are defined in private modules (``iso18295._model``,
``iso18295._rules``...) and exported from a few public namespaces
(``iso18295``, ``iso18295.errors``, ``iso18295.kpis``...).  This module makes
the exported objects say where users import them from:

* :func:`publish` sets ``__module__`` of every class and function a namespace
  exports to that namespace, so reprs, tracebacks, pickles and the API docs
  show ``iso18295.Scope`` rather than a private path.  A class's annotations
  are strings (``from __future__ import annotations``) that
  :func:`typing.get_type_hints` evaluates in the module named by
  ``__module__``; each one becomes a :class:`typing.ForwardRef` bound to the
  module that defined it, so type hints still resolve, lazily, as before.
* :func:`attach_lazy` gives a namespace its lazily imported names (the ones
  that import numpy) from one table, with ``__getattr__`` and ``__dir__``.
* :func:`lazy_module` lets a light module name a numpy-backed class in its
  annotations without importing numpy until the hint is evaluated.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
import types
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import ForwardRef

_LIBRARY = "iso18295"


def publish(namespace: str, names: Iterable[str], objects: Mapping[str, object]) -> None:
    """Set the public ``__module__`` of each named class and function.

    Objects that the library did not define (constants, numbers, dates) and
    objects already published are left alone.
    """
    for name in names:
        _publish_one(namespace, objects[name])


def _publish_one(namespace: str, obj: object) -> None:
    if not (isinstance(obj, type | types.FunctionType) or hasattr(obj, "__wrapped__")):
        return  # constants, instances and modules keep their own names
    home = getattr(obj, "__module__", None)
    if not isinstance(home, str) or not home.startswith(f"{_LIBRARY}.") or home == namespace:
        return
    if not _is_private(home) and home != namespace:
        return  # exported from another public namespace too; that one owns it
    if isinstance(obj, type):
        _bind_annotations(obj, home)
    obj.__module__ = namespace


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


def _bind_annotations(cls: type, home: str) -> None:
    """Make the class's own string annotations resolve in ``home``, whatever ``__module__``."""
    own = inspect.get_annotations(cls)
    if not own:
        return
    cls.__annotations__ = {
        key: ForwardRef(value, is_argument=False, is_class=True, module=home)
        if isinstance(value, str)
        else value
        for key, value in own.items()
    }


def attach_lazy(
    namespace: str, table: Mapping[str, str], scope: MutableMapping[str, object]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a namespace whose ``table`` names load lazily.

    ``table`` maps each lazily loaded name to the absolute name of the module
    defining it (a subpackage maps to itself).  The first access imports the
    module, publishes the name, and caches it in the namespace.
    """

    def getattr_(name: str) -> object:
        try:
            module_name = table[name]
        except KeyError:
            raise AttributeError(f"module {namespace!r} has no attribute {name!r}") from None
        module = importlib.import_module(module_name)
        value: object = module if module_name == f"{namespace}.{name}" else getattr(module, name)
        _publish_one(namespace, value)
        scope[name] = value
        return value

    def dir_() -> list[str]:
        exported = scope["__all__"]
        assert isinstance(exported, list)
        return sorted(exported)

    return getattr_, dir_


def listing(exported: list[str]) -> Callable[[], list[str]]:
    """``__dir__`` for a namespace: its exports, sorted."""

    def dir_() -> list[str]:
        return sorted(exported)

    return dir_


def publish_lazy(module_name: str, namespace: str = _LIBRARY) -> None:
    """Publish the names ``namespace`` loads lazily from ``module_name``.

    Called at the end of a numpy-backed module, so its classes carry their
    public name even when reached through another module first.
    """
    package = sys.modules.get(namespace)
    table = getattr(package, "_LAZY", None)
    if not isinstance(table, Mapping):
        return
    module = sys.modules[module_name]
    for name, home in table.items():
        if home == module_name:
            _publish_one(namespace, getattr(module, name))


def lazy_module(name: str) -> types.ModuleType:
    """Return the module ``name``, to be executed on its first attribute access."""
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - a packaging error
        raise ImportError(f"cannot find module {name!r}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
