"""Factories of the housing app, with traits for the usual states."""

import datetime

import factory
from django.utils import timezone

from hebergement.enums import (
    BidKind,
    BidStatus,
    DecisionKind,
    ExitOutcome,
    Opinion,
    OrientationOrigin,
    UnitKind,
)
from hebergement.models import (
    Capacity,
    HousingUnit,
    Orientation,
    OutOfService,
    Place,
    ProjectBid,
    ProjectCall,
    Stay,
    planned_end,
)
from tests.ftda.factories import PersonFactory, StructureFactory


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


class CapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capacity

    structure = factory.SubFactory(StructureFactory)
    places = 60
    valid_from = datetime.date(2017, 3, 1)
    decision_kind = DecisionKind.CREATION
    decision_reference = factory.Sequence(lambda n: f"Arrêté préfectoral n° 2017-{n:03d}")


class HousingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingUnit

    structure = factory.SubFactory(StructureFactory)
    kind = UnitKind.SCATTERED_FLAT
    label = factory.Sequence(lambda n: f"Appartement {n}")
    address = factory.Sequence(lambda n: f"{n} rue de la Roë")
    postal_code = "49100"
    city = "Angers"

    class Params:
        collective = factory.Trait(
            kind=UnitKind.COLLECTIVE_ROOM, label=factory.Sequence(lambda n: f"Chambre {n}")
        )


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    unit = factory.SubFactory(HousingUnitFactory)
    label = factory.Sequence(lambda n: f"P{n}")


class OutOfServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutOfService

    unit = factory.SubFactory(HousingUnitFactory)
    starts_on = factory.LazyFunction(lambda: days_ago(10))
    ends_on = factory.LazyFunction(lambda: days_ago(-10))
    reason = "Travaux de plomberie"


class ProjectCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectCall

    year = 2017
    departement = "49"


class ProjectBidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectBid

    call = factory.SubFactory(ProjectCallFactory)
    kind = BidKind.CREATION
    site = "Laval"
    places_requested = 60
    status = BidStatus.FILED

    class Params:
        retained = factory.Trait(status=BidStatus.RETAINED)


class OrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Orientation

    structure = factory.SubFactory(StructureFactory)
    person = factory.SubFactory(PersonFactory)
    received_on = factory.LazyFunction(lambda: days_ago(20))
    origin = OrientationOrigin.CADA

    class Params:
        favourable = factory.Trait(
            opinion=Opinion.FAVOURABLE, opinion_on=factory.LazyFunction(lambda: days_ago(15))
        )
        accepted_trait = factory.Trait(
            opinion=Opinion.FAVOURABLE,
            opinion_on=factory.LazyFunction(lambda: days_ago(15)),
            accepted=True,
            answered_on=factory.LazyFunction(lambda: days_ago(12)),
            planned_arrival_on=factory.LazyFunction(lambda: days_ago(-5)),
        )


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay

    place = factory.SubFactory(PlaceFactory)
    structure = factory.LazyAttribute(lambda stay: stay.place.unit.structure)
    person = factory.SubFactory(PersonFactory)
    arrived_on = factory.LazyFunction(lambda: days_ago(60))
    planned_end_on = factory.LazyAttribute(lambda stay: planned_end(stay.arrived_on))
    contract_signed_on = factory.LazyAttribute(lambda stay: stay.arrived_on)

    class Params:
        exited = factory.Trait(
            exited_on=factory.LazyFunction(lambda: days_ago(5)),
            exit_outcome=ExitOutcome.SOCIAL_HOUSING,
        )
