"""The AGIR section of a person's file: their AGIR pathways within the user's scope."""

from django.db.models import Exists, OuterRef

from agir.forms import managed_platforms
from agir.models import AgirPathway, Diagnostic
from agir.views import current_assignments_prefetch


def person_panel(request, person):
    user = request.user
    pathways = list(
        AgirPathway.objects.for_user(user)
        .filter(person=person)
        .select_related("platform")
        .annotate(has_diagnostic=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))))
        .prefetch_related(current_assignments_prefetch())
        .order_by("-entered_on")
    )
    can_enter = managed_platforms(user).exists()
    if not pathways and not can_enter:
        return None
    return "agir/_person_panel.html", {
        "pathways": pathways,
        "person": person,
        "can_enter": can_enter,
    }
