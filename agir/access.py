"""Who does what in AGIR, on top of `ftda.access`."""

from ftda import access
from ftda.enums import StructureKind


def agir_roles(request) -> frozenset:
    """The roles the user holds today in AGIR platforms (no query of its own: read from
    the memberships `ftda.access` loads once per request)."""
    return frozenset(
        role
        for _, kind, role in access.membership_summary(request.user)
        if kind == StructureKind.AGIR
    )
