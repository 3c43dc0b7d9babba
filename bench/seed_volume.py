#!/usr/bin/env python
"""Volume data for the benchmarks: ten years of a department's activity, in a few minutes.

    .venv/bin/python bench/seed_volume.py            # or: make bench-data
    .venv/bin/python bench/seed_volume.py --reset    # drop the volume data and seed again
    .venv/bin/python bench/seed_volume.py --persons 5000 --follow-ups 100000   # smaller

The core seeds, on top of the demo structures and accounts (`load_demo` runs first):
households and persons with the names of the people the CPH network supports (accents,
transliteration variants, patronymic surnames, papers dated 1 January), their pathways in
the demo structures over ten years (CPH and assimilated housing, AGIR platforms since they
opened, programmes), and follow-ups spread over each pathway, more at its start, on working
days, with next steps, by the structure's social workers.

Everything goes through PostgreSQL's COPY (psycopg 3 `cursor.copy`) with explicit ids, in one
transaction: the seed either lands whole or not at all. It is idempotent: a database that
already holds the requested number of persons is left alone (`--reset` to seed again).

**Apps contribute their volume through a hook**: `<app>/bench_seed.py` with

    def seed(connection, *, persons, pathways, structures, users, rng, today) -> dict | None
    def reset(connection)        # optional: delete what `seed` wrote that the core's reset
                                 # (TRUNCATE ... CASCADE from persons) does not reach

Each keyword is passed only if `seed` declares it, so a hook takes what it needs. `connection`
is Django's connection, inside the seed's transaction (`connection.cursor().copy(...)` for
COPY, or the ORM's `bulk_create`); `persons` and `pathways` are lists of the named tuples
`SeedPerson` and `SeedPathway` below; `structures` maps the demo keys of `ftda.demo` to
`SeedStructure`; `users` maps a structure id to the ids of its members; `rng` is a
`random.Random` seeded per app. The hook returns `{"label": count}` for the summary. Apps
without the module are skipped.

**Audit trail.** pghistory's triggers would write one event per seeded row (as many event
rows again, about twice the time). The volume data stands for the history a department
brings when it starts using the application, which predates its audit trail, so the seed
switches the project's triggers off *for its own transaction only*: it sets pgtrigger's
`pgtrigger.ignore` variable with `set_config(..., is_local => true)` (what `pgtrigger.ignore()`
does, done by hand because COPY bypasses Django's execute wrappers). Every other session,
the application and the import benchmark included, keeps its audit trail. `--with-audit`
keeps the triggers on for the seed too.
"""

import argparse
import datetime
import inspect
import os
import random
import sys
import time
from collections import defaultdict
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")

import django  # noqa: E402

django.setup()

import pgtrigger  # noqa: E402
from django.apps import apps  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.names import BORN_IN_FRANCE, ORIGINS  # noqa: E402
from ftda import demo  # noqa: E402
from ftda.enums import (  # noqa: E402
    FollowUpKind,
    MembershipRole,
    ProtectionStatus,
    StructureKind,
)
from ftda.models import Membership, Person, Structure, User  # noqa: E402

DEFAULT_PERSONS = 50_000
DEFAULT_FOLLOW_UPS = 1_000_000
YEARS = 10
AUTHORS_PER_STRUCTURE = 4
UTC = datetime.UTC
CORE_TABLES = ["ftda_household", "ftda_person", "ftda_householdmember", "ftda_pathway"]
CORE_TABLES += ["ftda_followup"]


class SeedStructure(NamedTuple):
    id: int
    key: str
    kind: str
    name: str
    opened_on: datetime.date


class SeedPerson(NamedTuple):
    id: int
    household_id: int | None
    relationship: str | None  # head, spouse, child; None for a person on their own
    sex: str
    birth_date: datetime.date
    country: str


