"""The AGIR section of a person's file: their AGIR pathways within the user's scope, in one
query (the user's AGIR roles come from the memberships loaded once per request)."""

from django.db.models import Exists, OuterRef

from agir.access import agir_roles
from agir.models import AgirPathway, Diagnostic, current_referent_names
from ftda import access
from ftda.enums import MembershipRole


def _pathways(user, person):
    return (
        AgirPathway.objects.for_user(user)
        .filter(person=person)
        .select_related("platform")
        .annotate(
            has_diagnostic=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))),
            referent_names=current_referent_names(),
        )
        .order_by("-entered_on")
    )


def person_panel(request, person):
    roles = agir_roles(request)
    if not roles and not access.sees_all_structures(request.user):
        return None  # AGIR pathways are read by the platforms' members and the direction
    pathways = list(_pathways(request.user, person))
    can_enter = MembershipRole.MANAGER in roles
    if not pathways and not can_enter:
        return None
    return "agir/_person_panel.html", {
        "pathways": pathways,
        "person": person,
        "can_enter": can_enter,
    }
