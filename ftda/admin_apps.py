from django.contrib.admin.apps import AdminConfig


class SecureAdminConfig(AdminConfig):
    """The admin, served by a site that requires a verified second factor."""

    default_site = "ftda.admin_site.SecureAdminSite"
