from django.apps import AppConfig


class FtdaConfig(AppConfig):
    name = "ftda"
    verbose_name = "Direction de l'intégration"

    def ready(self):
        from ftda import security  # noqa: F401 (signal receivers)
