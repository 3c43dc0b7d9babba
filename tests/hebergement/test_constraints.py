"""The invariants are held by the database itself, not only by forms: every case writes
with `objects.create` / `update()`, bypassing `full_clean()`."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from hebergement.enums import DecisionKind, ExitOutcome
from hebergement.models import Capacity, OutOfService, Stay
from tests.ftda.factories import PersonFactory, StructureFactory
from tests.hebergement.factories import (
    CapacityFactory,
    HousingUnitFactory,
    PlaceFactory,
    ProjectBidFactory,
    StayFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(constraint, create):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    assert constraint in str(error.value)


def test_capacity_periods_of_a_structure_do_not_overlap():
    angers = StructureFactory(name="CPH Angers")
    CapacityFactory(
        structure=angers, places=60, valid_from=D(2017, 3, 1), valid_until=D(2017, 12, 31)
    )
    refused(
        "capacity_periods_do_not_overlap",
        lambda: Capacity.objects.create(
            structure=angers, places=77, valid_from=D(2017, 12, 31), decision_kind="extension"
        ),
    )
    # The day after is fine, and another structure is never in the way.
    Capacity.objects.create(
        structure=angers, places=77, valid_from=D(2018, 1, 1), decision_kind=DecisionKind.EXTENSION
    )
    CapacityFactory(valid_from=D(2017, 3, 1))


def test_an_open_ended_capacity_blocks_any_later_one():
    structure = StructureFactory()
    CapacityFactory(structure=structure, valid_from=D(2016, 1, 1), valid_until=None)
    refused(
        "capacity_periods_do_not_overlap",
        lambda: CapacityFactory(structure=structure, valid_from=D(2030, 1, 1)),
    )


def test_out_of_service_periods_of_a_unit_do_not_overlap():
    unit = HousingUnitFactory()
    OutOfService.objects.create(
        unit=unit, starts_on=D(2024, 2, 1), ends_on=D(2024, 2, 29), reason="Peinture"
    )
    refused(
        "out_of_service_periods_do_not_overlap",
        lambda: OutOfService.objects.create(
            unit=unit, starts_on=D(2024, 2, 29), ends_on=None, reason="Dégât des eaux"
        ),
    )
    OutOfService.objects.create(unit=unit, starts_on=D(2024, 3, 1), reason="Dégât des eaux")


def test_a_place_holds_one_stay_at_a_time():
    place = PlaceFactory()
    StayFactory(
        place=place,
        arrived_on=D(2024, 1, 10),
        exited_on=D(2024, 3, 1),
        exit_outcome=ExitOutcome.SOCIAL_HOUSING,
    )
    refused(
        "one_stay_per_place_at_a_time",
        lambda: StayFactory(place=place, arrived_on=D(2024, 2, 29)),
    )
    # Leaving in the morning, arriving in the afternoon: the same day is allowed.
    StayFactory(place=place, arrived_on=D(2024, 3, 1))


def test_an_open_stay_blocks_the_place_for_later_arrivals():
    place = PlaceFactory()
    StayFactory(place=place, arrived_on=D(2024, 1, 10))
    refused(
        "one_stay_per_place_at_a_time", lambda: StayFactory(place=place, arrived_on=D(2025, 6, 1))
    )


def test_a_person_is_in_one_stay_at_a_time_even_in_two_structures():
    person = PersonFactory(last_name="Tesfay", first_names="Mehret")
    StayFactory(person=person, arrived_on=D(2023, 12, 20))
    refused(
        "one_stay_per_person_at_a_time",
        lambda: StayFactory(person=person, arrived_on=D(2024, 1, 2)),
    )


def test_exit_is_after_arrival():
    stay = StayFactory(arrived_on=D(2024, 2, 29))
    for exit_on in (D(2024, 2, 28), D(2024, 2, 29)):
        refused(
            "stay_exit_after_arrival",
            lambda exit_on=exit_on: Stay.objects.filter(pk=stay.pk).update(
                exited_on=exit_on, exit_outcome=ExitOutcome.OTHER
            ),
        )


def test_an_exit_has_an_outcome():
    stay = StayFactory(arrived_on=D(2024, 1, 1))
    refused(
        "stay_exit_has_outcome",
        lambda: Stay.objects.filter(pk=stay.pk).update(exited_on=D(2024, 5, 1)),
    )


def test_a_stay_holds_a_place_or_shares_a_parents_one_never_both_nor_neither():
    parent = StayFactory(arrived_on=D(2024, 1, 1))
    refused(
        "stay_has_place_or_shares_one",
        lambda: StayFactory(place=None, structure=parent.structure, arrived_on=D(2024, 1, 1)),
    )
    refused(
        "stay_has_place_or_shares_one",
        lambda: StayFactory(shares_place_of=parent, arrived_on=D(2024, 1, 1)),
    )
    infant = StayFactory(
        place=None, structure=parent.structure, shares_place_of=parent, arrived_on=D(2024, 1, 1)
    )
    assert infant.place is None


def test_an_extension_bid_names_its_structure():
    refused(
        "extension_bid_has_structure", lambda: ProjectBidFactory(kind="extension", structure=None)
    )
