"""Rights of the person: everything held on them as JSON and PDF, for their managers only,
logged; the PDF fetcher reads nothing but data: URLs and static files."""

import io
import json
import sys
import types

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ftda.enums import AccessAction
from ftda.models import AccessLog
from ftda.pdf import RefusedURL, SafeURLFetcher, render_pdf
from ftda.personal_data import collect_all
from ftda.services import update_person
from tests.ftda.factories import (
    FollowUpFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def file():
    manager = MembershipFactory(manager=True, structure__name="CPH Chaumont")
    person = PersonFactory(last_name="Gebremariam", first_names="Yonas", agdref_number="7501234567")
    PathwayFactory(person=person, structure=manager.structure)
    other = MembershipFactory(structure__name="AGIR Manche")
    PathwayFactory(person=person, structure=other.structure)
    FollowUpFactory(
        person=person, structure=manager.structure, author=manager.user, note="Titre de séjour."
    )
    FollowUpFactory(
        person=person, structure=other.structure, author=other.user, note="Atelier CV à Saint-Lô."
    )
    HouseholdMemberFactory(person=person, household__label="Famille Gebremariam")
    # A rectification of the identity, audited.
    person.first_names = "Yonas Tekle"
    update_person(person=person, expected_version=person.version)
    return manager.user, person


def test_a_manager_downloads_everything_as_json_and_it_is_logged(client, file):
    manager, person = file
    client.force_login(manager)
    response = client.get(reverse("ftda:person_data", args=[person.pk]), {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.json"')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["Identité"]["Prénoms"] == "Yonas Tekle"
    assert data["Identité"]["Numéro AGDREF"] == "7501234567"
    assert {row["Structure"] for row in data["Accompagnements"]} == {"CPH Chaumont", "AGIR Manche"}
    assert {row["Note"] for row in data["Suivis"]} == {"Titre de séjour.", "Atelier CV à Saint-Lô."}
    assert data["Ménage"][0]["Ménage"] == "Famille Gebremariam"
    operations = [row["Opération"] for row in data["Historique des modifications de l'identité"]]
    assert operations == ["création", "rectification"]
    log = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert (log.user, log.person) == (manager, person)


def test_a_manager_downloads_a_pdf_and_it_is_logged(client, file):
    manager, person = file
    client.force_login(manager)
    response = client.get(reverse("ftda:person_data", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "GEBREMARIAM Yonas Tekle" in text
    assert "Atelier CV à" in text and "Saint-Lô." in text and "Titre de séjour." in text
    assert AccessLog.objects.filter(action=AccessAction.PDF, person=person).count() == 1


def test_social_workers_and_the_direction_cannot(client, file):
    _, person = file
    worker = MembershipFactory(structure=person.pathways.first().structure).user
    client.force_login(worker)
    assert client.get(reverse("ftda:person_data", args=[person.pk])).status_code == 404


def test_the_person_file_offers_the_download_to_its_managers(client, file):
    manager, person = file
    client.force_login(manager)
    html = client.get(reverse("ftda:person_detail", args=[person.pk])).text
    assert reverse("ftda:person_data", args=[person.pk]) in html


def test_apps_add_their_data_through_their_hook(file, settings, monkeypatch):
    _, person = file
    module = types.ModuleType("fakeapp.personal_data")
    module.collect = lambda p: {"Séjours": [{"Logement": "T3 Chaumont", "Personne": p.pk}]}
    monkeypatch.setitem(sys.modules, "fakeapp", types.ModuleType("fakeapp"))
    monkeypatch.setitem(sys.modules, "fakeapp.personal_data", module)
    settings.DEMO_APPS = [*settings.DEMO_APPS, "fakeapp"]
    assert collect_all(person)["Séjours"] == [{"Logement": "T3 Chaumont", "Personne": person.pk}]


# ----------------------------------------------------------------------------- fetcher


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://exemple.invalid/suivi.png",
        "https://static.ftda.invalid/static/../../ftda/settings.py",
        "https://static.ftda.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://static.ftda.invalid/media/pieces/passeport.jpg",
        "ftp://exemple.invalid/x",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_data_and_static(url):
    with pytest.raises((RefusedURL, ValueError)):
        SafeURLFetcher().fetch(url)


def test_the_pdf_fetcher_serves_data_urls_and_static_files():
    fetcher = SafeURLFetcher()
    assert fetcher.fetch("data:text/plain;base64,Qm9uam91cg==").read() == b"Bonjour"
    css = fetcher.fetch("https://static.ftda.invalid/static/css/pdf.css")
    assert b"@page" in css.read() and css.content_type == "text/css"


def test_a_pdf_with_hostile_resources_renders_without_them():
    html = (
        '<p>Note</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<link rel="stylesheet" href="https://exemple.invalid/x.css">'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
