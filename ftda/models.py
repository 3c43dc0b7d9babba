"""Core models shared by every scheme: structures and their teams, persons and households,
partners, pathways (a person's support in one structure), follow-ups and the access log."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import Greatest
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django_countries.fields import CountryField
from localflavor.fr.fr_department import DEPARTMENT_CHOICES
from phonenumber_field.modelfields import PhoneNumberField

from ftda import access, history
from ftda.enums import (
    HOUSING_KINDS,
    AccessAction,
    FollowUpKind,
    FollowUpTopic,
    ImportJobStatus,
    MembershipRole,
    PartnerKind,
    ProtectionStatus,
    Relationship,
    Sex,
    StructureKind,
)
from ftda.languages import LANGUAGE_NAMES, validate_language_code

agdref_validator = RegexValidator(
    r"^\d{10}$", "Le numéro AGDREF est composé de 10 chiffres, sans espace ni lettre."
)


def departement_field(**kwargs):
    return models.CharField(
        "département", max_length=3, choices=DEPARTMENT_CHOICES, db_index=True, **kwargs
    )


# --------------------------------------------------------------------------- query sets


class StructureQuerySet(models.QuerySet):
    def for_user(self, user):
        if access.sees_all_structures(user):
            return self.all()
        return self.filter(pk__in=access.member_structure_ids(user))

    def where_member(self, user, *, roles=None):
        """Structures where `user` works (the direction included only where a member)."""
        return self.filter(pk__in=access.member_structure_ids(user, roles=roles))

    def housing(self):
        return self.filter(kind__in=HOUSING_KINDS)


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )


class PersonQuerySet(models.QuerySet):
    def for_user(self, user, *, open_only=False):
        """Persons with a pathway, past or present, in one of the user's structures; with
        `open_only`, only those whose pathway there is still open (the direction, which sees
        every person, is not restricted).

        One condition either way: asking for an open pathway on top of any pathway would
        make PostgreSQL check both for every person of the structure.
        """
        if access.sees_all_structures(user):
            return self.all()
        if not access.is_active_user(user):
            return self.none()
        pathways = Pathway.objects.open() if open_only else Pathway.objects.all()
        supported_here = pathways.filter(
            person=OuterRef("pk"), structure_id__in=access.member_structure_ids(user)
        )
        return self.filter(Exists(supported_here))

    def search(self, text, *, every_word=True):
        """Accent-, case- and spelling-tolerant search on names.

        Two index-backed conditions: trigram word similarity on the unaccented name (typos,
        Bérénice / Berenice, Nguyễn / Nguyen) and Double Metaphone keys (Mohamed / Mohammed /
        Muhammad, which share too few trigrams). Best matches first.

        Each word typed narrows the search: the person's keys must sound like every word
        (`diallo mamadou` is not every Mamadou; bench/README.md, Search); a word without a
        key (a digit, one letter) is left out of that condition. With
        `every_word=False` one word is enough, for the duplicates check, where the birth date
        already narrows and a missed duplicate costs more than an extra suggestion.
        """
        text = " ".join(text.split())[:100]
        if not text:
            return self
        normalized = Func(Value(text), function="ftda_normalize", output_field=models.TextField())
        keys = Func(
            Value(text),
            Value(""),
            function="ftda_phonetic_keys",
            output_field=ArrayField(models.CharField()),
        )
        if every_word:
            # An array contains the empty one: words without a key (digits, one letter) must
            # not match every person. PostgreSQL folds both conditions into constants.
            sounds_alike = Q(search_keys__contains=keys) & Q(
                GreaterThan(
                    Func(keys, function="cardinality", output_field=models.IntegerField()), 0
                )
            )
        else:
            sounds_alike = Q(search_keys__overlap=keys)
        return (
            self.filter(Q(search_name__trigram_word_similar=normalized) | sounds_alike)
            .annotate(
                relevance=Greatest(
                    TrigramWordSimilarity(normalized, "search_name"),
                    Value(0.0),
                )
            )
            .order_by("-relevance", "last_name", "first_names")
        )

    def likely_duplicates(self, *, last_name, first_names, birth_date):
        """Persons born the same day whose name is close: shown before creating a person."""
        if not birth_date or not (last_name or first_names):
            return self.none()
        return self.filter(birth_date=birth_date).search(
            f"{last_name} {first_names}", every_word=False
        )


class PathwayQuerySet(models.QuerySet):
    def for_user(self, user):
        """Pathways of the persons the user may see (identity and schemes are shared)."""
        return self.filter(person__in=Person.objects.for_user(user))

    def open_on(self, day):
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )

    def open(self):
        return self.filter(ended_on__isnull=True)


class HouseholdQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(members__person__in=Person.objects.for_user(user)).distinct()


class FollowUpQuerySet(models.QuerySet):
    def for_user(self, user):
        """Need to know: a structure's follow-ups are read by its members only."""
        return self.filter(structure_id__in=access.member_structure_ids(user))


