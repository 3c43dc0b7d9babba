"""A social worker's daily flow in Debian's Chromium, through Playwright."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ftda.models import FollowUp
from tests.ftda.factories import PASSWORD, MembershipFactory, PathwayFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def social_worker():
    membership = MembershipFactory(
        structure__name="CPH Angers", user__username="ts.test", user__first_name="Camille"
    )
    for last, first in [("Haidari", "Mohammed"), ("Dupont", "Bérénice"), ("Martin", "Paul")]:
        PathwayFactory(
            structure=membership.structure,
            person=PersonFactory(last_name=last, first_names=first),
        )
    return membership.user


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("ftda:caseload"))
    expect(page).to_have_url(re.compile(r"/connexion/"))
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mes personnes suivies")).to_be_visible()


def test_find_a_person_and_log_a_follow_up_without_reload(page, live_server, social_worker):
    log_in(page, live_server, "ts.test")
    page.get_by_label("Rechercher une personne").fill("muhammad")
    results = page.locator("#caseload-results")
    expect(results.get_by_role("link", name="HAIDARI Mohammed")).to_be_visible()
    expect(results.get_by_role("link", name="MARTIN Paul")).to_have_count(0)
    results.get_by_role("link", name="HAIDARI Mohammed").click()
    expect(page.get_by_role("heading", name="HAIDARI Mohammed")).to_be_visible()

    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Type").select_option(label="Appel")
    page.get_by_label("Logement").check()
    page.get_by_label("Note").fill("Appel au SIAO : dossier complet, attente d'une proposition.")
    page.get_by_role("button", name="Enregistrer le suivi").click()

    expect(page.get_by_role("status")).to_contain_text("enregistré")
    expect(page.locator("#follow-up-list")).to_contain_text("Appel au SIAO")
    assert page.evaluate("window.__sameDocument") is True  # no full page reload
    assert FollowUp.objects.get().kind == "call"


def test_invalid_follow_up_shows_errors_in_place(page, live_server, social_worker):
    log_in(page, live_server, "ts.test")
    page.get_by_role("link", name="DUPONT Bérénice").click()
    page.get_by_label("Note").fill("Sans thème")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("#follow-up-form")).to_contain_text("Choisissez au moins un thème.")
    expect(page.get_by_label("Note")).to_have_value("Sans thème")
    assert not FollowUp.objects.exists()


def test_follow_up_in_three_interactions_from_the_caseload(page, live_server, social_worker):
    log_in(page, live_server, "ts.test")
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="Noter un suivi pour MARTIN Paul").click()  # 1
    quick = page.locator(".quick-follow-up")
    quick.get_by_label("Emploi").check()  # 2
    quick.get_by_role("button", name="Enregistrer le suivi").click()  # 3
    expect(page.get_by_role("status")).to_contain_text("enregistré pour MARTIN Paul")
    assert page.evaluate("window.__sameDocument") is True
    follow_up = FollowUp.objects.get()
    assert (follow_up.person.last_name, follow_up.kind, follow_up.topics) == (
        "Martin",
        "interview",
        ["employment"],
    )
