"""Views of the housing app through Django's test client."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ftda.models import Pathway
from hebergement.enums import ExitOutcome
from hebergement.models import Orientation, Stay, StayExtension
from tests.ftda.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
)
from tests.hebergement.factories import (
    CapacityFactory,
    HousingUnitFactory,
    OrientationFactory,
    OutOfServiceFactory,
    PlaceFactory,
    StayFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db
BOARD_BUDGET = 12


@pytest.fixture
def worker(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return membership


def populate(structure, count):
    """`count` current stays: a third ending within 30 days, a third past their end."""
    unit = HousingUnitFactory(structure=structure)
    for index in range(count):
        arrived = days_ago(200 + index % 90)
        end = [days_ago(-10), days_ago(5), days_ago(-100)][index % 3]
        StayFactory(
            place=PlaceFactory(unit=unit),
            person=PersonFactory(last_name=f"Ouédraogo{index}"),
            arrived_on=arrived,
            planned_end_on=end,
        )
    OrientationFactory(structure=structure, accepted_trait=True)


def board_queries(client, structure):
    url = reverse("hebergement:board", args=[structure.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_board_counts_places_and_lists_alerts(client, worker):
    structure = worker.structure
    CapacityFactory(structure=structure, places=8, valid_from=datetime.date(2017, 3, 1))
    unit = HousingUnitFactory(structure=structure)
    places = [PlaceFactory(unit=unit) for _ in range(3)]
    closed_unit = HousingUnitFactory(structure=structure)
    PlaceFactory(unit=closed_unit)
    PlaceFactory(unit=closed_unit)
    OutOfServiceFactory(unit=closed_unit)
    StayFactory(place=places[0], planned_end_on=days_ago(-12), person__last_name="Tekle")
    StayFactory(place=places[1], planned_end_on=days_ago(3), person__last_name="Warsame")
    StayFactory(place=places[2], exited=True)
    _, response = board_queries(client, structure)
    counts = response.context["counts"]
    assert counts == {"total": 5, "occupied": 2, "out_free": 2, "free": 1}
    assert [s.person.last_name for s in response.context["ending_soon"]] == ["Tekle"]
    assert [s.person.last_name for s in response.context["overdue"]] == ["Warsame"]
    assert response.context["authorised"].places == 8


def test_board_query_count_is_the_same_with_10_and_500_stays(
    client, worker, django_assert_max_num_queries
):
    structure = worker.structure
    CapacityFactory(structure=structure, places=600)
    populate(structure, 10)
    small, _ = board_queries(client, structure)
    populate(structure, 490)
    with django_assert_max_num_queries(BOARD_BUDGET):
        large, response = board_queries(client, structure)
    assert small == large
    assert response.context["current_count"] == 500


@pytest.mark.parametrize("url_name", ["hebergement:stay_list", "hebergement:index"])
def test_lists_query_count_does_not_grow(client, worker, django_assert_max_num_queries, url_name):
    CapacityFactory(structure=worker.structure, places=600)
    populate(worker.structure, 10)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(url_name) + "?tri=nom")
    populate(worker.structure, 490)
    with django_assert_max_num_queries(len(small)), CaptureQueriesContext(connection) as large:
        response = client.get(reverse(url_name) + "?tri=nom")
    assert response.status_code == 200
    assert len(small) == len(large) <= 12


def test_admission_of_a_household_through_the_forms(client, worker):
    structure = worker.structure
    household = HouseholdFactory(label="Ménage AL-HASSAN")
    muhammad = PersonFactory(
        last_name="Al-Hassan", first_names="Muhammad", birth_date=datetime.date(1988, 12, 1)
    )
    rania = PersonFactory(
        last_name="Alhassan", first_names="Rania", birth_date=datetime.date(1990, 5, 19)
    )
    baby = PersonFactory(last_name="Al-Hassan", first_names="Nour", birth_date=days_ago(300))
    for person in (muhammad, rania, baby):
        HouseholdMemberFactory(household=household, person=person)
    PathwayFactory(person=muhammad, structure=structure)
    unit = HousingUnitFactory(structure=structure)
    place_a, place_b = PlaceFactory(unit=unit, label="A"), PlaceFactory(unit=unit, label="B")

    today = timezone.localdate()
    response = client.post(
        reverse("hebergement:orientation_create"),
        {
            "structure": structure.pk,
            "person": muhammad.pk,
            "received_on": days_ago(10),
            "origin": "huda",
            "persons_count": 1,
        },
    )
    orientation = Orientation.objects.get()
    assert response.status_code == 302 and orientation.persons_count == 3

    response = client.post(
        reverse("hebergement:orientation_opinion", args=[orientation.pk]),
        {"opinion": "unfavourable", "opinion_on": days_ago(8), "reason": ""},
    )
    assert "Un avis défavorable doit être motivé." in response.content.decode()
    client.post(
        reverse("hebergement:orientation_opinion", args=[orientation.pk]),
        {"opinion": "favourable", "opinion_on": days_ago(8)},
    )
    client.post(
        reverse("hebergement:orientation_answer", args=[orientation.pk]),
        {"accepted": "oui", "answered_on": days_ago(7), "planned_arrival_on": today},
    )
    url = reverse("hebergement:admission", args=[orientation.pk])
    assert client.get(url).status_code == 200
    data = {
        "arrived_on": today,
        "contract_signed_on": today,
        f"admit_{muhammad.pk}": "on",
        f"place_{muhammad.pk}": place_a.pk,
        f"admit_{rania.pk}": "on",
        f"place_{rania.pk}": place_a.pk,
        f"admit_{baby.pk}": "on",
        f"place_{baby.pk}": "partage",
        "share_parent": rania.pk,
    }
    response = client.post(url, data)
    assert "Cette place est déjà attribuée à un autre membre." in response.content.decode()
    assert not Stay.objects.exists()
    response = client.post(url, data | {f"place_{rania.pk}": place_b.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Stay.objects.count() == 3
    assert Stay.objects.get(person=baby).shares_place_of.person == rania
    assert Pathway.objects.filter(person=baby, structure=structure, ended_on=None).exists()

    stay = Stay.objects.get(person=muhammad)
    response = client.post(
        reverse("hebergement:stay_extend", args=[stay.pk]),
        {"decided_on": today, "whole_household": "on"},
    )
    assert response.status_code == 302
    assert StayExtension.objects.count() == 3
    response = client.post(
        reverse("hebergement:stay_exit", args=[stay.pk]),
        {"exited_on": today, "outcome": ExitOutcome.PRIVATE_RENTAL, "whole_household": "on"},
    )
    assert "La sortie doit être postérieure à l&#x27;arrivée." in response.content.decode()
    assert not Stay.objects.filter(exited_on__isnull=False).exists()


def test_a_concurrent_booking_comes_back_as_a_french_message(client, worker):
    """The place was free when the form was drawn, taken when it was posted."""
    structure = worker.structure
    person = PersonFactory()
    PathwayFactory(person=person, structure=structure)
    orientation = OrientationFactory(structure=structure, person=person, accepted_trait=True)
    place = PlaceFactory(unit__structure=structure)
    url = reverse("hebergement:admission", args=[orientation.pk])
    assert str(place.pk) in client.get(url).content.decode()
    StayFactory(place=place, arrived_on=days_ago(1))
    response = client.post(
        url,
        {
            "arrived_on": timezone.localdate(),
            f"admit_{person.pk}": "on",
            f"place_{person.pk}": place.pk,
        },
    )
    assert response.status_code == 200
    assert "pas libre" in response.content.decode()


def test_stay_list_filters_drill_down(client, worker):
    structure = worker.structure
    out_2017 = StayFactory(
        place__unit__structure=structure,
        arrived_on=datetime.date(2017, 3, 1),
        exited_on=datetime.date(2017, 11, 30),
        exit_outcome="social_housing",
    )
    StayFactory(
        place__unit__structure=structure,
        arrived_on=datetime.date(2017, 3, 1),
        exited_on=datetime.date(2017, 12, 15),
        exit_outcome="no_solution",
    )
    StayFactory(place__unit__structure=structure, arrived_on=datetime.date(2018, 1, 2))
    StayFactory(
        arrived_on=datetime.date(2017, 5, 1),
        exited_on=datetime.date(2017, 6, 1),
        exit_outcome="social_housing",
    )  # elsewhere
    response = client.get(
        reverse("hebergement:stay_list"),
        {"sortie_du": "2017-01-01", "sortie_au": "2017-12-31", "logement_autonome": "true"},
    )
    assert list(response.context["page"].object_list) == [out_2017]
    response = client.get(
        reverse("hebergement:stay_list"), {"present_du": "2017-12-01", "present_au": "2017-12-31"}
    )
    assert response.context["page"].paginator.count == 1


def test_person_file_shows_the_housing_panel_to_members_only(client, worker):
    stay = StayFactory(place__unit__structure=worker.structure)
    PathwayFactory(person=stay.person, structure=worker.structure)
    orientation = OrientationFactory(
        structure=worker.structure, person=stay.person, favourable=True
    )
    response = client.get(reverse("ftda:person_detail", args=[stay.person.pk]))
    page = response.content.decode()
    assert reverse("hebergement:stay_detail", args=[stay.pk]) in page
    assert reverse("hebergement:orientation_detail", args=[orientation.pk]) in page
    assert "Avis favorable, réponse attendue" in page
    other = MembershipFactory()
    PathwayFactory(person=stay.person, structure=other.structure)
    client.force_login(other.user)
    response = client.get(reverse("ftda:person_detail", args=[stay.person.pk]))
    assert reverse("hebergement:stay_detail", args=[stay.pk]) not in response.content.decode()


def test_caseload_alerts_for_stays_ending(client, worker):
    soon = StayFactory(place__unit__structure=worker.structure, planned_end_on=days_ago(-20))
    late = StayFactory(place__unit__structure=worker.structure, planned_end_on=days_ago(2))
    for stay in (soon, late):
        PathwayFactory(person=stay.person, structure=worker.structure)
    page = client.get(reverse("ftda:caseload")).content.decode()
    assert f"Fin de séjour le {days_ago(-20):%d/%m/%Y}" in page
    assert f"Fin de séjour dépassée ({days_ago(2):%d/%m/%Y})" in page


def test_stays_export_is_scoped_filtered_and_for_managers(client):
    manager = MembershipFactory(manager=True)
    structure = manager.structure
    StayFactory(
        place__unit__structure=structure,
        person__last_name="Ouédraogo",
        arrived_on=datetime.date(2024, 2, 29),
    )
    StayFactory(place__unit__structure=structure, person__last_name="Sissoko", exited=True)
    StayFactory(person__last_name="Hors-Périmètre")
    client.force_login(manager.user)
    response = client.get(reverse("hebergement:stay_list"), {"statut": "en_cours", "format": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert "Ouédraogo" in content and "29/02/2024" in content
    assert "Sissoko" not in content and "Hors-Périmètre" not in content
    worker = MembershipFactory(structure=structure)
    client.force_login(worker.user)
    assert client.get(reverse("hebergement:stay_list"), {"format": "csv"}).status_code == 404


def test_a_month_of_participation_is_recorded_once(client, worker):
    stay = StayFactory(
        place__unit__structure=worker.structure, arrived_on=datetime.date(2024, 1, 15)
    )
    url = reverse("hebergement:participation_create", args=[stay.pk])
    response = client.post(url, {"month": "2024-02-29", "amount": "75,00"})
    assert response.status_code == 302
    assert stay.financial_participations.get().month == datetime.date(2024, 2, 1)
    response = client.post(url, {"month": "2024-02-10", "amount": "60"})
    assert "La participation de ce mois est déjà saisie." in response.content.decode()
    assert stay.financial_participations.count() == 1


def test_a_household_exit_is_all_or_nothing(client, worker):
    household = HouseholdFactory()
    first = StayFactory(
        place__unit__structure=worker.structure, household=household, arrived_on=days_ago(100)
    )
    late = StayFactory(
        place__unit__structure=worker.structure, household=household, arrived_on=days_ago(2)
    )
    response = client.post(
        reverse("hebergement:stay_exit", args=[first.pk]),
        {"exited_on": days_ago(10), "outcome": ExitOutcome.SOCIAL_HOUSING, "whole_household": "on"},
    )
    assert response.status_code == 200
    assert "La sortie doit être postérieure à l&#x27;arrivée." in response.content.decode()
    assert not Stay.objects.filter(pk__in=[first.pk, late.pk], exited_on__isnull=False).exists()
