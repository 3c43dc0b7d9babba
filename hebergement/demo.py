"""Demo data of the housing app, loaded by `manage.py load_demo` after the core's.

- Capacity history of the establishments of DOMAIN.md: the permanent establishments (CPH)
  total 759 places at 31/12/2016 and 939 at 31/12/2017 after Angers (60), Chaumont (50)
  and Rouen (70) opened; the 2017 calls for projects (extensions Angers, Rouen; creations
  Gap, Laval, Paris, Saint-Lô, Toulon) with Gap, Laval, Saint-Lô and the Angers extension
  retained: 187 places opened in 2018.
- Housing units and places up to today's capacity; a unit out of service in Angers.
- A stay for each demo person supported by a housing structure (households together, one
  place each), some ending within 30 days, one extended, one past its planned end; two
  orientations in progress in Angers.
Dates of stays are relative to `today`.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef

from ftda.models import Household, HouseholdMember, Pathway, Person
from hebergement.enums import (
    BidKind,
    BidStatus,
    CallKind,
    DecisionKind,
    Opinion,
    OrientationOrigin,
    UnitKind,
)
from hebergement.models import (
    Capacity,
    FinancialParticipation,
    HousingUnit,
    Orientation,
    OutOfService,
    Place,
    ProjectBid,
    ProjectCall,
    Stay,
    StayExtension,
    planned_end,
)

D = datetime.date

# structure key: [(places, from, until, decision, reference)]
CAPACITY_HISTORY = {
    "cph_creteil": [
        (180, D(2000, 1, 3), D(2009, 12, 31), DecisionKind.CREATION, "Arrêté préfectoral 99-412"),
        (215, D(2010, 1, 1), None, DecisionKind.EXTENSION, "Arrêté préfectoral 2009-1187"),
    ],
    "cph_massy": [(184, D(2004, 5, 3), None, DecisionKind.CREATION, "Arrêté 2004-DDASS-091")],
    "cph_caen": [
        (150, D(2008, 9, 1), D(2012, 12, 31), DecisionKind.CREATION, "Arrêté 2008-0713"),
        (200, D(2013, 1, 1), None, DecisionKind.EXTENSION, "Arrêté 2012-1544"),
    ],
    "cph_saint_nazaire": [(160, D(2011, 2, 1), None, DecisionKind.CREATION, "Arrêté 2011-044")],
    # 4 permanent establishments: 215 + 184 + 200 + 160 = 759 places at 31/12/2016.
    "cph_angers": [
        (60, D(2017, 3, 1), D(2018, 6, 30), DecisionKind.CREATION, "Arrêté 2017-0211"),
        (77, D(2018, 7, 1), None, DecisionKind.EXTENSION, "Arrêté 2018-0530"),
    ],
    "cph_chaumont": [(50, D(2017, 6, 1), None, DecisionKind.CREATION, "Arrêté 2017-0402")],
    "cph_rouen": [(70, D(2017, 9, 1), None, DecisionKind.CREATION, "Arrêté 2017-0655")],
    # 759 + 60 + 50 + 70 = 939 places at 31/12/2017.
    "cph_gap": [(50, D(2018, 6, 1), None, DecisionKind.CREATION, "Arrêté 2018-0377")],
    "cph_laval": [(60, D(2018, 9, 1), None, DecisionKind.CREATION, "Arrêté 2018-0591")],
    "cph_saint_lo": [(60, D(2018, 10, 1), None, DecisionKind.CREATION, "Arrêté 2018-0640")],
    # + 17 (Angers) + 50 + 60 + 60 = 187 places retained in 2017, opened in 2018.
    "faar": [(80, D(2016, 10, 1), None, DecisionKind.CREATION, "Convention FAAR 2016")],
    "transition_94": [(40, D(2019, 1, 7), None, DecisionKind.CREATION, "Convention 2019-HT94")],
}

# (département, site, kind, places, status, structure key or None, planned opening)
BIDS_2017 = [
    ("49", "Angers", BidKind.EXTENSION, 17, BidStatus.RETAINED, "cph_angers", D(2018, 7, 1)),
    ("76", "Rouen", BidKind.EXTENSION, 30, BidStatus.REJECTED, "cph_rouen", None),
    ("05", "Gap", BidKind.CREATION, 50, BidStatus.RETAINED, "cph_gap", D(2018, 6, 1)),
    ("53", "Laval", BidKind.CREATION, 60, BidStatus.RETAINED, "cph_laval", D(2018, 9, 1)),
    ("75", "Paris", BidKind.CREATION, 80, BidStatus.REJECTED, None, None),
    ("50", "Saint-Lô", BidKind.CREATION, 60, BidStatus.RETAINED, "cph_saint_lo", D(2018, 10, 1)),
    ("83", "Toulon", BidKind.CREATION, 50, BidStatus.REJECTED, None, None),
]

STREETS = {
    "Angers": ["rue de la Roë", "boulevard Foch", "rue Saint-Lazare", "avenue Montaigne"],
    "Rouen": ["rue du Gros-Horloge", "rue Beauvoisine", "quai du Havre", "rue Saint-Sever"],
    "Créteil": ["rue de Mesly", "avenue du Général-de-Gaulle", "rue Juliette-Savar"],
}

# Persons (indexes into ftda.demo.PERSONS) with an orientation in progress instead of a stay.
ORIENTED = {25: "accepted", 19: "waiting"}


def _capacities(structures):
    for key, periods in CAPACITY_HISTORY.items():
        for places, start, until, decision, reference in periods:
            Capacity.objects.create(
                structure=structures[key],
                places=places,
                valid_from=start,
                valid_until=until,
                decision_kind=decision,
                decision_reference=reference,
                decision_date=start - datetime.timedelta(days=45),
            )


def _calls(structures):
    for departement, site, kind, places, status, key, opening in BIDS_2017:
        call, _ = ProjectCall.objects.get_or_create(
            year=2017,
            departement=departement,
            kind=CallKind.CPH,
            defaults={"title": f"Appel à projets CPH 2017 ({departement})"},
        )
        ProjectBid.objects.create(
            call=call,
            kind=kind,
            site=site,
            places_requested=places,
            status=status,
            structure=structures[key] if key else None,
            planned_opening_on=opening,
        )


def _units(structures, today, rng):
    """Units and places up to each housing structure's capacity today."""
    places_by_structure = {}
    capacity_today = dict(Capacity.objects.on(today).values_list("structure_id", "places"))
    for key, structure in structures.items():
        if key not in CAPACITY_HISTORY:
            continue
        wanted = capacity_today.get(structure.pk, 0)
        streets = STREETS.get(structure.city, [f"rue de la République ({structure.city})"])
        places, number = [], 0
        while len(places) < wanted:
            number += 1
            collective = number % 3 != 0
            size = min(rng.choice([2, 2, 3, 4]) if collective else rng.choice([3, 4, 5]),
                       wanted - len(places))  # fmt: skip
            unit = HousingUnit.objects.create(
                structure=structure,
                kind=UnitKind.COLLECTIVE_ROOM if collective else UnitKind.SCATTERED_FLAT,
                label=f"Chambre {100 + number}" if collective else f"Appartement {number}",
                address=f"{rng.randrange(1, 120)} {rng.choice(streets)}",
                city=structure.city,
            )
            places += Place.objects.bulk_create(
                Place(unit=unit, label=chr(ord("A") + index)) for index in range(size)
            )
        places_by_structure[key] = places
    return places_by_structure


