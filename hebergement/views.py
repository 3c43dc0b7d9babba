"""Views of the housing app for social workers, managers and the direction.

Reads go through `for_user(user)` (out of scope is 404); writes need an active membership
in the structure (the direction reads, never writes). Service refusals come back as French
form errors, never as a 500.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ftda import access
from ftda.exports import can_export, export_list, requested_format
from ftda.models import HouseholdMember, Person, Structure, related_fields
from hebergement import services
from hebergement.filters import OrientationFilter, StayFilter
from hebergement.forms import (
    AdmissionForm,
    AnswerForm,
    ExitForm,
    ExtensionForm,
    OpinionForm,
    OrientationForm,
    ParticipationForm,
    housing_structures_where_member,
)
from hebergement.models import Capacity, Orientation, OutOfService, Place, Stay
from hebergement.resources import StayExportResource

SOON_DAYS = 30


def _readable_structure(user, pk):
    return get_object_or_404(Structure.objects.for_user(user).housing(), pk=pk)


def _require_writer(user, structure):
    if not access.is_member(user, structure):
        raise Http404


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _capacity_on(day):
    return Subquery(
        Capacity.objects.on(day).filter(structure=OuterRef("pk")).values("places")[:1],
        output_field=IntegerField(),
    )


def index(request):
    """The housing structures the user sees, with today's figures."""
    user = request.user
    today = timezone.localdate()
    current = (
        Stay.objects.current(today)
        .filter(structure=OuterRef("pk"), place__isnull=False)
        .values("structure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    structures = (
        Structure.objects.for_user(user)
        .housing()
        .annotate(
            authorised=_capacity_on(today),
            occupied=Coalesce(Subquery(current, output_field=IntegerField()), 0),
        )
        .order_by("name")
    )
    return render(
        request,
        "hebergement/index.html",
        {"structures": structures, "can_write": housing_structures_where_member(user).exists()},
    )


def board(request, pk):
    """A structure's board: today's places, expected arrivals, stays ending soon or past
    their planned end. A constant number of queries whatever the number of stays."""
    user = request.user
    structure = _readable_structure(user, pk)
    today = timezone.localdate()
    occupied_now = Stay.objects.current(today).filter(place=OuterRef("pk"))
    out_now = OutOfService.objects.on(today).filter(unit=OuterRef("unit"))
    counts = (
        Place.objects.filter(unit__structure=structure)
        .annotate(is_occupied=Exists(occupied_now), is_out=Exists(out_now))
        .aggregate(
            total=Count("pk"),
            occupied=Count("pk", filter=Q(is_occupied=True)),
            out_free=Count("pk", filter=Q(is_out=True, is_occupied=False)),
        )
    )
    counts["free"] = counts["total"] - counts["occupied"] - counts["out_free"]
    authorised = Capacity.objects.on(today).filter(structure=structure).first()
    current = (
        Stay.objects.current(today)
        .filter(structure=structure)
        .select_related("person", "place__unit")
        .order_by("planned_end_on", "person__last_name")
    )
    ending_soon = current.filter(
        planned_end_on__gte=today, planned_end_on__lte=today + datetime.timedelta(days=SOON_DAYS)
    )
    overdue = current.filter(planned_end_on__lt=today)
    expected = (
        Orientation.objects.filter(structure=structure, opinion="favourable", accepted=True)
        .exclude(Exists(Stay.objects.filter(orientation=OuterRef("pk"))))
        .select_related("person")
        .order_by("planned_arrival_on")
    )
    return render(
        request,
        "hebergement/board.html",
        {
            "structure": structure,
            "today": today,
            "counts": counts,
            "authorised": authorised,
            "ending_soon": list(ending_soon),
            "overdue": list(overdue),
            "expected": list(expected),
            "current_count": current.count(),
            "can_write": access.is_member(user, structure),
            "soon_days": SOON_DAYS,
        },
    )


# --------------------------------------------------------------------------- orientations


def orientation_list(request):
    user = request.user
    orientations = (
        Orientation.objects.for_user(user)
        .select_related("person", "structure", "household")
        .annotate(admitted=Exists(Stay.objects.filter(orientation=OuterRef("pk"))))
    )
    filters = OrientationFilter(request.GET, queryset=orientations, request=request)
    page = Paginator(filters.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "hebergement/orientation_list.html",
        {
            "filters": filters,
            "page": page,
            "can_write": housing_structures_where_member(user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def orientation_create(request):
    user = request.user
    if not housing_structures_where_member(user).exists():
        raise Http404
    form = OrientationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            orientation = services.receive_orientation(orientation=form.instance, user=user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Orientation enregistrée.")
            return redirect("hebergement:orientation_detail", pk=orientation.pk)
    return render(request, "hebergement/orientation_form.html", {"form": form})


def _orientation_in_scope(user, pk):
    return get_object_or_404(
        Orientation.objects.for_user(user).select_related("person", "structure", "household"),
        pk=pk,
    )


def orientation_detail(request, pk):
    user = request.user
    orientation = _orientation_in_scope(user, pk)
    can_write = access.is_member(user, orientation.structure)
    stays = list(orientation.stays.select_related("person", "place__unit"))
    context = {
        "orientation": orientation,
        "stays": stays,
        "can_write": can_write,
        "opinion_form": None,
        "answer_form": None,
    }
    if can_write and not stays:
        if orientation.opinion == "":
            context["opinion_form"] = OpinionForm(orientation=orientation)
        elif orientation.opinion == "favourable" and orientation.accepted is None:
            context["answer_form"] = AnswerForm(orientation=orientation)
    return render(request, "hebergement/orientation_detail.html", context)


@require_http_methods(["POST"])
def orientation_opinion(request, pk):
    user = request.user
    orientation = _orientation_in_scope(user, pk)
    _require_writer(user, orientation.structure)
    form = OpinionForm(request.POST, orientation=orientation)
    if form.is_valid():
        try:
            services.give_opinion(
                orientation=orientation,
                opinion=form.cleaned_data["opinion"],
                opinion_on=form.cleaned_data["opinion_on"],
                reason=form.cleaned_data["reason"].strip(),
                user=user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Avis enregistré.")
            return redirect("hebergement:orientation_detail", pk=orientation.pk)
    return render(
        request,
        "hebergement/orientation_detail.html",
        {"orientation": orientation, "opinion_form": form, "can_write": True, "stays": []},
    )


@require_http_methods(["POST"])
def orientation_answer(request, pk):
    user = request.user
    orientation = _orientation_in_scope(user, pk)
    _require_writer(user, orientation.structure)
    form = AnswerForm(request.POST, orientation=orientation)
    if form.is_valid():
        try:
            services.record_answer(
                orientation=orientation,
                accepted=form.cleaned_data["accepted"],
                answered_on=form.cleaned_data["answered_on"],
                planned_arrival_on=form.cleaned_data["planned_arrival_on"],
                user=user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Réponse enregistrée.")
            return redirect("hebergement:orientation_detail", pk=orientation.pk)
    return render(
        request,
        "hebergement/orientation_detail.html",
        {"orientation": orientation, "answer_form": form, "can_write": True, "stays": []},
    )


def _household_members(orientation):
    if orientation.household_id is None:
        return [orientation.person]
    members = (
        HouseholdMember.objects.filter(household_id=orientation.household_id)
        .select_related("person")
        .order_by("person__birth_date")
    )
    return [member.person for member in members]


@require_http_methods(["GET", "POST"])
def admission(request, pk):
    user = request.user
    orientation = _orientation_in_scope(user, pk)
    _require_writer(user, orientation.structure)
    if orientation.accepted is not True or orientation.stays.exists():
        raise Http404
    members = _household_members(orientation)
    form = AdmissionForm(request.POST or None, orientation=orientation, members=members)
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data.get("share_parent")
        admissions = [
            services.Admission(person, place, None if place else parent)
            for person, place in form.cleaned_data["admissions"]
        ]
        try:
            stays = services.admit_household(
                structure=orientation.structure,
                orientation=orientation,
                arrived_on=form.cleaned_data["arrived_on"],
                contract_signed_on=form.cleaned_data["contract_signed_on"],
                members=admissions,
                user=user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"Arrivée enregistrée : {len(stays)} personne{'s' * (len(stays) > 1)}."
            )
            return redirect("hebergement:stay_detail", pk=stays[0].pk)
    return render(
        request, "hebergement/admission_form.html", {"orientation": orientation, "form": form}
    )


# --------------------------------------------------------------------------- stays


# What a row of the stays list shows (hebergement/_stay_results.html): a whole person would
# have their phone number parsed for nothing.
STAY_ROW_FIELDS = (
    "arrived_on", "planned_end_on", "exited_on", "exit_outcome",
    "structure__name", "place__label", "place__unit__label",
    *related_fields("person", Person.NAME_FIELDS),
)  # fmt: skip


def stay_list(request):
    """Stays in the user's scope: filters, sorting, pages. Drill-down target of the figures."""
    user = request.user
    stays = Stay.objects.for_user(user).select_related("person", "structure", "place__unit")
    filters = StayFilter(request.GET, queryset=stays, request=request)
    if requested_format(request):
        return export_list(
            request, resource_class=StayExportResource, queryset=filters.qs, basename="sejours"
        )
    rows = filters.qs.only(*STAY_ROW_FIELDS)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "today": timezone.localdate(),
        "can_export": can_export(user),
    }
    if request.htmx and request.htmx.target == "stay-results":
        return render(request, "hebergement/_stay_results.html", context)
    return render(request, "hebergement/stay_list.html", context)


def _stay_in_scope(user, pk):
    return get_object_or_404(
        Stay.objects.for_user(user).select_related(
            "person", "structure", "place__unit", "shares_place_of__person", "orientation"
        ),
        pk=pk,
    )


def _household_current_stays(stay):
    """The stay and, with `whole_household`, the current stays of its household here."""
    if stay.household_id is None:
        return Stay.objects.filter(pk=stay.pk)
    return Stay.objects.filter(
        structure=stay.structure_id, household=stay.household_id, exited_on__isnull=True
    )


def _selected_stays(form, stay):
    """The stay alone, or with `whole_household` the household's current stays here."""
    if not form.cleaned_data["whole_household"]:
        return [stay]
    return list(_household_current_stays(stay).select_related("structure", "person"))


def stay_detail(request, pk):
    user = request.user
    stay = _stay_in_scope(user, pk)
    can_write = access.is_member(user, stay.structure)
    household = []
    if stay.household_id:
        household = list(
            Stay.objects.filter(household=stay.household_id, structure=stay.structure_id)
            .exclude(pk=stay.pk)
            .select_related("person", "place__unit")
        )
    open_stay = stay.exited_on is None
    return render(
        request,
        "hebergement/stay_detail.html",
        {
            "stay": stay,
            "household": household,
            "extensions": stay.extensions.all(),
            "participations": stay.financial_participations.all(),
            "can_write": can_write,
            "extension_form": ExtensionForm(stay=stay) if can_write and open_stay else None,
            "exit_form": ExitForm(stay=stay) if can_write and open_stay else None,
            "participation_form": ParticipationForm() if can_write else None,
            "today": timezone.localdate(),
        },
    )


def _stay_form_page(request, stay, form, title):
    return render(
        request, "hebergement/stay_action_form.html", {"stay": stay, "form": form, "title": title}
    )


@require_http_methods(["GET", "POST"])
def stay_extend(request, pk):
    user = request.user
    stay = _stay_in_scope(user, pk)
    _require_writer(user, stay.structure)
    if stay.exited_on is not None:
        raise Http404
    form = ExtensionForm(request.POST or None, stay=stay)
    if request.method == "POST" and form.is_valid():
        stays = _selected_stays(form, stay)
        try:
            extensions = services.extend_stays(
                stays=stays, decided_on=form.cleaned_data["decided_on"], user=user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Séjour prolongé jusqu'au {extensions[0].new_end_on:%d/%m/%Y} "
                f"({len(extensions)} personne{'s' * (len(extensions) > 1)}).",
            )
            return redirect("hebergement:stay_detail", pk=stay.pk)
    return _stay_form_page(request, stay, form, "Prolongation du séjour")


@require_http_methods(["GET", "POST"])
def stay_exit(request, pk):
    user = request.user
    stay = _stay_in_scope(user, pk)
    _require_writer(user, stay.structure)
    if stay.exited_on is not None:
        raise Http404
    form = ExitForm(request.POST or None, stay=stay)
    if request.method == "POST" and form.is_valid():
        stays = _selected_stays(form, stay)
        data = form.cleaned_data
        try:
            done = services.record_exit(
                stays=stays,
                exited_on=data["exited_on"],
                outcome=data["outcome"],
                employment_at_exit=data["employment_at_exit"],
                note=data["note"],
                user=user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"Sortie enregistrée ({len(done)} personne{'s' * (len(done) > 1)})."
            )
            return redirect("hebergement:stay_detail", pk=stay.pk)
    return _stay_form_page(request, stay, form, "Sortie du séjour")


@require_http_methods(["GET", "POST"])
def participation_create(request, pk):
    user = request.user
    stay = _stay_in_scope(user, pk)
    _require_writer(user, stay.structure)
    form = ParticipationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participation = form.save(commit=False)
        participation.stay = stay
        try:
            services.record_participation(participation=participation, user=user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Participation financière enregistrée.")
            return redirect(reverse("hebergement:stay_detail", args=[stay.pk]) + "#participations")
    return _stay_form_page(request, stay, form, "Participation financière")
