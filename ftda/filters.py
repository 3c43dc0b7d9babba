"""Filters of the core lists. Choices offered are themselves scoped to the user."""

import django_filters
from django.db.models import Exists, OuterRef

from ftda import access
from ftda.forms import StyledForm
from ftda.models import Pathway, Structure


def _structures_of(request):
    if request is None:
        return Structure.objects.none()
    return Structure.objects.for_user(request.user)


class PersonFilter(django_filters.FilterSet):
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
    tri = django_filters.OrderingFilter(
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

    def search(self, queryset, name, value):
        return queryset.search(value)

    def supported_by(self, queryset, name, structure):
        return queryset.filter(
            Exists(Pathway.objects.filter(person=OuterRef("pk"), structure=structure))
        )

    def by_status(self, queryset, name, value):
        return queryset  # "tous": the default restriction to open pathways is not applied

    @property
    def qs(self):
        queryset = super().qs
        user = self.request.user
        shows_closed = self.form.is_valid() and self.form.cleaned_data.get("statut") == "tous"
        if not shows_closed and not access.sees_all_structures(user):
            open_here = Pathway.objects.open().filter(
                person=OuterRef("pk"), structure_id__in=access.member_structure_ids(user)
            )
            queryset = queryset.filter(Exists(open_here))
        return queryset
