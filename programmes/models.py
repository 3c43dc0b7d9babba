"""Duos de demain, Chiche Chef and Clé de France.

Each programme is a core `Structure` of kind *programme* with its team (memberships); a
`Programme` row tells which of the three schemes it runs. Every record hangs off that
structure, so scoping is the core's: members see their programme's records, the direction
reads everything, nobody else sees anything.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from localflavor.fr.fr_department import DEPARTMENT_CHOICES
from phonenumber_field.modelfields import PhoneNumberField

from ftda import access, history
from ftda.expressions import DateRange
from ftda.languages import LANGUAGE_NAMES, validate_language_code
from ftda.models import Partner, Person, Structure
from programmes.enums import (
    IDF_DEPARTEMENTS,
    Availability,
    DuoStatus,
    EmploymentSolution,
    HousingSolution,
    Interest,
    MeetingKind,
    MobilityStageKind,
    MobilityStatus,
    ParticipantGroup,
    RightsTransferKind,
    Scheme,
)

DUO_MONTHS = 6

# For each duo, how many of its six months (counted from its start) hold a meeting.
MONTHS_WITH_MEETING_SQL = """
    SELECT count(*) FROM generate_series(0, %s) AS k
    WHERE EXISTS (
        SELECT 1 FROM programmes_duomeeting m
        WHERE m.duo_id = programmes_duo.id
          AND m.occurred_on >= programmes_duo.started_on + make_interval(months => k)
          AND m.occurred_on < programmes_duo.started_on + make_interval(months => k + 1)
    )"""


def _departement(label="département", **kwargs):
    return models.CharField(label, max_length=3, choices=DEPARTMENT_CHOICES, **kwargs)


def _choices_array(choices, label):
    return ArrayField(
        models.CharField(max_length=32, choices=choices),
        verbose_name=label,
        default=list,
        blank=True,
    )


def _languages():
    return ArrayField(
        models.CharField(max_length=3, validators=[validate_language_code]),
        verbose_name="langues parlées",
        default=list,
        blank=True,
    )


def in_programmes(queryset, user, field="programme"):
    """Records of the programmes where `user` is a member; all of them for the direction."""
    if access.sees_all_structures(user):
        return queryset
    return queryset.filter(**{f"{field}_id__in": access.member_structure_ids(user)})


def member_programme_ids(user, scheme):
    """Ids of the programme structures of `scheme` where `user` is a member, read from the
    memberships loaded once per request (no query)."""
    schemes = access.member_structure_details(user, "programme__scheme")
    return [structure_id for structure_id, its in schemes.items() if its == scheme]


def programmes_of(user, scheme, *, writable=False):
    """Programme structures of a scheme that `user` reads (or writes: members only)."""
    structures = Structure.objects.filter(programme__scheme=scheme)
    if writable or not access.sees_all_structures(user):
        structures = structures.filter(pk__in=access.member_structure_ids(user))
    return structures


# --------------------------------------------------------------------------- query sets


class ScopedQuerySet(models.QuerySet):
    scope_field = "programme"

    def for_user(self, user):
        return in_programmes(self, user, self.scope_field)


class VolunteerQuerySet(ScopedQuerySet):
    def available(self, on=None):
        """Volunteers with no duo in progress (one duo at a time)."""
        busy = Duo.objects.filter(volunteer=OuterRef("pk"), ended_on__isnull=True)
        return self.filter(active=True).exclude(Exists(busy))


class DuoQuerySet(ScopedQuerySet):
    def active_on(self, day):
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )

    def without_meeting_in_month(self, month_start):
        month_end = month_start + relativedelta(months=1)
        met = DuoMeeting.objects.filter(
            duo=OuterRef("pk"), occurred_on__gte=month_start, occurred_on__lt=month_end
        )
        return self.exclude(Exists(met))

    def with_regularity(self, today=None):
        """Annotate `months_with_meeting` (of the duo's six months, counted from its start:
        31 January + 1 month is 29 February in a leap year, as in Python's relativedelta)
        and `is_completed`: ran six months with at least one meeting in each."""
        today = today or timezone.localdate()

        ran = Q(ended_on__gte=F("planned_end_on")) | Q(
            ended_on__isnull=True, planned_end_on__lte=today
        )
        return self.annotate(
            # Constant SQL text, the one value is a bound parameter.
            months_with_meeting=models.expressions.RawSQL(  # noqa: S611
                MONTHS_WITH_MEETING_SQL, [DUO_MONTHS - 1], output_field=models.IntegerField()
            )
        ).annotate(
            is_completed=models.ExpressionWrapper(
                ran & Q(months_with_meeting=DUO_MONTHS), output_field=models.BooleanField()
            )
        )


class MeetingQuerySet(ScopedQuerySet):
    scope_field = "duo__programme"


class AttendanceQuerySet(ScopedQuerySet):
    scope_field = "activity__programme"


class EventChildQuerySet(ScopedQuerySet):
    scope_field = "event__programme"


class MobilityChildQuerySet(ScopedQuerySet):
    scope_field = "pathway__programme"


# --------------------------------------------------------------------------- programmes


@history.track()
class Programme(models.Model):
    """Which scheme a programme structure runs."""

    Scheme = Scheme

    structure = models.OneToOneField(
        Structure,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="programme",
        verbose_name="structure",
        limit_choices_to={"kind": Structure.Kind.PROGRAMME},
    )
    scheme = models.CharField("programme", max_length=32, choices=Scheme.choices)

    class Meta:
        verbose_name = "programme"
        verbose_name_plural = "programmes"

    def __str__(self):
        return f"{self.structure} ({self.get_scheme_display()})"

    def clean(self):
        if self.structure_id and self.structure.kind != Structure.Kind.PROGRAMME:
            raise ValidationError({"structure": "Choisissez une structure de type programme."})


# --------------------------------------------------------------------------- Duos de demain


class MatchingProfile(models.Model):
    """What matching compares: place, interests, availabilities, preferences, consent."""

    city = models.CharField("ville", max_length=100)
    departement = _departement()
    interests = _choices_array(Interest.choices, "centres d'intérêt")
    availabilities = _choices_array(Availability.choices, "disponibilités")
    preferences = models.TextField(
        "préférences", blank=True, help_text="Souhaits pour le binôme (âge, genre, activités…)."
    )
    consent_given_on = models.DateField(
        "consentement recueilli le",
        help_text="Date à laquelle la personne a accepté l'enregistrement de ses données.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        abstract = True

    def interest_labels(self):
        labels = dict(Interest.choices)
        return [labels.get(value, value) for value in self.interests]

    def availability_labels(self):
        labels = dict(Availability.choices)
        return [labels.get(value, value) for value in self.availabilities]


@history.track()
class Volunteer(MatchingProfile):
    """A person living in France for a long time who mentors a refugee (*bénévole*)."""

    programme = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="volunteers", verbose_name="programme"
    )
    last_name = models.CharField("nom", max_length=150)
    first_names = models.CharField("prénoms", max_length=150)
    email = models.EmailField("courriel", blank=True)
    phone = PhoneNumberField("téléphone", blank=True)
    languages = _languages()
    active = models.BooleanField("disponible pour un duo", default=True)
    # A former participant may become a volunteer: then a duo must not pair them with
    # themselves.
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteerings",
        verbose_name="personne accompagnée (ancien participant)",
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = "bénévole"
        verbose_name_plural = "bénévoles"
        ordering = ["last_name", "first_names"]
        indexes = [models.Index(fields=["programme", "last_name"], name="volunteer_prog_name")]

    # What __str__ reads: the columns a list loads with `only()` to show a volunteer's name.
    NAME_FIELDS = ("last_name", "first_names")

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_names}"

    def language_names(self):
        return [LANGUAGE_NAMES.get(code, code) for code in self.languages]


@history.track()
class Participant(MatchingProfile):
    """A refugee registered in Duos de demain: their matching profile and dated consent."""

    programme = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="duo_participants",
        verbose_name="programme",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="duo_participations",
        verbose_name="personne",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "participant réfugié"
        verbose_name_plural = "participants réfugiés"
        ordering = ["person__last_name", "person__first_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                name="participant_once_per_programme",
                violation_error_message="Cette personne est déjà inscrite à ce programme.",
            )
        ]

    def __str__(self):
        return str(self.person)


@history.track()
class Duo(models.Model):
    Status = DuoStatus

    programme = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="duos", verbose_name="programme"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="duos", verbose_name="personne réfugiée"
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="duos", verbose_name="bénévole"
    )
    # Copied from the volunteer on save: the database can then check the two differ.
    volunteer_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    started_on = models.DateField("début")
    planned_end_on = models.DateField("fin prévue", editable=False)
    status = models.CharField(
        "statut", max_length=16, choices=DuoStatus.choices, default=DuoStatus.ONGOING
    )
    ended_on = models.DateField("fin", null=True, blank=True)
    end_reason = models.CharField("motif de l'interruption", max_length=255, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = DuoQuerySet.as_manager()

    class Meta:
        verbose_name = "duo"
        verbose_name_plural = "duos"
        ordering = ["-started_on", "pk"]
        indexes = [models.Index(fields=["programme", "started_on"], name="duo_prog_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteer_person__isnull=True) | ~Q(volunteer_person=F("person")),
                name="duo_two_different_people",
                violation_error_message="Un duo réunit deux personnes différentes.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="duo_ends_after_start",
                violation_error_message="La fin du duo ne peut précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(status=DuoStatus.ONGOING, ended_on__isnull=True)
                | (~Q(status=DuoStatus.ONGOING) & Q(ended_on__isnull=False)),
                name="duo_status_matches_end",
                violation_error_message="Un duo terminé ou interrompu a une date de fin ; "
                "un duo en cours n'en a pas.",
            ),
            models.CheckConstraint(
                condition=~Q(status=DuoStatus.INTERRUPTED) | ~Q(end_reason=""),
                name="duo_interruption_has_reason",
                violation_error_message="Indiquez le motif de l'interruption.",
            ),
            ExclusionConstraint(
                name="duo_refugee_one_at_a_time",
                expressions=[
                    ("person", RangeOperators.EQUAL),
                    (DateRange("started_on", "ended_on"), RangeOperators.OVERLAPS),
                ],
                violation_error_message="Cette personne est déjà dans un duo sur cette période.",
            ),
            ExclusionConstraint(
                name="duo_volunteer_one_at_a_time",
                expressions=[
                    ("volunteer", RangeOperators.EQUAL),
                    (DateRange("started_on", "ended_on"), RangeOperators.OVERLAPS),
                ],
                violation_error_message="Ce bénévole est déjà dans un duo sur cette période.",
            ),
        ]

    def __str__(self):
        return f"{self.person} & {self.volunteer}"

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        if self.started_on:
            self.planned_end_on = self.started_on + relativedelta(months=DUO_MONTHS)
        if self.volunteer_id:
            self.volunteer_person_id = self.volunteer.person_id

    def clean(self):
        self.fill_derived()

    @property
    def is_ongoing(self):
        return self.status == DuoStatus.ONGOING


@history.track()
class DuoMeeting(models.Model):
    """A meeting of a duo (*rencontre*). A trigger keeps it within the duo's dates."""

    Kind = MeetingKind

    duo = models.ForeignKey(
        Duo, on_delete=models.CASCADE, related_name="meetings", verbose_name="duo"
    )
    occurred_on = models.DateField("date")
    kind = models.CharField("type", max_length=32, choices=MeetingKind.choices)
    note = models.CharField("commentaire", max_length=255, blank=True)
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "rencontre"
        verbose_name_plural = "rencontres"
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["duo", "occurred_on"], name="meeting_duo_date")]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.occurred_on:%d/%m/%Y}"

    def clean(self):
        if not (self.duo_id and self.occurred_on):
            return
        duo = self.duo
        if self.occurred_on < duo.started_on or (duo.ended_on and self.occurred_on > duo.ended_on):
            end = f"{duo.ended_on:%d/%m/%Y}" if duo.ended_on else "aujourd'hui"
            raise ValidationError(
                {
                    "occurred_on": "La rencontre doit avoir lieu pendant le duo "
                    f"(du {duo.started_on:%d/%m/%Y} à {end})."
                }
            )


