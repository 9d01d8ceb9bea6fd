"""Reports of an assessment, for people (Markdown, HTML), machines (JSON) and their tools.

CI systems read JUnit XML and SARIF, GRC tools OSCAL, spreadsheets CSV.  Every
format gives the same bytes for the same assessment, and leaves personal data
(agent names, customer references) out unless the caller passes
``include_personal_data=True``; records are identified by their ids.

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
from .._rules.registry import Registry
from ..errors import ReportError
from ._csv import CSV_COLUMNS, to_csv
from ._html import to_html
from ._json import REPORT_VERSION, json_schema, to_dict, to_json
from ._junit import to_junit
from ._markdown import to_markdown
from ._oscal import OSCAL_STATES, OSCAL_VERSION, to_oscal
from ._sarif import SARIF_LEVELS, to_sarif

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "OSCAL_STATES",
    "OSCAL_VERSION",
    "REPORT_VERSION",
    "SARIF_LEVELS",
    "json_schema",
    "render",
    "to_csv",
    "to_dict",
    "to_html",
    "to_json",
    "to_junit",
    "to_markdown",
    "to_oscal",
    "to_sarif",
]

ReportFormat = Literal["markdown", "json", "html", "junit", "sarif", "oscal", "csv"]

FORMATS: tuple[ReportFormat, ...] = ("markdown", "json", "html", "junit", "sarif", "oscal", "csv")
"""The report formats `render` knows."""


def render(
    assessment: Assessment,
    format: str,
    *,
    include_personal_data: bool = False,
    scope_document: str | None = None,
    registry: Registry | None = None,
) -> str:
    """Render an assessment in one of `FORMATS`.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    format : {"markdown", "json", "html", "junit", "sarif", "oscal", "csv"}
        The report format: `to_markdown`, `to_json`, `to_html`, `to_junit`,
        `to_sarif`, `to_oscal` or `to_csv`.
    include_personal_data : bool, default False
        Show personal data next to the records it identifies.
    scope_document : str or None, default None
        The path or URI of the scope document assessed, for the formats that
        point into it (``sarif``, ``oscal``); the others ignore it.
    registry : Registry or None, default None
        The rules that were run, for the format that describes them
        (``sarif``; `default_registry()` if None); the others ignore it.

    Returns
    -------
    str
        The report.  Write CSV with ``newline=""`` to keep its CRLF line ends.

    Raises
    ------
    ReportError
        If `format` is not one of `FORMATS`.
    """
    personal = include_personal_data
    if format == "markdown":
        return to_markdown(assessment, include_personal_data=personal)
    if format == "json":
        return to_json(assessment, include_personal_data=personal)
    if format == "html":
        return to_html(assessment, include_personal_data=personal)
    if format == "junit":
        return to_junit(assessment, include_personal_data=personal)
    if format == "sarif":
        return to_sarif(
            assessment,
            include_personal_data=personal,
            scope_document=scope_document,
            registry=registry,
        )
    if format == "oscal":
        return to_oscal(assessment, include_personal_data=personal, scope_document=scope_document)
    if format == "csv":
        return to_csv(assessment, include_personal_data=personal)
    raise ReportError(f"render(): expected format in {FORMATS}, found {format!r}")
