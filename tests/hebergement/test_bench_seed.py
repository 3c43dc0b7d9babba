"""The housing app's volume hook (hebergement/bench_seed.py) run by bench/seed_volume.py at a
small volume: 2,000 places, a stay per housing pathway that finds a place, households
together, infants sharing a parent's place, capacity counted before a place is used,
out-of-service periods between stays, nothing audited, and a pre-existing stay respected."""

import datetime
import functools
import types

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import connection
from django.db.models import Count, Q, Sum

from bench import seed_volume
from ftda import demo
from ftda.enums import HOUSING_KINDS
from ftda.models import Pathway, Structure
from hebergement import bench_seed
from hebergement.models import (
    Capacity,
    HousingUnit,
    Orientation,
    OutOfService,
    Place,
    Stay,
    StayExtension,
)
from tests.ftda.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture
def hook(monkeypatch):
    """The real hook, with the counts it returns kept for the test."""
    returned = []

    @functools.wraps(bench_seed.seed)
    def seed(*args, **kwargs):
        returned.append(bench_seed.seed(*args, **kwargs))
        return returned[-1]

    module = types.SimpleNamespace(seed=seed, reset=bench_seed.reset)
    monkeypatch.setattr(seed_volume, "app_hooks", lambda: [("hebergement", module)])
    return returned


def demo_structures_with_angers_history():
    """The demo's structures (without the rest of the demo), CPH Angers with its first
    capacity period still open, a room and a resident who arrived last month."""
    Structure.objects.bulk_create(
        Structure(kind=kind, name=name, departement=dep, city=city, opened_on=opened)
        for kind, name, dep, city, opened in demo.STRUCTURES.values()
    )
    angers = Structure.objects.get(name="CPH Angers")
    Capacity.objects.create(
        structure=angers, places=60, valid_from=D(2017, 3, 1), decision_kind="creation"
    )
    room = HousingUnit.objects.create(structure=angers, kind="collective_room", label="Chambre 1")
    place = Place.objects.create(unit=room, label="A")
    arrived = datetime.date.today() - datetime.timedelta(days=30)
    return Stay.objects.create(
        structure=angers,
        person=PersonFactory(),
        place=place,
        arrived_on=arrived,
        planned_end_on=arrived + relativedelta(months=9),
    )


def occupied_places_over_capacity():
    """(structure, day) where more places are held than the capacity authorises."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.structure_id, g.day::date
            FROM generate_series(current_date - 3650, current_date, '7 days') AS g(day)
            JOIN hebergement_stay s ON s.place_id IS NOT NULL
              AND s.arrived_on <= g.day AND (s.exited_on IS NULL OR s.exited_on > g.day)
            GROUP BY s.structure_id, g.day
            HAVING count(*) > coalesce((
              SELECT sum(places) FROM hebergement_capacity c
              WHERE c.structure_id = s.structure_id AND c.valid_from <= g.day
                AND (c.valid_until IS NULL OR c.valid_until >= g.day)), 0)
            """
        )
        return cursor.fetchall()


