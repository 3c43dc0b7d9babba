"""Demo data of the programmes, loaded by `manage.py load_demo` after the core's.

Duos de demain: a plausible history since 2015 (110 to 140 duos a year, bulk-inserted),
with meetings, interruptions and collective activities, plus today's duos and volunteers
waiting for a match. Chiche Chef: the 2019, 2021 and 2022 editions in Seine-Maritime and a
recent one in the Manche. Clé de France: a few mobility pathways. Dates relative to `today`.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta

from ftda.models import Partner, Pathway, Person
from ftda.services import open_pathway
from programmes.enums import (
    Availability,
    DuoStatus,
    Interest,
    MeetingKind,
    ParticipantGroup,
    Scheme,
)
from programmes.models import (
    DUO_MONTHS,
    Attendance,
    CollectiveActivity,
    CookingEvent,
    CookingParticipant,
    CookingTheme,
    Duo,
    DuoMeeting,
    GroupCount,
    MobilityPathway,
    MobilityStage,
    Participant,
    Programme,
    RightsTransfer,
    SituationReview,
    Volunteer,
)

FIRST_YEAR = 2015
SCHEMES = {
    "duos": Scheme.DUOS,
    "chiche_chef": Scheme.CHICHE_CHEF,
    "cle_de_france": Scheme.CLE_DE_FRANCE,
}
THEMES = [
    "Alimentation saine et durable",
    "Conservation des aliments et hygiène",
    "Cuisine de saison",
    "Lutte contre le gaspillage alimentaire",
]

# Refugees: (last names, first names, nationality, languages) pools mixed at random.
REFUGEE_NAMES = [
    (
        ["Ahmadi", "Rahimi", "Hosseini", "Karimi", "Sultani", "Noori"],
        ["Mohammad", "Farid", "Zahra", "Mariam", "Abdul Wahid", "Shabnam"],
        "AF",
        ["prs"],
    ),
    (
        ["Al-Khatib", "Haddad", "Darwish", "Al Ali", "Mansour", "Khalil"],
        ["Omar", "Rami", "Lina", "Nour", "Yara", "Ahmad"],
        "SY",
        ["ara"],
    ),
    (
        ["Tesfamariam", "Haile", "Ghebreyesus", "Kidane", "Berhane", "Tsegay"],
        ["Filmon", "Semhar", "Yohannes", "Luwam", "Dawit", "Selam"],
        "ER",
        ["tir"],
    ),
    (
        ["Adam", "Ishag", "Abakar", "Yahya", "Suleiman", "Osman"],
        ["Abdelrahman", "Hamid", "Amna", "Khadija", "Mohamed", "Idriss"],
        "SD",
        ["ara"],
    ),
    (
        ["Diallo", "Barry", "Sow", "Baldé", "Camara", "Sylla"],
        ["Alpha Oumar", "Mariama", "Ibrahima", "Kadiatou", "Thierno", "Aïssatou"],
        "GN",
        ["ful", "fra"],
    ),
    (
        ["Jafari", "Moradi", "Rezaei", "Ahmadzadeh", "Kazemi", "Safavi"],
        ["Reza", "Niloufar", "Ali", "Shirin", "Behrouz", "Parisa"],
        "IR",
        ["fas"],
    ),
    (
        ["Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Shevchuk", "Kravets"],
        ["Oksana", "Andriy", "Iryna", "Serhiy", "Yulia", "Taras"],
        "UA",
        ["ukr", "rus"],
    ),
    (
        ["Yusuf", "Abdi", "Farah", "Hassan", "Mohamed", "Ali"],
        ["Ayaan", "Hodan", "Abdullahi", "Fadumo", "Mahad", "Sahra"],
        "SO",
        ["som"],
    ),
]
VOLUNTEER_LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Müller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
]
VOLUNTEER_FIRST = [
    "Anne",
    "Jean",
    "Claire",
    "Pierre",
    "Sophie",
    "Luc",
    "Isabelle",
    "Marc",
    "Camille",
    "Hélène",
    "Julien",
    "Élodie",
    "François",
    "Chloé",
    "Benoît",
    "Agnès",
    "Théo",
    "Margaux",
    "Étienne",
    "Noémie",
    "Hervé",
    "Zoé",
]
TOWNS = [
    ("Paris", "75"),
    ("Paris", "75"),
    ("Paris", "75"),
    ("Montreuil", "93"),
    ("Saint-Denis", "93"),
    ("Vincennes", "94"),
    ("Créteil", "94"),
    ("Boulogne-Billancourt", "92"),
    ("Nanterre", "92"),
    ("Versailles", "78"),
    ("Argenteuil", "95"),
    ("Évry-Courcouronnes", "91"),
]
VOLUNTEER_LANGUAGES = [
    ["fra"],
    ["fra", "eng"],
    ["fra", "eng"],
    ["fra", "spa"],
    ["fra", "ara"],
    ["fra", "eng", "deu"],
    ["fra", "fas"],
    ["fra", "rus"],
    ["fra", "ita"],
]
INTERRUPTIONS = [
    "Déménagement du bénévole",
    "La personne a trouvé un emploi à horaires décalés",
    "Départ de la personne hors d'Île-de-France",
    "Indisponibilité durable du bénévole",
    "Le duo ne s'est pas trouvé",
]
ACTIVITIES = [
    ("Visite du musée du Louvre", "Musée du Louvre, Paris 1er"),
    ("Pique-nique de rentrée", "Parc de la Villette, Paris 19e"),
    ("Atelier cuisine partagée", "Maison des associations, Paris 11e"),
    ("Balade sur les bords de Marne", "Nogent-sur-Marne"),
    ("Soirée théâtre", "Théâtre de la Cité internationale, Paris 14e"),
    ("Tournoi de football", "Stade Charléty, Paris 13e"),
]


def _sample(rng, choices, low, high):
    return rng.sample(choices, rng.randint(low, high))


def _programmes(structures):
    for key, scheme in SCHEMES.items():
        Programme.objects.create(structure=structures[key], scheme=scheme)


def _volunteer(rng, programme, consent, **kwargs):
    town, dep = rng.choice(TOWNS)
    last = rng.choice(VOLUNTEER_LAST)
    defaults = {
        "programme": programme,
        "last_name": last,
        "first_names": rng.choice(VOLUNTEER_FIRST),
        "email": f"{last.lower().replace('è', 'e').replace('é', 'e')}{rng.randrange(999)}"
        "@exemple.fr",
        "city": town,
        "departement": dep,
        "languages": rng.choice(VOLUNTEER_LANGUAGES),
        "interests": _sample(rng, Interest.values, 1, 4),
        "availabilities": _sample(rng, Availability.values, 1, 3),
        "consent_given_on": consent,
    }
    return Volunteer(**(defaults | kwargs))


def _refugee(rng):
    lasts, firsts, country, languages = rng.choice(REFUGEE_NAMES)
    return Person(
        last_name=rng.choice(lasts),
        first_names=rng.choice(firsts),
        nationality=country,
        languages=languages + (["fra"] if rng.random() < 0.3 else []),
        sex=rng.choice("FM"),
        birth_date=datetime.date(rng.randint(1965, 2003), rng.randint(1, 12), rng.randint(1, 28)),
    )


def _history(programme, today, rng):
    """Duos since 2015; those started less than six months ago are still running."""
    starts = []
    for year in range(FIRST_YEAR, today.year + 1):
        for _ in range(rng.randint(110, 140)):
            start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            if start < today - datetime.timedelta(days=3):
                starts.append(start)
    starts.sort()
    persons = Person.objects.bulk_create([_refugee(rng) for _ in starts])
    volunteers, free_from, duos = [], [], []
    for person, start in zip(persons, starts, strict=True):
        # A third of the duos go to a volunteer whose previous duo has ended.
        recent = range(max(0, len(volunteers) - 60), len(volunteers))
        free = [i for i in recent if free_from[i] <= start]
        if free and rng.random() < 0.35:
            index = rng.choice(free)
        else:
            volunteers.append(_volunteer(rng, programme, start - datetime.timedelta(days=20)))
            free_from.append(start)
            index = len(volunteers) - 1
        planned = start + relativedelta(months=DUO_MONTHS)
        if rng.random() < 0.15:
            ended = start + datetime.timedelta(days=rng.randrange(20, 150))
            status, reason = DuoStatus.INTERRUPTED, rng.choice(INTERRUPTIONS)
        else:
            ended, status, reason = planned, DuoStatus.FINISHED, ""
        if ended >= today:
            ended, status, reason = None, DuoStatus.ONGOING, ""
        free_from[index] = ended or datetime.date.max
        duos.append((person, index, start, ended, status, reason))
    # Volunteers whose last duo ended over a year ago have stopped: not offered any more.
    for volunteer, free in zip(volunteers, free_from, strict=True):
        volunteer.active = free >= today - datetime.timedelta(days=365)
    volunteers = Volunteer.objects.bulk_create(volunteers)
    objects = []
    for person, index, start, ended, status, reason in duos:
        duo = Duo(
            programme=programme,
            person=person,
            volunteer=volunteers[index],
            started_on=start,
            status=status,
            ended_on=ended,
            end_reason=reason,
        )
        duo.fill_derived()
        objects.append(duo)
    objects = Duo.objects.bulk_create(objects)
    Participant.objects.bulk_create(
        [
            Participant(
                programme=programme,
                person=duo.person,
                city=rng.choice(TOWNS)[0],
                departement="75",
                consent_given_on=duo.started_on - datetime.timedelta(days=rng.randrange(7, 60)),
            )
            for duo in objects
        ]
    )
    Pathway.objects.bulk_create(
        [
            Pathway(
                person=duo.person,
                structure=programme,
                started_on=duo.started_on,
                ended_on=duo.ended_on,
            )
            for duo in objects
        ]
    )
    DuoMeeting.objects.bulk_create(
        [meeting for duo in objects for meeting in _meetings(duo, duo.ended_on or today, rng)]
    )
    return objects


def _meetings(duo, until, rng, regular=0.95):
    meetings = []
    for k in range(DUO_MONTHS):
        start = duo.started_on + relativedelta(months=k)
        end = min(duo.started_on + relativedelta(months=k + 1), until)
        if start > until:
            break
        if rng.random() > regular:
            continue
        for _ in range(rng.choice([1, 1, 2])):
            day = start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))
            meetings.append(
                DuoMeeting(
                    duo=duo,
                    occurred_on=min(day, until),
                    kind=rng.choice(MeetingKind.values),
                )
            )
    return meetings


def _activities(programme, duos, today, rng):
    activities = []
    for year in range(FIRST_YEAR, today.year + 1):
        for month in (3, 6, 9, 12):
            day = datetime.date(year, month, rng.randint(5, 25))
            if day >= today:
                continue
            theme, place = rng.choice(ACTIVITIES)
            activities.append(
                CollectiveActivity(
                    programme=programme,
                    occurred_on=day,
                    theme=theme,
                    place=place,
                    other_attendees=rng.randint(2, 15),
                )
            )
    activities = CollectiveActivity.objects.bulk_create(activities)
    attendances = []
    for activity in activities:
        active = [d for d in duos if d.started_on <= activity.occurred_on <= (d.ended_on or today)]
        for duo in rng.sample(active, min(len(active), rng.randint(4, 12))):
            attendances.append(Attendance(activity=activity, person_id=duo.person_id))
            if rng.random() < 0.6:
                attendances.append(Attendance(activity=activity, volunteer_id=duo.volunteer_id))
    Attendance.objects.bulk_create(attendances)


def _current_duos(programme, persons, today, rng):
    """The demo persons supported by Duos de demain: two in a duo, the others to match;
    volunteers available for matching."""
    pathways = {p.person_id: p for p in Pathway.objects.filter(structure=programme)}
    waiting = Volunteer.objects.bulk_create(
        [
            _volunteer(rng, programme, today - datetime.timedelta(days=rng.randrange(10, 200)))
            for _ in range(25)
        ]
    )
    waiting += [
        Volunteer.objects.create(
            programme=programme,
            last_name="Azizi",
            first_names="Nadia",
            city="Paris",
            departement="75",
            languages=["fra", "prs", "fas"],
            interests=["culture", "cooking"],
            availabilities=["saturday", "weekday_evening"],
            consent_given_on=today,
            preferences="Plutôt une femme ; sorties culturelles.",
        ),
        Volunteer.objects.create(
            programme=programme,
            last_name="Tesfaye",
            first_names="Hanna",
            city="Rouen",
            departement="76",
            languages=["fra", "tir", "amh"],
            interests=["sport"],
            availabilities=["sunday"],
            consent_given_on=today,
        ),
    ]
    made = []
    for index in (6, 22, 23, 7, 29):
        person = persons[index]
        pathway = pathways[person.pk]
        town, dep = ("Rouen", "76") if index == 7 else rng.choice(TOWNS)
        Participant.objects.create(
            programme=programme,
            person=person,
            city=town,
            departement=dep,
            interests=_sample(rng, Interest.values, 1, 3),
            availabilities=_sample(rng, Availability.values, 1, 2),
            consent_given_on=pathway.started_on,
        )
        if index in (6, 22):
            start = pathway.started_on + datetime.timedelta(days=10)
            duo = Duo.objects.create(
                programme=programme, person=person, volunteer=waiting.pop(0), started_on=start
            )
            # Person 22 has not met their volunteer this month: flagged on the caseload.
            until = today if index == 6 else today.replace(day=1) - datetime.timedelta(days=1)
            meetings = _meetings(duo, until, rng, regular=1)
            if index == 6 and not any(m.occurred_on >= today.replace(day=1) for m in meetings):
                meetings.append(DuoMeeting(duo=duo, occurred_on=today, kind=MeetingKind.COFFEE))
            DuoMeeting.objects.bulk_create([m for m in meetings if m.occurred_on >= start])
            made.append(duo)
    return made


def _chiche_chef(structure, persons, today, rng):
    themes = [CookingTheme.objects.create(name=name) for name in THEMES]
    partners = list(
        Partner.objects.filter(
            name__in=["Fondation Les Nids", "Les Amis de Miromesnil", "Groupe Nutriset"]
        )
    )
    editions = [
        (
            datetime.date(2019, 10, 19),
            "76",
            "Rouen",
            "Centre social Jean-Texcier",
            "Gilles Tournadre",
            {"ase_children": 14, "asylum_seekers": 6, "refugees": 8, "volunteers": 5},
        ),
        (
            datetime.date(2021, 6, 26),
            "76",
            "Canteleu",
            "Lycée hôtelier Georges-Baptiste",
            "David Gallienne",
            {"ase_children": 11, "asylum_seekers": 4, "refugees": 9, "volunteers": 6},
        ),
        (
            datetime.date(2022, 10, 15),
            "76",
            "Le Havre",
            "Les Docks Vauban",
            "Jean-Luc Tartarin",
            {"ase_children": 16, "asylum_seekers": 7, "refugees": 10, "volunteers": 7},
        ),
        (
            today - datetime.timedelta(days=45),
            "50",
            "Saint-Lô",
            "Maison de quartier du Val Saint-Jean",
            "Anne-Sophie Lemoine",
            {"ase_children": 9, "refugees": 6, "volunteers": 4},
        ),
    ]
    recipes = "Velouté de potimarron\nTajine de légumes et pois chiches\nCompote pommes-poires"
    for held_on, dep, city, place, chef, counts in editions:
        event = CookingEvent.objects.create(
            programme=structure,
            held_on=held_on,
            departement=dep,
            city=city,
            place=place,
            chef=chef,
            recipes=recipes,
        )
        event.themes.set(themes[:2] if dep == "76" else themes[1:])
        if dep == "76":
            event.partners.set(partners)
        GroupCount.objects.bulk_create(
            [GroupCount(event=event, group=group, count=n) for group, n in counts.items()]
        )
        CookingParticipant.objects.bulk_create(
            [
                CookingParticipant(
                    event=event, group=ParticipantGroup.ASE_CHILDREN, first_name=name
                )
                for name in rng.sample(["Lina", "Yanis", "Inès", "Noah", "Jade", "Rayan"], 3)
            ]
        )
    CookingParticipant.objects.create(
        event=event,
        group=ParticipantGroup.REFUGEES,
        first_name=persons[11].first_names,
        last_name=persons[11].last_name,
        person=persons[11],
    )


def _cle_de_france(structure, persons, today, rng):
    destinations = [
        ("53", "Laval"),
        ("50", "Saint-Lô"),
        ("14", "Caen"),
        ("49", "Angers"),
        ("05", "Gap"),
        ("52", "Chaumont"),
    ]
    history = []
    for index, (dep, city) in enumerate(destinations):
        person = _refugee(rng)
        person.save()
        started = today - relativedelta(months=30 - 3 * index)
        relocated = started + relativedelta(months=4)
        pathway = MobilityPathway(
            programme=structure,
            person=person,
            started_on=started,
            destination_departement=dep,
            destination_city=city,
            status="relocated",
            relocated_on=relocated,
            employment_solution=rng.choice(["fixed_term", "training", "permanent", "none"]),
            housing_solution=rng.choice(["social_housing", "transitional", "private_rental"]),
        )
        history.append(pathway)
        done = today >= relocated + relativedelta(months=6)
        if done:
            pathway.ended_on = min(relocated + relativedelta(months=6, days=5), today)
        pathway.save()
        open_pathway(person=person, structure=structure, started_on=started)
        if done:
            Pathway.objects.filter(person=person, structure=structure).update(
                ended_on=pathway.ended_on
            )
        _stages(pathway, started, relocated, today, rng)
    # The two demo persons followed by Clé de France: one preparing, one just relocated.
    pathways = {p.person_id: p for p in Pathway.objects.filter(structure=structure)}
    preparing, moved = persons[30], persons[31]
    start = pathways[preparing.pk].started_on
    pathway = MobilityPathway.objects.create(
        programme=structure,
        person=preparing,
        started_on=start,
        destination_departement="53",
        destination_city="Laval",
    )
    MobilityStage.objects.create(pathway=pathway, kind="information", occurred_on=start)
    MobilityStage.objects.create(
        pathway=pathway, kind="project", occurred_on=start + datetime.timedelta(days=15)
    )
    start = pathways[moved.pk].started_on
    relocated = min(start + datetime.timedelta(days=60), today)
    pathway = MobilityPathway.objects.create(
        programme=structure,
        person=moved,
        started_on=start,
        destination_departement="49",
        destination_city="Angers",
        status="relocated",
        relocated_on=relocated,
        employment_solution="training",
        employment_detail="Formation d'aide-soignante (IFAS)",
        housing_solution="social_housing",
        housing_detail="Angers Loire Habitat",
    )
    _stages(pathway, start, relocated, today, rng)


def _stages(pathway, started, relocated, today, rng):
    steps = [
        ("information", started),
        ("project", started + datetime.timedelta(days=20)),
        ("visit", started + datetime.timedelta(days=40)),
        ("relocation", relocated),
        ("follow_up", relocated + datetime.timedelta(days=30)),
    ]
    MobilityStage.objects.bulk_create(
        [
            MobilityStage(pathway=pathway, kind=kind, occurred_on=day)
            for kind, day in steps
            if day <= today and day <= relocated + datetime.timedelta(days=30)
        ]
    )
    RightsTransfer.objects.bulk_create(
        [
            RightsTransfer(
                pathway=pathway,
                kind=kind,
                requested_on=relocated,
                completed_on=relocated + datetime.timedelta(days=rng.randint(20, 70))
                if relocated + datetime.timedelta(days=70) <= today
                else None,
            )
            for kind in ("caf", "health_insurance")
            if relocated <= today
        ]
    )
    for months in (3, 6):
        due = relocated + relativedelta(months=months)
        if due <= today:
            SituationReview.objects.create(
                pathway=pathway,
                months_after=months,
                reviewed_on=due,
                still_in_destination=rng.random() < 0.9,
                housing_solution=pathway.housing_solution,
                employment_solution=pathway.employment_solution,
            )


def load(*, today, structures, users, persons):
    rng = random.Random(2015)
    _programmes(structures)
    duos_programme = structures["duos"]
    history = _history(duos_programme, today, rng)
    current = _current_duos(duos_programme, persons, today, rng)
    _activities(duos_programme, history + current, today, rng)
    _chiche_chef(structures["chiche_chef"], persons, today, rng)
    _cle_de_france(structures["cle_de_france"], persons, today, rng)
