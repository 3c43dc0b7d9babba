"""Imports (and exports) of the housing app through django-import-export, in the admin.

Files an NGO really has: French column headers, dates as dd/mm/yyyy, départements as "49" or
"Maine-et-Loire", CSV in UTF-8 or Windows-1252 with `;` or `,` separators, XLSX from Excel
or LibreOffice. A bad file writes nothing: every row is validated (model constraints
included) inside one transaction, which is rolled back when any row fails, and each faulty
row lists its faulty columns by their French header.

Three resources: structures with their capacity (`CapacityResource`), housing units with
their places (`HousingUnitResource`), current stays (`CurrentStayResource`).
"""

import contextlib
import copy
import csv
import datetime
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import RowResult
from localflavor.fr.fr_department import DEPARTMENT_CHOICES

from ftda.bulk import copy_insert
from ftda.enums import StructureKind
from ftda.models import Household, HouseholdMember, Pathway, Person, Structure
from hebergement.enums import DecisionKind, UnitKind
from hebergement.models import Capacity, HousingUnit, Place, Stay, planned_end
from hebergement.services import as_validation_error

# --------------------------------------------------------------------------- file formats


class FrenchCSV(base_formats.CSV):
    """CSV as spreadsheets save it in France: UTF-8 (with or without BOM) or Windows-1252,
    `;` or `,` separators (sniffed from the header line)."""

    ENCODINGS = ("utf-8-sig", "cp1252")

    def get_title(self):
        return "csv"

    def is_binary(self):
        # Read as bytes: the encoding is detected here, not imposed by the admin.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode(in_stream, self.ENCODINGS)
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        dataset = tablib.Dataset()
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            return dataset
        headers = [cell.strip() for cell in rows[0]]
        dataset.headers = headers
        for row in rows[1:]:
            row = (row + [""] * len(headers))[: len(headers)]
            dataset.append(row)
        return dataset


def decode(data, encodings):
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("Encodage du fichier non reconnu (attendu : UTF-8 ou Windows-1252).")


class FrenchXLSX(base_formats.XLSX):
    """XLSX from Excel or LibreOffice: headers stripped, blank lines ignored."""

    def create_dataset(self, in_stream):
        dataset = super().create_dataset(in_stream)
        cleaned = tablib.Dataset()
        cleaned.headers = [str(h or "").strip() for h in (dataset.headers or [])]
        for row in dataset:
            if any(cell not in (None, "") for cell in row):
                cleaned.append(row)
        return cleaned


IMPORT_FORMATS = [FrenchCSV, FrenchXLSX]


# --------------------------------------------------------------------------- widgets


