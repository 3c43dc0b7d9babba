"""The audit trail in the admin: the history of what the admin configures, nothing more.

pghistory's own events admin lists the events of every tracked table, the casework's too:
persons' identities, follow-up notes, AGIR diagnostics. Admins do no casework (DESIGN.md,
roles), so they read here the events of the models whose rows their admin site lists to
them (view permission, and a queryset that is not `.none()`), rows they can already open
there: structures, memberships, partners, capacity, places… Not those of stays, which the
admin imports but never lists. The casework's history stays in the database, for audits
run by the owner role and for the retention command; the access log keeps who read which
file.

Listing the configuration's tables only also keeps the page quick: the unfiltered list
used to merge and sort the events of every table, a million rows and more at volume
(bench/README.md, "Audit trail in the admin").
"""

import pghistory.admin
import pghistory.models
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from pghistory import config
from pghistory.admin.core import EventsChangeList

OPERATIONS = {"insert": "Création", "update": "Modification", "delete": "Suppression"}


def _lists_rows_to(model_admin, request):
    """Whether `model_admin` shows `request`'s user the rows of its model: the permission,
    and a queryset that is not `.none()` (a model registered for its import only)."""
    return model_admin.has_view_or_change_permission(request) and not (
        model_admin.get_queryset(request).query.is_empty()
    )


def configuration_event_models(admin_site, request):
    """Event models whose tracked model's rows `admin_site` lists to `request`'s user."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event)
        and not model._meta.abstract
        and model.pgh_tracked_model in admin_site._registry
        and _lists_rows_to(admin_site._registry[model.pgh_tracked_model], request)
    ]


def _across(queryset, event_models):
    # pghistory reads every event table when it is given none: never here.
    return queryset.across(*event_models) if event_models else queryset.none()


def _event_model_of_slug(slug, allowed):
    """The event model an event's `pgh_slug` (`app.EventModel:pk`) names, if allowed."""
    label = slug.partition(":")[0]
    return next((model for model in allowed if model._meta.label == label), None)


class OperationFilter(admin.SimpleListFilter):
    title = "opération"
    parameter_name = "operation"

    def lookups(self, request, model_admin):
        return list(OPERATIONS.items())

    def queryset(self, request, queryset):
        if self.value() in OPERATIONS:
            return queryset.filter(pgh_label=self.value())
        return queryset


class ConfigurationEventModelFilter(admin.SimpleListFilter):
    title = "élément configuré"
    parameter_name = "event_model"

    def __init__(self, request, params, model, model_admin):
        self.allowed = configuration_event_models(model_admin.admin_site, request)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return sorted(
            (
                (model._meta.label_lower, capfirst(model.pgh_tracked_model._meta.verbose_name))
                for model in self.allowed
            ),
            key=lambda choice: choice[1],
        )

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        chosen = [model for model in self.allowed if model._meta.label_lower == self.value()]
        return _across(queryset, chosen)


def _tracked_model(event):
    try:
        return apps.get_model(event.pgh_obj_model)
    except (LookupError, ValueError):
        return None


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


class ConfigurationEventsChangeList(EventsChangeList):
    def get_results(self, request):
        """Who made each change on the page, read with one query for the page."""
        super().get_results(request)
        user_ids = {(event.pgh_context or {}).get("user") for event in self.result_list}
        names = dict(
            get_user_model().objects.filter(pk__in=user_ids - {None}).values_list("pk", "username")
        )
        for event in self.result_list:
            event.author_name = names.get((event.pgh_context or {}).get("user"), "")


class ConfigurationEventsAdmin(pghistory.admin.EventsAdmin):
    """pghistory's events admin, over the configuration's event tables only, in French."""

    list_display = ["date", "operation", "element", "changes", "author"]
    # pghistory's change list cannot count facets (a TypeError).
    show_facets = admin.ShowFacets.NEVER

    def get_list_display(self, request):
        return self.list_display

    def get_changelist(self, request, **kwargs):
        return ConfigurationEventsChangeList

    @admin.display(description="Date", ordering="pgh_created_at")
    def date(self, event):
        return event.pgh_created_at

    @admin.display(description="Opération")
    def operation(self, event):
        return OPERATIONS.get(event.pgh_label, event.pgh_label)

    @admin.display(description="Élément")
    def element(self, event):
        model = _tracked_model(event)
        name = capfirst(model._meta.verbose_name) if model else event.pgh_obj_model
        return f"{name} n° {event.pgh_obj_id}"

    @admin.display(description="Modifications")
    def changes(self, event):
        if not event.pgh_diff:
            return "—"
        model = _tracked_model(event)
        return format_html(
            '<ul class="mb-0">{}</ul>',
            format_html_join(
                "",
                "<li>{} : « {} » → « {} »</li>",
                (
                    (_field_label(model, name), before, after)
                    for name, (before, after) in sorted(event.pgh_diff.items())
                ),
            ),
        )

    @admin.display(description="Par")
    def author(self, event):
        return getattr(event, "author_name", "")

    def changelist_view(self, request, extra_context=None):
        # Not pghistory's: it loads the object of an `obj` parameter for the subtitle (a
        # person's name) before any filter runs. Here `obj` is an unknown lookup, refused.
        extra_context = {"title": "Historique de la configuration", **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def get_list_filter(self, request):
        return [OperationFilter, ConfigurationEventModelFilter]

    def get_queryset(self, request):
        allowed = configuration_event_models(self.admin_site, request)
        queryset = config.admin_queryset()
        object_id = request.resolver_match.kwargs.get("object_id")
        if object_id is None:
            return _across(queryset, allowed)
        model = _event_model_of_slug(unquote(object_id), allowed)
        return _across(queryset, [model] if model else [])
