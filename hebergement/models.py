"""Housing: CPH and assimilated schemes.

Authorised capacity over time (`Capacity`), housing units and their places, out-of-service
periods, calls for projects and bids, OFII orientations, stays with their extensions, exits
and monthly financial participation.

Date conventions (the figures rely on them):
- capacity periods and out-of-service periods include both their first and last day
  (`daterange(..., '[]')`); an open end (`NULL`) means "until further notice";
- a stay occupies its place from the arrival day included to the exit day excluded
  (`daterange(arrived_on, exited_on, '[)')`), like nights in a hotel: one household may
  leave a place in the morning and another arrive the same day.

Infants sharing a parent's place (the rule asked for by issue 3):
a child **under 3 years old on the day of arrival** may sleep in a parent's room without
holding a place of their own (a cot beside the parent's bed is not a bed-space the State
authorises). Such a child has a stay of their own (they are a person supported, counted in
persons and households, and their exit is recorded), but that stay has no `place`: it
points to the stay of a parent of the same household through `shares_place_of`. The
database enforces that a stay has exactly one of the two; `services.admit_household`
checks the age and the household; the figures count occupied place-days on stays that
hold a place, so a shared place is counted once.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, Value
from django.utils import timezone

from ftda import access, history
from ftda.expressions import DateRange
from ftda.models import Household, Person, Structure, departement_field
from hebergement.enums import (
    BidKind,
    BidStatus,
    CallKind,
    DecisionKind,
    EmploymentSituation,
    ExitOutcome,
    Opinion,
    OrientationOrigin,
    UnitKind,
)

STAY_MONTHS = 9
EXTENSION_MONTHS = 3
INFANT_SHARING_MAX_AGE_YEARS = 3


def closed_range(start, end):
    return DateRange(start, end, Value("[]"))


def half_open_range(start, end):
    return DateRange(start, end, Value("[)"))


def _scoped(queryset, user, field="structure_id"):
    if access.sees_all_structures(user):
        return queryset
    return queryset.filter(**{f"{field}__in": access.member_structure_ids(user)})


def _check_order(start, end, end_field, constraint_name):
    """Refuse an end before its start in `clean()`: `full_clean()` then skips the exclusion
    constraints on that field, whose check would fail on an inverted date range."""
    if start and end and end < start:
        raise ValidationError(
            {end_field: "La fin ne peut précéder le début."}, code=constraint_name
        )


# --------------------------------------------------------------------------- query sets


class CapacityQuerySet(models.QuerySet):
    def for_user(self, user):
        return _scoped(self, user)

    def on(self, day):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class HousingUnitQuerySet(models.QuerySet):
    def for_user(self, user):
        return _scoped(self, user)

    def with_places_count(self):
        return self.annotate(places_count=Count("places"))


class PlaceQuerySet(models.QuerySet):
    def for_user(self, user):
        return _scoped(self, user, "unit__structure_id")


class OutOfServiceQuerySet(models.QuerySet):
    def for_user(self, user):
        return _scoped(self, user, "unit__structure_id")

    def on(self, day):
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class ProjectBidQuerySet(models.QuerySet):
    def for_user(self, user):
        if access.sees_all_structures(user):
            return self
        return self.filter(structure_id__in=access.member_structure_ids(user))


class OrientationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not access.is_active_user(user):
            return self.none()
        return _scoped(self, user)


class StayQuerySet(models.QuerySet):
    def for_user(self, user):
        """Stays of the user's structures (the direction: all). Other structures supporting
        the same person see that they are in a CPH through the core pathway, not the stay."""
        if not access.is_active_user(user):
            return self.none()
        return _scoped(self, user)

    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(arrived_on__lte=on).filter(
            Q(exited_on__isnull=True) | Q(exited_on__gt=on)
        )

    def overlapping(self, start, end):
        """Stays present at least one day between `start` and `end` (both included)."""
        return self.filter(arrived_on__lte=end).filter(
            Q(exited_on__isnull=True) | Q(exited_on__gt=start)
        )


# --------------------------------------------------------------------------- capacity


@history.track()
class Capacity(models.Model):
    """Places authorised for a structure from a date, by a decision (creation, extension,
    reduction). The periods of one structure never overlap (database constraint)."""

    DecisionKind = DecisionKind

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="capacities", verbose_name="structure"
    )
    places = models.PositiveIntegerField("places autorisées")
    valid_from = models.DateField("à partir du")
    valid_until = models.DateField(
        "jusqu'au (inclus)",
        null=True,
        blank=True,
        help_text="Vide : jusqu'à nouvelle décision. Avant d'ajouter une nouvelle capacité, "
        "fermez la période en cours (l'import et les services le font d'eux-mêmes).",
    )
    decision_kind = models.CharField("décision", max_length=16, choices=DecisionKind.choices)
    decision_reference = models.CharField("référence de la décision", max_length=100, blank=True)
    decision_date = models.DateField("date de la décision", null=True, blank=True)

    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name = "capacité autorisée"
        verbose_name_plural = "capacités autorisées"
        ordering = ["structure__name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="capacity_ends_after_start",
                violation_error_message="La fin de la période ne peut précéder son début.",
            ),
            ExclusionConstraint(
                name="capacity_periods_do_not_overlap",
                expressions=[
                    ("structure", RangeOperators.EQUAL),
                    (closed_range("valid_from", "valid_until"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=(
                    "Cette période de capacité chevauche une autre période de la même structure."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.structure} : {self.places} places à partir du {self.valid_from:%d/%m/%Y}"

    def clean(self):
        super().clean()
        # Checked here too: an inverted range would make the overlap check itself fail.
        _check_order(self.valid_from, self.valid_until, "valid_until", "capacity_ends_after_start")


# --------------------------------------------------------------------------- units and places


@history.track()
class HousingUnit(models.Model):
    Kind = UnitKind

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="housing_units", verbose_name="structure"
    )
    kind = models.CharField("type", max_length=32, choices=UnitKind.choices)
    label = models.CharField("désignation", max_length=100, help_text="Ex. « Chambre 12 ».")
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    city = models.CharField("ville", max_length=100, blank=True)

    objects = HousingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "logement"
        verbose_name_plural = "logements"
        ordering = ["structure__name", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "label"],
                name="housing_unit_label_unique_per_structure",
                violation_error_message="Un logement porte déjà cette désignation ici.",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.structure})"


@history.track()
class Place(models.Model):
    """One bed-space: the unit of capacity."""

    unit = models.ForeignKey(
        HousingUnit, on_delete=models.CASCADE, related_name="places", verbose_name="logement"
    )
    label = models.CharField("place", max_length=20)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "place"
        verbose_name_plural = "places"
        ordering = ["unit__label", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "label"],
                name="place_label_unique_per_unit",
                violation_error_message="Ce logement a déjà une place portant ce nom.",
            )
        ]

    def __str__(self):
        return f"{self.unit.label} · place {self.label}"


@history.track()
class OutOfService(models.Model):
    """A unit unavailable (works, damage): its places are not available during the period."""

    unit = models.ForeignKey(
        HousingUnit,
        on_delete=models.CASCADE,
        related_name="out_of_service_periods",
        verbose_name="logement",
    )
    starts_on = models.DateField("du")
    ends_on = models.DateField("au (inclus)", null=True, blank=True)
    reason = models.CharField("motif", max_length=255)

    objects = OutOfServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "indisponibilité"
        verbose_name_plural = "indisponibilités"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="out_of_service_ends_after_start",
                violation_error_message="La fin de l'indisponibilité ne peut précéder son début.",
            ),
            ExclusionConstraint(
                name="out_of_service_periods_do_not_overlap",
                expressions=[
                    ("unit", RangeOperators.EQUAL),
                    (closed_range("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=(
                    "Ce logement est déjà indisponible pendant une partie de cette période."
                ),
            ),
        ]

    def __str__(self):
        end = f" au {self.ends_on:%d/%m/%Y}" if self.ends_on else ""
        return f"{self.unit.label} indisponible du {self.starts_on:%d/%m/%Y}{end}"

    def clean(self):
        super().clean()
        _check_order(self.starts_on, self.ends_on, "ends_on", "out_of_service_ends_after_start")


# --------------------------------------------------------------------------- calls for projects


@history.track()
class ProjectCall(models.Model):
    """An *appel à projets* of the State for new places."""

    Kind = CallKind

    year = models.PositiveSmallIntegerField("année")
    departement = departement_field()
    kind = models.CharField("type", max_length=32, choices=CallKind.choices, default=CallKind.CPH)
    title = models.CharField("intitulé", max_length=200, blank=True)
    reference = models.CharField("référence", max_length=100, blank=True)

    class Meta:
        verbose_name = "appel à projets"
        verbose_name_plural = "appels à projets"
        ordering = ["-year", "departement"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="project_call_year_plausible",
                violation_error_message="L'année doit être comprise entre 1990 et 2100.",
            )
        ]

    def __str__(self):
        return self.title or f"Appel à projets {self.year} ({self.departement})"


@history.track()
class ProjectBid(models.Model):
    """A bid of FTDA to a call: a creation (new structure, site named) or an extension of an
    existing structure. Retained bids are the planned capacity."""

    Kind = BidKind
    Status = BidStatus

    call = models.ForeignKey(
        ProjectCall, on_delete=models.CASCADE, related_name="bids", verbose_name="appel à projets"
    )
    kind = models.CharField("type", max_length=16, choices=BidKind.choices)
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_bids",
        verbose_name="structure",
        help_text="Obligatoire pour une extension ; pour une création, la structure une fois "
        "ouverte.",
    )
    site = models.CharField("site (ville)", max_length=100)
    places_requested = models.PositiveIntegerField("places demandées")
    status = models.CharField(
        "statut", max_length=16, choices=BidStatus.choices, default=BidStatus.FILED
    )
    planned_opening_on = models.DateField("ouverture prévue", null=True, blank=True)

    objects = ProjectBidQuerySet.as_manager()

    class Meta:
        verbose_name = "projet déposé"
        verbose_name_plural = "projets déposés"
        ordering = ["-call__year", "site"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=BidKind.EXTENSION) | Q(structure__isnull=False),
                name="extension_bid_has_structure",
                violation_error_message="Une extension porte sur une structure existante.",
            ),
            models.CheckConstraint(
                condition=Q(places_requested__gte=1),
                name="bid_requests_places",
                violation_error_message="Un projet demande au moins une place.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.site} ({self.places_requested} places)"


# --------------------------------------------------------------------------- admission path


@history.track()
class Orientation(models.Model):
    """OFII's proposal of a person (with their household) to a structure, the structure's
    opinion and the person's answer."""

    Origin = OrientationOrigin
    Opinion = Opinion

    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="orientations", verbose_name="structure"
    )
    received_on = models.DateField("reçue le", default=timezone.localdate)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="housing_orientations",
        verbose_name="personne orientée",
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="housing_orientations",
        verbose_name="ménage",
    )
    persons_count = models.PositiveSmallIntegerField("nombre de personnes", default=1)
    origin = models.CharField("provenance", max_length=32, choices=OrientationOrigin.choices)
    opinion = models.CharField("avis", max_length=16, choices=Opinion.choices, blank=True)
    opinion_on = models.DateField("avis donné le", null=True, blank=True)
    opinion_reason = models.TextField("motif de l'avis", blank=True)
    accepted = models.BooleanField("proposition acceptée", null=True, blank=True)
    answered_on = models.DateField("réponse de la personne le", null=True, blank=True)
    planned_arrival_on = models.DateField("arrivée prévue le", null=True, blank=True)
    created_at = models.DateTimeField("saisie le", auto_now_add=True)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation OFII"
        verbose_name_plural = "orientations OFII"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["structure", "-received_on"], name="orientation_struct")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(opinion=Opinion.UNFAVOURABLE) | ~Q(opinion_reason=""),
                name="unfavourable_opinion_has_reason",
                violation_error_message="Un avis défavorable doit être motivé.",
            ),
            models.CheckConstraint(
                condition=Q(opinion="") | Q(opinion_on__isnull=False),
                name="opinion_is_dated",
                violation_error_message="Indiquez la date de l'avis.",
            ),
            models.CheckConstraint(
                condition=Q(opinion_on__isnull=True) | Q(opinion_on__gte=F("received_on")),
                name="opinion_after_orientation",
                violation_error_message="L'avis ne peut précéder la réception de l'orientation.",
            ),
            models.CheckConstraint(
                condition=Q(accepted__isnull=True) | Q(opinion=Opinion.FAVOURABLE),
                name="answer_only_after_favourable_opinion",
                violation_error_message=(
                    "La personne ne répond qu'à une proposition ayant reçu un avis favorable."
                ),
            ),
            models.CheckConstraint(
                condition=Q(persons_count__gte=1),
                name="orientation_has_persons",
                violation_error_message="Une orientation concerne au moins une personne.",
            ),
        ]

    def __str__(self):
        return f"Orientation de {self.person} du {self.received_on:%d/%m/%Y}"

    @property
    def status_label(self):
        if not self.opinion:
            return "En attente d'avis"
        if self.opinion == Opinion.UNFAVOURABLE:
            return "Avis défavorable"
        if self.accepted is None:
            return "Avis favorable, réponse attendue"
        if self.accepted is False:
            return "Proposition refusée"
        return "Acceptée"


