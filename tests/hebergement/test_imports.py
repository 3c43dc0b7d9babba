"""Imports of real-world files: Windows-1252 `;` CSV, UTF-8 CSV, XLSX written by openpyxl;
bad files write nothing and list each faulty row and column."""

import datetime
import io

import openpyxl
import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ftda.models import Household, HouseholdMember, Pathway, Person, Structure
from hebergement.models import Capacity, HousingUnit, Place, Stay
from hebergement.resources import (
    CapacityResource,
    CurrentStayResource,
    FrenchCSV,
    FrenchXLSX,
    HousingUnitResource,
)
from tests.ftda.factories import StructureFactory, UserFactory
from tests.hebergement.factories import CapacityFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date

CAPACITY_CSV = (
    "Structure;Type;Département;Ville;Places autorisées;À partir du;Jusqu'au;Décision;"
    "Référence de la décision;Date de la décision\r\n"
    "CPH Angers;CPH;Maine-et-Loire;Angers;60;01/03/2017;;Création;Arrêté 2017-12;15/02/2017\r\n"
    "CPH Saint-Lô;Centre provisoire d'hébergement;50;Saint-Lô;60;01/10/2018;;création;;\r\n"
    "CPH Angers;;;;77;01/01/2018;;Extension;Arrêté 2017-98;20/12/2017\r\n"
    "CPH Corse;CPH;2a;Ajaccio;12;29/02/2024;;Création;;\r\n"
)


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(resource_class, data, fmt):
    dataset = fmt().create_dataset(data)
    return resource_class().import_data(dataset, dry_run=False, raise_errors=False)


def errors_of(result):
    """{row number: {column: [messages]}} of the faulty rows."""
    return {
        row.number: {key: list(value) for key, value in row.error_dict.items()}
        for row in result.invalid_rows
    } | {error.number: {"?": [str(error.error)]} for error in result.base_errors}


def test_capacity_from_a_windows_1252_semicolon_csv():
    result = run(CapacityResource, CAPACITY_CSV.encode("cp1252"), FrenchCSV)
    assert not result.has_validation_errors() and not result.has_errors(), errors_of(result)
    angers = Structure.objects.get(name="CPH Angers")
    assert angers.departement == "49"
    assert list(angers.capacities.values_list("places", "valid_from", "valid_until")) == [
        (60, D(2017, 3, 1), D(2017, 12, 31)),
        (77, D(2018, 1, 1), None),
    ]
    assert Structure.objects.get(name="CPH Saint-Lô").departement == "50"
    assert Structure.objects.get(name="CPH Corse").departement == "2A"
    assert Capacity.objects.get(structure__name="CPH Corse").valid_from == D(2024, 2, 29)


def test_the_same_file_in_utf8_with_bom_and_commas():
    text = "\ufeff" + CAPACITY_CSV.replace(";", ",")
    result = run(CapacityResource, text.encode("utf-8"), FrenchCSV)
    assert not result.has_validation_errors(), errors_of(result)
    assert Capacity.objects.count() == 4


def test_a_bad_capacity_file_writes_nothing_and_lists_rows_and_columns():
    CapacityFactory(
        structure=StructureFactory(name="CPH Rouen", departement="76"),
        places=70,
        valid_from=D(2017, 9, 1),
        valid_until=D(2018, 12, 31),
    )
    bad = (
        "Structure;Type;Département;Ville;Places autorisées;À partir du;Jusqu'au;Décision\r\n"
        "CPH Angers;CPH;Maine-et-Loir;Angers;60;01/03/2017;;Création\r\n"
        "CPH Laval;CPH;53;Laval;soixante;31/02/2018;;Création\r\n"
        "CPH Rouen;;;;90;01/06/2018;;Extension\r\n"
        "CPH Gap;CPH;05;Gap;50;01/06/2018;01/01/2018;Ouverture\r\n"
    )
    result = run(CapacityResource, bad.encode("cp1252"), FrenchCSV)
    errors = errors_of(result)
    assert set(errors) == {1, 2, 3, 4}
    assert "Maine-et-Loir" in errors[1]["Département"][0]
    assert set(errors[2]) == {"Places autorisées", "À partir du"}
    assert "jj/mm/aaaa" in errors[2]["À partir du"][0]
    assert errors[3]["__all__"] == [
        "Cette période de capacité chevauche une autre période de la même structure."
    ]
    assert "Décision" in errors[4]
    assert not Structure.objects.filter(name__in=["CPH Angers", "CPH Laval", "CPH Gap"]).exists()
    assert Capacity.objects.count() == 1


