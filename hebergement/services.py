"""Writes of the housing app: capacity decisions and the admission path.

orientation received → opinion (favourable / défavorable) → the person's answer →
admission of the household (a place for each member, infants under 3 may share a parent's
place) → extensions by 3 months → exit.

Each step keeps the core `Pathway` in step (scoping of persons rests on it): an orientation
opens the person's pathway in the structure, an unfavourable opinion or a refusal closes it,
an admission opens one for every member admitted, an exit closes it. Every function checks
that the user is a member of the structure, runs `full_clean()` and is atomic; database
refusals come back as `ValidationError`s with French messages (`as_validation_error`).
"""

import datetime
from dataclasses import dataclass
from functools import cache

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ftda import access
from ftda.models import HouseholdMember, Person
from ftda.services import close_pathway, open_pathway
from hebergement import models as m
from hebergement.enums import Opinion
from hebergement.models import (
    EXTENSION_MONTHS,
    INFANT_SHARING_MAX_AGE_YEARS,
    Capacity,
    Orientation,
    Place,
    Stay,
    StayExtension,
    planned_end,
)

GENERIC_REFUSAL = "L'enregistrement a été refusé : les données sont incohérentes."


@cache
def _constraint_messages():
    messages = {}
    for model in (
        m.Capacity,
        m.HousingUnit,
        m.Place,
        m.OutOfService,
        m.ProjectCall,
        m.ProjectBid,
        m.Orientation,
        m.Stay,
        m.StayExtension,
        m.FinancialParticipation,
    ):
        for constraint in model._meta.constraints:
            messages[constraint.name] = str(constraint.violation_error_message)
    return messages


def as_validation_error(error: IntegrityError) -> ValidationError:
    """The French message of the constraint the database refused (a concurrent write that
    slipped past `full_clean()`)."""
    text = str(error)
    for name, message in _constraint_messages().items():
        if name in text:
            return ValidationError(message, code=name)
    return ValidationError(GENERIC_REFUSAL, code="integrity")


def _save(instance, **kwargs):
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError as error:
        raise as_validation_error(error) from error
    return instance


def _require_member(user, structure):
    if not access.is_member(user, structure):
        raise ValidationError("Vous n'êtes pas membre de cette structure.")


# --------------------------------------------------------------------------- capacity


@transaction.atomic
def set_capacity(
    *,
    structure,
    places,
    valid_from,
    decision_kind,
    decision_reference="",
    decision_date=None,
    valid_until=None,
) -> Capacity:
    """Authorise `places` from `valid_from`: the open period that started before is closed
    the day before. Any other overlap is refused."""
    previous = (
        Capacity.objects.select_for_update()
        .filter(structure=structure, valid_until__isnull=True, valid_from__lt=valid_from)
        .first()
    )
    if previous is not None:
        previous.valid_until = valid_from - datetime.timedelta(days=1)
        _save(previous, update_fields=["valid_until"])
    capacity = Capacity(
        structure=structure,
        places=places,
        valid_from=valid_from,
        valid_until=valid_until,
        decision_kind=decision_kind,
        decision_reference=decision_reference,
        decision_date=decision_date,
    )
    return _save(capacity)


# --------------------------------------------------------------------------- admission path


def household_of(person):
    membership = HouseholdMember.objects.filter(person=person).select_related("household").first()
    return membership.household if membership else None


@transaction.atomic
def receive_orientation(*, orientation: Orientation, user) -> Orientation:
    """Record an OFII orientation; the person's support in the structure starts."""
    _require_member(user, orientation.structure)
    if orientation.household_id is None:
        orientation.household = household_of(orientation.person)
    if orientation.household is not None and orientation.persons_count == 1:
        orientation.persons_count = orientation.household.members.count()
    _save(orientation)
    open_pathway(
        person=orientation.person,
        structure=orientation.structure,
        started_on=orientation.received_on,
    )
    return orientation


@transaction.atomic
def give_opinion(*, orientation: Orientation, opinion, opinion_on, reason="", user):
    """The structure's opinion; an unfavourable one ends the person's support here."""
    _require_member(user, orientation.structure)
    orientation.opinion = opinion
    orientation.opinion_on = opinion_on
    orientation.opinion_reason = reason
    if opinion == Opinion.UNFAVOURABLE:
        orientation.accepted = None
        orientation.answered_on = None
    _save(orientation)
    if opinion == Opinion.UNFAVOURABLE:
        _end_support_without_stay(orientation, opinion_on)
    return orientation


@transaction.atomic
def record_answer(*, orientation: Orientation, accepted, answered_on, planned_arrival_on, user):
    """The person accepts (with an expected arrival date) or declines the proposal."""
    _require_member(user, orientation.structure)
    if orientation.opinion != Opinion.FAVOURABLE:
        raise ValidationError(
            "La personne ne répond qu'à une proposition ayant reçu un avis favorable."
        )
    if answered_on < orientation.opinion_on:
        raise ValidationError({"answered_on": "La réponse ne peut précéder l'avis."})
    orientation.accepted = accepted
    orientation.answered_on = answered_on
    orientation.planned_arrival_on = planned_arrival_on if accepted else None
    _save(orientation)
    if not accepted:
        _end_support_without_stay(orientation, answered_on)
    return orientation


