"""Exports of lists: scoped, permission-checked, logged, formula-safe, numbers as numbers."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from ftda.enums import AccessAction
from ftda.exports import neutralise
from ftda.models import AccessLog
from tests.ftda.factories import (
    FollowUpFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    StructureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rouen_manager():
    membership = MembershipFactory(structure__name="CPH Rouen", manager=True)
    rouen = membership.structure
    angers = StructureFactory(name="CPH Angers")
    PathwayFactory(
        structure=rouen,
        person=PersonFactory(
            last_name="Nguyễn",
            first_names='=HYPERLINK("http://example.org","clic")',
            birth_date=datetime.date(1992, 2, 29),
        ),
    )
    PathwayFactory(
        structure=rouen, person=PersonFactory(last_name="Bérénice", first_names="@SOMME(A1)")
    )
    PathwayFactory(structure=angers, person=PersonFactory(last_name="Ailleurs", first_names="Ana"))
    return membership.user


def _download(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_holds_my_people_only_with_formulas_neutralised(client, rouen_manager):
    client.force_login(rouen_manager)
    response = client.get(reverse("ftda:caseload"), {"format": "csv", "tri": "nom"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="personnes-suivies-')
    text = _download(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénoms", "Date de naissance"]
    assert [r[0] for r in rows[1:]] == ["Bérénice", "Nguyễn"]
    assert rows[1][1] == "'@SOMME(A1)"
    assert rows[2][1].startswith("'=HYPERLINK")
    assert rows[2][2] == "29/02/1992"
    assert "Ailleurs" not in text


def test_xlsx_keeps_dates_as_dates_and_text_inert(client, rouen_manager):
    client.force_login(rouen_manager)
    response = client.get(reverse("ftda:caseload"), {"format": "xlsx", "tri": "nom"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(_download(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nom"
    assert len(rows) == 3
    nguyen = rows[2]
    assert nguyen[2] == datetime.datetime(1992, 2, 29)
    assert nguyen[1].startswith("'=")
    assert all(not str(cell).startswith("=") for row in rows for cell in row if cell)


def test_export_is_logged(client, rouen_manager):
    client.force_login(rouen_manager)
    client.get(reverse("ftda:caseload"), {"format": "csv"})
    log = AccessLog.objects.get()
    assert (log.user, log.action) == (rouen_manager, AccessAction.EXPORT)
    assert "format=csv" in log.path


def test_social_workers_cannot_export(client):
    worker = MembershipFactory().user
    client.force_login(worker)
    assert client.get(reverse("ftda:caseload"), {"format": "csv"}).status_code == 404
    assert client.get(reverse("ftda:caseload")).context["can_export"] is False
    assert not AccessLog.objects.exists()


def test_unknown_format_is_the_ordinary_list(client, rouen_manager):
    client.force_login(rouen_manager)
    response = client.get(reverse("ftda:caseload"), {"format": "pdf"})
    assert response.status_code == 200
    assert b"Exporter (CSV)" in response.content


def test_export_never_contains_notes(client, rouen_manager):
    person = PersonFactory(last_name="Haidari")
    rouen = rouen_manager.memberships.get().structure
    PathwayFactory(structure=rouen, person=person)
    FollowUpFactory(person=person, structure=rouen, note="Confidentiel : santé")
    client.force_login(rouen_manager)
    text = _download(client.get(reverse("ftda:caseload"), {"format": "csv"})).decode()
    assert "Haidari" in text and "Confidentiel" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Élise", "Élise"),
        (-2, -2),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected
