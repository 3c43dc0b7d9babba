from django.urls import reverse

from ftda.reports import scopes


def items(request):
    """*Rapports d'activité* and *Mes rapports*, for managers and the direction only."""
    if not scopes.may_report(request.user):
        return []
    return [
        ("Rapport d'activité", reverse("reports:report")),
        ("Mes rapports", reverse("reports:mine")),
    ]
