"""The examples in the docstrings of public classes' methods run, and give what they show.

pytest's ``--doctest-modules`` finds a method's examples only where the
method's module is the one being collected; a published class reports its
public ``__module__`` (``iso18295``, ``iso18295.kpis``...) while its methods
live in private modules, so pytest collects neither place.  This test finds
those examples from the public namespaces and runs each with the globals of
the module that defines the method, as pytest would.
"""

from __future__ import annotations

import doctest
import inspect
from collections.abc import Callable, Iterator

import pytest

import iso18295
from iso18295 import errors, examples, kpis, plots, reports, staffing

NAMESPACES = (iso18295, errors, kpis, staffing, reports, examples, plots)


def _functions(cls: type) -> Iterator[tuple[str, Callable[..., object]]]:
    for attribute, value in vars(cls).items():
        if isinstance(value, property):
            value = value.fget
        value = getattr(value, "__func__", value)  # classmethod, staticmethod
        if inspect.isfunction(value) and value.__doc__ and ">>>" in value.__doc__:
            yield attribute, value


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(recurse=False)
    found: list[doctest.DocTest] = []
    seen: set[int] = set()
    for namespace in NAMESPACES:
        for name in namespace.__all__:
            cls = getattr(namespace, name)
            if not inspect.isclass(cls) or id(cls) in seen:
                continue
            seen.add(id(cls))
            for attribute, function in _functions(cls):
                where = f"{namespace.__name__}.{name}.{attribute}"
                found += [
                    test
                    for test in finder.find(function, where, globs=dict(function.__globals__))
                    if test.examples
                ]
    return sorted(found, key=lambda test: test.name)


EXAMPLES = _examples()


def test_methods_with_examples_are_found() -> None:
    # A finder that silently found nothing would make the test below vacuous.
    names = {test.name for test in EXAMPLES}
    assert "iso18295.Scope.summary" in names
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda test: test.name)
def test_method_example_runs_as_shown(example: doctest.DocTest) -> None:
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(example, out=report.append)
    assert runner.failures == 0, "".join(report)
