"""Back office of the programmes: reference data only (which scheme a programme structure
runs, the themes of Chiche Chef). Casework stays in the application."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from programmes.models import CookingTheme, Programme
from programmes.resources import CookingThemeResource


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["structure", "scheme"]
    list_filter = ["scheme"]
    autocomplete_fields = ["structure"]


@admin.register(CookingTheme)
class CookingThemeAdmin(ImportExportModelAdmin):
    resource_classes = [CookingThemeResource]
    list_display = ["name"]
    search_fields = ["name"]
