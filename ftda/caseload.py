"""What the caseload shows beside each person: alerts and scheme details.

Each app may offer `<app>/caseload.py: extras(request, person_ids) -> {person_id: Extra}`
computed with a constant number of queries for the whole page; the core adds its own (no
contact for 30 days, next step overdue). The caseload merges them.
"""

import datetime
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.utils import timezone

NO_CONTACT_DAYS = 30


@dataclass(frozen=True)
class Alert:
    level: str  # Bootstrap contextual colour: "danger", "warning" or "info"
    message: str


@dataclass
class Extra:
    alerts: list = field(default_factory=list)
    details: list = field(default_factory=list)  # short texts: referents, stay dates…

    def merge(self, other):
        self.alerts.extend(other.alerts)
        self.details.extend(other.details)


def core_extra(person, today):
    """Alerts from the core follow-ups, on a person annotated by the caseload query."""
    extra = Extra()
    started = person.first_open_start_here
    last = person.last_contact_on
    if (last and (today - last).days > NO_CONTACT_DAYS) or (
        not last and started and (today - started).days > NO_CONTACT_DAYS
    ):
        extra.alerts.append(Alert("warning", f"Aucun contact depuis {NO_CONTACT_DAYS} jours"))
    if person.next_step_due_on and person.next_step_due_on < today:
        extra.alerts.append(
            Alert("danger", f"Échéance dépassée ({person.next_step_due_on:%d/%m/%Y})")
        )
    return extra


def extras_for_page(request, persons):
    today = timezone.localdate()
    extras = {person.pk: core_extra(person, today) for person in persons}
    ids = list(extras)
    if not ids:
        return extras
    for app in settings.DEMO_APPS:
        try:
            module = import_module(f"{app}.caseload")
        except ModuleNotFoundError:
            continue
        for person_id, extra in module.extras(request, ids).items():
            extras[person_id].merge(extra)
    return extras


def days_since(day, today=None):
    if day is None:
        return None
    return ((today or timezone.localdate()) - day) // datetime.timedelta(days=1)
