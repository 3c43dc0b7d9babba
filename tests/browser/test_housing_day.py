"""A social worker's day in housing, in Chromium: find a person, log a follow-up, then on
the stay's page record a three-month extension and, later, the exit."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ftda.models import FollowUp
from hebergement.enums import ExitOutcome
from hebergement.models import Stay
from tests.browser.helpers import log_in
from tests.ftda.factories import MembershipFactory, PathwayFactory, PersonFactory
from tests.hebergement.factories import PlaceFactory, StayFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def housed():
    membership = MembershipFactory(structure__name="CPH Angers", user__username="ts.angers")
    structure = membership.structure
    arrived = timezone.localdate() - datetime.timedelta(days=250)
    for last, first in [("Haidari", "Mohammed"), ("Dupont", "Bérénice")]:
        person = PersonFactory(last_name=last, first_names=first)
        PathwayFactory(person=person, structure=structure, started_on=arrived)
        StayFactory(
            person=person, place=PlaceFactory(unit__structure=structure), arrived_on=arrived
        )
    return Stay.objects.get(person__last_name="Haidari")


def test_find_a_person_follow_up_extend_and_exit(page, live_server, housed):
    log_in(page, live_server, "ts.angers")
    page.get_by_label("Rechercher une personne").fill("muhammad")
    results = page.locator("#caseload-results")
    expect(results.get_by_role("link", name="DUPONT Bérénice")).to_have_count(0)
    results.get_by_role("link", name="HAIDARI Mohammed").click()
    expect(page.get_by_role("heading", name="HAIDARI Mohammed")).to_be_visible()

    page.get_by_label("Type").select_option(label="Entretien")
    page.get_by_label("Logement").check()
    page.get_by_label("Note").fill("Point sur la demande de logement social (SYPLO).")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    expect(page.get_by_role("status")).to_contain_text("enregistré")
    assert FollowUp.objects.get().person_id == housed.person_id

    # The housing panel of the file leads to the stay.
    page.get_by_role("link", name="CPH Angers").last.click()
    expect(page.get_by_role("heading", name="Séjour de HAIDARI Mohammed")).to_be_visible()
    planned = housed.planned_end_on
    page.get_by_role("button", name="Prolonger").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text(
        "Séjour prolongé"
    )
    housed.refresh_from_db()
    assert housed.planned_end_on > planned

    page.get_by_label("Solution de sortie").select_option(ExitOutcome.SOCIAL_HOUSING.value)
    page.get_by_label("Précisions").fill("Logement social à Trélazé, bail signé.")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status"))).to_contain_text(
        "Sortie enregistrée"
    )
    housed.refresh_from_db()
    assert housed.exited_on == timezone.localdate()
    assert housed.exit_outcome == ExitOutcome.SOCIAL_HOUSING
    assert Stay.objects.get(person__last_name="Dupont").exited_on is None  # not her household
