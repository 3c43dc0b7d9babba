"""Saved activity reports: drafts with their narratives, and published versions whose
figures (a JSON document) and files are frozen."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from ftda import history
from ftda.indicators import Period, Scope
from ftda.reports import scopes
from ftda.reports.enums import GenerationStatus, ReportStatus

# A generation whose progress has not moved for this long is considered abandoned.
GENERATION_STALE_AFTER = datetime.timedelta(minutes=30)


class ReportQuerySet(models.QuerySet):
    def for_user(self, user):
        """Reports whose every structure the user may report on (managers of all of them,
        the direction); nothing for anyone else."""
        if not scopes.may_report(user):
            return self.none()
        allowed = list(scopes.reportable_structures(user).values_list("pk", flat=True))
        return self.filter(structure_ids__contained_by=allowed)

    def same_subject(self, report):
        return self.filter(
            scope_key=report.scope_key,
            structure_ids=report.structure_ids,
            period_start=report.period_start,
            period_end=report.period_end,
        )


def report_file_path(report, filename):
    return f"rapports/{report.period_start:%Y}/{report.pk}/{filename}"


@history.track()
class Report(models.Model):
    Status = ReportStatus
    Generation = GenerationStatus

    period_start = models.DateField("début de la période")
    period_end = models.DateField("fin de la période")
    scope_key = models.CharField("périmètre (clé)", max_length=50)
    scope_label = models.CharField("périmètre", max_length=200)
    structure_ids = ArrayField(models.BigIntegerField(), verbose_name="structures")
    narratives = models.JSONField("commentaires par section", default=dict, blank=True)
    status = models.CharField(
        "statut", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField("version", default=1)
    previous_version = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name="version précédente",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="publié par",
    )
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    # The composed document (see ftda.reports.compose): frozen at publication; for a draft,
    # the figures of its last generated files.
    data = models.JSONField("chiffres", null=True, blank=True, editable=False)
    pdf = models.FileField("PDF", upload_to=report_file_path, blank=True)
    xlsx = models.FileField("XLSX", upload_to=report_file_path, blank=True)
    files_generated_at = models.DateTimeField("fichiers générés le", null=True, blank=True)
    generation = models.CharField(
        "génération", max_length=16, choices=GenerationStatus.choices, default="idle"
    )
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    generation_error = models.CharField("erreur de génération", max_length=500, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport d'activité"
        verbose_name_plural = "rapports d'activité"
        ordering = ["-period_start", "scope_label", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_ends_after_start",
                violation_error_message="La fin de la période ne peut précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="report_progress_at_most_100",
                violation_error_message="L'avancement ne peut dépasser 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT)
                | Q(
                    published_at__isnull=False,
                    published_by__isnull=False,
                    data__isnull=False,
                ),
                name="report_published_is_complete",
                violation_error_message=(
                    "Un rapport publié porte sa date, son auteur et ses chiffres figés."
                ),
            ),
            models.UniqueConstraint(
                fields=["scope_key", "structure_ids", "period_start", "period_end", "version"],
                name="report_one_version_number_per_subject",
                violation_error_message="Cette version du rapport existe déjà.",
            ),
            models.UniqueConstraint(
                fields=["scope_key", "structure_ids", "period_start", "period_end"],
                condition=Q(status=ReportStatus.DRAFT),
                name="report_one_draft_per_subject",
                violation_error_message="Un brouillon de ce rapport existe déjà.",
            ),
        ]

    def __str__(self):
        return f"Rapport {self.scope_label} · {self.period.label()} (v{self.version})"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def scope(self) -> Scope:
        return Scope(tuple(sorted(self.structure_ids)), self.scope_label)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def consolidated(self) -> bool:
        return not self.scope_key.startswith("structure:")

    @property
    def is_generating(self) -> bool:
        """Queued or running, unless nothing moved for GENERATION_STALE_AFTER (a worker
        that died): then the user may start it again."""
        if self.generation not in (GenerationStatus.QUEUED, GenerationStatus.RUNNING):
            return False
        return self.updated_at is None or timezone.now() - self.updated_at < GENERATION_STALE_AFTER

    def file_basename(self) -> str:
        from django.utils.text import slugify

        label = slugify(self.scope_label)[:60] or "perimetre"
        period = f"{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}"
        return f"rapport-activite-{label}-{period}-v{self.version}"