def _households(persons):
    """person index -> the indexes of their household (themselves alone if none)."""
    index_of = {person.pk: index for index, person in enumerate(persons)}
    groups = {}
    for member in HouseholdMember.objects.all():
        groups.setdefault(member.household_id, []).append(index_of[member.person_id])
    result = {}
    for members in groups.values():
        for index in members:
            result[index] = sorted(members)
    return result


def _stays(structures, persons, places_by_structure, today, rng):
    households = _households(persons)
    # Arrival days, so that the board shows every case: ends within 30 days, past its end,
    # extended; the others arrived when their pathway started.
    special_arrivals = {
        "cph_angers": {0: 262, 6: 300},  # the Haidari household ends soon; Tesfay extended
        "cph_rouen": {4: 290, 7: 255},  # Al-Hassan household past its end; Gebremariam soon
    }
    done = set()
    for key, places in places_by_structure.items():
        structure = structures[key]
        # Free places by unit: a household lives together in one unit.
        free_by_unit = {}
        for place in places:
            free_by_unit.setdefault(place.unit_id, []).append(place)
        units = list(free_by_unit)
        rng.shuffle(units)
        pathways = list(
            Pathway.objects.filter(structure=structure, ended_on=None)
            .select_related("person")
            .order_by("started_on")
        )
        index_of = {person.pk: index for index, person in enumerate(persons)}
        for pathway in pathways:
            index = index_of[pathway.person_id]
            if (key, index) in done or (key == "cph_angers" and index in ORIENTED):
                continue
            members = [
                i for i in households.get(index, [index])
                if Pathway.objects.filter(person=persons[i], structure=structure).exists()
            ]  # fmt: skip
            special = special_arrivals.get(key, {})
            days = next((special[m] for m in members if m in special), None)
            arrived = today - datetime.timedelta(days=days) if days else pathway.started_on
            household = persons[index].household_membership.household if len(members) > 1 else None
            unit = next(u for u in units if len(free_by_unit[u]) >= len(members))
            units.remove(unit)
            free = free_by_unit[unit]
            for member in members:
                done.add((key, member))
                Pathway.objects.filter(person=persons[member], structure=structure).update(
                    started_on=arrived
                )
                stay = Stay.objects.create(
                    structure=structure,
                    person=persons[member],
                    household=household,
                    place=free.pop(0),
                    arrived_on=arrived,
                    contract_signed_on=arrived + datetime.timedelta(days=rng.randrange(0, 3)),
                    planned_end_on=planned_end(arrived),
                )
                _participation(stay, today, rng)
                if key == "cph_angers" and member == 6:
                    decided = stay.planned_end_on - datetime.timedelta(days=20)
                    new_end = stay.planned_end_on + relativedelta(months=3)
                    StayExtension.objects.create(
                        stay=stay,
                        decided_on=decided,
                        previous_end_on=stay.planned_end_on,
                        new_end_on=new_end,
                    )
                    stay.planned_end_on = new_end
                    stay.save(update_fields=["planned_end_on"])


