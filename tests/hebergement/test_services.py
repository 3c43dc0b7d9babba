"""The admission path through the services: pathways follow, errors come back in French."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ftda.models import Pathway
from hebergement import services
from hebergement.enums import DecisionKind, EmploymentSituation, ExitOutcome, Opinion
from hebergement.models import Capacity, Orientation, Stay
from tests.ftda.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    PersonFactory,
    StructureFactory,
)
from tests.hebergement.factories import PlaceFactory, StayFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def haidari():
    household = HouseholdFactory(label="Ménage HAIDARI")
    father = PersonFactory(last_name="Haidari", first_names="Mohammed", birth_date=D(1991, 3, 14))
    mother = PersonFactory(last_name="Haidari", first_names="Zahra", birth_date=D(1994, 7, 2))
    boy = PersonFactory(last_name="Haidari", first_names="Ali", birth_date=D(2016, 2, 29))
    baby = PersonFactory(last_name="Haidari", first_names="Fatemeh", birth_date=D(2023, 11, 30))
    for person, relationship in [
        (father, "head"),
        (mother, "spouse"),
        (boy, "child"),
        (baby, "child"),
    ]:
        HouseholdMemberFactory(household=household, person=person, relationship=relationship)
    return household, father, mother, boy, baby


def open_pathway_of(person, structure):
    return Pathway.objects.filter(person=person, structure=structure, ended_on=None).first()


def test_whole_admission_path_keeps_the_pathways_in_step(haidari):
    household, father, mother, boy, baby = haidari
    membership = MembershipFactory(structure=StructureFactory(name="CPH Angers"))
    angers, worker = membership.structure, membership.user
    places = [PlaceFactory(unit__structure=angers) for _ in range(3)]

    orientation = services.receive_orientation(
        orientation=Orientation(
            structure=angers, person=father, received_on=D(2024, 1, 8), origin="cada"
        ),
        user=worker,
    )
    assert orientation.household == household and orientation.persons_count == 4
    assert open_pathway_of(father, angers).started_on == D(2024, 1, 8)

    services.give_opinion(
        orientation=orientation, opinion=Opinion.FAVOURABLE, opinion_on=D(2024, 1, 10), user=worker
    )
    services.record_answer(
        orientation=orientation,
        accepted=True,
        answered_on=D(2024, 1, 12),
        planned_arrival_on=D(2024, 2, 29),
        user=worker,
    )
    stays = services.admit_household(
        structure=angers,
        orientation=orientation,
        arrived_on=D(2024, 2, 29),
        contract_signed_on=D(2024, 2, 29),
        user=worker,
        members=[
            services.Admission(father, places[0]),
            services.Admission(mother, places[1]),
            services.Admission(boy, places[2]),
            services.Admission(baby, shares_with=mother),
        ],
    )
    assert len(stays) == 4
    baby_stay = Stay.objects.get(person=baby)
    assert baby_stay.place is None and baby_stay.shares_place_of.person == mother
    # 9 months after 29 February 2024: 29 November 2024.
    assert {s.planned_end_on for s in stays} == {D(2024, 11, 29)}
    assert all(open_pathway_of(p, angers) for p in (father, mother, boy, baby))

    services.extend_stays(stays=stays, decided_on=D(2024, 11, 2), user=worker)
    assert set(Stay.objects.values_list("planned_end_on", flat=True)) == {D(2025, 2, 28)}

    # The mother's exit takes the baby with her; their support ends.
    services.record_exit(
        stays=[Stay.objects.get(person=mother)],
        exited_on=D(2025, 1, 15),
        outcome=ExitOutcome.SOCIAL_HOUSING,
        employment_at_exit=EmploymentSituation.TRAINING,
        user=worker,
    )
    baby_stay.refresh_from_db()
    assert baby_stay.exited_on == D(2025, 1, 15)
    assert open_pathway_of(baby, angers) is None and open_pathway_of(mother, angers) is None
    assert open_pathway_of(father, angers) is not None


def test_an_unfavourable_opinion_needs_a_reason_and_ends_the_support():
    membership = MembershipFactory()
    person = PersonFactory()
    orientation = services.receive_orientation(
        orientation=Orientation(
            structure=membership.structure, person=person, received_on=D(2024, 3, 1), origin="hotel"
        ),
        user=membership.user,
    )
    with pytest.raises(ValidationError, match="motivé"):
        services.give_opinion(
            orientation=orientation,
            opinion=Opinion.UNFAVOURABLE,
            opinion_on=D(2024, 3, 4),
            user=membership.user,
        )
    services.give_opinion(
        orientation=orientation,
        opinion=Opinion.UNFAVOURABLE,
        opinion_on=D(2024, 3, 4),
        reason="Composition familiale incompatible avec les logements disponibles",
        user=membership.user,
    )
    assert Pathway.objects.get(person=person).ended_on == D(2024, 3, 4)


def test_only_an_infant_under_three_may_share_a_place(haidari):
    _, _, mother, boy, _ = haidari
    membership = MembershipFactory()
    place = PlaceFactory(unit__structure=membership.structure)
    with pytest.raises(ValidationError, match="moins de 3 ans"):
        services.admit_household(
            structure=membership.structure,
            arrived_on=D(2024, 2, 29),
            user=membership.user,
            members=[
                services.Admission(mother, place),
                services.Admission(boy, shares_with=mother),
            ],
        )
    assert not Stay.objects.exists()


def test_a_taken_place_is_refused_in_french_and_nothing_is_written(haidari):
    _, father, mother, *_ = haidari
    membership = MembershipFactory()
    taken = PlaceFactory(unit__structure=membership.structure)
    StayFactory(place=taken, arrived_on=D(2024, 1, 1))
    free = PlaceFactory(unit__structure=membership.structure)
    with pytest.raises(ValidationError) as error:
        services.admit_household(
            structure=membership.structure,
            arrived_on=D(2024, 2, 1),
            user=membership.user,
            members=[services.Admission(father, free), services.Admission(mother, taken)],
        )
    assert "Cette place est déjà occupée pendant cette période." in str(error.value)
    assert Stay.objects.count() == 1
    assert not Pathway.objects.filter(person=father).exists()


def test_a_place_of_another_structure_is_refused(haidari):
    _, father, *_ = haidari
    membership = MembershipFactory()
    with pytest.raises(ValidationError, match="autre structure"):
        services.admit_household(
            structure=membership.structure,
            arrived_on=D(2024, 2, 1),
            user=membership.user,
            members=[services.Admission(father, PlaceFactory())],
        )


def test_a_non_member_cannot_admit(haidari):
    _, father, *_ = haidari
    place = PlaceFactory()
    with pytest.raises(ValidationError, match="pas membre"):
        services.admit_household(
            structure=place.unit.structure,
            arrived_on=D(2024, 2, 1),
            user=MembershipFactory().user,
            members=[services.Admission(father, place)],
        )


def test_new_capacity_closes_the_previous_period():
    structure = StructureFactory(name="CPH Angers")
    services.set_capacity(
        structure=structure,
        places=60,
        valid_from=D(2017, 3, 1),
        decision_kind=DecisionKind.CREATION,
    )
    services.set_capacity(
        structure=structure,
        places=77,
        valid_from=D(2018, 1, 1),
        decision_kind=DecisionKind.EXTENSION,
    )
    assert list(Capacity.objects.values_list("places", "valid_from", "valid_until")) == [
        (60, D(2017, 3, 1), D(2017, 12, 31)),
        (77, D(2018, 1, 1), None),
    ]
    with pytest.raises(ValidationError, match="chevauche"):
        services.set_capacity(
            structure=structure,
            places=70,
            valid_from=D(2017, 6, 1),
            decision_kind="reduction",
            valid_until=D(2017, 8, 1),
        )


def test_integrity_errors_are_translated():
    error = IntegrityError(
        'conflicting key value violates exclusion constraint "one_stay_per_person_at_a_time"'
    )
    assert services.as_validation_error(error).messages == [
        "Cette personne a déjà un séjour en cours pendant cette période."
    ]
