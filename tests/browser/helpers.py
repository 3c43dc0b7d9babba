"""Helpers of the browser tests: logging in, accessibility checks and screenshots."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from ftda.models import User
from ftda.security import needs_second_factor_by_role
from tests.ftda.factories import PASSWORD
from tests.otp import confirmed_device, unused_code

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
WIDTHS = {"bureau": (1280, 900), "telephone": (375, 740)}


def log_in(
    page,
    live_server,
    username,
    *,
    password=PASSWORD,
    landing="Mes personnes suivies",
    second_factor=True,
):
    """The login form; for managers, the direction and admins, also the code page (their
    device is created if needed; `second_factor=False` leaves them at the enrolment)."""
    user = User.objects.filter(username=username).first()
    device = None
    if second_factor and user and needs_second_factor_by_role(user):
        device = confirmed_device(user)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        expect(page.get_by_role("heading", name="Double authentification")).to_be_visible()
        page.get_by_label("Code à 6 chiffres").fill(unused_code(device))
        page.get_by_role("button", name="Vérifier").click()
    if landing:
        expect(page.get_by_role("heading", name=landing)).to_be_visible()


def serious_accessibility_violations(page):
    """axe-core run in the page: the serious and critical violations, as readable lines."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def screenshot_at_all_widths(page, name):
    """Screenshots in the git-ignored screenshots/ folder, at desktop and phone widths."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
        page.screenshot(path=SCREENSHOTS / f"{safe}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def has_no_horizontal_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
