from django.apps import AppConfig


class HebergementConfig(AppConfig):
    name = "hebergement"
    verbose_name = "Hébergement"
