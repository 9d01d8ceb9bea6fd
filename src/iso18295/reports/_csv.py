"""The CSV report: one row per finding, for spreadsheets (RFC 4180, UTF-8, header row)."""

from __future__ import annotations

import csv
import io
from typing import Final

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.wording import field_paths, measurement_text, personal_text
from ._common import subject

CSV_COLUMNS: Final = (
    "part",
    "clause",
    "clause_title",
    "rule_id",
    "basis",
    "method",
    "status",
    "reason",
    "subjects",
    "evidence",
    "measurements",
    "parameters",
    "missing",
    "waiver",
    "error",
)
"""The columns of the CSV report, in order; ``personal_data`` follows when asked for."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv(assessment: Assessment, *, include_personal_data: bool = False) -> str:
    """Render an assessment as CSV: a header row, then one row per finding in clause order.

    Parameters
    ----------
    assessment : Assessment
        What to report.
    include_personal_data : bool, default False
        Add a last column, ``personal_data``, with each evidence record's
        personal data (agent names, customer references).  Off by default.

    Returns
    -------
    str
        RFC 4180 CSV (comma-separated, fields quoted where needed, lines ended
        by CRLF; write it with ``newline=""`` and UTF-8).  Statuses, bases and
        methods are the values of `Status`, `Basis` and `CheckMethod`; lists in
        a cell are separated by ``"; "``.  A cell that begins with ``=``,
        ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
        apostrophe, so that a spreadsheet shows it as text instead of running
        it as a formula.

    Examples
    --------
    >>> import iso18295
    >>> from iso18295 import examples, reports
    >>> a = iso18295.assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
    >>> reports.to_csv(a).splitlines()[0].split(",")[:5]
    ['part', 'clause', 'clause_title', 'rule_id', 'basis']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = list(CSV_COLUMNS) + (["personal_data"] if include_personal_data else [])
    writer.writerow(header)
    for f in assessment.findings:
        row = _row(f, include_personal_data)
        if include_personal_data:
            row.append("; ".join(personal_text(e) for e in f.evidence if e.personal))
        writer.writerow([_neutralised(cell) for cell in row])
    return out.getvalue()


def _row(f: Finding, personal: bool) -> list[str]:
    waiver = ""
    if f.waiver_id is not None:
        until = f" until {f.waiver_expires_on.isoformat()}" if f.waiver_expires_on else ""
        waiver = f"{f.waiver_id}{until}"
    return [
        str(int(f.part)),
        f.clause,
        f.clause_title,
        f.rule_id,
        f.basis.value,
        f.method.value,
        f.status.value,
        f.reason,
        subject(f),
        "; ".join(p for e in f.evidence for p in field_paths(e)),
        "; ".join(measurement_text(m) for m in f.measurements),
        "; ".join(f"{name} = {value:g}" for name, value in f.parameters),
        "; ".join(f.missing),
        waiver,
        f.error_text(include_personal_data=personal) or "",
    ]


def _neutralised(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (OWASP "CSV injection")."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
