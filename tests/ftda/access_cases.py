from tests.access import (
    LOGIN,
    ROLES_ORDER,
    Case,
    anyone_logged_in,
    casework_read,
    casework_write,
    manager_only,
    public,
)


def person_in(world):
    return {"pk": world.obj("person_in").pk}


def person_out(world):
    return {"pk": world.obj("person_out").pk}


def extend_world(world):
    """The core objects are built by tests.world itself."""


CASES = {
    "home": Case(
        None,
        None,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (302, 302),
            "manager": (302, 302),
            "other_worker": (302, 302),
            "direction": (302, 302),
            "admin": (302, 302),
        },
    ),
    "login": public(),
    "logout": Case(
        None,
        None,
        dict.fromkeys(ROLES_ORDER, (405, 405)) | {"anonymous": (LOGIN, LOGIN)},
    ),
    # Second factor: those who need it have a verified device in these tests (tests/otp.py);
    # social workers have none, so the code page sends them to the (optional) enrolment.
    "second_factor_verify": Case(
        None,
        None,
        {"anonymous": (LOGIN, LOGIN)}
        | dict.fromkeys(["social_worker", "other_worker"], (302, 302))
        | dict.fromkeys(["manager", "direction", "admin"], (200, 200)),
    ),
    "second_factor_setup": Case(
        None,
        None,
        {"anonymous": (LOGIN, LOGIN)}
        | dict.fromkeys(["social_worker", "other_worker"], (200, 200))
        | dict.fromkeys(["manager", "direction", "admin"], (302, 302)),
    ),
    "ftda:caseload": anyone_logged_in(),
    "ftda:person_create": Case(
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
    ),
    "ftda:person_detail": casework_read(person_in, person_out),
    "ftda:person_update": casework_write(person_in, person_out),
    "ftda:follow_up_create": casework_write(person_in, person_out, method="post"),
    # Right of access: the managers of a structure supporting the person only.
    "ftda:person_data": manager_only(person_in, person_out, direction=404),
}
