"""What the caseload shows beside each person: alerts and scheme details.

Each app may offer `<app>/caseload.py: extras(request, person_ids) -> {person_id: Extra}`
computed with a constant number of queries for the whole page; the core adds its own (no
contact for 30 days, next step overdue). The caseload merges them.
"""

import datetime
import functools
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django.utils.timesince import timesince

from ftda import access
from ftda.templatetags.ftda_tags import short_date, url_with_pk

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
    """Alerts from the core follow-ups, on a person of the caseload's page (`add_next_steps`
    and `add_first_open_start` done)."""
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


def add_next_steps(user, persons):
    """`next_step` and `next_step_due_on` of each person: those of their latest follow-up
    with a next step, in the user's structures. One query for the page (none without a
    membership: follow-ups are read by their structure's members only)."""
    from ftda.models import FollowUp

    latest = {}
    if persons:
        latest = {
            person_id: (step, due)
            for person_id, step, due in FollowUp.objects.for_user(user)
            .filter(person_id__in=[person.pk for person in persons])
            .exclude(next_step="")
            .order_by("person_id", "-occurred_on", "-created_at")
            .distinct("person_id")
            .values_list("person_id", "next_step", "next_step_due_on")
        }
    for person in persons:
        person.next_step, person.next_step_due_on = latest.get(person.pk, (None, None))


def add_first_open_start(user, persons):
    """`first_open_start_here`: when the person's earliest open pathway in the user's
    structures started, from the pathways the caseload prefetches (no query)."""
    mine = set(access.member_structure_ids(user))
    for person in persons:
        person.first_open_start_here = min(
            (
                pathway.started_on
                for pathway in person.pathways.all()
                if pathway.ended_on is None and pathway.structure_id in mine
            ),
            default=None,
        )


def extras_for_page(request, persons):
    today = timezone.localdate()
    persons = list(persons)
    for person in persons:
        if not hasattr(person, "last_contact_on"):  # not annotated without a membership
            person.last_contact_on = None
    add_next_steps(request.user, persons)
    add_first_open_start(request.user, persons)
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


def prepare_rows(persons, extras, today):
    """Everything a row of the caseload shows, computed once in Python.

    Template filters, `{% url %}` and `pathway.is_open` cost 10 to 40 µs each in the loop
    of 25 rows; computed here they cost about one tenth (bench/README.md, CPU per request).
    """
    detail_url = url_with_pk("ftda:person_detail")
    follow_up_url = url_with_pk("ftda:follow_up_create")
    for person in persons:
        person.extra = extras[person.pk]
        person.label = str(person)
        person.detail_url = detail_url(person.pk)
        person.follow_up_url = follow_up_url(person.pk)
        person.birth_date_shown = short_date(person.birth_date)
        person.schemes = [
            (pathway.structure.name, pathway.ended_on is None or pathway.ended_on >= today)
            for pathway in person.pathways.all()
        ]
        person.next_step_due_shown = short_date(person.next_step_due_on)
        person.last_contact_shown = short_date(person.last_contact_on)
        person.last_contact_ago = time_since(person.last_contact_on, today)


@functools.lru_cache(maxsize=2048)
def time_since(day, today):
    """The "3 semaines, 2 jours" of a last contact. Django's `timesince` translates each unit
    (80 µs a row); a day's caseloads show few distinct dates, so a process computes each one
    once (the application speaks one language: LANGUAGES)."""
    return timesince(day, today) if day else ""


def days_since(day, today=None):
    if day is None:
        return None
    return ((today or timezone.localdate()) - day) // datetime.timedelta(days=1)
