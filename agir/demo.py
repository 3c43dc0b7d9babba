"""AGIR demo data, loaded by `manage.py load_demo` after the core's: the two platforms'
targets and partner network, an AGIR pathway for each person the core supports there, with
the pair of referents, a diagnostic, an action plan, referrals and solutions; a few older
pathways that ended (both solutions, 24-month limit, déménagement) and one about to reach
its 24 months. Dates are relative to `today`."""

import datetime
import random

from dateutil.relativedelta import relativedelta

from agir.enums import (
    GOAL_CLOSED,
    Domain,
    EmploymentKind,
    EndReason,
    GoalStatus,
    HousingKind,
    NeedLevel,
    ReferentRole,
    ReferralStatus,
)
from agir.models import (
    AgirPathway,
    Diagnostic,
    DiagnosticNeed,
    EmploymentSolution,
    Goal,
    HousingSolution,
    PlatformSettings,
    ReferentAssignment,
    Referral,
)
from agir.services import end_assignments_at_exit
from ftda.models import Agreement, Partner, Pathway

TARGETS = {"agir_paris": 3000, "agir_manche": 250}
REFERENTS = {
    "agir_paris": ("sw_agir_paris", "sw_agir_paris_2"),
    "agir_manche": ("sw_agir_manche", "sw_agir_manche_2"),
}
# (platform, partner, convention title, starts on)
NETWORK = [
    ("agir_paris", "France Travail Paris 19e", "Inscription et suivi des BPI", "2023-12-06"),
    ("agir_paris", "SIAO 75", "Accès au logement et à l'hébergement", "2024-01-15"),
    ("agir_paris", "CAF de Paris", "Ouverture des droits", "2024-02-01"),
    ("agir_manche", "Mission Locale du Centre Manche", "Jeunes de 16 à 25 ans", "2023-10-16"),
    ("agir_manche", "Manche Habitat", "Accès au logement social", "2023-11-02"),
    ("agir_manche", "GRETA Sud Normandie", "Cours de français et formation", "2024-01-08"),
]
GOALS = [
    (Domain.RIGHTS, "Ouvrir les droits CAF"),
    (Domain.RIGHTS, "Affiliation à la CPAM et complémentaire santé solidaire"),
    (Domain.HOUSING, "Déposer la demande de logement social"),
    (Domain.HOUSING, "Constituer le dossier SIAO"),
    (Domain.EMPLOYMENT, "Inscription à France Travail"),
    (Domain.EMPLOYMENT, "Rédiger un CV en français"),
    (Domain.TRAINING_LANGUAGE, "Atteindre le niveau A2 en français"),
    (Domain.MOBILITY, "Passer le code de la route"),
    (Domain.DIGITAL, "Créer l'espace personnel France Connect"),
    (Domain.CHILDCARE, "Trouver un mode de garde pour la reprise d'emploi"),
]
PURPOSES = {
    "Mission Locale de Paris": "Accompagnement vers l'emploi (moins de 26 ans)",
    "Ensemble Paris Emploi Compétences (EPEC)": "Atelier de recherche d'emploi",
    "France Travail Paris 19e": "Inscription et diagnostic emploi",
    "SIAO 75": "Demande d'hébergement d'insertion",
    "CAF de Paris": "Ouverture des droits RSA et APL",
    "France Travail Saint-Lô": "Inscription et diagnostic emploi",
    "Mission Locale du Centre Manche": "Accompagnement CEJ",
    "Manche Habitat": "Demande de logement social",
    "GRETA Sud Normandie": "Cours de français à visée professionnelle",
}
COMMENTS = {
    Domain.RIGHTS: "Titre de séjour valide ; attestation CAF en attente.",
    Domain.HOUSING: "Hébergé chez un compatriote, demande de logement social à déposer.",
    Domain.EMPLOYMENT: "Expérience de maçon dans le pays d'origine.",
    Domain.TRAINING_LANGUAGE: "Niveau A1 à l'oral, alphabétisation à consolider.",
    Domain.HEALTH: "Suivi médical régulier à organiser.",
}


def _full(obj):
    obj.full_clean()
    obj.save()
    return obj


def _network(structures):
    partners = {p.name: p for p in Partner.objects.all()}
    for key, name, title, starts in NETWORK:
        if name in partners:
            Agreement.objects.get_or_create(
                structure=structures[key],
                partner=partners[name],
                title=title,
                defaults={"starts_on": datetime.date.fromisoformat(starts)},
            )
    network = {}
    for key in TARGETS:
        platform = structures[key]
        network[key] = list(
            Partner.objects.filter(agreements__structure=platform).distinct().order_by("name")
        ) or list(Partner.objects.filter(departement=platform.departement))
    return network


def _pathway(person, platform, entered, rng, *, ended=None, reason=""):
    return _full(
        AgirPathway(
            person=person,
            platform=platform,
            ofii_oriented_on=entered - datetime.timedelta(days=rng.randrange(20, 60)),
            cir_signed_on=entered - datetime.timedelta(days=rng.randrange(5, 19)),
            entered_on=entered,
            planned_end_on=entered + relativedelta(months=24),
            ended_on=ended,
            end_reason=reason,
        )
    )


