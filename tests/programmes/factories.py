"""Factories of the programmes, with traits; French realistic data."""

import datetime

import factory

from programmes.enums import MeetingKind, ParticipantGroup, Scheme
from programmes.models import (
    CollectiveActivity,
    CookingEvent,
    CookingParticipant,
    Duo,
    DuoMeeting,
    GroupCount,
    MobilityPathway,
    Participant,
    Programme,
    Volunteer,
)
from tests.ftda.factories import PersonFactory, StructureFactory


def programme_structure(scheme=Scheme.DUOS, **kwargs):
    names = {
        Scheme.DUOS: "Duos de demain",
        Scheme.CHICHE_CHEF: "Chiche Chef",
        Scheme.CLE_DE_FRANCE: "Clé de France",
    }
    kwargs.setdefault("name", names[scheme])
    kwargs.setdefault("departement", "75")
    kwargs.setdefault("city", "Paris")
    structure = StructureFactory(programme=True, **kwargs)
    Programme.objects.get_or_create(structure=structure, defaults={"scheme": scheme})
    return structure


class ProgrammeStructure(factory.django.DjangoModelFactory):
    """Used as a SubFactory: a Duos de demain structure."""

    class Meta:
        model = "ftda.Structure"
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    kind = "programme"
    name = "Duos de demain"
    departement = "75"
    city = "Paris"
    programme = factory.RelatedFactory(
        "tests.programmes.factories.ProgrammeFactory", factory_related_name="structure"
    )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["structure"]

    scheme = Scheme.DUOS


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    programme = factory.SubFactory(ProgrammeStructure)
    last_name = factory.Faker("last_name", locale="fr_FR")
    first_names = factory.Faker("first_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"benevole{n}@exemple.fr")
    city = "Paris"
    departement = "75"
    languages = factory.LazyFunction(lambda: ["fra", "eng"])
    interests = factory.LazyFunction(lambda: ["culture"])
    availabilities = factory.LazyFunction(lambda: ["saturday"])
    consent_given_on = datetime.date(2024, 2, 29)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    programme = factory.SubFactory(ProgrammeStructure)
    person = factory.SubFactory(PersonFactory)
    city = "Paris"
    departement = "75"
    interests = factory.LazyFunction(lambda: ["sport"])
    availabilities = factory.LazyFunction(lambda: ["sunday"])
    consent_given_on = datetime.date(2024, 2, 29)


class DuoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duo

    programme = factory.SubFactory(ProgrammeStructure)
    person = factory.SubFactory(PersonFactory)
    volunteer = factory.SubFactory(VolunteerFactory, programme=factory.SelfAttribute("..programme"))
    started_on = datetime.date(2024, 1, 31)

    class Params:
        finished = factory.Trait(status="finished", ended_on=datetime.date(2024, 7, 31))
        interrupted = factory.Trait(
            status="interrupted",
            ended_on=datetime.date(2024, 3, 15),
            end_reason="Déménagement du bénévole à Lyon",
        )


class DuoMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuoMeeting

    duo = factory.SubFactory(DuoFactory)
    occurred_on = factory.LazyAttribute(lambda o: o.duo.started_on)
    kind = MeetingKind.COFFEE


class CollectiveActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveActivity

    programme = factory.SubFactory(ProgrammeStructure)
    occurred_on = datetime.date(2024, 6, 15)
    place = "Musée de l'Histoire de l'immigration, Paris 12e"
    theme = "Visite guidée"


class CookingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CookingEvent

    programme = factory.SubFactory(
        ProgrammeStructure,
        name="Chiche Chef",
        programme__scheme=Scheme.CHICHE_CHEF,
        departement="76",
        city="Rouen",
    )
    held_on = datetime.date(2022, 10, 15)
    departement = "76"
    city = "Rouen"
    place = "Lycée hôtelier Georges-Baptiste, Canteleu"
    chef = "Gilles Tournadre"
    recipes = "Velouté de potimarron\nTajine de légumes\nCrumble aux pommes"


class GroupCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupCount

    event = factory.SubFactory(CookingEventFactory)
    group = ParticipantGroup.ASE_CHILDREN
    count = 12


class CookingParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CookingParticipant

    event = factory.SubFactory(CookingEventFactory)
    group = ParticipantGroup.REFUGEES
    first_name = "Awa"


class MobilityPathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobilityPathway

    programme = factory.SubFactory(
        ProgrammeStructure, name="Clé de France", programme__scheme=Scheme.CLE_DE_FRANCE
    )
    person = factory.SubFactory(PersonFactory)
    started_on = datetime.date(2024, 1, 8)
    destination_departement = "53"
    destination_city = "Laval"

    class Params:
        relocated = factory.Trait(status="relocated", relocated_on=datetime.date(2024, 5, 2))
