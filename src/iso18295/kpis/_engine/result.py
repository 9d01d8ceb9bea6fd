"""KPI results: `KpiResult` (one row per group) and `KpiValues` (one KPI's columns)."""

from __future__ import annotations

import html
import json
import typing
import warnings
from collections.abc import Mapping
from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray

from iso18295 import _display
from iso18295._export.frames import arrow_stream, polars_frame
from iso18295._export.libraries import require
from iso18295.errors import UndefinedKpiWarning, UnknownIdError
from iso18295.kpis._engine.accumulate import Sparse
from iso18295.kpis._engine.expressions import ALWAYS, Expr, MaxOf, SumOf
from iso18295.kpis._engine.families import InteractionKpi, Kpi
from iso18295.kpis._engine.grouping import Grouping, utc_starts
from iso18295.kpis._engine.kernel import Plan

_SHOWN_ROWS: Final = 30


def _frozen(array: NDArray[typing.Any]) -> NDArray[typing.Any]:
    array.flags.writeable = False
    return array


@typing.final
@attrs.frozen(kw_only=True, eq=False)
class KpiValues:
    """One KPI's columns in a `KpiResult`: value, numerator, denominator, excluded.

    Every array has one item per group, in the result's order.

    Parameters
    ----------
    definition : Kpi
        The definition that produced the values.
    value : numpy.ndarray of float64
        The KPI: a count, a share in [0, 1], a mean in the column's unit, or
        a maximum (`OldestOpenItemAge`); NaN where undefined.
    numerator : numpy.ndarray of float64
        The count (count and ratio KPIs) or sum (mean KPIs) divided;
        for time-weighted KPIs, seconds; for a maximum (`OldestOpenItemAge`),
        the maximum itself, NaN where undefined.
    denominator : numpy.ndarray of int64 or float64
        What the numerator is divided by.  A count (int64) for KPIs of
        contacts and documents: the contacts divided by, for count KPIs the
        group's records, for a maximum the contacts it is taken over.
        Seconds (float64) for the time-weighted workforce KPIs
        (`Occupancy`, `ScheduleAdherence`, `Absenteeism`), whose time is
        not a whole number.
    excluded : numpy.ndarray of int64 or float64
        What a definitional rule left out, in the denominator's unit: contacts
        (short abandons, unrecorded resolution, missing handling times) or
        seconds (time in states a workforce KPI does not count); 0 where
        the KPI has no such rule.

    Examples
    --------
    >>> import numpy as np
    >>> from iso18295.kpis import Offered
    >>> v = KpiValues(definition=Offered(), value=np.array([3.0]),
    ...                  numerator=np.array([3.0]), denominator=np.array([3]),
    ...                  excluded=np.array([0]))
    >>> v.name
    'offered'
    """

    definition: Kpi
    value: NDArray[np.float64] = attrs.field(converter=_frozen)
    numerator: NDArray[np.float64] = attrs.field(converter=_frozen)
    denominator: NDArray[np.int64] | NDArray[np.float64] = attrs.field(converter=_frozen)
    excluded: NDArray[np.int64] | NDArray[np.float64] = attrs.field(converter=_frozen)

    @property
    def name(self) -> str:
        """Return the KPI's name."""
        return self.definition.name

    def __repr__(self) -> str:
        return f"<KpiValues {self.name}: {_display.array_brief(self.value)}>"

    def _repr_html_(self) -> str:
        rows = [("definition", self.definition.describe())]
        rows += [
            (name, _display.array_brief(getattr(self, name)))
            for name in ("value", "numerator", "denominator", "excluded")
        ]
        return _display.card(f"KpiValues {self.name}", rows)


