"""The aggregate: duplicate ids and references that do not resolve."""

from __future__ import annotations

import re
from datetime import date

import attrs
import pytest

from iso18295 import (
    Agent,
    Channel,
    ChannelKind,
    Client,
    ClientAgreement,
    Competency,
    CompetencyArea,
    CompetencyAssessment,
    CompetencyOutcome,
    ContactCentre,
    Direction,
    OperatingModel,
    Party,
    Policy,
    PolicyKind,
    Relationship,
    Scope,
    Site,
    StaffFunction,
)
from iso18295.errors import ModelError

CENTRE = ContactCentre(
    id="ccc",
    name="Centre",
    operating_model=OperatingModel.OUTSOURCED,
    time_zone="Europe/Dublin",
    sites=(Site(id="cork", name="Cork", country="IE"),),
    channels=(Channel(id="voice", kind=ChannelKind.VOICE, directions=frozenset(Direction)),),
)
ACME = Client(id="acme", name="Acme", relationship=Relationship.EXTERNAL)
AGENT_NAME = "Yolanda Sentinel-Agent"


def _agent(agent_id: str = "A1", **changes: object) -> Agent:
    fields: dict[str, object] = {
        "id": agent_id,
        "name": AGENT_NAME,
        "function": StaffFunction.AGENT,
        "site_id": "cork",
        "hired_on": date(2026, 1, 5),
    }
    return Agent(**{**fields, **changes})


def _agreement(
    client_id: str = "acme", channel_ids: tuple[str, ...] = ("voice",)
) -> ClientAgreement:
    return ClientAgreement(
        id="agr-1",
        client_id=client_id,
        centre_id="ccc",
        starts_on=date(2025, 1, 1),
        channel_ids=channel_ids,
    )


def test_consistent_scope_builds() -> None:
    scope = Scope(name="s", centre=CENTRE, clients=(ACME,), agents=(_agent(),),
                  agreements=(_agreement(),))  # fmt: skip
    assert scope.agent("A1").site_id == "cork"


def test_duplicate_agent_ids_name_both_positions() -> None:
    with pytest.raises(
        ModelError,
        match=r"^Scope: agents\[2\]\.id: expected an id not used before in agents, "
        r"found 'A1', already the id of agents\[0\]$",
    ):
        Scope(name="s", centre=CENTRE, agents=(_agent("A1"), _agent("A2"), _agent("A1")))


def test_duplicate_client_ids_are_reported() -> None:
    with pytest.raises(ModelError, match=r"^Scope: clients\[1\]\.id: .*found 'acme'"):
        Scope(name="s", clients=(ACME, attrs.evolve(ACME, name="Other")))


def test_dangling_client_reference_names_record_path_and_missing_id() -> None:
    with pytest.raises(ModelError, match=r"^Scope: agreements\[0\]\.client_id: ") as caught:
        Scope(name="s", centre=CENTRE, clients=(ACME,), agreements=(_agreement("ghost"),))
    message = str(caught.value)
    assert "'agr-1'" in message  # the referring record
    assert "'ghost'" in message  # the id it names
    assert re.search(r"expected the id of one of clients", message)
    assert re.search(r"; known ids: 'acme'$", message)


def test_dangling_list_reference_points_at_its_index() -> None:
    with pytest.raises(ModelError, match=r"agreements\[0\]\.channel_ids\[1\]: .*'chat'"):
        Scope(
            name="s",
            centre=CENTRE,
            clients=(ACME,),
            agreements=(_agreement(channel_ids=("voice", "chat")),),
        )


def test_every_dangling_reference_is_reported_at_once() -> None:
    agent = _agent(
        site_id="dublin",
        client_ids=("acme", "zeta"),
        assessments=(
            CompetencyAssessment(
                competency_id="nope", assessed_on=date(2026, 2, 1), outcome=CompetencyOutcome.MET
            ),
        ),
    )
    with pytest.raises(ModelError, match=r"^Scope: 3 problems\n") as caught:
        Scope(name="s", centre=CENTRE, clients=(ACME,), agents=(agent,))
    assert [p.path for p in caught.value.problems] == [
        "agents[0].site_id",
        "agents[0].client_ids[1]",
        "agents[0].assessments[0].competency_id",
    ]


def test_reference_into_an_absent_centre_says_the_scope_has_none() -> None:
    with pytest.raises(
        ModelError, match=r"agents\[0\]\.site_id: .*'cork'.*; the scope has no centre\.sites$"
    ):
        Scope(name="s", agents=(_agent(),))


def test_dangling_reference_message_names_the_agent_by_id_not_name() -> None:
    with pytest.raises(ModelError, match=r"agent 'A1'") as caught:
        Scope(name="s", centre=CENTRE, agents=(_agent(site_id="dublin"),))
    assert AGENT_NAME not in str(caught.value)


def test_client_specific_competency_must_name_a_client_in_scope() -> None:
    competency = Competency(
        id="prod", name="Products", area=CompetencyArea.CLIENT_SPECIFIC, client_id="zeta"
    )
    with pytest.raises(ModelError, match=r"competencies\[0\]\.client_id: .*competency 'prod'"):
        Scope(name="s", clients=(ACME,), competencies=(competency,))


def _policy(party: Party, party_id: str) -> Policy:
    return Policy(
        id="pol-1", kind=PolicyKind.TRAINING, title="T", party=party, party_id=party_id,
        owner_role="Lead", version="1",
    )  # fmt: skip


def test_centre_policy_must_name_the_centre() -> None:
    with pytest.raises(ModelError, match=r"policies\[0\]\.party_id: .*'acme'.*policy 'pol-1'"):
        Scope(name="s", centre=CENTRE, clients=(ACME,), policies=(_policy(Party.CENTRE, "acme"),))


def test_shared_policy_party_id_is_not_resolved() -> None:
    scope = Scope(name="s", policies=(_policy(Party.SHARED, "anyone"),))
    assert scope.policies[0].party_id == "anyone"


def test_known_ids_hint_is_cut_after_five() -> None:
    many = tuple(attrs.evolve(ACME, id=f"c{i}") for i in range(7))
    with pytest.raises(ModelError, match=r"known ids: 'c0', 'c1', 'c2', 'c3', 'c4', \.\.\.$"):
        Scope(name="s", centre=CENTRE, clients=many, agreements=(_agreement("ghost"),))


def test_lookup_of_unknown_agent_raises_key_error() -> None:
    with pytest.raises(KeyError, match=r"A9"):
        Scope(name="s").agent("A9")


def test_unknown_agent_lookup_suggests_close_ids() -> None:
    from iso18295 import examples
    from iso18295.errors import UnknownIdError

    scope = examples.load_example()
    with pytest.raises(
        UnknownIdError, match=r"expected the id of an agent, found 'NW004'"
    ) as raised:
        scope.agent("NW004")
    assert "NW0040" in raised.value.suggestions
    assert isinstance(raised.value, KeyError)
