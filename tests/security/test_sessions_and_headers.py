"""Sessions (rotation, server-side logout, deactivation, timeouts, cookie flags) and the
security headers of real responses."""

import importlib
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from ftda import security
from tests.ftda.factories import (
    PASSWORD,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return MembershipFactory(user__username="ts.angers").user


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_the_session_id_changes_at_login(client, worker):
    client.get(reverse("login"))
    client.session["prelogin"] = "x"  # a session exists before the login
    session = client.session
    session["avant"] = 1
    session.save()
    before = session.session_key
    log_in(client, worker)
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_deletes_the_session_on_the_server(client, worker):
    log_in(client, worker)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_deactivating_a_user_ends_their_sessions(client, worker):
    other = UserFactory()
    log_in(client, worker)
    from django.test import Client

    second_browser = Client()
    second_browser.post(reverse("login"), {"username": worker.username, "password": PASSWORD})
    Client().post(reverse("login"), {"username": other.username, "password": PASSWORD})
    assert Session.objects.count() == 3
    worker.is_active = False
    worker.save()
    assert Session.objects.count() == 1  # the other user's
    assert client.get(reverse("ftda:caseload"))["Location"].startswith(reverse("login"))


def _age_session(client, **ages):
    session = client.session
    now = int(time.time())
    for key, seconds in ages.items():
        session[key] = now - seconds
    session.save()


def test_idle_timeout_30_minutes(client, worker, settings):
    settings.SESSION_ACTIVITY_REFRESH = 60
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # server-side expiry of the session row
    log_in(client, worker)
    _age_session(client, **{security.SEEN_AT: 29 * 60})
    assert client.get(reverse("ftda:caseload")).status_code == 200
    # That request counted as activity: the session was saved with a fresh expiry.
    assert time.time() - client.session[security.SEEN_AT] < 5
    _age_session(client, **{security.SEEN_AT: 31 * 60})
    response = client.get(reverse("ftda:caseload"))
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_absolute_lifetime_10_hours_whatever_the_activity(client, worker):
    log_in(client, worker)
    _age_session(client, **{security.LOGGED_IN_AT: 9 * 3600 + 3500, security.SEEN_AT: 10})
    assert client.get(reverse("ftda:caseload")).status_code == 200
    _age_session(client, **{security.LOGGED_IN_AT: 10 * 3600 + 60, security.SEEN_AT: 10})
    response = client.get(reverse("ftda:caseload"))
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.fixture
def production_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    import ftda.settings_production

    return importlib.reload(ftda.settings_production)


def test_production_cookies_are_secure_httponly_samesite(production_settings):
    prod = production_settings
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    assert prod.SESSION_COOKIE_HTTPONLY
    assert prod.SESSION_COOKIE_SAMESITE == prod.CSRF_COOKIE_SAMESITE == "Lax"
    assert prod.SECURE_HSTS_SECONDS >= 365 * 24 * 3600
    assert prod.DEBUG is False


def test_the_session_cookie_on_a_real_response_carries_its_flags(
    client, worker, settings, production_settings
):
    for name in ["SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME", "SECURE_HSTS_SECONDS"]:
        setattr(settings, name, getattr(production_settings, name))
    response = client.post(
        reverse("login"), {"username": worker.username, "password": PASSWORD}, secure=True
    )
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    response = client.get(reverse("ftda:caseload"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# ----------------------------------------------------------------------------- headers


def test_pages_carry_a_strict_csp_with_a_nonce(client, worker):
    client.force_login(worker)
    response = client.get(reverse("ftda:caseload"))
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert any(re.fullmatch(r"'nonce-[A-Za-z0-9+/=_-]{16,}'", s) for s in directives["script-src"])
    # Two responses, two nonces.
    again = client.get(reverse("ftda:caseload"))["Content-Security-Policy"]
    assert again != csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_or_handler(client, worker):
    person = PersonFactory()
    PathwayFactory(person=person, structure=worker.memberships.get().structure)
    client.force_login(worker)
    for url in [
        reverse("ftda:caseload"),
        reverse("ftda:person_detail", args=[person.pk]),
        reverse("ftda:person_create"),
        reverse("login"),
    ]:
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert "javascript:" not in html, url


def test_pages_with_personal_data_are_not_stored(client, worker):
    person = PersonFactory(last_name="Haidari")
    PathwayFactory(person=person, structure=worker.memberships.get().structure)
    client.force_login(worker)
    for url in [
        reverse("ftda:caseload"),
        reverse("ftda:person_detail", args=[person.pk]),
        reverse("ftda:person_update", args=[person.pk]),
    ]:
        assert client.get(url)["Cache-Control"] == "no-store", url


def test_the_admin_is_served_under_the_csp(client):
    admin_user = UserFactory(admin=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:ftda_structure_add"))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert (
        response["Cache-Control"].startswith("no-store") or "no-cache" in response["Cache-Control"]
    )
