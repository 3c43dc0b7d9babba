"""Choice of the report's period and scope, and the drill-down filters."""

import datetime

from django import forms
from django.utils import timezone

from ftda.forms import DateInput, StyledFormMixin
from ftda.indicators import Period
from ftda.reports import scopes

FIRST_YEAR = 2000
LONGEST_PERIOD_DAYS = 366 * 20


class ReportChoiceForm(StyledFormMixin, forms.Form):
    """A calendar year, or any period from `du` to `au`; a scope the user may report on."""

    perimetre = forms.ChoiceField(label="Périmètre")
    annee = forms.IntegerField(
        label="Année", required=False, min_value=FIRST_YEAR, help_text="Ou une période :"
    )
    du = forms.DateField(label="Du", required=False, widget=DateInput())
    au = forms.DateField(label="Au", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = {choice.key: choice for choice in scopes.scope_choices(user)}
        self.fields["perimetre"].choices = [(c.key, c.label) for c in self.choices.values()]
        self.fields["annee"].max_value = timezone.localdate().year
        self.fields["annee"].widget.attrs["max"] = timezone.localdate().year

    def clean(self):
        data = super().clean()
        year, start, end = data.get("annee"), data.get("du"), data.get("au")
        if self.errors:
            return data
        if start or end:
            if not (start and end):
                raise forms.ValidationError("Indiquez le début et la fin de la période.")
            if end < start:
                raise forms.ValidationError("La fin de la période ne peut précéder son début.")
            if (end - start).days > LONGEST_PERIOD_DAYS:
                raise forms.ValidationError("La période ne peut dépasser vingt ans.")
            if start.year < FIRST_YEAR:
                raise forms.ValidationError(f"La période commence au plus tôt en {FIRST_YEAR}.")
            data["period"] = Period(start, end)
        elif year:
            data["period"] = Period.year(year)
        else:
            raise forms.ValidationError("Choisissez une année ou une période.")
        data["choice"] = self.choices[data["perimetre"]]
        return data


def default_initial(form):
    today = timezone.localdate()
    first = next(iter(form.choices), "")
    return {"annee": today.year - 1, "perimetre": first}


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
