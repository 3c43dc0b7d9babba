"""The report as files: a real PDF with the expected French figures, an XLSX with numbers,
scoped to the manager's structure; publication freezes them; consolidated scopes generate
in the background with a progress value; downloads are logged."""

import datetime

import pytest
from django.urls import reverse

from ftda.enums import AccessAction
from ftda.models import AccessLog, Person
from ftda.reports.models import Report
from ftda.reports.tasks import generate_report_task
from tests.ftda.factories import FollowUpFactory, PathwayFactory, PersonFactory

pytestmark = pytest.mark.django_db
N = "\u202f"


def sheet_values(workbook, title_start):
    sheet = next(ws for ws in workbook.worksheets if ws.title.startswith(title_start))
    return {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}


def test_pdf_holds_the_figures_in_french_format(scenario, report_builder, sample_provider):
    built = report_builder(
        scenario.manager,
        f"structure:{scenario.angers.pk}",
        narratives={"accompagnement": "L'année 2017 a vu l'arrivée de deux familles."},
    )
    assert built.pdf_bytes.startswith(b"%PDF-")
    text = built.pdf_text
    assert "Rapport d'activité" in text
    assert "Sommaire" in text
    assert "CPH d'Angers" in text
    assert "Année 2017" in text
    assert f"939{N}places" in text or "939 places" in text
    assert f"+23,7{N}%" in text or "+23,7 %" in text
    assert "+33,3" in text
    assert "Page 3 sur" in text  # page numbers from CSS paged media
    assert "Suivis par thème" in text and "Logement" in text  # charts drawn as vector text
    assert "L'année 2017 a vu l'arrivée de deux familles." in text
    assert 4 <= built.pdf_pages <= 12  # cover, contents, two sections


def test_xlsx_holds_numbers_and_neutralised_text(scenario, report_builder, sample_provider):
    built = report_builder(scenario.manager, f"structure:{scenario.angers.pk}")
    workbook = built.workbook
    assert workbook.sheetnames[0] == "Synthèse"
    core = sheet_values(workbook, "Personnes accompagnées")
    _label, value, previous, change = core["Personnes accompagnées dans la période"][:4]
    assert (value.value, previous.value) == (4, 3)
    assert isinstance(value.value, int) and value.data_type == "n"
    assert change.value == pytest.approx(1 / 3, abs=1e-6)
    assert change.number_format == "+0.0%;-0.0%;0.0%"
    sample = sheet_values(workbook, "Hébergement")
    places = sample["Places autorisées au 31 décembre"]
    assert (places[1].value, places[2].value) == (939, 759)
    assert places[3].value == pytest.approx(180 / 759, abs=1e-6)
    assert sample["Taux d'occupation"][1].value == pytest.approx(88.25)
    texts = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x")' in texts
    assert not any(isinstance(t, str) and t.startswith("=") for t in texts)