@history.track()
class Stay(models.Model):
    """A person's stay in a housing structure, on a place (or sharing a parent's place, see
    the module's docstring), from arrival to exit."""

    ExitOutcome = ExitOutcome
    EmploymentSituation = EmploymentSituation

    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="stays", verbose_name="structure"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="stays", verbose_name="personne"
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stays",
        verbose_name="ménage",
    )
    orientation = models.ForeignKey(
        Orientation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stays",
        verbose_name="orientation",
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stays",
        verbose_name="place",
    )
    shares_place_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sharing_infants",
        verbose_name="partage la place de",
        help_text="Enfant de moins de 3 ans à l'arrivée, dans la chambre d'un parent.",
    )
    arrived_on = models.DateField("arrivée le")
    contract_signed_on = models.DateField("contrat de séjour signé le", null=True, blank=True)
    planned_end_on = models.DateField("fin prévue le")
    exited_on = models.DateField("sortie le", null=True, blank=True)
    exit_outcome = models.CharField(
        "solution de sortie", max_length=32, choices=ExitOutcome.choices, blank=True
    )
    employment_at_exit = models.CharField(
        "situation d'emploi à la sortie",
        max_length=32,
        choices=EmploymentSituation.choices,
        blank=True,
    )
    exit_note = models.TextField("précisions sur la sortie", blank=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        verbose_name = "séjour"
        verbose_name_plural = "séjours"
        ordering = ["-arrived_on", "pk"]
        indexes = [
            models.Index(fields=["structure", "exited_on"], name="stay_structure_exit"),
            models.Index(fields=["structure", "arrived_on"], name="stay_structure_arrival"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gt=F("arrived_on")),
                name="stay_exit_after_arrival",
                violation_error_message="La sortie doit être postérieure à l'arrivée.",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__gt=F("arrived_on")),
                name="stay_planned_end_after_arrival",
                violation_error_message="La fin prévue doit être postérieure à l'arrivée.",
            ),
            models.CheckConstraint(
                condition=Q(contract_signed_on__isnull=True)
                | Q(contract_signed_on__gte=F("arrived_on")),
                name="stay_contract_after_arrival",
                violation_error_message="Le contrat de séjour est signé à l'arrivée ou après.",
            ),
            models.CheckConstraint(
                condition=(Q(place__isnull=False) & Q(shares_place_of__isnull=True))
                | (Q(place__isnull=True) & Q(shares_place_of__isnull=False)),
                name="stay_has_place_or_shares_one",
                violation_error_message=(
                    "Chaque personne occupe une place, sauf un enfant de moins de 3 ans qui "
                    "partage celle d'un parent."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(exited_on__isnull=True) & Q(exit_outcome=""))
                | (Q(exited_on__isnull=False) & ~Q(exit_outcome="")),
                name="stay_exit_has_outcome",
                violation_error_message="Une sortie a une date et une solution de sortie.",
            ),
            ExclusionConstraint(
                name="one_stay_per_place_at_a_time",
                expressions=[
                    ("place", RangeOperators.EQUAL),
                    (half_open_range("arrived_on", "exited_on"), RangeOperators.OVERLAPS),
                ],
                condition=Q(place__isnull=False),
                violation_error_message="Cette place est déjà occupée pendant cette période.",
            ),
            ExclusionConstraint(
                name="one_stay_per_person_at_a_time",
                expressions=[
                    ("person", RangeOperators.EQUAL),
                    (half_open_range("arrived_on", "exited_on"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=(
                    "Cette personne a déjà un séjour en cours pendant cette période."
                ),
            ),
        ]

    def __str__(self):
        return f"Séjour de {self.person} à {self.structure} ({self.arrived_on:%d/%m/%Y})"

    def clean(self):
        super().clean()
        if self.arrived_on and self.exited_on and self.exited_on <= self.arrived_on:
            raise ValidationError({"exited_on": "La sortie doit être postérieure à l'arrivée."})
        # The place's unit as loaded by the form or the import (no query when it is).
        if (
            self.place_id
            and self.structure_id
            and self.place.unit.structure_id != self.structure_id
        ):
            raise ValidationError({"place": "Cette place appartient à une autre structure."})

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.arrived_on <= today and (self.exited_on is None or self.exited_on > today)

    def length_in_days(self, today=None):
        end = self.exited_on or (today or timezone.localdate())
        return (end - self.arrived_on).days


def planned_end(arrived_on: datetime.date, months: int = STAY_MONTHS) -> datetime.date:
    return arrived_on + relativedelta(months=months)


@history.track()
class StayExtension(models.Model):
    """A prolongation of the stay granted by OFII (3 months each time)."""

    stay = models.ForeignKey(
        Stay, on_delete=models.CASCADE, related_name="extensions", verbose_name="séjour"
    )
    decided_on = models.DateField("décision de l'OFII le")
    months = models.PositiveSmallIntegerField("durée (mois)", default=EXTENSION_MONTHS)
    previous_end_on = models.DateField("fin prévue avant la prolongation")
    new_end_on = models.DateField("nouvelle fin prévue")

    class Meta:
        verbose_name = "prolongation"
        verbose_name_plural = "prolongations"
        ordering = ["stay", "new_end_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(months__gte=1) & Q(months__lte=EXTENSION_MONTHS),
                name="extension_at_most_three_months",
                violation_error_message="Une prolongation dure de 1 à 3 mois.",
            ),
            models.CheckConstraint(
                condition=Q(new_end_on__gt=F("previous_end_on")),
                name="extension_moves_end_later",
                violation_error_message="La prolongation repousse la fin prévue.",
            ),
        ]

    def __str__(self):
        return f"Prolongation jusqu'au {self.new_end_on:%d/%m/%Y}"


@history.track()
class FinancialParticipation(models.Model):
    """A resident's monthly financial participation (*participation financière*)."""

    stay = models.ForeignKey(
        Stay,
        on_delete=models.CASCADE,
        related_name="financial_participations",
        verbose_name="séjour",
    )
    month = models.DateField("mois", help_text="Premier jour du mois.")
    amount = models.DecimalField("montant (€)", max_digits=8, decimal_places=2)
    paid_on = models.DateField("réglée le", null=True, blank=True)

    class Meta:
        verbose_name = "participation financière"
        verbose_name_plural = "participations financières"
        ordering = ["stay", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "month"],
                name="one_participation_per_month",
                violation_error_message="La participation de ce mois est déjà saisie.",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="participation_month_first_day",
                violation_error_message="Le mois est noté par son premier jour.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="participation_not_negative",
                violation_error_message="Le montant ne peut être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} : {self.amount} €"
