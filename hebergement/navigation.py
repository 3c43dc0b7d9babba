from django.urls import reverse

from ftda import access
from ftda.models import Structure


def items(request):
    """`Hébergement` for members of a housing structure and for the direction."""
    user = request.user
    if access.sees_all_structures(user) or Structure.objects.where_member(user).housing().exists():
        return [("Hébergement", reverse("hebergement:index"))]
    return []
