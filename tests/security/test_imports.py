"""Imports: limits, content checks and temporary files (ftda.imports)."""

import datetime
import os
import time

import openpyxl.xml
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ftda.imports import TMP_FOLDER, ImportRefused, check_upload, purge_import_files
from ftda.models import Partner, Structure
from tests.security import import_files

pytestmark = pytest.mark.django_db

ROWS = [
    ("CPH Chaumont", "cph", "52", "Chaumont", "12 rue de Verdun", "01/03/2017", ""),
    ("Clé de France", "programme", "75", "Paris", "", "29/02/2024", ""),
]


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refused(name, content, expected_extension=None):
    start = time.monotonic()
    with pytest.raises(ImportRefused) as error:
        check_upload(upload(name, content), expected_extension=expected_extension)
    elapsed = time.monotonic() - start
    assert elapsed < 5, f"{name}: {elapsed:.1f} s"
    return " ".join(error.value.messages)


def test_defusedxml_is_installed_and_used_by_openpyxl():
    assert openpyxl.xml.DEFUSEDXML is True


def test_good_files_pass():
    assert check_upload(upload("structures.xlsx", import_files.good_xlsx(ROWS)))
    assert check_upload(upload("structures.csv", import_files.structures_csv(ROWS)))


def test_an_xml_bomb_is_refused():
    assert "déclarations XML interdites" in refused("bombe.xlsx", import_files.xml_bomb_xlsx())


def test_a_zip_bomb_is_refused():
    assert "volume anormal" in refused("bombe.xlsx", import_files.zip_bomb_xlsx())


def test_a_csv_of_a_million_rows_is_refused():
    assert "plus de 20000 lignes" in refused("million.csv", import_files.million_rows_csv())


def test_an_xlsx_with_too_many_rows_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 100
    assert "plus de 100 lignes" in refused("lignes.xlsx", import_files.many_rows_xlsx(150))
    assert check_upload(upload("lignes.xlsx", import_files.many_rows_xlsx(99)))


def test_a_file_too_large_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    assert "trop volumineux" in refused("gros.csv", b"a,b\n" * 1000)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("structures.xlsx", import_files.PDF_BYTES, "n'est pas un classeur XLSX"),
        ("structures.xlsx", import_files.structures_csv(ROWS), "n'est pas un classeur XLSX"),
        ("structures.csv", import_files.PDF_BYTES[:12] + b"\x00\x01", "données binaires"),
        ("structures.csv", b"\x81\x8d\x8f\x90\x9d" * 10, "ni en UTF-8 ni en Windows-1252"),
        ("structures.pdf", import_files.PDF_BYTES, "Seuls les fichiers .csv et .xlsx"),
        ("structures.exe", b"MZ\x90\x00", "Seuls les fichiers .csv et .xlsx"),
        ("notes.zip", import_files.good_xlsx(ROWS), "Seuls les fichiers .csv et .xlsx"),
    ],
)
def test_false_extensions_and_wrong_content_are_refused(name, content, message):
    assert message in refused(name, content)


def test_the_extension_must_match_the_chosen_format():
    assert "le format choisi est CSV" in refused(
        "structures.xlsx", import_files.good_xlsx(ROWS), expected_extension="csv"
    )


def test_a_windows_1252_csv_is_transcoded():
    content = import_files.structures_csv(ROWS, encoding="cp1252")
    result = check_upload(upload("structures.csv", content))
    assert "Clé de France".encode() in result.read()


# ----------------------------------------------------------------------------- admin


@pytest.fixture
def file_storage(settings, tmp_path):
    """Files on disk: django-import-export's MediaStorage opens a new storage handler at each
    step, which an in-memory storage would not survive."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def test_an_admin_imports_structures_through_preview_and_confirmation(admin_client):
    content = import_files.structures_csv(ROWS, encoding="cp1252")
    response = admin_client.post(
        reverse("admin:ftda_structure_import"),
        {"resource": "0", "format": "0", "import_file": upload("structures.csv", content)},
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None, response.context["form"].errors
    stored = f"{TMP_FOLDER}/{confirm.initial['import_file_name']}"
    assert storages["default"].exists(stored)
    assert not Structure.objects.filter(name="Clé de France").exists()  # a preview only
    response = admin_client.post(reverse("admin:ftda_structure_process_import"), confirm.initial)
    assert response.status_code == 302
    structure = Structure.objects.get(name="Clé de France")
    assert structure.opened_on == datetime.date(2024, 2, 29)
    assert not storages["default"].exists(stored)  # removed after the import


def test_a_hostile_file_in_the_admin_gets_a_french_error_and_changes_nothing(admin_client):
    before = Partner.objects.count()
    response = admin_client.post(
        reverse("admin:ftda_partner_import"),
        {
            "resource": "0",
            "format": "1",
            "import_file": upload("p.xlsx", import_files.xml_bomb_xlsx()),
        },
    )
    assert response.status_code == 200
    assert "déclarations XML interdites" in response.text
    assert Partner.objects.count() == before


def test_left_over_import_files_are_purged_after_a_delay(file_storage, tmp_path):
    folder = tmp_path / TMP_FOLDER
    folder.mkdir()
    old, recent = folder / "ancien", folder / "recent"
    old.write_bytes(b"Nom\n")
    recent.write_bytes(b"Nom\n")
    three_hours_ago = time.time() - 3 * 3600
    os.utime(old, (three_hours_ago, three_hours_ago))
    assert purge_import_files(dry_run=True) == ["ancien"]
    assert old.exists()
    call_command("purge_import_files")
    assert not old.exists() and recent.exists()
    assert purge_import_files(now=timezone.now() + datetime.timedelta(hours=3)) == ["recent"]
