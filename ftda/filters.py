"""Filters of the core lists. Choices offered are themselves scoped to the user."""

import django_filters
from django.db.models import Exists, OuterRef

from ftda import access
from ftda.forms import StyledForm, offer_choices
from ftda.models import Pathway, Structure


def _structures_of(request):
    if request is None:
        return Structure.objects.none()
    return Structure.objects.for_user(request.user)


def offer_member_structures(field, request, kinds=None):
    """A structure filter's options for a member (optionally of some kinds), from the
    memberships loaded once per request (`access.member_structure_details`: their names):
    no query. Its queryset, the same structures, still validates what is submitted. The
    direction's options, every structure, come from the queryset."""
    if request is None or access.sees_all_structures(request.user):
        return
    user = request.user
    kind_of = {structure_id: kind for structure_id, kind, _ in access.membership_summary(user)}
    names = access.member_structure_details(user, "name")
    offered = sorted(
        (name, structure_id)
        for structure_id, name in names.items()
        if kinds is None or kind_of[structure_id] in kinds
    )
    offer_choices(field, [(structure_id, name) for name, structure_id in offered])


class MemberStructuresMixin:
    """A FilterSet whose `structure` filter offers the member's structures without a query
    (`offer_member_structures`), of `structure_kinds` only when set."""

    structure_kinds = None

    @property
    def form(self):
        # When the form is first built, after every `__init__` has adjusted the filters.
        form = super().form
        if not getattr(form, "member_structures_offered", False):
            offer_member_structures(form.fields["structure"], self.request, self.structure_kinds)
            form.member_structures_offered = True
        return form


class NameTieOrderingFilter(django_filters.OrderingFilter):
    """Ties (same last contact, same birth date) broken by name then id, so that the pages of
    a sorted list neither repeat nor skip anyone."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "last_name", "first_names", "pk")
        return qs


class PersonFilter(MemberStructuresMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Rechercher une personne (nom, prénom)", method="search", max_length=100
    )
    structure = django_filters.ModelChoiceFilter(
        label="Structure", queryset=_structures_of, method="supported_by", empty_label="Toutes"
    )
    statut = django_filters.ChoiceFilter(
        label="Accompagnements",
        choices=[("tous", "Tous, terminés compris")],
        empty_label="En cours",
        method="by_status",
    )
    tri = NameTieOrderingFilter(
        label="Trier par",
        empty_label="Pertinence puis nom",
        fields=(("last_name", "nom"), ("birth_date", "naissance"), ("last_contact_on", "contact")),
        field_labels={
            "nom": "Nom",
            "-nom": "Nom (Z → A)",
            "naissance": "Date de naissance",
            "-naissance": "Date de naissance (récentes d'abord)",
            "contact": "Dernier contact (anciens d'abord)",
            "-contact": "Dernier contact (récents d'abord)",
        },
    )

    class Meta:
        form = StyledForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None and not access.member_structure_ids(self.request.user):
            # No membership, no follow-up to read (need to know): the last contact is empty
            # for every person, and sorting the whole directory on it would only cost time.
            tri = self.filters["tri"]
            tri.extra["choices"] = [
                (value, label) for value, label in tri.extra["choices"] if "contact" not in value
            ]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def supported_by(self, queryset, name, structure):
        return queryset.filter(
            Exists(Pathway.objects.filter(person=OuterRef("pk"), structure=structure))
        )

    def by_status(self, queryset, name, value):
        return queryset  # applied by the view's scope: see `shows_closed`

    @staticmethod
    def shows_closed(data):
        """Whether the list asks for ended pathways too (`statut=tous`, its only choice).

        Without it the caseload lists the persons whose pathway in the user's structures is
        open: the view asks `Person.objects.for_user(user, open_only=True)` for them, one
        scope condition instead of two."""
        return data.get("statut") == "tous"
