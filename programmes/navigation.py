from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse

from ftda import access
from ftda.enums import StructureKind
from programmes.enums import Scheme
from programmes.models import Programme

ENTRIES = [
    (Scheme.DUOS, "Duos de demain", "programmes:duo_list"),
    (Scheme.CHICHE_CHEF, "Chiche Chef", "programmes:event_list"),
    (Scheme.CLE_DE_FRANCE, "Clé de France", "programmes:mobility_list"),
]


def programmes_for(request):
    """[(structure id, scheme, is member)] of the programmes the user reads (all of them
    for the direction): one query per request, shared by the navigation and the panel."""
    cached = getattr(request, "_programmes_for_user", None)
    user = request.user
    in_programme = any(
        kind == StructureKind.PROGRAMME for _, kind, _ in access.membership_summary(user)
    )
    if cached is None and not (in_programme or access.sees_all_structures(user)):
        cached = request._programmes_for_user = []
    if cached is None:
        programmes = Programme.objects.annotate(
            member=ExpressionWrapper(
                Q(structure_id__in=access.member_structure_ids(user)),
                output_field=BooleanField(),
            )
        )
        if not access.sees_all_structures(user):
            programmes = programmes.filter(member=True)
        cached = list(programmes.values_list("structure_id", "scheme", "member"))
        request._programmes_for_user = cached
    return cached


def items(request):
    schemes = {scheme for _, scheme, _ in programmes_for(request)}
    return [(label, reverse(url)) for scheme, label, url in ENTRIES if scheme in schemes]