def _participation(stay, today, rng):
    """Adults with income pay a monthly participation: a few months for some residents."""
    born = stay.person.birth_date
    if born is None or relativedelta(today, born).years < 18 or rng.random() < 0.5:
        return
    month = (stay.arrived_on + relativedelta(months=1)).replace(day=1)
    while month <= today.replace(day=1):
        FinancialParticipation.objects.create(
            stay=stay,
            month=month,
            amount=rng.choice([45, 60, 75, 90]),
            paid_on=month + datetime.timedelta(days=rng.randrange(3, 12)),
        )
        month += relativedelta(months=1)


def _orientations(structures, persons, today):
    angers = structures["cph_angers"]
    for index, step in ORIENTED.items():
        pathway = Pathway.objects.get(person=persons[index], structure=angers, ended_on=None)
        received = max(pathway.started_on, today - datetime.timedelta(days=12))
        Pathway.objects.filter(pk=pathway.pk).update(started_on=received)
        orientation = Orientation(
            structure=angers,
            person=persons[index],
            received_on=received,
            origin=OrientationOrigin.CADA if step == "accepted" else OrientationOrigin.HOTEL,
        )
        if step == "accepted":
            orientation.opinion = Opinion.FAVOURABLE
            orientation.opinion_on = received + datetime.timedelta(days=2)
            orientation.accepted = True
            orientation.answered_on = received + datetime.timedelta(days=4)
            orientation.planned_arrival_on = today + datetime.timedelta(days=5)
        orientation.save()


