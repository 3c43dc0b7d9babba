"""Helpers of the browser tests: logging in, accessibility checks and screenshots."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from ftda.models import User
from tests.ftda.factories import PASSWORD
from tests.otp import confirmed_device, current_code

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
WIDTHS = {"bureau": (1280, 900), "telephone": (375, 740)}


def log_in(page, live_server, username, *, password=PASSWORD, landing="Mes personnes suivies"):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if reverse("second_factor_verify") in page.url:
        # Managers, the direction and admins: the TOTP code of their device (tests/otp.py).
        user = User.objects.get(username=username)
        page.get_by_label("Code à 6 chiffres").fill(current_code(confirmed_device(user)))
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