@history.track()
class CollectiveActivity(models.Model):
    programme = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="collective_activities",
        verbose_name="programme",
    )
    occurred_on = models.DateField("date")
    place = models.CharField("lieu", max_length=200)
    theme = models.CharField("thème", max_length=200)
    other_attendees = models.PositiveIntegerField(
        "autres participants", default=0, help_text="Personnes présentes hors duos (nombre)."
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "activité collective"
        verbose_name_plural = "activités collectives"
        ordering = ["-occurred_on"]

    def __str__(self):
        return f"{self.theme} ({self.occurred_on:%d/%m/%Y})"


@history.track()
class Attendance(models.Model):
    """A duo member present at a collective activity: the refugee or the volunteer."""

    activity = models.ForeignKey(
        CollectiveActivity,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name="activité",
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, null=True, blank=True, related_name="attendances"
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, volunteer__isnull=False)
                | Q(person__isnull=False, volunteer__isnull=True),
                name="attendance_one_attendee",
                violation_error_message="Une présence concerne une personne ou un bénévole.",
            ),
            models.UniqueConstraint(
                fields=["activity", "person"],
                name="attendance_person_once",
                violation_error_message="Cette personne est déjà notée présente.",
            ),
            models.UniqueConstraint(
                fields=["activity", "volunteer"],
                name="attendance_volunteer_once",
                violation_error_message="Ce bénévole est déjà noté présent.",
            ),
        ]

    def __str__(self):
        return str(self.person or self.volunteer)


