"""Factories of the AGIR app, with traits for the usual situations."""

import datetime

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from agir.enums import (
    Domain,
    EmploymentKind,
    EndReason,
    GoalStatus,
    HousingKind,
    NeedLevel,
    ReferentRole,
    ReferralStatus,
)
from agir.models import (
    AgirPathway,
    Diagnostic,
    DiagnosticNeed,
    EmploymentSolution,
    Goal,
    HousingSolution,
    PlatformSettings,
    ReferentAssignment,
    Referral,
)
from ftda.enums import StructureKind
from ftda.models import Structure
from tests.ftda.factories import (
    MembershipFactory,
    PartnerFactory,
    PathwayFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


class PlatformFactory(StructureFactory):
    """An AGIR platform (a core structure of kind AGIR) with its settings."""

    class Meta:
        model = Structure
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    kind = StructureKind.AGIR
    name = "AGIR Paris"
    departement = "75"
    city = "Paris"
    opened_on = datetime.date(2023, 12, 6)

    class Params:
        manche = factory.Trait(
            name="AGIR Manche",
            departement="50",
            city="Saint-Lô",
            opened_on=datetime.date(2023, 10, 16),
        )

    @factory.post_generation
    def target(obj, create, extracted, **kwargs):
        if create:
            default = 250 if obj.departement == "50" else 3000
            PlatformSettings.objects.update_or_create(
                structure=obj, defaults={"yearly_entry_target": extracted or default}
            )


class AgirPathwayFactory(factory.django.DjangoModelFactory):
    """An AGIR pathway and the core pathway that puts the person in the platform's scope."""

    class Meta:
        model = AgirPathway
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    platform = factory.SubFactory(PlatformFactory)
    entered_on = factory.LazyFunction(lambda: days_ago(90))
    ofii_oriented_on = factory.LazyAttribute(lambda o: o.entered_on - datetime.timedelta(days=21))
    cir_signed_on = factory.LazyAttribute(lambda o: o.entered_on - datetime.timedelta(days=14))
    planned_end_on = factory.LazyAttribute(lambda o: o.entered_on + relativedelta(months=24))

    class Params:
        closed = factory.Trait(
            ended_on=factory.LazyAttribute(lambda o: o.entered_on + datetime.timedelta(days=60)),
            end_reason=EndReason.LOST_CONTACT,
        )

    @factory.post_generation
    def core_pathway(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            PathwayFactory(
                person=obj.person,
                structure=obj.platform,
                started_on=obj.entered_on,
                ended_on=obj.ended_on,
            )


class ReferentAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferentAssignment

    pathway = factory.SubFactory(AgirPathwayFactory)
    role = ReferentRole.RIGHTS_HOUSING
    user = factory.LazyAttribute(lambda o: MembershipFactory(structure=o.pathway.platform).user)
    started_on = factory.LazyAttribute(lambda o: o.pathway.entered_on)

    class Params:
        employment = factory.Trait(role=ReferentRole.EMPLOYMENT_TRAINING)


class DiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnostic
        skip_postgeneration_save = True

    pathway = factory.SubFactory(AgirPathwayFactory)
    done_on = factory.LazyAttribute(lambda o: o.pathway.entered_on + datetime.timedelta(days=15))
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def needs(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            for domain in (Domain.HOUSING, Domain.EMPLOYMENT, Domain.TRAINING_LANGUAGE):
                DiagnosticNeed.objects.create(
                    diagnostic=obj,
                    domain=domain,
                    level=NeedLevel.HIGH,
                    comment="Besoin relevé à l'entretien d'entrée.",
                )


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    pathway = factory.SubFactory(AgirPathwayFactory)
    domain = Domain.RIGHTS
    title = "Ouvrir les droits à la CAF"
    status = GoalStatus.TODO
    due_on = factory.LazyFunction(lambda: days_ago(-14))

    class Params:
        achieved = factory.Trait(
            status=GoalStatus.ACHIEVED, closed_on=factory.LazyFunction(lambda: days_ago(1))
        )


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    pathway = factory.SubFactory(AgirPathwayFactory)
    partner = factory.SubFactory(PartnerFactory, name="Mission Locale de Paris")
    referred_on = factory.LazyAttribute(
        lambda o: o.pathway.entered_on + datetime.timedelta(days=20)
    )
    purpose = "Inscription et accompagnement vers l'emploi"
    status = ReferralStatus.PROPOSED

    class Params:
        accepted = factory.Trait(
            status=ReferralStatus.ACCEPTED,
            answered_on=factory.LazyAttribute(lambda o: o.referred_on + datetime.timedelta(days=7)),
        )
        completed = factory.Trait(
            status=ReferralStatus.COMPLETED,
            answered_on=factory.LazyAttribute(lambda o: o.referred_on + datetime.timedelta(days=7)),
            closed_on=factory.LazyAttribute(lambda o: o.referred_on + datetime.timedelta(days=30)),
        )


class HousingSolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingSolution

    pathway = factory.SubFactory(AgirPathwayFactory)
    kind = HousingKind.SOCIAL_HOUSING
    obtained_on = factory.LazyAttribute(
        lambda o: o.pathway.entered_on + datetime.timedelta(days=40)
    )


class EmploymentSolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentSolution

    pathway = factory.SubFactory(AgirPathwayFactory)
    kind = EmploymentKind.CDI
    started_on = factory.LazyAttribute(lambda o: o.pathway.entered_on + datetime.timedelta(days=50))
