"""Programmes volume for the benchmarks (`bench/seed_volume.py` calls `seed` inside its
transaction), written with COPY:

- Duos de demain: 1,500 duos of persons of the core seed with volunteers (languages, towns,
  interests), each refugee registered as a participant with a dated consent; six months
  planned, some interrupted, the recent ones ongoing; meetings in most months, with gaps.
  The persons the core seed supports in Duos de demain get their duo first (their core
  pathway then spans their registration to the duo's end); other adults already supported
  elsewhere make up the 1,500, each with a core pathway in the programme.
- Chiche Chef: about six editions a year since the programme opened, participants counted
  by group, a few children of the ASE named by first name only, refugees supported by
  Chiche Chef named and linked to their file.
- Clé de France: a mobility pathway for every person the core seed supports there.
"""

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from bench.copy_rows import copy_rows, reserve_ids
from ftda.models import Partner, Person
from programmes.demo import (
    INTERRUPTIONS,
    THEMES,
    TOWNS,
    VOLUNTEER_FIRST,
    VOLUNTEER_LANGUAGES,
    VOLUNTEER_LAST,
)
from programmes.enums import (
    Availability,
    DuoStatus,
    EmploymentSolution,
    HousingSolution,
    Interest,
    MeetingKind,
    MobilityStatus,
    ParticipantGroup,
    Scheme,
)
from programmes.models import DUO_MONTHS, CookingTheme, Programme

DUOS = 1500
DAY = datetime.timedelta(days=1)
UTC = datetime.UTC
EDITIONS_PER_YEAR = 6
EDITION_PLACES = [
    ("76", "Rouen", "Centre social Jean-Texcier"),
    ("76", "Le Havre", "Les Docks Vauban"),
    ("76", "Canteleu", "Lycée hôtelier Georges-Baptiste"),
    ("76", "Dieppe", "Maison des jeunes et de la culture"),
    ("50", "Saint-Lô", "Maison de quartier du Val Saint-Jean"),
    ("14", "Caen", "Lycée hôtelier François-Rabelais"),
]
CHEFS = ["Gilles Tournadre", "David Gallienne", "Jean-Luc Tartarin", "Anne-Sophie Lemoine"]
CHEFS += ["Alexandre Bourdas", "Manon Fleury", "Mory Sacko"]
RECIPES = [
    "Velouté de potimarron",
    "Tajine de légumes et pois chiches",
    "Compote pommes-poires",
    "Injera et shiro",
    "Bolani aux pommes de terre",
    "Tarte aux pommes normande",
    "Houmous et pain pita",
]
ASE_FIRST_NAMES = ["Lina", "Yanis", "Inès", "Noah", "Jade", "Rayan", "Léa", "Adam", "Sarah"]
DESTINATIONS = [
    ("53", "Laval"),
    ("50", "Saint-Lô"),
    ("14", "Caen"),
    ("49", "Angers"),
    ("05", "Gap"),
    ("52", "Chaumont"),
    ("44", "Saint-Nazaire"),
    ("76", "Rouen"),
    ("87", "Limoges"),
    ("86", "Poitiers"),
]
PROFILE = "city, departement, interests, availabilities, preferences, consent_given_on, created_at"
TABLES = {
    "volunteers": (
        "programmes_volunteer",
        f"id, programme_id, last_name, first_names, email, phone, languages, active, person_id,"
        f" {PROFILE}",
    ),
    "participants": ("programmes_participant", f"programme_id, person_id, {PROFILE}"),
    "duos": (
        "programmes_duo",
        "id, programme_id, person_id, volunteer_id, volunteer_person_id, started_on,"
        " planned_end_on, status, ended_on, end_reason, created_at",
    ),
    "meetings": ("programmes_duomeeting", "duo_id, occurred_on, kind, note, created_at"),
    "pathways": ("ftda_pathway", "id, person_id, structure_id, started_on, ended_on"),
    "cooking_events": (
        "programmes_cookingevent",
        "id, programme_id, held_on, departement, city, place, chef, recipes",
    ),
    "event_themes": ("programmes_eventtheme", "event_id, theme_id"),
    "event_partners": ("programmes_eventpartner", "event_id, partner_id"),
    "group_counts": ("programmes_groupcount", 'event_id, "group", count'),
    "cooking_participants": (
        "programmes_cookingparticipant",
        'event_id, "group", first_name, last_name, person_id',
    ),
    "mobility_pathways": (
        "programmes_mobilitypathway",
        "id, programme_id, person_id, started_on, status, destination_departement,"
        " destination_city, relocated_on, employment_solution, employment_detail,"
        " housing_solution, housing_detail, ended_on, end_reason, created_at",
    ),
    "mobility_stages": ("programmes_mobilitystage", "pathway_id, kind, occurred_on, note"),
    "rights_transfers": (
        "programmes_rightstransfer",
        "pathway_id, kind, requested_on, completed_on",
    ),
    "situation_reviews": (
        "programmes_situationreview",
        "pathway_id, months_after, reviewed_on, still_in_destination, housing_solution,"
        " employment_solution, note",
    ),
}