# --------------------------------------------------------------------------- Chiche Chef


@history.track()
class CookingTheme(models.Model):
    """Reference list of the themes of Chiche Chef editions."""

    name = models.CharField("thème", max_length=150, unique=True)

    class Meta:
        verbose_name = "thème Chiche Chef"
        verbose_name_plural = "thèmes Chiche Chef"
        ordering = ["name"]

    def __str__(self):
        return self.name


@history.track()
class CookingEvent(models.Model):
    """An edition of Chiche Chef: one day around a chef."""

    programme = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="cooking_events", verbose_name="programme"
    )
    held_on = models.DateField("date")
    departement = _departement("territoire (département)", db_index=True)
    city = models.CharField("ville", max_length=100)
    place = models.CharField("lieu", max_length=200)
    chef = models.CharField("chef", max_length=150)
    # Explicit through models so that the audit trail records partners and themes too.
    partners = models.ManyToManyField(
        Partner,
        blank=True,
        through="EventPartner",
        related_name="cooking_events",
        verbose_name="partenaires",
    )
    themes = models.ManyToManyField(
        CookingTheme,
        blank=True,
        through="EventTheme",
        related_name="cooking_events",
        verbose_name="thèmes",
    )
    recipes = models.TextField("recettes", blank=True, help_text="Une recette par ligne.")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "édition Chiche Chef"
        verbose_name_plural = "éditions Chiche Chef"
        ordering = ["-held_on"]

    def __str__(self):
        return f"Chiche Chef {self.city} du {self.held_on:%d/%m/%Y}"

    def recipe_list(self):
        return [line.strip() for line in self.recipes.splitlines() if line.strip()]


