"""Filters of the housing lists. Choices are scoped to the user.

The stays list is also the drill-down target of the figures (`hebergement.indicators`): each
figure links here with the same filters (structures, period of presence, of arrival, of exit,
outcome, extension), so that the list shows exactly the records behind the number.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ftda.enums import HOUSING_KINDS
from ftda.filters import MemberStructuresMixin, _structures_of
from ftda.forms import DateInput, StyledForm
from ftda.models import Person
from hebergement.enums import AUTONOMOUS_HOUSING_OUTCOMES, ExitOutcome, Opinion
from hebergement.models import Stay, StayExtension


def _housing_structures_of(request):
    return _structures_of(request).housing()


def date_filter(label, method):
    return django_filters.DateFilter(label=label, method=method, widget=DateInput())


class StayFilter(MemberStructuresMixin, django_filters.FilterSet):
    structure_kinds = HOUSING_KINDS

    q = django_filters.CharFilter(label="Nom", method="search", max_length=100)
    structure = django_filters.ModelMultipleChoiceFilter(
        label="Structures", queryset=_housing_structures_of
    )
    statut = django_filters.ChoiceFilter(
        label="Séjours",
        choices=[("en_cours", "En cours aujourd'hui"), ("sortis", "Terminés")],
        empty_label="Tous",
        method="by_status",
    )
    present_du = date_filter("Présents du", "present_from")
    present_au = date_filter("Présents au", "present_until")
    arrivee_du = date_filter("Arrivés du", "arrived_from")
    arrivee_au = date_filter("Arrivés au", "arrived_until")
    sortie_du = date_filter("Sortis du", "exited_from")
    sortie_au = date_filter("Sortis au", "exited_until")
    solution = django_filters.MultipleChoiceFilter(
        label="Solution de sortie", field_name="exit_outcome", choices=ExitOutcome.choices
    )
    logement_autonome = django_filters.BooleanFilter(
        label="Sortie vers un logement autonome", method="autonomous"
    )
    prolonge_du = date_filter("Prolongés du", "extended_from")
    prolonge_au = date_filter("Prolongés au", "extended_until")
    tri = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Arrivée (récentes d'abord)",
        fields=(
            ("person__last_name", "nom"),
            ("arrived_on", "arrivee"),
            ("planned_end_on", "fin_prevue"),
            ("exited_on", "sortie"),
        ),
        field_labels={
            "nom": "Nom",
            "-nom": "Nom (Z → A)",
            "arrivee": "Arrivée (anciennes d'abord)",
            "-arrivee": "Arrivée (récentes d'abord)",
            "fin_prevue": "Fin prévue (proches d'abord)",
            "-fin_prevue": "Fin prévue (lointaines d'abord)",
            "sortie": "Sortie (anciennes d'abord)",
            "-sortie": "Sortie (récentes d'abord)",
        },
    )

    class Meta:
        form = StyledForm

    def search(self, queryset, name, value):
        return queryset.filter(person__in=Person.objects.search(value).values("pk"))

    def by_status(self, queryset, name, value):
        if value == "en_cours":
            return queryset.current(timezone.localdate())
        return queryset.filter(exited_on__isnull=False)

    def present_from(self, queryset, name, value):
        return queryset.filter(Q(exited_on__isnull=True) | Q(exited_on__gt=value))

    def present_until(self, queryset, name, value):
        return queryset.filter(arrived_on__lte=value)

    def arrived_from(self, queryset, name, value):
        return queryset.filter(arrived_on__gte=value)

    def arrived_until(self, queryset, name, value):
        return queryset.filter(arrived_on__lte=value)

    def exited_from(self, queryset, name, value):
        return queryset.filter(exited_on__gte=value)

    def exited_until(self, queryset, name, value):
        return queryset.filter(exited_on__lte=value)

    def autonomous(self, queryset, name, value):
        condition = Q(exit_outcome__in=AUTONOMOUS_HOUSING_OUTCOMES)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def extended_from(self, queryset, name, value):
        return queryset.filter(
            Exists(StayExtension.objects.filter(stay=OuterRef("pk"), decided_on__gte=value))
        )

    def extended_until(self, queryset, name, value):
        return queryset.filter(
            Exists(StayExtension.objects.filter(stay=OuterRef("pk"), decided_on__lte=value))
        )


class OrientationFilter(MemberStructuresMixin, django_filters.FilterSet):
    structure_kinds = HOUSING_KINDS

    structure = django_filters.ModelChoiceFilter(
        label="Structure", queryset=_housing_structures_of, empty_label="Toutes"
    )
    statut = django_filters.ChoiceFilter(
        label="Étape",
        choices=[
            ("attente_avis", "En attente d'avis"),
            ("attente_reponse", "Avis favorable, réponse attendue"),
            ("a_admettre", "Acceptée, arrivée à enregistrer"),
            ("close", "Close (défavorable, refusée ou admise)"),
        ],
        empty_label="Toutes",
        method="by_step",
    )
    recue_du = date_filter("Reçues du", "received_from")
    recue_au = date_filter("Reçues au", "received_until")

    class Meta:
        form = StyledForm

    def by_step(self, queryset, name, value):
        no_stay = ~Exists(Stay.objects.filter(orientation=OuterRef("pk")))
        steps = {
            "attente_avis": Q(opinion=""),
            "attente_reponse": Q(opinion=Opinion.FAVOURABLE, accepted__isnull=True),
            "a_admettre": Q(opinion=Opinion.FAVOURABLE, accepted=True) & no_stay,
        }
        if value in steps:
            return queryset.filter(steps[value])
        return queryset.exclude(steps["attente_avis"] | steps["attente_reponse"]).exclude(
            Q(opinion=Opinion.FAVOURABLE, accepted=True) & no_stay
        )

    def received_from(self, queryset, name, value):
        return queryset.filter(received_on__gte=value)

    def received_until(self, queryset, name, value):
        return queryset.filter(received_on__lte=value)