class SeedPathway(NamedTuple):
    id: int
    person_id: int
    structure_id: int
    structure_kind: str
    started_on: datetime.date
    ended_on: datetime.date | None


# Intake of households by structure (relative, per year open). Housing takes families; AGIR
# and programmes take adults, often after a CPH.
INTAKE = {
    "cph_creteil": 1.3,
    "cph_massy": 1.0,
    "cph_caen": 0.9,
    "cph_saint_nazaire": 0.8,
    "cph_angers": 1.1,
    "cph_chaumont": 0.6,
    "cph_rouen": 1.0,
    "cph_gap": 0.5,
    "cph_laval": 0.6,
    "cph_saint_lo": 0.6,
    "faar": 0.9,
    "transition_94": 0.7,
    "agir_paris": 2.4,
    "agir_manche": 1.0,
}
PROGRAMMES = {"duos": 0.5, "chiche_chef": 0.2, "cle_de_france": 0.3}
# Adults entering the AGIR platforms in each of the last AGIR_YEARS years (AGIR Paris's target
# of 3,000 a year dominates): the intake and the moves from housing give fewer in the
# platforms' first years, so adults already supported elsewhere enter AGIR Paris to make up.
AGIR_ENTRIES_PER_YEAR = 3000
AGIR_YEARS = 3
# Follow-ups per pathway day, relative: housing teams see people weekly, AGIR monthly.
RATE = {
    StructureKind.CPH: 1.0,
    StructureKind.ASSIMILATED_HOUSING: 0.8,
    StructureKind.AGIR: 0.7,
    StructureKind.PROGRAMME: 0.35,
}
RELATIONSHIP_RATE = {None: 1.0, "head": 1.0, "spouse": 0.6, "child": 0.12}
HOUSEHOLD_SIZES = ([1, 2, 3, 4, 5, 6, 7], [46, 14, 12, 12, 8, 5, 3])
KINDS = (
    [
        FollowUpKind.INTERVIEW,
        FollowUpKind.CALL,
        FollowUpKind.ACCOMPANIMENT,
        FollowUpKind.HOME_VISIT,
        FollowUpKind.OTHER,
    ],
    [45, 30, 10, 10, 5],
)
TOPICS = {
    StructureKind.CPH: {"rights": 3, "housing": 3, "health": 2, "family": 1.5, "language": 1.5,
                        "employment": 1.5, "training": 1, "other": 0.5},
    StructureKind.ASSIMILATED_HOUSING: {"rights": 3, "housing": 3, "health": 2, "family": 1.5,
                                        "language": 1.5, "employment": 1, "training": 1,
                                        "other": 0.5},
    StructureKind.AGIR: {"employment": 4, "training": 3, "language": 2, "rights": 2,
                         "housing": 2, "health": 1, "family": 0.5, "other": 0.5},
    StructureKind.PROGRAMME: {"employment": 2, "training": 2, "language": 2, "other": 2,
                              "rights": 0.5, "housing": 0.5},
}  # fmt: skip
NEXT_STEPS = [
    "Relancer la CAF",
    "Préparer l'entretien logement",
    "Rendez-vous France Travail",
    "Déposer le dossier CSS à la CPAM",
    "Renouvellement du titre de séjour en préfecture",
    "Inscription au cours de français (OFII)",
    "Relancer le SIAO",
    "Ouvrir un compte bancaire",
    "Échange avec la Mission Locale",
    "Prise de rendez-vous chez le médecin traitant",
    "Dossier de demande de logement social à compléter",
    "Appeler l'école pour l'inscription des enfants",
]
NOTE_OPENINGS = [
    "Entretien avec interprète en {lang}.",
    "Entretien au bureau.",
    "Appel de suivi.",
    "Visite du logement.",
    "Accompagnement physique à la préfecture.",
    "Point d'étape avec la personne.",
    "Rendez-vous de suivi, sans interprète.",
    "Passage spontané de la personne au bureau.",
]
NOTE_BODIES = [
    "Attestation de droits CAF reçue ; ouverture du compte bancaire prévue.",
    "Inscription au cours de français (niveau A1) confirmée pour la rentrée.",
    "Rendez-vous d'inscription à France Travail fixé : apporter le titre de séjour et le RIB.",
    "Demande de logement social déposée, numéro unique obtenu.",
    "État des lieux correct, rappel du règlement de fonctionnement.",
    "Complémentaire santé solidaire : dossier déposé à la CPAM.",
    "Scolarisation des enfants : dossier déposé en mairie, affectation attendue.",
    "Récépissé de demande de titre de séjour remis ; carte de résident attendue sous 3 mois.",
    "Recherche de formation qualifiante : piste en cuisine (CAP) et en logistique (CACES).",
    "Orientation vers le CMP pour un suivi psychologique, délai d'un mois.",
    "Proposition de logement Paris Habitat (T2, 19e) : visite organisée la semaine prochaine.",
    "Échange sur le budget du ménage ; aide pour le premier loyer à solliciter.",
    "Reconnaissance du permis de conduire étranger : démarche ANTS expliquée.",
    "Contrat d'intégration républicaine signé à l'OFII ; formation civique programmée.",
    "Difficultés de sommeil évoquées ; rendez-vous médical à prendre.",
    "Mission d'intérim trouvée (préparateur de commandes), à compter de lundi.",
    "Réunification familiale : dossier au consulat, visas en attente.",
    "Échéancier de dette locative mis en place avec le bailleur.",
]
NOTE_CLOSINGS = [
    "",
    "",
    " À revoir dans 15 jours.",
    " La personne est en lien avec l'équipe.",
    " Prochain point en présence du conjoint.",
    " Rappeler si pas de nouvelles d'ici vendredi.",
]
INTERPRETED = ["dari", "pachto", "arabe", "tigrigna", "somali", "ukrainien", "kurde"]


