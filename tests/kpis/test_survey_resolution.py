"""First contact resolution from customer surveys: by hand, against an oracle, loading."""

from __future__ import annotations

import json
import warnings
from datetime import date, timedelta
from fractions import Fraction

import jsonschema
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iso18295
from iso18295 import CustomerSurvey
from iso18295.errors import LoadError, ModelError, UndefinedKpiWarning
from iso18295.kpis import SurveyFirstContactResolution, measure
from record_scopes import END, START, base_scope

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def survey(
    sid: str,
    first: date,
    last: date,
    responses: int | None,
    answers: int | None,
    resolved: int | None,
    *,
    client: str = "acme",
    channel: str | None = None,
) -> CustomerSurvey:
    return CustomerSurvey(
        id=sid,
        client_id=client,
        method="post-contact survey",
        period_start=first,
        period_end=last,
        responses=responses,
        scale_max=5.0,
        channel_id=channel,
        first_contact_answers=answers,
        first_contact_resolved=resolved,
    )


SURVEYS = (
    survey("S1", *MARCH, 120, 100, 70),
    survey("S2", date(2026, 1, 1), date(2026, 3, 31), 400, 300, 240),  # the quarter: overlaps
    survey("S3", date(2026, 2, 1), date(2026, 2, 28), 50, 50, 50),  # February: outside
    survey("S4", *MARCH, 80, None, None),  # question not supplied: excluded, not zero
    survey("S5", *MARCH, 10, 0, 0),  # asked, nobody answered: weighs nothing
)


def one(surveys: tuple[CustomerSurvey, ...], metric: SurveyFirstContactResolution) -> tuple:
    result = measure(base_scope(customer_surveys=surveys), [metric], start=START, end=END)
    v = result[metric.name]
    return float(v.value[0]), float(v.numerator[0]), int(v.denominator[0]), int(v.excluded[0])


def test_resolution_is_weighted_by_answers() -> None:
    # S1 70/100, S2 240/300 -> 310 / 400 = 0.775; S4's 80 responses excluded (not stated);
    # S5 states 0 answers and adds nothing; S3 is February's.
    assert one(SURVEYS, SurveyFirstContactResolution()) == (0.775, 310.0, 400, 80)


def test_surveys_within_the_period_leave_out_the_quarter() -> None:
    # within March: S1 70/100 = 0.7 (S4 excluded: 80 responses; S5 0 answers)
    metric = SurveyFirstContactResolution(surveys="within")
    assert one(SURVEYS, metric) == (0.7, 70.0, 100, 80)


def test_question_not_supplied_is_undefined_never_zero() -> None:
    with pytest.warns(UndefinedKpiWarning, match="survey_first_contact_resolution"):
        value, numerator, denominator, excluded = one(
            (SURVEYS[3],), SurveyFirstContactResolution()
        )
    assert np.isnan(value)
    assert (numerator, denominator, excluded) == (0.0, 0, 80)


def test_fewer_answers_than_the_minimum_give_no_value() -> None:
    with pytest.warns(UndefinedKpiWarning):
        value, numerator, denominator, _ = one(
            SURVEYS, SurveyFirstContactResolution(minimum_answers=401)
        )
    assert np.isnan(value)
    assert (numerator, denominator) == (310.0, 400)


def test_surveys_group_by_channel() -> None:
    surveys = (
        survey("V", *MARCH, 10, 10, 9, channel="voice"),
        survey("A", *MARCH, 40, 40, 10),  # all channels: the None group
    )
    result = measure(
        base_scope(customer_surveys=surveys),
        [SurveyFirstContactResolution()],
        start=START,
        end=END,
        by=("channel_id",),
    )
    assert result.labels["channel_id"].tolist() == [None, "voice"]
    assert result["survey_first_contact_resolution"].value.tolist() == [0.25, 0.9]


# --- against a plain-Python oracle ------------------------------------------------------------


