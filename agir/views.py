"""Views of the AGIR app. Reads go through `for_user` (out of scope is 404); casework is for
the platform's members, entries and referents for its managers, the direction reads."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from agir import forms, services
from agir.enums import GOAL_CLOSED, Domain, ReferentRole
from agir.filters import PathwayFilter, ReferralFilter
from agir.models import (
    AgirPathway,
    Diagnostic,
    Goal,
    ReferentAssignment,
    Referral,
)
from agir.resources import AgirPathwayResource, ReferralResource
from ftda import access
from ftda.enums import AccessAction, MembershipRole
from ftda.exports import can_export, export_list, requested_format
from ftda.models import FollowUp, Person, related_fields
from ftda.services import log_access

User = get_user_model()

LIMIT_WARNING_DAYS = 60
NO_FOLLOW_UP_DAYS = 30
# The caseload's alert filters: the value of `?alerte=` in its links → the alert's name.
ALERT_PARAMETERS = {
    "limite": "near_limit",
    "diagnostic": "no_diagnostic",
    "sans_suivi": "no_follow_up",
}


# --------------------------------------------------------------------------- helpers


def _pathway_in_scope(user, pk, *also_related):
    return get_object_or_404(
        AgirPathway.objects.for_user(user).select_related("person", "platform", *also_related),
        pk=pk,
    )


def _casework_pathway(user, pk):
    """A pathway the user may write on: a member of its platform (404 otherwise)."""
    pathway = _pathway_in_scope(user, pk)
    if not access.is_member(user, pathway.platform):
        raise Http404
    return pathway


def _managed_pathway(user, pk):
    pathway = _pathway_in_scope(user, pk)
    if not access.is_member(user, pathway.platform, roles=[MembershipRole.MANAGER]):
        raise Http404
    return pathway


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def current_assignments_prefetch(on=None):
    return Prefetch(
        "assignments",
        queryset=ReferentAssignment.objects.current(on).select_related("user").order_by("role"),
        to_attr="current_assignments",
    )


def _alerts(pathway, today):
    alerts = []
    if pathway.ended_on is None:
        if pathway.planned_end_on <= today + datetime.timedelta(days=LIMIT_WARNING_DAYS):
            alerts.append(("danger", f"24 mois le {pathway.planned_end_on:%d/%m/%Y}"))
        if not pathway.has_diagnostic:
            alerts.append(("warning", "Diagnostic à faire"))
        last = getattr(pathway, "last_follow_up_on", None)
        reference = last or pathway.entered_on
        if (today - reference).days > NO_FOLLOW_UP_DAYS:
            alerts.append(("warning", f"Aucun suivi depuis {NO_FOLLOW_UP_DAYS} jours"))
    return alerts


# --------------------------------------------------------------------------- caseload


def _referent_for_caseload(request):
    """The user themselves; a manager or the direction may look at another referent's
    caseload (`?referent=`), within their scope."""
    user = request.user
    wanted = request.GET.get("referent")
    if not wanted or not wanted.isdigit() or int(wanted) == user.pk:
        return user, None
    if not (access.sees_all_structures(user) or access.is_manager_somewhere(user)):
        raise Http404
    choices = _referent_choices(user)
    return get_object_or_404(choices, pk=int(wanted)), choices


def _referent_choices(user):
    if access.sees_all_structures(user):
        pathways = AgirPathway.objects.all()
    else:
        pathways = AgirPathway.objects.filter(
            platform_id__in=access.member_structure_ids(user, roles=[MembershipRole.MANAGER])
        )
    return (
        User.objects.filter(agir_assignments__pathway__in=pathways)
        .distinct()
        .order_by("last_name", "first_name")
    )


def _add_referents(pathways, referent, today):
    """Sets on each pathway of a caseload's page `my_role_label`, the referent's current role
    in it, and `partner_referents`, the names of its other current referents: one query for
    the page, reading the users' names only."""
    rows = (
        ReferentAssignment.objects.current(today)
        .filter(pathway_id__in=[pathway.pk for pathway in pathways])
        .order_by("role")
        .values_list(
            "pathway_id", "user_id", "role", "user__first_name", "user__last_name",
            "user__username",
        )
    )  # fmt: skip
    roles = dict(ReferentRole.choices)
    my_roles, partners = {}, defaultdict(list)
    for pathway_id, user_id, role, first_name, last_name, username in rows:
        if user_id == referent.pk:
            my_roles.setdefault(pathway_id, roles.get(role, ""))
        else:
            partners[pathway_id].append(f"{first_name} {last_name}".strip() or username)
    for pathway in pathways:
        pathway.my_role_label = my_roles.get(pathway.pk, "")
        pathway.partner_referents = partners.get(pathway.pk, [])


