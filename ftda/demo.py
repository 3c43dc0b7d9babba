"""French demo data: the structures of DOMAIN.md, one account per role, persons with
accents and transliterations, households, partners and follow-ups.

Each domain app then adds its own records through its `demo.load(...)`: a stay for each
pathway in a housing structure, an AGIR pathway for each pathway in an AGIR platform, etc.
Dates are relative to `today` so that the demo always looks current.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.db import transaction

from ftda.enums import (
    FollowUpKind,
    FollowUpTopic,
    MembershipRole,
    PartnerKind,
    ProtectionStatus,
    Relationship,
    StructureKind,
)
from ftda.models import (
    Agreement,
    FollowUp,
    Household,
    HouseholdMember,
    Membership,
    Partner,
    Pathway,
    Person,
    Structure,
    User,
)

DEMO_PASSWORD = "Demo-FTDA-2026!"  # noqa: S105 (printed by `make run`: demo accounts only)

# key: (kind, name, département, city, opened on)
STRUCTURES = {
    "cph_creteil": (StructureKind.CPH, "CPH Créteil", "94", "Créteil", "2000-01-03"),
    "cph_massy": (StructureKind.CPH, "CPH Massy", "91", "Massy", "2004-05-03"),
    "cph_caen": (StructureKind.CPH, "CPH Caen", "14", "Caen", "2008-09-01"),
    "cph_saint_nazaire": (
        StructureKind.CPH,
        "CPH Saint-Nazaire",
        "44",
        "Saint-Nazaire",
        "2011-02-01",
    ),
    "cph_angers": (StructureKind.CPH, "CPH Angers", "49", "Angers", "2017-03-01"),
    "cph_chaumont": (StructureKind.CPH, "CPH Chaumont", "52", "Chaumont", "2017-06-01"),
    "cph_rouen": (StructureKind.CPH, "CPH Rouen", "76", "Rouen", "2017-09-01"),
    "cph_gap": (StructureKind.CPH, "CPH Gap", "05", "Gap", "2018-06-01"),
    "cph_laval": (StructureKind.CPH, "CPH Laval", "53", "Laval", "2018-09-01"),
    "cph_saint_lo": (StructureKind.CPH, "CPH Saint-Lô", "50", "Saint-Lô", "2018-10-01"),
    "faar": (StructureKind.ASSIMILATED_HOUSING, "FAAR Réinstallation", "75", "Paris", "2016-10-01"),
    "transition_94": (
        StructureKind.ASSIMILATED_HOUSING,
        "Hébergement de transition Val-de-Marne",
        "94",
        "Vitry-sur-Seine",
        "2019-01-07",
    ),
    "agir_paris": (StructureKind.AGIR, "AGIR Paris", "75", "Paris", "2023-12-06"),
    "agir_manche": (StructureKind.AGIR, "AGIR Manche", "50", "Saint-Lô", "2023-10-16"),
    "duos": (StructureKind.PROGRAMME, "Duos de demain", "75", "Paris", "2015-01-05"),
    "chiche_chef": (StructureKind.PROGRAMME, "Chiche Chef", "76", "Rouen", "2019-01-07"),
    "cle_de_france": (StructureKind.PROGRAMME, "Clé de France", "75", "Paris", "2018-01-08"),
}

# key: (username, first name, last name, {structure key: role}, is_direction, is_admin)
SW, MGR = MembershipRole.SOCIAL_WORKER, MembershipRole.MANAGER
USERS = {
    "sw_angers": ("ts.angers", "Camille", "Lefèvre", {"cph_angers": SW}, False, False),
    "sw_agir_paris": ("ts.agirparis", "Yasmina", "Benali", {"agir_paris": SW}, False, False),
    "manager_rouen": ("chef.rouen", "Étienne", "Marchand", {"cph_rouen": MGR}, False, False),
    "direction": ("direction", "Hélène", "Roussel", {}, True, False),
    "admin": ("admin", "Julien", "Garnier", {}, False, True),
    # Further team members, so that every structure has people to assign.
    "sw_agir_paris_2": ("ts2.agirparis", "Karim", "Ouali", {"agir_paris": SW}, False, False),
    "manager_agir_paris": (
        "chef.agirparis",
        "Nathalie",
        "Dubreuil",
        {"agir_paris": MGR},
        False,
        False,
    ),
    "sw_agir_manche": ("ts.agirmanche", "Gwenaëlle", "Le Goff", {"agir_manche": SW}, False, False),
    "sw_agir_manche_2": ("ts2.agirmanche", "Thomas", "Lecoq", {"agir_manche": SW}, False, False),
    "sw_rouen": ("ts.rouen", "Aïcha", "Diallo", {"cph_rouen": SW, "chiche_chef": SW}, False, False),
    "sw_duos": ("ts.duos", "Léa", "Moreau", {"duos": SW}, False, False),
    "manager_programmes": (
        "chef.programmes",
        "François",
        "N'Diaye",
        {"duos": MGR, "chiche_chef": MGR, "cle_de_france": MGR},
        False,
        False,
    ),
    "sw_cle": ("ts.cledefrance", "Inès", "Carvalho", {"cle_de_france": SW}, False, False),
}
PRIMARY_ACCOUNTS = ["sw_angers", "sw_agir_paris", "manager_rouen", "direction", "admin"]
ROLE_LABELS = {
    "sw_angers": "Intervenante sociale, CPH Angers",
    "sw_agir_paris": "Intervenante sociale, AGIR Paris",
    "manager_rouen": "Chef de service, CPH Rouen",
    "direction": "Direction de l'intégration (lecture de toutes les structures)",
    "admin": "Administrateur (configuration)",
}

# Names as they are written on French residence permits: transliterations vary.
PERSONS = [
    # (last name, first names, sex, nationality, languages, birth date)
    ("Haidari", "Mohammed", "M", "AF", ["prs", "pus"], "1991-03-14"),
    ("Haidari", "Zahra", "F", "AF", ["prs"], "1994-07-02"),
    ("Haidari", "Ali", "M", "AF", ["prs", "fra"], "2016-02-29"),
    ("Haidari", "Fatemeh", "F", "AF", ["prs"], "2021-11-30"),
    ("Al-Hassan", "Muhammad", "M", "SY", ["ara"], "1988-12-01"),
    ("Alhassan", "Rania", "F", "SY", ["ara", "eng"], "1990-05-19"),
    ("Tesfay", "Mehret", "F", "ER", ["tir"], "1997-09-11"),
    ("Gebremariam", "Yonas", "M", "ER", ["tir", "amh"], "1995-01-23"),
    ("Abdallah", "Mohamed Adam", "M", "SD", ["ara"], "1993-06-06"),
    ("Ismaël", "Abdoulaye", "M", "SD", ["ara", "fra"], "1999-10-31"),
    ("Diallo", "Mamadou Saliou", "M", "GN", ["ful", "fra"], "2002-04-15"),
    ("Bah", "Fatoumata Binta", "F", "GN", ["ful", "fra"], "2000-08-08"),
    ("Koné", "Aminata", "F", "CI", ["fra", "dyu"], "1986-03-27"),
    ("Kouassi", "Jean-Baptiste", "M", "CI", ["fra"], "1984-11-05"),
    ("Nguyễn", "Thị Lan", "F", "VN", ["vie"], "1979-10-26"),
    ("Shevchenko", "Olena", "F", "UA", ["ukr", "rus"], "1985-03-31"),
    ("Chevtchenko", "Dmytro", "M", "UA", ["ukr"], "2008-07-14"),
    ("Dorje", "Tenzin", "M", "CN", ["bod"], "1990-02-10"),
    ("Warsame", "Hodan", "F", "SO", ["som"], "1998-12-24"),
    ("Mukendi", "Bérénice", "F", "CD", ["fra", "lin"], "1992-05-05"),
    ("Kadyrova", "Madina", "F", "RU", ["rus", "che"], "1989-01-17"),
    ("Yıldız", "Berfin", "F", "TR", ["kmr", "tur"], "1996-06-21"),
    ("Ahmadzai", "Gul Agha", "M", "AF", ["pus"], "1987-08-30"),
    ("Rahimi", "Sharifa", "F", "AF", ["prs", "fas"], "2001-02-28"),
    ("Mohamud", "Abdirahman", "M", "SO", ["som", "ara"], "1994-09-09"),
    ("Touré", "Sékou", "M", "ML", ["bam", "fra"], "1997-03-01"),
    ("Sissoko", "Hawa", "F", "ML", ["snk", "fra"], "1999-11-11"),
    ("Ouédraogo", "Issouf", "M", "BF", ["mos", "fra"], "1983-12-31"),
    ("Hussaini", "Reza", "M", "IR", ["fas"], "1992-10-12"),
    ("Sharif", "Leïla", "F", "IQ", ["ara", "ckb"], "1991-04-04"),
    ("Baraka", "Emmanuel", "M", "BI", ["run", "fra"], "1982-06-16"),
    ("Mohammadi", "Nasrin", "F", "AF", ["prs"], "1993-01-01"),
    ("Tekle", "Senait", "F", "ER", ["tir"], "2000-03-26"),
    ("Abdelkader", "Youssef", "M", "SD", ["ara"], "1996-10-27"),
    ("Camara", "Mariama", "F", "GN", ["fra", "sus"], "1988-02-14"),
    ("Popescu", "Ioana", "F", "MD", ["ron", "rus"], "1990-08-15"),
]
HOUSEHOLDS = [
    ("Ménage HAIDARI", [(0, "head"), (1, "spouse"), (2, "child"), (3, "child")]),
    ("Ménage AL-HASSAN", [(4, "head"), (5, "spouse")]),
    ("Ménage SHEVCHENKO", [(15, "head"), (16, "child")]),
]

# Which persons each structure supports (indexes into PERSONS), and since how many days.
PATHWAYS = {
    "cph_angers": [0, 1, 2, 3, 6, 9, 10, 19, 25],
    "cph_rouen": [4, 5, 7, 8, 11, 12, 26, 33],
    "cph_chaumont": [13, 14, 20],
    "cph_creteil": [15, 16, 17, 27],
    "cph_saint_lo": [18, 28],
    "faar": [21, 29],
    "agir_paris": [22, 23, 24, 30, 31, 32, 34, 35, 14],
    "agir_manche": [18, 28, 2],
    "duos": [6, 22, 23, 7, 29],
    "chiche_chef": [11],
    "cle_de_france": [30, 31],
}

PARTNERS = [
    ("Mission Locale de Paris", PartnerKind.MISSION_LOCALE, "75", "Paris"),
    ("Ensemble Paris Emploi Compétences (EPEC)", PartnerKind.ASSOCIATION, "75", "Paris"),
    ("France Travail Paris 19e", PartnerKind.FRANCE_TRAVAIL, "75", "Paris"),
    ("CAF de Paris", PartnerKind.CAF, "75", "Paris"),
    ("CPAM de Paris", PartnerKind.CPAM, "75", "Paris"),
    ("SIAO 75", PartnerKind.SIAO, "75", "Paris"),
    ("Paris Habitat", PartnerKind.SOCIAL_LANDLORD, "75", "Paris"),
    ("France Travail Saint-Lô", PartnerKind.FRANCE_TRAVAIL, "50", "Saint-Lô"),
    ("Mission Locale du Centre Manche", PartnerKind.MISSION_LOCALE, "50", "Saint-Lô"),
    ("CAF de la Manche", PartnerKind.CAF, "50", "Saint-Lô"),
    ("Manche Habitat", PartnerKind.SOCIAL_LANDLORD, "50", "Saint-Lô"),
    ("GRETA Sud Normandie", PartnerKind.TRAINING_PROVIDER, "50", "Saint-Lô"),
    ("Angers Loire Habitat", PartnerKind.SOCIAL_LANDLORD, "49", "Angers"),
    ("CAF de Maine-et-Loire", PartnerKind.CAF, "49", "Angers"),
    ("Fondation Les Nids", PartnerKind.ASSOCIATION, "76", "Rouen"),
    ("Les Amis de Miromesnil", PartnerKind.ASSOCIATION, "76", "Rouen"),
    ("Groupe Nutriset", PartnerKind.OTHER, "76", "Malaunay"),
]
AGREEMENTS = [
    ("agir_paris", "Mission Locale de Paris", "Accompagnement des 16-25 ans", "2023-12-06"),
    ("agir_paris", "Ensemble Paris Emploi Compétences (EPEC)", "Volet emploi AGIR", "2023-12-06"),
    ("agir_manche", "France Travail Saint-Lô", "Parcours emploi des BPI", "2023-10-16"),
    ("cph_angers", "Angers Loire Habitat", "Accès au logement social", "2018-01-15"),
    ("chiche_chef", "Fondation Les Nids", "Chiche Chef Seine-Maritime", "2019-01-07"),
]

NOTES = [
    "Point sur le dossier CAF : attestation de droits reçue. Ouverture du compte bancaire "
    "prévue avec l'accompagnement de l'équipe.",
    "Entretien avec interprète en dari. Inscription au cours de français (niveau A1) "
    "confirmée pour la rentrée.",
    "Appel à France Travail : rendez-vous d'inscription fixé. Apporter le titre de séjour et "
    "le RIB.",
    "Demande de logement social déposée (numéro unique obtenu). Relance du SIAO à prévoir.",
    "Visite du logement : état des lieux correct, rappel du règlement de fonctionnement.",
    "Accompagnement à la CPAM pour la complémentaire santé solidaire.",
    "Scolarisation des enfants : dossier déposé en mairie, affectation attendue.",
]


def _date(text):
    return datetime.date.fromisoformat(text)


def _create_structures():
    return {
        key: Structure.objects.create(
            kind=kind, name=name, departement=dep, city=city, opened_on=_date(opened)
        )
        for key, (kind, name, dep, city, opened) in STRUCTURES.items()
    }


def _create_users(structures, today):
    users = {}
    for key, (username, first, last, roles, is_direction, is_admin) in USERS.items():
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.france-terre-asile.test",
            is_direction=is_direction,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        for structure_key, role in roles.items():
            Membership.objects.create(
                user=user,
                structure=structures[structure_key],
                role=role,
                started_on=today - relativedelta(years=2),
            )
        users[key] = user
    return users


def _create_persons(today, rng):
    persons = []
    for last, first, sex, country, languages, born in PERSONS:
        persons.append(
            Person.objects.create(
                last_name=last,
                first_names=first,
                sex=sex,
                nationality=country,
                languages=languages,
                birth_date=_date(born),
                protection_status=rng.choice(
                    [ProtectionStatus.REFUGEE] * 3 + [ProtectionStatus.SUBSIDIARY]
                ),
                protection_decided_on=today - datetime.timedelta(days=rng.randrange(60, 900)),
                agdref_number=f"75{rng.randrange(10**8):08d}",
                phone=f"+3367{rng.randrange(10**7):07d}" if _date(born).year < 2006 else "",
            )
        )
    for label, members in HOUSEHOLDS:
        household = Household.objects.create(label=label)
        for index, relationship in members:
            HouseholdMember.objects.create(
                household=household, person=persons[index], relationship=Relationship(relationship)
            )
    return persons


def _create_pathways(structures, persons, today, rng):
    for key, indexes in PATHWAYS.items():
        for index in indexes:
            Pathway.objects.create(
                person=persons[index],
                structure=structures[key],
                started_on=today - datetime.timedelta(days=rng.randrange(20, 240)),
            )


def _create_partners(structures):
    partners = {}
    for name, kind, dep, city in PARTNERS:
        partners[name] = Partner.objects.create(name=name, kind=kind, departement=dep, city=city)
    for structure_key, partner_name, title, starts in AGREEMENTS:
        Agreement.objects.create(
            structure=structures[structure_key],
            partner=partners[partner_name],
            title=title,
            starts_on=_date(starts),
        )
    return partners


def _create_follow_ups(users, today, rng):
    authors = {
        membership.structure_id: membership.user
        for membership in Membership.objects.select_related("user").order_by("role")
    }
    for pathway in Pathway.objects.select_related("person"):
        author = authors.get(pathway.structure_id)
        if author is None:
            continue
        for _ in range(rng.randrange(1, 5)):
            occurred = today - datetime.timedelta(
                days=rng.randrange(0, (today - pathway.started_on).days + 1)
            )
            FollowUp.objects.create(
                person=pathway.person,
                structure_id=pathway.structure_id,
                author=author,
                occurred_on=occurred,
                kind=rng.choice(FollowUpKind.values),
                topics=rng.sample(FollowUpTopic.values, rng.randrange(1, 3)),
                note=rng.choice(NOTES),
                next_step=rng.choice(["", "Relancer la CAF", "Préparer l'entretien logement"]),
                next_step_due_on=None,
            )


def is_loaded():
    return Structure.objects.filter(name="CPH Angers").exists()


@transaction.atomic
def load(*, today=None, seed=2017):
    """Load the demo data once; returns what domain apps need to add theirs."""
    today = today or datetime.date.today()
    rng = random.Random(seed)
    structures = _create_structures()
    users = _create_users(structures, today)
    persons = _create_persons(today, rng)
    _create_pathways(structures, persons, today, rng)
    _create_partners(structures)
    _create_follow_ups(users, today, rng)
    return {"today": today, "structures": structures, "users": users, "persons": persons}


def accounts_table():
    lines = [f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})"]
    for key in PRIMARY_ACCOUNTS:
        lines.append(f"  {USERS[key][0]:<16} {ROLE_LABELS[key]}")
    others = [values[0] for key, values in USERS.items() if key not in PRIMARY_ACCOUNTS]
    lines.append("  Autres comptes : " + ", ".join(others))
    return "\n".join(lines)
