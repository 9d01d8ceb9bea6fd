"""Reports of an assessment, for people (Markdown) and machines (JSON).

Every format leaves personal data (agent names, customer references) out
unless the caller passes ``include_personal_data=True``; records are
identified by their ids.

Examples
--------
>>> import iso18295
>>> from iso18295 import examples, reports
>>> assessment = iso18295.assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
>>> print(reports.to_markdown(assessment).splitlines()[0])
# ISO 18295 assessment: Northwind Contact Services, March 2026
"""

from __future__ import annotations

from typing import Literal

from .._assessment.engine import Assessment
from ..errors import ReportError
from ._json import REPORT_VERSION, json_schema, to_dict, to_json
from ._markdown import to_markdown

__all__ = [
    "FORMATS",
    "REPORT_VERSION",
    "json_schema",
    "render",
    "to_dict",
    "to_json",
    "to_markdown",
]

ReportFormat = Literal["markdown", "json"]

FORMATS: tuple[ReportFormat, ...] = ("markdown", "json")
"""The report formats `render` knows."""


def render(assessment: Assessment, format: str, *, include_personal_data: bool = False) -> str:
    """Render an assessment in one of `FORMATS`.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    format : {"markdown", "json"}
        The report format.
    include_personal_data : bool, default False
        Show personal data next to the records it identifies.

    Raises
    ------
    ReportError
        If `format` is not one of `FORMATS`.
    """
    if format == "markdown":
        return to_markdown(assessment, include_personal_data=include_personal_data)
    if format == "json":
        return to_json(assessment, include_personal_data=include_personal_data)
    raise ReportError(f"render(): expected format in {FORMATS}, found {format!r}")