# What a row of the caseload reads (agir/caseload.html, `_alerts`): a whole person would
# have their phone number parsed for nothing.
CASELOAD_ROW_FIELDS = (
    "entered_on", "planned_end_on", "ended_on", "platform__name",
    *related_fields("person", Person.NAME_FIELDS),
)  # fmt: skip


def caseload(request):
    """*Mes parcours AGIR*: the people the referent follows, with what needs doing."""
    user = request.user
    referent, _ = _referent_for_caseload(request)
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=LIMIT_WARNING_DAYS)
    quiet_since = today - datetime.timedelta(days=NO_FOLLOW_UP_DAYS)
    open_goals = Goal.objects.filter(pathway=OuterRef("pk")).exclude(status__in=GOAL_CLOSED)
    next_goal = open_goals.filter(due_on__isnull=False).order_by("due_on", "pk")
    # What the alerts count on: the summary aggregates these two columns only.
    counted = (
        AgirPathway.objects.for_user(user)
        .open()
        .followed_by(referent, today)
        .annotate(
            has_diagnostic=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))),
            last_follow_up_on=Subquery(
                FollowUp.objects.filter(
                    person=OuterRef("person_id"), structure=OuterRef("platform_id")
                )
                .order_by("-occurred_on")
                .values("occurred_on")[:1]
            ),
        )
    )
    alert = request.GET.get("alerte", "")
    alerts = {
        "near_limit": Q(planned_end_on__lte=soon),
        "no_diagnostic": Q(has_diagnostic=False),
        "no_follow_up": Q(last_follow_up_on__lt=quiet_since)
        | Q(last_follow_up_on__isnull=True, entered_on__lt=quiet_since),
    }
    selected = ALERT_PARAMETERS.get(alert)
    summary = counted.aggregate(
        total=Count("pk"), **{name: Count("pk", filter=rows) for name, rows in alerts.items()}
    )
    pathways = (
        counted.filter(alerts.get(selected, Q()))
        .select_related("person", "platform")
        .only(*CASELOAD_ROW_FIELDS)
        .annotate(
            next_goal_title=Subquery(next_goal.values("title")[:1]),
            next_goal_due_on=Subquery(next_goal.values("due_on")[:1]),
        )
        .order_by("next_goal_due_on", "planned_end_on", "pk")
    )
    paginator = Paginator(pathways, settings.PAGE_SIZE)
    # The summary has counted these rows already: no COUNT query of the paginator's own.
    paginator.count = summary[selected or "total"]
    page = paginator.get_page(request.GET.get("page"))
    _add_referents(page.object_list, referent, today)
    for pathway in page.object_list:
        pathway.alerts = _alerts(pathway, today)
    choices = None
    if access.sees_all_structures(user) or access.is_manager_somewhere(user):
        choices = _referent_choices(user)
    return render(
        request,
        "agir/caseload.html",
        {
            "referent": referent,
            "is_self": referent == user,
            "referent_choices": choices,
            "page": page,
            "summary": summary,
            "alert": alert,
            "today": today,
        },
    )


# --------------------------------------------------------------------------- lists