def test_housing_units_with_their_places_from_an_xlsx():
    StructureFactory(name="CPH Angers")
    data = xlsx(
        [
            [
                "Structure",
                "Désignation",
                "Type",
                "Adresse",
                "Code postal",
                "Ville",
                "Nombre de places",
            ],
            [
                "CPH Angers",
                "Appartement Roseraie",
                "Logement diffus",
                "12 rue Jean Vilar",
                49100,
                "Angers",
                4,
            ],
            ["cph angers", "Chambre 1", "collectif", "3 boulevard Ayrault", "49000", "Angers", 2],
            [None, None, None, None, None, None, None],
        ]
    )
    result = run(HousingUnitResource, data, FrenchXLSX)
    assert not result.has_validation_errors() and not result.has_errors(), errors_of(result)
    flat = HousingUnit.objects.get(label="Appartement Roseraie")
    assert flat.postal_code == "49100" and flat.places.count() == 4
    assert Place.objects.count() == 6


def test_a_bad_xlsx_writes_nothing():
    StructureFactory(name="CPH Angers")
    data = xlsx(
        [
            [
                "Structure",
                "Désignation",
                "Type",
                "Adresse",
                "Code postal",
                "Ville",
                "Nombre de places",
            ],
            ["CPH Angers", "Appartement 1", "Logement diffus", "", "49100", "Angers", 3],
            ["CPH Angers", "Appartement 1", "Logement diffus", "", "49100", "Angers", 2],
            ["CPH Brest", "Chambre 2", "Igloo", "", "29", "Brest", 0],
        ]
    )
    result = run(HousingUnitResource, data, FrenchXLSX)
    errors = errors_of(result)
    assert errors[2]["__all__"] == ["Un logement porte déjà cette désignation ici."]
    assert set(errors[3]) >= {"Structure", "Type", "Nombre de places"}
    assert not HousingUnit.objects.exists() and not Place.objects.exists()


def test_current_stays_create_persons_households_and_pathways():
    angers = StructureFactory(name="CPH Angers")
    run(
        HousingUnitResource,
        xlsx(
            [
                ["Structure", "Désignation", "Type", "Nombre de places"],
                ["CPH Angers", "Appartement 3", "Logement diffus", 3],
            ]
        ),
        FrenchXLSX,
    )
    data = (
        "Structure;Logement;Place;Nom;Prénoms;Date de naissance;Ménage;Arrivée le;"
        "Contrat signé le;Fin prévue le\n"
        "CPH Angers;Appartement 3;1;Haidari;Mohammed;14/03/1991;Ménage HAIDARI;29/02/2024;"
        "01/03/2024;\n"
        "CPH Angers;Appartement 3;2;Haidari;Zahra;02/07/1994;Ménage HAIDARI;29/02/2024;"
        "01/03/2024;28/02/2025\n"
    ).encode("cp1252")
    result = run(CurrentStayResource, data, FrenchCSV)
    assert not result.has_validation_errors() and not result.has_errors(), errors_of(result)
    stays = Stay.objects.order_by("place__label")
    assert [s.planned_end_on for s in stays] == [
        D(2024, 11, 29),
        D(2025, 2, 28),
    ]
    assert stays[0].household == stays[1].household
    assert Pathway.objects.filter(structure=angers, ended_on=None).count() == 2


def test_bad_current_stays_write_nothing():
    StructureFactory(name="CPH Angers")
    run(
        HousingUnitResource,
        xlsx(
            [
                ["Structure", "Désignation", "Type", "Nombre de places"],
                ["CPH Angers", "Chambre 1", "collectif", 1],
            ]
        ),
        FrenchXLSX,
    )
    data = (
        "Structure;Logement;Place;Nom;Prénoms;Date de naissance;Arrivée le\n"
        "CPH Angers;Chambre 1;1;Tesfay;Mehret;11/09/1997;02/01/2024\n"
        "CPH Angers;Chambre 1;1;Gebremariam;Yonas;23/01/1995;03/01/2024\n"
        "CPH Angers;Chambre 9;1;Warsame;;1998-12-24;\n"
    ).encode()
    result = run(CurrentStayResource, data, FrenchCSV)
    errors = errors_of(result)
    assert errors[2]["__all__"] == ["Cette place est déjà occupée pendant cette période."]
    assert set(errors[3]) >= {"Place", "Prénoms", "Arrivée le"}
    assert not Stay.objects.exists() and not Person.objects.exists()


