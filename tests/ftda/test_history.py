"""The audit trail's statement-level triggers (`ftda.history.track`): one event per row
written by a statement, whatever the number of rows, with the context of the request; an
update records the rows it changed only; person events keep the identity, not the search
columns derived from it."""

import datetime

import pghistory
import pytest
from django.core.exceptions import FieldDoesNotExist

from ftda.models import Household, Person
from ftda.personal_data import collect
from ftda.services import update_person
from tests.ftda.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
HouseholdEvent = Household.pgh_event_model
PersonEvent = Person.pgh_event_model


@pytest.fixture
def user():
    return UserFactory()


def contexts(events):
    return {(e.pgh_context.metadata["user"], e.pgh_context.metadata["url"]) for e in events}


def test_a_bulk_insert_records_one_event_per_row_with_the_context(user):
    with pghistory.context(user=user.pk, url="/import/"):
        households = Household.objects.bulk_create(
            Household(label=f"Ménage {n}") for n in range(1, 4)
        )
    events = HouseholdEvent.objects.filter(pgh_label="insert").order_by("pgh_obj_id")
    assert [(e.pgh_obj_id, e.label) for e in events] == [(h.pk, h.label) for h in households]
    assert contexts(events) == {(user.pk, "/import/")}


def test_an_update_records_the_rows_it_changed_only(user):
    kept, renamed, other = Household.objects.bulk_create(
        Household(label=label) for label in ("Ménage A", "Ménage B", "Ménage C")
    )
    with pghistory.context(user=user.pk, url="/edit/"):
        updated = Household.objects.filter(pk__in=[kept.pk, renamed.pk]).update(label="Ménage A")
    assert updated == 2
    events = HouseholdEvent.objects.filter(pgh_label="update")
    assert [(e.pgh_obj_id, e.label) for e in events] == [(renamed.pk, "Ménage A")]
    assert contexts(events) == {(user.pk, "/edit/")}
    assert not HouseholdEvent.objects.filter(pgh_label="update", pgh_obj_id=other.pk).exists()


def test_a_delete_records_the_rows_as_they_were(user):
    households = Household.objects.bulk_create(
        Household(label=label) for label in ("Ménage A", "Ménage B")
    )
    with pghistory.context(user=user.pk, url="/delete/"):
        Household.objects.all().delete()
    events = HouseholdEvent.objects.filter(pgh_label="delete").order_by("pgh_obj_id")
    assert [(e.pgh_obj_id, e.label) for e in events] == [(h.pk, h.label) for h in households]
    assert contexts(events) == {(user.pk, "/delete/")}


def test_person_events_keep_the_identity_without_the_search_columns(user):
    person = PersonFactory(
        last_name="Nguyễn",
        first_names="Thị Hoa",
        birth_date=datetime.date(1990, 5, 4),
        agdref_number="7501234567",
    )
    person.first_names = "Thị Hoà"
    with pghistory.context(user=user.pk, url="/rectify/"):
        update_person(person=person, expected_version=person.version)
    for name in ("search_name", "search_keys"):
        with pytest.raises(FieldDoesNotExist):
            PersonEvent._meta.get_field(name)
    person.refresh_from_db()
    assert person.search_name == "nguyen thi hoa"  # the person's own columns are kept
    history = collect(person)["Historique des modifications de l'identité"]
    assert [
        (row["Opération"], row["Nom"], row["Prénoms"], row["Date de naissance"]) for row in history
    ] == [
        ("création", "Nguyễn", "Thị Hoa", datetime.date(1990, 5, 4)),
        ("rectification", "Nguyễn", "Thị Hoà", datetime.date(1990, 5, 4)),
    ]
    assert {row["Numéro AGDREF"] for row in history} == {"7501234567"}
    assert history[1]["Utilisateur (id)"] == user.pk
