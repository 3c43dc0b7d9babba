"""Alerts of the programmes on the caseload: a duo without a meeting this month, a
situation review due after a relocation. At most three queries for the whole page, and for
users outside the programmes none but the one the navigation shares."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ftda.caseload import Alert, Extra
from programmes.enums import Scheme
from programmes.models import Duo, DuoMeeting, MobilityPathway
from programmes.navigation import programmes_for


def extras(request, person_ids):
    """Nothing (and no query beyond the navigation's shared one) outside the programmes."""
    result = {}
    schemes = {scheme for _, scheme, _ in programmes_for(request)}
    if Scheme.DUOS in schemes:
        _duo_extras(request.user, person_ids, result)
    if Scheme.CLE_DE_FRANCE in schemes:
        _mobility_extras(request.user, person_ids, result)
    return result


def _duo_extras(user, person_ids, result):
    month = timezone.localdate().replace(day=1)
    duos = (
        Duo.objects.for_user(user)
        .filter(person_id__in=person_ids, ended_on__isnull=True)
        .select_related("volunteer")
        .annotate(met=Exists(DuoMeeting.objects.filter(duo=OuterRef("pk"), occurred_on__gte=month)))
    )
    for duo in duos:
        extra = result.setdefault(duo.person_id, Extra())
        extra.details.append(f"Duo avec {duo.volunteer} jusqu'au {duo.planned_end_on:%d/%m/%Y}")
        if not duo.met:
            extra.alerts.append(Alert("warning", "Duo sans rencontre ce mois-ci"))


def _mobility_extras(user, person_ids, result):
    today = timezone.localdate()
    pathways = (
        MobilityPathway.objects.for_user(user)
        .filter(person_id__in=person_ids, ended_on__isnull=True)
        .prefetch_related("reviews")
    )
    for pathway in pathways:
        extra = result.setdefault(pathway.person_id, Extra())
        where = pathway.destination_city or "destination à définir"
        extra.details.append(f"Clé de France : {where}")
        done = {review.months_after for review in pathway.reviews.all()}
        for months in (3, 6):
            due = pathway.review_due_on(months)
            if due and due < today and months not in done:
                extra.alerts.append(
                    Alert("danger", f"Point à {months} mois attendu depuis le {due:%d/%m/%Y}")
                )