@history.track()
class EventPartner(models.Model):
    event = models.ForeignKey(CookingEvent, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "partenaire d'une édition"
        verbose_name_plural = "partenaires des éditions"
        constraints = [
            models.UniqueConstraint(fields=["event", "partner"], name="event_partner_once")
        ]

    def __str__(self):
        return f"{self.event_id} · {self.partner_id}"


@history.track()
class EventTheme(models.Model):
    event = models.ForeignKey(CookingEvent, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(CookingTheme, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "thème d'une édition"
        verbose_name_plural = "thèmes des éditions"
        constraints = [models.UniqueConstraint(fields=["event", "theme"], name="event_theme_once")]

    def __str__(self):
        return f"{self.event_id} · {self.theme_id}"


@history.track()
class GroupCount(models.Model):
    """How many people of a group took part in an edition: the figures' source."""

    Group = ParticipantGroup

    event = models.ForeignKey(
        CookingEvent, on_delete=models.CASCADE, related_name="counts", verbose_name="édition"
    )
    group = models.CharField("groupe", max_length=32, choices=ParticipantGroup.choices)
    count = models.PositiveIntegerField("nombre")

    objects = EventChildQuerySet.as_manager()

    class Meta:
        verbose_name = "participants d'un groupe"
        verbose_name_plural = "participants par groupe"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "group"],
                name="groupcount_once_per_group",
                violation_error_message="Ce groupe est déjà compté pour cette édition.",
            )
        ]

    def __str__(self):
        return f"{self.get_group_display()} : {self.count}"


