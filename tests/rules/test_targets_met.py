"""Rule P1-9-targets-met on targets measured from documents (quality, complaints, people).

The conforming scope of ``builders.py`` has one quality evaluation per agent on
10 March 2026, each 90 / 100, and one complaint (received Friday 6 March 15:00,
acknowledged Monday 9 March 10:00 Dublin time: 67 h = 241200 s).  Its agreement
reports monthly, so on 1 April the period is March.
"""

from __future__ import annotations

from datetime import date

import pytest

import builders as b
from iso18295 import Comparison, KpiKind, KpiTarget, Part, Scope, Status, assess, default_registry

RULE = "P1-9-targets-met"


def with_targets(scope: Scope, *targets: KpiTarget) -> Scope:
    (agreement,) = scope.agreements
    return b.with_agreement(scope, kpi_targets=(*agreement.kpi_targets, *targets))


def quality(value: float, **kw: object) -> KpiTarget:
    return KpiTarget(
        id="quality", kpi=KpiKind.QUALITY_SCORE, comparison=Comparison.AT_LEAST, target=value, **kw
    )  # type: ignore[arg-type]


def statuses(scope: Scope, **kwargs: object) -> dict[str, Status]:
    kwargs.setdefault("interactions", b.conforming_interactions())
    found = assess(scope, as_of=b.AS_OF, parts=[Part.CENTRE], **kwargs)  # type: ignore[arg-type]
    return {f.rule_id: f.status for f in found.findings}


def break_quality_target(scope: Scope) -> Scope:
    """P1-9-targets-met: a quality target of 0.95; every evaluation scored 0.9."""
    return with_targets(scope, quality(0.95))


def test_missed_quality_target_breaks_this_rule_and_only_this_rule() -> None:
    baseline = statuses(b.conforming_scope())
    broken = statuses(break_quality_target(b.conforming_scope()))
    assert broken[RULE] is Status.DOES_NOT_CONFORM
    assert {k: v for k, v in broken.items() if k != RULE} == {
        k: v for k, v in baseline.items() if k != RULE
    }


def test_missed_quality_target_is_named_with_its_measurement() -> None:
    found = assess(
        break_quality_target(b.conforming_scope()),
        as_of=b.AS_OF,
        interactions=b.conforming_interactions(),
    ).finding(RULE)
    assert found.reason == "1 of 2 measured targets missed: agr-acme/quality"
    measured = {m.name.split(":")[0]: m for m in found.measurements}
    q = measured["quality"]
    # four evaluations of 90 / 100: 3.6 / 4 = 0.9 < 0.95
    assert (q.observed, q.expected, q.comparison) == (pytest.approx(0.9), 0.95, "at_least")
    assert (q.numerator, q.denominator) == (pytest.approx(3.6), len(b.conforming_scope().agents))


def test_met_quality_target_conforms() -> None:
    scope = with_targets(b.conforming_scope(), quality(0.9))
    assert statuses(scope)[RULE] is Status.CONFORMS


def test_document_targets_are_measured_without_interaction_records() -> None:
    found = assess(with_targets(b.conforming_scope(), quality(0.9)), as_of=b.AS_OF).finding(RULE)
    # the quality target is measured and met; the service-level one needs records
    assert found.status is Status.INSUFFICIENT_EVIDENCE
    assert found.reason.startswith("1 measured target met; 1 of 2 targets not measured: ")


def test_complaint_acknowledgement_target_missed_by_hand() -> None:
    # one complaint acknowledged after 241200 s, more than the agreed mean of 2 days
    ack = KpiTarget(
        id="ack",
        kpi=KpiKind.COMPLAINT_ACKNOWLEDGEMENT_TIME,
        comparison=Comparison.AT_MOST,
        target=172800.0,
    )
    found = assess(with_targets(b.conforming_scope(), ack), as_of=b.AS_OF).finding(RULE)
    assert found.status is Status.DOES_NOT_CONFORM
    (m,) = found.measurements
    assert (m.observed, m.numerator, m.denominator) == (241200.0, 241200.0, 1.0)


def test_nothing_measurable_is_insufficient_evidence_with_every_reason() -> None:
    # a channel-specific quality target cannot be measured: quality evaluations name no channel
    scope = b.with_agreement(
        b.conforming_scope(), kpi_targets=(quality(0.9, channel_id=b.CHANNEL_ID),)
    )
    found = assess(scope, as_of=b.AS_OF).finding(RULE)
    assert found.status is Status.INSUFFICIENT_EVIDENCE
    assert found.reason == (
        "none measured; 1 of 1 target not measured: agr-acme/quality (quality_score): quality"
        " evaluations record no channel, so a target for channel voice cannot be measured"
    )


def test_rule_declares_the_documents_it_reads() -> None:
    (rule,) = [r for r in default_registry() if r.id == RULE]
    for path in (
        "complaints[].acknowledged_at",
        "quality_evaluations[].score",
        "agents[].leaving_reason",
        "engagement_surveys[].responded",
        "customer_surveys[].mean_score",
        "interactions.offered_at",
    ):
        assert path in rule.evidence


def test_agreement_ended_before_the_assessment_is_not_measured() -> None:
    scope = with_targets(b.conforming_scope(), quality(0.95))
    ended = b.with_agreement(scope, ends_on=date(2026, 3, 31))
    found = assess(ended, as_of=b.AS_OF).finding(RULE)
    assert found.status is Status.INSUFFICIENT_EVIDENCE  # no target in force: nothing shows it met
