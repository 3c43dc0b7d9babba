"""The strict CSP in Chromium: the application and the admin work without any violation;
the second factor through the real forms."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.ftda.factories import (
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return violations


def test_casework_pages_run_under_the_csp(page, live_server):
    membership = MembershipFactory(structure__name="CPH Angers", user__username="ts.csp")
    person = PersonFactory(last_name="Haidari", first_names="Mohammed")
    PathwayFactory(person=person, structure=membership.structure)
    violations = watch_csp(page)
    log_in(page, live_server, "ts.csp")
    page.get_by_label("Rechercher une personne").fill("haidari")
    expect(page.locator("#caseload-results")).to_contain_text("HAIDARI")  # htmx works
    page.goto(live_server.url + reverse("ftda:person_detail", args=[person.pk]))
    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="Afficher le menu").click()  # Bootstrap's JS works
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert violations == []


def test_the_admin_works_under_the_csp_after_the_second_factor(page, live_server):
    UserFactory(admin=True, username="admin.csp")
    StructureFactory(name="CPH Chaumont", departement="52", city="Chaumont")
    violations = watch_csp(page)
    page.goto(live_server.url + reverse("admin:index"))
    # The admin sends to the application's login, then to the enrolment of a device.
    log_in(page, live_server, "admin.csp", landing=None, second_factor=False)
    expect(page.get_by_role("heading", name="Activer la double authentification")).to_be_visible()
    secret = page.locator("code.user-select-all").inner_text().replace(" ", "")
    code = TOTP(base64.b32decode(secret)).token()
    page.get_by_label("Code à 6 chiffres").fill(f"{code:06d}")
    page.get_by_role("button", name="Activer").click()
    # Admins without casework land in the admin, which shows the message in its own list.
    expect(page.locator(".messagelist")).to_contain_text("Double authentification activée")
    page.goto(live_server.url + reverse("admin:index"))
    expect(page.get_by_role("heading", name="Configuration")).to_be_visible()
    page.goto(live_server.url + reverse("admin:ftda_structure_changelist"))
    page.get_by_role("checkbox", name="Sélectionner tous les objets", exact=False).first.check()
    page.goto(live_server.url + reverse("admin:ftda_structure_add"))
    page.get_by_label("Nom").fill("CPH Laval")
    page.get_by_label("Ville").fill("Laval")
    page.get_by_label("Type").select_option(index=1)
    page.get_by_label("Département").select_option("53")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("CPH Laval")
    assert violations == []
