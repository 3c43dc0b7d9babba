"""Writes of the AGIR app. Every rule refused here or by the database comes back as a
`ValidationError` with a French message; nothing is written when one is raised."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from agir.enums import GOAL_CLOSED, EndReason, ReferentRole, ReferralStatus
from agir.models import (
    MAX_MONTHS,
    AgirPathway,
    Diagnostic,
    DiagnosticNeed,
    EmploymentSolution,
    Goal,
    HousingSolution,
    ReferentAssignment,
    Referral,
)
from ftda import access
from ftda.enums import MembershipRole, StructureKind
from ftda.models import Membership
from ftda.services import close_pathway, open_pathway

NO_CIR = (
    "La personne doit avoir signé son contrat d'intégration républicaine (CIR) pour entrer "
    "dans AGIR : indiquez la date de signature."
)


def planned_end(entered_on: datetime.date) -> datetime.date:
    """Entry + 24 months, as PostgreSQL computes it (29/02/2024 → 28/02/2026)."""
    return entered_on + relativedelta(months=MAX_MONTHS)


def _require_manager(user, platform):
    if not access.is_member(user, platform, roles=[MembershipRole.MANAGER]):
        raise ValidationError("Seul un chef de service de la plateforme peut faire cela.")


def _require_member(user, platform):
    if not access.is_member(user, platform):
        raise ValidationError("Vous n'êtes pas membre de cette plateforme.")


def _refuse_future(day, label):
    if day and day > timezone.localdate():
        raise ValidationError(f"{label} ne peut pas être dans le futur.")


def _require_open(pathway):
    if pathway.ended_on is not None:
        raise ValidationError("Ce parcours est terminé : il ne peut plus être modifié.")


def _locked(pathway):
    return AgirPathway.objects.select_for_update().get(pk=pathway.pk)


def is_platform_member(user, platform, on):
    return (
        Membership.objects.active(on)
        .filter(user=user, structure=platform, user__is_active=True)
        .exists()
    )


def _save(obj):
    """full_clean then save; a race lost against a database constraint is a French error."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(
            "Cet enregistrement contredit une règle (une autre saisie vient peut-être d'avoir "
            "lieu) : rechargez la page."
        ) from error
    return obj


# --------------------------------------------------------------------------- entry


@transaction.atomic
def enter(
    *,
    person,
    platform,
    ofii_oriented_on,
    cir_signed_on,
    entered_on,
    recorded_by,
    rights_housing_referent=None,
    employment_training_referent=None,
) -> AgirPathway:
    """Record an entry: refused without a signed CIR; opens the core pathway that puts the
    person in the platform's scope; assigns the pair of referents when given."""
    if platform.kind != StructureKind.AGIR:
        raise ValidationError("Cette structure n'est pas une plateforme AGIR.")
    _require_manager(recorded_by, platform)
    if cir_signed_on is None:
        raise ValidationError({"cir_signed_on": NO_CIR})
    _refuse_future(entered_on, "La date d'entrée")
    pathway = AgirPathway(
        person=person,
        platform=platform,
        ofii_oriented_on=ofii_oriented_on,
        cir_signed_on=cir_signed_on,
        entered_on=entered_on,
        planned_end_on=planned_end(entered_on),
    )
    _save(pathway)
    open_pathway(person=person, structure=platform, started_on=entered_on)
    referents = {
        ReferentRole.RIGHTS_HOUSING: rights_housing_referent,
        ReferentRole.EMPLOYMENT_TRAINING: employment_training_referent,
    }
    _assign_many(pathway=pathway, referents=referents, on=entered_on)
    return pathway


# --------------------------------------------------------------------------- referents


