"""Writes of the core app that touch several models or have side effects."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ftda import access, security
from ftda.models import AccessLog, FollowUp, Pathway, Person


class StaleEdit(Exception):
    """Someone else saved the record since the form was opened."""


def client_ip(request):
    """The client's address (REMOTE_ADDR, or per DJANGO_TRUSTED_PROXY_COUNT behind proxies)."""
    return security.client_ip(request)


def log_access(*, request, action, person=None, structure=None):
    return AccessLog.objects.create(
        user=request.user,
        person=person,
        structure=structure,
        action=action,
        path=request.get_full_path()[:500],
        ip=client_ip(request),
    )


@transaction.atomic
def create_person(*, person: Person, structure, started_on, created_by) -> Person:
    """Create a person's file and open their support in `structure`."""
    if not access.is_member(created_by, structure):
        raise ValidationError("Vous n'êtes pas membre de cette structure.")
    person.full_clean()
    person.save()
    pathway = Pathway(person=person, structure=structure, started_on=started_on)
    pathway.full_clean()
    pathway.save()
    return person


@transaction.atomic
def update_person(*, person: Person, expected_version: int | None) -> Person:
    """Save an edited person unless another edit landed since the form was opened."""
    current = Person.objects.select_for_update().only("version").get(pk=person.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit
    person.version = current.version + 1
    person.full_clean()
    person.save()
    return person


def log_follow_up(*, follow_up: FollowUp, author) -> FollowUp:
    """Record a follow-up written by `author` for a structure they belong to."""
    if not access.is_member(author, follow_up.structure):
        raise ValidationError("Vous n'êtes pas membre de cette structure.")
    follow_up.author = author
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def open_pathway(*, person, structure, started_on) -> Pathway:
    """The person's open pathway in `structure`, opened on `started_on` if there is none.

    Every scheme calls this when a person enters it (admission, AGIR entry, duo, mobility
    pathway): scoping of persons rests on pathways.
    """
    pathway = Pathway.objects.filter(person=person, structure=structure, ended_on=None).first()
    if pathway is None:
        pathway = Pathway(person=person, structure=structure, started_on=started_on)
        pathway.full_clean()
        pathway.save()
    return pathway


def close_pathway(*, person, structure, ended_on) -> Pathway | None:
    """End the person's open pathway in `structure` (exit, end of support)."""
    pathway = Pathway.objects.filter(person=person, structure=structure, ended_on=None).first()
    if pathway is not None:
        pathway.ended_on = ended_on
        pathway.full_clean()
        pathway.save(update_fields=["ended_on"])
    return pathway
