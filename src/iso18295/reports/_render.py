"""Rendering an assessment in a format chosen by name."""

from __future__ import annotations

from typing import Literal

from .._assessment.engine import Assessment
from .._rules.registry import Registry
from ..errors import ReportError
from ._csv import to_csv
from ._html import to_html
from ._json import to_json
from ._junit import to_junit
from ._markdown import to_markdown
from ._oscal import to_oscal
from ._sarif import to_sarif

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
