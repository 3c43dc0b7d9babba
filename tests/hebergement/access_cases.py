"""Access rules of the housing URLs (see tests/access.py)."""

import datetime

from tests.access import LOGIN, Case, anyone_logged_in, casework_read, casework_write
from tests.hebergement.factories import (
    CapacityFactory,
    OrientationFactory,
    PlaceFactory,
    StayFactory,
)


def extend_world(world):
    for side, structure, person in (
        ("in", world.home, world.obj("person_in")),
        ("out", world.other, world.obj("person_out")),
    ):
        CapacityFactory(structure=structure, valid_from=datetime.date(2017, 3, 1))
        place = PlaceFactory(unit__structure=structure)
        world.objects[f"stay_{side}"] = StayFactory(place=place, person=person)
        world.objects[f"orientation_{side}"] = OrientationFactory(
            structure=structure, person=person, accepted_trait=True
        )


def home(world):
    return {"pk": world.home.pk}


def other(world):
    return {"pk": world.other.pk}


def obj(name):
    return lambda world: {"pk": world.obj(name).pk}


MEMBERS_OF_A_HOUSING_STRUCTURE = Case(
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
    "hebergement:index": anyone_logged_in(),
    "hebergement:board": casework_read(home, other),
    "hebergement:orientation_list": anyone_logged_in(),
    "hebergement:orientation_create": MEMBERS_OF_A_HOUSING_STRUCTURE,
    "hebergement:orientation_detail": casework_read(obj("orientation_in"), obj("orientation_out")),
    "hebergement:orientation_opinion": casework_write(
        obj("orientation_in"), obj("orientation_out"), method="post"
    ),
    "hebergement:orientation_answer": casework_write(
        obj("orientation_in"), obj("orientation_out"), method="post"
    ),
    "hebergement:admission": casework_write(obj("orientation_in"), obj("orientation_out")),
    "hebergement:stay_list": anyone_logged_in(),
    "hebergement:stay_detail": casework_read(obj("stay_in"), obj("stay_out")),
    "hebergement:stay_extend": casework_write(obj("stay_in"), obj("stay_out")),
    "hebergement:stay_exit": casework_write(obj("stay_in"), obj("stay_out")),
    "hebergement:participation_create": casework_write(obj("stay_in"), obj("stay_out")),
}
