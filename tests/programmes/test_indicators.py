"""Figures of the programmes on hand-built cases, and drill-downs that list the same records."""

import datetime
import re

import pytest

from ftda.indicators import Period, Scope
from programmes.enums import Scheme
from programmes.indicators import section
from programmes.models import Attendance, SituationReview
from tests.ftda.factories import MembershipFactory
from tests.programmes.factories import (
    CollectiveActivityFactory,
    CookingEventFactory,
    DuoFactory,
    DuoMeetingFactory,
    GroupCountFactory,
    MobilityPathwayFactory,
    programme_structure,
)

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = Period.year(2024)


@pytest.fixture
def programmes():
    return {
        scheme: programme_structure(scheme)
        for scheme in (Scheme.DUOS, Scheme.CHICHE_CHEF, Scheme.CLE_DE_FRANCE)
    }


def _duos(duos):
    a = DuoFactory(programme=duos, started_on=D(2024, 1, 31), finished=True)
    for day in [D(2024, 2, 1), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 6, 1),
                D(2024, 7, 30)]:  # fmt: skip
        DuoMeetingFactory(duo=a, occurred_on=day)
    b = DuoFactory(
        programme=duos, started_on=D(2023, 12, 15), status="interrupted",
        ended_on=D(2024, 2, 1), end_reason="Déménagement à Lille",
    )  # fmt: skip
    DuoMeetingFactory(duo=b, occurred_on=D(2024, 1, 10))
    c = DuoFactory(programme=duos, started_on=D(2024, 9, 1))
    DuoMeetingFactory(duo=c, occurred_on=D(2024, 9, 5))
    DuoMeetingFactory(duo=c, occurred_on=D(2024, 11, 5))
    DuoFactory(programme=duos, started_on=D(2023, 3, 1), status="finished",
               ended_on=D(2023, 9, 1))  # fmt: skip
    DuoFactory(programme=programme_structure(name="Duos de demain Lyon"), started_on=D(2024, 5, 1))
    activity = CollectiveActivityFactory(programme=duos, occurred_on=D(2024, 6, 15),
                                         other_attendees=5)  # fmt: skip
    Attendance.objects.create(activity=activity, person=a.person)
    Attendance.objects.create(activity=activity, volunteer=a.volunteer)
    CollectiveActivityFactory(programme=duos, occurred_on=D(2023, 6, 15), other_attendees=9)


def _chiche_chef(structure):
    rouen = CookingEventFactory(programme=structure, held_on=D(2024, 2, 29), departement="76")
    GroupCountFactory(event=rouen, group="ase_children", count=12)
    GroupCountFactory(event=rouen, group="refugees", count=5)
    caen = CookingEventFactory(programme=structure, held_on=D(2024, 10, 12), departement="14",
                               city="Caen")  # fmt: skip
    GroupCountFactory(event=caen, group="ase_children", count=8)
    GroupCountFactory(event=caen, group="volunteers", count=4)
    old = CookingEventFactory(programme=structure, held_on=D(2023, 6, 1))
    GroupCountFactory(event=old, group="refugees", count=30)


def _cle(structure):
    p1 = MobilityPathwayFactory(programme=structure, started_on=D(2024, 3, 1),
                                status="relocated", relocated_on=D(2024, 6, 3))  # fmt: skip
    p2 = MobilityPathwayFactory(
        programme=structure, started_on=D(2023, 5, 1), status="relocated",
        relocated_on=D(2023, 9, 10), destination_departement="50", destination_city="Saint-Lô",
    )  # fmt: skip
    MobilityPathwayFactory(programme=structure, started_on=D(2023, 11, 1), status="relocated",
                           relocated_on=D(2024, 8, 1), destination_departement="05",
                           destination_city="Gap")  # fmt: skip
    for pathway, housing, employment in (
        (p1, "social_housing", "none"),
        (p2, "none", "training"),
    ):
        SituationReview.objects.create(
            pathway=pathway, months_after=6, reviewed_on=pathway.review_due_on(6),
            still_in_destination=True, housing_solution=housing, employment_solution=employment,
        )  # fmt: skip


@pytest.fixture
def figures(programmes):
    _duos(programmes[Scheme.DUOS])
    _chiche_chef(programmes[Scheme.CHICHE_CHEF])
    _cle(programmes[Scheme.CLE_DE_FRANCE])
    scope = Scope.of(programmes.values(), "Programmes de test")
    return section(YEAR, scope)


