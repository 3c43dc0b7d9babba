"""AGIR configuration in the admin: each platform's yearly entry target. The partner
network is configured with the core's partners and conventions (ftda admin). Casework
(pathways, diagnostics, referrals) is not exposed here."""

from django.contrib import admin

from agir.models import PlatformSettings


@admin.register(PlatformSettings)
class PlatformSettingsAdmin(admin.ModelAdmin):
    list_display = ["structure", "departement", "yearly_entry_target", "opened_on"]
    list_select_related = ["structure"]
    search_fields = ["structure__name"]
    autocomplete_fields = ["structure"]
    fields = ["structure", "yearly_entry_target"]

    @admin.display(description="département", ordering="structure__departement")
    def departement(self, obj):
        return obj.structure.get_departement_display()

    @admin.display(description="ouverture", ordering="structure__opened_on")
    def opened_on(self, obj):
        return obj.structure.opened_on
