"""Admin back office: configuration only (structures, teams, partners, conventions).

Casework (persons, follow-ups) is not exposed here: admins do no casework by default.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportMixin

from ftda.imports import SafeImportMixin
from ftda.models import AccessLog, Agreement, Membership, Partner, Structure, User
from ftda.resources import PartnerResource, StructureResource


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["structure"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    show_full_result_count = False  # a filtered list counts its matches only
    inlines = [MembershipInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_direction",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_direction", "is_staff", "is_active", "memberships__structure"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Rôle à la direction", {"fields": ["is_direction"]}),
    )


class StructureMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0
    autocomplete_fields = ["partner"]


@admin.register(Structure)
class StructureAdmin(SafeImportMixin, ImportMixin, admin.ModelAdmin):
    resource_classes = [StructureResource]
    show_full_result_count = False  # a filtered list counts its matches only
    list_display = ["name", "kind", "departement", "city", "opened_on", "closed_on"]
    list_filter = ["kind", "departement"]
    search_fields = ["name", "city"]
    inlines = [StructureMembershipInline, AgreementInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    show_full_result_count = False  # a filtered list counts its matches only
    list_display = ["user", "structure", "role", "started_on", "ended_on"]
    list_filter = ["role", "structure"]
    search_fields = ["user__username", "user__last_name", "structure__name"]
    autocomplete_fields = ["user", "structure"]


@admin.register(Partner)
class PartnerAdmin(SafeImportMixin, ImportMixin, admin.ModelAdmin):
    resource_classes = [PartnerResource]
    show_full_result_count = False  # a filtered list counts its matches only
    list_display = ["name", "kind", "departement", "city", "contact_name"]
    list_filter = ["kind", "departement"]
    search_fields = ["name", "city", "contact_name"]
    inlines = [AgreementInline]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    show_full_result_count = False  # a filtered list counts its matches only
    list_display = ["title", "partner", "structure", "starts_on", "ends_on"]
    list_filter = ["structure"]
    search_fields = ["title", "reference", "partner__name"]
    autocomplete_fields = ["partner", "structure"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence, not data to edit."""

    list_display = ["at", "user", "action", "structure", "ip", "path"]
    list_filter = ["action"]
    date_hierarchy = "at"
    show_full_result_count = False
    list_select_related = ["user", "structure"]
    fields = ["at", "user", "action", "structure", "ip", "path"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
