"""The project's URLs plus, for the benchmark only, the baseline: the Django admin's Person
list with default settings (full count, `icontains` search on the names, 100 rows a page).

Casework is deliberately not in the project's admin; this site exists only under
`bench.settings`, on its own AdminSite, so that nothing of it reaches the application.
"""

from django.contrib import admin
from django.urls import path

from ftda.models import Person
from ftda.urls import urlpatterns as project_urlpatterns


class BaselineAdminSite(admin.AdminSite):
    site_header = "Référence du banc d'essai : admin Django par défaut"


baseline_site = BaselineAdminSite(name="baseline")


@admin.register(Person, site=baseline_site)
class PersonBaselineAdmin(admin.ModelAdmin):
    """Nothing but what a developer writes first: the defaults do the rest."""

    search_fields = ["last_name", "first_names"]


urlpatterns = [path("banc-admin/", baseline_site.urls), *project_urlpatterns]