def log(message, started=None):
    suffix = f" ({time.perf_counter() - started:.1f} s)" if started is not None else ""
    print(f"{message}{suffix}", flush=True)


# --------------------------------------------------------------------------- set-up


def ensure_demo():
    """The demo structures and accounts: the load test logs in with them."""
    if not demo.is_loaded():
        call_command("load_demo")
    structures = {}
    by_name = {s.name: s for s in Structure.objects.all()}
    for key, (kind, name, *_rest) in demo.STRUCTURES.items():
        structure = by_name[name]
        structures[key] = SeedStructure(
            structure.pk, key, kind, name, structure.opened_on or datetime.date(2000, 1, 1)
        )
    return structures


def ensure_authors(structures, window_start):
    """Each structure gets social workers to author its follow-ups (demo accounts first)."""
    password = make_password(None)  # unusable: these accounts never log in
    members = defaultdict(list)
    for structure_id, user_id in Membership.objects.values_list("structure_id", "user_id"):
        members[structure_id].append(user_id)
    for key, structure in structures.items():
        missing = AUTHORS_PER_STRUCTURE - len(members[structure.id])
        for index in range(max(missing, 0)):
            username = f"bench.{key}.{index + 1}"
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"password": password, "first_name": "Volume", "last_name": username},
            )
            Membership.objects.get_or_create(
                user=user,
                structure_id=structure.id,
                defaults={"role": MembershipRole.SOCIAL_WORKER, "started_on": window_start},
            )
            members[structure.id].append(user.pk)
    return dict(members)


def app_hooks():
    """`<app>.bench_seed` modules of the project's own apps, in INSTALLED_APPS order."""
    hooks = []
    for config in apps.get_app_configs():
        if config.name == "ftda" or not Path(config.path).is_relative_to(ROOT):
            continue
        module_name = f"{config.name}.bench_seed"
        try:
            hooks.append((config.name, import_module(module_name)))
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    return hooks


