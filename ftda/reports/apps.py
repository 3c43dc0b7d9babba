from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ftda.reports"
    label = "reports"
    verbose_name = "Rapports d'activité"
