from django.urls import reverse

from ftda import access


def items(request):
    entries = [("Mes personnes suivies", reverse("ftda:caseload"))]
    if access.active_memberships(request.user).exists():
        entries.append(("Nouvelle personne", reverse("ftda:person_create")))
    return entries