def _assign_many(*, pathway, referents, on):
    """End the current assignment of every role whose referent changes, then start the new
    ones: a swap of the two referents does not collide with itself."""
    if on < pathway.entered_on:
        raise ValidationError("Un référent ne peut être désigné avant l'entrée dans AGIR.")
    users = [u for u in referents.values() if u is not None]
    if len(users) != len({u.pk for u in users}):
        raise ValidationError(
            "Les deux référents du binôme doivent être deux personnes différentes."
        )
    changes = []
    for role, user in referents.items():
        if user is None:
            continue
        if not is_platform_member(user, pathway.platform, on):
            raise ValidationError(f"{user} n'est pas membre de la plateforme {pathway.platform}.")
        current = (
            ReferentAssignment.objects.select_for_update()
            .filter(pathway=pathway, role=role, ended_on__isnull=True)
            .first()
        )
        if current is not None and current.user_id == user.pk:
            continue
        if current is not None:
            if on < current.started_on:
                raise ValidationError(
                    "Le changement de référent ne peut précéder la désignation en cours "
                    f"(depuis le {current.started_on:%d/%m/%Y})."
                )
            current.ended_on = on
            _save(current)
        changes.append((role, user))
    return [
        _save(ReferentAssignment(pathway=pathway, role=role, user=user, started_on=on))
        for role, user in changes
    ]


@transaction.atomic
def assign_referents(*, pathway, on, assigned_by, referents: dict) -> list:
    """Assign or change referents (`{role: user}`) from `on`; the history is kept: the
    current assignment ends on `on` and the new one starts that day."""
    pathway = _locked(pathway)
    _require_manager(assigned_by, pathway.platform)
    _require_open(pathway)
    _refuse_future(on, "La date de désignation")
    return _assign_many(pathway=pathway, referents=referents, on=on)


@transaction.atomic
def reassign_caseload(*, platform, leaving, replacement, on, assigned_by) -> int:
    """Hand every open pathway of the platform where `leaving` is a current referent over to
    `replacement`, in the same role, from `on`. All or nothing: when `replacement` is
    already the other referent of some of these pathways, nothing changes and the error
    names them."""
    _require_manager(assigned_by, platform)
    _refuse_future(on, "La date de réaffectation")
    if leaving == replacement:
        raise ValidationError("Choisissez une autre personne que le référent qui part.")
    if not is_platform_member(replacement, platform, on):
        raise ValidationError(f"{replacement} n'est pas membre de la plateforme {platform}.")
    assignments = list(
        ReferentAssignment.objects.select_for_update()
        .filter(
            pathway__platform=platform,
            pathway__ended_on__isnull=True,
            user=leaving,
            ended_on__isnull=True,
        )
        .select_related("pathway__person")
    )
    conflicts = (
        ReferentAssignment.objects.filter(
            pathway__in=[a.pathway_id for a in assignments], user=replacement
        )
        .current(on)
        .select_related("pathway__person")
    )
    if conflicts:
        names = ", ".join(sorted(str(c.pathway.person) for c in conflicts))
        raise ValidationError(
            f"{replacement} est déjà l'autre référent de : {names}. Réaffectez d'abord ces "
            "parcours un par un ; rien n'a été modifié."
        )
    late = [a for a in assignments if a.started_on > on]
    if late:
        raise ValidationError(
            "Certaines désignations commencent après cette date : choisissez une date à "
            f"partir du {max(a.started_on for a in late):%d/%m/%Y}."
        )
    for assignment in assignments:
        assignment.ended_on = on
        _save(assignment)
        _save(
            ReferentAssignment(
                pathway=assignment.pathway, role=assignment.role, user=replacement, started_on=on
            )
        )
    return len(assignments)


# --------------------------------------------------------------------------- casework


def _casework(pathway, user):
    pathway = _locked(pathway)
    _require_member(user, pathway.platform)
    _require_open(pathway)
    return pathway


def _within_pathway(pathway, day, label):
    _refuse_future(day, label)
    if day and day < pathway.entered_on:
        raise ValidationError(f"{label} ne peut précéder l'entrée dans AGIR.")


@transaction.atomic
def record_diagnostic(*, pathway, done_on, needs: dict, author) -> Diagnostic:
    """Record (or correct) the diagnostic: `needs` maps a domain to (level, comment)."""
    pathway = _casework(pathway, author)
    _within_pathway(pathway, done_on, "La date du diagnostic")
    if not needs:
        raise ValidationError("Indiquez le niveau de besoin d'au moins un domaine.")
    diagnostic = Diagnostic.objects.filter(pathway=pathway).first() or Diagnostic(pathway=pathway)
    diagnostic.done_on = done_on
    diagnostic.author = author
    _save(diagnostic)
    diagnostic.needs.all().delete()
    for domain, (level, comment) in needs.items():
        _save(DiagnosticNeed(diagnostic=diagnostic, domain=domain, level=level, comment=comment))
    return diagnostic


