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

from .. import _namespaces
from ._json import REPORT_VERSION, json_schema, to_dict, to_json
from ._markdown import to_markdown
from ._render import FORMATS, render

__all__ = [
    "FORMATS",
    "REPORT_VERSION",
    "json_schema",
    "render",
    "to_dict",
    "to_json",
    "to_markdown",
]

__dir__ = _namespaces.listing(__all__)
_namespaces.publish(__name__, __all__, globals())
