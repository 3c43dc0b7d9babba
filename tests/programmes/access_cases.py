"""Access rules of the programmes' URLs: the home team works in one programme of each
scheme, the other worker in another; the direction reads, nobody else sees anything."""

import datetime

from programmes.enums import Scheme
from tests.access import LOGIN, Case, casework_read, casework_write
from tests.ftda.factories import MembershipFactory, PathwayFactory, PersonFactory
from tests.programmes.factories import (
    CollectiveActivityFactory,
    CookingEventFactory,
    DuoFactory,
    MobilityPathwayFactory,
    ParticipantFactory,
    VolunteerFactory,
    programme_structure,
)

NAMES = {
    Scheme.DUOS: ("Duos de demain Paris", "Duos de demain Lyon"),
    Scheme.CHICHE_CHEF: ("Chiche Chef Rouen", "Chiche Chef Caen"),
    Scheme.CLE_DE_FRANCE: ("Clé de France Paris", "Clé de France Créteil"),
}


def _side(world, scheme, where, team):
    structure = programme_structure(scheme, name=NAMES[scheme][where == "out"])
    for user in team:
        MembershipFactory(user=user, structure=structure, role=user.memberships.first().role)
    return structure


def extend_world(world):
    users = world.users
    home_team = [users["social_worker"], users["manager"]]
    other_team = [users["other_worker"]]
    for where, team in (("in", home_team), ("out", other_team)):
        duos = _side(world, Scheme.DUOS, where, team)
        chiche = _side(world, Scheme.CHICHE_CHEF, where, team)
        cle = _side(world, Scheme.CLE_DE_FRANCE, where, team)
        participant = ParticipantFactory(programme=duos, person=PersonFactory())
        PathwayFactory(person=participant.person, structure=duos)
        duo_person = PersonFactory(last_name="Rahimi", first_names="Sharifa")
        PathwayFactory(person=duo_person, structure=duos)
        duo = DuoFactory(programme=duos, person=duo_person, started_on=datetime.date(2024, 2, 29))
        mobility_person = PersonFactory(last_name="Touré", first_names="Sékou")
        PathwayFactory(person=mobility_person, structure=cle)
        world.objects.update(
            {
                f"duos_{where}": duos,
                f"duo_{where}": duo,
                f"participant_{where}": participant,
                f"volunteer_{where}": VolunteerFactory(programme=duos),
                f"activity_{where}": CollectiveActivityFactory(programme=duos),
                f"event_{where}": CookingEventFactory(programme=chiche),
                f"mobility_{where}": MobilityPathwayFactory(programme=cle, person=mobility_person),
            }
        )


def _pk(name):
    return (lambda world: {"pk": world.obj(f"{name}_in").pk}), (
        lambda world: {"pk": world.obj(f"{name}_out").pk}
    )


def team_list():
    """A scheme's list: its teams and the direction; others (the admin) get 404."""
    return Case(
        None,
        None,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (200, 200),
            "manager": (200, 200),
            "other_worker": (200, 200),
            "direction": (200, 200),
            "admin": (404, 404),
        },
    )


def team_create():
    """A creation form: members of a programme of the scheme; the direction does not write."""
    return Case(
        None,
        None,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (200, 200),
            "manager": (200, 200),
            "other_worker": (200, 200),
            "direction": (404, 404),
            "admin": (404, 404),
        },
    )


CASES = {
    "programmes:duo_list": team_list(),
    "programmes:duo_detail": casework_read(*_pk("duo")),
    "programmes:meeting_create": casework_write(*_pk("duo")),
    "programmes:duo_end": casework_write(*_pk("duo")),
    "programmes:volunteer_list": team_list(),
    "programmes:volunteer_create": team_create(),
    "programmes:volunteer_update": casework_write(*_pk("volunteer")),
    "programmes:participant_list": team_list(),
    "programmes:participant_create": team_create(),
    "programmes:matching": casework_write(*_pk("participant")),
    "programmes:activity_list": team_list(),
    "programmes:activity_create": team_create(),
    "programmes:activity_detail": casework_read(*_pk("activity")),
    "programmes:event_list": team_list(),
    "programmes:event_create": team_create(),
    "programmes:event_detail": casework_read(*_pk("event")),
    "programmes:event_update": casework_write(*_pk("event")),
    "programmes:mobility_list": team_list(),
    "programmes:mobility_create": team_create(),
    "programmes:mobility_detail": casework_read(*_pk("mobility")),
    "programmes:mobility_update": casework_write(*_pk("mobility")),
}
