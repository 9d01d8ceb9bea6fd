"""Plots of KPIs against targets, staffing plans and assessment scores (matplotlib).

Three views an analyst draws every month, each a function that draws on a
matplotlib ``Axes`` (``ax=``, or a new figure) and returns it, so the plot
can be titled, combined or saved with matplotlib as usual:

* :func:`kpi_against_target` -- a KPI per interval (a `KpiResult` grouped by
  interval) against the target agreed with the client (`KpiTarget`), the
  intervals that miss it marked;
* :func:`plan_check` -- the agents a staffing plan needs and has per interval
  (a `PlanCheck`, from `iso18295.staffing.check_plan`, as clause 7.3's rules
  check it), the short intervals marked;
* :func:`clause_scores` -- the score of each clause, one line per assessment,
  so assessments on successive dates show what moved.

They are functions of their own namespace rather than methods of the
results, so the model, the KPIs and the assessment engine know nothing of
plotting.  matplotlib is imported when a plot is drawn, not when this
namespace is: install it with the ``plot`` extra (``pip install
'iso18295[plot]'``); without it, every plot raises
:class:`iso18295.errors.MissingDependencyError` saying so.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from iso18295 import assess, examples, plots
>>> scope = examples.load_example()
>>> ax = plots.clause_scores(assess(scope, as_of=examples.EXAMPLE_AS_OF),
...                          ax=Figure().add_subplot())
>>> ax.get_title()
'Score by clause, both parts'
"""

import iso18295._namespaces as _namespaces
from iso18295.plots._kpi import kpi_against_target
from iso18295.plots._plan import plan_check
from iso18295.plots._scores import clause_scores

__all__ = [
    "clause_scores",
    "kpi_against_target",
    "plan_check",
]

__dir__ = _namespaces.listing(__all__)
_namespaces.publish(__name__, __all__, globals())
