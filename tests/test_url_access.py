"""Every URL pattern of the project, the admin's included, for every role, in and out of
scope. A named pattern with no declared case fails the suite."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import LOGIN, ROLES_ORDER
from tests.world import build_world

APPS = ["ftda", "hebergement", "agir", "programmes", "reports"]


def _walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if namespace and entry.namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<sans nom {entry.pattern}>"
            yield (f"{namespace}:{name}" if namespace else name), entry


def project_url_names():
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def declared_cases():
    cases, extenders = {}, []
    for app in APPS:
        try:
            module = import_module(f"tests.{app}.access_cases")
        except ModuleNotFoundError:
            continue
        cases.update(module.CASES)
        extenders.append(module.extend_world)
    return cases, extenders


CASES, EXTENDERS = declared_cases()
NON_ADMIN_NAMES = [name for name in project_url_names() if not name.startswith("admin:")]


@pytest.fixture
def world(db):
    world = build_world()
    for extend in EXTENDERS:
        extend(world)
    return world


def _client_for(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _assert_status(response, expected, label):
    if expected == LOGIN:
        assert response.status_code == 302, label
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), label
    else:
        assert response.status_code == expected, f"{label}: {response.status_code}"


def test_every_url_pattern_declares_its_access_rule():
    missing = [name for name in NON_ADMIN_NAMES if name not in CASES]
    assert not missing, (
        f"URL sans règle d'accès déclarée dans tests/<app>/access_cases.py: {missing}"
    )


@pytest.mark.parametrize("url_name", NON_ADMIN_NAMES)
def test_url_for_every_role_in_and_out_of_scope(url_name, world, client):
    case = CASES[url_name]
    for role in ROLES_ORDER:
        inside, outside = case.expect[role]
        for where, kwargs_of, expected in (
            ("dans", case.inside, inside),
            ("hors", case.outside, outside),
        ):
            kwargs = kwargs_of(world) if kwargs_of else {}
            url = reverse(url_name, kwargs=kwargs)
            http = _client_for(client, world.users[role])
            data = case.data(world) if case.data else {}
            response = getattr(http, case.method)(url, data)
            _assert_status(response, expected, f"{url_name} {role} {where} périmètre ({url})")


def _admin_urls(world):
    """Changelist and add page of every registered model, and the change page of one row."""
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info)), model_admin, None
        yield reverse("admin:{}_{}_add".format(*info)), model_admin, None
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[row.pk]), model_admin, row
    yield reverse("admin:index"), None, None


@pytest.mark.django_db
def test_admin_is_for_admins_only(world, client):
    admin_login = reverse("admin:login")
    for url, _, _ in _admin_urls(world):
        for role in ["anonymous", "social_worker", "manager", "direction"]:
            response = _client_for(client, world.users[role]).get(url)
            assert response.status_code == 302, f"{url} {role}"
            assert response["Location"].startswith(admin_login) or response["Location"].startswith(
                reverse("login")
            ), f"{url} {role}"
        response = _client_for(client, world.users["admin"]).get(url)
        assert response.status_code in (200, 403), f"{url} admin: {response.status_code}"


def test_casework_is_not_in_the_admin():
    registered = {model._meta.label for model in admin.site._registry}
    for label in ["ftda.Person", "ftda.FollowUp", "ftda.Household", "ftda.Pathway"]:
        assert label not in registered
