"""Forms of the AGIR app. Every message is French; invalid input keeps what was typed.
Choices are scoped to the user's platforms."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from agir.enums import (
    Domain,
    EndReason,
    GoalStatus,
    NeedLevel,
    ReferentRole,
    ReferralStatus,
)
from agir.models import EmploymentSolution, Goal, HousingSolution, Referral
from agir.services import NO_CIR
from ftda.enums import MembershipRole, StructureKind
from ftda.forms import DateInput, StyledFormMixin, limit_choices, refuse_future
from ftda.models import Membership, Partner, Structure

User = get_user_model()


def managed_platforms(user):
    return Structure.objects.where_member(user, roles=[MembershipRole.MANAGER]).filter(
        kind=StructureKind.AGIR
    )


def platform_members(platforms, on=None):
    """Active users with a membership in force in one of `platforms`."""
    memberships = Membership.objects.active(on or timezone.localdate()).filter(
        structure__in=platforms
    )
    return (
        User.objects.filter(is_active=True, memberships__in=memberships)
        .distinct()
        .order_by("last_name", "first_name")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class EntryForm(StyledFormMixin, forms.Form):
    platform = forms.ModelChoiceField(label="Plateforme", queryset=Structure.objects.none())
    ofii_oriented_on = forms.DateField(label="Orientation par l'OFII le", widget=DateInput())
    cir_signed_on = forms.DateField(
        label="CIR signé le",
        widget=DateInput(),
        error_messages={"required": NO_CIR},
        help_text="Sans CIR signé, la personne ne peut pas entrer dans AGIR.",
    )
    entered_on = forms.DateField(
        label="Date d'entrée", widget=DateInput(), initial=timezone.localdate
    )
    rights_housing_referent = UserChoiceField(
        label="Référent droits et logement", queryset=User.objects.none(), required=False
    )
    employment_training_referent = UserChoiceField(
        label="Référent emploi et formation", queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        platforms = managed_platforms(user)
        self.fields["platform"].queryset = platforms
        if len(platforms) == 1:
            self.fields["platform"].initial = platforms[0]
        for name in ("rights_housing_referent", "employment_training_referent"):
            self.fields[name].queryset = platform_members(platforms)

    def clean_entered_on(self):
        return refuse_future(self.cleaned_data.get("entered_on"), "La date d'entrée")

    def clean(self):
        cleaned = super().clean()
        oriented, signed, entered = (
            cleaned.get("ofii_oriented_on"),
            cleaned.get("cir_signed_on"),
            cleaned.get("entered_on"),
        )
        if signed and entered and signed > entered:
            self.add_error(
                "cir_signed_on", "Le CIR doit être signé au plus tard le jour de l'entrée."
            )
        if oriented and entered and oriented > entered:
            self.add_error("ofii_oriented_on", "L'orientation ne peut être postérieure à l'entrée.")
        first, second = (
            cleaned.get("rights_housing_referent"),
            cleaned.get("employment_training_referent"),
        )
        if first and second and first == second:
            self.add_error(
                "employment_training_referent",
                "Les deux référents du binôme doivent être deux personnes différentes.",
            )
        return cleaned


class ReferentsForm(StyledFormMixin, forms.Form):
    rights_housing = UserChoiceField(
        label="Référent droits et logement", queryset=User.objects.none()
    )
    employment_training = UserChoiceField(
        label="Référent emploi et formation", queryset=User.objects.none()
    )
    on = forms.DateField(label="À partir du", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        members = platform_members([pathway.platform])
        limit_choices(self.fields["rights_housing"], members)
        limit_choices(self.fields["employment_training"], members)

    def clean_on(self):
        return refuse_future(self.cleaned_data.get("on"), "La date")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rights_housing") and cleaned.get("rights_housing") == cleaned.get(
            "employment_training"
        ):
            self.add_error(
                "employment_training",
                "Les deux référents du binôme doivent être deux personnes différentes.",
            )
        return cleaned

    def referents(self):
        return {
            ReferentRole.RIGHTS_HOUSING: self.cleaned_data["rights_housing"],
            ReferentRole.EMPLOYMENT_TRAINING: self.cleaned_data["employment_training"],
        }


class BulkReassignForm(StyledFormMixin, forms.Form):
    platform = forms.ModelChoiceField(label="Plateforme", queryset=Structure.objects.none())
    leaving = UserChoiceField(label="Référent qui part", queryset=User.objects.none())
    replacement = UserChoiceField(label="Nouveau référent", queryset=User.objects.none())
    on = forms.DateField(label="À partir du", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        platforms = managed_platforms(user)
        self.fields["platform"].queryset = platforms
        if len(platforms) == 1:
            self.fields["platform"].initial = platforms[0]
        # A leaving referent may already have left the team: anyone holding assignments.
        self.fields["leaving"].queryset = (
            User.objects.filter(
                Q(memberships__structure__in=platforms)
                | Q(agir_assignments__pathway__platform__in=platforms)
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["replacement"].queryset = platform_members(platforms)

    def clean_on(self):
        return refuse_future(self.cleaned_data.get("on"), "La date")


class DiagnosticForm(StyledFormMixin, forms.Form):
    """A level of need and a comment for each domain; a domain left blank is not assessed."""

    done_on = forms.DateField(
        label="Date du diagnostic", widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args, diagnostic=None, **kwargs):
        if diagnostic is not None and not args and "initial" not in kwargs:
            initial = {"done_on": diagnostic.done_on}
            for need in diagnostic.needs.all():
                initial[f"level_{need.domain}"] = need.level
                initial[f"comment_{need.domain}"] = need.comment
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for domain in Domain:
            self.fields[f"level_{domain.value}"] = forms.ChoiceField(
                label=domain.label,
                choices=[("", "Non évalué"), *NeedLevel.choices],
                required=False,
            )
            self.fields[f"comment_{domain.value}"] = forms.CharField(
                label=f"Commentaire ({domain.label.lower()})",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
        self.order_fields(["done_on"])

    def domain_rows(self):
        return [(self[f"level_{d.value}"], self[f"comment_{d.value}"]) for d in Domain]

    def clean_done_on(self):
        return refuse_future(self.cleaned_data.get("done_on"), "La date du diagnostic")

    def clean(self):
        cleaned = super().clean()
        for domain in Domain:
            if cleaned.get(f"comment_{domain.value}") and not cleaned.get(f"level_{domain.value}"):
                self.add_error(
                    f"level_{domain.value}", "Indiquez le niveau de besoin de ce domaine commenté."
                )
        if not self.errors and not self.needs():
            raise forms.ValidationError("Indiquez le niveau de besoin d'au moins un domaine.")
        return cleaned

    def needs(self):
        return {
            domain.value: (
                self.cleaned_data[f"level_{domain.value}"],
                self.cleaned_data.get(f"comment_{domain.value}", ""),
            )
            for domain in Domain
            if self.cleaned_data.get(f"level_{domain.value}")
        }


class GoalForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["domain", "title", "due_on"]
        widgets = {"due_on": DateInput()}


class StatusChangeForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="Le", widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(label="Nouveau statut", choices=choices)
        self.order_fields(["status", "on"])

    def clean_on(self):
        return refuse_future(self.cleaned_data.get("on"), "La date")


def goal_status_form(*args, **kwargs):
    return StatusChangeForm(*args, choices=GoalStatus.choices, **kwargs)


def referral_status_form(*args, **kwargs):
    return StatusChangeForm(*args, choices=ReferralStatus.choices, **kwargs)


class ReferralForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["partner", "referred_on", "purpose"]
        widgets = {"referred_on": DateInput()}

    def __init__(self, *args, platform, **kwargs):
        super().__init__(*args, **kwargs)
        # The platform's network: partners under convention, then those of its département.
        self.fields["partner"].queryset = (
            Partner.objects.filter(
                Q(agreements__structure=platform) | Q(departement=platform.departement)
            )
            .distinct()
            .order_by("name")
        )
        self.fields["referred_on"].initial = timezone.localdate

    def clean_referred_on(self):
        return refuse_future(self.cleaned_data.get("referred_on"), "La date de l'orientation")


class HousingSolutionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = HousingSolution
        fields = ["kind", "obtained_on"]
        widgets = {"obtained_on": DateInput()}


class EmploymentSolutionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EmploymentSolution
        fields = ["kind", "started_on"]
        widgets = {"started_on": DateInput()}


class ExitForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(
        label="Date de sortie",
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages={"required": "Une sortie se saisit avec sa date."},
    )
    end_reason = forms.ChoiceField(
        label="Motif de sortie",
        choices=[("", "—"), *EndReason.choices],
        error_messages={"required": "Une sortie se saisit avec son motif."},
    )

    def clean_ended_on(self):
        return refuse_future(self.cleaned_data.get("ended_on"), "La date de sortie")
