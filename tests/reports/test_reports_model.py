"""Rules of saved reports: who sees them, versions, stale generations, constraints."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ftda.indicators import Figure, Period, Scope, Section
from ftda.reports import compose
from ftda.reports.models import Report
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_reports_are_visible_to_the_managers_of_all_their_structures(scenario):
    mine = ReportFactory(structure=scenario.angers, created_by=scenario.manager)
    other = ReportFactory(structure=scenario.rouen, created_by=scenario.rouen_manager)
    both = ReportFactory(
        structure=scenario.angers,
        scope_key="housing",
        structure_ids=[scenario.angers.pk, scenario.rouen.pk],
        created_by=scenario.direction,
        published=True,
    )
    assert set(Report.objects.for_user(scenario.manager)) == {mine}
    assert set(Report.objects.for_user(scenario.rouen_manager)) == {other}
    assert set(Report.objects.for_user(scenario.direction)) == {mine, other, both}


def test_mes_rapports_lists_own_drafts_and_published_reports(scenario, client):
    ReportFactory(structure=scenario.angers, created_by=scenario.manager)
    ReportFactory(
        structure=scenario.angers,
        created_by=scenario.direction,
        published=True,
        period_start=datetime.date(2016, 1, 1),
        period_end=datetime.date(2016, 12, 31),
    )
    client.force_login(scenario.manager)
    html = client.get(reverse("reports:mine")).content.decode()
    assert "année 2017" in html and "année 2016" in html and "Publié le" in html
    client.force_login(scenario.rouen_manager)
    assert "CPH d&#x27;Angers" not in client.get(reverse("reports:mine")).content.decode()


def test_one_draft_and_one_number_per_version(scenario):
    ReportFactory(structure=scenario.angers)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportFactory(structure=scenario.angers, version=2)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportFactory(structure=scenario.angers, version=1, published=True)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportFactory(structure=scenario.angers, version=3, status="published")


def test_a_stale_generation_can_be_started_again(scenario, client, report_builder):
    report = ReportFactory(
        structure=scenario.angers, created_by=scenario.manager, generation="running"
    )
    assert report.is_generating
    Report.objects.filter(pk=report.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    report.refresh_from_db()
    assert not report.is_generating
    client.force_login(scenario.manager)
    client.post(reverse("reports:generate", args=[report.pk]))
    report.refresh_from_db()
    assert (report.generation, report.progress) == ("done", 100)
    assert report.pdf.name.endswith(".pdf")


def test_drilldown_links_stay_inside_the_application(settings, monkeypatch, scenario):
    def section(period, scope):
        return Section(
            "piege",
            "Piège",
            [
                Figure("a", "A", 1, drilldown="javascript:alert(1)"),
                Figure("b", "B", 2, drilldown="//evil.example/x"),
                Figure("c", "C", 3, drilldown="/rapports/listes/personnes/?du=2017-01-01"),
            ],
        )

    monkeypatch.setattr(compose, "providers", lambda: [("piege", section)])
    document = compose.compose(Period.year(2017), Scope.of([scenario.angers], "Angers"))
    links = [f["drilldown"] for f in document["sections"][0]["figures"]]
    assert links == [None, None, "/rapports/listes/personnes/?du=2017-01-01"]
