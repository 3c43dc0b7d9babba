"""The AGIR section of a person's file: their AGIR pathways within the user's scope.

One query: a UNION of the pathways and of the user's AGIR memberships (which say whether
they may record an entry; the navigation reuses them for the rest of the request)."""

from types import SimpleNamespace

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Value,
)

from agir.enums import EndReason
from agir.models import AgirPathway, Diagnostic, current_referent_names
from ftda import access
from ftda.enums import MembershipRole, StructureKind

COLUMNS = ["kind", "id", "label", "entered", "planned_end", "ended", "reason", "diagnosed", "names"]


def _rows(user, person):
    pathways = (
        AgirPathway.objects.for_user(user)
        .filter(person=person)
        .annotate(
            kind=Value("pathway", output_field=CharField()),
            label=F("platform__name"),
            entered=F("entered_on"),
            planned_end=F("planned_end_on"),
            ended=F("ended_on"),
            reason=F("end_reason"),
            diagnosed=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))),
            names=current_referent_names(),
        )
        .values_list(*COLUMNS)
    )
    roles = (
        access.active_memberships(user)
        .filter(structure__kind=StructureKind.AGIR)
        .annotate(
            kind=Value("role", output_field=CharField()),
            label=F("role"),
            entered=Value(None, output_field=DateField()),
            planned_end=Value(None, output_field=DateField()),
            ended=Value(None, output_field=DateField()),
            reason=Value("", output_field=CharField()),
            diagnosed=Value(False, output_field=BooleanField()),
            names=Value("", output_field=CharField()),
        )
        .values_list(*COLUMNS)
    )
    return list(pathways.union(roles, all=True))


def person_panel(request, person):
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in _rows(request.user, person)]
    roles = frozenset(row["label"] for row in rows if row["kind"] == "role")
    request._agir_roles = roles  # see agir.access.agir_roles
    reasons = dict(EndReason.choices)
    pathways = sorted(
        (
            SimpleNamespace(
                pk=row["id"],
                platform_name=row["label"],
                entered_on=row["entered"],
                planned_end_on=row["planned_end"],
                ended_on=row["ended"],
                end_reason_label=reasons.get(row["reason"], ""),
                has_diagnostic=row["diagnosed"],
                referent_names=row["names"],
            )
            for row in rows
            if row["kind"] == "pathway"
        ),
        key=lambda p: p.entered_on,
        reverse=True,
    )
    can_enter = MembershipRole.MANAGER in roles
    if not pathways and not can_enter:
        return None
    return "agir/_person_panel.html", {
        "pathways": pathways,
        "person": person,
        "can_enter": can_enter,
    }
