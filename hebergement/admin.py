"""Admin back office of the housing app (in French): capacity, housing units, places,
out-of-service periods, calls for projects and bids; imports of structures with their
capacity, of units with their places and of current stays.

Stays are casework: the admin only offers their import (the list stays empty, persons are
read in the application, within scope). Import admins share `HousingImportMixin`, so that
upload limits (ftda/imports.py) can be added by mixing one more class in.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from import_export.admin import ImportExportMixin, ImportMixin

from ftda.imports import SafeImportMixin
from hebergement.models import (
    Capacity,
    HousingUnit,
    OutOfService,
    Place,
    ProjectBid,
    ProjectCall,
    Stay,
)
from hebergement.resources import (
    IMPORT_FORMATS,
    CapacityResource,
    CurrentStayResource,
    HousingUnitResource,
)


class HousingImportMixin(SafeImportMixin):
    """Formats an NGO really has (CSV UTF-8 or Windows-1252 with `;`, XLSX), behind the
    project's upload checks (size, rows, extension, content)."""

    import_formats = IMPORT_FORMATS
    export_formats = IMPORT_FORMATS
    # Files are read as bytes and their encoding detected (hebergement.resources.FrenchCSV).
    from_encoding = None

    def get_import_formats(self):
        return list(IMPORT_FORMATS)


@admin.register(Capacity)
class CapacityAdmin(HousingImportMixin, ImportExportMixin, admin.ModelAdmin):
    resource_classes = [CapacityResource]
    list_display = [
        "structure",
        "places",
        "valid_from",
        "valid_until",
        "decision_kind",
        "decision_reference",
        "decision_date",
    ]
    list_filter = ["decision_kind", "structure__kind", "structure"]
    list_select_related = ["structure"]
    search_fields = ["structure__name", "decision_reference"]
    autocomplete_fields = ["structure"]
    date_hierarchy = "valid_from"


class PlaceInline(admin.TabularInline):
    model = Place
    extra = 0


class OutOfServiceInline(admin.TabularInline):
    model = OutOfService
    extra = 0


@admin.register(HousingUnit)
class HousingUnitAdmin(HousingImportMixin, ImportExportMixin, admin.ModelAdmin):
    show_full_result_count = False  # a filtered list counts its matches only
    resource_classes = [HousingUnitResource]
    list_display = ["label", "structure", "kind", "address", "city", "places_count"]
    list_filter = ["kind", "structure"]
    list_select_related = ["structure"]
    search_fields = ["label", "address", "city", "structure__name"]
    autocomplete_fields = ["structure"]
    inlines = [PlaceInline, OutOfServiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(places_count=Count("places"))

    @admin.display(description="places", ordering="places_count")
    def places_count(self, unit):
        return unit.places_count


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    show_full_result_count = False  # a filtered list counts its matches only
    list_display = ["__str__", "unit", "structure"]
    list_filter = ["unit__structure"]
    list_select_related = ["unit__structure"]
    search_fields = ["label", "unit__label", "unit__structure__name"]
    autocomplete_fields = ["unit"]

    @admin.display(description="structure", ordering="unit__structure__name")
    def structure(self, place):
        return place.unit.structure


@admin.register(OutOfService)
class OutOfServiceAdmin(admin.ModelAdmin):
    list_display = ["unit", "starts_on", "ends_on", "reason"]
    list_filter = ["unit__structure"]
    list_select_related = ["unit__structure"]
    search_fields = ["unit__label", "reason"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "starts_on"


class ProjectBidInline(admin.TabularInline):
    model = ProjectBid
    extra = 0
    autocomplete_fields = ["structure"]


@admin.register(ProjectCall)
class ProjectCallAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "departement", "kind", "reference"]
    list_filter = ["year", "kind", "departement"]
    search_fields = ["title", "reference"]
    inlines = [ProjectBidInline]


@admin.register(ProjectBid)
class ProjectBidAdmin(admin.ModelAdmin):
    list_display = [
        "site",
        "kind",
        "call",
        "structure",
        "places_requested",
        "status",
        "planned_opening_on",
    ]
    list_filter = ["status", "kind", "call__year"]
    list_select_related = ["call", "structure"]
    search_fields = ["site", "structure__name"]
    autocomplete_fields = ["structure"]


@admin.register(Stay)
class CurrentStayImportAdmin(HousingImportMixin, ImportMixin, admin.ModelAdmin):
    """Import of the stays in progress only: reading and editing stays is casework, done in
    the application within each structure's scope."""

    resource_classes = [CurrentStayResource]
    list_display = ["structure", "arrived_on", "planned_end_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and obj is None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied

    def has_import_permission(self, request):
        return request.user.is_active and request.user.is_superuser
