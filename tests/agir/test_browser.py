"""AGIR pages in Chromium: no serious accessibility violation, no horizontal scroll on a
phone, and the action plan grows through htmx without a page load."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agir.enums import ReferentRole
from agir.models import Goal
from tests.agir.factories import (
    AgirPathwayFactory,
    DiagnosticFactory,
    GoalFactory,
    PlatformFactory,
    ReferentAssignmentFactory,
    ReferralFactory,
)
from tests.browser.helpers import (
    has_no_horizontal_scroll,
    log_in,
    screenshot_at_all_widths,
    serious_accessibility_violations,
)
from tests.ftda.factories import MembershipFactory, PartnerFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agir_team():
    platform = PlatformFactory()
    manager = MembershipFactory(structure=platform, manager=True, user__username="chef.agir").user
    yasmina = MembershipFactory(structure=platform, user__username="ts.agirparis").user
    karim = MembershipFactory(structure=platform).user
    pathways = []
    for last, first in [("Ahmadzai", "Gul Agha"), ("Nguyễn", "Thị Lan"), ("Touré", "Sékou")]:
        pathway = AgirPathwayFactory(
            platform=platform, person=PersonFactory(last_name=last, first_names=first)
        )
        ReferentAssignmentFactory(pathway=pathway, user=yasmina)
        ReferentAssignmentFactory(
            pathway=pathway, user=karim, role=ReferentRole.EMPLOYMENT_TRAINING
        )
        pathways.append(pathway)
    DiagnosticFactory(pathway=pathways[0])
    GoalFactory(pathway=pathways[0])
    ReferralFactory(
        pathway=pathways[0], partner=PartnerFactory(name="Mission Locale de Paris"), accepted=True
    )
    return {"manager": manager, "yasmina": yasmina, "pathways": pathways}


@pytest.fixture
def a11y_page(browser, live_server):
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def test_agir_pages_are_accessible_and_fit_a_phone(a11y_page, live_server, agir_team):
    page = a11y_page
    log_in(page, live_server, agir_team["manager"].username)
    pathway = agir_team["pathways"][0]
    pages = {
        "agir-file-active": reverse("agir:caseload") + f"?referent={agir_team['yasmina'].pk}",
        "agir-parcours": reverse("agir:pathway_list"),
        "agir-orientations": reverse("agir:referral_list"),
        "agir-parcours-detail": reverse("agir:pathway_detail", args=[pathway.pk]),
        "agir-referents": reverse("agir:referents", args=[pathway.pk]),
        "agir-reaffectation": reverse("agir:bulk_reassign"),
        "agir-entree": reverse("agir:entry", args=[pathway.person_id]),
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert serious_accessibility_violations(page) == [], name
        screenshot_at_all_widths(page, name)
        page.set_viewport_size({"width": 375, "height": 740})
        assert has_no_horizontal_scroll(page), name
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_goal_is_added_and_achieved_in_place(page, live_server, agir_team):
    pathway = agir_team["pathways"][1]
    log_in(page, live_server, agir_team["yasmina"].username)
    page.goto(live_server.url + reverse("agir:pathway_detail", args=[pathway.pk]))
    page.evaluate("window.__same_page = true")
    page.get_by_text("Ajouter un objectif").click()
    page.get_by_label("Domaine").select_option("housing")
    page.locator("#id_title").fill("Déposer la demande de logement social")
    due = datetime.date.today() + datetime.timedelta(days=30)
    page.get_by_label("Échéance").fill(due.isoformat())
    page.get_by_role("button", name="Ajouter l'objectif").click()
    section = page.locator("#section-goals")
    expect(section.get_by_role("status")).to_contain_text("Objectif ajouté")
    expect(section).to_contain_text("Déposer la demande de logement social")
    goal = Goal.objects.get(pathway=pathway)
    section.get_by_label("Nouveau statut de l'objectif").select_option("achieved")
    section.get_by_role("button", name="Mettre à jour").click()
    expect(section.get_by_role("status")).to_contain_text("Objectif mis à jour")
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert page.evaluate("window.__same_page") is True  # no full page load: htmx swapped
