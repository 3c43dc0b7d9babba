"""Main core pages in Chromium: no serious accessibility violation, usable on a phone,
usable with the keyboard alone; screenshots written to screenshots/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ftda.models import FollowUp
from tests.browser.helpers import (
    has_no_horizontal_scroll,
    log_in,
    screenshot_at_all_widths,
    serious_accessibility_violations,
)
from tests.ftda.factories import FollowUpFactory, MembershipFactory, PathwayFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caseload():
    membership = MembershipFactory(structure__name="CPH Angers", user__username="ts.angers")
    people = [
        ("Haidari", "Mohammed"),
        ("Nguyễn", "Thị Lan"),
        ("Gebremariam", "Yonas"),
        ("Koné", "Aminata"),
    ]
    persons = []
    for last, first in people:
        person = PersonFactory(last_name=last, first_names=first)
        PathwayFactory(person=person, structure=membership.structure)
        FollowUpFactory(person=person, structure=membership.structure, author=membership.user)
        persons.append(person)
    return membership.user, persons


@pytest.fixture
def a11y_page(browser, live_server):
    # axe-core is injected by evaluation: the test context bypasses the CSP for that only.
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def test_main_pages_are_accessible_and_fit_a_phone(a11y_page, live_server, caseload):
    page = a11y_page
    user, persons = caseload
    page.goto(live_server.url + reverse("login"))
    assert serious_accessibility_violations(page) == []
    screenshot_at_all_widths(page, "connexion")

    log_in(page, live_server, user.username)
    pages = {
        "personnes-suivies": reverse("ftda:caseload"),
        "dossier-personne": reverse("ftda:person_detail", args=[persons[0].pk]),
        "nouvelle-personne": reverse("ftda:person_create"),
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert serious_accessibility_violations(page) == [], name
        screenshot_at_all_widths(page, name)
        page.set_viewport_size({"width": 375, "height": 740})
        assert has_no_horizontal_scroll(page), name
        page.set_viewport_size({"width": 1280, "height": 900})


def tab_to(page, selector, *, limit=15):
    """Press Tab until `selector` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} n'est pas atteignable au clavier")


def test_follow_up_with_the_keyboard_alone_on_a_phone(page, live_server, caseload):
    user, persons = caseload
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, live_server, user.username)
    page.goto(live_server.url + reverse("ftda:person_detail", args=[persons[1].pk]))
    page.locator("#id_occurred_on").focus()
    tab_to(page, "#id_kind")
    page.keyboard.press("ArrowDown")  # from Entretien (the default) to Appel
    tab_to(page, "#id_topics_0")
    page.keyboard.press("Space")  # Droits
    tab_to(page, "#id_note")
    page.keyboard.type("Appel en vietnamien avec interprète.")
    tab_to(page, "#follow-up-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("enregistré")
    follow_up = FollowUp.objects.exclude(note__startswith="Entretien").get()
    assert follow_up.note == "Appel en vietnamien avec interprète."
    assert follow_up.topics == ["rights"]
    assert follow_up.kind == "call"
