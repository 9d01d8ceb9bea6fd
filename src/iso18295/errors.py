"""Every exception and warning the library raises on purpose.

Import them from here, for example ``from iso18295.errors import LoadError``.

The hierarchy::

    Iso18295Error                     base of every error raised on purpose
    ├── LoadError(ValueError)         a document or file is unreadable or invalid;
    │                                 carries the source and *every* problem found
    ├── ModelError(ValueError)        an object would break a domain invariant;
    │                                 carries every problem found on that object
    ├── RuleError                     a bad rule definition, or a duplicate rule id
    ├── UnknownIdError(KeyError)      an id looked up (rule, finding, client, agent...)
    │                                 does not exist; suggests the closest known ids
    ├── CalculationError(ValueError)  inconsistent KPI or staffing input
    ├── ReportError                   unknown report format, bad options, unwritable target
    └── MissingDependencyError(ImportError)
                                      an optional library a feature needs is not
                                      installed; names the extra to install
    Iso18295Warning(UserWarning)
    ├── UndefinedKpiWarning           a KPI has no value on this data; the result is NaN
    └── RulePackWarning               an installed rule pack failed to load or reuses
                                      rule ids; the run goes on without it

Messages follow one pattern, ``<where>: expected <what>, found <what>``, with
``; <hint>`` appended when the fix is obvious.  Values of fields that hold
personal data are described (``a 14-character string``), never echoed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import final

import attrs

from . import _namespaces

__all__ = [
    "MAX_PROBLEMS_PER_KIND",
    "CalculationError",
    "Iso18295Error",
    "Iso18295Warning",
    "LoadError",
    "MissingDependencyError",
    "ModelError",
    "Problem",
    "ReportError",
    "RuleError",
    "RulePackWarning",
    "UndefinedKpiWarning",
    "UnknownIdError",
]


@final
@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input: where it is, what was expected, what was found.

    Parameters
    ----------
    path : str
        Where the problem is inside the input, as a field path such as
        ``agents[3].training[0].completed_on``; empty for the input as a whole.
    expected : str
        What a valid value looks like, in words.
    found : str
        What was there instead, in words.  Personal data is described, never quoted.
    hint : str or None, default None
        How to fix it, when that is obvious.

    Examples
    --------
    >>> p = Problem(path="agents[3].hired_on", expected="a date", found="'03/04/2026'")
    >>> str(p)
    "agents[3].hired_on: expected a date, found '03/04/2026'"
    """

    path: str
    expected: str
    found: str
    hint: str | None = None

    def prefixed(self, prefix: str) -> Problem:
        """Return the same problem with `prefix` put in front of its path.

        Parameters
        ----------
        prefix : str
            The path of the object that contains the problem's path, such as
            ``agents[3]``.  An index prefix (``[3]``) joins without a dot.

        Returns
        -------
        Problem
            A copy whose path starts with `prefix`.
        """
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return attrs.evolve(self, path=path)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        text = f"{where}expected {self.expected}, found {self.found}"
        return f"{text}; {self.hint}" if self.hint else text


MAX_PROBLEMS_PER_KIND = 100
"""How many problems of one kind an error message lists; the rest are counted.

Problems are of one kind when their paths differ only in list indices and
they expect the same thing (``agents[3].name`` and ``agents[7].name``, both
expecting a value).  The ``problems`` attribute of the error always holds every
problem; only the message is shortened.
"""

_INDEX = re.compile(r"\[\d+\]")


def _listing(header: str, problems: tuple[Problem, ...]) -> str:
    if len(problems) == 1:
        return f"{header}: {problems[0]}"
    shown: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    for problem in problems:
        kind = (_INDEX.sub("[*]", problem.path), problem.expected)
        seen = counts.get(kind, 0)
        counts[kind] = seen + 1
        if seen < MAX_PROBLEMS_PER_KIND:
            shown.append(f"  - {problem}")
    for (path, expected), count in counts.items():
        if count > MAX_PROBLEMS_PER_KIND:
            more = count - MAX_PROBLEMS_PER_KIND
            where = f"{path}: " if path else ""
            shown.append(
                f"  - ... and {more:,} more like {where}expected {expected} "
                f"({count:,} in all; see .problems)"
            )
    lines = "\n".join(shown)
    return f"{header}: {len(problems):,} problems\n{lines}"


class Iso18295Error(Exception):
    """Base class of every error the library raises on purpose.

    Catch this to handle any failure of the library's own making; anything else
    escaping the public API is a bug.
    """


