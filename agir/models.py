"""AGIR: one-stop platforms that support each BPI for at most 24 months, with a pair of
referents, a diagnostic, an action plan, referrals to partners, solutions and an exit.

Scoping: an AGIR pathway is read by the members of its platform and by the direction; every
record of a pathway is scoped through it (`for_user`).
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agir.enums import (
    GOAL_CLOSED,
    Domain,
    EmploymentKind,
    EndReason,
    GoalStatus,
    HousingKind,
    NeedLevel,
    ReferentRole,
    ReferralStatus,
)
from ftda import access, history
from ftda.enums import StructureKind
from ftda.expressions import DateRange

MAX_MONTHS = 24


class PlusMonths(Func):
    """`date + interval 'n months'` as a date, computed by PostgreSQL (29 February + 24
    months is 28 February)."""

    output_field = models.DateField()

    def __init__(self, expression, months, **extra):
        months = int(months)
        super().__init__(
            expression, template=f"(%(expressions)s + interval '{months} months')::date", **extra
        )


# --------------------------------------------------------------------------- query sets


def platform_ids_of(user):
    """Ids of the AGIR platforms whose casework `user` reads (the per-request memberships)."""
    return access.member_structure_ids(user)


class PlatformSettingsQuerySet(models.QuerySet):
    def for_user(self, user):
        if access.sees_all_structures(user):
            return self.all()
        return self.filter(structure_id__in=access.member_structure_ids(user))


class AgirPathwayQuerySet(models.QuerySet):
    def for_user(self, user):
        """Pathways of the platforms where the user works; every one for the direction."""
        if access.sees_all_structures(user):
            return self.all()
        if not access.is_active_user(user):
            return self.none()
        return self.filter(platform_id__in=platform_ids_of(user))

    def open(self):
        return self.filter(ended_on__isnull=True)

    def active_on(self, day):
        return self.filter(entered_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )

    def followed_by(self, user, on=None):
        """Pathways where `user` is a current referent (on `on`, today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            models.Exists(
                ReferentAssignment.objects.current(on).filter(
                    pathway=models.OuterRef("pk"), user=user
                )
            )
        )


def current_referent_names(on=None):
    """Subquery: "Rôle : Prénom Nom · Rôle : Prénom Nom" of a pathway's current referents,
    so that a list shows them without one more query."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models.functions import Concat

    labels = models.Case(
        *[models.When(role=value, then=Value(label)) for value, label in ReferentRole.choices],
        output_field=models.CharField(),
    )
    return models.Subquery(
        ReferentAssignment.objects.current(on)
        .filter(pathway=models.OuterRef("pk"))
        .values("pathway")
        .annotate(
            names=StringAgg(
                Concat(
                    labels,
                    Value(" : "),
                    "user__first_name",
                    Value(" "),
                    "user__last_name",
                    output_field=models.CharField(),
                ),
                delimiter=" · ",
                order_by="role",
            )
        )
        .values("names")[:1],
        output_field=models.CharField(),
    )


class PathwayPartQuerySet(models.QuerySet):
    """Records hanging off a pathway: scoped through it."""

    def for_user(self, user):
        return self.filter(pathway__in=AgirPathway.objects.for_user(user))


class ReferentAssignmentQuerySet(PathwayPartQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


class DiagnosticNeedQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(diagnostic__pathway__in=AgirPathway.objects.for_user(user))


# --------------------------------------------------------------------------- models


@history.track()
class PlatformSettings(models.Model):
    """What configures an AGIR platform beyond its structure: its yearly entry target.

    Its partner network is the core's: conventions (`ftda.Agreement`) with partners."""

    structure = models.OneToOneField(
        "ftda.Structure",
        on_delete=models.CASCADE,
        related_name="agir_settings",
        verbose_name="plateforme",
        limit_choices_to={"kind": StructureKind.AGIR},
    )
    yearly_entry_target = models.PositiveIntegerField(
        "objectif annuel d'entrées",
        help_text="Nombre de personnes que la plateforme doit accueillir par an.",
    )

    objects = PlatformSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = "paramètres d'une plateforme AGIR"
        verbose_name_plural = "paramètres des plateformes AGIR"
        ordering = ["structure__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_entry_target__gte=1),
                name="agir_target_positive",
                violation_error_message="L'objectif annuel d'entrées doit être d'au moins 1.",
            )
        ]

    def __str__(self):
        return f"{self.structure} · objectif {self.yearly_entry_target} entrées par an"

    def clean(self):
        if self.structure_id and self.structure.kind != StructureKind.AGIR:
            raise ValidationError({"structure": "Cette structure n'est pas une plateforme AGIR."})


