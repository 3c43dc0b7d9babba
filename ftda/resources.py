"""Columns of the core lists' CSV and XLSX exports (django-import-export resources)."""

from import_export import fields, resources

from ftda.models import Person


class PersonResource(resources.ModelResource):
    """*Mes personnes suivies*: identity and schemes, never notes."""

    last_name = fields.Field(attribute="last_name", column_name="Nom")
    first_names = fields.Field(attribute="first_names", column_name="Prénoms")
    birth_date = fields.Field(attribute="birth_date", column_name="Date de naissance")
    sex = fields.Field(column_name="Sexe")
    nationality = fields.Field(column_name="Nationalité")
    protection_status = fields.Field(column_name="Statut de protection")
    structures = fields.Field(column_name="Accompagnée par")
    last_contact_on = fields.Field(attribute="last_contact_on", column_name="Dernier contact")

    class Meta:
        model = Person
        fields = (
            "last_name",
            "first_names",
            "birth_date",
            "sex",
            "nationality",
            "protection_status",
            "structures",
            "last_contact_on",
        )
        export_order = fields

    def dehydrate_sex(self, person):
        return person.get_sex_display()

    def dehydrate_nationality(self, person):
        return person.nationality.name if person.nationality else ""

    def dehydrate_protection_status(self, person):
        return person.get_protection_status_display()

    def dehydrate_structures(self, person):
        # Uses the caseload's prefetch of pathways: no query per row.
        return ", ".join(p.structure.name for p in person.pathways.all() if p.is_open)
