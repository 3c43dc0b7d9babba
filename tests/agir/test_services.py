"""Services: entry (CIR rule), referents and their history, bulk reassignment, casework,
exit. Each refusal is a French ValidationError and leaves the database as it was."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agir import services
from agir.enums import EndReason, GoalStatus, ReferentRole, ReferralStatus
from agir.models import AgirPathway, Goal, HousingSolution, ReferentAssignment, Referral
from ftda.models import Pathway, Person
from tests.agir.factories import (
    AgirPathwayFactory,
    EmploymentSolutionFactory,
    HousingSolutionFactory,
    PlatformFactory,
    ReferentAssignmentFactory,
)
from tests.ftda.factories import MembershipFactory, PartnerFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
RH, ET = ReferentRole.RIGHTS_HOUSING, ReferentRole.EMPLOYMENT_TRAINING


@pytest.fixture
def team():
    platform = PlatformFactory()
    return {
        "platform": platform,
        "manager": MembershipFactory(structure=platform, manager=True).user,
        "amina": MembershipFactory(structure=platform, user__first_name="Amina").user,
        "benoit": MembershipFactory(structure=platform, user__first_name="Benoît").user,
        "chloe": MembershipFactory(structure=platform, user__first_name="Chloé").user,
    }


def enter(team, person=None, **overrides):
    values = {
        "person": person or PersonFactory(last_name="Ahmadzai", first_names="Gul Agha"),
        "platform": team["platform"],
        "ofii_oriented_on": D(2026, 3, 2),
        "cir_signed_on": D(2026, 3, 9),
        "entered_on": D(2026, 3, 16),
        "recorded_by": team["manager"],
        "rights_housing_referent": team["amina"],
        "employment_training_referent": team["benoit"],
    }
    values.update(overrides)
    return services.enter(**values)


def test_entry_is_refused_without_a_signed_cir(team):
    person = PersonFactory()
    with pytest.raises(ValidationError) as refused:
        enter(team, person, cir_signed_on=None)
    assert "contrat d'intégration républicaine" in str(refused.value)
    assert not AgirPathway.objects.exists()
    assert not Pathway.objects.filter(person=person).exists()


def test_entry_opens_the_core_pathway_and_the_pair_of_referents(team):
    pathway = enter(team)
    assert pathway.planned_end_on == D(2028, 3, 16)
    core = Pathway.objects.get(person=pathway.person, structure=team["platform"])
    assert (core.started_on, core.ended_on) == (D(2026, 3, 16), None)
    assert Person.objects.for_user(team["amina"]).filter(pk=pathway.person.pk).exists()
    current = {a.role: a.user for a in ReferentAssignment.objects.current(D(2026, 3, 16))}
    assert current == {RH: team["amina"], ET: team["benoit"]}


def test_entry_on_29_february_plans_the_end_on_28_february():
    assert services.planned_end(D(2024, 2, 29)) == D(2026, 2, 28)


def test_entry_refuses_a_pair_made_of_one_person(team):
    with pytest.raises(ValidationError, match="deux personnes différentes"):
        enter(team, employment_training_referent=team["amina"])
    assert not AgirPathway.objects.exists()


def test_entry_by_a_social_worker_or_another_platform_manager_is_refused(team):
    with pytest.raises(ValidationError, match="chef de service"):
        enter(team, recorded_by=team["amina"])
    manche_manager = MembershipFactory(structure=PlatformFactory(manche=True), manager=True).user
    with pytest.raises(ValidationError, match="chef de service"):
        enter(team, recorded_by=manche_manager)
    assert not AgirPathway.objects.exists()


def test_a_second_open_entry_is_refused_in_french(team):
    pathway = enter(team)
    with pytest.raises(ValidationError, match="déjà un parcours AGIR"):
        enter(team, pathway.person, entered_on=D(2026, 4, 1))


def test_a_referent_must_be_a_member_of_the_platform(team):
    outsider = MembershipFactory(structure=PlatformFactory(manche=True)).user
    with pytest.raises(ValidationError, match="n'est pas membre de la plateforme"):
        enter(team, rights_housing_referent=outsider)
    former = MembershipFactory(structure=team["platform"], ended=True).user
    with pytest.raises(ValidationError, match="n'est pas membre de la plateforme"):
        enter(team, rights_housing_referent=former)


def test_reassignment_keeps_the_history(team):
    pathway = enter(team)
    services.assign_referents(
        pathway=pathway,
        on=D(2026, 6, 1),
        assigned_by=team["manager"],
        referents={RH: team["chloe"]},
    )
    history = list(
        ReferentAssignment.objects.filter(pathway=pathway, role=RH).order_by("started_on")
    )
    assert [(a.user, a.started_on, a.ended_on) for a in history] == [
        (team["amina"], D(2026, 3, 16), D(2026, 6, 1)),
        (team["chloe"], D(2026, 6, 1), None),
    ]
    # Who was referent when: on 31 May Amina, on 1 June Chloé.
    assert ReferentAssignment.objects.current(D(2026, 5, 31)).get(role=RH).user == team["amina"]
    assert ReferentAssignment.objects.current(D(2026, 6, 1)).get(role=RH).user == team["chloe"]


def test_the_two_referents_can_be_swapped(team):
    pathway = enter(team)
    services.assign_referents(
        pathway=pathway,
        on=D(2026, 6, 1),
        assigned_by=team["manager"],
        referents={RH: team["benoit"], ET: team["amina"]},
    )
    current = {a.role: a.user for a in ReferentAssignment.objects.current(D(2026, 6, 1))}
    assert current == {RH: team["benoit"], ET: team["amina"]}


def test_the_other_referent_cannot_take_both_roles(team):
    pathway = enter(team)
    with pytest.raises(ValidationError, match="deux personnes différentes"):
        services.assign_referents(
            pathway=pathway,
            on=D(2026, 6, 1),
            assigned_by=team["manager"],
            referents={RH: team["benoit"]},
        )
    assert ReferentAssignment.objects.filter(pathway=pathway, ended_on__isnull=False).count() == 0


def test_bulk_reassignment_hands_over_the_whole_caseload(team):
    pathways = [enter(team, PersonFactory(last_name=f"Touré{i}")) for i in range(3)]
    manche = PlatformFactory(manche=True)
    elsewhere = ReferentAssignmentFactory(pathway=AgirPathwayFactory(platform=manche))
    MembershipFactory(structure=manche, user=team["amina"])
    ReferentAssignment.objects.filter(pk=elsewhere.pk).update(user=team["amina"])
    closed = AgirPathwayFactory(platform=team["platform"], closed=True)
    ReferentAssignmentFactory(pathway=closed, user=team["amina"])

    moved = services.reassign_caseload(
        platform=team["platform"],
        leaving=team["amina"],
        replacement=team["chloe"],
        on=D(2026, 9, 1),
        assigned_by=team["manager"],
    )
    assert moved == 3
    for pathway in pathways:
        history = ReferentAssignment.objects.filter(pathway=pathway, role=RH).order_by("started_on")
        assert [(a.user, a.ended_on) for a in history] == [
            (team["amina"], D(2026, 9, 1)),
            (team["chloe"], None),
        ]
    # Another platform's and a closed pathway's assignments are untouched.
    assert ReferentAssignment.objects.get(pk=elsewhere.pk).ended_on is None
    assert ReferentAssignment.objects.get(pathway=closed).ended_on is None


def test_bulk_reassignment_is_all_or_nothing(team):
    enter(team, PersonFactory(last_name="Sissoko", first_names="Hawa"))
    enter(
        team,
        PersonFactory(last_name="Ouédraogo", first_names="Issouf"),
        employment_training_referent=team["chloe"],
    )
    before = list(ReferentAssignment.objects.values_list("pk", "user", "ended_on"))
    with pytest.raises(ValidationError, match="OUÉDRAOGO Issouf"):
        services.reassign_caseload(
            platform=team["platform"],
            leaving=team["amina"],
            replacement=team["chloe"],
            on=D(2026, 9, 1),
            assigned_by=team["manager"],
        )
    assert list(ReferentAssignment.objects.values_list("pk", "user", "ended_on")) == before


def test_goals_and_referrals_move_through_their_statuses(team):
    pathway = enter(team)
    goal = services.add_goal(
        goal=Goal(
            pathway=pathway, domain="housing", title="Dépôt de la demande de logement social"
        ),
        author=team["amina"],
    )
    services.set_goal_status(
        goal=goal, status=GoalStatus.ACHIEVED, on=D(2026, 5, 4), author=team["amina"]
    )
    assert (goal.status, goal.closed_on) == (GoalStatus.ACHIEVED, D(2026, 5, 4))
    referral = services.add_referral(
        referral=Referral(
            pathway=pathway,
            partner=PartnerFactory(name="EPEC"),
            referred_on=D(2026, 4, 2),
            purpose="Atelier CV",
        ),
        author=team["benoit"],
    )
    services.set_referral_status(
        referral=referral, status=ReferralStatus.ACCEPTED, on=D(2026, 4, 9), author=team["benoit"]
    )
    services.set_referral_status(
        referral=referral, status=ReferralStatus.COMPLETED, on=D(2026, 5, 9), author=team["benoit"]
    )
    referral.refresh_from_db()
    assert (referral.answered_on, referral.closed_on) == (D(2026, 4, 9), D(2026, 5, 9))
    with pytest.raises(ValidationError, match="précéder l'orientation"):
        services.set_referral_status(
            referral=referral,
            status=ReferralStatus.REFUSED,
            on=D(2026, 3, 1),
            author=team["benoit"],
        )


def test_casework_by_another_platform_is_refused(team):
    pathway = enter(team)
    outsider = MembershipFactory(structure=PlatformFactory(manche=True)).user
    with pytest.raises(ValidationError, match="pas membre"):
        services.add_housing_solution(
            solution=HousingSolution(
                pathway=pathway, kind="social_housing", obtained_on=D(2026, 5, 1)
            ),
            author=outsider,
        )
    assert not HousingSolution.objects.exists()


def test_exit_closes_the_core_pathway(team):
    pathway = enter(team)
    services.exit_pathway(
        pathway=pathway, ended_on=D(2026, 10, 1), reason=EndReason.MOVED, closed_by=team["amina"]
    )
    core = Pathway.objects.get(person=pathway.person, structure=team["platform"])
    assert core.ended_on == D(2026, 10, 1)
    # The pair stays referent through the exit day, not after; the history is kept.
    assert ReferentAssignment.objects.current(D(2026, 10, 1)).filter(pathway=pathway).count() == 2
    assert not ReferentAssignment.objects.current(D(2026, 10, 2)).filter(pathway=pathway).exists()
    with pytest.raises(ValidationError, match="terminé"):
        services.add_goal(
            goal=Goal(pathway=pathway, domain="rights", title="Renouveler le titre"),
            author=team["amina"],
        )


def test_exit_with_both_solutions_needs_them(team):
    pathway = enter(team)
    with pytest.raises(ValidationError, match="solution logement"):
        services.exit_pathway(
            pathway=pathway,
            ended_on=D(2026, 10, 1),
            reason=EndReason.BOTH_SOLUTIONS,
            closed_by=team["amina"],
        )
    HousingSolutionFactory(pathway=pathway, obtained_on=D(2026, 7, 1))
    EmploymentSolutionFactory(pathway=pathway, started_on=D(2026, 8, 1))
    services.exit_pathway(
        pathway=pathway,
        ended_on=D(2026, 10, 1),
        reason=EndReason.BOTH_SOLUTIONS,
        closed_by=team["amina"],
    )


def test_exit_after_24_months_is_refused_even_from_29_february(team):
    platform = team["platform"]
    pathway = AgirPathwayFactory(platform=platform, entered_on=D(2024, 2, 29))
    assert pathway.planned_end_on == D(2026, 2, 28)
    with pytest.raises(ValidationError, match="24 mois"):
        services.exit_pathway(
            pathway=pathway,
            ended_on=D(2026, 3, 1),
            reason=EndReason.TIME_LIMIT,
            closed_by=team["amina"],
        )
    pathway.refresh_from_db()
    assert pathway.ended_on is None
    services.exit_pathway(
        pathway=pathway,
        ended_on=D(2026, 2, 28),
        reason=EndReason.TIME_LIMIT,
        closed_by=team["amina"],
    )


def test_an_exit_in_the_future_is_refused(team):
    pathway = enter(team)
    with pytest.raises(ValidationError, match="futur"):
        services.exit_pathway(
            pathway=pathway,
            ended_on=datetime.date.today() + datetime.timedelta(days=3),
            reason=EndReason.MOVED,
            closed_by=team["amina"],
        )
