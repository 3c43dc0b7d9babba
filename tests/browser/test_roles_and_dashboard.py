"""Issue 8 in Chromium: each role logs in and lands where it works; the manager's
dashboard (accessible, drawn, screenshots); a manager downloads the annual report PDF; an
admin changes a structure's capacity in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hebergement.models import Capacity
from tests.browser.helpers import (
    has_no_horizontal_scroll,
    log_in,
    screenshot_at_all_widths,
    serious_accessibility_violations,
)
from tests.ftda.factories import (
    FollowUpFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    UserFactory,
)
from tests.hebergement.factories import CapacityFactory, PlaceFactory, StayFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


@pytest.fixture
def angers():
    """CPH Angers: 4 places, 3 present, a social worker and a manager."""
    manager = MembershipFactory(
        structure__name="CPH Angers", user__username="chef.angers", manager=True
    )
    structure = manager.structure
    MembershipFactory(structure=structure, user__username="ts.angers")
    CapacityFactory(structure=structure, places=4, valid_from=D(2016, 2, 29))
    today = timezone.localdate()
    for last, first in [("Haidari", "Mohammed"), ("Nguyễn", "Thị Lan"), ("Koné", "Aminata")]:
        person = PersonFactory(last_name=last, first_names=first)
        PathwayFactory(person=person, structure=structure, started_on=D(2017, 2, 28))
        StayFactory(
            person=person,
            place=PlaceFactory(unit__structure=structure),
            arrived_on=today - datetime.timedelta(days=45),
        )
        FollowUpFactory(
            person=person, structure=structure, author=manager.user, occurred_on=D(2017, 11, 2)
        )
    return structure


@pytest.fixture
def a11y_page(browser, live_server):
    # axe-core is injected by evaluation: the test context bypasses the CSP for that only.
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    ("username", "landing", "nav"),
    [
        ("ts.angers", "Mes personnes suivies", None),
        ("chef.angers", "Mes personnes suivies", "Tableau de bord"),
        ("direction", "Personnes accompagnées", "Tableau de bord"),
    ],
)
def test_each_role_logs_in_where_it_works(page, live_server, angers, username, landing, nav):
    UserFactory(username="direction", direction=True)
    log_in(page, live_server, username, landing=landing)
    dashboard = page.get_by_role("link", name="Tableau de bord")
    if nav is None:
        expect(dashboard).to_have_count(0)
    else:
        dashboard.click()
        expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()


def test_an_admin_lands_in_the_admin_and_changes_a_capacity(page, live_server, angers):
    UserFactory(admin=True, username="admin.ftda")
    capacity = Capacity.objects.get(structure=angers)
    log_in(page, live_server, "admin.ftda", landing="Configuration")
    page.goto(live_server.url + reverse("admin:hebergement_capacity_change", args=[capacity.pk]))
    page.get_by_label("Places autorisées").fill("6")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("modifié")
    capacity.refresh_from_db()
    assert capacity.places == 6


def test_the_dashboard_is_accessible_drawn_and_fits_a_phone(a11y_page, live_server, angers):
    page = a11y_page
    log_in(page, live_server, "chef.angers")
    page.get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", name="Occupation des places aujourd'hui")).to_be_visible()
    expect(page.get_by_role("row", name="CPH Angers")).to_contain_text("75")
    assert page.locator("figure.report-chart svg").count() >= 2
    assert serious_accessibility_violations(page) == []
    screenshot_at_all_widths(page, "tableau-de-bord")
    page.set_viewport_size({"width": 375, "height": 740})
    assert has_no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    # A figure leads to the records behind it: the three people present today.
    page.locator("#occupation_jour").get_by_title("Voir la liste correspondante").last.click()
    expect(page.get_by_role("link", name="HAIDARI Mohammed")).to_be_visible()


def test_a_manager_downloads_the_annual_report_pdf(page, live_server, angers):
    log_in(page, live_server, "chef.angers")
    page.get_by_role("link", name="Rapport d'activité").click()
    page.get_by_label("Année").fill("2017")
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("button", name="Enregistrer le brouillon et les commentaires").click()
    page.get_by_role("button", name="Générer le PDF et le tableur").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
