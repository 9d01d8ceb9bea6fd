"""An `InteractionTable` written as Arrow column by column, independently of the loaders.

Used by the tests that load Arrow streams and SQL results and compare them with
the table they came from.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from iso18295 import InteractionTable
from iso18295._model.columns import INTERACTION_COLUMNS


def arrow_of(table: InteractionTable, *, dictionary: bool = True) -> Any:
    """Return `table` as a pyarrow Table: categories as (dictionary-encoded) text, UTC times.

    Missing values are nulls; ``resolved`` is a boolean with null for not recorded.
    """
    pa = pytest.importorskip("pyarrow")
    arrays = {}
    for column in INTERACTION_COLUMNS:
        values = table[column.name]
        if column.kind == "category":
            labels = pa.array(table.categories(column.name), pa.string())
            codes = pa.array(values, mask=values == -1)
            encoded = pa.DictionaryArray.from_arrays(codes, labels)
            arrays[column.name] = encoded if dictionary else encoded.cast(pa.string())
        elif column.kind == "timestamp":
            arrays[column.name] = pa.array(values.view(np.int64), pa.timestamp("ns", tz="UTC"))
        elif column.kind == "tristate":
            arrays[column.name] = pa.array(values == 1, mask=values == -1)
        elif column.kind == "float":
            arrays[column.name] = pa.array(values, mask=np.isnan(values))
        else:
            arrays[column.name] = pa.array(values)
    return pa.table(arrays)


def assert_same_columns(loaded: InteractionTable, expected: InteractionTable) -> None:
    """Compare two tables column by column: category labels row by row, values exactly."""
    assert len(loaded) == len(expected)
    for column in INTERACTION_COLUMNS:
        got, want = loaded[column.name], expected[column.name]
        if column.kind == "category":
            got_labels = np.array([*loaded.categories(column.name), None], dtype=object)[got]
            want_labels = np.array([*expected.categories(column.name), None], dtype=object)
            np.testing.assert_array_equal(got_labels, want_labels[want], err_msg=column.name)
        else:
            np.testing.assert_array_equal(got, want, err_msg=column.name)
