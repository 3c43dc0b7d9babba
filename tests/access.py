"""Declarations for the URL × role test (tests/test_url_access.py).

Every named URL pattern of the project must have a `Case` in some app's
`tests/<app>/access_cases.py` (`CASES = {"namespace:name": Case(...)}`); otherwise the test
fails, so that a view added without an access rule cannot land.

A case gives the URL kwargs of an object inside the home structure's scope and of one
outside it, and the status each role gets on each. Redirects to the login page are written
`LOGIN`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"


@dataclass
class Case:
    # world -> URL kwargs of an object the home structure's members may see (None: no kwargs)
    inside: Callable | None
    outside: Callable | None
    # role -> (status inside, status outside)
    expect: dict
    method: str = "get"
    data: Callable | None = field(default=None)


def casework_read(inside=None, outside=None, *, direction=200):
    """A page showing casework: members of the structure read it, others get 404."""
    return Case(
        inside,
        outside,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (200, 404),
            "manager": (200, 404),
            "other_worker": (404, 200),
            "direction": (direction, direction),
            "admin": (404, 404),
        },
    )


def casework_write(inside=None, outside=None, *, method="get", ok=200, data=None):
    """A page writing casework: members of the structure only; direction reads, not writes."""
    return Case(
        inside,
        outside,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (ok, 404),
            "manager": (ok, 404),
            "other_worker": (404, ok),
            "direction": (404, 404),
            "admin": (404, 404),
        },
        method=method,
        data=data,
    )


def manager_only(inside=None, outside=None, *, method="get", ok=200, direction=200, data=None):
    """Managers of the structure (and the direction, read-only) only."""
    return Case(
        inside,
        outside,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (404, 404),
            "manager": (ok, 404),
            "other_worker": (404, 404),
            "direction": (direction, direction),
            "admin": (404, 404),
        },
        method=method,
        data=data,
    )


def anyone_logged_in(*, ok=200, admin=None, direction=None):
    """A page without object, open to every logged-in user (its content is scoped)."""
    return Case(
        None,
        None,
        {
            "anonymous": (LOGIN, LOGIN),
            "social_worker": (ok, ok),
            "manager": (ok, ok),
            "other_worker": (ok, ok),
            "direction": (direction or ok, direction or ok),
            "admin": (admin or ok, admin or ok),
        },
    )


ROLES_ORDER = ["anonymous", "social_worker", "manager", "other_worker", "direction", "admin"]


def public(*, ok=200):
    return Case(None, None, dict.fromkeys(ROLES_ORDER, (ok, ok)))
