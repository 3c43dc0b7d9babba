"""AGIR figures on hand-built cases, and their drill-downs: following a figure's link gives
a list with as many records as the figure counts."""

import datetime
from decimal import Decimal

import pytest

from agir.enums import EndReason, ReferentRole, ReferralStatus
from agir.indicators import prorated_target, section
from ftda.indicators import Period, Scope
from tests.agir.factories import (
    AgirPathwayFactory,
    DiagnosticFactory,
    EmploymentSolutionFactory,
    HousingSolutionFactory,
    PlatformFactory,
    ReferentAssignmentFactory,
    ReferralFactory,
)
from tests.ftda.factories import MembershipFactory, PartnerFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period.year(2025)


def pathway(platform, entered, ended=None, reason="", name="Personne"):
    return AgirPathwayFactory(
        platform=platform,
        person=PersonFactory(last_name=name),
        entered_on=entered,
        ended_on=ended,
        end_reason=reason,
    )


@pytest.fixture
def cases():
    paris = PlatformFactory()
    manche = PlatformFactory(manche=True)
    elsewhere = PlatformFactory(name="AGIR Calvados", departement="14", city="Caen")
    yasmina = MembershipFactory(structure=paris, user__first_name="Yasmina").user
    karim = MembershipFactory(structure=paris, user__first_name="Karim").user
    former = MembershipFactory(structure=paris).user
    mission_locale = PartnerFactory(name="Mission Locale de Paris")
    epec = PartnerFactory(name="EPEC")

    a = pathway(paris, D(2023, 12, 10), D(2025, 12, 10), EndReason.TIME_LIMIT, "Abdallah")
    DiagnosticFactory(pathway=a, done_on=D(2024, 1, 30))
    b = pathway(paris, D(2025, 1, 15), D(2025, 6, 30), EndReason.BOTH_SOLUTIONS, "Bah")
    HousingSolutionFactory(pathway=b, obtained_on=D(2025, 4, 1))
    EmploymentSolutionFactory(pathway=b, started_on=D(2025, 5, 1))
    DiagnosticFactory(pathway=b, done_on=D(2025, 1, 25))  # 10 days
    ReferralFactory(pathway=b, partner=mission_locale, referred_on=D(2025, 2, 1), completed=True)
    c = pathway(paris, D(2025, 1, 20), D(2025, 9, 1), EndReason.MOVED, "Camara")
    HousingSolutionFactory(pathway=c, obtained_on=D(2025, 3, 1))
    DiagnosticFactory(pathway=c, done_on=D(2025, 2, 19))  # 30 days
    ReferralFactory(pathway=c, partner=epec, referred_on=D(2025, 2, 10))
    d = pathway(paris, D(2025, 3, 3), name="Diallo")
    DiagnosticFactory(pathway=d, done_on=D(2025, 3, 23))  # 20 days
    ReferralFactory(
        pathway=d,
        partner=mission_locale,
        referred_on=D(2025, 4, 1),
        status=ReferralStatus.REFUSED,
        answered_on=D(2025, 4, 8),
    )
    ReferentAssignmentFactory(pathway=d, user=yasmina, started_on=D(2025, 3, 3))
    ReferentAssignmentFactory(
        pathway=d, user=karim, role=ReferentRole.EMPLOYMENT_TRAINING, started_on=D(2025, 3, 3)
    )
    e = pathway(manche, D(2025, 7, 1), D(2025, 10, 1), EndReason.LOST_CONTACT, "Ebrahimi")
    EmploymentSolutionFactory(pathway=e, started_on=D(2025, 8, 1))
    HousingSolutionFactory(pathway=e, obtained_on=D(2025, 10, 2))  # after the exit
    f = pathway(paris, D(2024, 5, 2), name="Fofana")
    ReferentAssignmentFactory(
        pathway=f, user=former, started_on=D(2024, 5, 2), ended_on=D(2025, 6, 1)
    )
    ReferentAssignmentFactory(pathway=f, user=yasmina, started_on=D(2025, 6, 1))
    ReferralFactory(pathway=f, partner=epec, referred_on=D(2024, 6, 1))  # another year
    pathway(elsewhere, D(2025, 2, 2), name="Horsperimetre")  # out of scope
    return {"paris": paris, "manche": manche, "scope": Scope.of([paris, manche], "AGIR")}


def values(result):
    return {figure.key: figure.value for figure in result.figures}


