"""AGIR's volume hook (agir/bench_seed.py) at a small size: every adult the core seed supports
in an AGIR platform gets an AGIR pathway that keeps the rules, including those that only the
services enforce (members as referents, both solutions before such an exit)."""

import datetime
import random
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q

from agir import bench_seed
from agir.enums import EndReason
from agir.models import (
    AgirPathway,
    Diagnostic,
    DiagnosticNeed,
    EmploymentSolution,
    Goal,
    HousingSolution,
    ReferentAssignment,
    Referral,
)
from ftda.enums import StructureKind
from ftda.models import Membership, Pathway
from tests.bench_seeding import seed_small

pytestmark = pytest.mark.django_db(transaction=True)


def test_agir_volume_keeps_the_rules(monkeypatch):
    structures = seed_small(monkeypatch, [("agir", bench_seed)])
    today = datetime.date.today()
    core = Pathway.objects.filter(structure__kind=StructureKind.AGIR).exclude(
        person__household_membership__relationship="child"
    )
    pathways = list(AgirPathway.objects.select_related("platform"))
    assert len(pathways) == core.count() > 100
    # The core seed's top-up sends adults to AGIR Paris, which dominates.
    paris = structures["agir_paris"]
    assert sum(p.platform_id == paris.pk for p in pathways) > len(pathways) / 2

    core_dates = {(c.person_id, c.structure_id): (c.started_on, c.ended_on) for c in core}
    for pathway in pathways:
        assert core_dates[pathway.person_id, pathway.platform_id] == (
            pathway.entered_on,
            pathway.ended_on,
        )
        assert pathway.ofii_oriented_on <= pathway.entered_on
        assert pathway.cir_signed_on <= pathway.entered_on
        assert pathway.planned_end_on == pathway.entered_on + relativedelta(months=24)
        if pathway.ended_on:
            assert pathway.ended_on <= pathway.planned_end_on
            assert pathway.end_reason
    assert any(p.ended_on for p in pathways) and any(p.ended_on is None for p in pathways)

    # Two distinct referents from entry, members of the platform; some reassigned.
    members = set(Membership.objects.values_list("structure_id", "user_id"))
    per_pathway = ReferentAssignment.objects.values("pathway").annotate(n=Count("pk"))
    assert {row["n"] for row in per_pathway} >= {2, 3}
    for assignment in ReferentAssignment.objects.select_related("pathway"):
        assert (assignment.pathway.platform_id, assignment.user_id) in members
        if assignment.pathway.ended_on:
            assert assignment.ended_on <= assignment.pathway.ended_on + datetime.timedelta(1)
    for pathway in pathways:
        current = ReferentAssignment.objects.current(pathway.entered_on).filter(pathway=pathway)
        assert len({a.user_id for a in current}) == 2

    # Most pathways diagnosed a few weeks after entry, with a need per domain.
    diagnostics = Diagnostic.objects.select_related("pathway")
    assert diagnostics.count() > 0.7 * len(pathways)
    delays = sorted((d.done_on - d.pathway.entered_on).days for d in diagnostics)
    assert 7 <= delays[len(delays) // 2] <= 42
    assert not DiagnosticNeed.objects.values("diagnostic").annotate(n=Count("pk")).exclude(n=9)
    assert Goal.objects.filter(closed_on__isnull=False).exists()
    assert Goal.objects.filter(closed_on__isnull=True).exists()

    # Referrals to the platform's partners; solutions; exits on both solutions have them.
    referrals = Referral.objects.select_related("partner", "pathway__platform")
    assert referrals.count() >= len(pathways)
    assert all(r.partner.departement == r.pathway.platform.departement for r in referrals)
    assert len(set(referrals.values_list("status", flat=True))) == 5
    assert HousingSolution.objects.exists() and EmploymentSolution.objects.exists()
    both = AgirPathway.objects.filter(end_reason=EndReason.BOTH_SOLUTIONS)
    assert both.exists()
    for pathway in both:
        assert pathway.housing_solutions.filter(obtained_on__lte=pathway.ended_on).exists()
        assert pathway.employment_solutions.filter(started_on__lte=pathway.ended_on).exists()

    # Nothing after today.
    for model, field in [
        (AgirPathway, "ended_on"),
        (Diagnostic, "done_on"),
        (Goal, "closed_on"),
        (Referral, "closed_on"),
        (Referral, "answered_on"),
        (HousingSolution, "obtained_on"),
        (EmploymentSolution, "started_on"),
    ]:
        assert not model.objects.filter(Q(**{f"{field}__gt": today})).exists(), (model, field)


def test_a_pathway_gets_a_pair_of_referents_before_the_team_had_two_members():
    """A small volume's pathways may predate the demo's team: the pair is then drawn from
    the whole team rather than failing (`bench/seed_volume.py --persons 5000` did)."""
    joined_late = (7, datetime.date(2024, 9, 2), None)
    early = (8, datetime.date(2019, 1, 7), None)
    pathway = SimpleNamespace(started_on=datetime.date(2023, 3, 27), ended_on=None)
    casework = bench_seed.Casework(
        random.Random(1), datetime.date(2026, 11, 25), pathway, 1, [joined_late, early], {}
    )
    assert sorted(casework.eligible(pathway.started_on)) == [7, 8]
    assert sorted(casework.eligible(datetime.date(2025, 1, 6))) == [7, 8]  # both active
    three = [*casework.members, (9, datetime.date(2020, 6, 1), None)]
    casework.members = three
    assert sorted(casework.eligible(pathway.started_on)) == [8, 9]
