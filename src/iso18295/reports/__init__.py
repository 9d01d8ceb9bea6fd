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

from .. import _namespaces
from .._assessment.findings_table import FindingsTable
from ._csv import CSV_COLUMNS, to_csv
from ._html import to_html
from ._json import REPORT_VERSION, json_schema, to_dict, to_json
from ._junit import to_junit
from ._markdown import to_markdown
from ._oscal import OSCAL_STATES, OSCAL_VERSION, to_oscal
from ._render import FORMATS, render
from ._sarif import SARIF_LEVELS, to_sarif

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "OSCAL_STATES",
    "OSCAL_VERSION",
    "REPORT_VERSION",
    "SARIF_LEVELS",
    "FindingsTable",
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

__dir__ = _namespaces.listing(__all__)
_namespaces.publish(__name__, __all__, globals())
