"""The one mechanism that scopes reads: every `for_user(user)` of the project relies on it.

A user sees what belongs to the structures where they hold an active membership. Members of
the direction (`User.is_direction`) see every structure and person, but never follow-up
notes. Admins configure the application in the admin site and do no casework: without a
membership, they see no person. Anonymous and inactive users see nothing.
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone


def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all_structures(user) -> bool:
    return is_active_user(user) and user.is_direction


def active_memberships(user, *, roles=None):
    """Memberships of `user` in force today, optionally restricted to some roles."""
    membership = apps.get_model("ftda", "Membership")
    if not is_active_user(user):
        return membership.objects.none()
    today = timezone.localdate()
    memberships = membership.objects.filter(user=user, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships


def membership_summary(user):
    """The user's memberships in force today as `(structure_id, structure kind, role)`.

    Loaded with one query and kept on the user object, which lives for one request: the
    navigation of every app reads it on every page without a query of its own.
    """
    if not is_active_user(user):
        return ()
    cached = getattr(user, "_ftda_membership_summary", None)
    if cached is None:
        details = [f"structure__{lookup}" for lookup in STRUCTURE_DETAILS]
        rows = active_memberships(user).values_list(
            "structure_id", "structure__kind", "role", *details
        )
        cached = tuple(row[:3] for row in rows)
        user._ftda_membership_summary = cached
        user._ftda_structure_details = {
            row[0]: dict(zip(STRUCTURE_DETAILS, row[3:], strict=True)) for row in rows
        }
    return cached


# Values related to a member's structures that an app reads on every page (a programme's
# scheme for its navigation), loaded by the same query as the memberships.
STRUCTURE_DETAILS = []


def register_structure_detail(lookup):
    """Called from an app's `ready()`: `lookup` is relative to the structure."""
    if lookup not in STRUCTURE_DETAILS:
        STRUCTURE_DETAILS.append(lookup)


def member_structure_details(user, lookup) -> dict:
    """{structure id: value of `lookup`} for the structures where `user` is a member."""
    membership_summary(user)
    details = getattr(user, "_ftda_structure_details", {})
    return {structure_id: values[lookup] for structure_id, values in details.items()}


def member_structure_ids(user, *, roles=None):
    """The ids of the structures where `user` is a member today, as a list.

    Read from `membership_summary`, hence one query per request for all the scoping of a
    page: `structure_id IN (3, 7)` is also cheaper to build and to plan than the membership
    subquery it replaces, which every scoped subquery of a page used to repeat.
    """
    return [
        structure_id
        for structure_id, _, role in membership_summary(user)
        if roles is None or role in roles
    ]


def is_member(user, structure, *, roles=None) -> bool:
    structure_id = getattr(structure, "pk", structure)
    return structure_id in member_structure_ids(user, roles=roles)


def is_manager_somewhere(user) -> bool:
    from ftda.enums import MembershipRole

    return bool(member_structure_ids(user, roles=[MembershipRole.MANAGER]))
