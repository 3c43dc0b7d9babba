"""Chiche Chef (minors' data) and Clé de France: database rules and services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ftda.models import Pathway
from programmes import services
from programmes.enums import Scheme
from programmes.models import CookingParticipant, MobilityPathway, MobilityStage
from tests.ftda.factories import MembershipFactory, PersonFactory
from tests.programmes.factories import (
    CookingEventFactory,
    CookingParticipantFactory,
    GroupCountFactory,
    MobilityPathwayFactory,
    programme_structure,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(callable_, *args, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_(*args, **kwargs)


@pytest.mark.parametrize(
    "identifying",
    [
        {"last_name": "Martin"},
        {"birth_date": D(2012, 2, 29)},
        {"person": "a person"},
    ],
)
def test_a_child_of_the_ase_gets_a_first_name_at_most(identifying):
    event = CookingEventFactory()
    if identifying.get("person"):
        identifying = {"person": PersonFactory(child=True)}
    refused(CookingParticipantFactory, event=event, group="ase_children", **identifying)
    with pytest.raises(ValidationError, match="seul le prénom"):
        CookingParticipant(
            event=event, group="ase_children", first_name="Lina", **identifying
        ).full_clean()
    assert CookingParticipantFactory(event=event, group="ase_children", first_name="Lina").pk
    assert not CookingParticipant.objects.exclude(last_name="").exists()


def test_a_refugee_may_be_linked_to_a_file_a_volunteer_may_not():
    event = CookingEventFactory()
    person = PersonFactory(last_name="Yıldız", first_names="Berfin")
    assert CookingParticipantFactory(event=event, group="refugees", person=person).pk
    refused(CookingParticipantFactory, event=event, group="volunteers", person=person)


def test_a_group_is_counted_once_per_edition():
    event = CookingEventFactory()
    GroupCountFactory(event=event, group="refugees", count=8)
    refused(GroupCountFactory, event=event, group="refugees", count=3)


def test_a_destination_is_outside_ile_de_france():
    refused(MobilityPathwayFactory, destination_departement="93")
    assert MobilityPathwayFactory(destination_departement="2A").pk


def test_one_open_mobility_pathway_per_person_and_relocation_rules():
    first = MobilityPathwayFactory()
    refused(MobilityPathwayFactory, person=first.person, programme=first.programme)
    refused(MobilityPathwayFactory, status="relocated")  # no date of relocation
    refused(MobilityPathwayFactory, relocated_on=D(2023, 12, 31))  # before entry
    refused(MobilityPathwayFactory, status="abandoned")  # no end


def test_mobility_services_open_and_close_the_pathway_and_record_relocation():
    membership = MembershipFactory(structure=programme_structure(Scheme.CLE_DE_FRANCE))
    user, structure = membership.user, membership.structure
    person = PersonFactory(last_name="Ouédraogo", first_names="Issouf")
    pathway = services.open_mobility_pathway(
        pathway=MobilityPathway(
            programme=structure,
            person=person,
            started_on=D(2024, 2, 29),
            destination_departement="50",
            destination_city="Saint-Lô",
        ),
        author=user,
    )
    assert Pathway.objects.get(person=person, structure=structure).ended_on is None
    services.record_stage(
        stage=MobilityStage(pathway=pathway, kind="relocation", occurred_on=D(2024, 6, 3)),
        author=user,
    )
    pathway.refresh_from_db()
    assert (pathway.status, pathway.relocated_on) == ("relocated", D(2024, 6, 3))
    assert pathway.review_due_on(6) == D(2024, 12, 3)
    with pytest.raises(ValidationError, match="déjà notée"):
        services.record_stage(
            stage=MobilityStage(pathway=pathway, kind="relocation", occurred_on=D(2024, 6, 4)),
            author=user,
        )
    services.end_mobility_pathway(
        pathway=pathway, ended_on=D(2024, 12, 10), reason="Fin du suivi", abandoned=False,
        author=user,
    )  # fmt: skip
    assert Pathway.objects.get(person=person, structure=structure).ended_on == D(2024, 12, 10)


def test_partners_of_an_edition_are_in_the_audit_trail():
    from django.apps import apps

    from tests.ftda.factories import PartnerFactory

    event = CookingEventFactory()
    nids = PartnerFactory(name="Fondation Les Nids", departement="76")
    event.partners.set([nids])
    event.partners.clear()
    events = apps.get_model("programmes", "EventPartnerEvent").objects.order_by("pgh_id")
    assert [(e.pgh_label, e.partner_id) for e in events] == [
        ("insert", nids.pk),
        ("delete", nids.pk),
    ]
