"""Figures on hand-computed cases: capacity change mid-year, a unit out of service, a leap
year, a stay crossing 31 December; the 2016 → 2017 capacity growth."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from ftda.indicators import Period, Scope
from hebergement import indicators
from hebergement.enums import ExitOutcome
from hebergement.models import StayExtension
from tests.ftda.factories import MembershipFactory, StructureFactory
from tests.hebergement.factories import (
    CapacityFactory,
    HousingUnitFactory,
    OutOfServiceFactory,
    PlaceFactory,
    StayFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def leap_year_structure():
    """2024 is a leap year (366 days).

    capacity: 8 places in 2023; 10 places 01/01–30/06/2024 (182 days), 12 from 01/07/2024
    (184 days) → 10×182 + 12×184 = 4,028 authorised place-days in 2024;
    a 2-place unit out of service 20/02–05/03/2024 (10 + 5 = 15 days) → 30 place-days;
    available in 2024 = 3,998.
    stays (the exit day is not a night spent):
      A 20/12/2023 → 10/01/2024: 12 days in 2023, 9 days in 2024 (crosses 31 December);
      B 28/02/2024 → 02/03/2024: 28 and 29 February, 1 March = 3 days;
      C 30/12/2024 → (open): 2 days; C's baby shares C's place: 0 place-days;
      D 01/01/2024 → (open): 366 days.
    occupied in 2024 = 9 + 3 + 2 + 366 = 380 → 380 / 3,998 = 9.50 %.
    """
    structure = StructureFactory(name="CPH Caen", departement="14", city="Caen")
    CapacityFactory(
        structure=structure, places=8, valid_from=D(2023, 1, 1), valid_until=D(2023, 12, 31)
    )
    CapacityFactory(
        structure=structure, places=10, valid_from=D(2024, 1, 1), valid_until=D(2024, 6, 30)
    )
    CapacityFactory(
        structure=structure, places=12, valid_from=D(2024, 7, 1), decision_kind="extension"
    )
    unit = HousingUnitFactory(structure=structure)
    p1, p2 = PlaceFactory(unit=unit), PlaceFactory(unit=unit)
    OutOfServiceFactory(unit=unit, starts_on=D(2024, 2, 20), ends_on=D(2024, 3, 5))
    other_unit = HousingUnitFactory(structure=structure)
    p3, p4 = PlaceFactory(unit=other_unit), PlaceFactory(unit=other_unit)
    StayFactory(
        place=p1,
        arrived_on=D(2023, 12, 20),
        exited_on=D(2024, 1, 10),
        exit_outcome=ExitOutcome.SOCIAL_HOUSING,
    )
    StayFactory(
        place=p2,
        arrived_on=D(2024, 2, 28),
        exited_on=D(2024, 3, 2),
        exit_outcome=ExitOutcome.NO_SOLUTION,
    )
    mother = StayFactory(place=p3, arrived_on=D(2024, 12, 30))
    StayFactory(place=None, structure=structure, shares_place_of=mother, arrived_on=D(2024, 12, 30))
    long_stay = StayFactory(place=p4, arrived_on=D(2024, 1, 1))
    StayExtension.objects.create(
        stay=long_stay,
        decided_on=D(2024, 9, 15),
        previous_end_on=long_stay.planned_end_on,
        new_end_on=D(2025, 1, 1),
    )
    # Another structure, outside the scope: never counted.
    StayFactory(arrived_on=D(2024, 1, 1))
    return structure


def test_occupancy_with_capacity_change_out_of_service_leap_year_and_new_year(leap_year_structure):
    ids = [leap_year_structure.pk]
    assert indicators.occupancy(Period.year(2024), ids) == (380, 3998, Decimal("9.5"))
    # 2023: 12 nights of stay A out of 8 × 365 place-days.
    assert indicators.occupancy(Period.year(2023), ids) == (12, 2920, Decimal("0.4"))
    # February 2024 alone: 10 × 29 − 2 × 10 = 270 available; D 29 + B 2 = 31 occupied.
    assert indicators.occupancy(Period(D(2024, 2, 1), D(2024, 2, 29)), ids)[:2] == (31, 270)


def test_section_figures_and_drill_down(client, leap_year_structure):
    section = indicators.section(Period.year(2024), Scope.of([leap_year_structure], "CPH Caen"))
    value = {figure.key: figure.value for figure in section.figures}
    assert value["places_authorised_end"] == 12
    assert value["places_authorised_start"] == 10
    assert value["places_authorised_previous_end"] == 8
    assert value["places_growth"] == Decimal("50.0")
    assert value["occupancy_rate"] == Decimal("9.5")
    assert value["persons_supported"] == 5
    assert value["households_supported"] == 5
    assert value["entries"] == 4
    assert value["exits"] == 2
    assert value["exits_social_housing"] == 1 and value["exits_no_solution"] == 1
    assert value["autonomous_housing_exit_share"] == Decimal("50.0")
    assert value["mean_length_of_stay_days"] == Decimal("12.0")  # (21 + 3) / 2
    assert value["median_length_of_stay_days"] == Decimal("12.0")
    assert value["stays_extended"] == 1

    charts = {chart.key: chart for chart in section.charts}
    monthly = charts["capacity_occupancy_by_month"]
    assert len(monthly.labels) == 12 and monthly.labels[1] == "févr. 2024"
    assert monthly.series["Places occupées"][1] == Decimal("1.1")  # 31 / 29 days
    assert charts["entries_exits_by_month"].series["Entrées"][0] == 1
    assert section.tables[0].rows == [["CPH Caen", 12, Decimal("9.5"), 5, 4, 2, Decimal("50.0")]]

    # Each figure about stays links to the list of exactly those stays.
    client.force_login(MembershipFactory(structure=leap_year_structure).user)
    for key in ("persons_supported", "entries", "exits", "exits_social_housing", "stays_extended"):
        link = section.figure(key).drilldown
        assert urlparse(link).path == reverse("hebergement:stay_list")
        response = client.get(link)
        assert response.context["page"].paginator.count == value[key], (
            key,
            parse_qs(urlparse(link).query),
        )


def test_growth_2016_to_2017_is_computed_on_2016():
    """759 places at 31/12/2016, 939 at 31/12/2017 after Angers (60), Chaumont (50) and
    Rouen (70) opened: +23.7 %, not the +19.16 % printed in the 2017 report."""
    permanent = [
        ("CPH Créteil", 215),
        ("CPH Massy", 184),
        ("CPH Caen", 200),
        ("CPH Saint-Nazaire", 160),
    ]
    structures = []
    for name, places in permanent:
        structure = StructureFactory(name=name)
        CapacityFactory(structure=structure, places=places, valid_from=D(2010, 1, 1))
        structures.append(structure)
    for name, places, opened in [
        ("CPH Angers", 60, D(2017, 3, 1)),
        ("CPH Chaumont", 50, D(2017, 6, 1)),
        ("CPH Rouen", 70, D(2017, 9, 1)),
    ]:
        structure = StructureFactory(name=name, opened_on=opened)
        CapacityFactory(structure=structure, places=places, valid_from=opened)
        structures.append(structure)
    section = indicators.section(
        Period.year(2017), Scope.of(structures, "Établissements permanents")
    )
    assert section.figure("places_authorised_cph_end").value == 939
    assert section.figure("places_authorised_previous_end").value == 759
    assert section.figure("places_growth_cph").value == Decimal("23.7")
    assert (
        indicators.section(Period.year(2016), Scope.of(structures, ""))
        .figure("places_authorised_end")
        .value
        == 759
    )


def test_an_empty_scope_gives_zeros_not_errors():
    section = indicators.section(Period.year(2017), Scope((), "vide"))
    value = {figure.key: figure.value for figure in section.figures}
    assert value["places_authorised_end"] == 0
    assert value["occupancy_rate"] is None and value["places_growth"] is None
    assert value["mean_length_of_stay_days"] is None
