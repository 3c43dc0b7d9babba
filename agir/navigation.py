from django.urls import reverse

from agir.access import agir_roles
from ftda import access
from ftda.enums import MembershipRole


def items(request):
    roles = agir_roles(request)
    entries = []
    if roles:
        entries.append(("Mes parcours AGIR", reverse("agir:caseload")))
    if roles or access.sees_all_structures(request.user):
        entries.append(("Parcours AGIR", reverse("agir:pathway_list")))
    if MembershipRole.MANAGER in roles:
        entries.append(("Réaffecter", reverse("agir:bulk_reassign")))
    return entries
