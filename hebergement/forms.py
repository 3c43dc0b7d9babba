"""Forms of the admission path. French messages; invalid input keeps what was typed."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ftda.forms import DateInput, StyledFormMixin
from ftda.models import Person, Structure
from hebergement.enums import EmploymentSituation, ExitOutcome, Opinion
from hebergement.models import (
    INFANT_SHARING_MAX_AGE_YEARS,
    FinancialParticipation,
    Orientation,
    OutOfService,
    Place,
    Stay,
)


def housing_structures_where_member(user):
    return Structure.objects.where_member(user).housing()


def free_places(structure, day):
    """Places of `structure` with no stay from `day` on and not out of service that day."""
    taken = Stay.objects.filter(place=OuterRef("pk")).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gt=day)
    )
    out = OutOfService.objects.on(day).filter(unit=OuterRef("unit"))
    return (
        Place.objects.filter(unit__structure=structure)
        .exclude(Exists(taken))
        .exclude(Exists(out))
        .select_related("unit")
        .order_by("unit__label", "label")
    )


class OrientationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["structure", "person", "received_on", "origin", "persons_count"]
        widgets = {"received_on": DateInput()}
        help_texts = {
            "person": "La personne doit avoir un dossier (bouton « Nouvelle personne »). Son "
            "ménage est repris automatiquement.",
            "persons_count": "Rempli d'après le ménage enregistré s'il est laissé à 1.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        structures = housing_structures_where_member(user)
        self.fields["structure"].queryset = structures
        self.fields["structure"].empty_label = None
        self.fields["person"].queryset = (
            Person.objects.for_user(user).filter(pathways__structure__in=structures).distinct()
        )
        self.fields["received_on"].initial = timezone.localdate

    def clean_received_on(self):
        received = self.cleaned_data.get("received_on")
        if received and received > timezone.localdate():
            raise forms.ValidationError("La date de réception ne peut pas être dans le futur.")
        return received


class OpinionForm(StyledFormMixin, forms.Form):
    opinion = forms.ChoiceField(label="Avis", choices=Opinion.choices, widget=forms.RadioSelect)
    opinion_on = forms.DateField(label="Date de l'avis", widget=DateInput())
    reason = forms.CharField(
        label="Motif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour un avis défavorable.",
    )

    def __init__(self, *args, orientation, **kwargs):
        super().__init__(*args, **kwargs)
        self.orientation = orientation
        self.fields["opinion_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opinion") == Opinion.UNFAVOURABLE and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Un avis défavorable doit être motivé.")
        day = cleaned.get("opinion_on")
        if day and day < self.orientation.received_on:
            self.add_error("opinion_on", "L'avis ne peut précéder la réception de l'orientation.")
        return cleaned


class AnswerForm(StyledFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label="Réponse de la personne",
        choices=[("oui", "Accepte la proposition"), ("non", "Refuse la proposition")],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
    )
    answered_on = forms.DateField(label="Date de la réponse", widget=DateInput())
    planned_arrival_on = forms.DateField(
        label="Arrivée prévue le", required=False, widget=DateInput()
    )

    def __init__(self, *args, orientation, **kwargs):
        super().__init__(*args, **kwargs)
        self.orientation = orientation
        self.fields["answered_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        answered = cleaned.get("answered_on")
        if answered and self.orientation.opinion_on and answered < self.orientation.opinion_on:
            self.add_error("answered_on", "La réponse ne peut précéder l'avis.")
        if cleaned.get("accepted") and not cleaned.get("planned_arrival_on"):
            self.add_error("planned_arrival_on", "Indiquez la date d'arrivée prévue.")
        arrival = cleaned.get("planned_arrival_on")
        if arrival and answered and arrival < answered:
            self.add_error("planned_arrival_on", "L'arrivée ne peut précéder la réponse.")
        return cleaned


class AdmissionForm(StyledFormMixin, forms.Form):
    """Arrival of the household: for each member, admitted or not, a place or (infants
    under 3) the parent whose place they share."""

    SHARE = "partage"

    arrived_on = forms.DateField(label="Date d'arrivée", widget=DateInput())
    contract_signed_on = forms.DateField(
        label="Contrat de séjour signé le", required=False, widget=DateInput()
    )

    def __init__(self, *args, orientation, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.orientation = orientation
        self.members = members
        default_day = orientation.planned_arrival_on or timezone.localdate()
        self.fields["arrived_on"].initial = default_day
        self.fields["contract_signed_on"].initial = default_day
        day = self._arrival_day(default_day)
        places = list(free_places(orientation.structure, day))
        self.rows = []
        for person in members:
            admit = forms.BooleanField(label=f"Admettre {person}", required=False, initial=True)
            choices = [("", "—")] + [(str(p.pk), str(p)) for p in places]
            if _is_infant(person, day):
                choices.append((self.SHARE, "Partage la place d'un parent"))
            place = forms.ChoiceField(
                label=f"Place de {person}",
                choices=choices,
                required=False,
                error_messages={
                    "invalid_choice": "Cette place n'est pas libre à la date d'arrivée."
                },
            )
            self.fields[f"admit_{person.pk}"] = admit
            self.fields[f"place_{person.pk}"] = place
            self.rows.append((person, f"admit_{person.pk}", f"place_{person.pk}"))
        if any(_is_infant(person, day) for person in members):
            self.fields["share_parent"] = forms.ModelChoiceField(
                label="Parent dont la place est partagée (enfant de moins de 3 ans)",
                queryset=Person.objects.filter(pk__in=[p.pk for p in members]),
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self._places = {str(p.pk): p for p in places}
        # Fields added after StyledFormMixin.__init__: style them here.
        for _, _, place_name in self.rows:
            self.fields[place_name].widget.attrs.setdefault("class", "form-select")
        for _, admit_name, _ in self.rows:
            self.fields[admit_name].widget.attrs.setdefault("class", "form-check-input")

    def _arrival_day(self, default):
        raw = self.data.get(self.add_prefix("arrived_on")) if self.is_bound else None
        if raw:
            try:
                return self.fields["arrived_on"].clean(raw)
            except forms.ValidationError:
                pass
        return default

    def clean(self):
        cleaned = super().clean()
        admissions = []
        chosen = []
        for person, admit_name, place_name in self.rows:
            if not cleaned.get(admit_name):
                continue
            value = cleaned.get(place_name)
            if not value:
                self.add_error(place_name, f"Choisissez une place pour {person}.")
                continue
            if value == self.SHARE:
                admissions.append((person, None))
            elif value in self._places:
                if value in chosen:
                    self.add_error(place_name, "Cette place est déjà attribuée à un autre membre.")
                chosen.append(value)
                admissions.append((person, self._places[value]))
            else:
                self.add_error(place_name, "Cette place n'est pas libre à la date d'arrivée.")
        if not admissions and not self.errors:
            raise forms.ValidationError("Choisissez au moins une personne à admettre.")
        if any(place is None for _, place in admissions) and not cleaned.get("share_parent"):
            self.add_error("share_parent", "Choisissez le parent dont la place est partagée.")
        arrived, signed = cleaned.get("arrived_on"), cleaned.get("contract_signed_on")
        if arrived and signed and signed < arrived:
            self.add_error("contract_signed_on", "Le contrat est signé à l'arrivée ou après.")
        cleaned["admissions"] = admissions
        return cleaned


def _is_infant(person, day):
    if person.birth_date is None:
        return False
    born = person.birth_date
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return years < INFANT_SHARING_MAX_AGE_YEARS


class ExtensionForm(StyledFormMixin, forms.Form):
    decided_on = forms.DateField(label="Décision de l'OFII le", widget=DateInput())
    whole_household = forms.BooleanField(
        label="Prolonger tout le ménage présent", required=False, initial=True
    )

    def __init__(self, *args, stay, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay = stay
        self.fields["decided_on"].initial = timezone.localdate

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day < self.stay.arrived_on:
            raise forms.ValidationError("La décision ne peut précéder l'arrivée.")
        if day > timezone.localdate():
            raise forms.ValidationError("La décision ne peut pas être dans le futur.")
        return day


class ExitForm(StyledFormMixin, forms.Form):
    exited_on = forms.DateField(label="Date de sortie", widget=DateInput())
    outcome = forms.ChoiceField(label="Solution de sortie", choices=ExitOutcome.choices)
    employment_at_exit = forms.ChoiceField(
        label="Situation d'emploi à la sortie",
        choices=[("", "—"), *EmploymentSituation.choices],
        required=False,
    )
    note = forms.CharField(
        label="Précisions", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    whole_household = forms.BooleanField(
        label="Tout le ménage présent sort à cette date", required=False, initial=True
    )

    def __init__(self, *args, stay, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay = stay
        self.fields["exited_on"].initial = timezone.localdate

    def clean_exited_on(self):
        day = self.cleaned_data["exited_on"]
        if day <= self.stay.arrived_on:
            raise forms.ValidationError("La sortie doit être postérieure à l'arrivée.")
        return day


class ParticipationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FinancialParticipation
        fields = ["month", "amount", "paid_on"]
        widgets = {"month": DateInput(), "paid_on": DateInput()}
        localized_fields = ["amount"]
        help_texts = {"month": "N'importe quel jour du mois : le premier est retenu."}

    def clean_month(self):
        month = self.cleaned_data["month"]
        return month.replace(day=1)
