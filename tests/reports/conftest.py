"""Fixtures of the report tests: the builder (tests/reports/builder.py, reusable by the
apps' tests), a hand-built section provider and a scenario around 2016 and 2017."""

import datetime
from dataclasses import dataclass

import pytest

from tests.ftda.factories import (
    FollowUpFactory,
    HouseholdFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)
from tests.reports.builder import BuiltReport, immediate_tasks, pdf_text, report_builder

__all__ = ["BuiltReport", "immediate_tasks", "pdf_text", "report_builder"]

D = datetime.date
SAMPLE_APP = "tests.reports.sample_app"


@pytest.fixture
def sample_provider(settings):
    """The core section and the hand-built one of tests/reports/sample_app only: the
    framework's tests do not depend on what the domain apps report."""
    settings.REPORT_APPS = ["ftda", SAMPLE_APP]


@dataclass
class Scenario:
    angers: object
    rouen: object
    manche: object
    manager: object
    rouen_manager: object
    direction: object
    persons: dict


@pytest.fixture
def scenario(db):
    """Two CPH and an AGIR platform, with pathways and follow-ups around 2016 and 2017
    (leap day 29/02/2016, New Year boundaries). Expected figures are computed by hand in
    the tests."""
    angers = StructureFactory(name="CPH d'Angers", departement="49", city="Angers")
    rouen = StructureFactory(name="CPH de Rouen", departement="76", city="Rouen")
    manche = StructureFactory(agir=True, name="AGIR Manche", departement="50", city="Saint-Lô")
    manager = MembershipFactory(structure=angers, manager=True).user
    rouen_manager = MembershipFactory(structure=rouen, manager=True).user
    direction = UserFactory(direction=True)
    worker = MembershipFactory(structure=angers).user

    def person(last, first):
        return PersonFactory(last_name=last, first_names=first)

    p = {
        "A": person("Haidari", "Mohammed"),
        "B": person("Haidari", "Zahra"),
        "C": person("Tesfaye", "Mehret"),
        "D": person("Ould Ahmed", "Salem"),
        "E": person("Nguyễn", "Thị Hương"),
        "F": person("Al-Khatib", "Rîm"),
        "G": person("Kaboré", "Aïssata"),
        "H": person("Yusufzai", "Bilal"),
    }
    PathwayFactory(
        person=p["A"], structure=angers, started_on=D(2016, 5, 1), ended_on=D(2017, 3, 31)
    )
    PathwayFactory(person=p["B"], structure=angers, started_on=D(2017, 6, 15))
    PathwayFactory(
        person=p["C"], structure=angers, started_on=D(2016, 12, 31), ended_on=D(2017, 1, 1)
    )
    PathwayFactory(person=p["D"], structure=angers, started_on=D(2018, 1, 1))
    PathwayFactory(
        person=p["E"], structure=angers, started_on=D(2016, 2, 29), ended_on=D(2016, 12, 31)
    )
    PathwayFactory(
        person=p["F"], structure=angers, started_on=D(2017, 1, 10), ended_on=D(2017, 2, 10)
    )
    PathwayFactory(person=p["F"], structure=angers, started_on=D(2017, 9, 1))
    PathwayFactory(person=p["G"], structure=rouen, started_on=D(2017, 4, 1))
    PathwayFactory(person=p["H"], structure=manche, started_on=D(2017, 10, 16))

    first = HouseholdFactory(label="Famille Haidari")
    HouseholdMemberFactory(household=first, person=p["A"], relationship="head")
    HouseholdMemberFactory(household=first, person=p["B"], relationship="spouse")
    HouseholdMemberFactory(household=HouseholdFactory(label="Tesfaye"), person=p["C"])
    HouseholdMemberFactory(household=HouseholdFactory(label="Kaboré"), person=p["G"])

    def follow_up(who, where, on, kind, topics):
        FollowUpFactory(
            person=p[who], structure=where, author=worker, occurred_on=on, kind=kind, topics=topics
        )

    follow_up("A", angers, D(2017, 1, 15), "interview", ["housing", "rights"])
    follow_up("B", angers, D(2017, 7, 1), "call", ["employment"])
    follow_up("B", angers, D(2017, 12, 31), "interview", ["housing"])
    follow_up("F", angers, D(2017, 2, 1), "home_visit", ["health"])
    follow_up("E", angers, D(2016, 12, 31), "interview", ["housing"])
    follow_up("G", rouen, D(2017, 5, 5), "interview", ["rights"])
    return Scenario(angers, rouen, manche, manager, rouen_manager, direction, p)