def seed(connection, *, persons, pathways, structures, rng, today):
    keys = {"duos": Scheme.DUOS, "chiche_chef": Scheme.CHICHE_CHEF}
    keys["cle_de_france"] = Scheme.CLE_DE_FRANCE
    for key, scheme in keys.items():
        Programme.objects.get_or_create(
            structure_id=structures[key].id, defaults={"scheme": scheme}
        )
    rows = defaultdict(list)
    with connection.cursor() as cursor:
        duos = Duos(cursor, rng, today, structures["duos"], persons, pathways, rows)
        duos.seed()
        cooking_editions(cursor, rng, today, structures["chiche_chef"], pathways, rows)
        mobility(cursor, rng, today, structures["cle_de_france"], pathways, rows)
        counts = {
            name: copy_rows(cursor, table, columns, rows[name])
            for name, (table, columns) in TABLES.items()
        }
        duos.align_core_pathways()
    counts["core_pathways_added"] = counts.pop("pathways")
    return counts


def reset(connection):
    """Editions hang off no person: the core's TRUNCATE does not reach them."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE programmes_cookingevent CASCADE")


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), UTC)


def _sample(rng, values, low, high):
    return rng.sample(values, rng.randint(low, high))


def _profile(rng, consent):
    town, departement = rng.choice(TOWNS)
    interests = _sample(rng, Interest.values, 1, 4)
    availabilities = _sample(rng, Availability.values, 1, 3)
    return (town, departement, interests, availabilities, "", consent, _at(consent, 11))


class Duos:
    def __init__(self, cursor, rng, today, programme, persons, pathways, rows):
        self.cursor, self.rng, self.today, self.rows = cursor, rng, today, rows
        self.programme = programme
        self.adults = {p.id: p for p in persons if p.relationship != "child"}
        self.first_start = {}
        for pathway in pathways:
            person = pathway.person_id
            known = self.first_start.get(person, pathway.started_on)
            self.first_start[person] = min(known, pathway.started_on)
        self.core = [
            p for p in pathways if p.structure_id == programme.id and p.person_id in self.adults
        ]
        self.core_ends = {}  # core pathway id → the end of its person's duo
        self.volunteers = []  # [free from, former participant's person id or None]
        self.formers = set()

    def seed(self):
        """Registrations and duos in date order, so that volunteers are reused as they
        become free."""
        rng, today = self.rng, self.today
        plans = []  # (registered on, duo start or None, person id, core pathway id or None)
        for pathway in self.core:
            start = pathway.started_on + DAY * rng.randrange(7, 46)
            plans.append((pathway.started_on, start, pathway.person_id, pathway.id))
        with_duo = sum(start < today - 3 * DAY for _reg, start, *_ in plans)
        taken = {p.person_id for p in self.core}
        pool = [pid for pid in self.adults if pid not in taken]
        first = max(self.programme.opened_on, min(self.first_start.values()) + 60 * DAY)
        span = (today - 3 * DAY - first).days
        found = True
        needed = DUOS - with_duo
        for attempt in range(max(needed, 0) * 1000):
            # A start, then an adult supported for two months by then (few in the first
            # years of the seed's window: a new start only after many tries).
            if needed <= 0 or not pool:
                break
            if attempt % 1000 == 0 or found:
                start = first + DAY * rng.randrange(span)
                registered = start - DAY * rng.randrange(7, 46)
            index = rng.randrange(len(pool))
            person = pool[index]
            age = (start - self.adults[person].birth_date).days / 365.25
            found = self.first_start[person] <= registered - 60 * DAY and 18 <= age < 60
            if found:
                pool[index] = pool[-1]
                pool.pop()
                plans.append((registered, start, person, None))
                needed -= 1
        plans.sort(key=lambda plan: plan[1])
        duo_id = reserve_ids(self.cursor, "programmes_duo", len(plans))
        new_pathways = sum(core is None for *_rest, core in plans)
        pathway_id = reserve_ids(self.cursor, "ftda_pathway", new_pathways)
        for registered, start, person, core in plans:
            self.rows["participants"].append(
                (self.programme.id, person, *_profile(rng, registered))
            )
            if start >= today - 3 * DAY:
                continue  # registered recently, waiting for a match
            ended = self.duo(duo_id, person, start)
            duo_id += 1
            if core is None:
                row = (pathway_id, person, self.programme.id, registered, ended)
                self.rows["pathways"].append(row)
                pathway_id += 1
            else:
                self.core_ends[core] = ended
        self.write_volunteers()

    def volunteer_for(self, start, person):
        """Index of a volunteer free on `start`: a third are volunteers whose previous duo
        has ended; a few new ones are former participants."""
        rng = self.rng
        recent = range(max(0, len(self.volunteers) - 80), len(self.volunteers))
        free = [i for i in recent if self.volunteers[i][0] <= start]
        if free and rng.random() < 0.35:
            return rng.choice(free)
        former = None
        if rng.random() < 0.03:
            done = [
                p
                for p, end in self.finished_participants
                if end < start - 365 * DAY and p != person and p not in self.formers
            ]
            former = rng.choice(done) if done else None
            self.formers.add(former)
        self.volunteers.append([start, former])
        return len(self.volunteers) - 1

    @property
    def finished_participants(self):
        return [(row[2], row[8]) for row in self.rows["duos"] if row[8] is not None]

    def duo(self, duo_id, person, start):
        rng, today = self.rng, self.today
        index = self.volunteer_for(start, person)
        planned = start + relativedelta(months=DUO_MONTHS)
        if rng.random() < 0.15:
            ended = start + DAY * rng.randrange(20, 150)
            status, reason = DuoStatus.INTERRUPTED, rng.choice(INTERRUPTIONS)
        else:
            ended, status, reason = planned, DuoStatus.FINISHED, ""
        if ended >= today:
            ended, status, reason = None, DuoStatus.ONGOING, ""
        volunteer = self.volunteers[index]
        volunteer[0] = ended or datetime.date.max
        self.rows["duos"].append(
            [
                duo_id,
                self.programme.id,
                person,
                index,  # becomes the volunteer's id in write_volunteers
                volunteer[1],
                start,
                planned,
                status,
                ended,
                reason,
                _at(start, 10),
            ]
        )
        self.meetings(duo_id, start, ended or today)
        return ended

    def meetings(self, duo_id, start, until):
        """Most months hold a meeting; one duo in six is irregular."""
        rng = self.rng
        regular = 0.9 if rng.random() < 0.85 else 0.55
        for k in range(DUO_MONTHS):
            month_start = start + relativedelta(months=k)
            month_end = min(start + relativedelta(months=k + 1) - DAY, until)
            if month_start > until:
                break
            if rng.random() > regular:
                continue
            for _ in range(rng.choices([1, 2, 3], [60, 30, 10])[0]):
                day = month_start + DAY * rng.randrange((month_end - month_start).days + 1)
                kind = rng.choices(MeetingKind.values, [35, 25, 20, 10, 10])[0]
                self.rows["meetings"].append((duo_id, day, kind, "", _at(day, 18)))

    def write_volunteers(self):
        """The volunteers of the duos (stopped a year after their last duo), and forty
        waiting for a match; the duos then point at their ids."""
        rng, today = self.rng, self.today
        waiting = 40
        first_id = reserve_ids(self.cursor, "programmes_volunteer", len(self.volunteers) + waiting)
        first_duo = {}
        for row in self.rows["duos"]:
            first_duo.setdefault(row[3], row[5])
            row[3] = first_id + row[3]
        profiles = [
            (first_duo[index] - DAY * rng.randrange(10, 40), free_from >= today - 365 * DAY, former)
            for index, (free_from, former) in enumerate(self.volunteers)
        ]
        profiles += [(today - DAY * rng.randrange(5, 200), True, None)] * waiting
        for offset, (consent, active, former) in enumerate(profiles):
            volunteer_id = first_id + offset
            last = rng.choice(VOLUNTEER_LAST)
            ascii_last = last.lower().replace("è", "e").replace("é", "e").replace("ü", "u")
            phone = f"+336{rng.randrange(10**8):08d}" if rng.random() < 0.7 else ""
            self.rows["volunteers"].append(
                (
                    volunteer_id,
                    self.programme.id,
                    last,
                    rng.choice(VOLUNTEER_FIRST),
                    f"{ascii_last}.{volunteer_id}@exemple.fr",
                    phone,
                    rng.choice(VOLUNTEER_LANGUAGES),
                    active,
                    former,
                    *_profile(rng, consent),
                )
            )

    def align_core_pathways(self):
        """The core pathways of Duos de demain end with their person's duo."""
        self.cursor.executemany(
            "UPDATE ftda_pathway SET ended_on = %s WHERE id = %s",
            [(ended, pathway_id) for pathway_id, ended in self.core_ends.items()],
        )


