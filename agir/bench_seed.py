"""AGIR volume for the benchmarks (`bench/seed_volume.py` calls `seed` inside its
transaction): an AGIR pathway for every adult the core seed supports in an AGIR platform,
with its CIR and OFII orientation, its pair of referents (reassigned for about one in ten),
a diagnostic, an action plan, referrals to the platform's partners, solutions and an exit.

Dates follow the core pathway: entry on its start, exit on its end (at most 24 months
later, the core seed's rule), nothing after today. Written with COPY."""

import datetime
import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password

from agir.demo import COMMENTS, GOALS, PURPOSES
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
from agir.models import MAX_MONTHS
from bench.copy_rows import copy_rows, reserve_ids
from ftda.enums import MembershipRole, PartnerKind, StructureKind
from ftda.models import Agreement, Membership, Partner, Structure, User

DAY = datetime.timedelta(days=1)
# Open pathways per referent (each pathway has two): the platform gets `bench.` accounts
# until its members reach that caseload.
CASELOAD = 150
REASSIGNED = 0.10
# The platforms' partner networks (name, kind); the demo's partners are kept.
NETWORK = {
    "75": [
        ("Mission Locale de Paris", PartnerKind.MISSION_LOCALE),
        ("France Travail Paris 18e", PartnerKind.FRANCE_TRAVAIL),
        ("France Travail Paris 19e", PartnerKind.FRANCE_TRAVAIL),
        ("France Travail Paris 20e", PartnerKind.FRANCE_TRAVAIL),
        ("CAF de Paris", PartnerKind.CAF),
        ("CPAM de Paris", PartnerKind.CPAM),
        ("SIAO 75", PartnerKind.SIAO),
        ("Paris Habitat", PartnerKind.SOCIAL_LANDLORD),
        ("Élogie-Siemp", PartnerKind.SOCIAL_LANDLORD),
        ("Solibail Paris", PartnerKind.SOCIAL_LANDLORD),
        ("AFPA Paris", PartnerKind.TRAINING_PROVIDER),
        ("GRETA Paris Industrie", PartnerKind.TRAINING_PROVIDER),
        ("Ensemble Paris Emploi Compétences (EPEC)", PartnerKind.ASSOCIATION),
        ("Action Emploi Réfugiés", PartnerKind.ASSOCIATION),
        ("Wimoov Paris", PartnerKind.ASSOCIATION),
        ("Emmaüs Connect", PartnerKind.ASSOCIATION),
        ("Habitat et Humanisme Île-de-France", PartnerKind.ASSOCIATION),
        ("Singa France", PartnerKind.ASSOCIATION),
    ],
    "50": [
        ("Mission Locale du Centre Manche", PartnerKind.MISSION_LOCALE),
        ("France Travail Saint-Lô", PartnerKind.FRANCE_TRAVAIL),
        ("France Travail Cherbourg", PartnerKind.FRANCE_TRAVAIL),
        ("CAF de la Manche", PartnerKind.CAF),
        ("CPAM de la Manche", PartnerKind.CPAM),
        ("Manche Habitat", PartnerKind.SOCIAL_LANDLORD),
        ("GRETA Sud Normandie", PartnerKind.TRAINING_PROVIDER),
        ("Wimoov Manche", PartnerKind.ASSOCIATION),
    ],
}
KIND_PURPOSES = {
    PartnerKind.MISSION_LOCALE: "Accompagnement vers l'emploi (moins de 26 ans)",
    PartnerKind.FRANCE_TRAVAIL: "Inscription et diagnostic emploi",
    PartnerKind.CAF: "Ouverture des droits RSA et APL",
    PartnerKind.CPAM: "Affiliation et complémentaire santé solidaire",
    PartnerKind.SIAO: "Demande d'hébergement d'insertion",
    PartnerKind.SOCIAL_LANDLORD: "Demande de logement social",
    PartnerKind.TRAINING_PROVIDER: "Cours de français à visée professionnelle",
    PartnerKind.ASSOCIATION: "Atelier de recherche d'emploi",
}
MORE_GOALS = [
    (Domain.HEALTH, "Trouver un médecin traitant"),
    (Domain.RESOURCES, "Ouvrir les droits au RSA"),
    (Domain.RESOURCES, "Ouvrir un compte bancaire"),
]
# Levels (none, low, medium, high) by domain: housing and employment weigh most.
LEVELS = [NeedLevel.NONE, NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH]
NEED_WEIGHTS = {
    Domain.RIGHTS: [20, 35, 30, 15],
    Domain.HOUSING: [5, 15, 30, 50],
    Domain.EMPLOYMENT: [5, 15, 35, 45],
    Domain.TRAINING_LANGUAGE: [10, 25, 35, 30],
    Domain.HEALTH: [45, 30, 15, 10],
    Domain.MOBILITY: [40, 30, 20, 10],
    Domain.CHILDCARE: [70, 10, 10, 10],
    Domain.DIGITAL: [30, 30, 25, 15],
    Domain.RESOURCES: [25, 30, 25, 20],
}
EARLY_EXITS = (
    [
        EndReason.BOTH_SOLUTIONS,
        EndReason.MOVED,
        EndReason.LOST_CONTACT,
        EndReason.REFUSED,
        EndReason.OTHER,
    ],
    [40, 20, 25, 7, 8],
)
REFERRAL_STATUSES = (
    [
        ReferralStatus.COMPLETED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.REFUSED,
        ReferralStatus.NO_FOLLOW_THROUGH,
        ReferralStatus.PROPOSED,
    ],
    [45, 20, 10, 15, 10],
)
TABLES = {
    "pathways": (
        "agir_agirpathway",
        "id, person_id, platform_id, ofii_oriented_on, cir_signed_on, entered_on,"
        " planned_end_on, ended_on, end_reason, created_at",
    ),
    "assignments": ("agir_referentassignment", "pathway_id, role, user_id, started_on, ended_on"),
    "diagnostics": ("agir_diagnostic", "id, pathway_id, done_on, author_id"),
    "needs": ("agir_diagnosticneed", "diagnostic_id, domain, level, comment"),
    "goals": ("agir_goal", "pathway_id, domain, title, status, due_on, closed_on, created_at"),
    "referrals": (
        "agir_referral",
        "pathway_id, partner_id, referred_on, purpose, status, answered_on, closed_on",
    ),
    "housing_solutions": ("agir_housingsolution", "pathway_id, kind, obtained_on"),
    "employment_solutions": ("agir_employmentsolution", "pathway_id, kind, started_on"),
}


