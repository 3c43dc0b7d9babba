from django.urls import reverse

from ftda import access
from ftda.enums import MembershipRole


def items(request):
    """*Tableau de bord*, *Rapports d'activité* and *Mes rapports*: managers, direction."""
    user = request.user
    manages = any(role == MembershipRole.MANAGER for *_, role in access.membership_summary(user))
    if not (access.sees_all_structures(user) or manages):
        return []
    return [
        ("Tableau de bord", reverse("dashboard:index")),
        ("Rapport d'activité", reverse("reports:report")),
        ("Mes rapports", reverse("reports:mine")),
    ]