@history.track()
class AgirPathway(models.Model):
    """A person's support by an AGIR platform: at most 24 months from entry."""

    EndReason = EndReason

    person = models.ForeignKey(
        "ftda.Person",
        on_delete=models.CASCADE,
        related_name="agir_pathways",
        verbose_name="personne",
    )
    platform = models.ForeignKey(
        "ftda.Structure",
        on_delete=models.PROTECT,
        related_name="agir_pathways",
        verbose_name="plateforme",
        limit_choices_to={"kind": StructureKind.AGIR},
    )
    ofii_oriented_on = models.DateField("date d'orientation par l'OFII")
    cir_signed_on = models.DateField("date de signature du CIR")
    entered_on = models.DateField("date d'entrée")
    planned_end_on = models.DateField("fin prévue")
    ended_on = models.DateField("date de sortie", null=True, blank=True)
    end_reason = models.CharField(
        "motif de sortie", max_length=32, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    objects = AgirPathwayQuerySet.as_manager()

    class Meta:
        verbose_name = "parcours AGIR"
        verbose_name_plural = "parcours AGIR"
        ordering = ["-entered_on", "pk"]
        indexes = [
            models.Index(fields=["platform", "ended_on"], name="agir_pathway_platform_end"),
            models.Index(fields=["platform", "entered_on"], name="agir_pathway_platform_entry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "platform"],
                condition=Q(ended_on__isnull=True),
                name="agir_one_open_pathway_per_platform",
                violation_error_message=(
                    "Cette personne a déjà un parcours AGIR en cours sur cette plateforme."
                ),
            ),
            ExclusionConstraint(
                name="agir_pathways_do_not_overlap",
                expressions=[
                    (
                        DateRange(
                            "entered_on", Coalesce("ended_on", "planned_end_on"), Value("[]")
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    ("person", RangeOperators.EQUAL),
                    ("platform", RangeOperators.EQUAL),
                ],
                violation_error_message=(
                    "Cette personne a déjà un parcours AGIR sur cette plateforme à ces dates."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cir_signed_on__lte=F("entered_on")),
                name="agir_cir_signed_before_entry",
                violation_error_message="Le CIR doit être signé au plus tard le jour de l'entrée.",
            ),
            models.CheckConstraint(
                condition=Q(ofii_oriented_on__lte=F("entered_on")),
                name="agir_oriented_before_entry",
                violation_error_message=(
                    "L'orientation par l'OFII ne peut être postérieure à l'entrée."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=F("entered_on"))
                & Q(planned_end_on__lte=PlusMonths("entered_on", MAX_MONTHS)),
                name="agir_planned_end_within_24_months",
                violation_error_message=(
                    "La fin prévue doit se situer entre l'entrée et 24 mois après l'entrée."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | (
                    Q(ended_on__gte=F("entered_on"))
                    & Q(ended_on__lte=PlusMonths("entered_on", MAX_MONTHS))
                ),
                name="agir_end_within_24_months",
                violation_error_message=(
                    "La sortie doit avoir lieu entre l'entrée et 24 mois après l'entrée au plus "
                    "tard."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="agir_end_has_date_and_reason",
                violation_error_message="Une sortie se saisit avec sa date et son motif.",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.platform} (entrée le {self.entered_on:%d/%m/%Y})"

    @property
    def is_open(self):
        return self.ended_on is None

    def clean(self):
        if self.platform_id and self.platform.kind != StructureKind.AGIR:
            raise ValidationError({"platform": "Cette structure n'est pas une plateforme AGIR."})


@history.track()
class ReferentAssignment(models.Model):
    """Who is referent of a pathway, in which role, from when until when (history kept).

    `ended_on` is the day the assignment stopped (the successor starts that day): the
    assignment covers [started_on, ended_on)."""

    Role = ReferentRole

    pathway = models.ForeignKey(
        AgirPathway,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name="parcours",
    )
    role = models.CharField("rôle", max_length=32, choices=ReferentRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agir_assignments",
        verbose_name="référent",
    )
    started_on = models.DateField("depuis le")
    ended_on = models.DateField("jusqu'au (exclu)", null=True, blank=True)

    objects = ReferentAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "désignation de référent"
        verbose_name_plural = "désignations de référents"
        ordering = ["pathway", "role", "-started_on"]
        indexes = [models.Index(fields=["user", "ended_on"], name="agir_assignment_user_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="agir_assignment_ends_after_start",
                violation_error_message="La fin de la désignation ne peut précéder son début.",
            ),
            ExclusionConstraint(
                name="agir_one_referent_per_role_at_a_time",
                expressions=[
                    (DateRange("started_on", "ended_on", Value("[)")), RangeOperators.OVERLAPS),
                    ("pathway", RangeOperators.EQUAL),
                    ("role", RangeOperators.EQUAL),
                ],
                violation_error_message="Ce parcours a déjà un référent pour ce rôle à ces dates.",
            ),
            ExclusionConstraint(
                name="agir_two_distinct_referents",
                expressions=[
                    (DateRange("started_on", "ended_on", Value("[)")), RangeOperators.OVERLAPS),
                    ("pathway", RangeOperators.EQUAL),
                    ("user", RangeOperators.EQUAL),
                ],
                violation_error_message=(
                    "Les deux référents du binôme doivent être deux personnes différentes."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} : {self.user}"


@history.track()
class Diagnostic(models.Model):
    pathway = models.OneToOneField(
        AgirPathway, on_delete=models.CASCADE, related_name="diagnostic", verbose_name="parcours"
    )
    done_on = models.DateField("date du diagnostic")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="auteur",
    )

    objects = PathwayPartQuerySet.as_manager()

    class Meta:
        verbose_name = "diagnostic"
        verbose_name_plural = "diagnostics"

    def __str__(self):
        return f"Diagnostic du {self.done_on:%d/%m/%Y}"


@history.track()
class DiagnosticNeed(models.Model):
    Domain = Domain
    Level = NeedLevel

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="needs", verbose_name="diagnostic"
    )
    domain = models.CharField("domaine", max_length=32, choices=Domain.choices)
    level = models.CharField("niveau de besoin", max_length=16, choices=NeedLevel.choices)
    comment = models.TextField("commentaire", blank=True)

    objects = DiagnosticNeedQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin"
        verbose_name_plural = "besoins"
        ordering = ["diagnostic", "domain"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "domain"],
                name="agir_one_need_per_domain",
                violation_error_message="Ce domaine figure déjà dans le diagnostic.",
            )
        ]

    def __str__(self):
        return f"{self.get_domain_display()} : {self.get_level_display()}"


@history.track()
class Goal(models.Model):
    """An objective of the pathway's action plan (*plan d'action*)."""

    Status = GoalStatus

    pathway = models.ForeignKey(
        AgirPathway, on_delete=models.CASCADE, related_name="goals", verbose_name="parcours"
    )
    domain = models.CharField("domaine", max_length=32, choices=Domain.choices)
    title = models.CharField("objectif", max_length=255)
    status = models.CharField(
        "statut", max_length=16, choices=GoalStatus.choices, default=GoalStatus.TODO
    )
    due_on = models.DateField("échéance", null=True, blank=True)
    closed_on = models.DateField("atteint ou abandonné le", null=True, blank=True)
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    objects = PathwayPartQuerySet.as_manager()

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs (plan d'action)"
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["pathway", "status", "due_on"], name="agir_goal_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GOAL_CLOSED, closed_on__isnull=False)
                | (~Q(status__in=GOAL_CLOSED) & Q(closed_on__isnull=True)),
                name="agir_goal_closed_with_date",
                violation_error_message=(
                    "Un objectif atteint ou abandonné porte sa date ; un objectif à faire ou en "
                    "cours n'en a pas."
                ),
            )
        ]

    def __str__(self):
        return self.title


@history.track()
class Referral(models.Model):
    """An orientation of the person to a partner (*orientation vers un partenaire*)."""

    Status = ReferralStatus

    pathway = models.ForeignKey(
        AgirPathway, on_delete=models.CASCADE, related_name="referrals", verbose_name="parcours"
    )
    partner = models.ForeignKey(
        "ftda.Partner",
        on_delete=models.PROTECT,
        related_name="agir_referrals",
        verbose_name="partenaire",
    )
    referred_on = models.DateField("date de l'orientation")
    purpose = models.CharField("objet", max_length=255)
    status = models.CharField(
        "statut", max_length=24, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    answered_on = models.DateField("acceptée ou refusée le", null=True, blank=True)
    closed_on = models.DateField("réalisée ou classée sans suite le", null=True, blank=True)

    objects = PathwayPartQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation vers un partenaire"
        verbose_name_plural = "orientations vers des partenaires"
        ordering = ["-referred_on", "-pk"]
        indexes = [
            models.Index(fields=["partner", "status"], name="agir_referral_partner_status"),
            models.Index(fields=["referred_on"], name="agir_referral_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("referred_on")),
                name="agir_referral_answer_after_referral",
                violation_error_message="La réponse ne peut précéder l'orientation.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | (
                    Q(closed_on__gte=F("referred_on"))
                    & (Q(answered_on__isnull=True) | Q(closed_on__gte=F("answered_on")))
                ),
                name="agir_referral_close_after_answer",
                violation_error_message=(
                    "La clôture de l'orientation ne peut précéder l'orientation ni la réponse."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    status=ReferralStatus.PROPOSED,
                    answered_on__isnull=True,
                    closed_on__isnull=True,
                )
                | Q(
                    status__in=[ReferralStatus.ACCEPTED, ReferralStatus.REFUSED],
                    answered_on__isnull=False,
                    closed_on__isnull=True,
                )
                | Q(
                    status__in=[ReferralStatus.COMPLETED, ReferralStatus.NO_FOLLOW_THROUGH],
                    closed_on__isnull=False,
                ),
                name="agir_referral_status_dates",
                violation_error_message=(
                    "Les dates de l'orientation ne correspondent pas à son statut."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.partner.name} · {self.purpose}"

    def status_date(self):
        return self.closed_on or self.answered_on or self.referred_on


@history.track()
class HousingSolution(models.Model):
    Kind = HousingKind

    pathway = models.ForeignKey(
        AgirPathway,
        on_delete=models.CASCADE,
        related_name="housing_solutions",
        verbose_name="parcours",
    )
    kind = models.CharField("type de logement", max_length=32, choices=HousingKind.choices)
    obtained_on = models.DateField("date d'entrée dans le logement")

    objects = PathwayPartQuerySet.as_manager()

    class Meta:
        verbose_name = "solution logement"
        verbose_name_plural = "solutions logement"
        ordering = ["-obtained_on"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.obtained_on:%d/%m/%Y})"


@history.track()
class EmploymentSolution(models.Model):
    Kind = EmploymentKind

    pathway = models.ForeignKey(
        AgirPathway,
        on_delete=models.CASCADE,
        related_name="employment_solutions",
        verbose_name="parcours",
    )
    kind = models.CharField("type", max_length=32, choices=EmploymentKind.choices)
    started_on = models.DateField("date de début")

    objects = PathwayPartQuerySet.as_manager()

    class Meta:
        verbose_name = "solution emploi ou formation"
        verbose_name_plural = "solutions emploi ou formation"
        ordering = ["-started_on"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.started_on:%d/%m/%Y})"
