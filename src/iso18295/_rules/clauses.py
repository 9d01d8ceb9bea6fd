"""The clause lists of ISO 18295-1 and ISO 18295-2: numbers and titles only.

This is the one place the clause structure is written down; the numbering of
Part 2 is our best reading of the published order of headings and can be
corrected here.  Titles are quoted; requirements never are (rules paraphrase).
"""

from __future__ import annotations

import enum
from typing import Final, final

import attrs


class Part(enum.IntEnum):
    """The part of ISO 18295 a clause belongs to."""

    CENTRE = 1
    """Part 1 (ISO 18295-1), requirements for customer contact centres."""
    CLIENT = 2
    """Part 2 (ISO 18295-2), requirements for clients using the services of contact centres."""


@final
@attrs.frozen
class Clause:
    """A clause of ISO 18295: its part, number and title.

    Parameters
    ----------
    part : Part
        Part 1 or Part 2.
    number : str
        The clause number, e.g. ``"4.4"``.
    title : str
        The clause title.
    heading : bool, default False
        Whether the clause only groups sub-clauses (e.g. 4, or 6.3), so that its
        requirements live in the sub-clauses and it needs no rule of its own.
    """

    part: Part
    number: str
    title: str
    heading: bool = False

    @property
    def key(self) -> tuple[int, tuple[int, ...]]:
        """Return a sort key that orders clauses as the standard does (4.10 after 4.9)."""
        return (int(self.part), tuple(int(n) for n in self.number.split(".")))

    @property
    def label(self) -> str:
        """Return a short label such as ``"Part 1, 4.4"``."""
        return f"Part {int(self.part)}, {self.number}"


def _clauses(part: Part, rows: tuple[tuple[str, str], ...]) -> tuple[Clause, ...]:
    numbers = [number for number, _ in rows]
    return tuple(
        Clause(part, number, title, any(n.startswith(number + ".") for n in numbers))
        for number, title in rows
    )


PART1: Final = _clauses(
    Part.CENTRE,
    (
        ("4", "Customer relationship requirements"),
        ("4.1", "General"),
        ("4.2", "Communication of information to customers"),
        ("4.3", "Measuring and monitoring of customer experience"),
        ("4.4", "Complaints handling"),
        ("4.5", "Customer protection"),
        ("5", "Customer-focused leadership"),
        ("5.1", "General"),
        ("5.2", "Customer experience design and delivery"),
        ("5.3", "Employee satisfaction/engagement"),
        ("6", "Human resources"),
        ("6.1", "General"),
        ("6.2", "Functions"),
        ("6.3", "Agent competencies"),
        ("6.3.1", "General"),
        ("6.3.2", "Communication and customer service competencies"),
        ("6.3.3", "Technical competencies"),
        ("6.3.4", "Client-specific competencies"),
        ("6.4", "Skills development"),
        ("6.5", "Communication of information to employees"),
        ("7", "Operational processes"),
        ("7.1", "General"),
        ("7.2", "Customer-related processes"),
        ("7.3", "Workforce planning"),
        ("7.4", "Quality assurance related to customer interactions"),
        ("8", "Service delivery infrastructure"),
        ("8.1", "General"),
        ("8.2", "Handling customer interactions"),
        ("8.3", "Customer data"),
        ("8.4", "Work environment"),
        ("8.5", "Continuation of service"),
        ("9", "Client relationship"),
    ),
)
"""Every clause of Part 1, in order; headings (4, 5, 6, 6.3, 7, 8) are marked."""

PART2: Final = _clauses(
    Part.CLIENT,
    (
        ("4", "Client requirements"),
        ("4.1", "General"),
        ("5", "Customer experience"),
        ("5.1", "General"),
        ("5.2", "Customer needs"),
        ("5.3", "Customer experience strategy"),
        ("5.4", "Customer access and contact strategy"),
        ("5.5", "Customer cost"),
        ("5.6", "Consistency of information"),
        ("5.7", "Customer protection"),
        ("5.8", "Ethical behaviour"),
        ("5.9", "Customer data"),
        ("6", "Relationship with the CCC"),
        ("6.1", "General"),
        ("6.2", "Customer experience strategy"),
        ("6.3", "Customer access and contact strategy"),
        ("6.4", "Roles and responsibilities"),
        ("6.5", "Communication of information to the CCC"),
        ("6.6", "Operational processes"),
        ("6.7", "Forecasting and planning"),
        ("6.8", "Monitoring of CCC performance"),
        ("6.9", "Customer feedback"),
        ("6.10", "Terms of service"),
    ),
)
"""Every clause of Part 2, in order; headings (4, 5, 6) are marked."""

CLAUSES: Final = {(c.part, c.number): c for c in PART1 + PART2}
"""Every clause, keyed by ``(part, number)``."""


def clause(part: Part, number: str) -> Clause:
    """Return the clause with `number` in `part`.

    Raises
    ------
    KeyError
        If there is no such clause (callers turn this into `RuleError`).
    """
    return CLAUSES[(part, number)]


PART_EXPECTED: Final = "an iso18295.Part (Part.CENTRE or Part.CLIENT)"
"""What a message says a part argument should be."""


def as_part(value: object) -> Part | None:
    """Return `value` as a `Part`: a `Part` itself, or the int 1 or 2; None for anything else.

    For the arguments documented as taking 1 or 2 before they took a `Part`.
    """
    if isinstance(value, Part):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2):
        return Part(value)
    return None
