"""Passwords, brute force (django-axes) and the second factor (django-otp TOTP)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ftda import security
from tests.access import LOGIN
from tests.ftda.factories import PASSWORD, MembershipFactory, UserFactory
from tests.otp import confirmed_device, current_code, login_without_second_factor
from tests.world import build_world

pytestmark = pytest.mark.django_db


def post_login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# ----------------------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Kerguelen-9", "au minimum 12 caractères"),
        ("michaeljackson", "trop courant"),
        ("493820175639201", "entièrement numérique"),
    ],
)
def test_weak_passwords_are_refused_in_french(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert message in " ".join(error.value.messages)


def test_a_long_passphrase_is_accepted_and_never_expires(settings):
    validate_password("Les cerisiers de Saint-Étienne-du-Rouvray")
    # No rotation: nothing in the settings ages passwords.
    assert not [name for name in dir(settings) if "PASSWORD_EXPIR" in name]


# ----------------------------------------------------------------------------- brute force


def test_five_failures_lock_the_username_from_that_address_for_15_minutes(client):
    user = UserFactory(username="ts.angers")
    for attempt in range(4):
        response = post_login(client, "ts.angers", "mauvais", REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200, attempt
        assert "Identifiant ou mot de passe incorrect" in response.text
    # The fifth failure locks.
    response = post_login(client, "ts.angers", "mauvais", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    # The right password no longer opens the account from this address.
    response = post_login(client, "ts.angers", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Connexion bloquée" in response.text
    assert "_auth_user_id" not in client.session
    # Another address may still log in (username + address are locked together).
    response = post_login(client, "ts.angers", PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302
    client.logout()
    # After 15 minutes the lock is lifted.
    AccessAttempt.objects.filter(username=user.username).update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=16)
    )
    response = post_login(client, "ts.angers", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302


def test_a_forged_forwarded_for_header_does_not_reset_the_counter(client):
    UserFactory(username="chef.rouen")
    for attempt in range(5):
        post_login(
            client,
            "chef.rouen",
            "mauvais",
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        )
    response = post_login(
        client, "chef.rouen", PASSWORD, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429


def test_behind_one_proxy_the_address_the_proxy_saw_counts(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="direction")
    for attempt in range(5):
        # The client forges the left part; the proxy appends the address it saw.
        post_login(
            client,
            "direction",
            "mauvais",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.7",
        )
    response = post_login(
        client,
        "direction",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7",
    )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_client_ip_takes_the_address_of_the_outermost_trusted_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 3.3.3.3")
    settings.TRUSTED_PROXY_COUNT = 0
    assert security.client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert security.client_ip(request) == "3.3.3.3"
    settings.TRUSTED_PROXY_COUNT = 2
    assert security.client_ip(request) == "2.2.2.2"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer hops than proxies: the header is not trusted
    assert security.client_ip(request) == "10.0.0.2"


# ----------------------------------------------------------------------------- second factor


@pytest.fixture
def manager():
    return MembershipFactory(manager=True, user__username="chef.angers").user


def test_a_manager_without_device_is_sent_to_enrolment_after_the_password(client, manager):
    response = post_login(client, "chef.angers", PASSWORD)
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_verify"))
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("second_factor_setup"))
    assert "<svg" in response.text and "<path" in response.text  # QR code made on the server
    assert client.get(reverse("ftda:caseload")).status_code == 302


def test_enrolment_confirms_the_device_and_verifies_the_session(client, manager):
    login_without_second_factor(client, manager)
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=manager)
    assert not device.confirmed
    response = client.post(reverse("second_factor_setup"), {"token": "000000"})
    assert "Code incorrect" in response.text
    # Wrong codes are throttled: even the right one waits a moment after a failure.
    response = client.post(reverse("second_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    session_before = client.cookies["sessionid"].value
    response = client.post(
        reverse("second_factor_setup"),
        {"token": current_code(device), "next": reverse("ftda:caseload")},
    )
    assert response["Location"] == reverse("ftda:caseload")
    device.refresh_from_db()
    assert device.confirmed
    assert client.cookies["sessionid"].value != session_before
    assert client.get(reverse("ftda:caseload")).status_code == 200


def test_a_code_works_once(client, manager):
    device = confirmed_device(manager)
    code = current_code(device)
    login_without_second_factor(client, manager)
    response = client.post(reverse("second_factor_verify"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("ftda:caseload")).status_code == 200
    client.logout()

    login_without_second_factor(client, manager)
    response = client.post(reverse("second_factor_verify"), {"token": code})
    assert response.status_code == 200
    assert "déjà utilisé" in response.text
    assert client.get(reverse("ftda:caseload")).status_code == 302


def test_the_next_parameter_cannot_send_elsewhere(client, manager):
    device = confirmed_device(manager)
    login_without_second_factor(client, manager)
    response = client.post(
        reverse("second_factor_verify"),
        {"token": current_code(device), "next": "https://exemple.invalid/piege"},
    )
    assert response["Location"] == reverse("home")


def test_a_password_reset_login_does_not_skip_the_second_factor(client, manager):
    """Django's password-reset view logs the user in with `auth.login` (what
    `login_without_second_factor` does): the session is still unverified."""
    confirmed_device(manager)
    manager.set_password("Un-nouveau-mot-de-passe-2026")
    manager.save()
    login_without_second_factor(client, manager)
    response = client.get(reverse("ftda:caseload"))
    assert response["Location"].startswith(reverse("second_factor_verify"))


def test_the_admin_cannot_be_entered_with_a_password_alone(client):
    admin_user = UserFactory(admin=True, username="admin")
    confirmed_device(admin_user)
    login_without_second_factor(client, admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_verify"))
    # Even where the middleware would let it pass, the admin site itself checks the device.
    response = client.get(reverse("admin:login"))
    assert response["Location"].startswith(reverse("second_factor_verify"))
    client.force_login(admin_user)  # verified
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_site_checks_the_device_itself(rf, client):
    from django.contrib import admin

    admin_user = UserFactory(admin=True)
    request = rf.get("/")
    request.user = admin_user
    admin_user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    admin_user.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_a_social_worker_may_do_without_a_device_but_not_once_enrolled(client):
    worker = MembershipFactory().user
    post_login(client, worker.username, PASSWORD)
    assert client.get(reverse("ftda:caseload")).status_code == 200
    client.logout()
    confirmed_device(worker)
    post_login(client, worker.username, PASSWORD)
    response = client.get(reverse("ftda:caseload"))
    assert response["Location"].startswith(reverse("second_factor_verify"))


def test_htmx_requests_of_an_unverified_session_get_a_client_redirect(client, manager):
    login_without_second_factor(client, manager)
    response = client.get(reverse("ftda:caseload"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("second_factor_verify"))


def test_every_page_sends_unverified_managers_direction_and_admins_to_the_code(client):
    from tests.test_url_access import CASES, EXTENDERS, NON_ADMIN_NAMES

    world = build_world()
    for extend in EXTENDERS:
        extend(world)
    checked = 0
    for role in ["manager", "direction", "admin"]:
        user = world.users[role]
        confirmed_device(user)
        client.logout()
        login_without_second_factor(client, user)
        for name in NON_ADMIN_NAMES:
            case = CASES[name]
            if name in {"login", "logout", "second_factor_verify", "second_factor_setup"}:
                continue
            kwargs = case.inside(world) if case.inside else {}
            response = getattr(client, case.method)(reverse(name, kwargs=kwargs))
            assert response.status_code == 302, f"{name} {role}"
            location = response["Location"]
            assert location.startswith(reverse("second_factor_verify")), f"{name} {role}"
            checked += 1
    assert checked >= 3 * 6
    assert LOGIN


def test_the_qr_code_does_not_change_other_svg_made_in_the_process(client, manager):
    """qrcode's SVG factories register an `svg:` prefix globally; ours does not, so pygal's
    charts keep their plain `<svg>` root."""
    import xml.etree.ElementTree as ET

    login_without_second_factor(client, manager)
    html = client.get(reverse("second_factor_setup")).text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert ET._namespace_map.get("http://www.w3.org/2000/svg") != "svg", ET._namespace_map.get(
        "http://www.w3.org/2000/svg"
    )


def test_a_social_worker_finds_the_optional_enrolment_in_the_menu(client):
    worker = MembershipFactory().user
    client.force_login(worker)
    html = client.get(reverse("ftda:caseload")).text
    assert reverse("second_factor_setup") in html
    assert client.get(reverse("second_factor_setup")).status_code == 200


def test_removing_a_lost_device_ends_the_sessions_it_verified(client, manager):
    client.force_login(manager)  # verified by a device
    assert client.get(reverse("ftda:caseload")).status_code == 200
    TOTPDevice.objects.filter(user=manager).get().delete()
    response = client.get(reverse("ftda:caseload"))
    assert response["Location"].startswith(reverse("login"))
