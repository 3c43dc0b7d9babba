"""Admin back office: configuration only (structures, teams, partners, conventions).

Casework (persons, follow-ups) is not exposed here: admins do no casework by default.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
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


class MonthFilter(admin.SimpleListFilter):
    """The months the access log keeps, from the calendar rather than from the rows: Django's
    date hierarchy lists the months and years present with a DISTINCT over the whole log
    (550 ms at 2 million rows, bench/README.md), where a month asked for is an index range."""

    title = "mois"
    parameter_name = "mois"

    def lookups(self, request, model_admin):
        first_day = timezone.localdate().replace(day=1)
        months = [
            first_day - relativedelta(months=back)
            for back in range(settings.ACCESS_LOG_RETENTION_MONTHS + 1)
        ]
        return [
            (f"{month:%Y-%m}", capfirst(date_format(month, "YEAR_MONTH_FORMAT")))
            for month in months
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in dict(self.lookup_choices):
            return queryset.none()
        first_day = datetime.datetime.strptime(self.value(), "%Y-%m")
        start, end = (
            timezone.make_aware(day) for day in (first_day, first_day + relativedelta(months=1))
        )
        return queryset.filter(at__gte=start, at__lt=end)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence, not data to edit."""

    list_display = ["at", "user", "action", "structure", "ip", "path"]
    list_filter = ["action", MonthFilter]
    show_facets = admin.ShowFacets.NEVER  # each count would read the whole log
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
