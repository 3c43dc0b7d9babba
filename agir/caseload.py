"""AGIR alerts and referents on the core caseload, in one query for the whole page: a UNION
of the open AGIR pathways of the page's persons and of the user's AGIR memberships (which
the navigation then reuses, see `agir.access.agir_roles`)."""

import datetime

from django.db.models import BooleanField, CharField, DateField, Exists, F, OuterRef, Value
from django.utils import timezone

from agir.models import AgirPathway, Diagnostic, current_referent_names
from agir.views import LIMIT_WARNING_DAYS
from ftda import access
from ftda.caseload import Alert, Extra
from ftda.enums import StructureKind

COLUMNS = ["kind", "who", "label", "planned_end", "diagnosed", "names"]


def _rows(user, person_ids, today):
    pathways = (
        AgirPathway.objects.for_user(user)
        .open()
        .filter(person_id__in=person_ids, platform_id__in=access.member_structure_ids(user))
        .annotate(
            kind=Value("pathway", output_field=CharField()),
            who=F("person_id"),
            label=F("platform__name"),
            planned_end=F("planned_end_on"),
            diagnosed=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))),
            names=current_referent_names(today),
        )
        .values_list(*COLUMNS)
    )
    roles = (
        access.active_memberships(user)
        .filter(structure__kind=StructureKind.AGIR)
        .annotate(
            kind=Value("role", output_field=CharField()),
            who=F("user_id"),
            label=F("role"),
            planned_end=Value(None, output_field=DateField()),
            diagnosed=Value(False, output_field=BooleanField()),
            names=Value("", output_field=CharField()),
        )
        .values_list(*COLUMNS)
    )
    return pathways.union(roles, all=True)


def extras(request, person_ids):
    today = timezone.localdate()
    result, roles = {}, set()
    for kind, person_id, label, planned_end, diagnosed, names in _rows(
        request.user, person_ids, today
    ):
        if kind == "role":
            roles.add(label)
            continue
        extra = result.setdefault(person_id, Extra())
        if planned_end <= today + datetime.timedelta(days=LIMIT_WARNING_DAYS):
            extra.alerts.append(
                Alert("danger", f"AGIR : 24 mois atteints le {planned_end:%d/%m/%Y}")
            )
        if not diagnosed:
            extra.alerts.append(Alert("warning", "AGIR : diagnostic à faire"))
        if names:
            extra.details.append(f"{label} · {names}")
    request._agir_roles = frozenset(roles)  # see agir.access.agir_roles
    return result