def _casework(pathway, users, partners, today, rng, *, diagnostic=True):
    first, second = users
    if rng.random() < 0.5:
        first, second = second, first
    for role, user in (
        (ReferentRole.RIGHTS_HOUSING, first),
        (ReferentRole.EMPLOYMENT_TRAINING, second),
    ):
        _full(
            ReferentAssignment(pathway=pathway, role=role, user=user, started_on=pathway.entered_on)
        )
    last_day = pathway.ended_on or today
    span = (last_day - pathway.entered_on).days
    done_on = pathway.entered_on + datetime.timedelta(days=rng.randrange(7, 35))
    if diagnostic and done_on <= last_day:
        diag = _full(Diagnostic(pathway=pathway, done_on=done_on, author=first))
        for domain in Domain:
            level = rng.choice(NeedLevel.values)
            _full(
                DiagnosticNeed(
                    diagnostic=diag,
                    domain=domain,
                    level=level,
                    comment=COMMENTS.get(domain, "") if level != NeedLevel.NONE else "",
                )
            )
    for domain, title in rng.sample(GOALS, rng.randrange(2, 5)):
        status = rng.choice(GoalStatus.values)
        due = pathway.entered_on + datetime.timedelta(days=rng.randrange(20, 200))
        closed = None
        if status in GOAL_CLOSED:
            closed = min(
                last_day, pathway.entered_on + datetime.timedelta(days=rng.randrange(0, span + 1))
            )
        _full(
            Goal(
                pathway=pathway,
                domain=domain,
                title=title,
                status=status,
                due_on=due,
                closed_on=closed,
            )
        )
    for partner in rng.sample(partners, min(len(partners), rng.randrange(1, 4))):
        referred = pathway.entered_on + datetime.timedelta(days=rng.randrange(0, span + 1))
        status = rng.choice(ReferralStatus.values)
        answered = closed = None
        gap = (last_day - referred).days
        if status != ReferralStatus.PROPOSED:
            answered = referred + datetime.timedelta(days=rng.randrange(0, min(gap, 14) + 1))
        if status in (ReferralStatus.COMPLETED, ReferralStatus.NO_FOLLOW_THROUGH):
            closed = answered + datetime.timedelta(
                days=rng.randrange(0, (last_day - answered).days + 1)
            )
            if status == ReferralStatus.NO_FOLLOW_THROUGH and rng.random() < 0.5:
                answered = None
        _full(
            Referral(
                pathway=pathway,
                partner=partner,
                referred_on=referred,
                purpose=PURPOSES.get(partner.name, "Orientation vers le droit commun"),
                status=status,
                answered_on=answered,
                closed_on=closed,
            )
        )


def _solutions(pathway, day, *, housing=True, job=True, rng):
    if housing:
        _full(
            HousingSolution(pathway=pathway, kind=rng.choice(HousingKind.values), obtained_on=day)
        )
    if job:
        _full(
            EmploymentSolution(
                pathway=pathway,
                kind=rng.choice(EmploymentKind.values),
                started_on=day - datetime.timedelta(days=rng.randrange(0, 60)),
            )
        )


def load(*, today, structures, users, persons):
    rng = random.Random(2023)
    for key, target in TARGETS.items():
        PlatformSettings.objects.update_or_create(
            structure=structures[key], defaults={"yearly_entry_target": target}
        )
    network = _network(structures)
    by_structure = {structures[key].pk: key for key in TARGETS}

    # An AGIR pathway for each person the core supports in a platform.
    core_pathways = Pathway.objects.filter(
        structure_id__in=by_structure, ended_on__isnull=True
    ).select_related("person", "structure")
    for index, core in enumerate(core_pathways.order_by("pk")):
        key = by_structure[core.structure_id]
        pathway = _pathway(core.person, core.structure, core.started_on, rng)
        referents = tuple(users[name] for name in REFERENTS[key])
        _casework(pathway, referents, network[key], today, rng, diagnostic=index % 4 != 0)
        if index % 3 == 0:
            day = min(today, pathway.entered_on + datetime.timedelta(days=rng.randrange(30, 200)))
            _solutions(pathway, day, housing=index % 2 == 0, job=index % 2 == 1, rng=rng)

    # One about to reach its 24 months: entered 23 months ago.
    paris = structures["agir_paris"]
    near = AgirPathway.objects.filter(platform=paris, person=persons[35]).first()
    if near is not None:
        entered = today - relativedelta(months=23)
        AgirPathway.objects.filter(pk=near.pk).update(
            entered_on=entered,
            ofii_oriented_on=entered - datetime.timedelta(days=30),
            cir_signed_on=entered - datetime.timedelta(days=10),
            planned_end_on=entered + relativedelta(months=24),
        )
        ReferentAssignment.objects.filter(pathway=near).update(started_on=entered)
        Pathway.objects.filter(person=persons[35], structure=paris, ended_on=None).update(
            started_on=entered
        )

    # Older pathways that ended, for the figures of the previous year.
    endings = [
        (4, "agir_paris", 24, EndReason.BOTH_SOLUTIONS, 30),
        (5, "agir_paris", 26, EndReason.TIME_LIMIT, 0),
        (12, "agir_paris", 20, EndReason.MOVED, 200),
        (26, "agir_manche", 25, EndReason.LOST_CONTACT, 300),
        (27, "agir_manche", 22, EndReason.BOTH_SOLUTIONS, 45),
    ]
    for person_index, key, months_ago, reason, days_before_limit in endings:
        platform = structures[key]
        entered = today - relativedelta(months=months_ago)
        ended = min(entered + relativedelta(months=24), today) - datetime.timedelta(
            days=days_before_limit
        )
        if reason == EndReason.TIME_LIMIT:
            ended = entered + relativedelta(months=24)
        person = persons[person_index]
        pathway = _pathway(person, platform, entered, rng, ended=ended, reason=reason)
        Pathway.objects.create(
            person=person, structure=platform, started_on=entered, ended_on=ended
        )
        _casework(pathway, tuple(users[n] for n in REFERENTS[key]), network[key], today, rng)
        end_assignments_at_exit(pathway)
        if reason == EndReason.BOTH_SOLUTIONS:
            _solutions(pathway, ended - datetime.timedelta(days=20), rng=rng)
