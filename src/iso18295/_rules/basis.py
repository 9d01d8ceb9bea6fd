"""What a rule's verdict rests on, and how its check decides."""

from __future__ import annotations

import enum


class Basis(enum.StrEnum):
    """What a rule's verdict rests on: the standard's requirement, its recommendation, or ours.

    The standard's text is not reproduced here; where public summaries state a
    clause's strength, the rule says so; where only the title is known and the
    content is inferred, the rule checks *our interpretation* and says that.
    See :doc:`/explanation/how-a-verdict-is-reached`.
    """

    REQUIREMENT = "requirement"
    """The standard states it as a requirement ("shall"), per public summaries."""
    RECOMMENDATION = "recommendation"
    """The standard states it as a recommendation ("should"), or its strength is not known."""
    INTERPRETATION = "interpretation"
    """Our reading of a clause whose wording we infer from its title and neighbours;
    a nonconformity is reported but does not by itself decide the conclusion."""


class CheckMethod(enum.StrEnum):
    """How a rule's check decides: from records, or from a person's judgement."""

    AUTOMATED = "automated"
    """From records in the model."""
    JUDGEMENT = "judgement"
    """From a recorded human attestation; "needs review" without one."""