@history.track()
class CookingParticipant(models.Model):
    """A named participant, when naming helps (optional). Children of the ASE are minors:
    a first name at most, never a last name, a birth date or a link to a file."""

    Group = ParticipantGroup

    event = models.ForeignKey(
        CookingEvent, on_delete=models.CASCADE, related_name="participants", verbose_name="édition"
    )
    group = models.CharField("groupe", max_length=32, choices=ParticipantGroup.choices)
    first_name = models.CharField("prénom", max_length=50)
    last_name = models.CharField("nom", max_length=150, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooking_participations",
        verbose_name="dossier de la personne",
    )

    objects = EventChildQuerySet.as_manager()

    class Meta:
        verbose_name = "participant nommé"
        verbose_name_plural = "participants nommés"
        ordering = ["group", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(group=ParticipantGroup.ASE_CHILDREN)
                | Q(last_name="", birth_date__isnull=True, person__isnull=True),
                name="cooking_minor_first_name_only",
                violation_error_message="Pour un enfant de l'ASE, seul le prénom peut être "
                "noté : ni nom, ni date de naissance, ni dossier.",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True)
                | Q(group__in=[ParticipantGroup.REFUGEES, ParticipantGroup.ASYLUM_SEEKERS]),
                name="cooking_person_link_for_adults_supported",
                violation_error_message="Seuls les réfugiés et demandeurs d'asile peuvent être "
                "reliés à un dossier.",
            ),
        ]

    def __str__(self):
        return self.first_name


# --------------------------------------------------------------------------- Clé de France


@history.track()
class MobilityPathway(models.Model):
    """A refugee's project to leave Île-de-France and settle in another territory."""

    Status = MobilityStatus

    programme = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="mobility_pathways",
        verbose_name="programme",
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="mobility_pathways", verbose_name="personne"
    )
    started_on = models.DateField("entrée dans le parcours")
    status = models.CharField(
        "statut", max_length=16, choices=MobilityStatus.choices, default=MobilityStatus.ONGOING
    )
    destination_departement = _departement("département de destination", blank=True)
    destination_city = models.CharField("ville de destination", max_length=100, blank=True)
    relocated_on = models.DateField("date d'installation", null=True, blank=True)
    employment_solution = models.CharField(
        "solution emploi ou formation",
        max_length=32,
        choices=EmploymentSolution.choices,
        default=EmploymentSolution.NONE,
    )
    employment_detail = models.CharField("employeur ou formation", max_length=200, blank=True)
    housing_solution = models.CharField(
        "solution de logement",
        max_length=32,
        choices=HousingSolution.choices,
        default=HousingSolution.NONE,
    )
    housing_detail = models.CharField("logement (bailleur, adresse)", max_length=200, blank=True)
    ended_on = models.DateField("fin de l'accompagnement", null=True, blank=True)
    end_reason = models.CharField("motif de fin", max_length=255, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "parcours mobilité"
        verbose_name_plural = "parcours mobilité"
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="mobility_one_open_per_person",
                violation_error_message="Cette personne a déjà un parcours mobilité en cours.",
            ),
            models.CheckConstraint(
                condition=~Q(destination_departement__in=IDF_DEPARTEMENTS),
                name="mobility_destination_outside_idf",
                violation_error_message="La destination doit être hors d'Île-de-France.",
            ),
            models.CheckConstraint(
                condition=Q(relocated_on__isnull=True) | Q(relocated_on__gte=F("started_on")),
                name="mobility_relocation_after_entry",
                violation_error_message="L'installation ne peut précéder l'entrée dans le "
                "parcours.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="mobility_ends_after_start",
                violation_error_message="La fin ne peut précéder l'entrée dans le parcours.",
            ),
            models.CheckConstraint(
                condition=~Q(status=MobilityStatus.RELOCATED)
                | (Q(relocated_on__isnull=False) & ~Q(destination_departement="")),
                name="mobility_relocated_has_date_and_place",
                violation_error_message="Une installation a une date et un département.",
            ),
            models.CheckConstraint(
                condition=~Q(status=MobilityStatus.ABANDONED) | Q(ended_on__isnull=False),
                name="mobility_abandon_has_end",
                violation_error_message="Un abandon a une date de fin.",
            ),
        ]

    def __str__(self):
        return f"Clé de France · {self.person}"

    def review_due_on(self, months):
        if self.relocated_on is None:
            return None
        return self.relocated_on + relativedelta(months=months)


