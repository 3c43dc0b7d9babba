"""The volume seed of the benchmarks (bench/seed_volume.py), at a tiny scale: it must keep
working as the models change (COPY names every column), respect the database's constraints,
leave the audit trail out of its own transaction only, and call the apps' hooks."""

import datetime
import types

import pytest
from django.apps import apps

from bench import seed_volume
from ftda import demo
from ftda.models import FollowUp, Household, Pathway, Person, Structure

pytestmark = pytest.mark.django_db(transaction=True)


def test_seed_is_exact_idempotent_and_leaves_the_audit_out(monkeypatch):
    calls = []

    def seed(connection, *, persons, rng):  # declares only what it needs
        calls.append((len(persons), type(rng).__name__))
        return {"things": 3}

    hook = types.SimpleNamespace(seed=seed)
    # The demo's structures, without the rest of the demo (its accounts and persons): fast.
    Structure.objects.bulk_create(
        Structure(kind=kind, name=name, departement=dep, city=city, opened_on=opened)
        for kind, name, dep, city, opened in demo.STRUCTURES.values()
    )
    monkeypatch.setattr(seed_volume, "app_hooks", lambda: [("fake_app", hook)])
    follow_up_events = apps.get_model("ftda", "FollowUpEvent")

    assert seed_volume.main(["--persons", "150", "--follow-ups", "1500"]) == 0
    assert Person.objects.count() == 150
    assert FollowUp.objects.count() == 1500
    assert Household.objects.filter(members__isnull=False).exists()
    assert not Pathway.objects.filter(started_on__gt=datetime.date.today()).exists()
    assert calls and calls[0][1] == "Random"
    # The seeded follow-ups wrote no audit events; the sessions after it are audited again.
    assert follow_up_events.objects.count() == 0
    FollowUp.objects.filter(pk=FollowUp.objects.order_by("-pk")[0].pk).update(note="Modifiée")
    assert follow_up_events.objects.count() == 1

    assert seed_volume.main(["--persons", "150", "--follow-ups", "1500"]) == 0
    assert Person.objects.count() == 150  # nothing added the second time
