"""Exports of the programmes (django-import-export), with French headers. Minors' data is
never exported beyond counts: named Chiche Chef participants are not exported at all."""

from import_export import fields, resources

from programmes.models import CookingEvent, CookingTheme, Duo, MobilityPathway, Volunteer


class CookingThemeResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="Thème")

    class Meta:
        model = CookingTheme
        fields = ["name"]
        import_id_fields = ["name"]


class DuoResource(resources.ModelResource):
    programme = fields.Field(attribute="programme__name", column_name="Programme")
    person = fields.Field(attribute="person", column_name="Personne réfugiée")
    volunteer = fields.Field(attribute="volunteer", column_name="Bénévole")
    started_on = fields.Field(attribute="started_on", column_name="Début")
    planned_end_on = fields.Field(attribute="planned_end_on", column_name="Fin prévue")
    status = fields.Field(attribute="get_status_display", column_name="Statut")
    ended_on = fields.Field(attribute="ended_on", column_name="Fin")
    end_reason = fields.Field(attribute="end_reason", column_name="Motif de l'interruption")

    class Meta:
        model = Duo
        fields = [
            "programme",
            "person",
            "volunteer",
            "started_on",
            "planned_end_on",
            "status",
            "ended_on",
            "end_reason",
        ]


class VolunteerResource(resources.ModelResource):
    last_name = fields.Field(attribute="last_name", column_name="Nom")
    first_names = fields.Field(attribute="first_names", column_name="Prénoms")
    city = fields.Field(attribute="city", column_name="Ville")
    departement = fields.Field(attribute="departement", column_name="Département")
    consent_given_on = fields.Field(attribute="consent_given_on", column_name="Consentement")

    class Meta:
        model = Volunteer
        fields = ["last_name", "first_names", "city", "departement", "consent_given_on"]


class CookingEventResource(resources.ModelResource):
    held_on = fields.Field(attribute="held_on", column_name="Date")
    departement = fields.Field(attribute="departement", column_name="Territoire")
    city = fields.Field(attribute="city", column_name="Ville")
    place = fields.Field(attribute="place", column_name="Lieu")
    chef = fields.Field(attribute="chef", column_name="Chef")
    participant_total = fields.Field(attribute="participant_total", column_name="Participants")

    class Meta:
        model = CookingEvent
        fields = ["held_on", "departement", "city", "place", "chef", "participant_total"]


class MobilityPathwayResource(resources.ModelResource):
    person = fields.Field(attribute="person", column_name="Personne")
    started_on = fields.Field(attribute="started_on", column_name="Entrée")
    status = fields.Field(attribute="get_status_display", column_name="Statut")
    destination_departement = fields.Field(
        attribute="destination_departement", column_name="Département de destination"
    )
    destination_city = fields.Field(attribute="destination_city", column_name="Ville")
    relocated_on = fields.Field(attribute="relocated_on", column_name="Installation")
    employment = fields.Field(
        attribute="get_employment_solution_display", column_name="Emploi ou formation"
    )
    housing = fields.Field(attribute="get_housing_solution_display", column_name="Logement")

    class Meta:
        model = MobilityPathway
        fields = [
            "person",
            "started_on",
            "status",
            "destination_departement",
            "destination_city",
            "relocated_on",
            "employment",
            "housing",
        ]
