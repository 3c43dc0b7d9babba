"""Who does what in AGIR, on top of `ftda.access`."""

from ftda import access
from ftda.enums import StructureKind


def agir_roles(request) -> frozenset:
    """The roles the user holds today in AGIR platforms: one query, once per request."""
    cached = getattr(request, "_agir_roles", None)
    if cached is None:
        cached = frozenset(
            access.active_memberships(request.user)
            .filter(structure__kind=StructureKind.AGIR)
            .values_list("role", flat=True)
        )
        request._agir_roles = cached
    return cached