class PartnerQuerySet(models.QuerySet):
    def for_user(self, user):
        """Partners are reference data, shared by every active user."""
        return self.all() if access.is_active_user(user) else self.none()


class AgreementQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(structure__in=Structure.objects.for_user(user))


# --------------------------------------------------------------------------- models


def related_fields(relation, fields):
    """`fields` of the model behind `relation`, as `only()` and `values()` name them."""
    return tuple(f"{relation}__{name}" for name in fields)


# A background import that may still write (ftda.import_jobs).
IMPORT_JOB_IN_PROGRESS = (ImportJobStatus.PENDING, ImportJobStatus.RUNNING)


class ImportJobQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own imports; a superuser's reach every import."""
        if user.is_active and user.is_superuser:
            return self.all()
        return self.filter(created_by=user) if user.is_active else self.none()

    def in_progress(self):
        return self.filter(status__in=IMPORT_JOB_IN_PROGRESS)

    def keeping_their_file(self, *, now):
        """Jobs whose stored file must stay: those waiting or running, and the clean
        previews whose confirmation is still offered."""
        return self.filter(
            Q(status__in=IMPORT_JOB_IN_PROGRESS)
            | Q(
                dry_run=True,
                status=ImportJobStatus.DONE,
                finished_at__gt=now - settings.IMPORT_TMP_MAX_AGE,
            )
        )


class User(AbstractUser):
    is_direction = models.BooleanField(
        "membre de la direction",
        default=False,
        help_text="Lit toutes les structures et leurs rapports, jamais les notes de suivi.",
    )

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    # What __str__ reads: the columns a list loads with `only()` to show a user's name.
    NAME_FIELDS = ("first_name", "last_name", "username")

    def __str__(self):
        return self.get_full_name() or self.username


@history.track()
class Structure(models.Model):
    Kind = StructureKind

    kind = models.CharField("type", max_length=32, choices=StructureKind.choices)
    name = models.CharField("nom", max_length=150, unique=True)
    departement = departement_field()
    city = models.CharField("ville", max_length=100)
    address = models.CharField("adresse", max_length=255, blank=True)
    opened_on = models.DateField("date d'ouverture", null=True, blank=True)
    closed_on = models.DateField("date de fermeture", null=True, blank=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="structure_closes_after_opening",
                violation_error_message="La fermeture ne peut précéder l'ouverture.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_housing(self):
        return self.kind in HOUSING_KINDS


@history.track()
class Membership(models.Model):
    Role = MembershipRole

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="utilisateur"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="memberships", verbose_name="structure"
    )
    role = models.CharField("rôle", max_length=32, choices=MembershipRole.choices)
    started_on = models.DateField("début", default=timezone.localdate)
    ended_on = models.DateField("fin", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "affectation"
        verbose_name_plural = "affectations"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "structure"],
                condition=Q(ended_on__isnull=True),
                name="one_open_membership_per_structure",
                violation_error_message="Cette personne est déjà affectée à cette structure.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_start",
                violation_error_message="La fin de l'affectation ne peut précéder son début.",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.structure} ({self.get_role_display()})"