def pathway_list(request):
    user = request.user
    queryset = (
        AgirPathway.objects.for_user(user)
        .select_related("person", "platform")
        .annotate(has_diagnostic=Exists(Diagnostic.objects.filter(pathway=OuterRef("pk"))))
        .prefetch_related(current_assignments_prefetch())
    )
    filters = PathwayFilter(request.GET, queryset=queryset, request=request)
    rows = filters.qs
    if not filters.form.is_valid() or not filters.form.cleaned_data.get("tri"):
        rows = rows.order_by("-entered_on", "pk")
    if requested_format(request):
        return export_list(
            request,
            resource_class=AgirPathwayResource,
            queryset=rows.select_related("person", "platform"),
            basename="parcours-agir",
        )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "today": timezone.localdate(),
        "can_export": can_export(user),
    }
    if request.htmx and request.htmx.target == "agir-results":
        return render(request, "agir/_pathway_results.html", context)
    return render(request, "agir/pathway_list.html", context)


def referral_list(request):
    user = request.user
    queryset = Referral.objects.for_user(user).select_related(
        "partner", "pathway__person", "pathway__platform"
    )
    filters = ReferralFilter(request.GET, queryset=queryset, request=request)
    rows = filters.qs
    if not filters.form.is_valid() or not filters.form.cleaned_data.get("tri"):
        rows = rows.order_by("-referred_on", "-pk")
    if requested_format(request):
        return export_list(
            request, resource_class=ReferralResource, queryset=rows, basename="orientations-agir"
        )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_export": can_export(user)}
    if request.htmx and request.htmx.target == "agir-results":
        return render(request, "agir/_referral_results.html", context)
    return render(request, "agir/referral_list.html", context)


# --------------------------------------------------------------------------- pathway page


def _detail_context(request, pathway, **forms_given):
    roles = {
        role
        for structure_id, _, role in access.membership_summary(request.user)
        if structure_id == pathway.platform_id
    }
    is_member = bool(roles)
    can_write = pathway.ended_on is None and is_member
    diagnostic = getattr(pathway, "diagnostic", None)  # None when there is none yet
    assignments = list(
        ReferentAssignment.objects.filter(pathway=pathway)
        .select_related("user")
        .order_by("role", "-started_on")
    )
    today = timezone.localdate()
    current = [
        a
        for a in assignments
        if a.started_on <= today and (a.ended_on is None or a.ended_on > today)
    ]
    goals = list(pathway.goals.order_by("status", "due_on", "pk"))
    referrals = list(pathway.referrals.select_related("partner"))
    context = {
        "pathway": pathway,
        "person": pathway.person,
        "can_write": can_write,
        # Need to know: comments are read by the platform's team only.
        "shows_comments": is_member,
        "is_manager": MembershipRole.MANAGER in roles,
        "diagnostic": diagnostic,
        "needs": sorted(
            diagnostic.needs.all() if diagnostic else [],
            key=lambda n: list(Domain.values).index(n.domain),
        ),
        "assignments": assignments,
        "current_assignments": current,
        "goals": goals,
        "referrals": referrals,
        "housing_solutions": list(pathway.housing_solutions.all()),
        "employment_solutions": list(pathway.employment_solutions.all()),
        "today": today,
        "limit_soon": pathway.ended_on is None
        and pathway.planned_end_on <= today + datetime.timedelta(days=LIMIT_WARNING_DAYS),
    }
    if can_write:
        context.update(
            diagnostic_form=forms_given.get("diagnostic_form")
            or forms.DiagnosticForm(diagnostic=diagnostic),
            goal_form=forms_given.get("goal_form") or forms.GoalForm(),
            goal_status_form=forms.goal_status_form(),
            referral_form=forms_given.get("referral_form")
            or forms.ReferralForm(platform=pathway.platform),
            referral_status_form=forms.referral_status_form(),
            housing_form=forms_given.get("housing_form")
            or forms.HousingSolutionForm(prefix="logement"),
            employment_form=forms_given.get("employment_form")
            or forms.EmploymentSolutionForm(prefix="emploi"),
            exit_form=forms_given.get("exit_form") or forms.ExitForm(prefix="sortie"),
        )
    return context


def pathway_detail(request, pk):
    pathway = _pathway_in_scope(request.user, pk, "diagnostic__author")
    log_access(
        request=request,
        action=AccessAction.VIEW_PERSON,
        person=pathway.person,
        structure=pathway.platform,
    )
    return render(request, "agir/pathway_detail.html", _detail_context(request, pathway))


