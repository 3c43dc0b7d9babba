"""Forms of the programmes. Choices are scoped to the user; messages are French."""

from django import forms
from django.core.exceptions import ValidationError

from ftda.forms import DateInput, StyledFormMixin, limit_choices, refuse_future
from ftda.languages import LANGUAGE_CHOICES
from ftda.models import Partner, Person
from programmes.enums import Availability, DuoStatus, Interest, ParticipantGroup
from programmes.models import (
    CollectiveActivity,
    CookingEvent,
    CookingParticipant,
    CookingTheme,
    DuoMeeting,
    MobilityPathway,
    MobilityStage,
    Participant,
    RightsTransfer,
    SituationReview,
    Volunteer,
)


def _checkboxes(choices, label):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _languages_field():
    return forms.MultipleChoiceField(
        label="Langues parlées",
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Ctrl ou Cmd + clic pour en choisir plusieurs.",
    )


class ProgrammeFormMixin:
    """A `programme` field limited to the programmes the user works in."""

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        field.empty_label = None
        limit_choices(field, programmes)
        if len(field.choices) == 1:
            field.initial = field.choices[0][0]


class ConsentMixin:
    def clean_consent_given_on(self):
        return refuse_future(self.cleaned_data.get("consent_given_on"), "Le consentement")


class VolunteerForm(ProgrammeFormMixin, ConsentMixin, StyledFormMixin, forms.ModelForm):
    languages = _languages_field()
    interests = _checkboxes(Interest.choices, "Centres d'intérêt")
    availabilities = _checkboxes(Availability.choices, "Disponibilités")

    class Meta:
        model = Volunteer
        fields = [
            "programme",
            "last_name",
            "first_names",
            "email",
            "phone",
            "city",
            "departement",
            "languages",
            "interests",
            "availabilities",
            "preferences",
            "consent_given_on",
            "active",
        ]
        widgets = {
            "consent_given_on": DateInput(),
            "preferences": forms.Textarea(attrs={"rows": 2}),
        }


class ParticipantForm(ProgrammeFormMixin, ConsentMixin, StyledFormMixin, forms.ModelForm):
    interests = _checkboxes(Interest.choices, "Centres d'intérêt")
    availabilities = _checkboxes(Availability.choices, "Disponibilités")

    class Meta:
        model = Participant
        fields = [
            "programme",
            "person",
            "city",
            "departement",
            "interests",
            "availabilities",
            "preferences",
            "consent_given_on",
        ]
        widgets = {
            "consent_given_on": DateInput(),
            "preferences": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "person": "Les langues parlées viennent du dossier de la personne. Une personne "
            "absente de la liste se crée d'abord avec « Nouvelle personne »."
        }

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class DuoConfirmForm(StyledFormMixin, forms.Form):
    volunteer = forms.ModelChoiceField(label="Bénévole", queryset=Volunteer.objects.none())
    started_on = forms.DateField(label="Début du duo", widget=DateInput())

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers


class MeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DuoMeeting
        fields = ["occurred_on", "kind", "note"]
        widgets = {"occurred_on": DateInput()}

    def clean_occurred_on(self):
        return refuse_future(self.cleaned_data.get("occurred_on"), "La date de la rencontre")


class DuoEndForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Issue",
        choices=[(DuoStatus.FINISHED, "Terminé"), (DuoStatus.INTERRUPTED, "Interrompu")],
        widget=forms.RadioSelect,
    )
    ended_on = forms.DateField(label="Date de fin", widget=DateInput())
    reason = forms.CharField(label="Motif de l'interruption", max_length=255, required=False)

    def __init__(self, *args, duo, **kwargs):
        super().__init__(*args, **kwargs)
        self.duo = duo

    def clean_ended_on(self):
        return refuse_future(self.cleaned_data.get("ended_on"), "La fin")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == DuoStatus.INTERRUPTED and not cleaned.get("reason"):
            self.add_error("reason", "Indiquez le motif de l'interruption.")
        ended = cleaned.get("ended_on")
        if ended and ended < self.duo.started_on:
            self.add_error("ended_on", "La fin du duo ne peut précéder son début.")
        return cleaned


