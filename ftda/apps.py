from django.apps import AppConfig


class FtdaConfig(AppConfig):
    name = "ftda"
    verbose_name = "Direction de l'intégration"

    def ready(self):
        from ftda import (
            access,
            security,  # noqa: F401 (signal receivers)
        )

        # The lists' structure filters offer the member's structures by name (ftda.filters).
        access.register_structure_detail("name")
