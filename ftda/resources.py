"""Columns of the core lists' CSV and XLSX exports (django-import-export resources)."""

from import_export import fields, resources, widgets

from ftda.models import Partner, Person, Structure


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


class StructureResource(resources.ModelResource):
    """Import of structures by the admins (identified by their name)."""

    name = fields.Field(attribute="name", column_name="Nom")
    kind = fields.Field(attribute="kind", column_name="Type")
    departement = fields.Field(attribute="departement", column_name="Département")
    city = fields.Field(attribute="city", column_name="Ville")
    address = fields.Field(attribute="address", column_name="Adresse")
    opened_on = fields.Field(
        attribute="opened_on", column_name="Ouverture", widget=widgets.DateWidget("%d/%m/%Y")
    )
    closed_on = fields.Field(
        attribute="closed_on", column_name="Fermeture", widget=widgets.DateWidget("%d/%m/%Y")
    )

    class Meta:
        model = Structure
        fields = ("name", "kind", "departement", "city", "address", "opened_on", "closed_on")
        import_id_fields = ("name",)
        clean_model_instances = True
        use_transactions = True


class PartnerResource(resources.ModelResource):
    """Import of partners by the admins (identified by name and département)."""

    name = fields.Field(attribute="name", column_name="Nom")
    kind = fields.Field(attribute="kind", column_name="Type")
    departement = fields.Field(attribute="departement", column_name="Département")
    city = fields.Field(attribute="city", column_name="Ville")
    contact_name = fields.Field(attribute="contact_name", column_name="Contact")
    email = fields.Field(attribute="email", column_name="Courriel")

    class Meta:
        model = Partner
        fields = ("name", "kind", "departement", "city", "contact_name", "email")
        import_id_fields = ("name", "departement")
        clean_model_instances = True
        use_transactions = True