@typing.final
class KpiResult:
    """KPIs per group: labels, record counts, and every KPI's columns, immutable.

    Built by `compute`, `Partials.finalize` and the other measuring functions
    (such as `measure_activity` and `measure_forecasts`).  Groups are ordered by their labels (missing first),
    then by interval.  Index with a KPI name for its `KpiValues`;
    `columns` gives every column as a flat mapping; `to_arrow`, `to_pandas`
    and `to_polars` convert, and Arrow readers (``pyarrow.table(result)``,
    ``polars.DataFrame(result)``, DuckDB) take the result directly through the
    Arrow PyCapsule interface (they need the ``iso18295[arrow]`` extra, and
    pandas or polars).

    Examples
    --------
    >>> from iso18295 import examples
    >>> from iso18295.kpis import Grouping, Offered, ServiceLevel, compute
    >>> result = compute(examples.generate_interactions(), [Offered(), ServiceLevel()],
    ...                  grouping=Grouping(by=("channel_id",)))
    >>> result.labels["channel_id"].tolist()
    ['bw-chat', 'bw-email', 'bw-voice', 'lumen-voice']
    >>> print(result.definitions["service_level"])
    service_level: inbound contacts answered within 20 s (wait <= 20 s) / offered; abandons under 5 s excluded
    """  # noqa: E501 - doctest output line

    __slots__ = ("_grouping", "_labels", "_records", "_values")

    def __init__(
        self,
        grouping: Grouping,
        labels: Mapping[str, NDArray[typing.Any]],
        records: NDArray[np.int64],
        values: tuple[KpiValues, ...],
    ) -> None:
        self._grouping = grouping
        self._labels = {name: _frozen(array) for name, array in labels.items()}
        self._records = _frozen(records)
        self._values = {v.name: v for v in values}

    @property
    def grouping(self) -> Grouping:
        """Return the grouping used."""
        return self._grouping

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        """Return the KPI definitions, in order."""
        return tuple(v.definition for v in self._values.values())

    @property
    def definitions(self) -> dict[str, str]:
        """Return each KPI's definition in words, by name."""
        return {name: v.definition.describe() for name, v in self._values.items()}

    @property
    def labels(self) -> dict[str, NDArray[typing.Any]]:
        """Return the group labels by column.

        One object array of str (None for missing) per `by` column (or per
        column the computation groups by itself: ``forecast_id`` for
        `measure_forecasts`); with an interval, ``interval_start``
        (``datetime64[ns]``, local wall time in the grouping's zone) and
        ``interval_start_utc`` (``datetime64[ns]``, UTC).
        """
        return dict(self._labels)

    @property
    def records(self) -> NDArray[np.int64]:
        """Return the number of records in each group (all directions)."""
        return self._records

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, name: str) -> KpiValues:
        """Return the columns of the KPI called `name`."""
        if name not in self._values:
            names = ", ".join(map(repr, self._values))
            raise UnknownIdError(f"KPI of this KpiResult ({names})", name, self._values)
        return self._values[name]

    def columns(self) -> dict[str, NDArray[typing.Any]]:
        """Return every column by name: labels, ``records``, then per KPI four columns.

        A KPI ``m`` gives ``m`` (value), ``m_numerator``, ``m_denominator``
        and ``m_excluded``.
        """
        flat: dict[str, NDArray[typing.Any]] = {**self._labels, "records": self._records}
        for name, v in self._values.items():
            flat[name] = v.value
            flat[f"{name}_numerator"] = v.numerator
            flat[f"{name}_denominator"] = v.denominator
            flat[f"{name}_excluded"] = v.excluded
        return flat

    def to_pandas(self) -> typing.Any:
        """Return the result as a ``pandas.DataFrame``, one row per group.

        ``interval_start`` becomes timezone-aware in the grouping's zone (the
        UTC column is dropped); the definitions are in ``DataFrame.attrs``.

        Raises
        ------
        MissingDependencyError
            If pandas is not installed (``pip install 'iso18295[arrow]' pandas``).
        """
        pd = require("pandas", "KpiResult.to_pandas()")
        columns: dict[str, typing.Any] = self.columns()
        if "interval_start_utc" in columns:
            utc = columns.pop("interval_start_utc")
            columns["interval_start"] = pd.to_datetime(utc, utc=True).tz_convert(
                self._grouping.time_zone
            )
        frame = pd.DataFrame(columns)
        frame.attrs["definitions"] = self.definitions
        return frame

    def to_arrow(self) -> typing.Any:
        """Return the result as a ``pyarrow.Table``, one row per group.

        Label columns are text; ``interval_start`` is a timestamp with the
        grouping's zone; ``records`` and the counts are ``int64``, values and
        numerators ``double`` (NaN where undefined); the definitions are in the
        schema metadata (``iso18295.definitions``, JSON).

        Raises
        ------
        MissingDependencyError
            If pyarrow is not installed (``pip install 'iso18295[arrow]'``).
        """
        pa = require("pyarrow", "KpiResult.to_arrow()")
        columns: dict[str, typing.Any] = self.columns()
        if "interval_start_utc" in columns:
            utc = columns.pop("interval_start_utc")
            columns["interval_start"] = pa.array(
                utc.view(np.int64), type=pa.timestamp("ns", tz=self._grouping.time_zone)
            )
        for name in self._named():
            columns[name] = pa.array(columns[name].tolist(), type=pa.string())
        metadata = {"iso18295.definitions": json.dumps(self.definitions)}
        return pa.table(columns, metadata=metadata)

    def to_polars(self) -> typing.Any:
        """Return the result as a ``polars.DataFrame``, one row per group (columns as `to_arrow`).

        Raises
        ------
        MissingDependencyError
            If pyarrow or polars is not installed
            (``pip install 'iso18295[arrow]' polars``).
        """
        return polars_frame(self.to_arrow(), "KpiResult.to_polars()")

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Export the result through the Arrow PyCapsule stream interface (columns as `to_arrow`).

        So ``pyarrow.table(result)``, ``polars.DataFrame(result)`` and DuckDB
        queries take the result directly.

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
        return arrow_stream(self.to_arrow(), requested_schema)

    def _named(self) -> list[str]:
        """Return the text label columns: `by`'s, or those a computation groups by itself."""
        return [n for n in self._labels if n not in ("interval_start", "interval_start_utc")]

    def _cells(self) -> tuple[list[str], list[list[str]]]:
        named = self._named()
        header = [*named]
        if "interval_start" in self._labels:
            header.append("interval_start")
        header += ["records", *self._values]
        rows = []
        for i in range(min(len(self), _SHOWN_ROWS)):  # groups, not records
            row = ["-" if self._labels[n][i] is None else str(self._labels[n][i]) for n in named]
            if "interval_start" in self._labels:
                row.append(str(self._labels["interval_start"][i])[:16].replace("T", " "))
            row.append(str(self._records[i]))
            row += [f"{v.value[i]:.4g}" for v in self._values.values()]
            rows.append(row)
        return header, rows

    def _grouping_words(self) -> str:
        """Return the grouping in words, naming label columns it does not list (forecasts)."""
        words = self._grouping.describe()
        listed = {*self._grouping.by, "interval_start", "interval_start_utc"}
        extra = [name for name in self._labels if name not in listed]
        if not extra:
            return words
        per = ", ".join(f"per {name}" for name in extra)
        together = "all records together"
        return per + words[len(together) :] if words.startswith(together) else f"{per}, {words}"

    def __str__(self) -> str:
        header, rows = self._cells()
        widths = [max(len(c) for c in column) for column in zip(header, *rows, strict=True)]
        lines = [
            "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]
        ]
        if len(self) > _SHOWN_ROWS:
            lines.append(f"... {len(self) - _SHOWN_ROWS} more groups")
        lines.append(f"{len(self)} groups, {self._grouping_words()}")
        lines += [f"  {text}" for text in self.definitions.values()]
        return "\n".join(lines)

    def __repr__(self) -> str:
        size = f"{len(self)} groups x {len(self._values)} KPIs"
        return f"<KpiResult: {size}; {self._grouping_words()}>"

    def _repr_html_(self) -> str:
        header, rows = self._cells()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        more = (
            f"<p>... {len(self) - _SHOWN_ROWS} more groups</p>" if len(self) > _SHOWN_ROWS else ""
        )
        notes = "".join(f"<li>{html.escape(t)}</li>" for t in self.definitions.values())
        table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        return f"{table}{more}<ul>{notes}</ul>"