class ActivityForm(ProgrammeFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CollectiveActivity
        fields = ["programme", "occurred_on", "place", "theme", "other_attendees"]
        widgets = {"occurred_on": DateInput()}


class AttendanceForm(StyledFormMixin, forms.Form):
    persons = forms.ModelMultipleChoiceField(
        label="Personnes réfugiées présentes",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    volunteers = forms.ModelMultipleChoiceField(
        label="Bénévoles présents",
        queryset=Volunteer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.IntegerField(label="Autres participants (nombre)", min_value=0)

    def __init__(self, *args, persons, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = persons
        self.fields["volunteers"].queryset = volunteers


class CookingEventForm(ProgrammeFormMixin, StyledFormMixin, forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        label="Partenaires",
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes",
        queryset=CookingTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CookingEvent
        fields = [
            "programme",
            "held_on",
            "departement",
            "city",
            "place",
            "chef",
            "partners",
            "themes",
            "recipes",
        ]
        widgets = {"held_on": DateInput(), "recipes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        counts = {}
        if self.instance.pk:
            counts = {c.group: c.count for c in self.instance.counts.all()}
        for group, label in ParticipantGroup.choices:
            self.fields[f"count_{group}"] = forms.IntegerField(
                label=f"{label} (nombre)",
                min_value=0,
                required=False,
                initial=counts.get(group),
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def group_counts(self):
        return {
            group: self.cleaned_data.get(f"count_{group}")
            for group in ParticipantGroup.values
            if self.cleaned_data.get(f"count_{group}") is not None
        }


class CookingParticipantForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CookingParticipant
        fields = ["group", "first_name", "last_name", "person"]
        help_texts = {
            "last_name": "Jamais pour un enfant de l'ASE.",
            "person": "Réfugiés et demandeurs d'asile seulement, s'ils sont suivis ici.",
        }

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["person"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("group") == ParticipantGroup.ASE_CHILDREN and (
            cleaned.get("last_name") or cleaned.get("person")
        ):
            raise ValidationError(
                "Pour un enfant de l'ASE, seul le prénom peut être noté : ni nom, ni dossier."
            )
        return cleaned


MOBILITY_FIELDS = [
    "started_on",
    "destination_departement",
    "destination_city",
    "employment_solution",
    "employment_detail",
    "housing_solution",
    "housing_detail",
]


class MobilityFieldsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = MobilityPathway
        fields = MOBILITY_FIELDS
        widgets = {"started_on": DateInput()}
        help_texts = {"destination_departement": "Hors Île-de-France."}

    def clean_started_on(self):
        return refuse_future(self.cleaned_data.get("started_on"), "L'entrée")


class MobilityPathwayForm(ProgrammeFormMixin, MobilityFieldsForm):
    class Meta(MobilityFieldsForm.Meta):
        fields = ["programme", "person", *MOBILITY_FIELDS]
        help_texts = {
            **MobilityFieldsForm.Meta.help_texts,
            "person": "Une personne absente de la liste se crée d'abord avec « Nouvelle "
            "personne », rattachée à Clé de France.",
        }

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class MobilityUpdateForm(MobilityFieldsForm):
    end = forms.BooleanField(label="Mettre fin à l'accompagnement", required=False)
    abandoned = forms.BooleanField(label="Abandon du projet", required=False)
    ended_on = forms.DateField(label="Date de fin", required=False, widget=DateInput())
    end_reason = forms.CharField(label="Motif de fin", max_length=255, required=False)

    def clean_ended_on(self):
        return refuse_future(self.cleaned_data.get("ended_on"), "La fin")

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("end") or cleaned.get("abandoned")) and not cleaned.get("ended_on"):
            self.add_error("ended_on", "Indiquez la date de fin.")
        return cleaned


class StageForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = MobilityStage
        fields = ["kind", "occurred_on", "note"]
        widgets = {"occurred_on": DateInput()}


class TransferForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RightsTransfer
        fields = ["kind", "requested_on", "completed_on"]
        widgets = {"requested_on": DateInput(), "completed_on": DateInput()}


class ReviewForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SituationReview
        fields = [
            "months_after",
            "reviewed_on",
            "still_in_destination",
            "housing_solution",
            "employment_solution",
            "note",
        ]
        widgets = {"reviewed_on": DateInput()}
