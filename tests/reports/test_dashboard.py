"""The manager dashboard: figures taken from the housing and AGIR sections (by key), charts
as safe SVG, drill-down links, scoping (a manager sees their structures only) and a
query count that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ftda.enums import MembershipRole
from hebergement.enums import ExitOutcome
from tests.agir.factories import AgirPathwayFactory, PlatformFactory, ReferentAssignmentFactory
from tests.ftda.factories import MembershipFactory, StructureFactory, UserFactory
from tests.hebergement.factories import CapacityFactory, PlaceFactory, StayFactory

pytestmark = pytest.mark.django_db

URL = "/tableau-de-bord/"


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def world():
    angers = StructureFactory(name="CPH Angers", opened_on=datetime.date(2016, 2, 29))
    CapacityFactory(structure=angers, places=4, valid_from=datetime.date(2016, 2, 29))
    chaumont = StructureFactory(name="CPH Chaumont", departement="52", city="Chaumont")
    CapacityFactory(structure=chaumont, places=50, valid_from=datetime.date(2017, 6, 1))
    manche = PlatformFactory(manche=True)
    manager = UserFactory(first_name="Hélène", last_name="Lefèvre")
    for structure in (angers, manche):
        MembershipFactory(user=manager, structure=structure, role=MembershipRole.MANAGER)
    return {"angers": angers, "chaumont": chaumont, "manche": manche, "manager": manager}


def add_activity(world, n):
    """`n` current stays in Angers, one exit to social housing, `n` AGIR pathways with a
    referent in La Manche."""
    for _ in range(n):
        StayFactory(place=PlaceFactory(unit__structure=world["angers"]), arrived_on=days_ago(40))
    StayFactory(
        place=PlaceFactory(unit__structure=world["angers"]),
        arrived_on=days_ago(200),
        exited_on=days_ago(10),
        exit_outcome=ExitOutcome.SOCIAL_HOUSING,
    )
    referent = MembershipFactory(
        structure=world["manche"], user__first_name="Zoé", user__last_name="Nguyễn"
    ).user
    for _ in range(n):
        pathway = AgirPathwayFactory(platform=world["manche"], entered_on=days_ago(30))
        ReferentAssignmentFactory(pathway=pathway, user=referent)


def test_a_manager_sees_occupancy_entries_caseload_and_exits_of_their_structures(client, world):
    add_activity(world, 3)
    client.force_login(world["manager"])
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    blocks = {block["key"]: block for block in response.context["blocks"]}
    assert list(blocks) == [
        "occupation_jour",
        "occupation_12_mois",
        "agir_entrees",
        "file_active",
        "sorties_hebergement",
        "sorties_agir",
    ]
    today = {f["key"]: f["value"] for f in blocks["occupation_jour"]["figures"]}
    assert today == {"places_authorised_end": 4, "occupancy_rate": 75, "persons_supported": 3}
    [per_structure] = blocks["occupation_jour"]["tables"]
    assert [row[0] for row in per_structure["rows"]] == ["CPH Angers"]  # not Chaumont
    [caseload] = blocks["file_active"]["tables"]
    assert caseload["rows"] == [["AGIR Manche", "Zoé Nguyễn", 3]]
    entries = {f["key"]: f["value"] for f in blocks["agir_entrees"]["figures"]}
    assert entries["agir_entries"] == 3
    exits = {f["key"]: f["value"] for f in blocks["sorties_hebergement"]["figures"]}
    assert exits["exits"] == 1
    [pie] = blocks["sorties_hebergement"]["charts"]
    assert pie["labels"] == [ExitOutcome.SOCIAL_HOUSING.label]
    # Charts inline as SVG without scripts; figures link to their lists.
    assert page.count("<svg ") == 5
    assert "<script" not in page.split("<main", 1)[-1].split("</main>")[0]
    assert reverse("hebergement:stay_list") + "?" in page
    assert reverse("agir:pathway_list") + "?" in page
    assert "CPH Chaumont" not in page


def test_the_direction_chooses_a_scope_among_all_structures(client, world):
    add_activity(world, 1)
    client.force_login(UserFactory(direction=True))
    response = client.get(URL, {"perimetre": f"structure:{world['chaumont'].pk}"})
    assert response.context["choice"].label == "CPH Chaumont"
    keys = [block["key"] for block in response.context["blocks"]]
    assert keys == ["occupation_jour", "occupation_12_mois", "sorties_hebergement"]
    table = response.context["blocks"][0]["tables"][0]
    assert table["rows"][0][:2] == ["CPH Chaumont", 50]
    # an unknown scope falls back to the first one, never beyond the user's structures
    response = client.get(URL, {"perimetre": "structure:999999"})
    assert response.context["choice"].key == "all"


def test_dashboard_in_the_nav_of_managers_only(client, world):
    client.force_login(world["manager"])
    assert URL in client.get("/personnes/").content.decode()
    worker = MembershipFactory(structure=world["angers"]).user
    client.force_login(worker)
    assert URL not in client.get("/personnes/").content.decode()
    assert client.get(URL).status_code == 404


def test_query_count_does_not_grow_with_the_data(client, world, django_assert_num_queries):
    client.force_login(world["manager"])
    add_activity(world, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    add_activity(world, 60)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(URL).status_code == 200
