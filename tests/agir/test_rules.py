"""The rules the database enforces, tried directly against PostgreSQL (IntegrityError) and
through `full_clean()` (the French message a form shows)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from agir.enums import EndReason, ReferentRole
from agir.models import AgirPathway, ReferentAssignment
from tests.agir.factories import (
    AgirPathwayFactory,
    PlatformFactory,
    ReferentAssignmentFactory,
)
from tests.ftda.factories import MembershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def raw_update(pathway, **values):
    """Bypass Django: the database alone must refuse."""
    with transaction.atomic():
        AgirPathway.objects.filter(pk=pathway.pk).update(**values)


def test_one_open_pathway_per_person_and_platform():
    first = AgirPathwayFactory(entered_on=D(2024, 1, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        AgirPathway.objects.create(
            person=first.person,
            platform=first.platform,
            ofii_oriented_on=D(2026, 1, 2),
            cir_signed_on=D(2026, 1, 2),
            entered_on=D(2026, 2, 2),
            planned_end_on=D(2028, 2, 2),
        )
    # In another platform, the same person may have an open pathway.
    AgirPathwayFactory(person=first.person, platform=PlatformFactory(manche=True))


def test_a_second_pathway_may_not_overlap_an_ended_one():
    first = AgirPathwayFactory(
        entered_on=D(2024, 1, 8), ended_on=D(2024, 9, 30), end_reason=EndReason.MOVED
    )
    overlapping = AgirPathway(
        person=first.person,
        platform=first.platform,
        ofii_oriented_on=D(2024, 9, 1),
        cir_signed_on=D(2024, 9, 1),
        entered_on=D(2024, 9, 15),
        planned_end_on=D(2026, 9, 15),
    )
    with pytest.raises(ValidationError, match="déjà un parcours AGIR"):
        overlapping.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapping.save()
    overlapping.entered_on = D(2024, 10, 1)
    overlapping.planned_end_on = D(2026, 10, 1)
    overlapping.full_clean()
    overlapping.save()


@pytest.mark.parametrize(
    ("entered", "last_allowed"),
    [
        (D(2024, 2, 29), D(2026, 2, 28)),  # leap day: 24 months later is 28 February
        (D(2024, 3, 31), D(2026, 3, 31)),
        (D(2023, 12, 6), D(2025, 12, 6)),  # AGIR Paris' launch
        (D(2024, 3, 30), D(2026, 3, 30)),  # across the spring DST change
    ],
)
def test_the_end_is_at_most_24_months_after_entry(entered, last_allowed):
    pathway = AgirPathwayFactory(entered_on=entered, planned_end_on=last_allowed)
    raw_update(pathway, ended_on=last_allowed, end_reason=EndReason.TIME_LIMIT)
    day_after = last_allowed + datetime.timedelta(days=1)
    with pytest.raises(IntegrityError, match="agir_end_within_24_months"):
        raw_update(pathway, ended_on=day_after)
    with pytest.raises(IntegrityError, match="agir_planned_end_within_24_months"):
        raw_update(pathway, planned_end_on=day_after)
    pathway.refresh_from_db()
    pathway.ended_on = day_after
    with pytest.raises(ValidationError, match="24 mois après l'entrée"):
        pathway.full_clean()


def test_the_24_month_check_is_computed_by_postgres():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conname = 'agir_end_within_24_months'"
        )
        (definition,) = cursor.fetchone()
    assert "interval" in definition


def test_an_exit_needs_a_date_and_a_reason():
    pathway = AgirPathwayFactory(entered_on=D(2024, 5, 2))
    with pytest.raises(IntegrityError, match="agir_end_has_date_and_reason"):
        raw_update(pathway, ended_on=D(2024, 12, 2))
    with pytest.raises(IntegrityError, match="agir_end_has_date_and_reason"):
        raw_update(pathway, end_reason=EndReason.MOVED)
    raw_update(pathway, ended_on=D(2024, 12, 2), end_reason=EndReason.MOVED)


def test_the_cir_is_signed_before_entry():
    pathway = AgirPathwayFactory(entered_on=D(2024, 5, 2))
    with pytest.raises(IntegrityError, match="agir_cir_signed_before_entry"):
        raw_update(pathway, cir_signed_on=D(2024, 5, 3))
    with pytest.raises(IntegrityError):
        raw_update(pathway, cir_signed_on=None)


def test_the_two_current_referents_differ():
    pathway = AgirPathwayFactory(entered_on=D(2025, 1, 6))
    first = ReferentAssignmentFactory(pathway=pathway)
    same_user = ReferentAssignment(
        pathway=pathway,
        role=ReferentRole.EMPLOYMENT_TRAINING,
        user=first.user,
        started_on=D(2025, 1, 6),
    )
    with pytest.raises(ValidationError, match="deux personnes différentes"):
        same_user.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        same_user.save()
    # Once the first assignment has ended, the same person may take the other role.
    ReferentAssignment.objects.filter(pk=first.pk).update(ended_on=D(2025, 3, 1))
    same_user.started_on = D(2025, 3, 1)
    same_user.full_clean()
    same_user.save()


def test_one_referent_per_role_at_a_time():
    pathway = AgirPathwayFactory(entered_on=D(2025, 1, 6))
    ReferentAssignmentFactory(pathway=pathway)
    other = MembershipFactory(structure=pathway.platform).user
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferentAssignment.objects.create(
            pathway=pathway,
            role=ReferentRole.RIGHTS_HOUSING,
            user=other,
            started_on=D(2025, 2, 1),
        )


def test_settings_only_for_agir_platforms():
    from agir.models import PlatformSettings
    from tests.ftda.factories import StructureFactory

    cph = StructureFactory(name="CPH Saint-Lô", departement="50")
    with pytest.raises(ValidationError, match="pas une plateforme AGIR"):
        PlatformSettings(structure=cph, yearly_entry_target=250).full_clean()
