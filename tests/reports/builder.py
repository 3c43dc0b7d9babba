"""Reusable scaffolding for report tests (the apps' scenario tests included).

In a test package's conftest.py:

    from tests.reports.builder import immediate_tasks, report_builder  # noqa: F401

then `report_builder(user, scope_key, period=Period.year(2017), narratives={...})` drives
the real views as `user`: it reads the report page, saves a draft, generates the files
(immediate task backend) and downloads them; it returns a `BuiltReport` with the HTML, the
PDF's bytes, text and page count, and the XLSX workbook (openpyxl).
"""

import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from ftda.indicators import Period
from ftda.reports.models import Report


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class BuiltReport:
    report: Report
    html: str
    pdf_bytes: bytes
    pdf_text: str
    pdf_pages: int
    workbook: openpyxl.Workbook


def pdf_text(content: bytes):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


@pytest.fixture
def report_builder(client, immediate_tasks, django_capture_on_commit_callbacks):
    def build(user, scope_key, period: Period | None = None, narratives=None):
        period = period or Period.year(2017)
        client.force_login(user)
        params = {"perimetre": scope_key, "du": period.start, "au": period.end}
        page = client.get(reverse("reports:report"), params)
        assert page.status_code == 200, page.status_code
        data = dict(params)
        for key, text in (narratives or {}).items():
            data[f"commentaire_{key}"] = text
        saved = client.post(reverse("reports:save_draft"), data)
        assert saved.status_code == 302, saved.status_code
        report = Report.objects.get(pk=int(saved["Location"].rstrip("/").split("/")[-1]))
        with django_capture_on_commit_callbacks(execute=True):
            generated = client.post(reverse("reports:generate", args=[report.pk]))
        assert generated.status_code == 302
        report.refresh_from_db()
        assert report.generation == Report.Generation.DONE, report.generation_error
        pdf = b"".join(
            client.get(reverse("reports:download", args=[report.pk, "pdf"])).streaming_content
        )
        xlsx = b"".join(
            client.get(reverse("reports:download", args=[report.pk, "xlsx"])).streaming_content
        )
        text, pages = pdf_text(pdf)
        workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
        html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        return BuiltReport(report, html, pdf, text, pages, workbook)

    return build