def _out_of_service(structures, today):
    occupied = Stay.objects.filter(place__unit=OuterRef("pk"), exited_on__isnull=True)
    unit = (
        HousingUnit.objects.filter(structure=structures["cph_angers"])
        .exclude(Exists(occupied))
        .order_by("-pk")
        .first()
    )
    if unit is not None:
        OutOfService.objects.create(
            unit=unit,
            starts_on=today - datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=20),
            reason="Remplacement du chauffe-eau et reprise des peintures",
        )
    return unit


def load(*, today, structures, users, persons):
    rng = random.Random(939)
    _capacities(structures)
    _calls(structures)
    places = _units(structures, today, rng)
    _stays(structures, persons, places, today, rng)
    _orientations(structures, persons, today)
    closed_unit = _out_of_service(structures, today)
    _residents(places, today, rng, skip_unit=closed_unit)


# --------------------------------------------------------------------------- other residents

# Names as written on residence permits, by nationality: the other residents of the
# structures, so that occupancy, entries and exits look like a real year's.
NAMES = {
    "AF": (["Ahmadi", "Hosseini", "Karimi", "Noori", "Rezaei", "Sultani", "Wardak", "Safi"],
           ["Ahmad", "Mohammad", "Farid", "Hamid", "Jawad", "Zainab", "Maryam", "Nilofar"]),
    "SY": (["Al-Ahmad", "Haddad", "Khalil", "Mansour", "Nasser", "Al-Khatib", "Darwish"],
           ["Omar", "Khaled", "Ahmad", "Lina", "Yara", "Rami", "Hiba", "Samer"]),
    "ER": (["Tesfamariam", "Ghebreyesus", "Haile", "Kidane", "Berhane", "Woldu"],
           ["Yonas", "Selam", "Filmon", "Helen", "Merhawi", "Saba", "Daniel"]),
    "SD": (["Ibrahim", "Osman", "Abakar", "Adam", "Haroun", "Yahya", "Idriss"],
           ["Mohamed", "Abdelrahman", "Hassan", "Awadia", "Mustafa", "Amna", "Salih"]),
    "GN": (["Barry", "Sow", "Bangoura", "Condé", "Keïta", "Soumah", "Baldé"],
           ["Mamadou", "Alpha Oumar", "Mariama", "Ibrahima", "Kadiatou", "Thierno"]),
    "SO": (["Abdi", "Farah", "Hassan", "Jama", "Nur", "Warsame", "Yusuf"],
           ["Abdullahi", "Hodan", "Ayaan", "Mahad", "Sahra", "Ismail", "Fadumo"]),
}  # fmt: skip

EXIT_WEIGHTS = [
    ("social_housing", 40), ("private_rental", 8), ("rental_intermediation", 17),
    ("other_accommodation", 15), ("no_solution", 8), ("breach", 4), ("other", 8),
]  # fmt: skip
EMPLOYMENT_WEIGHTS = [
    ("permanent_job", 15), ("temporary_job", 20), ("training", 25), ("job_seeker", 30),
    ("not_available", 7), ("unknown", 3),
]  # fmt: skip


def _weighted(rng, weights):
    return rng.choices([value for value, _ in weights], [weight for _, weight in weights])[0]


