"""Exports of AGIR lists (django-import-export), with French headers."""

from import_export import fields, resources

from agir.models import AgirPathway, Referral


class AgirPathwayResource(resources.ModelResource):
    person = fields.Field(attribute="person", column_name="Personne")
    platform = fields.Field(attribute="platform__name", column_name="Plateforme")
    ofii_oriented_on = fields.Field(attribute="ofii_oriented_on", column_name="Orientation OFII")
    cir_signed_on = fields.Field(attribute="cir_signed_on", column_name="CIR signé le")
    entered_on = fields.Field(attribute="entered_on", column_name="Entrée")
    planned_end_on = fields.Field(attribute="planned_end_on", column_name="Fin prévue")
    ended_on = fields.Field(attribute="ended_on", column_name="Sortie")
    end_reason = fields.Field(column_name="Motif de sortie")

    class Meta:
        model = AgirPathway
        fields = export_order = (
            "person",
            "platform",
            "ofii_oriented_on",
            "cir_signed_on",
            "entered_on",
            "planned_end_on",
            "ended_on",
            "end_reason",
        )

    def dehydrate_person(self, pathway):
        return str(pathway.person)

    def dehydrate_end_reason(self, pathway):
        return pathway.get_end_reason_display()


class ReferralResource(resources.ModelResource):
    person = fields.Field(column_name="Personne")
    platform = fields.Field(attribute="pathway__platform__name", column_name="Plateforme")
    partner = fields.Field(attribute="partner__name", column_name="Partenaire")
    referred_on = fields.Field(attribute="referred_on", column_name="Date de l'orientation")
    purpose = fields.Field(attribute="purpose", column_name="Objet")
    status = fields.Field(column_name="Statut")
    answered_on = fields.Field(attribute="answered_on", column_name="Réponse le")
    closed_on = fields.Field(attribute="closed_on", column_name="Clôture le")

    class Meta:
        model = Referral
        fields = export_order = (
            "person",
            "platform",
            "partner",
            "referred_on",
            "purpose",
            "status",
            "answered_on",
            "closed_on",
        )

    def dehydrate_person(self, referral):
        return str(referral.pathway.person)

    def dehydrate_status(self, referral):
        return referral.get_status_display()