# The search columns are derived from the names (generated in the person's table): the
# event keeps the names, not their search forms, computed again for nothing on each event.
@history.track(exclude=["search_name", "search_keys"])
class Person(models.Model):
    Sex = Sex
    ProtectionStatus = ProtectionStatus

    last_name = models.CharField("nom", max_length=150)
    first_names = models.CharField("prénoms", max_length=150)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, default=Sex.UNSPECIFIED)
    nationality = CountryField("nationalité", blank=True)
    # Codes are checked against the language list in code, not as field choices: the list
    # follows pycountry's releases and must not produce a migration each time.
    languages = ArrayField(
        models.CharField(max_length=3, validators=[validate_language_code]),
        verbose_name="langues parlées",
        default=list,
        blank=True,
    )
    protection_status = models.CharField(
        "statut de protection",
        max_length=32,
        choices=ProtectionStatus.choices,
        default=ProtectionStatus.REFUGEE,
    )
    protection_decided_on = models.DateField(
        "date de la décision de protection", null=True, blank=True
    )
    agdref_number = models.CharField(
        "numéro AGDREF",
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[agdref_validator],
        error_messages={"unique": "Une personne porte déjà ce numéro AGDREF."},
    )
    phone = PhoneNumberField("téléphone", blank=True)
    email = models.EmailField("courriel", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    # Optimistic concurrency: an edit based on an older version is refused, not lost.
    version = models.PositiveIntegerField(default=1, editable=False)
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True, editable=False)

    search_name = models.GeneratedField(
        expression=Func(
            F("last_name"),
            F("first_names"),
            function="ftda_search_name",
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_keys = models.GeneratedField(
        expression=Func(
            F("last_name"),
            F("first_names"),
            function="ftda_phonetic_keys",
            output_field=ArrayField(models.CharField()),
        ),
        output_field=ArrayField(models.CharField()),
        db_persist=True,
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne accompagnée"
        verbose_name_plural = "personnes accompagnées"
        ordering = ["last_name", "first_names"]
        indexes = [
            GinIndex(fields=["search_name"], opclasses=["gin_trgm_ops"], name="person_name_trgm"),
            GinIndex(fields=["search_keys"], name="person_phonetic_keys"),
            models.Index(fields=["birth_date"], name="person_birth_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(agdref_number__isnull=True) | Q(agdref_number__regex=r"^[0-9]{10}$"),
                name="person_agdref_ten_digits",
                violation_error_message="Le numéro AGDREF est composé de 10 chiffres.",
            ),
        ]

    # What __str__ reads: the columns a list loads with `only()` to show a person's name.
    NAME_FIELDS = ("last_name", "first_names")

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_names}"

    @property
    def full_name(self):
        return str(self)

    def language_names(self):
        return [LANGUAGE_NAMES.get(code, code) for code in self.languages]


@history.track()
class Household(models.Model):
    label = models.CharField("libellé", max_length=150)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = "ménage"
        verbose_name_plural = "ménages"

    def __str__(self):
        return self.label


@history.track()
class HouseholdMember(models.Model):
    Relationship = Relationship

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name="ménage"
    )
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="household_membership"
    )
    relationship = models.CharField("lien", max_length=16, choices=Relationship.choices)

    class Meta:
        verbose_name = "membre du ménage"
        verbose_name_plural = "membres du ménage"

    def __str__(self):
        return f"{self.person} ({self.get_relationship_display()})"


@history.track()
class Pathway(models.Model):
    """A person's support by one structure (*accompagnement*), from a start to an end.

    The scheme-specific records (stays, AGIR pathways, duos, mobility pathways) hang off
    it; scoping of persons relies on it alone.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="pathways", verbose_name="personne"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="pathways", verbose_name="structure"
    )
    started_on = models.DateField("début de l'accompagnement", default=timezone.localdate)
    ended_on = models.DateField("fin de l'accompagnement", null=True, blank=True)

    objects = PathwayQuerySet.as_manager()

    class Meta:
        verbose_name = "accompagnement"
        verbose_name_plural = "accompagnements"
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["structure", "ended_on"], name="pathway_structure_end")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "structure"],
                condition=Q(ended_on__isnull=True),
                name="one_open_pathway_per_structure",
                violation_error_message="Cette personne est déjà accompagnée par cette structure.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="pathway_ends_after_start",
                violation_error_message="La fin de l'accompagnement ne peut précéder son début.",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.structure}"

    @property
    def is_open(self):
        return self.ended_on is None or self.ended_on >= timezone.localdate()


@history.track()
class Partner(models.Model):
    Kind = PartnerKind

    name = models.CharField("nom", max_length=150)
    kind = models.CharField("type", max_length=32, choices=PartnerKind.choices)
    departement = departement_field()
    city = models.CharField("ville", max_length=100, blank=True)
    contact_name = models.CharField("contact", max_length=150, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = PhoneNumberField("téléphone", blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "departement"],
                name="partner_unique_per_departement",
                violation_error_message="Ce partenaire existe déjà dans ce département.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.departement})"


@history.track()
class Agreement(models.Model):
    """A convention between a structure and a partner."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="agreements", verbose_name="partenaire"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="agreements", verbose_name="structure"
    )
    title = models.CharField("objet", max_length=200)
    reference = models.CharField("référence", max_length=100, blank=True)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "convention"
        verbose_name_plural = "conventions"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message="La fin de la convention ne peut précéder son début.",
            )
        ]

    def __str__(self):
        return f"{self.title} · {self.partner.name}"


_TOPIC_LABELS = dict(FollowUpTopic.choices)