class ModelError(Iso18295Error, ValueError):
    """An object would break a domain invariant.

    Raised by the constructors of the model classes.  Every problem found on the
    object is reported at once, not only the first.

    Parameters
    ----------
    owner : str
        The class (or other context) whose invariant is broken, e.g. ``Agent``.
    problems : iterable of Problem
        Every problem found; paths are relative to the object.

    Attributes
    ----------
    owner : str
    problems : tuple of Problem
    """

    def __init__(self, owner: str, problems: Iterable[Problem]) -> None:
        self.owner = owner
        self.problems = tuple(problems)
        super().__init__(_listing(owner, self.problems))


class LoadError(Iso18295Error, ValueError):
    """A document or file could not be read into the model.

    One ``LoadError`` lists every problem found in the input, each with the path
    inside the document, what was expected and what was found.

    Parameters
    ----------
    source : str
        The file name, or a description such as ``<string>`` for text input.
    problems : iterable of Problem
        Every problem found in the input.

    Attributes
    ----------
    source : str
    problems : tuple of Problem

    Examples
    --------
    >>> err = LoadError("centre.toml", [Problem(path="name", expected="a string", found="42")])
    >>> print(err)
    centre.toml: name: expected a string, found 42
    """

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(_listing(source, self.problems))


class RuleError(Iso18295Error):
    """A rule definition is invalid, or a rule id is duplicated."""


class UnknownIdError(Iso18295Error, KeyError):
    """An id that was looked up does not exist; the message suggests the closest known ids.

    It is a `KeyError`, so code written for mapping lookups keeps working.
    Suggestions are known ids that start with the id given (``P1-4.4`` finds
    every ``P1-4.4-*`` rule) or whose part after the first dash does (``4.4``
    finds them too), then those within a small edit distance.

    Parameters
    ----------
    kind : str
        What was looked up, e.g. ``"rule"``, ``"client"``.
    id : str
        The id given.
    known : iterable of str
        Every id of that kind.

    Attributes
    ----------
    kind : str
    id : str
    suggestions : tuple of str
        Up to five close known ids, best first.

    Examples
    --------
    >>> known = ["P1-4.4-procedure", "P1-4.4-division", "P1-9-review"]
    >>> err = UnknownIdError("rule", "P1-4.4", known)
    >>> print(err)
    expected the id of a rule, found 'P1-4.4'; did you mean 'P1-4.4-division', 'P1-4.4-procedure'?
    """

    def __init__(self, kind: str, id: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.id = id
        self.suggestions = _suggest(id, sorted(set(known)))
        hint = (
            f"; did you mean {', '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        )
        article = "an" if kind[:1].lower() in ("a", "e", "i", "o", "u") else "a"
        self.message = f"expected the id of {article} {kind}, found {id!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message  # KeyError would quote the message


def _suggest(wanted: str, known: list[str]) -> tuple[str, ...]:
    import difflib  # only on a failed lookup

    starting = [
        k
        for k in known
        if k.startswith(wanted)
        or wanted.startswith(k + "-")
        or (wanted and k.partition("-")[2].startswith(wanted))  # '4.4' finds 'P1-4.4-...'
    ]
    close = difflib.get_close_matches(wanted, known, n=5, cutoff=0.6)
    return tuple(dict.fromkeys([*starting, *close]))[:5]


class CalculationError(Iso18295Error, ValueError):
    """Input to a KPI or staffing calculation is inconsistent or out of range.

    The message names the function and the argument, what was expected and what
    was found, e.g. ``erlang_c(): expected traffic_erlangs >= 0, found -1.0``.
    """


class ReportError(Iso18295Error):
    """A report cannot be produced: unknown format, bad options, unwritable target."""


class MissingDependencyError(Iso18295Error, ImportError):
    """An optional library that a feature needs is not installed.

    The message names the feature, the library, and what to install, e.g.
    ``InteractionTable.to_arrow(): expected pyarrow to be installed, found it
    missing; install the extra: pip install 'iso18295[arrow]'``.  It derives
    from `ImportError`, so code that catches a failed import keeps working.
    """


class Iso18295Warning(UserWarning):
    """Base class of every warning the library issues."""


class UndefinedKpiWarning(Iso18295Warning):
    """A KPI has no value on the given data (its denominator is zero); the result is NaN."""


class RulePackWarning(Iso18295Warning):
    """An installed rule pack could not be loaded, is not a registry, or reuses rule ids.

    Issued by `iso18295.default_registry` once per such pack.  The registry
    goes on without the pack (for reused ids, without those of its rules), and
    every assessment run with that registry reports the pack as an "error"
    finding naming it, so the conclusion is at best "incomplete".  Turn packs
    off with ``default_registry(plugins=False)`` or ``iso18295 assess
    --no-plugins``.
    """


__dir__ = _namespaces.listing(__all__)
