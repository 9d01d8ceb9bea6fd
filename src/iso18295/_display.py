"""Short notebook displays: plain-text lines and self-contained HTML cards.

Every result type's ``__repr__``, ``__str__`` and ``_repr_html_`` are built
from these helpers, so that displays look alike, stay short (bounded lists,
never every record) and escape every value.  Personal data is never passed
here by a display; the explicit methods that can show it (``Scope.summary``,
``Finding.describe``) take ``include_personal_data``.

This module imports nothing heavy: numpy is imported inside `array_brief`,
which only numpy-backed results call.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

WITHHELD = "<withheld: personal data>"
"""What a display shows in place of a personal-data value."""

SHOWN_ITEMS = 8
"""How many items a display lists before saying how many more there are."""

_STYLE = "border:1px solid #ccc;border-radius:4px;padding:4px 8px;display:inline-block"


def e(value: object) -> str:
    """Return `value` as escaped HTML text."""
    return html.escape(str(value), quote=True)


def withheld_repr(value: object) -> str:
    """Show a personal-data field in an attrs repr: ``None`` or the withheld marker."""
    return "None" if value is None else WITHHELD


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """Return ``"1 agent"``, ``"3 agents"`` (or the given plural)."""
    return f"{n} {noun if n == 1 else (nouns or noun + 's')}"


def shorten(text: str, limit: int = 90) -> str:
    """Cut `text` to at most `limit` characters, ending in an ellipsis if cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def listing(items: Sequence[str], limit: int = SHOWN_ITEMS) -> str:
    """Join the first `limit` items with commas, then say how many more."""
    shown = ", ".join(items[:limit])
    return shown + (f", … {len(items) - limit} more" if len(items) > limit else "")


def share(value: float | None) -> str:
    """Return a share in [0, 1] as a percentage with one decimal, or ``"-"``."""
    if value is None or not math.isfinite(value):
        return "-"
    return f"{100 * value:.1f} %"


def text(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """Return a title line and ``label: value`` lines, for ``__str__``."""
    return "\n".join([title, *(f"  {label}: {value}" for label, value in rows)])


def card(
    title: str,
    rows: Iterable[tuple[str, str]],
    *,
    lead: str = "",
    body: str = "",
    note: str = "",
) -> str:
    """Return an HTML card: a title, optional HTML `lead`, a table of `rows`, optional `body`.

    `title`, the rows and `note` are plain text and are escaped here; `lead`
    and `body` are HTML the caller has escaped already.
    """
    cells = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in rows)
    table = f"<table>{cells}</table>" if cells else ""
    foot = f'<div style="color:#666">{e(note)}</div>' if note else ""
    return f'<div style="{_STYLE}"><strong>{e(title)}</strong>{lead}{table}{body}{foot}</div>'


def badge(label: str, colour: str) -> str:
    """Return a coloured HTML label; `colour` is a CSS colour the library chose."""
    return f'<span style="background:{colour};color:#fff;padding:0 4px">{e(label)}</span>'


def array_brief(values: object, unit: str = "") -> str:
    """Describe an array in a few words: its size and range (NaN left out), or its labels."""
    import numpy as np

    array = np.asarray(values)
    shape = "x".join(str(n) for n in array.shape)
    size = f"{plural(array.size, 'value')}" + (f" ({shape})" if array.ndim > 1 else "")
    if array.size == 0:
        return "empty"
    if array.dtype.kind == "M":
        return f"{size}, {when(array)}"
    if array.dtype.kind not in "biuf":
        labels = [str(v) for v in dict.fromkeys(array.reshape(-1).tolist())]
        return f"{size}, {len(labels)} distinct: {listing(labels, 4)}"
    flat = array.astype(np.float64).reshape(-1)
    finite = flat[np.isfinite(flat)]
    if finite.size == 0:
        return f"{size}, none finite"
    low, high = float(finite.min()), float(finite.max())
    if array.size == 1:
        return f"{low:.4g}{unit}"
    span = f"all {low:.4g}{unit}" if low == high else f"{low:.4g}{unit} to {high:.4g}{unit}"
    missing = flat.size - finite.size
    return f"{size}, {span}" + (f" ({missing} not finite)" if missing else "")


def field_rows(obj: object) -> list[tuple[str, str]]:
    """Return ``(field, description)`` for every field of an attrs class or dataclass.

    Fields that are None are left out, arrays are described by `array_brief`,
    text is cut short, and tuples are listed up to `SHOWN_ITEMS`; nothing is
    printed in full.
    """
    import dataclasses

    import attrs

    if attrs.has(type(obj)):
        names = [f.name for f in attrs.fields(type(obj)) if f.repr is not False]  # type: ignore[arg-type]
    else:
        names = [f.name for f in dataclasses.fields(obj)]  # type: ignore[arg-type]
    rows = []
    for name in names:
        value = getattr(obj, name)
        if value is None:
            continue
        if hasattr(value, "dtype") and hasattr(value, "shape"):
            shown = array_brief(value)
        elif isinstance(value, tuple):
            shown = listing([shorten(str(v), 40) for v in value]) or "()"
        elif isinstance(value, float):
            shown = f"{value:.4g}"
        else:
            shown = shorten(str(value), 80)
        rows.append((name, shown))
    return rows


def fields_repr(obj: object) -> str:
    """Return ``<Class: field description; ...>`` from `field_rows`."""
    return f"<{type(obj).__name__}: " + "; ".join(f"{k} {v}" for k, v in field_rows(obj)) + ">"


def fields_html(obj: object) -> str:
    """Return an HTML card of `field_rows`."""
    return card(type(obj).__name__, field_rows(obj))


def when(values: object) -> str:
    """Describe the period covered by a ``datetime64`` array: first to last, to the minute."""
    import numpy as np

    array = np.asarray(values).reshape(-1)
    if array.size == 0:
        return "-"
    valid = array[~np.isnat(array)]
    if valid.size == 0:
        return "-"
    first, last = (
        str(v.astype("datetime64[m]")).replace("T", " ") for v in (valid.min(), valid.max())
    )
    return first if first == last else f"{first} to {last}"