@history.track()
class FollowUp(models.Model):
    Kind = FollowUpKind
    Topic = FollowUpTopic

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="personne"
    )
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="follow_ups", verbose_name="structure"
    )
    author = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="follow_ups",
        verbose_name="auteur",
    )
    occurred_on = models.DateField("date", default=timezone.localdate)
    kind = models.CharField("type", max_length=32, choices=FollowUpKind.choices)
    topics = ArrayField(
        models.CharField(max_length=32, choices=FollowUpTopic.choices), verbose_name="thèmes"
    )
    note = models.TextField("note", blank=True)
    next_step = models.CharField("prochaine étape", max_length=255, blank=True)
    next_step_due_on = models.DateField("échéance", null=True, blank=True)
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "suivi"
        verbose_name_plural = "suivis"
        ordering = ["-occurred_on", "-created_at"]
        indexes = [
            models.Index(fields=["person", "-occurred_on"], name="followup_person_date"),
            models.Index(fields=["structure", "-occurred_on"], name="followup_structure_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(topics__len__gte=1),
                name="followup_has_topic",
                violation_error_message="Choisissez au moins un thème.",
            ),
            models.CheckConstraint(
                condition=Q(next_step_due_on__isnull=True)
                | Q(next_step_due_on__gte=F("occurred_on")),
                name="followup_due_after_date",
                violation_error_message="L'échéance ne peut précéder la date du suivi.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.occurred_on:%d/%m/%Y}"

    def topic_labels(self):
        labels = _TOPIC_LABELS
        return [labels.get(topic, topic) for topic in self.topics]


class AccessLog(models.Model):
    """Every read of a person's file, PDF or export: who, when, what, through which structure."""

    Action = AccessAction

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="utilisateur"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name="personne",
    )
    structure = models.ForeignKey(
        Structure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="via la structure",
    )
    action = models.CharField("action", max_length=32, choices=AccessAction.choices)
    path = models.CharField("adresse", max_length=500)
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    class Meta:
        verbose_name = "consultation"
        verbose_name_plural = "journal des consultations"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} · {self.user} · {self.get_action_display()}"


# The stored name django-import-export gave the file (a hex uuid): no folder, no dots.
import_file_name_validator = RegexValidator(r"^[0-9A-Za-z_-]{1,100}$")


@history.track(exclude=["rows_done"])
class ImportJob(models.Model):
    """An admin import run by a background task (`ftda.import_jobs`): the preview of an
    uploaded file (`dry_run`: nothing written) or a confirmed import; the stored file it
    reads, its progress (rows done, written outside the import's transaction and not
    audited) and, at the end, its summary or the French errors of the refused rows."""

    Status = ImportJobStatus

    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="import_jobs", verbose_name="lancé par"
    )
    created_at = models.DateTimeField("lancé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("fini le", null=True, blank=True)
    model_label = models.CharField("données", max_length=100)  # "hebergement.stay"
    resource = models.CharField("ressource d'import", max_length=200)  # its dotted path
    file_format = models.CharField("format", max_length=10)  # "csv", "xlsx"
    file_name = models.CharField(
        "fichier stocké", max_length=100, validators=[import_file_name_validator]
    )
    original_file_name = models.CharField("fichier", max_length=255, blank=True)
    url = models.CharField("adresse de la demande", max_length=500)  # upload or confirmation
    dry_run = models.BooleanField(
        "aperçu",
        default=False,
        help_text="Vérifie le fichier sans rien écrire ; l'import suit sa confirmation.",
    )
    total_rows = models.PositiveIntegerField("lignes", default=0)
    rows_done = models.PositiveIntegerField("lignes traitées", default=0)
    status = models.CharField(
        "état", max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.PENDING
    )
    result = models.JSONField("résultat", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "model_label", "-created_at"])]

    def __str__(self):
        return f"{self.title} ({self.original_file_name})"

    @property
    def kind_label(self):
        return "aperçu" if self.dry_run else "import"

    @property
    def title(self):
        return f"{self.kind_label.capitalize()} n°{self.pk}"

    @property
    def is_active(self):
        return self.status in IMPORT_JOB_IN_PROGRESS

    @property
    def is_clean_preview(self):
        """A preview that found nothing to refuse: its file may be confirmed."""
        return self.dry_run and self.status == ImportJobStatus.DONE

    def awaits_confirmation(self, *, now):
        """A clean preview, whose file is kept for its confirmation `IMPORT_TMP_MAX_AGE` after
        it finished (as django-import-export keeps a file previewed in the request; the same
        rule as `ImportJobQuerySet.keeping_their_file`)."""
        return self.is_clean_preview and now - self.finished_at < settings.IMPORT_TMP_MAX_AGE