def test_housing_volume(hook):
    existing = demo_structures_with_angers_history()
    events_before = apps.get_model("hebergement", "StayEvent").objects.count()

    assert seed_volume.main(["--persons", "300", "--follow-ups", "2000"]) == 0
    counts = hook[-1]

    housing = Structure.objects.filter(kind__in=HOUSING_KINDS)
    today = datetime.date.today()
    assert Place.objects.filter(unit__structure__in=housing).count() == 2000 == counts["places"]
    assert Capacity.objects.on(today).aggregate(total=Sum("places"))["total"] == 2000
    # The open period of Angers was closed by its first extension, which came later.
    angers = list(Capacity.objects.filter(structure=existing.structure).order_by("valid_from"))
    assert angers[0].places == 60 and angers[0].valid_until is not None
    assert angers[1].valid_from >= D(2019, 1, 1) and angers[1].places > 60
    assert not occupied_places_over_capacity()

    seeded = Stay.objects.exclude(pk=existing.pk)
    housing_pathways = Pathway.objects.filter(structure__in=housing).exclude(person=existing.person)
    assert seeded.count() == counts["stays"] > 100
    assert housing_pathways.count() == counts["stays"] + counts["pathways_without_place"]
    # Same person, structure and dates as a housing pathway.
    assert all(
        housing_pathways.filter(
            person=stay.person_id,
            structure=stay.structure_id,
            started_on=stay.arrived_on,
            ended_on=stay.exited_on,
        ).exists()
        for stay in seeded
    )
    # The resident already there kept their place.
    assert not seeded.filter(place=existing.place).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gt=existing.arrived_on)
    )

    # A household lives in one unit; infants under 3 share a parent's place.
    per_household = (
        seeded.filter(household__isnull=False, place__isnull=False)
        .values("household", "arrived_on")
        .annotate(units=Count("place__unit", distinct=True))
    )
    assert per_household and {row["units"] for row in per_household} == {1}
    infants = seeded.filter(place__isnull=True).select_related("person", "shares_place_of")
    assert infants.count() == counts["infants_sharing_a_place"] > 0
    for infant in infants:
        assert relativedelta(infant.arrived_on, infant.person.birth_date).years < 3
        assert infant.shares_place_of.household_id == infant.household_id is not None
        assert infant.shares_place_of.place_id is not None

    # Extensions up to the exit; outcomes for every exit; an accepted orientation each.
    for stay in seeded.filter(exited_on__isnull=False).annotate(n=Count("extensions")):
        assert stay.planned_end_on >= stay.exited_on
        planned = stay.arrived_on + relativedelta(months=9)
        for _ in range(stay.n):  # each extension from the previous planned end
            planned += relativedelta(months=3)
        assert stay.planned_end_on == planned
    assert StayExtension.objects.count() == counts["extensions"] > 0
    assert seeded.exclude(exit_outcome="").values("exit_outcome").distinct().count() >= 4
    assert not seeded.exclude(orientation__accepted=True).exists()
    assert Orientation.objects.count() == counts["orientations"]

    # Out-of-service periods fall between the stays of their unit.
    periods = OutOfService.objects.all()
    assert periods.count() == counts["out_of_service"] > 0
    for period in periods:
        end = period.ends_on + datetime.timedelta(days=1)
        assert not Stay.objects.filter(place__unit=period.unit_id).overlapping(
            period.starts_on, end - datetime.timedelta(days=1)
        )

    # Nothing audited by the seed; a second seed after --reset adds no configuration.
    assert apps.get_model("hebergement", "StayEvent").objects.count() == events_before
    assert seed_volume.main(["--reset", "--persons", "300", "--follow-ups", "2000"]) == 0
    assert hook[-1]["places_added"] == 0 and hook[-1]["capacity_periods"] == 0
    assert Place.objects.filter(unit__structure__in=housing).count() == 2000
    assert Stay.objects.count() == hook[-1]["stays"]


def test_allocator_gives_free_places_only():
    """A household gets a unit whole, single adults share rooms, a place is not used before
    the capacity counts it nor while a stay already in the database holds it."""
    flat = bench_seed.Unit(1, 1, "scattered_flat")
    room = bench_seed.Unit(2, 1, "collective_room")
    flat.slots = [bench_seed.Slot(pk, flat, D(2020, 1, 1)) for pk in (1, 2, 3)]
    room.slots = [bench_seed.Slot(4, room, D(2020, 1, 1)), bench_seed.Slot(5, room, D(2021, 1, 1))]
    room.slots[0].fixed.append((D(2022, 1, 1), bench_seed.OPEN))
    allocator = ([flat, room], [room, flat])
    place = functools.partial(bench_seed._place, allocator)

    assert [s.id for s in place(D(2020, 3, 1), D(2021, 1, 1), 3, False)] == [1, 2, 3]
    assert place(D(2020, 6, 1), D(2020, 9, 1), 1, False) is None  # the flat is let, room too small
    assert [s.id for s in place(D(2020, 6, 1), D(2020, 9, 1), 1, True)] == [4]
    assert place(D(2020, 7, 1), D(2020, 8, 1), 1, True) is None  # place 5 not authorised yet
    assert place(D(2021, 6, 1), D(2022, 6, 1), 1, True) is not None  # flat free again: a single
    assert place(D(2021, 7, 1), D(2022, 2, 1), 1, True) is not None  # place 5
    assert place(D(2021, 8, 1), D(2021, 9, 1), 1, True) is not None  # flat, second place
    # Place 4 is free from 2020-09-01 but held from 2022 by a stay already there.
    assert [s.id for s in place(D(2021, 9, 1), bench_seed.OPEN, 1, True)] == [2]
