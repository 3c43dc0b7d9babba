"""What a user may report on: managers their structures, the direction everything.

A scope is chosen by a key: `structure:<id>` (one structure, programmes included),
`housing` (every CPH and assimilated scheme), `agir` (every AGIR platform), `programmes`
(every programme) or `all` (the whole direction, or all of a manager's structures). Keys
resolve to structures within what the user may report on, never beyond.
"""

from dataclasses import dataclass

from ftda import access
from ftda.enums import HOUSING_KINDS, MembershipRole, StructureKind
from ftda.indicators import Scope
from ftda.models import Structure

GROUPS = {
    "housing": ("Ensemble des CPH et dispositifs assimilés", HOUSING_KINDS),
    "agir": ("Ensemble des plateformes AGIR", (StructureKind.AGIR,)),
    "programmes": ("Ensemble des programmes", (StructureKind.PROGRAMME,)),
}


def reportable_structures(user):
    """Structures whose activity report `user` may read, generate and download."""
    if access.sees_all_structures(user):
        return Structure.objects.all()
    return Structure.objects.where_member(user, roles=[MembershipRole.MANAGER])


def may_report(user) -> bool:
    return reportable_structures(user).exists()


def may_report_on(user, structure_ids) -> bool:
    """True when every structure of `structure_ids` is within the user's reportable ones."""
    wanted = set(structure_ids)
    if not wanted:
        return False
    allowed = set(reportable_structures(user).filter(pk__in=wanted).values_list("pk", flat=True))
    return wanted <= allowed


@dataclass(frozen=True)
class ScopeChoice:
    key: str
    label: str
    structures: tuple

    @property
    def consolidated(self) -> bool:
        return not self.key.startswith("structure:")

    def scope(self) -> Scope:
        return Scope.of(self.structures, self.label)


def scope_choices(user) -> list[ScopeChoice]:
    """The scopes offered to `user`, groups first, then one per structure."""
    structures = list(reportable_structures(user).order_by("kind", "name"))
    if not structures:
        return []
    direction = access.sees_all_structures(user)
    choices = []
    if direction or len(structures) > 1:
        label = "Direction de l'intégration (toutes les structures)"
        if not direction:
            label = "Toutes mes structures"
        choices.append(ScopeChoice("all", label, tuple(structures)))
    for key, (label, kinds) in GROUPS.items():
        members = tuple(s for s in structures if s.kind in kinds)
        if members and (direction or len(members) > 1):
            choices.append(ScopeChoice(key, label, members))
    choices.extend(ScopeChoice(f"structure:{s.pk}", s.name, (s,)) for s in structures)
    return choices


def resolve(user, key) -> ScopeChoice | None:
    return next((choice for choice in scope_choices(user) if choice.key == key), None)
