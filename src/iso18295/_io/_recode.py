"""Applying a `ColumnMapping`'s value mappings and units to the columns a reader produced.

Category labels are relabelled through a lookup on the codes (one pass over
the rows, none per label), and durations are scaled to seconds.  Runs after a
reader and before `_finish.finish`, which then checks the direction labels and
the rows as for any input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from .._model.columns import MISSING_CODE
from ._issues import Issue, Parsed
from .column_mapping import UNIT_FACTORS, ColumnMapping


def recode(parsed: Parsed, mapping: ColumnMapping | None) -> Parsed:
    """Return `parsed` with `mapping`'s labels and units applied (itself if there are none)."""
    if mapping is None:
        return parsed
    for name, replacements in mapping.values.items():
        if name in parsed.labels:
            parsed.arrays[name], parsed.labels[name] = relabel(
                parsed.arrays[name], parsed.labels[name], replacements
            )
    for name, unit in mapping.units.items():
        if name in parsed.arrays:
            parsed.arrays[name] = parsed.arrays[name] * UNIT_FACTORS[unit]
    return parsed


def recode_each(
    parts: Iterator[tuple[Parsed, list[Issue]]], mapping: ColumnMapping | None
) -> Iterator[tuple[Parsed, list[Issue]]]:
    """Apply `recode` to each batch a reader yields."""
    for parsed, checked in parts:
        yield recode(parsed, mapping), checked


def relabel(
    codes: npt.NDArray[Any], labels: tuple[str, ...], replacements: Mapping[str, str]
) -> tuple[npt.NDArray[np.int32], tuple[str, ...]]:
    """Replace labels (several may become one); renumber the codes to the new sorted labels."""
    renamed = [replacements.get(label, label) for label in labels]
    new_labels = tuple(sorted(set(renamed)))
    position = {label: index for index, label in enumerate(new_labels)}
    lookup = np.array([position[label] for label in renamed] + [MISSING_CODE], dtype=np.int32)
    # codes of -1 (missing) index the last entry, which stays -1
    return lookup[np.asarray(codes, dtype=np.int64)], new_labels
