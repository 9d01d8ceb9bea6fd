"""Rendering an assessment in a format chosen by name."""

from __future__ import annotations

from typing import Literal

from .._assessment.engine import Assessment
from ..errors import ReportError
from ._json import to_json
from ._markdown import to_markdown

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
