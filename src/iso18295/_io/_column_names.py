"""Column names: which input column fills which of `INTERACTION_COLUMNS`.

Every reader starts here with the input's header (CSV) or schema (Arrow) and
the caller's ``columns=`` mapping; every naming problem is reported at once,
before any value is read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from .._model.columns import COLUMNS_BY_NAME, INTERACTION_COLUMNS
from ..errors import Problem


def resolve_names(
    names: Sequence[str], columns: Mapping[str, str | None] | None
) -> tuple[dict[str, str], list[Problem]]:
    """Map the input's column names to ours; report every naming problem.

    Returns the used input columns keyed by input name, valued by our column
    name (columns mapped to ``None`` are left out), and the problems.
    """
    mapping = dict(columns or {})
    problems: list[Problem] = []
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        problems.append(
            Problem(path="", expected="each column name once", found=f"repeated {repeated}")
        )
    absent = sorted(set(mapping) - set(names))
    if absent:
        problems.append(
            Problem(
                path="columns",
                expected="names of columns the input has",
                found=f"{absent}, which it does not have",
            )
        )
    targets = sorted({v for v in mapping.values() if v is not None} - set(COLUMNS_BY_NAME))
    if targets:
        problems.append(
            Problem(
                path="columns",
                expected="column names from INTERACTION_COLUMNS (or None to ignore a column)",
                found=f"{targets}",
            )
        )
    used: dict[str, str] = {}
    unknown: list[str] = []
    for name in dict.fromkeys(names):
        target = mapping.get(name, name)
        if target is None:
            continue
        if target in COLUMNS_BY_NAME:
            used[name] = target
        elif name not in mapping:
            unknown.append(name)
    if unknown:
        bom = any(n.startswith("\ufeff") for n in unknown)
        problems.append(
            Problem(
                path="",
                expected="only columns from INTERACTION_COLUMNS",
                found=f"unknown columns {unknown}",
                hint=(
                    "the file starts with a byte-order mark: pass encoding='utf-8-sig'"
                    if bom
                    else "map them with columns={'their name': 'our name'}, "
                    "or to None to ignore them"
                ),
            )
        )
    by_target: dict[str, list[str]] = {}
    for name, target in used.items():
        by_target.setdefault(target, []).append(name)
    twice = {t: n for t, n in by_target.items() if len(n) > 1}
    if twice:
        problems.append(
            Problem(
                path="columns",
                expected="each of our columns from one input column",
                found="; ".join(f"{t} from {n}" for t, n in sorted(twice.items())),
            )
        )
    missing = [c.name for c in INTERACTION_COLUMNS if c.required and c.name not in by_target]
    if missing:
        problems.append(
            Problem(path="", expected="every required column", found=f"none for {missing}")
        )
    return used, problems
