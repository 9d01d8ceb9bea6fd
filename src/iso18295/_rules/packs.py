"""Installed rule packs: finding them, loading them, and recording what happened.

A pack is installed code, so anything can go wrong on loading it; nothing that
does may stop an assessment.  Each pack gives a `RulePack` record, which the
registry keeps and the report's provenance lists; a pack that failed, or that
reused a rule id already taken, gives a `RulePackWarning` on loading and an
"error" finding naming it in every assessment run with that registry.
"""

from __future__ import annotations

import importlib.metadata
import logging
import warnings
from collections.abc import Callable
from typing import TypeVar, final

import attrs

from .._display import withheld_repr
from ..errors import RulePackWarning
from . import display

log = logging.getLogger(__name__)

R = TypeVar("R")


@final
@attrs.frozen(kw_only=True)
class RulePack:
    """An installed rule pack, as loaded: where it came from, its rules, what went wrong.

    Parameters
    ----------
    name : str
        The entry point's name in the ``iso18295.rules`` group.
    target : str
        What the entry point names, ``module:attribute``.
    distribution : str or None, default None
        The installed distribution (package) that declares the entry point;
        None if it cannot be told.
    version : str or None, default None
        That distribution's version.
    rule_ids : tuple of str, default ()
        The ids of the pack's rules that were added to the registry.
    collisions : tuple of str, default ()
        The ids of the pack's rules that were left out because a rule
        registered before (a built-in rule, or another pack's) had the id.
    problem : str or None, default None
        Why the pack, or some of its rules, were left out: it failed to load,
        was not a registry, or reused rule ids already taken (those rules are
        left out; the rules registered first are kept).  None if every rule
        was added.
    error_type : str or None, default None
        When loading raised, the exception's type.
    error_message : str or None, default None
        When loading raised, the exception's message; reports show it only
        with personal data included, as they do a rule's.
    """

    name: str
    target: str
    distribution: str | None = None
    version: str | None = None
    rule_ids: tuple[str, ...] = ()
    collisions: tuple[str, ...] = ()
    problem: str | None = None
    error_type: str | None = None
    error_message: str | None = attrs.field(default=None, repr=withheld_repr)

    def __repr__(self) -> str:
        return display.pack_repr(self)

    def _repr_html_(self) -> str:
        return display.pack_html(self)

    @property
    def label(self) -> str:
        """Return the pack's name, target, distribution and version, for messages.

        For example ``'acme' (acme_rules:pack, acme-rules 1.2)``.
        """
        if self.distribution is None:
            return f"{self.name!r} ({self.target})"
        version = self.version or "unknown version"
        return f"{self.name!r} ({self.target}, {self.distribution} {version})"


def exception_type(exc: BaseException) -> str:
    """Return the name of `exc`'s type, qualified with its module unless built in."""
    kind = type(exc)
    if kind.__module__ in ("builtins", "__main__"):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def exception_message(exc: BaseException) -> str:
    """Return ``str(exc)``, or a placeholder if even that raises."""
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a hostile __str__ must not take the run down
        return "(the message could not be rendered)"


def installed_entry_points(group: str) -> tuple[importlib.metadata.EntryPoint, ...]:
    """Return the entry points in `group` of every installed distribution, by name."""
    found = importlib.metadata.entry_points(group=group)
    return tuple(sorted(found, key=lambda e: (e.name, e.value)))


def load_pack(
    entry_point: importlib.metadata.EntryPoint, kind: type[R]
) -> tuple[RulePack, R | None]:
    """Load one pack; return its record and its registry (None if it failed).

    Any exception raised while importing the pack or calling its factory is
    caught and recorded: a pack is someone else's code.
    """
    dist = getattr(entry_point, "dist", None)  # None for an entry point made by hand
    record = RulePack(
        name=entry_point.name,
        target=entry_point.value,
        distribution=None if dist is None else _metadata(dist, "Name"),
        version=None if dist is None else _metadata(dist, "Version"),
    )
    try:
        pack: object = entry_point.load()
        if callable(pack) and not isinstance(pack, kind):
            factory: Callable[[], object] = pack
            pack = factory()
    except Exception as exc:  # noqa: BLE001 - a broken pack must not stop the run
        kind_name = exception_type(exc)
        record = attrs.evolve(
            record,
            problem=f"rule pack {record.label} could not be loaded: {kind_name} raised",
            error_type=kind_name,
            error_message=exception_message(exc),
        )
        warn(record)
        return record, None
    if not isinstance(pack, kind):
        record = attrs.evolve(
            record,
            problem=f"rule pack {record.label}: expected a Registry, found {type(pack).__name__}",
        )
        warn(record)
        return record, None
    return record, pack


def _metadata(dist: importlib.metadata.Distribution, field: str) -> str | None:
    """Return one field of a distribution's metadata, or None if it is missing or unreadable."""
    try:
        value: object = dist.metadata[field]
    except Exception:  # noqa: BLE001 - a broken METADATA file must not stop the run
        return None
    return value if isinstance(value, str) else None


def warn(record: RulePack) -> None:
    """Issue the `RulePackWarning` for a pack that was left out, wholly or in part."""
    log.warning("%s", record.problem)
    warnings.warn(
        f"{record.problem}; the assessment goes on without it and reports it as an error "
        "finding (default_registry(plugins=False) or --no-plugins turns packs off)",
        RulePackWarning,
        stacklevel=4,
    )
