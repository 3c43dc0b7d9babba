"""The audit trail in the admin shows the history of the configuration, never the casework's:
admins do no casework (DESIGN.md, roles), and pghistory's own events admin would show them
every person's identity and every follow-up note. The access log's list stays quick as the
log grows: months from the calendar, not from a scan of the log."""

import datetime
import zoneinfo

import pghistory
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ftda.enums import AccessAction
from ftda.models import AccessLog, FollowUp, Person, Structure
from hebergement.models import Stay
from tests.ftda.factories import FollowUpFactory, PersonFactory, StructureFactory, UserFactory
from tests.hebergement.factories import StayFactory

pytestmark = pytest.mark.django_db

NOTE = "Rendez-vous à la PASS pour un suivi cardiologique"  # nothing HTML escapes
CHANGELIST = reverse("admin:pghistory_events_changelist")


@pytest.fixture
def history():
    """A structure renamed, a person and a follow-up written and edited, all audited."""
    author = UserFactory(username="admin.nantes")
    with pghistory.context(user=author.pk, url="/test/"):
        structure = StructureFactory(name="CPH Angers")
        structure.name = "CPH d'Angers-Belle-Beille"
        structure.save()
        person = PersonFactory(last_name="Nguyễn", first_names="Thị Lan")
        follow_up = FollowUpFactory(person=person, structure=structure, note="Premier entretien")
        follow_up.note = NOTE
        follow_up.save()
        stay = StayFactory(person=person, arrived_on=datetime.date(2024, 2, 29))
    # The events are there: what the admin must not see is recorded.
    assert FollowUp.pgh_event_model.objects.filter(note=NOTE).exists()
    assert Person.pgh_event_model.objects.filter(last_name="Nguyễn").exists()
    assert Stay.pgh_event_model.objects.filter(pgh_obj=stay).exists()
    return {"structure": structure, "follow_up": follow_up, "stay": stay}


def test_the_admin_reads_the_history_of_the_configuration(admin_client, history):
    """In French: when, what, which element, each field changed, and by whom."""
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    structure = history["structure"]
    for header in ["Date", "Opération", "Élément", "Modifications", "Par"]:
        assert f">{header}</" in html, header
    assert f"Structure n° {structure.pk}" in html
    assert "<li>nom : « CPH Angers » → « CPH d&#x27;Angers-Belle-Beille »</li>" in html
    assert "Modification" in html and "Création" in html
    assert "admin.nantes" in html
    # The authors of the page are read with one query, not one per row.
    users = [q for q in queries.captured_queries if 'FROM "ftda_user"' in q["sql"]]
    assert len(users) == 2  # the session's user, then the page's authors


def test_no_event_of_the_casework_is_listed(admin_client, history):
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(CHANGELIST).content.decode()
    assert NOTE not in html and "Nguyễn" not in html and "Suivi n°" not in html
    # Not even read: the list merges the configuration's event tables only.
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "ftda_structureevent" in sql
    assert "ftda_followupevent" not in sql and "ftda_personevent" not in sql
    # Stays are imported in the admin, never listed there: their history is casework too.
    assert "hebergement_stayevent" not in sql and "Séjour n°" not in html


@pytest.mark.parametrize(
    "event_model", ["ftda.followupevent", "ftda.personevent", "hebergement.stayevent", "nope"]
)
def test_a_casework_event_model_asked_for_lists_nothing(admin_client, history, event_model):
    response = admin_client.get(CHANGELIST, {"event_model": event_model})
    html = response.content.decode()
    assert response.status_code == 200
    assert NOTE not in html and "Nguyễn" not in html and "Séjour n°" not in html
    assert "Belle-Beille" not in html  # the filter applies: nothing, rather than everything


def test_the_configuration_filter_offers_configured_models_only(admin_client, history):
    html = admin_client.get(CHANGELIST, {"event_model": "ftda.structureevent"}).content.decode()
    assert "Belle-Beille" in html
    assert "event_model=ftda.membershipevent" in html
    assert "event_model=ftda.followupevent" not in html
    assert "event_model=ftda.personevent" not in html
    assert "event_model=hebergement.stayevent" not in html
    assert "event_model=hebergement.placeevent" in html
    assert "Thème Chiche Chef" in html  # the first letter capitalised, the rest as written


def test_staff_without_the_configurations_permissions_read_no_history(client, history):
    """A staff account given the events' view permission alone, not the structures': the
    allowed list is then empty, which pghistory would read as every table."""
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_events"))
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert _result_rows(response) == ""
    assert "event" not in " ".join(q["sql"] for q in queries.captured_queries).lower()


@pytest.mark.parametrize("url", [CHANGELIST, reverse("admin:ftda_accesslog_changelist")])
def test_the_lists_offer_no_facet_counts(admin_client, history, url):
    """pghistory's change list fails on them, and on the log each would read every row."""
    response = admin_client.get(url, {"_facets": "True"})
    assert response.status_code == 200
    assert "les nombres" not in response.content.decode()  # « Afficher les nombres »