SECTIONS = {
    "diagnostic_form": "agir/_section_diagnostic.html",
    "goal_form": "agir/_section_goals.html",
    "referral_form": "agir/_section_referrals.html",
    "housing_form": "agir/_section_solutions.html",
    "employment_form": "agir/_section_solutions.html",
    "exit_form": "agir/_section_exit.html",
}


def _respond(request, pathway, form_name, form, *, saved_message=None):
    """After a casework POST: a redirect (or, with htmx, the section re-rendered); when the
    form is invalid, the page or the section with the errors and what was typed."""
    if saved_message and not request.htmx:
        messages.success(request, saved_message)
        return redirect("agir:pathway_detail", pk=pathway.pk)
    given = {} if saved_message else {form_name: form}
    context = _detail_context(request, pathway, **given)
    context["saved_message"] = saved_message
    if request.htmx:
        return render(request, SECTIONS[form_name], context)
    return render(request, "agir/pathway_detail.html", context)


def _run(form, action):
    """Call a service; its refusal becomes the form's errors. True when saved."""
    try:
        action()
    except ValidationError as error:
        _add_errors(form, error)
        return False
    return True


@require_POST
def diagnostic(request, pk):
    pathway = _casework_pathway(request.user, pk)
    form = forms.DiagnosticForm(request.POST)
    saved = form.is_valid() and _run(
        form,
        lambda: services.record_diagnostic(
            pathway=pathway,
            done_on=form.cleaned_data["done_on"],
            needs=form.needs(),
            author=request.user,
        ),
    )
    return _respond(
        request, pathway, "diagnostic_form", form, saved_message=saved and "Diagnostic enregistré."
    )


def _create_on_pathway(request, pk, *, form_name, make_form, save, message):
    """A casework record added to a pathway from a ModelForm, through its service."""
    pathway = _casework_pathway(request.user, pk)
    form = make_form(request.POST, pathway)
    saved = False
    if form.is_valid():
        record = form.save(commit=False)
        record.pathway = pathway
        saved = _run(form, lambda: save(record, request.user))
    return _respond(request, pathway, form_name, form, saved_message=saved and message)


@require_POST
def goal_create(request, pk):
    return _create_on_pathway(
        request,
        pk,
        form_name="goal_form",
        make_form=lambda data, pathway: forms.GoalForm(data),
        save=lambda goal, user: services.add_goal(goal=goal, author=user),
        message="Objectif ajouté.",
    )


@require_POST
def referral_create(request, pk):
    return _create_on_pathway(
        request,
        pk,
        form_name="referral_form",
        make_form=lambda data, pathway: forms.ReferralForm(data, platform=pathway.platform),
        save=lambda referral, user: services.add_referral(referral=referral, author=user),
        message="Orientation enregistrée.",
    )


@require_POST
def housing_create(request, pk):
    return _create_on_pathway(
        request,
        pk,
        form_name="housing_form",
        make_form=lambda data, pathway: forms.HousingSolutionForm(data, prefix="logement"),
        save=lambda solution, user: services.add_housing_solution(solution=solution, author=user),
        message="Solution logement enregistrée.",
    )


@require_POST
def employment_create(request, pk):
    return _create_on_pathway(
        request,
        pk,
        form_name="employment_form",
        make_form=lambda data, pathway: forms.EmploymentSolutionForm(data, prefix="emploi"),
        save=lambda solution, user: services.add_employment_solution(
            solution=solution, author=user
        ),
        message="Solution emploi ou formation enregistrée.",
    )


@require_POST
def goal_status(request, pk):
    goal = get_object_or_404(Goal.objects.for_user(request.user), pk=pk)
    pathway = _casework_pathway(request.user, goal.pathway_id)
    form = forms.goal_status_form(request.POST)
    saved = form.is_valid() and _run(
        form,
        lambda: services.set_goal_status(
            goal=goal,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            author=request.user,
        ),
    )
    return _after_status_change(request, pathway, "goal_form", form, saved, "Objectif mis à jour.")