def test_admin_import_preview_lists_faulty_rows_and_columns(client):
    client.force_login(UserFactory(admin=True))
    bad = (
        "Structure;Type;Département;Ville;Places autorisées;À partir du;Jusqu'au;Décision\r\n"
        "CPH Laval;CPH;Mayenne;Laval;60;31/02/2018;;Création\r\n"
    )
    response = client.post(
        reverse("admin:hebergement_capacity_import"),
        {
            "format": 0,
            "resource": 0,
            "import_file": SimpleUploadedFile("capacites.csv", bad.encode("cp1252")),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "À partir du" in page and "31/02/2018" in page and "jj/mm/aaaa" in page
    assert not Structure.objects.filter(name="CPH Laval").exists()

    good = CAPACITY_CSV.encode("cp1252")
    response = client.post(
        reverse("admin:hebergement_capacity_import"),
        {"format": 0, "resource": 0, "import_file": SimpleUploadedFile("capacites.csv", good)},
    )
    assert "confirm" in response.content.decode().lower()
    assert not Capacity.objects.exists()  # the preview is a dry run


def test_admin_import_confirmed_writes_the_rows(client):
    client.force_login(UserFactory(admin=True))
    response = client.post(
        reverse("admin:hebergement_capacity_import"),
        {
            "format": 0,
            "resource": 0,
            "import_file": SimpleUploadedFile("capacites.csv", CAPACITY_CSV.encode("cp1252")),
        },
    )
    confirm = response.context["confirm_form"]
    response = client.post(
        reverse("admin:hebergement_capacity_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )
    assert response.status_code == 302
    assert Capacity.objects.count() == 4
    assert Structure.objects.get(name="CPH Saint-Lô").city == "Saint-Lô"


def test_admin_refuses_an_overlapping_capacity_in_french(client):
    client.force_login(UserFactory(admin=True))
    angers = StructureFactory(name="CPH Angers")
    CapacityFactory(structure=angers, valid_from=D(2017, 3, 1))
    response = client.post(
        reverse("admin:hebergement_capacity_add"),
        {
            "structure": angers.pk,
            "places": 77,
            "valid_from": "01/01/2018",
            "decision_kind": "extension",
        },
    )
    assert response.status_code == 200
    assert "Cette période de capacité chevauche une autre période" in response.content.decode()
    assert Capacity.objects.count() == 1


def test_admin_inverted_periods_are_french_errors_not_500(client):
    client.force_login(UserFactory(admin=True))
    angers = StructureFactory(name="CPH Angers")
    CapacityFactory(structure=angers, valid_from=D(2017, 3, 1))
    response = client.post(
        reverse("admin:hebergement_capacity_add"),
        {
            "structure": angers.pk,
            "places": 77,
            "valid_from": "01/01/2018",
            "valid_until": "31/12/2017",
            "decision_kind": "extension",
        },
    )
    assert response.status_code == 200
    assert "La fin ne peut précéder le début." in response.content.decode()
    unit = HousingUnit.objects.create(
        structure=angers, kind="scattered_flat", label="Appartement 1"
    )
    response = client.post(
        reverse("admin:hebergement_outofservice_add"),
        {"unit": unit.pk, "starts_on": "29/02/2024", "ends_on": "28/02/2024", "reason": "Travaux"},
    )
    assert response.status_code == 200
    assert "La fin ne peut précéder le début." in response.content.decode()


def test_housing_imports_go_through_the_upload_checks(client):
    """A PDF renamed .csv is refused at the upload with a French message, nothing written."""
    client.force_login(UserFactory(admin=True))
    response = client.post(
        reverse("admin:hebergement_capacity_import"),
        {
            "format": 1,  # XLSX chosen, a .csv given
            "resource": 0,
            "import_file": SimpleUploadedFile("capacites.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        },
    )
    assert response.status_code == 200
    assert "extension .csv" in response.content.decode()
    assert not Capacity.objects.exists()


LOOKUP_TABLES = ("ftda_structure", "hebergement_place", "ftda_person", "ftda_household")


def stays_import_queries(name, rows):
    """SQL of importing `rows` current stays (new persons, households of two and singles,
    one person already known) into a new structure, the preview and the confirmed import."""
    structure = StructureFactory(name=name)
    unit = HousingUnit.objects.create(structure=structure, kind="collective_room", label="Bât. A")
    Place.objects.bulk_create(Place(unit=unit, label=str(n)) for n in range(1, rows + 1))
    known = Person.objects.create(
        last_name="Warsame", first_names=f"Hodan {name[-1]}", birth_date=D(1990, 1, 1)
    )
    lines = ["Structure;Logement;Place;Nom;Prénoms;Date de naissance;Ménage;Arrivée le"]
    for n in range(1, rows):
        household = f"Ménage {name} {n // 2}" if n % 4 else ""
        lines.append(
            f"{name};Bât. A;{n};Haidari;Zahra {n} {name[-1]};02/07/1994;{household};01/03/2024"
        )
    lines.append(
        f"{name};Bât. A;{rows};{known.last_name};{known.first_names};01/01/1990;;01/03/2024"
    )
    data = "\r\n".join(lines).encode("cp1252")
    with CaptureQueriesContext(connection) as queries:
        for dry_run in (True, False):
            result = CurrentStayResource().import_data(
                FrenchCSV().create_dataset(data), dry_run=dry_run, raise_errors=False
            )
            assert not result.has_validation_errors() and not result.has_errors(), errors_of(result)
    assert Stay.objects.filter(structure=structure).count() == rows
    assert Stay.objects.get(structure=structure, place__label=str(rows)).person == known
    return [query["sql"] for query in queries.captured_queries]


def test_stays_import_looks_up_once_per_file_not_per_row():
    small, large = stays_import_queries("CPH A", 4), stays_import_queries("CPH B", 16)

    def lookups(queries):
        return [
            sql
            for sql in queries
            if sql.startswith("SELECT") and any(f'FROM "{t}"' in sql for t in LOOKUP_TABLES)
        ]

    assert len(lookups(large)) == len(lookups(small))
    # Rows are written in bulk, 1,000 to a statement: 16 rows cost no more than 4.
    assert len(large) == len(small), "\n".join(large)


STAYS_HEADER = (
    "Structure;Logement;Place;Nom;Prénoms;Date de naissance;Ménage;Arrivée le;Fin prévue le"
)


def stays_file(*lines):
    return "\r\n".join([STAYS_HEADER, *lines]).encode("cp1252")


@pytest.fixture
def flat():
    """CPH Angers, a flat of 4 places."""
    unit = HousingUnit.objects.create(
        structure=StructureFactory(name="CPH Angers"), kind="scattered_flat", label="Appt 1"
    )
    Place.objects.bulk_create(Place(unit=unit, label=str(n)) for n in range(1, 5))
    return unit


def test_stays_import_checks_the_database_rules_row_by_row_before_writing(flat):
    taken = Place.objects.get(unit=flat, label="4")
    housed = StayFactory(place=taken, arrived_on=D(2024, 1, 5)).person
    data = stays_file(
        "CPH Angers;Appt 1;1;Tesfay;Mehret;11/09/1997;;01/03/2024;",
        # the same person again: one stay at a time
        "CPH Angers;Appt 1;2;tesfay;MEHRET;11/09/1997;;02/03/2024;",
        # a place taken by a stay already in the database
        "CPH Angers;Appt 1;4;Warsame;Hodan;24/12/1998;;01/03/2024;",
        # someone in a stay already, elsewhere in the database
        f"CPH Angers;Appt 1;3;{housed.last_name};{housed.first_names};"
        f"{housed.birth_date:%d/%m/%Y};;01/03/2024;",
        "CPH Angers;Appt 1;3;Gebremariam;Yonas;23/01/1995;;01/03/2024;29/02/2024",
    )
    errors = errors_of(run(CurrentStayResource, data, FrenchCSV))
    assert errors == {
        2: {"__all__": ["Cette personne a déjà un séjour en cours pendant cette période."]},
        3: {"__all__": ["Cette place est déjà occupée pendant cette période."]},
        4: {"__all__": ["Cette personne a déjà un séjour en cours pendant cette période."]},
        5: {"Fin prévue le": ["La fin prévue doit être postérieure à l'arrivée."]},
    }
    assert Stay.objects.count() == 1 and not Person.objects.filter(last_name="Tesfay").exists()


class ConcurrentStayResource(CurrentStayResource):
    """Someone takes place 2 between the look-ups and the writes."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        StayFactory(place=Place.objects.get(label="2"), arrived_on=D(2024, 1, 5))


def test_the_database_constraints_remain_the_final_guard_row_by_row(flat):
    data = stays_file(
        "CPH Angers;Appt 1;1;Tesfay;Mehret;11/09/1997;Ménage TESFAY;01/03/2024;",
        "CPH Angers;Appt 1;2;Tesfay;Yonas;23/01/1995;Ménage TESFAY;01/03/2024;",
        "CPH Angers;Appt 1;3;Warsame;Hodan;24/12/1998;;01/03/2024;",
    )
    result = ConcurrentStayResource().import_data(
        FrenchCSV().create_dataset(data), dry_run=False, raise_errors=False
    )
    assert errors_of(result) == {
        2: {"__all__": ["Cette place est déjà occupée pendant cette période."]}
    }
    assert Stay.objects.count() == 0  # the concurrent stay was rolled back with the import
    assert not Person.objects.filter(last_name__in=["Tesfay", "Warsame"]).exists()


def test_admin_stays_import_is_audited_with_user_and_url(client, flat):
    admin_user = UserFactory(admin=True)
    client.force_login(admin_user)
    data = stays_file(
        "CPH Angers;Appt 1;1;Tesfay;Mehret;11/09/1997;Ménage TESFAY;01/03/2024;",
        "CPH Angers;Appt 1;2;Tesfay;Yonas;23/01/1995;Ménage TESFAY;01/03/2024;",
        "CPH Angers;Appt 1;3;Warsame;Hodan;24/12/1998;;01/03/2024;",
    )
    response = client.post(
        reverse("admin:hebergement_stay_import"),
        {"format": 0, "resource": 0, "import_file": SimpleUploadedFile("sejours.csv", data)},
    )
    assert not Stay.objects.exists()  # the preview is a dry run
    confirm = response.context["confirm_form"]
    url = reverse("admin:hebergement_stay_process_import")
    response = client.post(url, {name: confirm.initial.get(name, "") for name in confirm.fields})
    assert response.status_code == 302
    for model, events in insert_events_of_the_tesfay_warsame_stays().items():
        contexts = {event.pgh_context.metadata["user"] for event in events}
        assert contexts == {admin_user.pk}, model
        assert {event.pgh_context.metadata["url"] for event in events} == {url}, model
    stays = Stay.objects.filter(structure__name="CPH Angers")
    assert LogEntry.objects.filter(object_id__in=[str(s.pk) for s in stays]).count() == 3


def insert_events_of_the_tesfay_warsame_stays():
    """{model: insert events} of what importing the Tesfay household and Hodan Warsame into
    CPH Angers wrote (one event per row written, checked here)."""
    stays = Stay.objects.filter(structure__name="CPH Angers")
    persons = Person.objects.filter(stays__in=stays)
    expected = {
        Person: persons,
        Household: Household.objects.filter(label="Ménage TESFAY"),
        HouseholdMember: HouseholdMember.objects.filter(person__in=persons),
        Stay: stays,
        Pathway: Pathway.objects.filter(person__in=persons),
    }
    assert [len(rows) for rows in expected.values()] == [3, 1, 2, 3, 3]
    events_of = {}
    for model, rows in expected.items():
        event_model = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
        events_of[model] = event_model.objects.filter(pgh_obj__in=rows, pgh_label="insert")
        assert events_of[model].count() == len(rows), model
    return events_of


def test_confirming_a_file_no_longer_stored_says_so_in_french_and_writes_nothing(client):
    client.force_login(UserFactory(admin=True))
    upload = SimpleUploadedFile("capacites.csv", CAPACITY_CSV.encode("cp1252"))
    response = client.post(
        reverse("admin:hebergement_capacity_import"),
        {"format": 0, "resource": 0, "import_file": upload},
    )
    confirm = response.context["confirm_form"]
    data = {name: confirm.initial.get(name, "") for name in confirm.fields}
    assert (
        client.post(reverse("admin:hebergement_capacity_process_import"), data).status_code == 302
    )
    imported = Capacity.objects.count()

    # Confirmed a second time (its file was removed by the import, as by the daily purge).
    response = client.post(reverse("admin:hebergement_capacity_process_import"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:hebergement_capacity_import")
    assert "n&#x27;est plus disponible" in response.content.decode()
    assert Capacity.objects.count() == imported == 4
