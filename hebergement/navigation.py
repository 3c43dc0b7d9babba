from django.urls import reverse

from ftda import access
from ftda.enums import HOUSING_KINDS


def items(request):
    """`Hébergement` for members of a housing structure and for the direction."""
    user = request.user
    in_housing = any(kind in HOUSING_KINDS for _, kind, _ in access.membership_summary(user))
    if access.sees_all_structures(user) or in_housing:
        return [("Hébergement", reverse("hebergement:index"))]
    return []