def call_with_declared(function, positional, available):
    parameters = inspect.signature(function).parameters
    takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    kwargs = {k: v for k, v in available.items() if takes_all or k in parameters}
    return function(*positional, **kwargs)


def ignore_triggers(cursor):
    """Switch the project's pgtrigger/pghistory triggers off for this transaction only."""
    names = sorted({trigger.get_pgid(model) for model, trigger in pgtrigger.registered()})
    cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"])
    return len(names)


def reset(hooks):
    with transaction.atomic(), connection.cursor() as cursor:
        for _app, module in hooks:
            if hasattr(module, "reset"):
                module.reset(connection)
        cursor.execute(
            "TRUNCATE ftda_person, ftda_household, ftda_accesslog, ftda_personevent,"
            " ftda_householdevent, ftda_householdmemberevent, ftda_pathwayevent,"
            " ftda_followupevent CASCADE"
        )


def next_id(cursor, table):
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def sync_sequences(cursor, tables):
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT coalesce(max(id), 1) FROM {table}))"
        )


# --------------------------------------------------------------------------- generation


class Generator:
    def __init__(self, *, rng, today, structures, authors, persons):
        self.rng = rng
        self.today = today
        self.window_start = today.replace(year=today.year - YEARS)
        self.structures = structures
        self.authors = authors
        self.origins = ORIGINS
        self.origin_weights = [o["weight"] for o in ORIGINS]
        # Intake structures weighted by intake × years open within the window.
        self.intake = []
        for key, weight in INTAKE.items():
            opened = max(structures[key].opened_on, self.window_start)
            years = max((today - opened).days, 0) / 365.25
            self.intake.append((structures[key], weight * years))
        agdref = rng.sample(range(10**9, 10**10), persons + 1000)
        self.agdref = iter(agdref)

    # ---- persons and households

    def birth_date(self, origin, age_on, day, *, adult):
        rng = self.rng
        age = min(18 + int(rng.gammavariate(2.2, 5.5)), 72) if adult else rng.randrange(0, 18)
        born = age_on - datetime.timedelta(days=int(age * 365.25) + rng.randrange(365))
        if adult and rng.random() < origin["birth_on_new_year"]:
            return datetime.date(born.year, 1, 1)
        return born

    def surname(self, origin, sex):
        name = self.rng.choice(origin["surnames"])
        if origin.get("feminine") and sex == "F" and name.endswith(("ov", "ev", "in")):
            name += "a"
        return name

    def first_name(self, origin, sex):
        pool = origin["male"] if sex == "M" else origin["female"]
        name = self.rng.choice(pool)
        if self.rng.random() < 0.07:  # a second first name
            second = self.rng.choice(pool)
            if second != name:
                name = f"{name} {second}"
        return name

    def household_members(self, size, origin, arrival):
        """[(relationship, sex, last name, first names, birth date)] for one household."""
        rng = self.rng
        head_sex = "M" if rng.random() < (0.72 if size > 1 else 0.7) else "F"
        head_last = self.surname(origin, head_sex)
        head_first = self.first_name(origin, head_sex)
        members = [
            (
                "head" if size > 1 else None,
                head_sex,
                head_last,
                head_first,
                self.birth_date(origin, arrival, 0, adult=True),
            )
        ]
        children = size - 1
        if size > 1 and (head_sex == "M" or rng.random() < 0.3):
            spouse_sex = "F" if head_sex == "M" else "M"
            spouse_last = self.surname(origin, spouse_sex)
            members.append(
                (
                    "spouse",
                    spouse_sex,
                    spouse_last,
                    self.first_name(origin, spouse_sex),
                    self.birth_date(origin, arrival, 0, adult=True),
                )
            )
            children -= 1
        father_first = head_first.split()[0] if head_sex == "M" else None
        for _ in range(children):
            sex = "M" if rng.random() < 0.51 else "F"
            born = self.birth_date(origin, arrival, 0, adult=False)
            if origin.get("patronymic") and father_first:
                last = father_first
            elif origin.get("feminine"):
                last = self.surname(origin, sex) if rng.random() < 0.1 else head_last
                if sex == "F" and last.endswith(("ov", "ev", "in")):
                    last += "a"
            else:
                last = head_last
            if born.year >= arrival.year - 1 and rng.random() < 0.5:
                first = rng.choice(BORN_IN_FRANCE[sex])
            else:
                first = self.first_name(origin, sex)
            members.append(("child", sex, last, first, born))
        return members

    def person_row(self, person_id, origin, sex, last, first, born, arrival, *, adult):
        rng = self.rng
        languages = list(rng.choice(origin["languages"]))
        if adult and "fra" not in languages and rng.random() < 0.3:
            languages.append("fra")
        status = rng.choices(
            [
                ProtectionStatus.REFUGEE,
                ProtectionStatus.SUBSIDIARY,
                ProtectionStatus.STATELESS,
                ProtectionStatus.OTHER,
            ],
            [62, 33, 2, 3],
        )[0]
        decided = arrival - datetime.timedelta(days=rng.randrange(5, 120))
        agdref = str(next(self.agdref)) if adult or rng.random() < 0.2 else None
        phone = f"+33{rng.choice('67')}{rng.randrange(10**8):08d}" if adult else ""
        email = ""
        if adult and rng.random() < 0.3:
            email = (
                f"{_ascii(first).split()[0].lower()}.{_ascii(last).lower()}{person_id}@exemple.fr"
            )
        created = datetime.datetime.combine(arrival, datetime.time(9, 30), UTC)
        return (
            person_id,
            last,
            first,
            born,
            sex,
            origin["country"],
            languages,
            status,
            decided,
            agdref,
            phone,
            email,
            created,
            created,
            1,
        )

    # ---- pathways

    def pick_intake(self):
        structures, weights = zip(*self.intake, strict=True)
        return self.rng.choices(structures, weights)[0]

    def start_in(self, structure, earliest=None):
        first = max(structure.opened_on, self.window_start, earliest or self.window_start)
        span = (self.today - first).days
        if span <= 0:
            return None
        # Activity grows over the years: more recent starts.
        return first + datetime.timedelta(days=int(span * self.rng.random() ** 0.8))

    def duration(self, kind):
        rng = self.rng
        if kind in (StructureKind.CPH, StructureKind.ASSIMILATED_HOUSING):
            return 270 + int(rng.triangular(0, 180, 30))  # 9 months, renewed up to 3 times
        if kind == StructureKind.AGIR:
            return min(int(rng.triangular(120, 731, 600)), 730)  # at most 24 months
        return int(rng.triangular(60, 365, 180))

    def later_pathways(self, structure, start, born, *, adult):
        """After (or alongside) housing: AGIR for adults of working age, a programme for
        some young adults. [(structure, start)]"""
        rng = self.rng
        age = (start - born).days / 365.25
        later = []
        if adult and age < 55 and structure.kind != StructureKind.AGIR and rng.random() < 0.22:
            agir = self.structures[rng.choices(["agir_paris", "agir_manche"], [3, 1])[0]]
            later.append((agir, self.start_in(agir, earliest=start + datetime.timedelta(120))))
        if adult and age < 32 and rng.random() < 0.08:
            key = rng.choices(list(PROGRAMMES), list(PROGRAMMES.values()))[0]
            programme = self.structures[key]
            later.append(
                (programme, self.start_in(programme, earliest=start + datetime.timedelta(60)))
            )
        return [(s, day) for s, day in later if day is not None]

    def end_of(self, start, kind):
        end = start + datetime.timedelta(days=self.duration(kind))
        return None if end >= self.today else end

    def agir_top_up(self, persons, pathways, first_id):
        """Pathways in AGIR Paris for adults with no AGIR pathway, supported elsewhere for
        at least four months, so that each of the last AGIR_YEARS years has about
        AGIR_ENTRIES_PER_YEAR adult entries in the AGIR platforms."""
        rng, today = self.rng, self.today
        paris = self.structures["agir_paris"]
        relationship = {p.id: p.relationship for p in persons}
        born = {p.id: p.birth_date for p in persons}
        first_start, in_agir, entries = {}, set(), []
        for pathway in pathways:
            person = pathway.person_id
            first_start[person] = min(
                first_start.get(person, pathway.started_on), pathway.started_on
            )
            if pathway.structure_kind == StructureKind.AGIR:
                in_agir.add(person)
                if relationship[person] != "child":
                    entries.append(pathway.started_on)
        pool = [p.id for p in persons if p.relationship != "child" and p.id not in in_agir]
        added = []
        for year in range(AGIR_YEARS):
            end = today - datetime.timedelta(days=365 * year)
            start = max(end - datetime.timedelta(days=365), paris.opened_on)
            if start >= end:
                break
            missing = AGIR_ENTRIES_PER_YEAR - sum(start <= day < end for day in entries)
            for _ in range(max(missing, 0)):
                day = start + datetime.timedelta(days=rng.randrange((end - start).days))
                for _attempt in range(50):
                    if not pool:
                        return added
                    index = rng.randrange(len(pool))
                    person = pool[index]
                    age = (day - born[person]).days / 365.25
                    if first_start[person] <= day - datetime.timedelta(120) and 18 <= age < 55:
                        pool[index] = pool[-1]
                        pool.pop()
                        added.append(
                            SeedPathway(
                                first_id + len(added),
                                person,
                                paris.id,
                                paris.kind,
                                day,
                                self.end_of(day, paris.kind),
                            )
                        )
                        break
        return added


