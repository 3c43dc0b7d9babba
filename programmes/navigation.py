from django.urls import reverse

from ftda import access
from programmes.enums import Scheme
from programmes.models import Programme

ENTRIES = [
    (Scheme.DUOS, "Duos de demain", "programmes:duo_list"),
    (Scheme.CHICHE_CHEF, "Chiche Chef", "programmes:event_list"),
    (Scheme.CLE_DE_FRANCE, "Clé de France", "programmes:mobility_list"),
]


def schemes_of(user):
    """Schemes the user works in (all of them for the direction): one query."""
    programmes = Programme.objects.all()
    if not access.sees_all_structures(user):
        programmes = programmes.filter(structure_id__in=access.member_structure_ids(user))
    return set(programmes.values_list("scheme", flat=True).distinct())


def items(request):
    schemes = schemes_of(request.user)
    return [(label, reverse(url)) for scheme, label, url in ENTRIES if scheme in schemes]