def _column(plan: Plan, data: Sparse, part: object) -> NDArray[typing.Any]:
    if part is None or part == ALWAYS:
        return data.records
    if isinstance(part, SumOf):
        return data.sums[:, plan.sums.index(part)]
    if isinstance(part, MaxOf):
        return data.maxima[:, plan.maxima.index(part)]
    return data.counts[:, plan.predicates.index(typing.cast("Expr", part))]


def finalize(
    kpis: tuple[InteractionKpi, ...],
    grouping: Grouping,
    plan: Plan,
    categories: tuple[tuple[str, ...], ...],
    data: Sparse,
) -> KpiResult:
    """Compute values and decode labels; warn once about undefined values."""
    values = []
    undefined = []
    n = len(data.records)
    for kpi, lowering in zip(kpis, plan.lowerings, strict=True):
        numerator = _column(plan, data, lowering.numerator).astype(np.float64)
        denominator = _column(plan, data, lowering.denominator).astype(np.int64)
        excluded = (
            np.zeros(n, np.int64)
            if lowering.excluded is None
            else _column(plan, data, lowering.excluded)
        ).astype(np.int64)
        if lowering.kind == "count":
            value = numerator.copy()
        else:
            defined = denominator >= max(1, lowering.minimum_denominator)
            value = np.full(n, np.nan)
            if lowering.kind == "maximum":  # the maximum itself; none over no rows
                numerator[~defined] = np.nan
                value[defined] = numerator[defined]
            else:
                np.divide(numerator, denominator, out=value, where=defined)
            if not defined.all():
                undefined.append(f"{kpi.name} in {int((~defined).sum())} of {n} groups")
        values.append(
            KpiValues(
                definition=kpi,
                value=value,
                numerator=numerator,
                denominator=denominator,
                excluded=excluded,
            )
        )
    if undefined:
        warnings.warn(
            "KPIs undefined (denominator 0 or below the minimum), NaN: " + "; ".join(undefined),
            UndefinedKpiWarning,
            stacklevel=4,
        )
    labels: dict[str, NDArray[typing.Any]] = {}
    for c, name in enumerate(grouping.by):
        decoded = np.array([None, *categories[c]], dtype=object)
        labels[name] = decoded[data.labels[:, c] + 1]
    if grouping.interval is not None:
        width = len(grouping.by)
        local, utc = utc_starts(
            data.labels[:, width], data.labels[:, width + 1].astype(np.int8), grouping
        )
        labels["interval_start"] = local.view("datetime64[ns]")
        labels["interval_start_utc"] = utc.view("datetime64[ns]")
    return KpiResult(grouping, labels, data.records.copy(), tuple(values))