@history.track()
class MobilityStage(models.Model):
    Kind = MobilityStageKind

    pathway = models.ForeignKey(
        MobilityPathway, on_delete=models.CASCADE, related_name="stages", verbose_name="parcours"
    )
    kind = models.CharField("étape", max_length=32, choices=MobilityStageKind.choices)
    occurred_on = models.DateField("date")
    note = models.CharField("commentaire", max_length=255, blank=True)

    objects = MobilityChildQuerySet.as_manager()

    class Meta:
        verbose_name = "étape du parcours mobilité"
        verbose_name_plural = "étapes du parcours mobilité"
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "kind"],
                name="mobility_stage_once",
                violation_error_message="Cette étape est déjà notée pour ce parcours.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.occurred_on:%d/%m/%Y})"


@history.track()
class RightsTransfer(models.Model):
    """Continuity of rights: transfer of the CAF or health-insurance file to the destination."""

    Kind = RightsTransferKind

    pathway = models.ForeignKey(
        MobilityPathway,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name="parcours",
    )
    kind = models.CharField("démarche", max_length=32, choices=RightsTransferKind.choices)
    requested_on = models.DateField("demandé le")
    completed_on = models.DateField("effectif le", null=True, blank=True)

    objects = MobilityChildQuerySet.as_manager()

    class Meta:
        verbose_name = "transfert de droits"
        verbose_name_plural = "transferts de droits"
        ordering = ["requested_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "kind"],
                name="rights_transfer_once",
                violation_error_message="Ce transfert est déjà noté pour ce parcours.",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("requested_on")),
                name="rights_transfer_done_after_request",
                violation_error_message="Le transfert ne peut aboutir avant la demande.",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


@history.track()
class SituationReview(models.Model):
    """The person's situation 3 and 6 months after relocation."""

    pathway = models.ForeignKey(
        MobilityPathway, on_delete=models.CASCADE, related_name="reviews", verbose_name="parcours"
    )
    months_after = models.PositiveSmallIntegerField(
        "mois après l'installation", choices=[(3, "3 mois"), (6, "6 mois")]
    )
    reviewed_on = models.DateField("date du point")
    still_in_destination = models.BooleanField("toujours dans le territoire d'accueil")
    housing_solution = models.CharField("logement", max_length=32, choices=HousingSolution.choices)
    employment_solution = models.CharField(
        "emploi ou formation", max_length=32, choices=EmploymentSolution.choices
    )
    note = models.CharField("commentaire", max_length=255, blank=True)

    objects = MobilityChildQuerySet.as_manager()

    class Meta:
        verbose_name = "point de situation"
        verbose_name_plural = "points de situation"
        ordering = ["months_after"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "months_after"],
                name="review_once_per_milestone",
                violation_error_message="Ce point de situation est déjà noté.",
            ),
            models.CheckConstraint(
                condition=Q(months_after__in=[3, 6]),
                name="review_at_3_or_6_months",
                violation_error_message="Les points de situation ont lieu à 3 et à 6 mois.",
            ),
        ]

    def __str__(self):
        return f"Situation à {self.months_after} mois"


def month_starts(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month += relativedelta(months=1)
