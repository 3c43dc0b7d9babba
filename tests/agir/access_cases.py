"""Access rules of the AGIR URLs. The world gets two platforms: the home team (its social
worker and manager) also works at AGIR Paris, the other worker at AGIR Manche."""

from agir.enums import ReferentRole
from tests.access import LOGIN, Case, anyone_logged_in, casework_read, casework_write, manager_only
from tests.agir.factories import (
    AgirPathwayFactory,
    GoalFactory,
    PlatformFactory,
    ReferentAssignmentFactory,
    ReferralFactory,
)
from tests.ftda.factories import MembershipFactory, PartnerFactory, PersonFactory


def extend_world(world):
    paris = PlatformFactory()
    manche = PlatformFactory(manche=True)
    MembershipFactory(structure=paris, user=world.users["social_worker"])
    MembershipFactory(structure=paris, user=world.users["manager"], manager=True)
    MembershipFactory(structure=manche, user=world.users["other_worker"])
    colleague = MembershipFactory(structure=paris).user
    inside = AgirPathwayFactory(
        platform=paris, person=PersonFactory(last_name="Rahimi", first_names="Sharifa")
    )
    outside = AgirPathwayFactory(
        platform=manche, person=PersonFactory(last_name="Warsame", first_names="Hodan")
    )
    ReferentAssignmentFactory(pathway=inside, user=world.users["social_worker"])
    ReferentAssignmentFactory(pathway=inside, user=colleague, role=ReferentRole.EMPLOYMENT_TRAINING)
    ReferentAssignmentFactory(pathway=outside, user=world.users["other_worker"])
    partner = PartnerFactory(name="Mission Locale de Paris")
    world.objects.update(
        agir_paris=paris,
        agir_manche=manche,
        agir_pathway_in=inside,
        agir_pathway_out=outside,
        agir_goal_in=GoalFactory(pathway=inside),
        agir_goal_out=GoalFactory(pathway=outside),
        agir_referral_in=ReferralFactory(pathway=inside, partner=partner),
        agir_referral_out=ReferralFactory(pathway=outside, partner=partner),
    )


def _kwargs(name, key="pk"):
    return lambda world: {key: world.obj(name).pk}


pathway_in, pathway_out = _kwargs("agir_pathway_in"), _kwargs("agir_pathway_out")


def post(inside, outside, ok=200):
    return casework_write(inside, outside, method="post", ok=ok)


CASES = {
    "agir:caseload": anyone_logged_in(),
    "agir:pathway_list": anyone_logged_in(),
    "agir:referral_list": anyone_logged_in(),
    "agir:bulk_reassign": Case(
        None,
        None,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (404, 404),
            "manager": (200, 200),
            "other_worker": (404, 404),
            "direction": (404, 404),
            "admin": (404, 404),
        },
    ),
    "agir:entry": manager_only(
        lambda w: {"person_pk": w.obj("agir_pathway_in").person_id},
        lambda w: {"person_pk": w.obj("agir_pathway_out").person_id},
        direction=404,
    ),
    "agir:pathway_detail": casework_read(pathway_in, pathway_out),
    "agir:referents": manager_only(pathway_in, pathway_out, direction=404),
    "agir:diagnostic": post(pathway_in, pathway_out),
    "agir:goal_create": post(pathway_in, pathway_out),
    "agir:referral_create": post(pathway_in, pathway_out),
    "agir:housing_create": post(pathway_in, pathway_out),
    "agir:employment_create": post(pathway_in, pathway_out),
    "agir:exit": post(pathway_in, pathway_out),
    "agir:goal_status": post(_kwargs("agir_goal_in"), _kwargs("agir_goal_out"), ok=302),
    "agir:referral_status": post(_kwargs("agir_referral_in"), _kwargs("agir_referral_out"), ok=302),
}
