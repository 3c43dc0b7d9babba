"""Filters of the programme lists: the drill-down targets of the report figures, so each
figure's filters exist here under the same names. Choices are scoped to the user."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from localflavor.fr.fr_department import DEPARTMENT_CHOICES

from ftda.forms import DateInput, StyledForm
from programmes.enums import (
    DuoStatus,
    EmploymentSolution,
    HousingSolution,
    MobilityStatus,
    Scheme,
)
from programmes.models import DuoMeeting, SituationReview, programmes_of

YES_NO = [("oui", "Oui"), ("non", "Non")]


def _programme_filter(scheme):
    def programmes(request):
        if request is None:
            return programmes_of(None, scheme).none()
        return programmes_of(request.user, scheme)

    return django_filters.ModelChoiceFilter(
        label="Programme", queryset=programmes, empty_label="Tous"
    )


def _date(label, field, lookup):
    return django_filters.DateFilter(
        label=label, field_name=field, lookup_expr=lookup, widget=DateInput()
    )


def _departement(label, field):
    return django_filters.ChoiceFilter(
        label=label, field_name=field, choices=DEPARTMENT_CHOICES, empty_label="Tous"
    )


def _yes_no(label, method):
    return django_filters.ChoiceFilter(label=label, choices=YES_NO, method=method, empty_label="—")


def search_names(queryset, value, *prefixes):
    """Every word (four at most) found, accents ignored, in one of the names."""
    for word in value.split()[:4]:
        condition = Q()
        for prefix in prefixes:
            condition |= Q(**{f"{prefix}last_name__unaccent__icontains": word})
            condition |= Q(**{f"{prefix}first_names__unaccent__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class DuoFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom (réfugié ou bénévole)", method="search")
    programme = _programme_filter(Scheme.DUOS)
    statut = django_filters.ChoiceFilter(
        label="Statut", field_name="status", choices=DuoStatus.choices, empty_label="Tous"
    )
    debut_du = _date("Commencé à partir du", "started_on", "gte")
    debut_au = _date("Commencé jusqu'au", "started_on", "lte")
    actif_du = django_filters.DateFilter(
        label="Actif entre le", method="active_from", widget=DateInput()
    )
    actif_au = django_filters.DateFilter(label="et le", method="active_until", widget=DateInput())
    fin_prevue_du = _date("Fin prévue à partir du", "planned_end_on", "gte")
    fin_prevue_au = _date("Fin prévue jusqu'au", "planned_end_on", "lte")
    sans_rencontre = _yes_no("Sans rencontre ce mois-ci", "no_meeting")
    complet = _yes_no("Six mois avec une rencontre par mois", "completed")
    tri = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Début (récents d'abord)",
        fields=(("started_on", "debut"), ("planned_end_on", "fin"), ("person__last_name", "nom")),
        field_labels={
            "debut": "Début (anciens d'abord)",
            "-debut": "Début (récents d'abord)",
            "fin": "Fin prévue",
            "-fin": "Fin prévue (lointaines d'abord)",
            "nom": "Nom",
            "-nom": "Nom (Z → A)",
        },
    )

    class Meta:
        form = StyledForm

    def search(self, queryset, name, value):
        return search_names(queryset, value, "person__", "volunteer__")

    def active_from(self, queryset, name, value):
        return queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=value))

    def active_until(self, queryset, name, value):
        return queryset.filter(started_on__lte=value)

    def no_meeting(self, queryset, name, value):
        month = timezone.localdate().replace(day=1)
        if value == "oui":
            return queryset.filter(status=DuoStatus.ONGOING).without_meeting_in_month(month)
        met = DuoMeeting.objects.filter(duo=OuterRef("pk"), occurred_on__gte=month)
        return queryset.filter(Exists(met))

    def completed(self, queryset, name, value):
        return queryset.filter(is_completed=(value == "oui"))


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom", method="search")
    programme = _programme_filter(Scheme.DUOS)
    departement = _departement("Département", "departement")
    disponible = _yes_no("Sans duo en cours", "available")
    tri = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Nom",
        fields=(("last_name", "nom"), ("consent_given_on", "inscription")),
        field_labels={"inscription": "Inscription (anciennes d'abord)"},
    )

    class Meta:
        form = StyledForm

    def search(self, queryset, name, value):
        return search_names(queryset, value, "")

    def available(self, queryset, name, value):
        available = queryset.available()
        return available if value == "oui" else queryset.exclude(pk__in=available.values("pk"))


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom", method="search")
    programme = _programme_filter(Scheme.DUOS)

    class Meta:
        form = StyledForm

    def search(self, queryset, name, value):
        return search_names(queryset, value, "person__")


class ActivityFilter(django_filters.FilterSet):
    programme = _programme_filter(Scheme.DUOS)
    du = _date("Du", "occurred_on", "gte")
    au = _date("Au", "occurred_on", "lte")

    class Meta:
        form = StyledForm


class CookingEventFilter(django_filters.FilterSet):
    programme = _programme_filter(Scheme.CHICHE_CHEF)
    departement = _departement("Territoire", "departement")
    du = _date("Du", "held_on", "gte")
    au = _date("Au", "held_on", "lte")
    tri = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Date (récentes d'abord)",
        fields=(("held_on", "date"), ("departement", "territoire")),
        field_labels={"date": "Date (anciennes d'abord)", "territoire": "Territoire"},
    )

    class Meta:
        form = StyledForm


class MobilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom", method="search")
    programme = _programme_filter(Scheme.CLE_DE_FRANCE)
    statut = django_filters.ChoiceFilter(
        label="Statut", field_name="status", choices=MobilityStatus.choices, empty_label="Tous"
    )
    destination = _departement("Département de destination", "destination_departement")
    entree_du = _date("Entré à partir du", "started_on", "gte")
    entree_au = _date("Entré jusqu'au", "started_on", "lte")
    installe_du = _date("Installé à partir du", "relocated_on", "gte")
    installe_au = _date("Installé jusqu'au", "relocated_on", "lte")
    logement_6_mois = _yes_no("Logé(e) à 6 mois", "housed_at_6")
    emploi_6_mois = _yes_no("En emploi ou formation à 6 mois", "employed_at_6")
    tri = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Entrée (récentes d'abord)",
        fields=(
            ("started_on", "entree"),
            ("relocated_on", "installation"),
            ("person__last_name", "nom"),
        ),
        field_labels={"entree": "Entrée (anciennes d'abord)", "installation": "Installation"},
    )

    class Meta:
        form = StyledForm

    def search(self, queryset, name, value):
        return search_names(queryset, value, "person__")

    def _at_six(self, queryset, value, condition):
        review = SituationReview.objects.filter(pathway=OuterRef("pk"), months_after=6).filter(
            condition
        )
        return (
            queryset.filter(Exists(review)) if value == "oui" else queryset.exclude(Exists(review))
        )

    def housed_at_6(self, queryset, name, value):
        return self._at_six(queryset, value, ~Q(housing_solution=HousingSolution.NONE))

    def employed_at_6(self, queryset, name, value):
        return self._at_six(queryset, value, ~Q(employment_solution=EmploymentSolution.NONE))
