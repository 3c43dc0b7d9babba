"""The core section's figures equal the ones computed by hand on the scenario, and the
report compares them with the previous period and links each to its records."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ftda import indicators
from ftda.indicators import Period, Scope
from ftda.reports import compose, scopes
from tests.ftda.factories import FollowUpFactory, PathwayFactory, PersonFactory

pytestmark = pytest.mark.django_db


def values(section):
    return {f.key: f.value for f in section.figures}


def test_core_section_of_one_cph_in_2017_and_2016(scenario):
    scope = Scope.of([scenario.angers], "CPH d'Angers")
    v2017 = values(indicators.section(Period.year(2017), scope))
    # Supported in 2017: A (until 31/03), B (from 15/06), C (ends 01/01/2017), F (twice).
    # Not D (arrives 01/01/2018), not E (left 31/12/2016).
    assert v2017["persons_supported"] == 4
    assert v2017["persons_new"] == 2  # B and F; C started on 31/12/2016
    assert v2017["households_supported"] == 2  # Haidari (A + B) and Tesfaye (C)
    assert v2017["follow_ups"] == 4  # not the 31/12/2016 one, not Rouen's
    assert v2017["follow_ups_interview"] == 2
    assert v2017["follow_ups_call"] == 1
    assert v2017["follow_ups_home_visit"] == 1
    assert v2017["follow_ups_topic_housing"] == 2
    assert v2017["follow_ups_topic_rights"] == 1
    assert v2017["follow_ups_topic_employment"] == 1
    v2016 = values(indicators.section(Period.year(2016), scope))
    assert v2016["persons_supported"] == 3  # A, C, E (from 29/02/2016)
    assert v2016["persons_new"] == 3
    assert v2016["households_supported"] == 2
    assert v2016["follow_ups"] == 1


def test_core_section_tables_and_charts(scenario):
    scope = Scope.of([scenario.angers, scenario.rouen], "CPH")
    section = indicators.section(Period.year(2017), scope)
    assert values(section)["persons_supported"] == 5
    assert values(section)["households_supported"] == 3
    table = section.tables[0]
    assert table.rows == [["CPH d'Angers", 4, 2, 4], ["CPH de Rouen", 1, 1, 1]]
    by_month = next(c for c in section.charts if c.key == "follow_ups_by_month")
    assert by_month.series["Suivis"] == [1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]


def test_any_period_is_compared_with_the_one_before(scenario):
    # 29/02/2016 → 28/02/2017 is compared with 28/02/2015 → 28/02/2016 (same length)
    period = Period(scenario.persons["E"].pathways.get().started_on, Period.year(2017).start)
    document = compose.compose(period, Scope.of([scenario.angers], "Angers"))
    assert document["previous_period"]["end"] == "2016-02-28"


def test_the_report_compares_with_the_previous_year(scenario, sample_provider):
    scope = Scope.of([scenario.angers], "Angers")
    document = compose.compose(Period.year(2017), scope, scope_key="structure:x")
    core, sample = document["sections"]
    persons = core["figures"][0]
    assert (persons["value"], persons["previous"]) == (4, 3)
    assert persons["growth"] == pytest.approx(33.3333, abs=1e-3)
    places = next(f for f in sample["figures"] if f["key"] == "places")
    assert (places["value"], places["previous"]) == (939, 759)
    assert places["growth"] == pytest.approx(23.715, abs=1e-3)
    new_only = next(f for f in sample["figures"] if f["key"] == "new_only")
    assert new_only["growth"] is None


def test_every_figure_of_the_html_report_links_to_its_records(scenario, client, sample_provider):
    client.force_login(scenario.manager)
    response = client.get(
        reverse("reports:report"), {"perimetre": f"structure:{scenario.angers.pk}", "annee": 2017}
    )
    html = response.content.decode()
    assert "939\u202fplaces" in html and "+23,7\u202f%" in html
    assert "+33,3\u202f%" in html
    document = response.context["document"]
    for section in document["sections"]:
        for figure in section["figures"]:
            if figure["drilldown"]:
                assert f'href="{figure["drilldown"].replace("&", "&amp;")}"' in html
    # The drill-down list holds exactly the records behind the figure.
    core = document["sections"][0]
    for key, expected in [("persons_supported", 4), ("persons_new", 2)]:
        figure = next(f for f in core["figures"] if f["key"] == key)
        listing = client.get(figure["drilldown"])
        assert listing.status_code == 200
        assert listing.context["page"].paginator.count == expected
    figure = next(f for f in core["figures"] if f["key"] == "follow_ups_topic_housing")
    query = parse_qs(urlsplit(figure["drilldown"]).query)
    assert query["theme"] == ["housing"] and query["structures"] == [str(scenario.angers.pk)]
    listing = client.get(figure["drilldown"])
    assert listing.context["page"].paginator.count == 2
    assert "Entretien de suivi" not in listing.content.decode()  # no notes in the list


def test_scope_choices_are_limited_to_what_the_user_may_report_on(scenario):
    manager_keys = [c.key for c in scopes.scope_choices(scenario.manager)]
    assert manager_keys == [f"structure:{scenario.angers.pk}"]
    direction_keys = {c.key for c in scopes.scope_choices(scenario.direction)}
    assert {"all", "housing", "agir", f"structure:{scenario.rouen.pk}"} <= direction_keys
    housing = scopes.resolve(scenario.direction, "housing")
    assert {s.pk for s in housing.structures} == {scenario.angers.pk, scenario.rouen.pk}
    assert scopes.resolve(scenario.manager, "housing") is None
    assert scopes.resolve(scenario.manager, f"structure:{scenario.rouen.pk}") is None


def test_a_manager_cannot_ask_for_another_structure(scenario, client):
    client.force_login(scenario.manager)
    response = client.get(
        reverse("reports:report"), {"perimetre": f"structure:{scenario.rouen.pk}", "annee": 2017}
    )
    assert "document" not in response.context
    assert "CPH de Rouen" not in response.content.decode()
    listing = client.get(
        reverse("reports:persons"),
        {
            "du": "2017-01-01",
            "au": "2017-12-31",
            "structures": f"{scenario.angers.pk},{scenario.rouen.pk}",
        },
    )
    assert listing.status_code == 404


def test_the_report_page_runs_the_same_queries_whatever_the_volume(
    scenario, client, django_assert_max_num_queries
):
    """Every app's section included: the count depends on the apps, never on the rows."""
    client.force_login(scenario.direction)
    url, params = reverse("reports:report"), {"perimetre": "all", "annee": 2017}
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    for index in range(30):
        person = PersonFactory(last_name=f"Rahimi{index}")
        PathwayFactory(person=person, structure=scenario.angers, started_on=date(2017, 5, 2))
        FollowUpFactory(person=person, structure=scenario.angers, occurred_on=date(2017, 6, 1))
    with django_assert_max_num_queries(len(small)):
        response = client.get(url, params)
    assert response.status_code == 200
