from django.urls import reverse

from ftda import access


def items(request):
    entries = [("Mes personnes suivies", reverse("ftda:caseload"))]
    if access.membership_summary(request.user):
        entries.append(("Nouvelle personne", reverse("ftda:person_create")))
    return entries
