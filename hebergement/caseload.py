"""Caseload alerts of the housing app: a stay ending within 30 days, a stay past its
planned end, and the stay's dates as a detail. One query for the whole page."""

import datetime

from django.utils import timezone

from ftda.caseload import Alert, Extra
from hebergement.models import Stay

ENDING_SOON_DAYS = 30


def extras(request, person_ids):
    today = timezone.localdate()
    stays = (
        Stay.objects.for_user(request.user)
        .current(today)
        .filter(person_id__in=person_ids)
        .select_related("structure")
        .only("person_id", "planned_end_on", "arrived_on", "structure__name")
    )
    result = {}
    for stay in stays:
        extra = result.setdefault(stay.person_id, Extra())
        extra.details.append(
            f"{stay.structure.name} depuis le {stay.arrived_on:%d/%m/%Y}, "
            f"fin prévue le {stay.planned_end_on:%d/%m/%Y}"
        )
        if stay.planned_end_on < today:
            extra.alerts.append(
                Alert("danger", f"Fin de séjour dépassée ({stay.planned_end_on:%d/%m/%Y})")
            )
        elif stay.planned_end_on <= today + datetime.timedelta(days=ENDING_SOON_DAYS):
            extra.alerts.append(
                Alert("warning", f"Fin de séjour le {stay.planned_end_on:%d/%m/%Y}")
            )
    return result