def _ascii(text):
    import unicodedata

    normalized = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("đ", "d"))
    return "".join(c for c in normalized if c.isascii() and (c.isalnum() or c == " "))


def note_pool(rng, size=600):
    notes = []
    for _ in range(size):
        opening = rng.choice(NOTE_OPENINGS).format(lang=rng.choice(INTERPRETED))
        bodies = rng.sample(NOTE_BODIES, rng.choice([1, 1, 2, 2, 3]))
        notes.append(" ".join([opening, *bodies]) + rng.choice(NOTE_CLOSINGS))
    return notes


# --------------------------------------------------------------------------- seeding


def seed_core(cursor, gen, *, persons_target):
    rng = gen.rng
    household_id = next_id(cursor, "ftda_household")
    person_id = next_id(cursor, "ftda_person")
    pathway_id = next_id(cursor, "ftda_pathway")
    member_id = next_id(cursor, "ftda_householdmember")
    persons, pathways, households, members, person_rows = [], [], [], [], []
    now = datetime.datetime.now(UTC)

    while len(persons) < persons_target:
        size = rng.choices(*HOUSEHOLD_SIZES)[0]
        size = min(size, persons_target - len(persons))
        origin = rng.choices(gen.origins, gen.origin_weights)[0]
        structure = gen.pick_intake()
        start = gen.start_in(structure)
        if start is None:
            continue
        end = gen.end_of(start, structure.kind)
        hh_id = None
        people = gen.household_members(size, origin, start)
        if size > 1:
            hh_id = household_id
            household_id += 1
            households.append((hh_id, f"Ménage {people[0][2].upper()}", now))
        for relationship, sex, last, first, born in people:
            adult = relationship != "child"
            person_rows.append(
                gen.person_row(person_id, origin, sex, last, first, born, start, adult=adult)
            )
            persons.append(SeedPerson(person_id, hh_id, relationship, sex, born, origin["country"]))
            if hh_id:
                members.append((member_id, hh_id, person_id, relationship))
                member_id += 1
            pathways.append(
                SeedPathway(pathway_id, person_id, structure.id, structure.kind, start, end)
            )
            pathway_id += 1
            for later, later_start in gen.later_pathways(structure, start, born, adult=adult):
                pathways.append(
                    SeedPathway(
                        pathway_id,
                        person_id,
                        later.id,
                        later.kind,
                        later_start,
                        gen.end_of(later_start, later.kind),
                    )
                )
                pathway_id += 1
            person_id += 1
    pathways += gen.agir_top_up(persons, pathways, pathway_id)

    with cursor.copy("COPY ftda_household (id, label, created_at) FROM STDIN") as copy:
        for row in households:
            copy.write_row(row)
    with cursor.copy(
        "COPY ftda_person (id, last_name, first_names, birth_date, sex, nationality, languages,"
        " protection_status, protection_decided_on, agdref_number, phone, email, created_at,"
        " updated_at, version) FROM STDIN"
    ) as copy:
        for row in person_rows:
            copy.write_row(row)
    with cursor.copy(
        "COPY ftda_householdmember (id, household_id, person_id, relationship) FROM STDIN"
    ) as copy:
        for row in members:
            copy.write_row(row)
    with cursor.copy(
        "COPY ftda_pathway (id, person_id, structure_id, started_on, ended_on) FROM STDIN"
    ) as copy:
        for p in pathways:
            copy.write_row((p.id, p.person_id, p.structure_id, p.started_on, p.ended_on))
    return persons, pathways, len(households), len(members)


