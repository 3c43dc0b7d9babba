"""The lists behind the figures: scoped, exportable, with a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from ftda.enums import AccessAction
from ftda.models import AccessLog
from tests.ftda.factories import (
    FollowUpFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    StructureFactory,
)

pytestmark = pytest.mark.django_db
YEAR = {"du": "2017-01-01", "au": "2017-12-31"}


def test_exports_of_the_lists_stay_in_scope_and_hold_no_notes(scenario, client):
    client.force_login(scenario.manager)
    params = {**YEAR, "structures": str(scenario.angers.pk), "format": "csv"}
    csv = b"".join(client.get(reverse("reports:persons"), params).streaming_content).decode()
    assert "Haidari" in csv and "Kaboré" not in csv and "Yusufzai" not in csv
    csv = b"".join(client.get(reverse("reports:follow_ups"), params).streaming_content).decode()
    assert csv.count("\n") == 1 + 4  # header and Angers's four follow-ups of 2017
    assert "Entretien de suivi" not in csv and "Kaboré" not in csv
    assert AccessLog.objects.filter(action=AccessAction.EXPORT, user=scenario.manager).count() == 2


def _volume(n):
    structure = StructureFactory(name="CPH de Caen", departement="14", city="Caen")
    manager = MembershipFactory(structure=structure, manager=True).user
    worker = MembershipFactory(structure=structure).user
    persons = PersonFactory.create_batch(n)
    for index, person in enumerate(persons):
        PathwayFactory(
            person=person,
            structure=structure,
            started_on=datetime.date(2016, 2, 29) + datetime.timedelta(days=index % 300),
        )
        FollowUpFactory(
            person=person,
            structure=structure,
            author=worker,
            occurred_on=datetime.date(2017, 3, 26),  # the night clocks go forward
        )
    return structure, manager


@pytest.mark.parametrize("n", [10, 500])
@pytest.mark.parametrize("name", ["reports:persons", "reports:follow_ups"])
def test_lists_run_a_constant_number_of_queries(n, name, client, django_assert_max_num_queries):
    structure, manager = _volume(n)
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name), {**YEAR, "structures": str(structure.pk)})
    assert response.context["page"].paginator.count == n


@pytest.mark.parametrize("n", [10, 500])
def test_the_report_runs_a_constant_number_of_queries(n, client, django_assert_max_num_queries):
    structure, manager = _volume(n)
    client.force_login(manager)
    with django_assert_max_num_queries(25):
        response = client.get(
            reverse("reports:report"), {"perimetre": f"structure:{structure.pk}", "annee": 2017}
        )
    figures = response.context["document"]["sections"][0]["figures"]
    assert figures[0]["value"] == n
