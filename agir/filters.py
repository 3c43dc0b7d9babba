"""Lists of AGIR pathways and referrals: the drill-down targets of the figures. Choices are
scoped to the user; parameter names are the ones `indicators.py` writes into its links."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from agir.enums import EndReason, ReferralStatus
from agir.models import (
    AgirPathway,
    Diagnostic,
    EmploymentSolution,
    HousingSolution,
    ReferentAssignment,
)
from ftda.enums import StructureKind
from ftda.forms import DateInput, StyledForm
from ftda.models import Partner, Structure

User = get_user_model()


def platforms_of(request):
    if request is None:
        return Structure.objects.none()
    return Structure.objects.for_user(request.user).filter(kind=StructureKind.AGIR)


def referents_of(request):
    if request is None:
        return User.objects.none()
    return (
        User.objects.filter(
            agir_assignments__pathway__in=AgirPathway.objects.for_user(request.user)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def partners_of(request):
    if request is None:
        return Partner.objects.none()
    return Partner.objects.for_user(request.user)


def date_filter(field, lookup, label):
    return django_filters.DateFilter(
        field_name=field, lookup_expr=lookup, label=label, widget=DateInput()
    )


def solution_at_exit(kind):
    """Exists: a solution of this kind obtained on or before the exit."""
    if kind == "housing":
        return Exists(
            HousingSolution.objects.filter(
                pathway=OuterRef("pk"), obtained_on__lte=OuterRef("ended_on")
            )
        )
    return Exists(
        EmploymentSolution.objects.filter(
            pathway=OuterRef("pk"), started_on__lte=OuterRef("ended_on")
        )
    )


class ReferentChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ReferentFilter(django_filters.ModelChoiceFilter):
    field_class = ReferentChoiceField


class PathwayFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Personne (nom, prénom)", method="search", max_length=100)
    plateforme = django_filters.ModelMultipleChoiceFilter(
        field_name="platform", label="Plateforme", queryset=platforms_of
    )
    statut = django_filters.ChoiceFilter(
        label="Statut",
        choices=[("en_cours", "En cours"), ("termines", "Terminés")],
        empty_label="Tous",
        method="by_status",
    )
    referent = ReferentFilter(
        label="Référent actuel", queryset=referents_of, method="by_referent", empty_label="Tous"
    )
    motif = django_filters.ChoiceFilter(
        field_name="end_reason",
        label="Motif de sortie",
        choices=EndReason.choices,
        empty_label="Tous",
    )
    entree_min = date_filter("entered_on", "gte", "Entrée à partir du")
    entree_max = date_filter("entered_on", "lte", "Entrée jusqu'au")
    sortie_min = date_filter("ended_on", "gte", "Sortie à partir du")
    sortie_max = date_filter("ended_on", "lte", "Sortie jusqu'au")
    actif_le = django_filters.DateFilter(
        label="En cours le", method="active_on", widget=DateInput()
    )
    fin_avant = date_filter("planned_end_on", "lte", "Fin prévue avant le")
    diagnostic = django_filters.ChoiceFilter(
        label="Diagnostic",
        choices=[("fait", "Fait"), ("a_faire", "Pas encore fait")],
        empty_label="Tous",
        method="by_diagnostic",
    )
    diagnostic_min = date_filter("diagnostic__done_on", "gte", "Diagnostic à partir du")
    diagnostic_max = date_filter("diagnostic__done_on", "lte", "Diagnostic jusqu'au")
    solution = django_filters.ChoiceFilter(
        label="Solution à la sortie",
        choices=[
            ("logement", "Logement"),
            ("emploi", "Emploi ou formation"),
            ("les_deux", "Logement et emploi-formation"),
        ],
        empty_label="Toutes les sorties",
        method="by_solution",
    )
    tri = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Entrée (récentes d'abord)",
        fields=(
            ("entered_on", "entree"),
            ("planned_end_on", "fin_prevue"),
            ("ended_on", "sortie"),
            ("person__last_name", "nom"),
        ),
        field_labels={
            "entree": "Entrée (anciennes d'abord)",
            "-entree": "Entrée (récentes d'abord)",
            "fin_prevue": "Fin prévue (proches d'abord)",
            "-fin_prevue": "Fin prévue (lointaines d'abord)",
            "sortie": "Sortie (anciennes d'abord)",
            "-sortie": "Sortie (récentes d'abord)",
            "nom": "Nom",
            "-nom": "Nom (Z → A)",
        },
    )

    class Meta:
        form = StyledForm

    def search(self, queryset, name, value):
        from ftda.models import Person

        return queryset.filter(person__in=Person.objects.search(value).values("pk"))

    def by_status(self, queryset, name, value):
        return queryset.filter(ended_on__isnull=value == "en_cours")

    def by_referent(self, queryset, name, user):
        on = (self.form.cleaned_data.get("actif_le") if self.form.is_valid() else None) or (
            timezone.localdate()
        )
        return queryset.filter(
            Exists(ReferentAssignment.objects.current(on).filter(pathway=OuterRef("pk"), user=user))
        )

    def active_on(self, queryset, name, day):
        return queryset.active_on(day)

    def by_diagnostic(self, queryset, name, value):
        done = Exists(Diagnostic.objects.filter(pathway=OuterRef("pk")))
        return queryset.filter(done if value == "fait" else ~done)

    def by_solution(self, queryset, name, value):
        housing, job = solution_at_exit("housing"), solution_at_exit("job")
        conditions = {
            "logement": Q(housing),
            "emploi": Q(job),
            "les_deux": Q(housing) & Q(job),
        }
        return queryset.filter(ended_on__isnull=False).filter(conditions[value])


class ReferralFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Personne (nom, prénom)", method="search", max_length=100)
    plateforme = django_filters.ModelMultipleChoiceFilter(
        field_name="pathway__platform", label="Plateforme", queryset=platforms_of
    )
    partenaire = django_filters.ModelChoiceFilter(
        field_name="partner", label="Partenaire", queryset=partners_of, empty_label="Tous"
    )
    statut = django_filters.ChoiceFilter(
        field_name="status", label="Statut", choices=ReferralStatus.choices, empty_label="Tous"
    )
    date_min = date_filter("referred_on", "gte", "Orientation à partir du")
    date_max = date_filter("referred_on", "lte", "Orientation jusqu'au")
    tri = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Date (récentes d'abord)",
        fields=(("referred_on", "date"), ("partner__name", "partenaire")),
        field_labels={
            "date": "Date (anciennes d'abord)",
            "-date": "Date (récentes d'abord)",
            "partenaire": "Partenaire",
            "-partenaire": "Partenaire (Z → A)",
        },
    )

    class Meta:
        form = StyledForm

    def search(self, queryset, name, value):
        from ftda.models import Person

        return queryset.filter(pathway__person__in=Person.objects.search(value).values("pk"))