def normalise(text):
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def text_of(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class TextWidget(widgets.Widget):
    """Text with spaces collapsed; an empty cell is an empty string, never NULL."""

    def clean(self, value, row=None, **kwargs):
        return text_of(value)


class FrenchDateWidget(widgets.Widget):
    FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = text_of(value)
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"Date invalide « {text} » : écrivez-la jj/mm/aaaa.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class FrenchIntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = text_of(value).replace(" ", "").replace("\u202f", "")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value() or number < 0:
            raise ValueError(f"Nombre entier positif attendu, pas « {text_of(value)} ».")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice written by its French label (accents and case ignored) or its code."""

    def __init__(self, choices, *, aliases=None, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.lookup = {normalise(label): value for value, label in self.choices}
        self.lookup.update({normalise(value): value for value, _ in self.choices})
        self.lookup.update({normalise(k): v for k, v in (aliases or {}).items()})

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        if not text:
            return ""
        try:
            return self.lookup[normalise(text)]
        except KeyError:
            labels = ", ".join(label for _, label in self.choices)
            raise ValueError(f"Valeur inconnue « {text} » : choisissez parmi {labels}.") from None

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


DEPARTEMENT_LOOKUP = {normalise(code): code for code, _ in DEPARTMENT_CHOICES}
# localflavor labels read "49 - Maine-et-Loire": accept the label and the name alone.
DEPARTEMENT_LOOKUP.update({normalise(label): code for code, label in DEPARTMENT_CHOICES})
DEPARTEMENT_LOOKUP.update(
    {normalise(str(label).split(" - ", 1)[-1]): code for code, label in DEPARTMENT_CHOICES}
)


def clean_departement(value):
    """ "49", "049", 49.0 (Excel), "Maine-et-Loire", "maine et loire", "2A"."""
    text = text_of(value)
    if not text:
        raise ValueError("Département obligatoire.")
    key = normalise(text)
    if key.isdigit() and len(key) == 1:
        key = "0" + key
    if key.isdigit() and len(key) == 3 and key.startswith("0"):
        key = key[1:]
    try:
        return DEPARTEMENT_LOOKUP[key]
    except KeyError:
        raise ValueError(
            f"Département inconnu « {text} » : écrivez son numéro (49) ou son nom (Maine-et-Loire)."
        ) from None


class DepartementWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return clean_departement(value)


class StructureWidget(widgets.Widget):
    """An existing structure, by its name (case and accents ignored). A resource that
    imports many rows sets `structures` ({normalised name: structure}) once per import."""

    structures = None

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        if not text:
            raise ValueError("Structure obligatoire.")
        if self.structures is not None:
            return self.structures.get(normalise(text)) or _unknown_structure(text)
        return find_structure(text) or _unknown_structure(text)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def find_structure(name):
    return housing_structures().get(normalise(name))


def housing_structures():
    """{normalised name: structure} of the housing structures (the first of a name)."""
    structures = {}
    for structure in Structure.objects.housing().only("pk", "name").order_by("pk"):
        structures.setdefault(normalise(structure.name), structure)
    return structures


def _unknown_structure(text):
    raise ValueError(f"Structure inconnue « {text} » : importez d'abord ses capacités.")


# --------------------------------------------------------------------------- base resource


class FrenchResource(resources.ModelResource):
    """Errors keyed by the French column header; database refusals turned into row errors;
    the whole import rolled back when a row fails (nothing written)."""

    # Extra error keys (columns that are not model fields) → their header.
    extra_columns: dict = {}
    # Model fields filled from other columns by `import_related`.
    derived_fields: tuple = ()
    # False: the database checks the model's constraints when the row is inserted (in a
    # savepoint, refusal turned into the constraint's French message by `save_instance`)
    # instead of one query per constraint and row beforehand.
    validate_constraints = True
    # Foreign keys set by `import_related` from the import's look-ups or from records it has
    # just created: `full_clean()` does not check again that they exist (a query each).
    known_relations: tuple = ()

    def get_instance(self, instance_loader, row):
        return None  # every row creates a record: no technical id in the files

    def column_of(self, key):
        if key == NON_FIELD_ERRORS:
            return key
        for field in self.get_import_fields():
            if field.attribute == key:
                return field.column_name
        return self.extra_columns.get(key, key)

    def _by_column(self, error: ValidationError):
        if hasattr(error, "error_dict"):
            return ValidationError(
                {self.column_of(key): value for key, value in error.error_dict.items()}
            )
        return error

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if errors:
            # Fields left empty because of an error already reported on another column
            # (a structure not created, a person not looked up): no second message.
            for key in self.derived_fields:
                errors.setdefault(key, [])
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=[*errors, *self.known_relations],
                    validate_unique=validate_unique,
                    validate_constraints=self.validate_constraints,
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        cleaned = {key: value for key, value in errors.items() if value}
        if cleaned:
            raise self._by_column(ValidationError(cleaned))

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._meta.use_bulk:  # kept for the resource's `bulk_create`
            super().save_instance(instance, is_create, row, **kwargs)
            return
        try:
            with transaction.atomic():
                super().save_instance(instance, is_create, row, **kwargs)
        except IntegrityError as error:
            raise as_validation_error(error) from error

    def import_data(self, dataset, *args, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, *args, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.import_related(instance, row, errors, **kwargs)
        if errors:
            raise ValidationError(errors)

    def import_related(self, instance, row, errors, **kwargs):
        """Hook: columns that are not plain model fields."""


def add_error(errors, key, message):
    errors.setdefault(key, []).append(ValidationError(message))


# --------------------------------------------------------------------------- structures + capacity

STRUCTURE_KINDS = ChoiceWidget(
    [(StructureKind.CPH, "CPH"), (StructureKind.ASSIMILATED_HOUSING, "Dispositif assimilé")],
    aliases={
        "Centre provisoire d'hébergement": StructureKind.CPH,
        "Centre provisoire d'hébergement (CPH)": StructureKind.CPH,
        "assimilé": StructureKind.ASSIMILATED_HOUSING,
    },
)


class CapacityResource(FrenchResource):
    """One row per capacity period: the structure is created on its first row."""

    structure_name = fields.Field(attribute=None, column_name="Structure")
    structure_kind = fields.Field(attribute=None, column_name="Type")
    departement = fields.Field(attribute=None, column_name="Département")
    city = fields.Field(attribute=None, column_name="Ville")
    places = fields.Field(
        attribute="places", column_name="Places autorisées", widget=FrenchIntegerWidget()
    )
    valid_from = fields.Field(
        attribute="valid_from", column_name="À partir du", widget=FrenchDateWidget()
    )
    valid_until = fields.Field(
        attribute="valid_until", column_name="Jusqu'au", widget=FrenchDateWidget()
    )
    decision_kind = fields.Field(
        attribute="decision_kind", column_name="Décision", widget=ChoiceWidget(DecisionKind.choices)
    )
    decision_reference = fields.Field(
        attribute="decision_reference", column_name="Référence de la décision", widget=TextWidget()
    )
    decision_date = fields.Field(
        attribute="decision_date", column_name="Date de la décision", widget=FrenchDateWidget()
    )

    derived_fields = ("structure",)
    extra_columns = {
        "structure": "Structure",
        "structure_kind": "Type",
        "departement": "Département",
        "city": "Ville",
    }

    class Meta:
        model = Capacity
        clean_model_instances = True
        fields = (
            "structure_name",
            "structure_kind",
            "departement",
            "city",
            "places",
            "valid_from",
            "valid_until",
            "decision_kind",
            "decision_reference",
            "decision_date",
        )

    def dehydrate_structure_name(self, capacity):
        return capacity.structure.name

    def dehydrate_structure_kind(self, capacity):
        return STRUCTURE_KINDS.render(capacity.structure.kind)

    def dehydrate_departement(self, capacity):
        return capacity.structure.departement

    def dehydrate_city(self, capacity):
        return capacity.structure.city

    def import_related(self, instance, row, errors, **kwargs):
        name = text_of(row.get("Structure"))
        if not name:
            add_error(errors, "structure", "Structure obligatoire.")
            return
        structure = find_structure(name)
        if structure is None:
            values = {}
            for key, column, clean in (
                ("structure_kind", "Type", STRUCTURE_KINDS.clean),
                ("departement", "Département", clean_departement),
            ):
                try:
                    values[key] = clean(row.get(column))
                except ValueError as error:
                    add_error(errors, key, str(error))
            if not values.get("structure_kind") and "structure_kind" not in errors:
                add_error(
                    errors, "structure_kind", "Type obligatoire (CPH ou dispositif assimilé)."
                )
            city = text_of(row.get("Ville"))
            if not city:
                add_error(errors, "city", "Ville obligatoire pour une nouvelle structure.")
            if errors:
                return
            structure = Structure(
                name=name,
                kind=values["structure_kind"],
                departement=values["departement"],
                city=city,
            )
            structure.full_clean()
            structure.save()
        instance.structure = structure
        if instance.valid_from and "valid_from" not in errors:
            # A new period closes the open one that started before (see services.set_capacity).
            Capacity.objects.filter(
                structure=structure, valid_until__isnull=True, valid_from__lt=instance.valid_from
            ).update(valid_until=instance.valid_from - datetime.timedelta(days=1))


# --------------------------------------------------------------------------- units + places

UNIT_KINDS = ChoiceWidget(
    UnitKind.choices,
    aliases={
        "collectif": UnitKind.COLLECTIVE_ROOM,
        "chambre": UnitKind.COLLECTIVE_ROOM,
        "diffus": UnitKind.SCATTERED_FLAT,
        "appartement": UnitKind.SCATTERED_FLAT,
    },
)


class HousingUnitResource(FrenchResource):
    """One row per unit; "Nombre de places" creates its places (1, 2, 3…)."""

    structure = fields.Field(
        attribute="structure", column_name="Structure", widget=StructureWidget()
    )
    label = fields.Field(attribute="label", column_name="Désignation", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="Type", widget=UNIT_KINDS)
    address = fields.Field(attribute="address", column_name="Adresse", widget=TextWidget())
    postal_code = fields.Field(
        attribute="postal_code", column_name="Code postal", widget=TextWidget()
    )
    city = fields.Field(attribute="city", column_name="Ville", widget=TextWidget())
    places_count = fields.Field(attribute=None, column_name="Nombre de places")

    extra_columns = {"places_count": "Nombre de places"}

    class Meta:
        model = HousingUnit
        clean_model_instances = True
        fields = ("structure", "label", "kind", "address", "postal_code", "city", "places_count")

    def dehydrate_places_count(self, unit):
        return unit.places.count()

    def import_related(self, instance, row, errors, **kwargs):
        try:
            count = FrenchIntegerWidget().clean(row.get("Nombre de places"))
        except ValueError as error:
            add_error(errors, "places_count", str(error))
            return
        if not count:
            add_error(errors, "places_count", "Au moins une place par logement.")
        elif count > 50:
            add_error(errors, "places_count", "Plus de 50 places dans un logement : vérifiez.")
        instance._places_count = count
        postal_code = text_of(row.get("Code postal"))
        if postal_code and not re.fullmatch(r"\d{5}", postal_code.zfill(5)):
            add_error(errors, "postal_code", f"Code postal invalide « {postal_code} ».")
        elif postal_code:
            instance.postal_code = postal_code.zfill(5)

    def after_save_instance(self, instance, row, **kwargs):
        Place.objects.bulk_create(
            Place(unit=instance, label=str(number))
            for number in range(1, instance._places_count + 1)
        )


# --------------------------------------------------------------------------- current stays


def constraint_message(model, name):
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(name)


@contextlib.contextmanager
def foreign_keys_checked_at_once():
    """Foreign keys checked by each statement rather than at commit: PostgreSQL keeps a
    queue of the deferred checks, and every later statement of the transaction gets slower
    as it grows (a 10,000-row import queues about 60,000 of them, and the last inserts ran
    four times slower than the first). The project's constraints are all
    `DEFERRABLE INITIALLY DEFERRED` or not deferrable, so `DEFERRED` restores the default."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def overlaps(stays, arrived_on):
    """Whether a stay from `arrived_on` with no exit meets one of `stays` ([(arrived, exited)],
    half-open as the exclusion constraints compare them)."""
    return any(exited is None or exited > arrived_on for _, exited in stays or ())


class CurrentStayResource(FrenchResource):
    """Stays in progress when the structure starts using the application: one row per
    person. The person is found by name and birth date, or created; their household is
    found or created by its label; their support in the structure opens on arrival.

    Rows are validated one by one (django-import-export's row pipeline, errors per row and
    column) without writing anything: the look-ups of `before_import` answer for the whole
    file, and the database's rules are checked in memory first, against the stays already
    there and the rows before (one stay per place and per person at a time, planned end and
    contract after arrival). The records are then written in bulk (`use_bulk`), one `COPY`
    per table (`ftda.bulk.copy_insert`), in order: persons, households, members, stays,
    pathways. The audit's statement-level triggers record one event per row, with the
    import's context. The database's constraints remain the final guard (a concurrent
    write): a refused `COPY` is inserted again row by row, and each refusal becomes its
    row's French error."""

    structure = fields.Field(
        attribute="structure", column_name="Structure", widget=StructureWidget()
    )
    unit = fields.Field(attribute=None, column_name="Logement")
    place_label = fields.Field(attribute=None, column_name="Place")
    last_name = fields.Field(attribute=None, column_name="Nom")
    first_names = fields.Field(attribute=None, column_name="Prénoms")
    birth_date = fields.Field(attribute=None, column_name="Date de naissance")
    household_label = fields.Field(attribute=None, column_name="Ménage")
    arrived_on = fields.Field(
        attribute="arrived_on", column_name="Arrivée le", widget=FrenchDateWidget()
    )
    contract_signed_on = fields.Field(
        attribute="contract_signed_on", column_name="Contrat signé le", widget=FrenchDateWidget()
    )
    planned_end_on = fields.Field(
        attribute="planned_end_on", column_name="Fin prévue le", widget=FrenchDateWidget()
    )

    derived_fields = ("person", "place", "household")
    validate_constraints = False  # checked in memory (`import_related`), then by the inserts
    known_relations = ("structure", "place", "person", "household")
    extra_columns = {
        "unit": "Logement",
        "place": "Place",
        "place_label": "Place",
        "person": "Nom",
        "last_name": "Nom",
        "first_names": "Prénoms",
        "birth_date": "Date de naissance",
        "household": "Ménage",
        "shares_place_of": "Place",
        "exit_outcome": "Sortie",
    }

    class Meta:
        model = Stay
        clean_model_instances = True
        # Rows are kept and written by `bulk_create` below, all at the end (no batch size:
        # a row refused after a batch was written would leave it to the rollback anyway).
        use_bulk = True
        batch_size = None
        fields = (
            "structure",
            "unit",
            "place_label",
            "last_name",
            "first_names",
            "birth_date",
            "household_label",
            "arrived_on",
            "contract_signed_on",
            "planned_end_on",
        )

    def before_import(self, dataset, **kwargs):
        """Look-ups for the whole file, a few queries instead of several per row: the
        structures, their places, the persons named in the file (by name and birth date,
        as `iexact` compares: upper case), their households, households by label, the open
        pathways of those persons and the stays of those places and persons that the
        file's arrivals could meet. Records the import creates join the caches."""
        super().before_import(dataset, **kwargs)
        structures = housing_structures()
        self.fields["structure"].widget.structures = structures
        rows = list(dataset.dict)
        names = set()  # (last name, first names, birth date) as the rows key persons
        for row in rows:
            last_name, first_names = text_of(row.get("Nom")), text_of(row.get("Prénoms"))
            with contextlib.suppress(ValueError):
                born = FrenchDateWidget().clean(row.get("Date de naissance"))
                if last_name and first_names:
                    names.add((last_name.upper(), first_names.upper(), born))
        self._places = {}
        wanted = {normalise(text_of(row.get("Structure"))) for row in rows}
        ids = [structures[name].pk for name in wanted if name in structures]
        for place in Place.objects.filter(unit__structure__in=ids).select_related("unit"):
            key = (place.unit.structure_id, place.unit.label.upper(), place.label.upper())
            self._places.setdefault(key, place)
        self._persons = {}
        persons = (
            Person.objects.only("last_name", "first_names", "birth_date")
            .annotate(upper_last=Upper("last_name"), upper_first=Upper("first_names"))
            .filter(
                upper_last__in={last for last, _, _ in names},
                upper_first__in={first for _, first, _ in names},
            )
        )
        # Common names recur across thousands of persons: the birth dates narrow it down.
        births = {born for _, _, born in names}
        born = Q(birth_date__in=births - {None})
        if None in births:
            born |= Q(birth_date=None)
        for person in persons.filter(born).order_by(*Person._meta.ordering, "pk"):
            key = (person.upper_last, person.upper_first, person.birth_date)
            if key in names:
                self._persons.setdefault(key, person)
        found = [person.pk for person in self._persons.values()]
        self._households_of = {
            member.person_id: member.household
            for member in HouseholdMember.objects.filter(person__in=found)
            .select_related("household")
            .order_by("pk")
        }
        labels = {text_of(row.get("Ménage")).upper() for row in rows} - {""}
        self._households = {}
        households = Household.objects.annotate(upper_label=Upper("label"))
        for household in households.filter(upper_label__in=labels).order_by("pk"):
            self._households.setdefault(household.upper_label, household)
        self._open_pathways = set(
            Pathway.objects.filter(person__in=found, structure__in=ids, ended_on=None).values_list(
                "person_id", "structure_id"
            )
        )
        self._stays_of_place, self._stays_of_person = {}, {}
        arrivals = []
        for row in rows:
            with contextlib.suppress(ValueError):
                arrivals.append(FrenchDateWidget().clean(row.get("Arrivée le")))
        arrivals = [day for day in arrivals if day]
        if arrivals:
            stays = Stay.objects.filter(
                Q(place__unit__structure__in=ids) | Q(person__in=found),
                Q(exited_on=None) | Q(exited_on__gt=min(arrivals)),
            ).values_list("place_id", "person_id", "arrived_on", "exited_on")
            for place_id, person_id, arrived_on, exited_on in stays:
                self._stays_of_place.setdefault(place_id, []).append((arrived_on, exited_on))
                self._stays_of_person.setdefault(person_id, []).append((arrived_on, exited_on))
        # What the rows will write, in this order, each record with the number of the row
        # that brought it.
        self._to_write = {
            model: [] for model in (Person, Household, HouseholdMember, Stay, Pathway)
        }

    def import_related(self, instance, row, errors, **kwargs):
        last_name, first_names = text_of(row.get("Nom")), text_of(row.get("Prénoms"))
        if not last_name:
            add_error(errors, "last_name", "Nom obligatoire.")
        if not first_names:
            add_error(errors, "first_names", "Prénoms obligatoires.")
        try:
            birth_date = FrenchDateWidget().clean(row.get("Date de naissance"))
        except ValueError as error:
            add_error(errors, "birth_date", str(error))
            birth_date = None
        unit_label, place_label = text_of(row.get("Logement")), text_of(row.get("Place"))
        if not unit_label:
            add_error(errors, "unit", "Logement obligatoire.")
        if not place_label:
            add_error(errors, "place_label", "Place obligatoire.")
        arrived_on = instance.arrived_on
        if arrived_on and not instance.planned_end_on and "planned_end_on" not in errors:
            instance.planned_end_on = planned_end(arrived_on)
        if arrived_on:
            self.check_dates(instance, errors)
        structure = instance.structure if instance.structure_id else None
        if structure and unit_label and place_label:
            place = self._places.get((structure.pk, unit_label.upper(), place_label.upper()))
            if place is None:
                add_error(
                    errors,
                    "place_label",
                    f"Pas de place « {place_label} » dans le logement « {unit_label} » de "
                    f"{structure} : importez d'abord les logements.",
                )
            elif overlaps(self._stays_of_place.get(place.pk), arrived_on):
                add_error(errors, NON_FIELD_ERRORS, PLACE_TAKEN)
            instance.place = place
        if errors or not arrived_on:
            return
        key = (last_name.upper(), first_names.upper(), birth_date)
        person = self._persons.get(key)
        if person is None:
            person = Person(last_name=last_name, first_names=first_names, birth_date=birth_date)
            try:
                # No query: the file sets no AGDREF number, the only unique and constrained
                # field of a person.
                person.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                error.update_error_dict(errors)
                return
            person._import_key = key
            self._persons[key] = person
            self._to_write[Person].append((person, kwargs["row_number"]))
        elif overlaps(self._stays_of_person.get(person.pk or key), arrived_on):
            add_error(errors, NON_FIELD_ERRORS, PERSON_HOUSED)
            return
        instance.person = person
        household_label = text_of(row.get("Ménage"))
        if household_label:
            household = self._households_of.get(person.pk or key)
            if household is None:
                household = self._households.get(household_label.upper())
                if household is None:
                    household = Household(label=household_label)
                    try:
                        household.full_clean()
                    except ValidationError as error:
                        add_error(errors, "household", error.messages[0])
                        return
                    self._households[household_label.upper()] = household
                    self._to_write[Household].append((household, kwargs["row_number"]))
                member = HouseholdMember(household=household, person=person, relationship="other")
                self._to_write[HouseholdMember].append((member, kwargs["row_number"]))
                self._households_of[person.pk or key] = household
            instance.household = household

    def check_dates(self, stay, errors):
        """The stay's check constraints on dates, in memory (the database checks them again
        on insert), on the column at fault."""
        if stay.planned_end_on and stay.planned_end_on <= stay.arrived_on:
            add_error(errors, "planned_end_on", PLANNED_END_AFTER_ARRIVAL)
        if stay.contract_signed_on and stay.contract_signed_on < stay.arrived_on:
            add_error(errors, "contract_signed_on", CONTRACT_AFTER_ARRIVAL)

    def after_save_instance(self, instance, row, **kwargs):
        # The row is valid: later rows meet its stay.
        person = instance.person
        current = (instance.arrived_on, None)
        self._stays_of_place.setdefault(instance.place.pk, []).append(current)
        self._stays_of_person.setdefault(person.pk or person._import_key, []).append(current)
        self._to_write[Stay].append((instance, kwargs["row_number"]))
        # The support opens on arrival (what `ftda.services.open_pathway` does), unless the
        # person has an open one in the structure already.
        key = (person.pk or person._import_key, instance.structure.pk)
        if key not in self._open_pathways:
            pathway = Pathway(
                person=person, structure=instance.structure, started_on=instance.arrived_on
            )
            self._to_write[Pathway].append((pathway, kwargs["row_number"]))
            self._open_pathways.add(key)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        self._row_results[kwargs["row_number"]] = (row, row_result)

    def import_data(self, dataset, *args, dry_run=False, **kwargs):
        if not dry_run:
            # The confirmation shows no row diffs (the admin redirects with the counts): not
            # computed. Options copied: `_meta` is the class's.
            self._meta = copy.copy(self._meta)
            self._meta.skip_diff = True
        return super().import_data(dataset, *args, dry_run=dry_run, **kwargs)

    def import_data_inner(self, dataset, *args, **kwargs):
        self._row_results = {}
        return super().import_data_inner(dataset, *args, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Writes what the rows validated, when every row is valid (otherwise the import is
        rolled back: nothing to write). The preview writes too, in its transaction rolled
        back at the end, so that the database checks the rows before the confirmation."""
        self.create_instances.clear()  # the stays are in `_to_write`, with their rows
        if result.has_errors() or result.has_validation_errors():
            return
        if not using_transactions and dry_run:
            return
        with foreign_keys_checked_at_once():
            for model, records in self._to_write.items():
                if records and not self.insert(records, result):
                    return  # refused rows listed: the import is rolled back
                self._to_write[model] = []
                if model is Stay:
                    for stay, number in records:
                        self._row_results[number][1].object_id = stay.pk

    def insert(self, records, result):
        """Inserts [(record, row number)] of one model in one `COPY`; if the database refuses
        them, one by one, each refusal listed on its row. True when all were written."""
        model = type(records[0][0])
        objects = [record for record, _ in records]
        try:
            with transaction.atomic():
                copy_insert(model, objects)
            return True
        except IntegrityError:
            pass
        refused = False
        for record, number in records:
            record.pk = None
            try:
                with transaction.atomic():
                    record.save(force_insert=True)
            except IntegrityError as error:
                refused = True
                self.refuse_row(result, number, as_validation_error(error))
        return not refused

    def refuse_row(self, result, number, error):
        row, row_result = self._row_results[number]
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            return
        result.totals[row_result.import_type] -= 1
        row_result.import_type = RowResult.IMPORT_TYPE_INVALID
        row_result.validation_error = ValidationError({NON_FIELD_ERRORS: [error]})
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
        result.append_invalid_row(number, row, row_result.validation_error)

    def dehydrate_last_name(self, stay):
        return stay.person.last_name

    def dehydrate_first_names(self, stay):
        return stay.person.first_names


PLACE_TAKEN = constraint_message(Stay, "one_stay_per_place_at_a_time")
PERSON_HOUSED = constraint_message(Stay, "one_stay_per_person_at_a_time")
PLANNED_END_AFTER_ARRIVAL = constraint_message(Stay, "stay_planned_end_after_arrival")
CONTRACT_AFTER_ARRIVAL = constraint_message(Stay, "stay_contract_after_arrival")


# --------------------------------------------------------------------------- exports


class StayExportResource(resources.ModelResource):
    """Columns of the stays list's CSV / XLSX export (ftda.exports.export_list)."""

    last_name = fields.Field(column_name="Nom")
    first_names = fields.Field(column_name="Prénoms")
    structure = fields.Field(column_name="Structure")
    place = fields.Field(column_name="Place")
    arrived_on = fields.Field(attribute="arrived_on", column_name="Arrivée le")
    contract_signed_on = fields.Field(
        attribute="contract_signed_on", column_name="Contrat signé le"
    )
    planned_end_on = fields.Field(attribute="planned_end_on", column_name="Fin prévue le")
    exited_on = fields.Field(attribute="exited_on", column_name="Sortie le")
    exit_outcome = fields.Field(column_name="Solution de sortie")
    employment_at_exit = fields.Field(column_name="Situation d'emploi à la sortie")

    class Meta:
        model = Stay
        fields = (
            "last_name",
            "first_names",
            "structure",
            "place",
            "arrived_on",
            "contract_signed_on",
            "planned_end_on",
            "exited_on",
            "exit_outcome",
            "employment_at_exit",
        )
        export_order = fields

    # The list's queryset selects person, structure and place__unit: no query per row.
    def dehydrate_last_name(self, stay):
        return stay.person.last_name

    def dehydrate_first_names(self, stay):
        return stay.person.first_names

    def dehydrate_structure(self, stay):
        return stay.structure.name

    def dehydrate_place(self, stay):
        if stay.place is None:
            return "Partage la place d'un parent"
        return f"{stay.place.unit.label} · {stay.place.label}"

    def dehydrate_exit_outcome(self, stay):
        return stay.get_exit_outcome_display()

    def dehydrate_employment_at_exit(self, stay):
        return stay.get_employment_at_exit_display()