def seed(connection, *, persons, pathways, structures, rng, today):
    adults = {p.id for p in persons if p.relationship != "child"}
    agir = [p for p in pathways if p.structure_kind == StructureKind.AGIR and p.person_id in adults]
    platforms = {s.id: s for s in structures.values() if s.kind == StructureKind.AGIR}
    open_by_platform = defaultdict(int)
    for pathway in agir:
        open_by_platform[pathway.structure_id] += pathway.ended_on is None
    members = {
        platform.id: _members(
            platform, max(2, math.ceil(2 * open_by_platform[platform.id] / CASELOAD))
        )
        for platform in platforms.values()
    }
    departements = dict(Structure.objects.filter(pk__in=platforms).values_list("pk", "departement"))
    partners = {p.id: _network(p, departements[p.id]) for p in platforms.values()}
    rows = defaultdict(list)
    with connection.cursor() as cursor:
        pathway_id = reserve_ids(cursor, "agir_agirpathway", len(agir))
        diagnostic_id = reserve_ids(cursor, "agir_diagnostic", len(agir))
        for pathway in agir:
            Casework(rng, today, pathway, pathway_id, members[pathway.structure_id], rows).write(
                partners[pathway.structure_id], diagnostic_id
            )
            pathway_id += 1
            diagnostic_id += 1
        return {
            name: copy_rows(cursor, table, columns, rows[name])
            for name, (table, columns) in TABLES.items()
        }


def _members(platform, wanted):
    """[(user id, member from, member until)] of the platform, with `bench.` referents
    added up to `wanted`."""
    memberships = Membership.objects.filter(structure_id=platform.id)
    prefix = f"bench.{platform.key}.referent."
    referents = wanted - memberships.exclude(user__username__startswith=prefix).count()
    if referents > 0:
        password = make_password(None)
        for index in range(referents):  # the same accounts on every seed
            username = f"{prefix}{index + 1}"
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"password": password, "first_name": "Référent", "last_name": username},
            )
            Membership.objects.get_or_create(
                user=user,
                structure_id=platform.id,
                defaults={"role": MembershipRole.SOCIAL_WORKER, "started_on": platform.opened_on},
            )
    return list(memberships.values_list("user_id", "started_on", "ended_on"))


