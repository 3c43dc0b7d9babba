from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse

from ftda import access
from programmes.enums import Scheme
from programmes.models import Programme

ENTRIES = [
    (Scheme.DUOS, "Duos de demain", "programmes:duo_list"),
    (Scheme.CHICHE_CHEF, "Chiche Chef", "programmes:event_list"),
    (Scheme.CLE_DE_FRANCE, "Clé de France", "programmes:mobility_list"),
]


def programmes_for(request):
    """[(structure id, scheme, is member)] of the programmes the user reads (all of them
    for the direction), shared by the navigation and the panel. A member's come with the
    memberships loaded once per request; the direction's take one query."""
    cached = getattr(request, "_programmes_for_user", None)
    if cached is None:
        user = request.user
        if access.sees_all_structures(user):
            cached = _all_programmes(user)
        else:
            schemes = access.member_structure_details(user, "programme__scheme")
            cached = [
                (structure_id, scheme, True)
                for structure_id, scheme in schemes.items()
                if scheme is not None
            ]
        request._programmes_for_user = cached
    return cached


def _all_programmes(user):
    programmes = Programme.objects.annotate(
        member=ExpressionWrapper(
            Q(structure_id__in=access.member_structure_ids(user)),
            output_field=BooleanField(),
        )
    )
    return list(programmes.values_list("structure_id", "scheme", "member"))


def items(request):
    schemes = {scheme for _, scheme, _ in programmes_for(request)}
    return [(label, reverse(url)) for scheme, label, url in ENTRIES if scheme in schemes]