@require_POST
def referral_status(request, pk):
    referral = get_object_or_404(Referral.objects.for_user(request.user), pk=pk)
    pathway = _casework_pathway(request.user, referral.pathway_id)
    form = forms.referral_status_form(request.POST)
    saved = form.is_valid() and _run(
        form,
        lambda: services.set_referral_status(
            referral=referral,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            author=request.user,
        ),
    )
    return _after_status_change(
        request, pathway, "referral_form", form, saved, "Orientation mise à jour."
    )


def _after_status_change(request, pathway, section, form, saved, message):
    if saved:
        return _respond(request, pathway, section, None, saved_message=message)
    error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:
        context = _detail_context(request, pathway)
        context["status_error"] = error
        return render(request, SECTIONS[section], context)
    messages.error(request, error)
    return redirect("agir:pathway_detail", pk=pathway.pk)


@require_POST
def exit_view(request, pk):
    pathway = _casework_pathway(request.user, pk)
    form = forms.ExitForm(request.POST, prefix="sortie")
    saved = form.is_valid() and _run(
        form,
        lambda: services.exit_pathway(
            pathway=pathway,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["end_reason"],
            closed_by=request.user,
        ),
    )
    if saved:
        messages.success(request, "Sortie enregistrée : le parcours est terminé.")
        return redirect("agir:pathway_detail", pk=pathway.pk)
    return _respond(request, pathway, "exit_form", form)


# --------------------------------------------------------------------------- managers


def entry(request, person_pk):
    """Record a person's entry into AGIR (managers of a platform)."""
    user = request.user
    person = get_object_or_404(Person.objects.for_user(user), pk=person_pk)
    if not forms.managed_platforms(user).exists():
        raise Http404
    form = forms.EntryForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        if _run(
            form,
            lambda: created.append(services.enter(person=person, recorded_by=user, **data)),
        ):
            messages.success(request, f"Entrée de {person} dans {data['platform']} enregistrée.")
            return redirect("agir:pathway_detail", pk=created[0].pk)
    return render(request, "agir/entry_form.html", {"form": form, "person": person})


def referents(request, pk):
    pathway = _managed_pathway(request.user, pk)
    if pathway.ended_on is not None:
        raise Http404
    current = {a.role: a.user for a in ReferentAssignment.objects.current().filter(pathway=pathway)}
    initial = {
        "rights_housing": current.get(ReferentRole.RIGHTS_HOUSING),
        "employment_training": current.get(ReferentRole.EMPLOYMENT_TRAINING),
    }
    form = forms.ReferentsForm(request.POST or None, pathway=pathway, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.assign_referents(
                pathway=pathway,
                on=form.cleaned_data["on"],
                assigned_by=request.user,
                referents=form.referents(),
            ),
        )
    ):
        messages.success(request, "Référents enregistrés.")
        return redirect("agir:pathway_detail", pk=pathway.pk)
    history = ReferentAssignment.objects.filter(pathway=pathway).select_related("user")
    return render(
        request,
        "agir/referents_form.html",
        {"form": form, "pathway": pathway, "history": history},
    )


def bulk_reassign(request):
    """Hand a leaving referent's whole caseload over to a colleague, in one action."""
    user = request.user
    platforms = forms.managed_platforms(user)
    if not platforms.exists():
        raise Http404
    form = forms.BulkReassignForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moved = []
        if _run(
            form,
            lambda: moved.append(
                services.reassign_caseload(
                    platform=data["platform"],
                    leaving=data["leaving"],
                    replacement=data["replacement"],
                    on=data["on"],
                    assigned_by=user,
                )
            ),
        ):
            messages.success(
                request,
                f"{moved[0]} parcours de {data['leaving']} confié{'s' if moved[0] > 1 else ''} "
                f"à {data['replacement']} à partir du {data['on']:%d/%m/%Y}.",
            )
            return redirect("agir:bulk_reassign")
    today = timezone.localdate()
    caseloads = (
        ReferentAssignment.objects.current(today)
        .filter(pathway__platform__in=platforms, pathway__ended_on__isnull=True)
        .values("user__first_name", "user__last_name", "user__username", "pathway__platform__name")
        .annotate(count=Count("pk"))
        .order_by("pathway__platform__name", "user__last_name")
    )
    return render(request, "agir/bulk_reassign.html", {"form": form, "caseloads": caseloads})
