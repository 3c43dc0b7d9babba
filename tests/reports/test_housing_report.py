"""The annual report with the real housing section: the 2016 → 2017 capacity of DOMAIN.md
(759 → 939 places, +23,7 % computed on 2016, not the printed +19,16 %), and stays whose
figures are computed here by hand, in HTML, PDF and XLSX."""

import datetime

import pytest

from ftda.indicators import Period
from hebergement.enums import ExitOutcome
from tests.ftda.factories import MembershipFactory, StructureFactory, UserFactory
from tests.hebergement.factories import CapacityFactory, PlaceFactory, StayFactory

pytestmark = pytest.mark.django_db

D = datetime.date

# The permanent establishments before 2017 (759 places), then the three 2017 openings.
BEFORE_2017 = {"CPH Créteil": 300, "CPH Massy": 200, "CPH Caen": 159, "CPH Saint-Nazaire": 100}
OPENED_2017 = {"CPH Angers": (60, D(2017, 3, 1)), "CPH Chaumont": (50, D(2017, 6, 1)),
               "CPH Rouen": (70, D(2017, 9, 1))}  # fmt: skip


@pytest.fixture
def housing_2017():
    structures = {}
    for name, places in BEFORE_2017.items():
        structures[name] = StructureFactory(name=name, opened_on=D(2010, 1, 4))
        CapacityFactory(structure=structures[name], places=places, valid_from=D(2010, 1, 4))
    for name, (places, opened_on) in OPENED_2017.items():
        structures[name] = StructureFactory(name=name, opened_on=opened_on)
        CapacityFactory(structure=structures[name], places=places, valid_from=opened_on)
    angers = structures["CPH Angers"]
    # 2017 in Angers: two arrivals, one exit to social housing after 280 days; one stay
    # crosses 31 December.
    StayFactory(
        place=PlaceFactory(unit__structure=angers),
        arrived_on=D(2017, 3, 10),
        exited_on=D(2017, 12, 15),
        exit_outcome=ExitOutcome.SOCIAL_HOUSING,
    )
    StayFactory(place=PlaceFactory(unit__structure=angers), arrived_on=D(2017, 11, 2))
    return structures


def test_direction_report_on_all_housing_in_2017(housing_2017, report_builder):
    direction = UserFactory(direction=True)
    built = report_builder(direction, "housing", Period.year(2017))

    # HTML: 939 places against 759, growth computed on 2016.
    assert "939\u202fplaces" in built.html
    assert "759\u202fplaces" in built.html
    assert "+23,7\u202f%" in built.html
    assert "19,1" not in built.html  # the slip of the printed 2017 report

    # PDF: the same figures, as text a reader can search.
    flat = built.pdf_text.replace("\u202f", " ").replace("\xa0", " ")
    assert "939 places" in flat and "+23,7 %" in flat
    assert 3 <= built.pdf_pages <= 20

    # XLSX: the housing sheet holds numbers, not text.
    sheet = next(ws for ws in built.workbook.worksheets if ws.title.startswith("Hébergement"))
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Places autorisées au 31/12/2017"] == 939
    assert values["Places autorisées au 31/12/2016"] == 759
    assert values["Entrées"] == 2
    assert values["Sorties"] == 1
    assert values["Sorties : Logement social"] == 1


def test_a_cph_manager_reports_on_their_structure_only(housing_2017, report_builder):
    angers = housing_2017["CPH Angers"]
    manager = MembershipFactory(structure=angers, manager=True).user
    built = report_builder(manager, f"structure:{angers.pk}", Period.year(2017))
    sheet = next(ws for ws in built.workbook.worksheets if ws.title.startswith("Hébergement"))
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Places autorisées au 31/12/2017"] == 60
    assert values["Places autorisées au 31/12/2016"] == 0
    assert values["Entrées"] == 2
    assert "CPH Rouen" not in built.html and "CPH Rouen" not in built.pdf_text
