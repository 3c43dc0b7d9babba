"""The activity report in Chromium: accessible, charts drawn, figures lead to their
records, and the progress bar follows a background generation without reloading."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ftda.reports.models import Report
from tests.browser.helpers import (
    log_in,
    screenshot_at_all_widths,
    serious_accessibility_violations,
)
from tests.ftda.factories import FollowUpFactory, MembershipFactory, PathwayFactory, PersonFactory
from tests.reports.factories import ReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def angers():
    membership = MembershipFactory(
        structure__name="CPH d'Angers", user__username="chef.angers", manager=True
    )
    for last, first, start in [
        ("Haidari", "Mohammed", datetime.date(2016, 5, 1)),
        ("Nguyễn", "Thị Lan", datetime.date(2017, 2, 28)),
        ("Koné", "Aminata", datetime.date(2017, 10, 29)),
    ]:
        person = PersonFactory(last_name=last, first_names=first)
        PathwayFactory(person=person, structure=membership.structure, started_on=start)
        FollowUpFactory(
            person=person,
            structure=membership.structure,
            author=membership.user,
            occurred_on=datetime.date(2017, 11, 2),
        )
    return membership


@pytest.fixture
def a11y_page(browser, live_server):
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def test_a_manager_reads_the_report_and_checks_a_figure(a11y_page, live_server, angers):
    page = a11y_page
    log_in(page, live_server, "chef.angers")
    page.get_by_role("link", name="Rapport d'activité").click()
    page.get_by_label("Année").fill("2017")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("heading", name="1. Personnes accompagnées et suivis")).to_be_visible()
    assert page.locator("#section-accompagnement figure.report-chart svg").count() == 2
    assert serious_accessibility_violations(page) == []
    screenshot_at_all_widths(page, "rapport-activite")

    page.get_by_role("row", name="Personnes accompagnées dans la période").get_by_role(
        "link"
    ).click()
    expect(page.get_by_role("heading", name="Personnes accompagnées")).to_be_visible()
    expect(page.get_by_text("3 personnes")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_the_progress_bar_follows_a_background_generation(page, live_server, angers):
    report = ReportFactory(
        structure=angers.structure,
        created_by=angers.user,
        generation=Report.Generation.RUNNING,
        progress=40,
    )
    log_in(page, live_server, "chef.angers")
    page.goto(live_server.url + reverse("reports:detail", args=[report.pk]))
    expect(page.get_by_label("Avancement de la génération")).to_have_attribute("value", "40")
    Report.objects.filter(pk=report.pk).update(progress=80)
    expect(page.get_by_label("Avancement de la génération")).to_have_attribute("value", "80")
    report.refresh_from_db()
    Report.objects.filter(pk=report.pk).update(
        generation=Report.Generation.DONE, progress=100, files_generated_at=report.updated_at
    )
    expect(page.get_by_label("Avancement de la génération")).to_have_count(0)
    # Leaving and coming back: Mes rapports shows where it stands.
    page.get_by_role("link", name="Mes rapports").click()
    expect(page.get_by_role("link", name="CPH d'Angers")).to_be_visible()
