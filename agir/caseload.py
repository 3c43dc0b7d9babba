"""AGIR alerts and referents on the core caseload, in one query for the whole page (none
for users outside the AGIR platforms)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from agir.access import agir_roles
from agir.models import AgirPathway, Diagnostic, current_referent_names
from agir.views import LIMIT_WARNING_DAYS
from ftda import access
from ftda.caseload import Alert, Extra


def _open_pathways(user, person_ids, today):
    return (
        AgirPathway.objects.for_user(user)
        .open()
        .filter(person_id__in=person_ids, platform_id__in=access.member_structure_ids(user))
        .annotate(
            diagnosed=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))),
            names=current_referent_names(today),
        )
        .values_list("person_id", "platform__name", "planned_end_on", "diagnosed", "names")
    )


def extras(request, person_ids):
    today = timezone.localdate()
    result = {}
    if not agir_roles(request):
        return result  # AGIR alerts are for the platforms' teams
    for person_id, label, planned_end, diagnosed, names in _open_pathways(
        request.user, person_ids, today
    ):
        extra = result.setdefault(person_id, Extra())
        if planned_end <= today + datetime.timedelta(days=LIMIT_WARNING_DAYS):
            extra.alerts.append(
                Alert("danger", f"AGIR : 24 mois atteints le {planned_end:%d/%m/%Y}")
            )
        if not diagnosed:
            extra.alerts.append(Alert("warning", "AGIR : diagnostic à faire"))
        if names:
            extra.details.append(f"{label} · {names}")
    return result
