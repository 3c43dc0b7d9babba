from django.urls import reverse

from agir.forms import managed_platforms
from ftda import access
from ftda.enums import StructureKind
from ftda.models import Structure


def items(request):
    user = request.user
    entries = []
    works_in_agir = Structure.objects.where_member(user).filter(kind=StructureKind.AGIR).exists()
    if works_in_agir:
        entries.append(("Mes parcours AGIR", reverse("agir:caseload")))
    if works_in_agir or access.sees_all_structures(user):
        entries.append(("Parcours AGIR", reverse("agir:pathway_list")))
    if managed_platforms(user).exists():
        entries.append(("Réaffecter", reverse("agir:bulk_reassign")))
    return entries
