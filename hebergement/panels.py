"""The housing section of a person's file: their stays and the orientations not yet
admitted, in the structures the user sees (members: their structures; the direction: all).

One query (a UNION of stays and orientations), so that the person's file keeps its budget.
"""

from django.db.models import BooleanField, CharField, DateField, F, Value
from django.utils import timezone

from hebergement.enums import ExitOutcome
from hebergement.models import Orientation, Stay

COLUMNS = ["kind", "pk", "structure_name", "unit_label", "start", "planned_end", "end",
           "outcome", "opinion_value", "accepted_value"]  # fmt: skip


def _rows(user, person):
    stays = (
        Stay.objects.for_user(user)
        .filter(person=person)
        .annotate(
            kind=Value("stay", output_field=CharField()),
            structure_name=F("structure__name"),
            unit_label=F("place__unit__label"),
            start=F("arrived_on"),
            planned_end=F("planned_end_on"),
            end=F("exited_on"),
            outcome=F("exit_outcome"),
            opinion_value=Value("", output_field=CharField()),
            accepted_value=Value(None, output_field=BooleanField()),
        )
        .values_list(*COLUMNS)
    )
    orientations = (
        Orientation.objects.for_user(user)
        .filter(person=person, stays__isnull=True)
        .annotate(
            kind=Value("orientation", output_field=CharField()),
            structure_name=F("structure__name"),
            unit_label=Value(None, output_field=CharField()),
            start=F("received_on"),
            planned_end=F("planned_arrival_on"),
            end=Value(None, output_field=DateField()),
            outcome=Value("", output_field=CharField()),
            opinion_value=F("opinion"),
            accepted_value=F("accepted"),
        )
        .values_list(*COLUMNS)
    )
    return stays.union(orientations, all=True).order_by("-start")


def person_panel(request, person):
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in _rows(request.user, person)]
    if not rows:
        return None
    outcomes = dict(ExitOutcome.choices)
    for row in rows:
        row["outcome_label"] = outcomes.get(row["outcome"], "")
        if row["kind"] == "orientation":
            row["status"] = Orientation(
                opinion=row["opinion_value"], accepted=row["accepted_value"]
            ).status_label
    return (
        "hebergement/_person_panel.html",
        {
            "stays": [r for r in rows if r["kind"] == "stay"],
            "orientations": [r for r in rows if r["kind"] == "orientation"],
            "today": timezone.localdate(),
        },
    )