def _end_support_without_stay(orientation, ended_on):
    """Close the pathway opened by the orientation unless the person has a stay here."""
    person, structure = orientation.person, orientation.structure
    if Stay.objects.filter(person=person, structure=structure).exists():
        return
    pathway = person.pathways.filter(structure=structure, ended_on=None).first()
    if pathway is not None:
        close_pathway(
            person=person, structure=structure, ended_on=max(ended_on, pathway.started_on)
        )


@dataclass
class Admission:
    """One member of the household: a place, or (an infant) the person whose place they
    share."""

    person: Person
    place: Place | None = None
    shares_with: Person | None = None


def _age_on(person, day):
    if person.birth_date is None:
        return None
    return relativedelta(day, person.birth_date).years


@transaction.atomic
def admit_household(
    *,
    structure,
    arrived_on,
    members: list[Admission],
    user,
    orientation: Orientation | None = None,
    contract_signed_on=None,
) -> list[Stay]:
    """Admit a household: one stay per member, each on a place of `structure`, except
    infants under 3 on arrival day, who may share a parent's place (see hebergement.models).
    All stays are created or none."""
    _require_member(user, structure)
    if not members:
        raise ValidationError("Choisissez au moins une personne à admettre.")
    if orientation is not None:
        if orientation.structure_id != structure.pk:
            raise ValidationError("Cette orientation concerne une autre structure.")
        if orientation.accepted is not True:
            raise ValidationError("La proposition n'a pas été acceptée par la personne.")
    persons = [admission.person for admission in members]
    if len({p.pk for p in persons}) != len(persons):
        raise ValidationError("Une même personne figure deux fois dans l'admission.")
    places = [a.place.pk for a in members if a.place is not None]
    if len(set(places)) != len(places):
        raise ValidationError("Chaque membre du ménage a sa propre place.")
    household = orientation.household if orientation else household_of(members[0].person)

    end = planned_end(arrived_on)
    stays_by_person = {}
    for admission in sorted(members, key=lambda a: a.place is None):
        person = admission.person
        stay = Stay(
            structure=structure,
            person=person,
            household=household,
            orientation=orientation,
            arrived_on=arrived_on,
            contract_signed_on=contract_signed_on,
            planned_end_on=end,
        )
        if admission.place is not None:
            stay.place = admission.place
        else:
            stay.shares_place_of = _parent_stay(admission, arrived_on, stays_by_person)
        try:
            _save(stay)
        except ValidationError as error:
            raise ValidationError(f"{person} : {' '.join(error.messages)}") from error
        stays_by_person[person.pk] = stay
        open_pathway(person=person, structure=structure, started_on=arrived_on)
    return list(stays_by_person.values())


def _parent_stay(admission, arrived_on, stays_by_person):
    person = admission.person
    age = _age_on(person, arrived_on)
    if age is None or age >= INFANT_SHARING_MAX_AGE_YEARS:
        raise ValidationError(
            f"{person} : seul un enfant de moins de {INFANT_SHARING_MAX_AGE_YEARS} ans à "
            "l'arrivée peut partager la place d'un parent ; attribuez-lui une place."
        )
    parent = admission.shares_with
    parent_stay = stays_by_person.get(parent.pk) if parent else None
    if parent_stay is None:
        raise ValidationError(
            f"{person} : choisissez le parent, admis avec une place, dont il partage la place."
        )
    return parent_stay


@transaction.atomic
def extend_stays(*, stays, decided_on, user, months=EXTENSION_MONTHS) -> list[StayExtension]:
    """OFII extends the stays (usually the household's) by `months` from their planned end."""
    extensions = []
    for stay in stays:
        _require_member(user, stay.structure)
        if stay.exited_on is not None:
            raise ValidationError(f"{stay.person} : le séjour est terminé.")
        if decided_on < stay.arrived_on:
            raise ValidationError("La décision de prolongation ne peut précéder l'arrivée.")
        extension = StayExtension(
            stay=stay,
            decided_on=decided_on,
            months=months,
            previous_end_on=stay.planned_end_on,
            new_end_on=stay.planned_end_on + relativedelta(months=months),
        )
        _save(extension)
        stay.planned_end_on = extension.new_end_on
        _save(stay, update_fields=["planned_end_on"])
        extensions.append(extension)
    return extensions


@transaction.atomic
def record_exit(*, stays, exited_on, outcome, user, employment_at_exit="", note="") -> list[Stay]:
    """The stays end (usually the household's) with an outcome; infants sharing a leaving
    parent's place leave with them; the persons' support in the structure ends."""
    stays = list(stays)
    ids = {stay.pk for stay in stays}
    for stay in list(stays):
        stays.extend(
            infant
            for infant in stay.sharing_infants.filter(exited_on__isnull=True)
            if infant.pk not in ids
        )
    for stay in stays:
        _require_member(user, stay.structure)
        if stay.exited_on is not None:
            raise ValidationError(f"{stay.person} : la sortie est déjà enregistrée.")
        stay.exited_on = exited_on
        stay.exit_outcome = outcome
        stay.employment_at_exit = employment_at_exit
        stay.exit_note = note
        try:
            _save(stay)
        except ValidationError as error:
            raise ValidationError(f"{stay.person} : {' '.join(error.messages)}") from error
        close_pathway(person=stay.person, structure=stay.structure, ended_on=exited_on)
    return stays


def record_participation(*, participation, user):
    """A month of financial participation for a stay of the user's structure."""
    _require_member(user, participation.stay.structure)
    return _save(participation)
