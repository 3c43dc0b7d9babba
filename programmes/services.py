"""Writes of the programmes: each checks the author is on the programme's team, validates
(database rules included) and runs in a transaction. Entering a duo or a mobility pathway
opens the person's core pathway in the programme; ending it closes it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ftda import access
from ftda.models import Pathway
from ftda.services import close_pathway, open_pathway
from programmes.enums import DuoStatus, MobilityStageKind, MobilityStatus
from programmes.models import (
    Duo,
    DuoMeeting,
    MobilityPathway,
    MobilityStage,
    Participant,
    Volunteer,
)


def check_member(user, structure):
    if not access.is_member(user, structure):
        raise ValidationError("Vous ne faites pas partie de l'équipe de ce programme.")


def _save(instance):
    """full_clean() then save; a rule broken by a concurrent write is still a clear error."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError(
            "L'enregistrement contredit une règle (un autre enregistrement vient peut-être "
            "d'être fait) : rechargez la page et vérifiez."
        ) from error
    return instance


def _close_pathway(*, person, structure, ended_on):
    """Close the person's pathway in the programme; a pathway opened after `ended_on` (a
    record entered late) closes on its first day rather than blocking the end."""
    pathway = Pathway.objects.filter(person=person, structure=structure, ended_on=None).first()
    if pathway is not None:
        close_pathway(
            person=person, structure=structure, ended_on=max(ended_on, pathway.started_on)
        )


@transaction.atomic
def save_volunteer(*, volunteer: Volunteer, author) -> Volunteer:
    check_member(author, volunteer.programme)
    return _save(volunteer)


@transaction.atomic
def register_participant(*, participant: Participant, author) -> Participant:
    """Register a refugee in Duos de demain; the team then sees their file to match them."""
    check_member(author, participant.programme)
    _save(participant)
    open_pathway(
        person=participant.person,
        structure=participant.programme,
        started_on=participant.consent_given_on,
    )
    return participant


@transaction.atomic
def confirm_duo(*, participant: Participant, volunteer: Volunteer, started_on, author) -> Duo:
    programme = participant.programme
    check_member(author, programme)
    if volunteer.programme_id != programme.pk:
        raise ValidationError("Ce bénévole n'appartient pas à ce programme.")
    duo = Duo(programme=programme, person=participant.person, volunteer=volunteer)
    duo.started_on = started_on
    _save(duo)
    open_pathway(person=duo.person, structure=programme, started_on=started_on)
    return duo


@transaction.atomic
def end_duo(*, duo: Duo, status, ended_on, reason="", author) -> Duo:
    check_member(author, duo.programme)
    if status not in (DuoStatus.FINISHED, DuoStatus.INTERRUPTED):
        raise ValidationError("Choisissez « terminé » ou « interrompu ».")
    duo.status, duo.ended_on, duo.end_reason = status, ended_on, reason
    if ended_on and duo.meetings.filter(occurred_on__gt=ended_on).exists():
        raise ValidationError(
            {"ended_on": "Des rencontres sont notées après cette date : elle est trop tôt."}
        )
    _save(duo)
    still_in_a_duo = Duo.objects.filter(
        person=duo.person, programme=duo.programme, ended_on__isnull=True
    ).exists()
    if not still_in_a_duo:
        _close_pathway(person=duo.person, structure=duo.programme, ended_on=ended_on)
    return duo


def log_meeting(*, meeting: DuoMeeting, author) -> DuoMeeting:
    check_member(author, meeting.duo.programme)
    return _save(meeting)


def save_record(*, instance, programme, author):
    """Any other record of a programme (activity, edition, stage, review…)."""
    check_member(author, programme)
    return _save(instance)


@transaction.atomic
def open_mobility_pathway(*, pathway: MobilityPathway, author) -> MobilityPathway:
    check_member(author, pathway.programme)
    _save(pathway)
    open_pathway(person=pathway.person, structure=pathway.programme, started_on=pathway.started_on)
    return pathway


@transaction.atomic
def record_stage(*, stage: MobilityStage, author) -> MobilityStage:
    """A dated stage; the *installation* stage marks the person as relocated."""
    pathway = stage.pathway
    check_member(author, pathway.programme)
    _save(stage)
    if stage.kind == MobilityStageKind.RELOCATION:
        pathway.relocated_on = stage.occurred_on
        if pathway.status == MobilityStatus.ONGOING:
            pathway.status = MobilityStatus.RELOCATED
        _save(pathway)
    return stage


@transaction.atomic
def end_mobility_pathway(*, pathway: MobilityPathway, ended_on, reason, abandoned, author):
    check_member(author, pathway.programme)
    pathway.ended_on, pathway.end_reason = ended_on, reason
    if abandoned:
        pathway.status = MobilityStatus.ABANDONED
    _save(pathway)
    _close_pathway(person=pathway.person, structure=pathway.programme, ended_on=ended_on)
    return pathway