EXPECTED = {
    "duos_formed": 2,
    "duos_active": 3,
    "duos_due": 2,
    "duos_completed": 1,
    "duos_completion_rate": 50.0,
    # A: 5 of its 7 calendar months (January and May without), B: 1 of 2, C: 2 of 4.
    "duos_months_with_meeting_share": round(100 * 8 / 13, 1),
    "duos_collective_activities": 1,
    "duos_activity_attendance": 2,
    "duos_activity_other_attendees": 5,
    "chiche_chef_editions": 2,
    "chiche_chef_participants": 29,
    "chiche_chef_territories": 2,
    "chiche_chef_participants_ase_children": 20,
    "chiche_chef_participants_refugees": 5,
    "chiche_chef_participants_volunteers": 4,
    "chiche_chef_participants_asylum_seekers": 0,
    "cle_de_france_entered": 1,
    "cle_de_france_relocated": 2,
    "cle_de_france_six_months_cohort": 2,
    "cle_de_france_housed_at_6_months": 1,
    "cle_de_france_employed_at_6_months": 1,
}


def test_figures_on_hand_built_cases(figures):
    assert {key: figures.figure(key).value for key in EXPECTED} == EXPECTED


def test_tables_and_charts(figures):
    tables = {table.title: table for table in figures.tables}
    assert tables["Chiche Chef par territoire"].rows == [
        ["14", 1, 8, 0, 0, 4, 12],
        ["76", 1, 12, 0, 5, 0, 17],
    ]
    assert tables["Chiche Chef par année"].rows == [[2024, 2, 20, 0, 5, 4, 29]]
    assert tables["Clé de France : destinations des personnes installées"].rows == [
        ["05", 1],
        ["53", 1],
    ]
    assert tables["Duos de demain par programme"].rows == [["Duos de demain", 2, 3]]
    charts = {chart.key: chart for chart in figures.charts}
    assert charts["duos_per_year"].labels == ["2023", "2024"]
    assert charts["duos_per_year"].series == {"Duos formés": [2, 2]}
    assert charts["chiche_chef_participants_by_group"].series == {"Participants": [20, 0, 5, 4]}


COUNTED_RECORDS = [
    "duos_formed",
    "duos_active",
    "duos_due",
    "duos_completed",
    "duos_collective_activities",
    "chiche_chef_editions",
    "cle_de_france_entered",
    "cle_de_france_relocated",
    "cle_de_france_six_months_cohort",
    "cle_de_france_housed_at_6_months",
    "cle_de_france_employed_at_6_months",
]


def test_drill_downs_list_the_records_behind_each_figure(figures, programmes, client):
    user = MembershipFactory(structure=programmes[Scheme.DUOS]).user
    for structure in list(programmes.values())[1:]:
        MembershipFactory(user=user, structure=structure)
    client.force_login(user)
    for key in COUNTED_RECORDS:
        figure = figures.figure(key)
        response = client.get(figure.drilldown)
        assert response.status_code == 200, key
        listed = re.search(r"(\d+) résultat", response.content.decode())
        assert int(listed.group(1)) == figure.value, f"{key}: {figure.drilldown}"


def test_previous_period_has_the_same_keys(programmes):
    scope = Scope.of(programmes.values(), "Programmes de test")
    now, before = section(YEAR, scope), section(YEAR.previous(), scope)
    assert [f.key for f in now.figures] == [f.key for f in before.figures]
    assert before.figure("duos_formed").value == 0


def test_a_scope_without_programmes_gives_an_empty_section(programmes):
    from tests.ftda.factories import StructureFactory

    cph = StructureFactory(name="CPH Laval", departement="53", city="Laval")
    empty = section(YEAR, Scope.of([cph], "CPH Laval"))
    assert (empty.figures, empty.tables, empty.charts) == ([], [], [])
    duos_only = section(YEAR, Scope.of([programmes[Scheme.DUOS]], "Duos de demain"))
    keys = {figure.key for figure in duos_only.figures}
    assert "duos_formed" in keys and not any(k.startswith("chiche_chef") for k in keys)
    # A single programme in scope: drill-downs carry it as a filter.
    assert f"programme={programmes[Scheme.DUOS].pk}" in duos_only.figure("duos_formed").drilldown