def test_figures_on_hand_built_cases(cases):
    result = section(YEAR, cases["scope"])
    got = values(result)
    assert got["agir_entries"] == 4
    assert got["agir_entry_target"] == 3250
    assert got["agir_entry_rate"] == Decimal("0.1")
    assert got["agir_active_at_end"] == 2
    assert got["agir_caseload_per_referent"] == Decimal("1.5")
    assert got["agir_median_days_to_diagnostic"] == Decimal("20.0")
    assert got["agir_exits"] == 4
    assert got["agir_exits_with_housing"] == 2
    assert got["agir_exits_with_employment"] == 2
    assert got["agir_exits_with_both"] == 1
    assert got["agir_closed_at_24_months"] == 1
    assert got["agir_exits_moved"] == 1
    assert got["agir_exits_lost_contact"] == 1
    assert got["agir_exits_refused"] == 0
    assert got["agir_referrals"] == 3

    tables = {table.title: table for table in result.tables}
    assert tables["Par plateforme"].rows == [
        ["AGIR Manche", 250, 250, 1, Decimal("0.4"), 0, 1, 0],
        ["AGIR Paris", 3000, 3000, 3, Decimal("0.1"), 2, 3, 1],
    ]
    caseload = tables["File active par référent au 31/12/2025"].rows
    assert sorted(row[2] for row in caseload) == [1, 2]
    referrals = tables["Orientations par partenaire et statut"]
    assert referrals.rows == [
        ["EPEC", 1, 0, 0, 0, 0, 1],
        ["Mission Locale de Paris", 0, 0, 1, 1, 0, 2],
    ]
    charts = {chart.key: chart for chart in result.charts}
    entries = charts["agir_entries_by_month"]
    assert entries.labels[0] == "janv. 2025" and len(entries.labels) == 12
    assert entries.series["Entrées"] == [2, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert entries.series["Objectif"][0] == pytest.approx(3250 * 31 / 365, abs=0.05)
    assert charts["agir_exits_by_reason"].series["Sorties"] == [1, 1, 1, 1, 0, 0]


def test_the_previous_period_has_the_same_keys(cases):
    now, before = section(YEAR, cases["scope"]), section(YEAR.previous(), cases["scope"])
    assert [f.key for f in now.figures] == [f.key for f in before.figures]
    assert values(before)["agir_entries"] == 1  # Fofana, 2 May 2024
    assert all(
        isinstance(f.value, int | float | Decimal) or f.value is None for f in before.figures
    )


def test_targets_are_prorated_for_partial_years(cases):
    paris, manche = cases["paris"], cases["manche"]
    # 2023: AGIR Paris opened on 6 December (26 days), AGIR Manche on 16 October (77 days).
    assert float(prorated_target(paris, D(2023, 1, 1), D(2023, 12, 31))) == pytest.approx(
        3000 * 26 / 365
    )
    assert float(prorated_target(manche, D(2023, 1, 1), D(2023, 12, 31))) == pytest.approx(
        250 * 77 / 365
    )
    # February of a leap year: 29 days out of 366.
    assert float(prorated_target(paris, D(2024, 2, 1), D(2024, 2, 29))) == pytest.approx(
        3000 * 29 / 366
    )
    result = section(Period.year(2023), cases["scope"])
    assert values(result)["agir_entry_target"] == round(3000 * 26 / 365 + 250 * 77 / 365)


def test_every_drilldown_lists_the_records_it_counts(cases, client):
    client.force_login(UserFactory(direction=True))
    result = section(YEAR, cases["scope"])
    checked = 0
    for figure in result.figures:
        if not figure.drilldown or figure.key == "agir_median_days_to_diagnostic":
            continue
        response = client.get(figure.drilldown)
        assert response.status_code == 200, figure.key
        assert response.context["page"].paginator.count == figure.value, figure.key
        checked += 1
    assert checked == 14
    median = result.figure("agir_median_days_to_diagnostic")
    assert client.get(median.drilldown).context["page"].paginator.count == 3


def test_a_scope_without_platform_gives_an_empty_section():
    result = section(YEAR, Scope((), "aucune structure"))
    assert (result.figures, result.tables, result.charts) == ([], [], [])


def test_a_platform_without_activity_gives_zeros_not_errors():
    platform = PlatformFactory(name="AGIR Calvados", departement="14", city="Caen")
    got = values(section(YEAR, Scope.of([platform], "AGIR Calvados")))
    assert got["agir_entries"] == 0 and got["agir_entry_target"] == 3000
    assert got["agir_entry_rate"] == Decimal("0.0")
    assert got["agir_median_days_to_diagnostic"] is None
    assert got["agir_caseload_per_referent"] is None


def test_the_section_runs_three_queries_whatever_the_volume(cases, django_assert_num_queries):
    """Platforms with their counts and median, referents' caseloads, referrals by partner."""
    with django_assert_num_queries(3):
        section(YEAR, cases["scope"])
    for index in range(20):
        pathway(cases["paris"], D(2025, 5, 1 + index), name=f"Volume{index}")
    with django_assert_num_queries(3):
        section(YEAR, cases["scope"])