def cooking_editions(cursor, rng, today, programme, pathways, rows):
    """About six editions a year; refugees supported by Chiche Chef on the day are named."""
    themes = [CookingTheme.objects.get_or_create(name=name)[0].pk for name in THEMES]
    partners = defaultdict(list)
    for pk, departement in Partner.objects.values_list("pk", "departement"):
        partners[departement].append(pk)
    supported = [p for p in pathways if p.structure_id == programme.id]
    names = {
        pk: (first, last)
        for pk, first, last in Person.objects.filter(
            pk__in={p.person_id for p in supported}
        ).values_list("pk", "first_names", "last_name")
    }
    days = []
    year = programme.opened_on.year
    while datetime.date(year, 1, 1) <= today:
        for _ in range(EDITIONS_PER_YEAR):
            day = datetime.date(year, 1, 1) + DAY * rng.randrange(365)
            if programme.opened_on <= day < today:
                days.append(day)
        year += 1
    event_id = reserve_ids(cursor, "programmes_cookingevent", len(days))
    for day in sorted(days):
        departement, city, place = rng.choice(EDITION_PLACES)
        recipes = "\n".join(rng.sample(RECIPES, 3))
        rows["cooking_events"].append(
            (event_id, programme.id, day, departement, city, place, rng.choice(CHEFS), recipes)
        )
        for theme in rng.sample(themes, rng.randint(1, 2)):
            rows["event_themes"].append((event_id, theme))
        for partner in rng.sample(partners[departement], min(2, len(partners[departement]))):
            rows["event_partners"].append((event_id, partner))
        here = [
            p.person_id
            for p in supported
            if p.started_on <= day and (p.ended_on is None or p.ended_on >= day)
        ]
        counts = {
            ParticipantGroup.ASE_CHILDREN: rng.randint(6, 18),
            ParticipantGroup.ASYLUM_SEEKERS: rng.choice([0, 0, *range(2, 9)]),
            ParticipantGroup.REFUGEES: max(rng.randint(3, 12), min(len(here), 12)),
            ParticipantGroup.VOLUNTEERS: rng.randint(3, 8),
        }
        for group, count in counts.items():
            if count:
                rows["group_counts"].append((event_id, group, count))
        for first in rng.sample(ASE_FIRST_NAMES, rng.randint(0, 5)):
            rows["cooking_participants"].append(
                (event_id, ParticipantGroup.ASE_CHILDREN, first, "", None)
            )
        for person in rng.sample(here, min(len(here), counts[ParticipantGroup.REFUGEES])):
            first, last = names[person]
            rows["cooking_participants"].append(
                (event_id, ParticipantGroup.REFUGEES, first, last, person)
            )
        event_id += 1


