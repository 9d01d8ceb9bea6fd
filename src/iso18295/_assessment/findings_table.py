"""Findings as a table, for data frames and SQL: `FindingsTable`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Final, final

from .. import _display
from .findings import Finding
from .wording import field_paths, personal_text, record_path

_COLUMNS: Final = (
    "rule_id",
    "part",
    "clause",
    "clause_title",
    "basis",
    "method",
    "status",
    "reason",
    "subject",
    "evidence",
    "measurements",
    "parameters",
    "missing",
    "waiver_id",
    "waiver_expires_on",
    "error",
    "overridden_by",
    "automated_status",
)
_REQUIRED: Final = (
    "rule_id",
    "part",
    "clause",
    "clause_title",
    "basis",
    "method",
    "status",
    "reason",
)
_LABELS: Final = ("basis", "method", "status", "automated_status")


@final
class FindingsTable:
    """An assessment's findings as a table: one row per finding, in clause order.

    Made by `iso18295.Assessment.findings_table` for data frames and SQL:
    `to_arrow`, `to_pandas` and `to_polars` convert it, and Arrow readers
    (``pyarrow.table(t)``, ``polars.DataFrame(t)``, DuckDB) take it directly
    through the Arrow PyCapsule interface.  The columns (`column_names`):

    * ``rule_id``, ``clause``, ``clause_title``, ``reason``: text;
      ``part``: ``int8`` (1 or 2);
    * ``basis``, ``method``, ``status``, ``automated_status``: the values of
      `iso18295.Basis`, `iso18295.CheckMethod` and `iso18295.Status`,
      dictionary-encoded (``automated_status`` is null unless an attestation
      overrode the rule, see ``overridden_by``);
    * ``subject``: the records the finding is about, as paths in the scope
      document (``agents[NW0040]``), comma-separated; null for the whole scope;
    * ``evidence``: list of the fields read, as paths; ``missing``: list of
      what to supply;
    * ``measurements``: list of structs (``name``, ``observed``, ``expected``,
      ``comparison``, ``unit``, ``numerator``, ``denominator``; null where a
      measurement has no such value), empty where the finding measured nothing;
    * ``parameters``: list of structs (``name``, ``value``): the policy
      thresholds applied;
    * ``waiver_id`` and ``waiver_expires_on`` (a date), ``error`` (what went
      wrong, as `iso18295.Finding.error_text`), ``overridden_by`` (the
      attestation): null where they do not apply.

    Personal data (the people behind evidence records, a rule's exception
    message) is left out unless the table was made with
    ``include_personal_data=True``; then ``error`` carries the message and a
    last column, ``personal_data``, the evidence records' personal data.

    Parameters
    ----------
    findings : iterable of Finding
        The rows, in order.
    include_personal_data : bool, default False
        Whether to include personal data (see above).

    Examples
    --------
    >>> import iso18295
    >>> from iso18295 import examples
    >>> assessment = iso18295.assess(examples.load_example(), as_of=examples.EXAMPLE_AS_OF)
    >>> table = assessment.findings_table()
    >>> len(table) == len(assessment.findings), table.column_names[:3]
    (True, ('rule_id', 'part', 'clause'))
    """

    __slots__ = ("_findings", "_personal")

    def __init__(
        self, findings: Iterable[Finding], *, include_personal_data: bool = False
    ) -> None:
        self._findings = tuple(findings)
        self._personal = include_personal_data

    def __len__(self) -> int:
        return len(self._findings)

    @property
    def column_names(self) -> tuple[str, ...]:
        """Return the names of the columns, in order (``personal_data`` last, when included)."""
        return (*_COLUMNS, "personal_data") if self._personal else _COLUMNS

    @property
    def include_personal_data(self) -> bool:
        """Tell whether the table includes personal data."""
        return self._personal

    def __repr__(self) -> str:
        personal = ", with personal data" if self._personal else ""
        return f"<FindingsTable: {len(self)} findings{personal}>"

    def _repr_html_(self) -> str:
        counts = Counter(f.status.value.replace("_", " ") for f in self._findings)
        rows = [
            ("findings", f"{len(self):,}"),
            ("by status", ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))),
            ("columns", _display.listing(list(self.column_names), 12)),
        ]
        note = "" if self._personal else "personal data left out"
        return _display.card("FindingsTable", rows, note=note)

    def to_arrow(self) -> Any:
        """Return the table as a ``pyarrow.Table`` (types as in the class description).

        Returns
        -------
        pyarrow.Table

        Raises
        ------
        MissingDependencyError
            If pyarrow is not installed (``pip install 'iso18295[arrow]'``).
        """
        from .._export.arrow import table
        from .._export.libraries import require

        pa = require("pyarrow", "FindingsTable.to_arrow()")
        text = pa.string()
        measurement = pa.struct(
            [
                ("name", text),
                ("observed", pa.float64()),
                ("expected", pa.float64()),
                ("comparison", text),
                ("unit", text),
                ("numerator", pa.float64()),
                ("denominator", pa.float64()),
            ]
        )
        parameter = pa.struct([("name", text), ("value", pa.float64())])
        label = pa.dictionary(pa.int32(), text)
        types = {
            "part": pa.int8(),
            "evidence": pa.list_(text),
            "measurements": pa.list_(measurement),
            "parameters": pa.list_(parameter),
            "missing": pa.list_(text),
            "waiver_expires_on": pa.date32(),
            **dict.fromkeys(_LABELS, label),
        }
        values = self._values()
        arrays = {
            name: pa.array(column, type=types.get(name, text)) for name, column in values.items()
        }
        return table(pa, arrays, required=_REQUIRED, metadata={"iso18295.table": "FindingsTable"})

    def to_pandas(self) -> Any:
        """Return the table as a ``pandas.DataFrame`` (through `to_arrow`).

        ``basis``, ``method`` and the statuses become ``category``; the list
        columns hold lists (of dicts, for ``measurements`` and ``parameters``).

        Raises
        ------
        MissingDependencyError
            If pyarrow or pandas is not installed
            (``pip install 'iso18295[arrow]' pandas``).
        """
        from .._export.frames import pandas_frame

        return pandas_frame(self.to_arrow(), "FindingsTable.to_pandas()")

    def to_polars(self) -> Any:
        """Return the table as a ``polars.DataFrame`` (through `to_arrow`).

        Raises
        ------
        MissingDependencyError
            If pyarrow or polars is not installed
            (``pip install 'iso18295[arrow]' polars``).
        """
        from .._export.frames import polars_frame

        return polars_frame(self.to_arrow(), "FindingsTable.to_polars()")

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Export the table through the Arrow PyCapsule stream interface (columns as `to_arrow`).

        Parameters
        ----------
        requested_schema : object or None, default None
            A schema the reader asks for (a PyCapsule holding an Arrow schema);
            pyarrow casts to it where it can.

        Raises
        ------
        MissingDependencyError
            If pyarrow is not installed (``pip install 'iso18295[arrow]'``).
        """
        from .._export.frames import arrow_stream

        return arrow_stream(self.to_arrow(), requested_schema)

    def _values(self) -> dict[str, list[object]]:
        """Return each column's Python values (one per finding; findings are few)."""
        columns: dict[str, list[object]] = {name: [] for name in self.column_names}
        for f in self._findings:
            subject = ", ".join(sorted({record_path(e) for e in f.evidence}))
            row: dict[str, object] = {
                "rule_id": f.rule_id,
                "part": int(f.part),
                "clause": f.clause,
                "clause_title": f.clause_title,
                "basis": f.basis.value,
                "method": f.method.value,
                "status": f.status.value,
                "reason": f.reason,
                "subject": subject or None,
                "evidence": [p for e in f.evidence for p in field_paths(e)],
                "measurements": [
                    {
                        "name": m.name,
                        "observed": m.observed,
                        "expected": m.expected,
                        "comparison": m.comparison,
                        "unit": m.unit,
                        "numerator": m.numerator,
                        "denominator": m.denominator,
                    }
                    for m in f.measurements
                ],
                "parameters": [{"name": n, "value": v} for n, v in f.parameters],
                "missing": list(f.missing),
                "waiver_id": f.waiver_id,
                "waiver_expires_on": f.waiver_expires_on,
                "error": f.error_text(include_personal_data=self._personal),
                "overridden_by": f.overridden_by,
                "automated_status": (
                    None if f.automated_status is None else f.automated_status.value
                ),
            }
            if self._personal:
                people = "; ".join(personal_text(e) for e in f.evidence if e.personal)
                row["personal_data"] = people or None
            for name, value in row.items():
                columns[name].append(value)
        return columns
