"""What keeps pages cheap without changing them: choice lists read with one query, the
follow-up form's and the lists' filters cached under what they show."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ftda import access
from ftda.filters import PersonFilter
from ftda.forms import rendering_key
from ftda.models import Person
from hebergement.filters import StayFilter
from hebergement.models import Stay
from tests.ftda.factories import (
    MembershipFactory,
    PathwayFactory,
    StructureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_choice_lists_are_read_once_without_a_server_side_cursor(django_assert_num_queries):
    """Django reads a ModelChoiceField's queryset with `.iterator()` (a server-side cursor)
    every time its choices are iterated; the project's forms read it once. (The direction's
    structure filter: every structure, from the queryset.)"""
    StructureFactory(name="CPH Angers")
    StructureFactory(name="CPH Rouen")
    request = RequestFactory().get("/")
    request.user = UserFactory(direction=True)
    form = PersonFilter({}, queryset=Person.objects.none(), request=request).form
    with django_assert_num_queries(1):
        html = str(form["structure"]) + str(form["structure"])
        labels = [label for _, label in form.fields["structure"].choices]
    assert labels == ["Toutes", "CPH Angers", "CPH Rouen"]
    assert html.count("CPH Rouen") == 2


def test_a_members_structure_filter_is_read_from_the_memberships(django_assert_num_queries):
    """A member's structures come with the memberships, loaded once per request: their
    filter needs no query of its own, sorted by name as the queryset was, housing lists
    offering the housing structures only; what is submitted is still checked against the
    scoped queryset."""
    membership = MembershipFactory(structure__name="CPH Rouen")
    user = membership.user
    MembershipFactory(user=user, structure=StructureFactory(name="CPH Angers"))
    MembershipFactory(user=user, structure=StructureFactory(agir=True, name="AGIR Manche"))
    elsewhere = StructureFactory(name="CPH Metz")
    request = RequestFactory().get("/")
    request.user = user
    access.membership_summary(user)  # the navigation loads it first on every page
    with django_assert_num_queries(0):
        form = PersonFilter({}, queryset=Person.objects.none(), request=request).form
        html = str(form["structure"])
        stays = StayFilter({}, queryset=Stay.objects.none(), request=request).form
        housing = [label for _, label in stays.fields["structure"].choices]
    labels = [label for _, label in form.fields["structure"].choices]
    assert labels == ["Toutes", "AGIR Manche", "CPH Angers", "CPH Rouen"]
    assert f'<option value="{membership.structure.pk}">CPH Rouen</option>' in html
    assert housing == ["CPH Angers", "CPH Rouen"]
    submitted = PersonFilter(
        {"structure": str(elsewhere.pk)}, queryset=Person.objects.none(), request=request
    ).form
    assert not submitted.is_valid()
    assert "choix valide" in str(submitted.errors["structure"])


def field_html(client, person):
    body = client.get(reverse("ftda:person_detail", args=[person.pk])).content.decode()
    return body[body.index('id="follow-up-form"') : body.index("Enregistrer le suivi")]


def test_cached_follow_up_fields_follow_the_structures_offered(client):
    """The unbound form's fields are cached under what they show: another worker, another
    structure, a renamed structure or a second structure each get their own HTML."""
    first = MembershipFactory(structure__name="CPH Angers")
    second = MembershipFactory(structure__name="CPH Rouen")
    person = PathwayFactory(structure=first.structure).person
    PathwayFactory(structure=second.structure, person=person)

    client.force_login(first.user)
    assert f'name="structure" value="{first.structure.pk}"' in field_html(client, person)
    client.force_login(second.user)
    assert f'name="structure" value="{second.structure.pk}"' in field_html(client, person)

    MembershipFactory(user=second.user, structure=first.structure)
    html = field_html(client, person)
    assert "<select" in html
    assert "CPH Angers" in html
    assert "CPH Rouen" in html
    first.structure.name = "CPH Angers-Centre"
    first.structure.save()
    assert "CPH Angers-Centre" in field_html(client, person)


def filter_form_html(client, **query):
    body = client.get(reverse("ftda:caseload"), query).content.decode()
    return body[body.index('id="caseload-filters"') : body.index("Filtrer</button>")]


def test_cached_filter_form_follows_the_values_and_choices(client):
    """The caseload's filter form is cached under what it shows: each worker sees their own
    structures, the text they searched and the errors of what they submitted."""
    angers = MembershipFactory(structure__name="CPH Angers")
    rouen = MembershipFactory(structure__name="CPH Rouen")

    client.force_login(angers.user)
    html = filter_form_html(client)
    assert "CPH Angers" in html
    assert "CPH Rouen" not in html
    assert 'value="Tesfay"' in filter_form_html(client, q="Tesfay")
    assert "Sélectionnez un choix valide" in filter_form_html(client, structure=rouen.structure.pk)

    client.force_login(rouen.user)
    html = filter_form_html(client)
    assert "CPH Rouen" in html
    assert "CPH Angers" not in html
    assert "Sélectionnez un choix valide" not in html


def person_filter_key(user, **data):
    request = RequestFactory().get("/")
    request.user = user
    return rendering_key(PersonFilter(data, queryset=Person.objects.none(), request=request).form)


def test_rendering_key_changes_with_what_the_fields_show():
    """Same values, same choices, same errors: same key (the cache answers); any of them
    different: another key. Lazy labels and choice values count by their text, never by an
    object's address, which would change at every request."""
    angers = MembershipFactory(structure__name="CPH Angers")
    MembershipFactory(user=angers.user, structure=StructureFactory(name="CPH Rouen"))
    user = angers.user
    plain = person_filter_key(user)
    assert person_filter_key(user) == plain
    assert " at 0x" not in plain
    assert "CPH Rouen" in plain
    keys = {
        plain,
        person_filter_key(user, q="Nguyễn"),
        person_filter_key(user, q="Nguyen"),
        person_filter_key(user, structure=str(angers.structure.pk)),
        person_filter_key(user, structure="999999"),  # "Sélectionnez un choix valide"
        person_filter_key(user, tri="-naissance"),
        person_filter_key(MembershipFactory(structure__name="CPH Metz").user),
    }
    assert len(keys) == 7
    angers.structure.name = "CPH Angers-Centre"
    angers.structure.save()
    next_request_user = type(user).objects.get(pk=user.pk)  # memberships are read per request
    assert person_filter_key(next_request_user) != plain


def stay_filters_html(client, **query):
    body = client.get(reverse("hebergement:stay_list"), query).content.decode()
    return body[body.index('id="stay-filters"') : body.index("Filtrer</button>")]


def test_cached_list_filters_show_each_user_their_own_choices_values_and_errors(client):
    """The stays list's filters (one of the lists whose filters are cached by
    `_filter_fields.html` or a `{% cache %}` of their own): another worker's structures,
    dates and errors never show from the cache."""
    angers = MembershipFactory(structure__name="CPH Angers")
    rouen = MembershipFactory(structure__name="CPH Rouen")
    for membership, own, other in (
        (angers, "CPH Angers", "CPH Rouen"),
        (rouen, "CPH Rouen", "CPH Angers"),
    ):
        client.force_login(membership.user)
        html = stay_filters_html(client)
        assert own in html
        assert other not in html
    assert 'value="2024-02-29"' in stay_filters_html(client, present_du="2024-02-29")
    html = stay_filters_html(client, present_du="2023-02-29")
    assert "Saisissez une date valide" in html
    assert 'value="2023-02-29"' in html
    assert "Saisissez une date valide" not in stay_filters_html(client)
