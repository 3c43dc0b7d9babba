"""AGIR alerts and referents on the core caseload, in two queries for the whole page."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from agir.models import AgirPathway, Diagnostic, current_referent_names
from agir.views import LIMIT_WARNING_DAYS
from ftda import access
from ftda.caseload import Alert, Extra


def extras(request, person_ids):
    user = request.user
    today = timezone.localdate()
    pathways = (
        AgirPathway.objects.for_user(user)
        .open()
        .filter(person_id__in=person_ids, platform_id__in=access.member_structure_ids(user))
        .select_related("platform")
        .annotate(
            has_diagnostic=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))),
            referent_names=current_referent_names(today),
        )
    )
    result = {}
    for pathway in pathways:
        extra = result.setdefault(pathway.person_id, Extra())
        if pathway.planned_end_on <= today + datetime.timedelta(days=LIMIT_WARNING_DAYS):
            extra.alerts.append(
                Alert("danger", f"AGIR : 24 mois atteints le {pathway.planned_end_on:%d/%m/%Y}")
            )
        if not pathway.has_diagnostic:
            extra.alerts.append(Alert("warning", "AGIR : diagnostic à faire"))
        if pathway.referent_names:
            extra.details.append(f"{pathway.platform.name} · {pathway.referent_names}")
    return result
