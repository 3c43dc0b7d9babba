"""Forms of the core app. Every message is French; invalid input keeps what was typed."""

from django import forms
from django.forms.renderers import Jinja2
from django.utils import timezone

from ftda.enums import FollowUpKind, FollowUpTopic
from ftda.languages import LANGUAGE_CHOICES
from ftda.models import FollowUp, Person, Structure


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def refuse_future(value, label):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} ne peut pas être dans le futur.")
    return value


def limit_choices(field, queryset):
    """Limit a model choice field to `queryset`, its options taken from `queryset` itself.

    Fields given the same queryset object then share one query for their options (setting
    `field.queryset` clones it, and each clone queries on its own); validation still looks
    the submitted value up in `queryset`.
    """
    field.queryset = queryset
    offer_choices(field, [(obj.pk, field.label_from_instance(obj)) for obj in queryset])


def offer_choices(field, choices):
    """Show `choices` [(pk, label)] in a model choice field (with its empty label, if it has
    one) without reading its queryset, which still validates what is submitted."""
    choices = list(choices)
    if field.empty_label is not None and not isinstance(field, forms.ModelMultipleChoiceField):
        choices.insert(0, ("", field.empty_label))
    # Django's own setter: django-filter's fields wrap what is set in their choice iterator,
    # which for a model field would read the queryset again.
    forms.ChoiceField.choices.fset(field, choices)


def rendering_key(form):
    """Everything the HTML of `form`'s fields depends on, as one string: per field its kind,
    widget, label, help text, whether it is required, its value (submitted or initial), its
    choices and widget attributes; the form's errors. Templates cache the fields' HTML under
    it (`{% cache 86400 name form|rendering_key %}`): Django renders every widget, and every
    option of a select, through templates, 4 to 5 ms for a list's filters (bench/README.md).
    Evaluating it reads the choices' querysets, which the rendering would read anyway."""
    fields = [
        (
            name,
            type(field).__name__,
            type(field.widget).__name__,
            getattr(field.widget, "input_type", ""),
            field.label,
            field.help_text,
            field.required,
            form[name].value(),
            list(iter(getattr(field, "choices", ()))),  # iter: no COUNT query for `len`
            field.widget.attrs,
        )
        for name, field in form.fields.items()
    ]
    errors = (
        {name: list(messages) for name, messages in form.errors.items()} if form.is_bound else {}
    )
    return repr(
        _plain(
            (
                type(form).__module__,
                type(form).__qualname__,
                form.prefix,
                form.auto_id,
                fields,
                errors,
            )
        )
    )


