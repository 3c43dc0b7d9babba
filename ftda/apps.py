from django.apps import AppConfig


class FtdaConfig(AppConfig):
    name = "ftda"
    verbose_name = "Direction de l'intégration"
