"""The programmes in Debian's Chromium: a meeting logged without reload, errors in place,
and the main pages free of serious accessibility violations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programmes.enums import Scheme
from programmes.models import DuoMeeting
from tests.browser.helpers import log_in, serious_accessibility_violations
from tests.ftda.factories import MembershipFactory, PathwayFactory, PersonFactory
from tests.programmes.factories import (
    CookingEventFactory,
    DuoFactory,
    MobilityPathwayFactory,
    ParticipantFactory,
    VolunteerFactory,
    programme_structure,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    duos = programme_structure(Scheme.DUOS)
    user = MembershipFactory(structure=duos, user__username="ts.duos.test").user
    chiche = programme_structure(Scheme.CHICHE_CHEF)
    cle = programme_structure(Scheme.CLE_DE_FRANCE)
    MembershipFactory(user=user, structure=chiche)
    MembershipFactory(user=user, structure=cle)
    person = PersonFactory(last_name="Tesfay", first_names="Mehret", languages=["tir"])
    PathwayFactory(person=person, structure=duos)
    duo = DuoFactory(
        programme=duos, person=person, started_on=timezone.localdate() - datetime.timedelta(40)
    )
    waiting = ParticipantFactory(programme=duos)
    PathwayFactory(person=waiting.person, structure=duos)
    VolunteerFactory(programme=duos, last_name="Haile", languages=["tir", "fra"])
    event = CookingEventFactory(programme=chiche)
    mobility = MobilityPathwayFactory(programme=cle)
    PathwayFactory(person=mobility.person, structure=cle)
    return {"duo": duo, "waiting": waiting, "event": event, "mobility": mobility}


def test_log_a_meeting_without_reload(page, live_server, team):
    duo = team["duo"]
    log_in(page, live_server, "ts.duos.test")
    page.goto(live_server.url + reverse("programmes:duo_detail", args=[duo.pk]))
    page.evaluate("window.__sameDocument = true")
    too_early = duo.started_on - datetime.timedelta(days=1)
    page.get_by_label("Date").fill(too_early.isoformat())
    page.get_by_label("Type").select_option(label="Promenade")
    page.get_by_role("button", name="Enregistrer la rencontre").click()
    expect(page.locator("#duo-meetings")).to_contain_text("pendant le duo")
    assert not DuoMeeting.objects.exists()
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Type").select_option(label="Promenade")
    page.get_by_role("button", name="Enregistrer la rencontre").click()
    expect(page.locator("#duo-meetings")).to_contain_text("Rencontres (1)")
    assert page.evaluate("window.__sameDocument") is True
    assert DuoMeeting.objects.get().kind == "walk"


@pytest.fixture
def a11y_page(browser):
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def test_programme_pages_are_accessible(a11y_page, live_server, team):
    page = a11y_page
    log_in(page, live_server, "ts.duos.test")
    paths = [
        reverse("programmes:duo_list"),
        reverse("programmes:duo_detail", args=[team["duo"].pk]),
        reverse("programmes:matching", args=[team["waiting"].pk]),
        reverse("programmes:volunteer_create"),
        reverse("programmes:event_list"),
        reverse("programmes:event_detail", args=[team["event"].pk]),
        reverse("programmes:mobility_list"),
        reverse("programmes:mobility_detail", args=[team["mobility"].pk]),
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert serious_accessibility_violations(page) == [], path