def _network(platform, departement):
    """[(partner id, purpose)] of the platform: its departement's partners, created when
    missing, each with a convention."""
    for name, kind in NETWORK.get(departement, []):
        partner, _ = Partner.objects.get_or_create(
            name=name, departement=departement, defaults={"kind": kind}
        )
        Agreement.objects.get_or_create(
            structure_id=platform.id,
            partner=partner,
            defaults={"title": KIND_PURPOSES.get(kind, name), "starts_on": platform.opened_on},
        )
    partners = Partner.objects.filter(agreements__structure_id=platform.id).distinct()
    return [
        (partner.pk, PURPOSES.get(partner.name) or KIND_PURPOSES.get(partner.kind, "Orientation"))
        for partner in partners.order_by("pk")
    ]


class Casework:
    """The records of one AGIR pathway, appended to `rows[table]`."""

    def __init__(self, rng, today, pathway, pathway_id, members, rows):
        self.rng, self.today, self.rows = rng, today, rows
        self.id = pathway_id
        self.entered = pathway.started_on
        self.ended = pathway.ended_on
        self.last = min(pathway.ended_on or today, today)
        self.span = (self.last - self.entered).days
        self.members = members
        self.pathway = pathway

    def day_within(self, after=None, before=None):
        first = after or self.entered
        last = min(before or self.last, self.last)
        if last <= first:
            return first
        return first + DAY * self.rng.randrange((last - first).days + 1)

    def write(self, partners, diagnostic_id):
        rng = self.rng
        reason = self.exit_reason()
        cir = self.entered - DAY * rng.randrange(7, 90)
        oriented = cir + DAY * min(int(rng.expovariate(1 / 5)), (self.entered - cir).days)
        created = datetime.datetime.combine(self.entered, datetime.time(10), datetime.UTC)
        planned_end = self.entered + relativedelta(months=MAX_MONTHS)
        self.rows["pathways"].append(
            (
                self.id,
                self.pathway.person_id,
                self.pathway.structure_id,
                oriented,
                cir,
                self.entered,
                planned_end,
                self.ended,
                reason,
                created,
            )
        )
        first_referent = self.referents()
        needs = self.diagnostic(diagnostic_id, first_referent)
        self.goals(needs)
        self.referrals(partners)
        self.solutions(reason)

    def exit_reason(self):
        if self.ended is None:
            return ""
        if self.span >= 700:
            return EndReason.TIME_LIMIT if self.rng.random() < 0.8 else EndReason.BOTH_SOLUTIONS
        return self.rng.choices(*EARLY_EXITS)[0]

    def eligible(self, day):
        """The platform's members that day; all of them where fewer than two were (a small
        volume's pathways may predate the demo's team), since a pathway needs a pair."""
        active = [
            user
            for user, started, ended in self.members
            if started <= day and (ended is None or ended >= day)
        ]
        return active if len(active) >= 2 else [user for user, *_ in self.members]

    def referents(self):
        """Two distinct referents from entry; for about one in ten, one role (sometimes
        both) changes hands on a later day. Assignments end the day after the exit."""
        rng = self.rng
        pair = rng.sample(self.eligible(self.entered), 2)
        end = self.ended + DAY if self.ended else None
        roles = [ReferentRole.RIGHTS_HOUSING, ReferentRole.EMPLOYMENT_TRAINING]
        changed = {}
        if self.span > 30 and rng.random() < REASSIGNED:
            day = self.day_within(after=self.entered + DAY * 15)
            which = [rng.randrange(2)] if rng.random() < 0.7 else [0, 1]
            others = [u for u in self.eligible(day) if u not in pair]
            if len(others) >= len(which):
                changed = dict(zip(which, rng.sample(others, len(which)), strict=True))
                changed_on = day
        for index, role in enumerate(roles):
            if index in changed:
                self.rows["assignments"].append(
                    (self.id, role, pair[index], self.entered, changed_on)
                )
                self.rows["assignments"].append((self.id, role, changed[index], changed_on, end))
            else:
                self.rows["assignments"].append((self.id, role, pair[index], self.entered, end))
        return pair[0]

    def diagnostic(self, diagnostic_id, author):
        """Most pathways are diagnosed a few weeks after entry (median three weeks)."""
        rng = self.rng
        done = self.entered + DAY * int(rng.lognormvariate(math.log(21), 0.6))
        if done > self.last or rng.random() < 0.06:
            return {}
        self.rows["diagnostics"].append((diagnostic_id, self.id, done, author))
        needs = {}
        for domain, weights in NEED_WEIGHTS.items():
            level = rng.choices(LEVELS, weights)[0]
            comment = ""
            if level in (NeedLevel.MEDIUM, NeedLevel.HIGH) and rng.random() < 0.3:
                comment = COMMENTS.get(domain, "")
            self.rows["needs"].append((diagnostic_id, domain, level, comment))
            needs[domain] = level
        self.diagnosed_on = done
        return needs

    def goals(self, needs):
        """A goal for each domain with a medium or high need (up to five), dated from the
        diagnostic; the older the goal, the likelier it is closed."""
        rng = self.rng
        wanted = [d for d, level in needs.items() if level in (NeedLevel.MEDIUM, NeedLevel.HIGH)]
        titles = defaultdict(list)
        for domain, title in GOALS + MORE_GOALS:
            titles[domain].append(title)
        for domain in rng.sample(wanted, min(len(wanted), 5)):
            if not titles[domain]:
                continue
            created = self.diagnosed_on
            due = created + DAY * rng.randrange(30, 181)
            age = (self.last - created).days
            if self.ended is not None or rng.random() < min(0.8, age / 365):
                status = rng.choices(
                    [GoalStatus.ACHIEVED, GoalStatus.ABANDONED, GoalStatus.IN_PROGRESS],
                    [65, 25, 10],
                )[0]
            else:
                status = rng.choice([GoalStatus.TODO, GoalStatus.IN_PROGRESS])
            closed = self.day_within(after=created) if status in GOAL_CLOSED else None
            at = datetime.datetime.combine(created, datetime.time(14), datetime.UTC)
            title = rng.choice(titles[domain])
            self.rows["goals"].append((self.id, domain, title, status, due, closed, at))

    def referrals(self, partners):
        rng = self.rng
        for partner, purpose in rng.sample(partners, min(len(partners), rng.randint(1, 4))):
            referred = self.day_within()
            gap = (self.last - referred).days
            if gap < 21 and rng.random() < 0.7:
                status = ReferralStatus.PROPOSED
            else:
                status = rng.choices(*REFERRAL_STATUSES)[0]
            answered = closed = None
            if status != ReferralStatus.PROPOSED:
                answered = referred + DAY * rng.randrange(min(gap, 21) + 1)
            if status in (ReferralStatus.COMPLETED, ReferralStatus.NO_FOLLOW_THROUGH):
                closed = self.day_within(after=answered, before=answered + DAY * 120)
                if status == ReferralStatus.NO_FOLLOW_THROUGH and rng.random() < 0.5:
                    answered = None
            self.rows["referrals"].append(
                (self.id, partner, referred, purpose, status, answered, closed)
            )

    def solutions(self, reason):
        """Both solutions before an exit on them; otherwise some, likelier for those who
        stayed longer."""
        rng = self.rng
        share = min(1.0, self.span / 540)
        housing = reason == EndReason.BOTH_SOLUTIONS or rng.random() < 0.35 * share
        job = reason == EndReason.BOTH_SOLUTIONS or rng.random() < 0.5 * share
        start = self.entered + DAY * min(30, self.span)
        if housing:
            kind = rng.choices(HousingKind.values, [35, 20, 15, 15, 10, 5])[0]
            self.rows["housing_solutions"].append((self.id, kind, self.day_within(after=start)))
        if job:
            kind = rng.choices(EmploymentKind.values, [15, 15, 20, 20, 20, 3, 7])[0]
            self.rows["employment_solutions"].append((self.id, kind, self.day_within(after=start)))
