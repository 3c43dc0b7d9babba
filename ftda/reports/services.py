"""Writes of the reports: drafts and their narratives, generation of the files,
publication and new versions."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ftda.indicators import Period
from ftda.models import User
from ftda.reports import compose, render, scopes
from ftda.reports.enums import GenerationStatus, ReportStatus
from ftda.reports.models import Report

logger = logging.getLogger(__name__)

NARRATIVE_MAX_LENGTH = 5000


def clean_narratives(narratives, section_keys):
    """Only known sections, trimmed, bounded in length."""
    cleaned = {}
    for key in section_keys:
        text = (narratives.get(key) or "").strip().replace("\r\n", "\n")
        if len(text) > NARRATIVE_MAX_LENGTH:
            raise ValidationError(
                f"Un commentaire ne peut dépasser {NARRATIVE_MAX_LENGTH} caractères."
            )
        if text:
            cleaned[key] = text
    return cleaned


def _next_version(*, scope_key, structure_ids, period):
    latest = Report.objects.filter(
        scope_key=scope_key,
        structure_ids=structure_ids,
        period_start=period.start,
        period_end=period.end,
    ).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def save_draft(*, user, period: Period, choice: scopes.ScopeChoice, narratives) -> Report:
    """The draft of this period and scope, created if needed, with the narratives given."""
    structure_ids = sorted(s.pk for s in choice.structures)
    if not scopes.may_report_on(user, structure_ids):
        raise PermissionDenied
    draft = (
        Report.objects.select_for_update()
        .filter(
            scope_key=choice.key,
            structure_ids=structure_ids,
            period_start=period.start,
            period_end=period.end,
            status=ReportStatus.DRAFT,
        )
        .first()
    )
    if draft is None:
        draft = Report(
            period_start=period.start,
            period_end=period.end,
            scope_key=choice.key,
            scope_label=choice.label,
            structure_ids=structure_ids,
            created_by=user,
            version=_next_version(scope_key=choice.key, structure_ids=structure_ids, period=period),
        )
    draft.narratives = narratives
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def update_narratives(*, report: Report, narratives) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError("Un rapport publié ne peut plus être modifié.")
    report.narratives = narratives
    report.full_clean()
    report.save(update_fields=["narratives", "updated_at"])
    return report


@transaction.atomic
def new_version(*, report: Report, user) -> Report:
    """A new draft from a published report; the published one is kept unchanged."""
    if not report.is_published:
        return report
    existing = Report.objects.same_subject(report).filter(status=ReportStatus.DRAFT).first()
    if existing is not None:
        return existing
    draft = Report(
        period_start=report.period_start,
        period_end=report.period_end,
        scope_key=report.scope_key,
        scope_label=report.scope_label,
        structure_ids=report.structure_ids,
        narratives=dict(report.narratives),
        created_by=user,
        previous_version=report,
        version=_next_version(
            scope_key=report.scope_key,
            structure_ids=report.structure_ids,
            period=report.period,
        ),
    )
    draft.full_clean()
    draft.save()
    return draft


def request_generation(*, report: Report, user, publish=False) -> Report:
    """Generate the PDF and XLSX (and publish if asked): at once for one structure, as a
    background task for a consolidated scope (the user follows its progress)."""
    from ftda.reports.tasks import generate_report_task

    if not scopes.may_report_on(user, report.structure_ids):
        raise PermissionDenied
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.is_published or report.is_generating:
            return report
        report.generation = GenerationStatus.QUEUED
        report.progress = 0
        report.generation_error = ""
        report.save(update_fields=["generation", "progress", "generation_error", "updated_at"])
    if report.consolidated:
        transaction.on_commit(
            lambda: generate_report_task.enqueue(report.pk, user.pk, publish=publish)
        )
    else:
        generate(report_id=report.pk, user_id=user.pk, publish=publish)
    report.refresh_from_db()
    return report


def _set_progress(report_id, value, **fields):
    Report.objects.filter(pk=report_id).update(
        progress=max(0, min(100, int(value))), updated_at=timezone.now(), **fields
    )


def generate(*, report_id, user_id, publish=False) -> None:
    """Compose (or reuse the frozen figures of) the report, render its files, store them
    through Django's storage API, and publish it if asked. Records failures on the report."""
    report = Report.objects.get(pk=report_id)
    if report.is_published:
        return
    _set_progress(report_id, 1, generation=GenerationStatus.RUNNING)
    try:
        document = compose.compose(
            report.period,
            report.scope,
            scope_key=report.scope_key,
            progress=lambda fraction: _set_progress(report_id, 1 + fraction * 69),
        )
        user = User.objects.get(pk=user_id)
        now = timezone.now()
        if publish:
            report.status = ReportStatus.PUBLISHED
            report.published_by = user
            report.published_at = now
        pdf_content = render.pdf_bytes(document, report.narratives, report)
        _set_progress(report_id, 90)
        xlsx_content = render.xlsx_bytes(document, report.narratives, report)
        _set_progress(report_id, 95)
        with transaction.atomic():
            current = Report.objects.select_for_update().get(pk=report_id)
            if current.is_published:
                return
            current.narratives = report.narratives
            basename = report.file_basename()
            old_files = [current.pdf.name, current.xlsx.name]
            current.pdf.save(f"{basename}.pdf", ContentFile(pdf_content), save=False)
            current.xlsx.save(f"{basename}.xlsx", ContentFile(xlsx_content), save=False)
            current.data = document
            current.files_generated_at = now
            current.status = report.status
            current.published_by = report.published_by
            current.published_at = report.published_at
            current.generation = GenerationStatus.DONE
            current.progress = 100
            current.full_clean()
            current.save()
        for name in old_files:
            if name and name not in (current.pdf.name, current.xlsx.name):
                transaction.on_commit(lambda name=name: current.pdf.storage.delete(name))
    except Exception as error:
        logger.exception("Échec de la génération du rapport %s", report_id)
        _set_progress(
            report_id,
            0,
            generation=GenerationStatus.FAILED,
            generation_error=f"{type(error).__name__}: {error}"[:500],
        )
        raise
