"""What every report format shares besides the findings' wording: subjects, stable ids."""

from __future__ import annotations

import uuid

from .._assessment.engine import Assessment
from .._assessment.findings import Finding
from .._assessment.wording import record_path

_NAMESPACE = uuid.UUID(
    "b2a512c4-dd9c-5085-a9ac-d8bee94ee2a5"
)  # uuid5(URL, "urn:iso18295:reports")


def subject(f: Finding) -> str:
    """Name what a finding is about: its records' paths, sorted; empty for the whole scope."""
    return ", ".join(sorted({record_path(e) for e in f.evidence}))


def stable_uuid(*parts: str) -> str:
    """Return a UUID (version 5) derived from `parts` only, so the same input gives the same id."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def report_identity(assessment: Assessment, *, include_personal_data: bool) -> str:
    """Return a stable id of one report of one assessment, for ids derived from it."""
    p = assessment.provenance
    return stable_uuid(
        assessment.scope_name,
        assessment.as_of.isoformat(),
        p.library_version,
        p.registry_fingerprint,
        p.scope_fingerprint,
        p.interactions_fingerprint or "",
        str(include_personal_data),
        # Only when supplied, so reports without agent activity keep their ids.
        *(f for f in (p.agent_states_fingerprint, p.schedule_fingerprint) if f is not None),
    )


def clause_label(f: Finding) -> str:
    """Name a finding's clause as rule ids do: ``P1-4.4``."""
    return f"P{int(f.part)}-{f.clause}"
