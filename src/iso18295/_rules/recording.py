"""Record what a rule really reads, to hold its declared evidence to account.

`recording` wraps a scope (and interaction records) in proxies that note every
model field read, as evidence paths (``"complaints[].received_at"``,
``"interactions.wait_seconds"``).  Model methods and properties run with the
proxy as ``self``, so the fields they read are noted too.  Record ids are
identity, not evidence: reading ``id`` is not noted.

`leaves` reduces a set of paths to the deepest ones, so that reading
``centre`` and then ``centre.time_zone`` counts as reading ``centre.time_zone``.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

_NOT_NOTED = frozenset({"id"})


def recording(value: object, path: str, log: set[str]) -> Any:
    """Return `value` wrapped so that reads below it are noted in `log` under `path`."""
    if attrs.has(type(value)):
        return _Record(value, path, log)
    if isinstance(value, tuple) and any(attrs.has(type(v)) for v in value):
        return _Records(value, path, log)
    if type(value).__name__ == "InteractionTable":
        return _Table(value, log)
    return value


def unwrapped(value: object) -> Any:
    """Return the object a recording proxy stands for (`value` itself if it is none)."""
    if isinstance(value, _Record | _Records | _Table):
        return object.__getattribute__(value, "_target")
    return value


def leaves(paths: Iterable[str]) -> set[str]:
    """Return the paths that no other path of `paths` extends."""
    paths = set(paths)
    return {
        p for p in paths if not any(q != p and q.startswith((p + ".", p + "[]")) for q in paths)
    }


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Record:
    """A model record whose field reads are noted."""

    __slots__ = ("_log", "_path", "_target")

    def __init__(self, target: object, path: str, log: set[str]) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_log", log)

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # isinstance() sees the model class
        return type(object.__getattribute__(self, "_target"))

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        path = object.__getattribute__(self, "_path")
        log: set[str] = object.__getattribute__(self, "_log")
        cls = type(target)
        if name in attrs.fields_dict(cls):
            value = getattr(target, name)
            if name in _NOT_NOTED:
                return value
            where = _join(path, name)
            log.add(where)
            return recording(value, where, log)
        found = inspect.getattr_static(cls, name, None)
        if isinstance(found, property) and found.fget is not None:
            return found.fget(self)
        if isinstance(found, types.FunctionType):
            return types.MethodType(found, self)
        return getattr(target, name)

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __eq__(self, other: object) -> bool:
        return bool(unwrapped(self) == unwrapped(other))

    def __hash__(self) -> int:
        return hash(unwrapped(self))

    def __repr__(self) -> str:
        return f"<recording {unwrapped(self)!r}>"


class _Records:
    """A tuple of model records whose elements are recorded under ``path[]``."""

    __slots__ = ("_log", "_path", "_target")

    def __init__(self, target: tuple[object, ...], path: str, log: set[str]) -> None:
        self._target = target
        self._path = path + "[]"
        self._log = log

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return tuple

    def _wrap(self, item: object) -> Any:
        return recording(item, self._path, self._log)

    def __iter__(self) -> Iterator[Any]:
        return (self._wrap(item) for item in self._target)

    def __len__(self) -> int:
        return len(self._target)

    def __bool__(self) -> bool:
        return bool(self._target)

    def __getitem__(self, index: Any) -> Any:
        found = self._target[index]
        if isinstance(index, slice):
            return tuple(self._wrap(item) for item in found)
        return self._wrap(found)

    def __contains__(self, item: object) -> bool:
        return unwrapped(item) in self._target

    def __add__(self, other: object) -> tuple[Any, ...]:
        return (*self, *other) if isinstance(other, Iterable) else NotImplemented

    def __radd__(self, other: object) -> tuple[Any, ...]:
        return (*other, *self) if isinstance(other, Iterable) else NotImplemented

    def __eq__(self, other: object) -> bool:
        return self._target == (
            tuple(unwrapped(o) for o in other) if isinstance(other, tuple) else other
        )

    def __hash__(self) -> int:
        return hash(self._target)

    def __repr__(self) -> str:
        return f"<recording {len(self._target)} records at {self._path}>"


class _Table:
    """Interaction records whose column reads are noted as ``interactions.<column>``."""

    __slots__ = ("_log", "_target")

    def __init__(self, target: Any, log: set[str]) -> None:
        self._target = target
        self._log = log

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._target)

    def __getitem__(self, name: str) -> Any:
        self._log.add(f"interactions.{name}")
        return self._target[name]

    def categories(self, name: str) -> tuple[str, ...]:
        """Return the labels of a category column, noting the read."""
        self._log.add(f"interactions.{name}")
        return tuple(self._target.categories(name))

    def __len__(self) -> int:
        return len(self._target)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)