def _plain(value):
    """`value` with only tuples and strings: lazy labels and choice values (whose `repr`
    names an object's address) as the text they render."""
    if isinstance(value, dict):
        return tuple(sorted((str(key), _plain(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    return str(value)


class OneQueryChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices read with one ordinary query per form, kept for the request.

    Django's iterator reads the queryset with `.iterator()` each time the choices are
    iterated: a server-side cursor (`DECLARE … WITH HOLD`, then `FETCH` and `CLOSE`, in
    autocommit) and a fresh query for every rendering of the widget. The choice lists of
    this project are short and scoped, and rendered whole anyway.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # the field's own queryset: evaluated once, then cached
            yield self.choice(obj)


_ONE_QUERY_ITERATORS = {forms.models.ModelChoiceIterator: OneQueryChoiceIterator}


def one_query_iterator(iterator):
    """`iterator` (a ModelChoiceIterator class, django-filter's adds a "none" choice)
    reading its queryset the `OneQueryChoiceIterator` way."""
    if issubclass(iterator, OneQueryChoiceIterator):
        return iterator
    if iterator not in _ONE_QUERY_ITERATORS:
        _ONE_QUERY_ITERATORS[iterator] = type(
            f"OneQuery{iterator.__name__}", (iterator, OneQueryChoiceIterator), {}
        )
    return _ONE_QUERY_ITERATORS[iterator]


# Widgets rendered by Jinja2's copies of Django's widget templates (shipped with Django): the
# same HTML but for the spelling of two entities (`&#39;` for `&#x27;`, as in ftda.jinja), at
# a third of the CPU: a person's edit form and its 400 options of countries and languages,
# 82.5 → 31 ms. One renderer for the process (its engine is built once). The admin keeps
# Django's renderer, which its own widgets' templates need.
WIDGET_RENDERER = Jinja2()


class StyledFormMixin:
    """Bootstrap classes on widgets and `aria-invalid` on fields in error, choice lists read
    with one query (`OneQueryChoiceIterator`), widgets rendered by `WIDGET_RENDERER`.

    Every form of the project mixes this in; templates render fields with
    `templates/_field.html`, which ties labels, help texts and errors to the input.
    """

    default_renderer = WIDGET_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = one_query_iterator(field.iterator)
                field.widget.choices = field.choices
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class PersonForm(StyledFormMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label="Langues parlées",
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Ctrl ou Cmd + clic pour en choisir plusieurs.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_names",
            "birth_date",
            "sex",
            "nationality",
            "languages",
            "protection_status",
            "protection_decided_on",
            "agdref_number",
            "phone",
            "email",
        ]
        widgets = {"birth_date": DateInput(), "protection_decided_on": DateInput()}
        help_texts = {"agdref_number": "10 chiffres, facultatif."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_first_names(self):
        return " ".join(self.cleaned_data["first_names"].split())

    def clean_birth_date(self):
        return refuse_future(self.cleaned_data.get("birth_date"), "La date de naissance")

    def clean_protection_decided_on(self):
        return refuse_future(
            self.cleaned_data.get("protection_decided_on"), "La date de la décision"
        )

    def clean_agdref_number(self):
        return self.cleaned_data.get("agdref_number") or None

    def clean(self):
        cleaned = super().clean()
        born, decided = cleaned.get("birth_date"), cleaned.get("protection_decided_on")
        if born and decided and decided < born:
            self.add_error(
                "protection_decided_on", "La décision ne peut précéder la date de naissance."
            )
        return cleaned


class PersonCreateForm(PersonForm):
    structure = forms.ModelChoiceField(
        label="Structure qui accompagne", queryset=Structure.objects.none()
    )
    started_on = forms.DateField(
        label="Début de l'accompagnement", initial=timezone.localdate, widget=DateInput()
    )
    confirm_new_person = forms.BooleanField(
        label="J'ai vérifié : il s'agit bien d'une autre personne.", required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        structures = Structure.objects.where_member(user)
        self.fields["structure"].queryset = structures
        if len(structures) == 1:
            self.fields["structure"].initial = structures[0]
        self.duplicates = Person.objects.none()

    def clean_started_on(self):
        return refuse_future(self.cleaned_data.get("started_on"), "Le début")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.duplicates = list(
            Person.objects.likely_duplicates(
                last_name=cleaned.get("last_name", ""),
                first_names=cleaned.get("first_names", ""),
                birth_date=cleaned.get("birth_date"),
            )[:10]
        )
        if self.duplicates and not cleaned.get("confirm_new_person"):
            raise forms.ValidationError(
                "Cette personne existe peut-être déjà (même date de naissance, nom proche). "
                "Vérifiez la liste ci-dessous, puis confirmez pour créer un nouveau dossier.",
                code="likely_duplicate",
            )
        return cleaned


class FollowUpForm(StyledFormMixin, forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label="Thèmes",
        choices=FollowUpTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un thème."},
    )

    class Meta:
        model = FollowUp
        fields = [
            "structure",
            "occurred_on",
            "kind",
            "topics",
            "note",
            "next_step",
            "next_step_due_on",
        ]
        widgets = {
            "occurred_on": DateInput(),
            "next_step_due_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        self.fields["structure"].empty_label = None
        self.fields["occurred_on"].initial = timezone.localdate
        # Most contacts are interviews: one interaction less for the daily case.
        self.fields["kind"].initial = FollowUpKind.INTERVIEW

    @property
    def several_structures(self):
        """Whether to offer a choice of structure: more than one among the field's choices
        (offered by the view when it has them: `offer_choices`, no query)."""
        return len(list(iter(self.fields["structure"].choices))) > 1

    def clean_occurred_on(self):
        return refuse_future(self.cleaned_data.get("occurred_on"), "La date du suivi")

    def clean(self):
        cleaned = super().clean()
        occurred, due = cleaned.get("occurred_on"), cleaned.get("next_step_due_on")
        if occurred and due and due < occurred:
            self.add_error("next_step_due_on", "L'échéance ne peut précéder la date du suivi.")
        if due and not cleaned.get("next_step"):
            self.add_error("next_step", "Décrivez la prochaine étape de cette échéance.")
        return cleaned


class StyledForm(StyledFormMixin, forms.Form):
    """Base form of the project's FilterSets (`Meta.form`)."""
