"""Columns of the drill-down lists' CSV and XLSX exports (never a follow-up's note)."""

from import_export import fields, resources

from ftda.models import FollowUp, Person


class ReportPersonResource(resources.ModelResource):
    last_name = fields.Field(attribute="last_name", column_name="Nom")
    first_names = fields.Field(attribute="first_names", column_name="Prénoms")
    birth_date = fields.Field(attribute="birth_date", column_name="Date de naissance")
    household = fields.Field(attribute="household_label", column_name="Ménage")

    class Meta:
        model = Person
        fields = ("last_name", "first_names", "birth_date", "household")
        export_order = fields


class ReportFollowUpResource(resources.ModelResource):
    occurred_on = fields.Field(attribute="occurred_on", column_name="Date")
    person = fields.Field(column_name="Personne")
    structure = fields.Field(column_name="Structure")
    kind = fields.Field(column_name="Type")
    topics = fields.Field(column_name="Thèmes")

    class Meta:
        model = FollowUp
        fields = ("occurred_on", "person", "structure", "kind", "topics")
        export_order = fields

    def dehydrate_person(self, follow_up):
        return str(follow_up.person)

    def dehydrate_structure(self, follow_up):
        return follow_up.structure.name

    def dehydrate_kind(self, follow_up):
        return follow_up.get_kind_display()

    def dehydrate_topics(self, follow_up):
        return ", ".join(follow_up.topic_labels())