@st.composite
def survey_sets(draw: st.DrawFn) -> tuple[CustomerSurvey, ...]:
    out = []
    for i in range(draw(st.integers(0, 8))):
        first = date(2026, 2, 1) + timedelta(days=draw(st.integers(0, 70)))
        last = first + timedelta(days=draw(st.integers(0, 40)))
        responses = draw(st.none() | st.integers(0, 500))
        answers = draw(st.none() | st.integers(0, responses if responses is not None else 500))
        resolved = None if answers is None else draw(st.integers(0, answers))
        client = draw(st.sampled_from(("acme", "bolt")))
        out.append(survey(f"S{i}", first, last, responses, answers, resolved, client=client))
    return tuple(out)


def oracle(surveys: tuple[CustomerSurvey, ...], client: str) -> tuple[Fraction | None, int]:
    """Resolved / answered over March-overlapping surveys of one client, and the excluded."""
    resolved, answers, excluded = 0, 0, 0
    for s in surveys:
        overlaps = s.period_start <= date(2026, 3, 31) and s.period_end >= date(2026, 3, 1)
        if not overlaps or s.client_id != client:
            continue
        if s.first_contact_answers is None:
            excluded += s.responses or 0
        else:
            resolved += s.first_contact_resolved or 0
            answers += s.first_contact_answers
    return (Fraction(resolved, answers) if answers else None), excluded


@given(survey_sets())
def test_matches_the_oracle_per_client(surveys: tuple[CustomerSurvey, ...]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedKpiWarning)
        result = measure(
            base_scope(customer_surveys=surveys),
            [SurveyFirstContactResolution()],
            start=START,
            end=END,
            by=("client_id",),
        )
    v = result["survey_first_contact_resolution"]
    for index, client in enumerate(result.labels["client_id"].tolist()):
        expected, excluded = oracle(surveys, client)
        assert int(v.excluded[index]) == excluded
        if expected is None:
            assert np.isnan(v.value[index])
        else:
            assert v.value[index] == pytest.approx(float(expected), rel=1e-12)


# --- the model, the loader and the schema ------------------------------------------------------


def test_resolved_above_answers_is_refused() -> None:
    with pytest.raises(ModelError, match=r"first_contact_resolved: expected at most"):
        survey("X", *MARCH, 10, 5, 6)


def test_one_count_without_the_other_is_refused() -> None:
    with pytest.raises(ModelError, match=r"first_contact_resolved: expected .* stated together"):
        survey("X", *MARCH, 10, 5, None)


def _document(**fields: object) -> dict[str, object]:
    document = json.loads(iso18295.dump_scope_text(iso18295.examples.load_example()))
    document["customer_surveys"][0].update(fields)
    return document


def test_loader_and_schema_accept_the_counts() -> None:
    document = _document(first_contact_answers=900, first_contact_resolved=612)
    jsonschema.validate(document, iso18295.document_schema())
    scope = iso18295.load_scope_text(json.dumps(document), format="json")
    first = scope.customer_surveys[0]  # type: ignore[index]
    assert (first.first_contact_answers, first.first_contact_resolved) == (900, 612)
    assert scope.customer_surveys[1].first_contact_answers is None  # type: ignore[index]
    # supplied zero stays zero through a dump and a load, apart from not supplied
    again = iso18295.load_scope_text(iso18295.dump_scope_text(scope), format="json")
    assert again == scope


@pytest.mark.parametrize("bad", ["12", 2.5, -1, True])
def test_loader_and_schema_refuse_a_bad_count(bad: object) -> None:
    document = _document(first_contact_answers=bad, first_contact_resolved=0)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, iso18295.document_schema())
    with pytest.raises(LoadError, match=r"customer_surveys\[0\]\.first_contact_answers"):
        iso18295.load_scope_text(json.dumps(document), format="json")


def test_loader_refuses_more_answers_than_responses() -> None:
    # the example's first survey had 1384 responses
    document = _document(first_contact_answers=2000, first_contact_resolved=3)
    with pytest.raises(
        LoadError, match=r"surveys\[0\]\.first_contact_answers: expected at most responses"
    ):
        iso18295.load_scope_text(json.dumps(document), format="json")
