"""A small world shared by access tests: a home structure and another one, one user per
role, and for each kind of object one record inside the home scope and one outside.

Apps add their own objects through `extend_world(world)` in `tests/<app>/access_cases.py`.
"""

from dataclasses import dataclass, field

from tests.ftda.factories import (
    FollowUpFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    StructureFactory,
    UserFactory,
)

ROLES = ["anonymous", "social_worker", "manager", "other_worker", "direction", "admin"]


@dataclass
class World:
    home: object
    other: object
    users: dict
    objects: dict = field(default_factory=dict)

    def obj(self, name):
        return self.objects[name]


def build_world():
    home = StructureFactory(name="CPH Angers", departement="49", city="Angers")
    other = StructureFactory(name="CPH Rouen", departement="76", city="Rouen")
    social_worker = MembershipFactory(structure=home).user
    manager = MembershipFactory(structure=home, manager=True).user
    other_worker = MembershipFactory(structure=other).user
    users = {
        "anonymous": None,
        "social_worker": social_worker,
        "manager": manager,
        "other_worker": other_worker,
        "direction": UserFactory(direction=True),
        "admin": UserFactory(admin=True),
    }
    person_in = PersonFactory(last_name="Haidari", first_names="Mohammed")
    PathwayFactory(person=person_in, structure=home)
    person_out = PersonFactory(last_name="Tesfay", first_names="Mehret")
    PathwayFactory(person=person_out, structure=other)
    world = World(home=home, other=other, users=users)
    world.objects.update(
        person_in=person_in,
        person_out=person_out,
        follow_up_in=FollowUpFactory(person=person_in, structure=home, author=social_worker),
        follow_up_out=FollowUpFactory(person=person_out, structure=other, author=other_worker),
    )
    return world
