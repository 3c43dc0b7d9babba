"""Factories of the core app, with traits for the usual roles and kinds."""

import datetime

import factory
from django.utils import timezone

from ftda.enums import FollowUpKind, FollowUpTopic, MembershipRole, PartnerKind, StructureKind
from ftda.models import (
    Agreement,
    FollowUp,
    Household,
    HouseholdMember,
    ImportJob,
    Membership,
    Partner,
    Pathway,
    Person,
    Structure,
    User,
)

PASSWORD = "Mot-de-passe-de-test-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        direction = factory.Trait(is_direction=True)
        admin = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure
        django_get_or_create = ["name"]

    kind = StructureKind.CPH
    name = factory.Sequence(lambda n: f"CPH Test {n}")
    departement = "49"
    city = "Angers"
    opened_on = datetime.date(2017, 3, 1)

    class Params:
        agir = factory.Trait(kind=StructureKind.AGIR, name=factory.Sequence(lambda n: f"AGIR {n}"))
        programme = factory.Trait(
            kind=StructureKind.PROGRAMME, name=factory.Sequence(lambda n: f"Programme {n}")
        )
        assimilated = factory.Trait(kind=StructureKind.ASSIMILATED_HOUSING)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)
    role = MembershipRole.SOCIAL_WORKER
    started_on = datetime.date(2020, 1, 1)

    class Params:
        manager = factory.Trait(role=MembershipRole.MANAGER)
        ended = factory.Trait(ended_on=datetime.date(2021, 1, 1))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    last_name = factory.Faker("last_name", locale="fr_FR")
    first_names = factory.Faker("first_name", locale="fr_FR")
    birth_date = factory.Faker("date_of_birth", minimum_age=18, maximum_age=70)
    sex = "F"
    nationality = "AF"
    languages = factory.LazyFunction(lambda: ["prs"])

    class Params:
        child = factory.Trait(
            birth_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=365 * 6)
            )
        )


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway

    person = factory.SubFactory(PersonFactory)
    structure = factory.SubFactory(StructureFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))

    class Params:
        closed = factory.Trait(
            ended_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
        )


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    person = factory.SubFactory(PersonFactory)
    structure = factory.SubFactory(StructureFactory)
    author = factory.SubFactory(UserFactory)
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    kind = FollowUpKind.INTERVIEW
    topics = factory.LazyFunction(lambda: [FollowUpTopic.HOUSING])
    note = "Entretien de suivi."


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    label = factory.Sequence(lambda n: f"Ménage {n}")


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = "head"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = PartnerKind.ASSOCIATION
    departement = "75"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    structure = factory.SubFactory(StructureFactory)
    title = "Convention de partenariat"
    starts_on = datetime.date(2024, 1, 1)


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A background import of current stays, under way."""

    class Meta:
        model = ImportJob

    created_by = factory.SubFactory(UserFactory, admin=True)
    model_label = "hebergement.stay"
    resource = "hebergement.resources.CurrentStayResource"
    file_format = "csv"
    file_name = factory.Sequence(lambda n: f"{n:032x}")
    original_file_name = "sejours.csv"
    url = "/admin/hebergement/stay/process_import/"
    total_rows = 10
    status = ImportJob.Status.RUNNING