def mobility(cursor, rng, today, programme, pathways, rows):
    """A mobility pathway for each person supported by Clé de France: relocated (most of
    those who ended), abandoned, or still preparing; stages, transfers and reviews up to
    today."""
    supported = [p for p in pathways if p.structure_id == programme.id]
    pathway_id = reserve_ids(cursor, "programmes_mobilitypathway", len(supported))
    for core in supported:
        start = core.started_on
        last = min(core.ended_on or today, today)
        relocated = start + DAY * rng.randrange(45, 150)
        if relocated > last:
            relocated = None
        if core.ended_on is not None and (relocated is None or rng.random() < 0.2):
            status, relocated, reason = MobilityStatus.ABANDONED, None, "Projet abandonné"
        elif relocated is not None:
            status, reason = MobilityStatus.RELOCATED, ""
        else:
            status, reason = MobilityStatus.ONGOING, ""
        departement, city = rng.choice(DESTINATIONS)
        employment = housing = "none"
        if status == MobilityStatus.RELOCATED:
            employment = rng.choice(EmploymentSolution.values)
            housing = rng.choice([v for v in HousingSolution.values if v != "none"])
        rows["mobility_pathways"].append(
            (
                pathway_id,
                programme.id,
                core.person_id,
                start,
                status,
                departement,
                city,
                relocated,
                employment,
                "",
                housing,
                "",
                core.ended_on,
                reason,
                _at(start, 9),
            )
        )
        stages = [("information", start), ("project", start + 20 * DAY)]
        stages.append(("visit", start + 40 * DAY))
        if relocated:
            stages += [("relocation", relocated), ("follow_up", relocated + 30 * DAY)]
            for kind in ("caf", "health_insurance"):
                done = relocated + DAY * rng.randint(20, 70)
                rows["rights_transfers"].append(
                    (pathway_id, kind, relocated, done if done <= today else None)
                )
            for months in (3, 6):
                due = relocated + relativedelta(months=months)
                if due <= today:
                    rows["situation_reviews"].append(
                        (pathway_id, months, due, rng.random() < 0.9, housing, employment, "")
                    )
        for kind, day in stages:
            if day <= last:
                rows["mobility_stages"].append((pathway_id, kind, day, ""))
        pathway_id += 1
