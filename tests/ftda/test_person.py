import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ftda.models import AccessLog, Pathway, Person
from tests.ftda.factories import MembershipFactory, PathwayFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(db):
    return MembershipFactory(structure__name="CPH Angers").user


def person_data(structure, **overrides):
    data = {
        "last_name": "Haidari",
        "first_names": "Zahra",
        "birth_date": "1994-07-02",
        "sex": "F",
        "nationality": "AF",
        "languages": ["prs"],
        "protection_status": "refugee",
        "agdref_number": "7512345678",
        "phone": "06 12 34 56 78",
        "email": "",
        "structure": structure.pk,
        "started_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def test_social_worker_creates_a_person_and_their_pathway(client, worker):
    structure = worker.memberships.get().structure
    client.force_login(worker)
    response = client.post(reverse("ftda:person_create"), person_data(structure))
    person = Person.objects.get(last_name="Haidari")
    assert response.status_code == 302
    assert response["Location"] == reverse("ftda:person_detail", args=[person.pk])
    assert Pathway.objects.filter(person=person, structure=structure, ended_on=None).exists()
    assert str(person.phone) == "+33612345678"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("agdref_number", "75123", "10 chiffres"),
        ("agdref_number", "75123456AB", "10 chiffres"),
        ("birth_date", "2999-01-01", "ne peut pas être dans le futur"),
        ("birth_date", "31/02/1990", "Saisissez une date valide"),
        ("last_name", "", "Ce champ est obligatoire"),
        ("languages", ["xx"], "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(client, worker, field, value, message):
    structure = worker.memberships.get().structure
    client.force_login(worker)
    data = person_data(structure, **{field: value})
    response = client.post(reverse("ftda:person_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()
    assert not Pathway.objects.exists()
    # What the user typed is kept.
    assert 'value="Zahra"' in response.content.decode()


def test_likely_duplicate_must_be_confirmed(client, worker):
    structure = worker.memberships.get().structure
    existing = PersonFactory(
        last_name="Haydari", first_names="Zahra", birth_date=datetime.date(1994, 7, 2)
    )
    client.force_login(worker)
    response = client.post(reverse("ftda:person_create"), person_data(structure))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cette personne existe peut-être déjà" in body
    # The existing person is outside this worker's scope: no link, no full name.
    assert reverse("ftda:person_detail", args=[existing.pk]) not in body
    assert "suivi par une autre structure" in body
    assert Person.objects.count() == 1

    confirmed = person_data(structure, confirm_new_person="on")
    response = client.post(reverse("ftda:person_create"), confirmed)
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_duplicate_in_scope_is_linked(client, worker):
    structure = worker.memberships.get().structure
    existing = PersonFactory(
        last_name="Haidari", first_names="Zahra", birth_date=datetime.date(1994, 7, 2)
    )
    PathwayFactory(person=existing, structure=structure)
    client.force_login(worker)
    response = client.post(reverse("ftda:person_create"), person_data(structure))
    assert reverse("ftda:person_detail", args=[existing.pk]) in response.content.decode()


def test_no_duplicate_warning_for_another_birth_date(client, worker):
    structure = worker.memberships.get().structure
    PersonFactory(last_name="Haidari", first_names="Zahra", birth_date=datetime.date(1990, 1, 1))
    client.force_login(worker)
    response = client.post(reverse("ftda:person_create"), person_data(structure))
    assert response.status_code == 302


def test_person_file_view_is_logged(client, worker):
    structure = worker.memberships.get().structure
    person = PathwayFactory(structure=structure).person
    client.force_login(worker)
    response = client.get(reverse("ftda:person_detail", args=[person.pk]), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.person, log.structure, log.action, log.ip) == (
        worker,
        person,
        structure,
        "view_person",
        "10.0.0.7",
    )


def test_stale_edit_is_detected_not_lost(client, worker):
    structure = worker.memberships.get().structure
    person = PathwayFactory(structure=structure, person__first_names="Zahra").person
    client.force_login(worker)
    url = reverse("ftda:person_update", args=[person.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(first_names="Zahra Mina", birth_date=person.birth_date.isoformat())
    Person.objects.filter(pk=person.pk).update(version=person.version + 1, first_names="Zara")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "modifié par quelqu&#x27;un d&#x27;autre" in response.content.decode()
    person.refresh_from_db()
    assert person.first_names == "Zara"


def test_edit_is_audited_with_user_and_url(client, worker):
    structure = worker.memberships.get().structure
    person = PathwayFactory(structure=structure, person__first_names="Zahra").person
    client.force_login(worker)
    url = reverse("ftda:person_update", args=[person.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(first_names="Zahra Mina", birth_date=person.birth_date.isoformat())
    assert client.post(url, data).status_code == 302
    event = person.events.order_by("-pgh_id").first()
    assert event.first_names == "Zahra Mina"
    assert event.pgh_label == "update"
    assert event.pgh_context.metadata["user"] == worker.pk
    assert event.pgh_context.metadata["url"] == url


def test_agdref_shape_is_enforced_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(last_name="A", first_names="B", agdref_number="12AB")


def _fields_cached_for(response):
    """Whether the person form's fields of `response` are in the template fragment cache."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from ftda.forms import rendering_key

    key = make_template_fragment_key("person_fields", [rendering_key(response.context["form"])])
    return cache.get(key) is not None


def test_the_empty_form_is_cached_per_set_of_structures_and_a_filled_one_never(client, worker):
    """The new person's form renders 400 options (countries, languages) once per process and
    set of choices (ftda.forms.rendering_key); an edit form shows a person: never cached."""
    from django.core.cache import cache

    cache.clear()
    nantes = MembershipFactory(structure__name="CPH Nantes", structure__departement="44").user
    client.force_login(worker)
    angers_form = client.get(reverse("ftda:person_create"))
    assert "CPH Angers" in angers_form.text and _fields_cached_for(angers_form)
    client.force_login(nantes)
    nantes_form = client.get(reverse("ftda:person_create"))
    assert "CPH Nantes" in nantes_form.text and "CPH Angers" not in nantes_form.text
    assert _fields_cached_for(nantes_form) and _fields_cached_for(angers_form)

    cache.clear()
    structure = worker.memberships.get().structure
    person = PathwayFactory(structure=structure, person__first_names="Zahra Mina").person
    client.force_login(worker)
    edit_form = client.get(reverse("ftda:person_update", args=[person.pk]))
    assert 'value="Zahra Mina"' in edit_form.text
    assert not _fields_cached_for(edit_form)
    invalid = client.post(reverse("ftda:person_create"), person_data(structure, last_name=""))
    assert invalid.status_code == 200  # the form again, with what was typed
    assert not _fields_cached_for(invalid)


def test_the_edit_form_shows_the_persons_choices_selected(client, worker):
    """Widgets are rendered by Jinja2's copies of Django's templates (ftda.forms)."""
    structure = worker.memberships.get().structure
    person = PathwayFactory(
        structure=structure,
        person__last_name="Konaté",
        person__nationality="CI",
        person__languages=["fra", "dyu"],
    ).person
    client.force_login(worker)
    page = client.get(reverse("ftda:person_update", args=[person.pk])).text
    assert '<option value="CI" selected>Côte d&#39;Ivoire</option>' in page
    assert page.count('<option value="fra" selected>') == 1
    assert page.count('<option value="dyu" selected>') == 1
    assert '<option value="eng" selected>' not in page
    assert 'value="Konaté"' in page