def _residents(places_by_structure, today, rng, *, skip_unit=None):
    """Stays of other residents since 1 January of last year, place by place: a vacancy of
    a few days, a stay of 6 to 12 months (9 months, extended by 3 beyond), an exit with its
    outcome. A flat is let to one household (same dates for its places); a room's places
    to single adults. Units already holding a demo person are left as they are."""
    start = D(today.year - 1, 1, 1)
    busy_units = set(
        Stay.objects.filter(exited_on__isnull=True).values_list("place__unit_id", flat=True)
    )
    structure_of = {}
    groups = []  # (structure_id, [places sharing the same dates])
    for places in places_by_structure.values():
        by_unit = {}
        for place in places:
            by_unit.setdefault(place.unit, []).append(place)
        for unit, unit_places in by_unit.items():
            if unit.pk in busy_units or (skip_unit and unit.pk == skip_unit.pk):
                continue
            structure_of[unit.pk] = unit.structure_id
            if unit.kind == UnitKind.SCATTERED_FLAT:
                groups.append((unit.structure_id, unit_places))
            else:
                groups.extend((unit.structure_id, [place]) for place in unit_places)

    plans = []  # (structure_id, places, arrived, exited or None, extended)
    for structure_id, places in groups:
        opened = max(start, places[0].unit.structure.opened_on or start)
        day = opened + datetime.timedelta(days=rng.randrange(0, 60))
        while day < today:
            length = rng.choice([183, 240, 273, 273, 300, 330, 365])
            exited = day + datetime.timedelta(days=length)
            plans.append((structure_id, places, day, exited if exited <= today else None,
                          length > 280))  # fmt: skip
            day = exited + datetime.timedelta(days=rng.randrange(3, 40))

    persons, members = [], []
    for _, places, arrived, _, _ in plans:
        country = rng.choice(list(NAMES))
        last_names, first_names = NAMES[country]
        last_name = rng.choice(last_names)
        household = []
        for index, _ in enumerate(places):
            adult = index < 2 or len(places) == 1
            years = rng.randrange(19, 55) if adult else rng.randrange(3, 17)
            household.append(
                Person(
                    last_name=last_name,
                    first_names=rng.choice(first_names),
                    birth_date=arrived - datetime.timedelta(days=365 * years + rng.randrange(365)),
                    sex=rng.choice("FM"),
                    nationality=country,
                    languages=[],
                )
            )
        persons.extend(household)
        members.append(household)
    Person.objects.bulk_create(persons)

    households = Household.objects.bulk_create(
        Household(label=f"Ménage {group[0].last_name.upper()}")
        for group in members
        if len(group) > 1
    )
    households_iter = iter(households)
    household_members, pathways, stays = [], [], []
    for (structure_id, places, arrived, exited, extended), group in zip(
        plans, members, strict=True
    ):
        household = next(households_iter) if len(group) > 1 else None
        for index, (person, place) in enumerate(zip(group, places, strict=True)):
            if household is not None:
                relationship = "head" if index == 0 else ("spouse" if index == 1 else "child")
                household_members.append(
                    HouseholdMember(household=household, person=person, relationship=relationship)
                )
            pathways.append(
                Pathway(
                    person=person, structure_id=structure_id, started_on=arrived, ended_on=exited
                )
            )
            end = planned_end(arrived, 12 if extended else 9)
            stays.append(
                Stay(
                    structure_id=structure_id,
                    person=person,
                    household=household,
                    place=place,
                    arrived_on=arrived,
                    contract_signed_on=arrived,
                    planned_end_on=end,
                    exited_on=exited,
                    exit_outcome=_weighted(rng, EXIT_WEIGHTS) if exited else "",
                    employment_at_exit=(
                        _weighted(rng, EMPLOYMENT_WEIGHTS) if exited and index < 2 else ""
                    ),
                )
            )
    HouseholdMember.objects.bulk_create(household_members)
    Pathway.objects.bulk_create(pathways)
    Stay.objects.bulk_create(stays)
    StayExtension.objects.bulk_create(
        StayExtension(
            stay=stay,
            decided_on=planned_end(stay.arrived_on) - datetime.timedelta(days=15),
            previous_end_on=planned_end(stay.arrived_on),
            new_end_on=planned_end(stay.arrived_on, 12),
        )
        for stay in stays
        if stay.planned_end_on > planned_end(stay.arrived_on)
        and planned_end(stay.arrived_on) - datetime.timedelta(days=15) <= today
    )