def test_a_casework_event_cannot_be_opened(admin_client, history):
    event = FollowUp.pgh_event_model.objects.get(note=NOTE)
    url = reverse("admin:pghistory_events_change", args=[f"ftda.FollowUpEvent:{event.pk}"])
    response = admin_client.get(url, follow=True)
    assert NOTE not in response.content.decode()
    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("admin:index")


def test_a_configuration_event_can_be_opened(admin_client, history):
    event = Structure.pgh_event_model.objects.filter(name="CPH d'Angers-Belle-Beille").get()
    url = reverse("admin:pghistory_events_change", args=[f"ftda.StructureEvent:{event.pk}"])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Belle-Beille" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        lambda person: {"obj": f"ftda.Person:{person.pk}"},
        lambda person: {"obj": f"ftda.Person:{person.pk}", "method": "tracks"},
        lambda person: {"model": "ftda.FollowUp"},
        lambda person: {"obj": "ftda.Person:0"},
    ],
)
def test_pghistorys_other_filters_are_refused(admin_client, history, query):
    """pghistory's `obj`, `method` and `model` parameters would list a person's events and
    put their name in the page's subtitle."""
    response = admin_client.get(CHANGELIST, query(history["follow_up"].person), follow=True)
    html = response.content.decode()
    assert NOTE not in html and "Nguyễn" not in html and "NGUYỄN" not in html
    assert response.redirect_chain[-1][0].endswith("?e=1")


def _result_rows(response):
    """The rows of an admin list ("" when it has none: the admin then shows no table)."""
    assert response.status_code == 200
    html = response.content.decode()
    if 'id="result_list"' not in html:
        return ""
    start = html.index("<tbody>", html.index('id="result_list"'))
    return html[start : html.index("</tbody>", start)]


def test_the_operation_filter_lists_the_changes_of_that_kind(admin_client, history):
    updates = _result_rows(admin_client.get(CHANGELIST, {"operation": "update"}))
    inserts = _result_rows(admin_client.get(CHANGELIST, {"operation": "insert"}))
    assert "Belle-Beille" in updates and "Création" not in updates
    assert "Création" in inserts and "Modification" not in inserts


# ------------------------------------------------------------------------- access log

ACCESS_LOG = reverse("admin:ftda_accesslog_changelist")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def a_read(at, path):
    """A read of a file logged at `at` (the log's own date is the insertion's)."""
    read = AccessLog.objects.create(user=UserFactory(), action=AccessAction.VIEW_PERSON, path=path)
    AccessLog.objects.filter(pk=read.pk).update(at=at)


def test_the_access_log_is_listed_by_month_of_paris(admin_client, settings):
    """Summer time began on 29 March 2026: 31 March at 23:30 in Paris is 21:30 UTC, and
    1 April at 00:30 in Paris is still 31 March in UTC, yet April's."""
    today = timezone.localdate()
    months_since_march = (today.year - 2026) * 12 + today.month - 3
    settings.ACCESS_LOG_RETENTION_MONTHS = max(12, months_since_march)  # March is offered
    a_read(datetime.datetime(2026, 3, 1, 0, 15, tzinfo=PARIS), "/personnes/1/")
    a_read(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=PARIS), "/personnes/2/")
    a_read(datetime.datetime(2026, 4, 1, 0, 30, tzinfo=PARIS), "/personnes/3/")
    a_read(datetime.datetime(2026, 2, 28, 23, 59, tzinfo=PARIS), "/personnes/4/")
    march = _result_rows(admin_client.get(ACCESS_LOG, {"mois": "2026-03"}))
    assert "/personnes/1/" in march and "/personnes/2/" in march
    assert "/personnes/3/" not in march and "/personnes/4/" not in march
    april = _result_rows(admin_client.get(ACCESS_LOG, {"mois": "2026-04"}))
    assert "/personnes/3/" in april and "/personnes/2/" not in april


@pytest.mark.parametrize("month", ["2026-13", "mars", "2026-03-01", "9999-12", "1990-01"])
def test_a_month_not_offered_lists_nothing(admin_client, settings, month):
    settings.ACCESS_LOG_RETENTION_MONTHS = 1200  # every month since 1926
    a_read(datetime.datetime(2026, 3, 10, 10, 0, tzinfo=PARIS), "/personnes/1/")
    assert "/personnes/1/" not in _result_rows(admin_client.get(ACCESS_LOG, {"mois": month}))


def test_the_months_offered_are_those_the_log_keeps_without_reading_it(admin_client, settings):
    settings.ACCESS_LOG_RETENTION_MONTHS = 12
    a_read(datetime.datetime(2026, 3, 10, 10, 0, tzinfo=PARIS), "/personnes/1/")
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(ACCESS_LOG).content.decode()
    assert html.count("?mois=") == 13
    today = timezone.localdate()
    assert f"?mois={today:%Y-%m}" in html
    # No DISTINCT over the log (Django's date hierarchy), nor its first and last dates.
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "DISTINCT" not in sql and "MIN(" not in sql