def test_a_cph_managers_report_never_holds_another_structures_people(
    scenario, report_builder, client
):
    built = report_builder(scenario.manager, f"structure:{scenario.angers.pk}")
    everything = built.html + built.pdf_text
    everything += " ".join(
        str(c.value) for ws in built.workbook.worksheets for row in ws.iter_rows() for c in row
    )
    assert "CPH de Rouen" not in everything
    assert "AGIR Manche" not in everything
    # The drill-down lists behind the figures show Angers's people only.
    client.force_login(scenario.manager)
    listing = client.get(
        reverse("reports:persons"),
        {"du": "2017-01-01", "au": "2017-12-31", "structures": str(scenario.angers.pk)},
    ).content.decode()
    assert "HAIDARI" in listing
    for outsider in ("KABORÉ", "YUSUFZAI", "OULD AHMED", "NGUYỄN"):
        assert outsider not in listing
    # Another manager cannot open, download or publish this report.
    client.force_login(scenario.rouen_manager)
    for url in (
        reverse("reports:detail", args=[built.report.pk]),
        reverse("reports:download", args=[built.report.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("reports:publish", args=[built.report.pk])).status_code == 404


def test_a_published_report_does_not_change_when_the_data_changes(
    scenario, report_builder, client, sample_provider
):
    built = report_builder(
        scenario.manager, f"structure:{scenario.angers.pk}", narratives={"exemple": "Version 1."}
    )
    client.force_login(scenario.manager)
    response = client.post(reverse("reports:publish", args=[built.report.pk]))
    assert response.status_code == 302
    report = Report.objects.get(pk=built.report.pk)
    assert report.is_published and report.published_by == scenario.manager
    frozen_data, frozen_pdf = report.data, report.pdf.open("rb").read()
    frozen_xlsx = report.xlsx.open("rb").read()
    frozen_html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert f"4{N}personnes" in frozen_html

    # The data changes: new people supported, a follow-up, a person anonymised.
    for name in ("Petrosyan", "Diallo"):
        PathwayFactory(
            person=PersonFactory(last_name=name),
            structure=scenario.angers,
            started_on=datetime.date(2017, 8, 1),
        )
    FollowUpFactory(
        person=scenario.persons["B"],
        structure=scenario.angers,
        occurred_on=datetime.date(2017, 8, 2),
    )
    Person.objects.filter(pk=scenario.persons["A"].pk).update(
        last_name="ANONYME", first_names="", birth_date=None
    )
    # Edits of a published report are refused.
    client.post(reverse("reports:detail", args=[report.pk]), {"commentaire_exemple": "Changé"})
    client.post(reverse("reports:generate", args=[report.pk]))

    report.refresh_from_db()
    assert report.data == frozen_data
    assert report.narratives == {"exemple": "Version 1."}
    assert report.pdf.open("rb").read() == frozen_pdf
    assert report.xlsx.open("rb").read() == frozen_xlsx
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert f"4{N}personnes" in html and f"6{N}personnes" not in html

    # A new version is a draft with the live figures; both versions are kept.
    response = client.post(reverse("reports:new_version", args=[report.pk]))
    draft = Report.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert (draft.version, draft.status, draft.previous_version) == (2, "draft", report)
    assert draft.narratives == {"exemple": "Version 1."}
    html = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    assert f"6{N}personnes" in html
    assert Report.objects.same_subject(report).count() == 2


def test_consolidated_scope_is_generated_in_the_background(
    scenario, client, settings, django_capture_on_commit_callbacks
):
    """With the database backend, the request only enqueues; the worker (here, the task
    function run directly) composes, renders and stores the files, updating the progress."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(scenario.direction)
    client.post(reverse("reports:save_draft"), {"perimetre": "housing", "annee": 2017})
    report = Report.objects.get(scope_key="housing")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate", args=[report.pk]))
    report.refresh_from_db()
    assert report.generation == Report.Generation.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "ftda.reports.tasks.generate_report_task"
    assert queued.args_kwargs["args"] == [report.pk, scenario.direction.pk]
    page = client.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    # The user may leave: Mes rapports shows the generation under way.
    assert "<progress" in client.get(reverse("reports:mine")).content.decode()
    # A second click while it runs does not queue another generation.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:generate", args=[report.pk]))
    assert DBTaskResult.objects.count() == 1

    generate_report_task.call(report.pk, scenario.direction.pk, publish=False)
    report.refresh_from_db()
    assert (report.generation, report.progress) == (Report.Generation.DONE, 100)
    page = client.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert "every 1s" not in page and "Télécharger le PDF" in page
    assert report.data["sections"][0]["figures"][0]["value"] == 5  # Angers 4 + Rouen 1


def test_immediate_backend_runs_the_whole_consolidated_generation(scenario, report_builder):
    built = report_builder(scenario.direction, "all")
    assert built.report.generation == Report.Generation.DONE
    assert "CPH de Rouen" in built.pdf_text and "AGIR Manche" in built.pdf_text


def test_downloads_are_logged(scenario, report_builder):
    AccessLog.objects.all().delete()
    built = report_builder(scenario.manager, f"structure:{scenario.angers.pk}")
    logs = AccessLog.objects.filter(action=AccessAction.REPORT, user=scenario.manager)
    assert logs.count() == 2  # the PDF and the XLSX of the builder
    assert {log.structure for log in logs} == {scenario.angers}
    assert all(str(built.report.pk) in log.path for log in logs)


def test_bad_input_changes_nothing(scenario, client):
    client.force_login(scenario.manager)
    key = f"structure:{scenario.angers.pk}"
    for data in (
        {"perimetre": key, "du": "2017-12-31", "au": "2017-01-01"},
        {"perimetre": key},
        {"perimetre": f"structure:{scenario.rouen.pk}", "annee": 2017},
        {"perimetre": key, "annee": 2017, "commentaire_accompagnement": "x" * 5001},
    ):
        response = client.post(reverse("reports:save_draft"), data)
        assert response.status_code == 400
    assert not Report.objects.exists()