def follow_up_counts(gen, persons, pathways, target):
    """Follow-ups per pathway: proportional to its days and the team's rhythm, noisy, summing
    to `target` exactly."""
    rng, today = gen.rng, gen.today
    relationship = {p.id: p.relationship for p in persons}
    weights = []
    for pathway in pathways:
        last = min(pathway.ended_on or today, today)
        days = max((last - pathway.started_on).days, 1)
        noise = rng.lognormvariate(0, 0.6)
        weights.append(
            days
            * RATE[pathway.structure_kind]
            * RELATIONSHIP_RATE[relationship[pathway.person_id]]
            * noise
        )
    total = sum(weights)
    counts = [int(target * w / total) for w in weights]
    short = target - sum(counts)
    for index in rng.choices(range(len(pathways)), weights, k=short):
        counts[index] += 1
    return counts


def seed_follow_ups(cursor, gen, persons, pathways, target):
    rng, today = gen.rng, gen.today
    follow_up_id = next_id(cursor, "ftda_followup")
    counts = follow_up_counts(gen, persons, pathways, target)
    notes = note_pool(rng)
    kinds, kind_weights = KINDS
    topic_choices = {
        kind: (list(weights), list(weights.values())) for kind, weights in TOPICS.items()
    }
    one_day = datetime.timedelta(days=1)
    written = 0
    with cursor.copy(
        "COPY ftda_followup (id, person_id, structure_id, author_id, occurred_on, kind, topics,"
        " note, next_step, next_step_due_on, created_at) FROM STDIN"
    ) as copy:
        for pathway, count in zip(pathways, counts, strict=True):
            if not count:
                continue
            authors = gen.authors[pathway.structure_id]
            start = pathway.started_on
            last = min(pathway.ended_on or today, today)
            span = (last - start).days
            topics_pool, topics_weights = topic_choices[pathway.structure_kind]
            chosen_kinds = rng.choices(kinds, kind_weights, k=count)
            for index in range(count):
                if index == 0 and pathway.ended_on is None:
                    # Open pathways: most people were seen recently.
                    back = min(int(rng.expovariate(1 / 12)), span)
                    day = last - datetime.timedelta(days=back)
                else:
                    day = start + datetime.timedelta(days=int(span * rng.random() ** 1.4))
                weekday = day.weekday()
                if weekday >= 5 and rng.random() < 0.95:
                    day -= one_day * (weekday - 4)
                    if day < start:
                        day = start
                kind = chosen_kinds[index]
                topics = list(
                    dict.fromkeys(
                        rng.choices(topics_pool, topics_weights, k=rng.choice([1, 1, 1, 2, 2, 3]))
                    )
                )
                note = "" if kind == FollowUpKind.CALL and rng.random() < 0.3 else rng.choice(notes)
                if rng.random() < 0.35:
                    next_step = rng.choice(NEXT_STEPS)
                    due = day + datetime.timedelta(days=rng.randrange(3, 46))
                else:
                    next_step, due = "", None
                created = datetime.datetime(
                    day.year,
                    day.month,
                    day.day,
                    rng.randrange(7, 17),
                    rng.randrange(60),
                    tzinfo=UTC,
                )
                copy.write_row(
                    (
                        follow_up_id,
                        pathway.person_id,
                        pathway.structure_id,
                        rng.choice(authors),
                        day,
                        kind,
                        topics,
                        note,
                        next_step,
                        due,
                        created,
                    )
                )
                follow_up_id += 1
                written += 1
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=DEFAULT_PERSONS)
    parser.add_argument("--follow-ups", type=int, default=DEFAULT_FOLLOW_UPS)
    parser.add_argument("--seed", type=int, default=2026, help="random seed (reproducible data)")
    parser.add_argument("--reset", action="store_true", help="drop the volume data first")
    parser.add_argument(
        "--with-audit", action="store_true", help="keep the audit triggers on for the seed"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    hooks = app_hooks()
    log(f"App hooks: {', '.join(app for app, _ in hooks) or 'none'}")

    structures = ensure_demo()
    if args.reset:
        step = time.perf_counter()
        reset(hooks)
        log("Reset: volume data dropped", step)
    existing = Person.objects.count()
    if existing >= args.persons:
        log(f"{existing} persons already there: nothing to do (--reset to seed again).")
        return 0

    today = datetime.date.today()
    rng = random.Random(args.seed)
    gen = Generator(
        rng=rng,
        today=today,
        structures=structures,
        authors=ensure_authors(structures, today.replace(year=today.year - YEARS)),
        persons=args.persons,
    )
    summary = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if not args.with_audit:
            ignored = ignore_triggers(cursor)
            log(f"Audit triggers ignored in this transaction: {ignored}")
        step = time.perf_counter()
        persons, pathways, households, members = seed_core(
            cursor, gen, persons_target=args.persons - existing
        )
        summary.update(
            persons=len(persons), households=households, household_members=members,
            pathways=len(pathways), open_pathways=sum(p.ended_on is None for p in pathways),
        )  # fmt: skip
        log(f"Persons, households, pathways: {len(persons)}, {households}, {len(pathways)}", step)
        step = time.perf_counter()
        summary["follow_ups"] = seed_follow_ups(cursor, gen, persons, pathways, args.follow_ups)
        log(f"Follow-ups: {summary['follow_ups']}", step)
        available = {
            "persons": persons,
            "pathways": pathways,
            "structures": structures,
            "users": gen.authors,
            "today": today,
        }
        for app, module in hooks:
            step = time.perf_counter()
            available["rng"] = random.Random(f"{args.seed}-{app}")
            counts = call_with_declared(module.seed, [connection], available) or {}
            summary.update({f"{app}.{label}": n for label, n in counts.items()})
            log(f"{app}: {counts}", step)
        sync_sequences(cursor, CORE_TABLES)
        step = time.perf_counter()
    log("Committed", step)
    step = time.perf_counter()
    with connection.cursor() as cursor:
        # The visibility map for index-only scans, statistics for the planner.
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(CORE_TABLES)}")
        cursor.execute("ANALYZE")
    log("VACUUM (ANALYZE)", step)
    for label, value in summary.items():
        print(f"  {label:<24} {value:>10,}".replace(",", " "))
    log(f"Total: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
