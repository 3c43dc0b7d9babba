"""Volume data of the housing app, called by `bench/seed_volume.py` inside its transaction.

On top of the core's households and pathways (see bench/README.md, "Hook for the apps"):

- **authorised capacity** of the housing structures: the demo's history (759 places in 2016,
  939 in 2017, the 2018 openings of DOMAIN.md §1) is kept, then extensions decided from 2019
  on bring the network to `PLACES` places today, shared out by each structure's recent
  demand (its housing pathways of the last three years); a structure without any history
  gets a creation period when it opened and extensions after. Periods never overlap;
- **housing units**: collective rooms on one site in the structure's city and scattered
  flats across its département, up to today's capacity (`PLACES` places in all, with the
  demo's units); a place is used from the day the capacity first counted it;
- **stays**: one per housing pathway (same person, structure and dates), a household in
  one unit, one place each except infants under 3 on arrival day, who share a parent's
  place (`Stay.shares_place_of`); places are given by a free-interval allocator (pathways
  in order of arrival, smallest free unit that takes the household whole, single adults in
  collective rooms first). A pathway that finds no free unit for its dates gets no stay
  and is counted (`pathways_without_place`): the core seeds more housing pathways than
  2,000 places can hold over ten years;
- **OFII extensions** (3 months each) for stays past their 9 months, exit outcomes and the
  employment situation of adults for ended stays (weights of `hebergement.demo`);
- **OFII orientations**: one accepted orientation per admitted household, refusals and
  unfavourable opinions for some households that found no place, pending ones for the
  latest;
- **out-of-service periods** in a few units, placed in gaps between their stays.

Everything goes through COPY with explicit ids (sequences moved on at the end).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from ftda.enums import HOUSING_KINDS, StructureKind
from ftda.models import Structure
from hebergement.demo import EMPLOYMENT_WEIGHTS, EXIT_WEIGHTS
from hebergement.enums import DecisionKind, Opinion, OrientationOrigin, UnitKind
from hebergement.models import EXTENSION_MONTHS, INFANT_SHARING_MAX_AGE_YEARS, STAY_MONTHS

PLACES = 2000
# Extensions come after the history the demo reproduces (2016-2018).
FIRST_EXTENSION = datetime.date(2019, 1, 1)
DEMAND_YEARS = 3
MIN_PLACES = 10
COLLECTIVE_SHARE = {StructureKind.CPH: 0.4, StructureKind.ASSIMILATED_HOUSING: 0.1}
ROOM_SIZES = ([1, 2, 3, 4], [20, 50, 20, 10])
FLAT_SIZES = ([2, 3, 4, 5, 6, 7], [20, 25, 25, 15, 10, 5])
OUT_OF_SERVICE_PER_STRUCTURE = 3
OUT_OF_SERVICE_REASONS = [
    "Dégât des eaux : assèchement et reprise des plafonds",
    "Remplacement du chauffe-eau",
    "Travaux de peinture et de sols entre deux ménages",
    "Traitement contre les punaises de lit",
    "Mise aux normes électriques",
    "Serrure et porte d'entrée à remplacer après effraction",
]
ORIGINS = (
    [
        OrientationOrigin.CADA,
        OrientationOrigin.HUDA,
        OrientationOrigin.EMERGENCY_SHELTER,
        OrientationOrigin.HOTEL,
        OrientationOrigin.OTHER,
    ],
    [45, 20, 15, 12, 8],
)
NO_PLACE_REASON = "Pas de logement adapté à la composition du ménage à la date d'arrivée."
UTC = datetime.UTC
OPEN = datetime.date.max
TABLES = [
    "hebergement_capacity",
    "hebergement_housingunit",
    "hebergement_place",
    "hebergement_orientation",
    "hebergement_stay",
    "hebergement_stayextension",
    "hebergement_outofservice",
]

# Towns (postal code, city) of the demo structures' départements: scattered flats.
TOWNS = {
    "94": [("94000", "Créteil"), ("94400", "Vitry-sur-Seine"), ("94200", "Ivry-sur-Seine"),
           ("94500", "Champigny-sur-Marne"), ("94700", "Maisons-Alfort")],
    "91": [("91300", "Massy"), ("91120", "Palaiseau"), ("91000", "Évry-Courcouronnes"),
           ("91100", "Corbeil-Essonnes"), ("91600", "Savigny-sur-Orge")],
    "14": [("14000", "Caen"), ("14200", "Hérouville-Saint-Clair"), ("14120", "Mondeville"),
           ("14100", "Lisieux"), ("14400", "Bayeux")],
    "44": [("44600", "Saint-Nazaire"), ("44550", "Montoir-de-Bretagne"), ("44570", "Trignac"),
           ("44380", "Pornichet"), ("44000", "Nantes")],
    "49": [("49000", "Angers"), ("49100", "Angers"), ("49800", "Trélazé"), ("49240", "Avrillé"),
           ("49400", "Saumur"), ("49300", "Cholet")],
    "52": [("52000", "Chaumont"), ("52100", "Saint-Dizier"), ("52200", "Langres")],
    "76": [("76000", "Rouen"), ("76100", "Rouen"), ("76300", "Sotteville-lès-Rouen"),
           ("76140", "Le Petit-Quevilly"), ("76500", "Elbeuf"), ("76600", "Le Havre")],
    "05": [("05000", "Gap"), ("05100", "Briançon"), ("05200", "Embrun")],
    "53": [("53000", "Laval"), ("53200", "Château-Gontier-sur-Mayenne"), ("53100", "Mayenne")],
    "50": [("50000", "Saint-Lô"), ("50100", "Cherbourg-en-Cotentin"), ("50200", "Coutances"),
           ("50400", "Granville")],
    "75": [("75010", "Paris"), ("75011", "Paris"), ("75012", "Paris"), ("75013", "Paris"),
           ("75018", "Paris"), ("75019", "Paris"), ("75020", "Paris")],
}  # fmt: skip
STREETS = [
    "rue Victor-Hugo", "avenue Jean-Jaurès", "rue de la République", "rue Pasteur",
    "boulevard Gambetta", "rue Jules-Ferry", "allée des Tilleuls", "rue du Général-Leclerc",
    "rue des Lilas", "avenue de la Libération", "rue Émile-Zola", "rue Jean-Moulin",
    "impasse des Acacias", "rue Louise-Michel", "chemin des Vignes", "rue Aristide-Briand",
]  # fmt: skip


@dataclass(eq=False)
class Slot:
    """A place in the allocator: usable from `available_from` (the capacity counts it),
    free from `free_from` (the end of the last stay given to it)."""

    id: int
    unit: "Unit"
    available_from: datetime.date
    free_from: datetime.date = datetime.date.min
    fixed: list = field(default_factory=list)  # stays already in the database: (start, end)

    def fits(self, start, end):
        if self.free_from > start or self.available_from > start:
            return False
        return not any(s < end and e > start for s, e in self.fixed)


@dataclass(eq=False)
class Unit:
    id: int
    structure_id: int
    kind: str
    slots: list = field(default_factory=list)
    household_until: datetime.date = datetime.date.min  # let whole to one household
    busy: list = field(default_factory=list)  # (start, end) of every stay, for the gaps

    def fits_household(self, start, end, size):
        return len(self.slots) >= size and all(slot.fits(start, end) for slot in self.slots)

    def free_slot(self, start, end):
        if self.household_until > start:
            return None
        return next((slot for slot in self.slots if slot.fits(start, end)), None)


def _next_id(cursor, table):
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _age(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _weighted(rng, weights):
    return rng.choices([value for value, _ in weights], [weight for _, weight in weights])[0]


def _largest_remainder(total, weights):
    """`total` split in proportion to `weights` (integers summing to `total`)."""
    whole = sum(weights.values())
    if total <= 0 or whole <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: total * weight / whole for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: shares[k] - exact[k])[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


# --------------------------------------------------------------------------- capacity


def _targets(structures, pathways, current, today):
    """Places each housing structure has today: its current capacity, plus a share of the
    places missing to reach `PLACES`, by recent demand (person-days of housing pathways)."""
    since = today - relativedelta(years=DEMAND_YEARS)
    demand = dict.fromkeys(structures, 0)
    for pathway in pathways:
        if pathway.structure_id in demand:
            end = min(pathway.ended_on or today, today)
            demand[pathway.structure_id] += max((end - max(pathway.started_on, since)).days, 0)
    total = sum(demand.values()) or 1
    wanted = {
        sid: max(PLACES * days / total, MIN_PLACES, current.get(sid, 0))
        for sid, days in demand.items()
    }
    deficits = {sid: wanted[sid] - current.get(sid, 0) for sid in structures}
    missing = PLACES - sum(current.get(sid, 0) for sid in structures)
    extra = _largest_remainder(missing, deficits)
    return {sid: current.get(sid, 0) + extra[sid] for sid in structures}


def _month_starts(rng, first, last, count):
    """`count` distinct first days of months between `first` and `last`, sorted."""
    months = []
    day = datetime.date(first.year, first.month, 1)
    if day < first:
        day += relativedelta(months=1)
    while day <= last:
        months.append(day)
        day += relativedelta(months=1)
    if not months:
        return [last]
    return sorted(rng.sample(months, min(count, len(months))))


def _capacity(cursor, rng, structures, periods, targets, today):
    """New capacity periods (the open one closed the day before the first extension).
    Returns the number of periods written; `periods` is updated in place."""
    capacity_id = _next_id(cursor, "hebergement_capacity")
    rows = []
    last_decision = today - datetime.timedelta(days=90)
    for sid, structure in structures.items():
        history = periods[sid]  # [(valid_from, valid_until, places)], sorted
        now = history[-1][2] if history else 0
        missing = targets[sid] - now
        if missing <= 0:
            continue
        creation = None
        if not history:
            opened = min(structure.opened_on, last_decision)
            first = max(round(targets[sid] * rng.uniform(0.45, 0.7)), 1)
            reference = f"Arrêté {opened.year}-{rng.randrange(100, 2000):04d}"
            creation = [capacity_id, sid, first, opened, None, DecisionKind.CREATION, reference,
                        opened - datetime.timedelta(days=45)]  # fmt: skip
            rows.append(creation)
            capacity_id += 1
            history.append((opened, None, first))
            missing = targets[sid] - first
            if missing <= 0:
                continue
        start, until, places = history[-1]
        earliest = max(FIRST_EXTENSION, start + relativedelta(years=1))
        if until is not None:
            earliest = max(earliest, until + datetime.timedelta(days=1))
        days = _month_starts(
            rng, min(earliest, last_decision), last_decision, rng.choice([2, 3, 3])
        )
        steps = sorted(rng.sample(range(1, missing), len(days) - 1)) if missing > len(days) else []
        sizes = [b - a for a, b in zip([0, *steps], [*steps, missing], strict=True)]
        if len(sizes) < len(days):
            days = days[: len(sizes)]
        if until is None:  # the open period ends the day before the first extension
            until = days[0] - datetime.timedelta(days=1)
            if creation is not None:
                creation[4] = until
            else:
                cursor.execute(
                    "UPDATE hebergement_capacity SET valid_until = %s"
                    " WHERE structure_id = %s AND valid_until IS NULL",
                    [until, sid],
                )
            history[-1] = (start, until, places)
        for index, (day, size) in enumerate(zip(days, sizes, strict=True)):
            places += size
            until = days[index + 1] - datetime.timedelta(days=1) if index + 1 < len(days) else None
            reference = f"Arrêté {day.year}-{rng.randrange(100, 2000):04d}"
            rows.append(
                (capacity_id, sid, places, day, until, DecisionKind.EXTENSION, reference,
                 day - datetime.timedelta(days=rng.randrange(30, 120)))
            )  # fmt: skip
            capacity_id += 1
            history.append((day, until, places))
    with cursor.copy(
        "COPY hebergement_capacity (id, structure_id, places, valid_from, valid_until,"
        " decision_kind, decision_reference, decision_date) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


def _available_from(history, index):
    """The first day the capacity counts the place of rank `index` (0-based)."""
    for start, _until, places in history:
        if places > index:
            return start
    return OPEN


# --------------------------------------------------------------------------- units and places


def _units(cursor, rng, structures, details, targets, existing_places):
    """Units and places up to each structure's target. Returns {structure id: [(unit id,
    kind, [place ids])]} for the new units."""
    unit_id = _next_id(cursor, "hebergement_housingunit")
    place_id = _next_id(cursor, "hebergement_place")
    cursor.execute("SELECT structure_id, label FROM hebergement_housingunit")
    labels = defaultdict(set)
    for sid, label in cursor.fetchall():
        labels[sid].add(label)
    units, places, created = [], [], defaultdict(list)
    for sid, structure in structures.items():
        missing = targets[sid] - existing_places.get(sid, 0)
        if missing <= 0:
            continue
        departement, city = details[sid]
        towns = TOWNS.get(departement, [(f"{departement}000"[:5], city)])
        main_town = next((town for town in towns if town[1] == city), towns[0])
        site = f"{rng.randrange(2, 80)} {rng.choice(STREETS)}"
        collective = round(missing * COLLECTIVE_SHARE.get(structure.kind, 0))
        numbers = {UnitKind.COLLECTIVE_ROOM: 300, UnitKind.SCATTERED_FLAT: 0}
        while missing > 0:
            kind = UnitKind.COLLECTIVE_ROOM if collective > 0 else UnitKind.SCATTERED_FLAT
            sizes = ROOM_SIZES if kind == UnitKind.COLLECTIVE_ROOM else FLAT_SIZES
            size = min(rng.choices(*sizes)[0], missing)
            prefix = "Chambre" if kind == UnitKind.COLLECTIVE_ROOM else "Appartement"
            label = ""
            while not label or label in labels[sid]:
                numbers[kind] += 1
                label = f"{prefix} {numbers[kind]}"
            labels[sid].add(label)
            if kind == UnitKind.COLLECTIVE_ROOM:
                (postal_code, town), address = main_town, site
                collective -= size
            else:
                postal_code, town = main_town if rng.random() < 0.6 else rng.choice(towns)
                address = f"{rng.randrange(1, 140)} {rng.choice(STREETS)}"
            units.append((unit_id, sid, kind, label, address, postal_code, town))
            ids = list(range(place_id, place_id + size))
            places.extend((pid, unit_id, chr(ord("A") + n)) for n, pid in enumerate(ids))
            created[sid].append((unit_id, kind, ids))
            unit_id += 1
            place_id += size
            missing -= size
    with cursor.copy(
        "COPY hebergement_housingunit (id, structure_id, kind, label, address, postal_code,"
        " city) FROM STDIN"
    ) as copy:
        for row in units:
            copy.write_row(row)
    with cursor.copy("COPY hebergement_place (id, unit_id, label) FROM STDIN") as copy:
        for row in places:
            copy.write_row(row)
    return created, len(units), len(places)


def _allocator(cursor, structures, periods):
    """{structure id: (households' units, singles' units)} over every place of the housing
    structures, with the stays already in the database as fixed intervals."""
    cursor.execute(
        "SELECT u.structure_id, u.id, u.kind, p.id FROM hebergement_place p"
        " JOIN hebergement_housingunit u ON u.id = p.unit_id"
        " WHERE u.structure_id = ANY(%s) ORDER BY u.structure_id, p.id",
        [list(structures)],
    )
    units, slots, rank = {}, {}, defaultdict(int)
    for sid, uid, kind, pid in cursor.fetchall():
        unit = units.get(uid) or units.setdefault(uid, Unit(uid, sid, kind))
        slot = Slot(pid, unit, _available_from(periods[sid], rank[sid]))
        rank[sid] += 1
        unit.slots.append(slot)
        slots[pid] = slot
    cursor.execute(
        "SELECT place_id, arrived_on, exited_on FROM hebergement_stay WHERE place_id = ANY(%s)",
        [list(slots)],
    )
    for pid, start, end in cursor.fetchall():
        slots[pid].fixed.append((start, end or OPEN))
        slots[pid].unit.busy.append((start, end or OPEN))
    cursor.execute("SELECT unit_id, starts_on, ends_on FROM hebergement_outofservice")
    for uid, start, end in cursor.fetchall():
        for slot in units[uid].slots if uid in units else ():
            slot.fixed.append((start, end + datetime.timedelta(days=1) if end else OPEN))
    by_structure = {}
    for sid in structures:
        mine = [u for u in units.values() if u.structure_id == sid]
        flats = sorted(
            (u for u in mine if u.kind == UnitKind.SCATTERED_FLAT), key=lambda u: len(u.slots)
        )
        rooms = sorted(
            (u for u in mine if u.kind != UnitKind.SCATTERED_FLAT), key=lambda u: len(u.slots)
        )
        by_structure[sid] = (flats + rooms, rooms + flats)
    return by_structure


def _place(allocator, group_start, group_end, size, single):
    """Slots for a household of `size` places (None when nothing is free)."""
    households, singles = allocator
    if single:
        for unit in singles:
            slot = unit.free_slot(group_start, group_end)
            if slot is not None:
                slot.free_from = group_end
                unit.busy.append((group_start, group_end))
                return [slot]
        return None
    for unit in households:
        if unit.fits_household(group_start, group_end, size):
            for slot in unit.slots:
                slot.free_from = group_end
            unit.household_until = group_end
            unit.busy.append((group_start, group_end))
            return unit.slots[:size]
    return None


# --------------------------------------------------------------------------- stays


def _groups(persons, pathways):
    """Housing pathways grouped by household arrival: [(start, end, structure id, [persons])]."""
    by_id = {person.id: person for person in persons}
    groups = defaultdict(list)
    for pathway in pathways:
        if pathway.structure_kind not in HOUSING_KINDS:
            continue
        person = by_id[pathway.person_id]
        key = (
            pathway.started_on,
            pathway.structure_id,
            person.household_id or -person.id,
            pathway.ended_on,
        )
        groups[key].append(person)
    order = {"head": 0, None: 0, "spouse": 1, "child": 2}
    return [
        (start, end, sid, sorted(members, key=lambda p: (order[p.relationship], p.birth_date)))
        for (start, sid, _household, end), members in sorted(
            groups.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])
        )
    ]


def _extensions(rng, start, end, today):
    """[(decided_on, previous end, new end)] and the planned end after them."""
    planned = start + relativedelta(months=STAY_MONTHS)
    extensions = []
    limit = end if end is not None else today + datetime.timedelta(days=15)
    while planned < limit:
        decided = max(planned - datetime.timedelta(days=rng.randrange(10, 40)), start)
        if end is None and (decided > today or rng.random() < 0.08):
            break  # not decided yet, or overdue: the board shows it
        new_end = planned + relativedelta(months=EXTENSION_MONTHS)
        extensions.append((decided, planned, new_end))
        planned = new_end
    return extensions, planned


def _write_stays(cursor, rng, allocators, groups, today):
    stay_id = _next_id(cursor, "hebergement_stay")
    orientation_id = _next_id(cursor, "hebergement_orientation")
    extension_id = _next_id(cursor, "hebergement_stayextension")
    stays, orientations, extensions = [], [], []
    counts = dict.fromkeys(
        ["stays", "stays_open", "infants_sharing_a_place", "pathways_without_place"], 0
    )
    for start, end, sid, members in groups:
        stop = end or OPEN
        infants = [
            p
            for p in members
            if p.relationship == "child"
            and _age(p.birth_date, start) < INFANT_SHARING_MAX_AGE_YEARS
        ]
        parents = [p for p in members if p.relationship != "child"]
        if not parents:
            infants = []
        with_place = [p for p in members if p not in infants]
        slots = _place(allocators[sid], start, stop, len(with_place), len(members) == 1)
        household_id = members[0].household_id if len(members) > 1 else None
        if slots is None:
            counts["pathways_without_place"] += len(members)
            row = _orientation_without_stay(rng, sid, members, household_id, start, today)
            if row is not None:
                orientations.append((orientation_id, *row))
                orientation_id += 1
            continue
        received = start - datetime.timedelta(days=rng.randrange(15, 75))
        opinion_on = min(received + datetime.timedelta(days=rng.randrange(1, 10)), start)
        answered = min(opinion_on + datetime.timedelta(days=rng.randrange(1, 7)), start)
        orientations.append(
            (orientation_id, sid, received, members[0].id, household_id, len(members),
             rng.choices(*ORIGINS)[0], Opinion.FAVOURABLE, opinion_on, "", True, answered, start,
             datetime.datetime.combine(received, datetime.time(10), UTC))
        )  # fmt: skip
        contract = start + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        granted, planned = _extensions(rng, start, end, today)
        outcome = _weighted(rng, EXIT_WEIGHTS) if end else ""
        parent_stay = None
        for person, slot in zip(with_place, slots, strict=True):
            employment = ""
            if end and person.relationship != "child":
                employment = _weighted(rng, EMPLOYMENT_WEIGHTS)
            stays.append(
                (stay_id, sid, person.id, household_id, orientation_id, slot.id, None, start,
                 contract, planned, end, outcome, employment, "")
            )  # fmt: skip
            if parent_stay is None:
                parent_stay = stay_id
            extensions.extend((stay_id, *extension) for extension in granted)
            stay_id += 1
        for person in infants:
            stays.append(
                (stay_id, sid, person.id, household_id, orientation_id, None, parent_stay, start,
                 contract, planned, end, outcome, "", "")
            )  # fmt: skip
            extensions.extend((stay_id, *extension) for extension in granted)
            stay_id += 1
        counts["stays"] += len(members)
        counts["stays_open"] += len(members) if end is None else 0
        counts["infants_sharing_a_place"] += len(infants)
        orientation_id += 1

    with cursor.copy(
        "COPY hebergement_orientation (id, structure_id, received_on, person_id, household_id,"
        " persons_count, origin, opinion, opinion_on, opinion_reason, accepted, answered_on,"
        " planned_arrival_on, created_at) FROM STDIN"
    ) as copy:
        for row in orientations:
            copy.write_row(row)
    with cursor.copy(
        "COPY hebergement_stay (id, structure_id, person_id, household_id, orientation_id,"
        " place_id, shares_place_of_id, arrived_on, contract_signed_on, planned_end_on,"
        " exited_on, exit_outcome, employment_at_exit, exit_note) FROM STDIN"
    ) as copy:
        for row in stays:
            copy.write_row(row)
    with cursor.copy(
        "COPY hebergement_stayextension (id, stay_id, decided_on, previous_end_on, new_end_on,"
        " months) FROM STDIN"
    ) as copy:
        for stay, decided, previous, new_end in extensions:
            copy.write_row((extension_id, stay, decided, previous, new_end, EXTENSION_MONTHS))
            extension_id += 1
    counts["orientations"] = len(orientations)
    counts["orientations_without_stay"] = sum(row[12] is None for row in orientations)
    counts["extensions"] = len(extensions)
    return counts, stays


def _orientation_without_stay(rng, sid, members, household_id, start, today):
    """Households that found no place: the latest are still waiting for an opinion, some
    others had an unfavourable opinion or refused the proposal."""
    received = start - datetime.timedelta(days=rng.randrange(3, 40))
    recent = (today - start).days < 25
    if not recent and rng.random() > 0.3:
        return None
    opinion, opinion_on, reason, accepted, answered = "", None, "", None, None
    if not recent:
        opinion_on = received + datetime.timedelta(days=rng.randrange(1, 10))
        if rng.random() < 0.6:
            opinion, reason = Opinion.UNFAVOURABLE, NO_PLACE_REASON
        else:
            opinion, accepted = Opinion.FAVOURABLE, False
            answered = opinion_on + datetime.timedelta(days=rng.randrange(1, 7))
    return (
        sid, received, members[0].id, household_id, len(members), rng.choices(*ORIGINS)[0],
        opinion, opinion_on, reason, accepted, answered, None,
        datetime.datetime.combine(received, datetime.time(10), UTC),
    )  # fmt: skip


# --------------------------------------------------------------------------- out of service


def _out_of_service(cursor, rng, allocators, today):
    """A few periods per structure, in gaps of at least three weeks between a unit's stays."""
    cursor.execute("SELECT DISTINCT unit_id FROM hebergement_outofservice")
    taken = {row[0] for row in cursor.fetchall()}
    rows, oos_id = [], _next_id(cursor, "hebergement_outofservice")
    for households, _singles in allocators.values():
        candidates = [unit for unit in households if unit.id not in taken and unit.busy]
        rng.shuffle(candidates)
        written = 0
        for unit in candidates:
            if written == OUT_OF_SERVICE_PER_STRUCTURE:
                break
            opened = max(slot.available_from for slot in unit.slots)
            busy = sorted(unit.busy)
            gaps, covered = [], opened
            for start, end in busy:
                if start - covered >= datetime.timedelta(days=21):
                    gaps.append((covered, start))
                covered = max(covered, end)
            if covered < today - datetime.timedelta(days=21):
                gaps.append((covered, today + datetime.timedelta(days=30)))
            if not gaps:
                continue
            first, next_stay = rng.choice(gaps)
            starts = first + datetime.timedelta(days=rng.randrange(1, 5))
            length = min(rng.randrange(7, 60), (next_stay - starts).days - 2)
            rows.append(
                (oos_id, unit.id, starts, starts + datetime.timedelta(days=length),
                 rng.choice(OUT_OF_SERVICE_REASONS))
            )  # fmt: skip
            oos_id += 1
            written += 1
    with cursor.copy(
        "COPY hebergement_outofservice (id, unit_id, starts_on, ends_on, reason) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


# --------------------------------------------------------------------------- hook


def seed(connection, *, persons, pathways, structures, rng, today):
    housing = {s.id: s for s in structures.values() if s.kind in HOUSING_KINDS}
    details = {
        pk: (departement, city)
        for pk, departement, city in Structure.objects.filter(pk__in=housing).values_list(
            "pk", "departement", "city"
        )
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT structure_id, valid_from, valid_until, places FROM hebergement_capacity"
            " WHERE structure_id = ANY(%s) ORDER BY valid_from",
            [list(housing)],
        )
        periods = defaultdict(list)
        for sid, start, until, places in cursor.fetchall():
            periods[sid].append((start, until, places))
        current = {sid: history[-1][2] for sid, history in periods.items()}
        targets = _targets(housing, pathways, current, today)
        counts = {"capacity_periods": _capacity(cursor, rng, housing, periods, targets, today)}
        cursor.execute(
            "SELECT u.structure_id, count(*) FROM hebergement_place p"
            " JOIN hebergement_housingunit u ON u.id = p.unit_id GROUP BY 1"
        )
        existing = dict(cursor.fetchall())
        _created, counts["units"], counts["places_added"] = _units(
            cursor, rng, housing, details, targets, existing
        )
        counts["places"] = sum(existing.get(sid, 0) for sid in housing) + counts["places_added"]
        allocators = _allocator(cursor, housing, periods)
        stay_counts, _stays = _write_stays(
            cursor, rng, allocators, _groups(persons, pathways), today
        )
        counts.update(stay_counts)
        counts["out_of_service"] = _out_of_service(cursor, rng, allocators, today)
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 1) FROM {table}))"
            )
    return counts


def reset(connection):
    """The core's reset (TRUNCATE of persons, cascading) removes stays, extensions and
    orientations; capacity, units and places are configuration and stay (the seed only
    completes them up to `PLACES`). Out-of-service periods sit between the stays and go
    with them, as do the audit events of what the reset removes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE hebergement_outofservice, hebergement_outofserviceevent,"
            " hebergement_stayevent, hebergement_stayextensionevent,"
            " hebergement_orientationevent, hebergement_financialparticipationevent"
        )
