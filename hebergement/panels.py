"""The housing section of a person's file: their stays and pending orientations in the
structures the user sees (members: their structures; the direction: all). Two queries."""

from django.utils import timezone

from hebergement.models import Orientation, Stay


def person_panel(request, person):
    user = request.user
    stays = list(
        Stay.objects.for_user(user)
        .filter(person=person)
        .select_related("structure", "place__unit")
        .order_by("-arrived_on")
    )
    orientations = list(
        Orientation.objects.for_user(user)
        .filter(person=person, stays__isnull=True)
        .select_related("structure")
        .order_by("-received_on")
    )
    if not stays and not orientations:
        return None
    return (
        "hebergement/_person_panel.html",
        {"stays": stays, "orientations": orientations, "today": timezone.localdate()},
    )