@transaction.atomic
def add_goal(*, goal: Goal, author) -> Goal:
    pathway = _casework(goal.pathway, author)
    goal.pathway = pathway
    if goal.status in GOAL_CLOSED and goal.closed_on is None:
        goal.closed_on = timezone.localdate()
    return _save(goal)


@transaction.atomic
def set_goal_status(*, goal: Goal, status, on, author) -> Goal:
    _casework(goal.pathway, author)
    _refuse_future(on, "La date")
    goal.status = status
    goal.closed_on = on if status in GOAL_CLOSED else None
    return _save(goal)


@transaction.atomic
def add_referral(*, referral: Referral, author) -> Referral:
    pathway = _casework(referral.pathway, author)
    _within_pathway(pathway, referral.referred_on, "La date de l'orientation")
    referral.status = ReferralStatus.PROPOSED
    referral.answered_on = referral.closed_on = None
    return _save(referral)


@transaction.atomic
def set_referral_status(*, referral: Referral, status, on, author) -> Referral:
    """Move a referral to a new status on `on`: acceptance or refusal dates the answer,
    completion or *sans suite* dates the closing."""
    _casework(referral.pathway, author)
    _refuse_future(on, "La date")
    if on < referral.referred_on:
        raise ValidationError("La date ne peut précéder l'orientation.")
    referral.status = status
    if status == ReferralStatus.PROPOSED:
        referral.answered_on = referral.closed_on = None
    elif status in (ReferralStatus.ACCEPTED, ReferralStatus.REFUSED):
        referral.answered_on, referral.closed_on = on, None
    else:
        if referral.answered_on and on < referral.answered_on:
            raise ValidationError("La clôture ne peut précéder la réponse du partenaire.")
        referral.closed_on = on
    return _save(referral)


@transaction.atomic
def add_housing_solution(*, solution: HousingSolution, author) -> HousingSolution:
    pathway = _casework(solution.pathway, author)
    _within_pathway(pathway, solution.obtained_on, "La date du logement")
    return _save(solution)


@transaction.atomic
def add_employment_solution(*, solution: EmploymentSolution, author) -> EmploymentSolution:
    pathway = _casework(solution.pathway, author)
    _within_pathway(pathway, solution.started_on, "La date de début")
    return _save(solution)


# --------------------------------------------------------------------------- exit


def end_assignments_at_exit(pathway):
    """The referents stay referents through the exit day, not after."""
    ReferentAssignment.objects.filter(pathway=pathway, ended_on__isnull=True).update(
        ended_on=pathway.ended_on + datetime.timedelta(days=1)
    )


@transaction.atomic
def exit_pathway(*, pathway, ended_on, reason, closed_by) -> AgirPathway:
    """End the pathway with a date and a reason, and close the core pathway."""
    pathway = _casework(pathway, closed_by)
    if not ended_on or not reason:
        raise ValidationError("Une sortie se saisit avec sa date et son motif.")
    _within_pathway(pathway, ended_on, "La date de sortie")
    if reason == EndReason.BOTH_SOLUTIONS:
        has_housing = pathway.housing_solutions.filter(obtained_on__lte=ended_on).exists()
        has_job = pathway.employment_solutions.filter(started_on__lte=ended_on).exists()
        if not (has_housing and has_job):
            raise ValidationError(
                {
                    "end_reason": "Pour ce motif, enregistrez d'abord une solution logement et "
                    "une solution emploi ou formation."
                }
            )
    if reason == EndReason.TIME_LIMIT and ended_on < pathway.planned_end_on:
        raise ValidationError(
            {
                "end_reason": "La durée maximale n'est atteinte que le "
                f"{pathway.planned_end_on:%d/%m/%Y}."
            }
        )
    pathway.ended_on = ended_on
    pathway.end_reason = reason
    _save(pathway)
    end_assignments_at_exit(pathway)
    # Goals stay as they were: the history of the action plan.
    close_pathway(person=pathway.person, structure=pathway.platform, ended_on=ended_on)
    return pathway
