"""Views of the core app: caseload, person file, follow-ups."""

from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ftda import access
from ftda.caseload import extras_for_page, prepare_rows
from ftda.enums import AccessAction, MembershipRole
from ftda.exports import can_export, export_list, requested_format
from ftda.filters import PersonFilter
from ftda.forms import FollowUpForm, PersonCreateForm, PersonForm, offer_choices
from ftda.models import FollowUp, HouseholdMember, Pathway, Person, Structure, User, related_fields
from ftda.pagination import WindowCountPaginator
from ftda.resources import PersonResource
from ftda.services import StaleEdit, create_person, log_access, log_follow_up, update_person

FOLLOW_UPS_SHOWN = 50


def _last_contact_in_my_structures(user):
    return Subquery(
        FollowUp.objects.for_user(user)
        .filter(person=OuterRef("pk"))
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )


def _pathways_prefetch():
    """The pathways a caseload row shows (scheme badges, first open start), with only the
    columns it reads: the structure's address and the like stay in the database."""
    return Prefetch(
        "pathways",
        queryset=Pathway.objects.select_related("structure")
        .only("person_id", "structure_id", "started_on", "ended_on", "structure__name")
        .order_by("-started_on"),
    )


# What a caseload row reads of a person (ftda.caseload.prepare_rows): the phone number, for
# one, would be parsed for nothing on each row.
CASELOAD_ROW_FIELDS = (*Person.NAME_FIELDS, "birth_date")


def caseload(request):
    """*Mes personnes suivies*: the people supported in the user's structures."""
    user = request.user
    open_only = not PersonFilter.shows_closed(request.GET)
    persons = Person.objects.for_user(user, open_only=open_only).prefetch_related(
        _pathways_prefetch()
    )
    if access.member_structure_ids(user):
        # The one figure the list sorts on; the rest of a row is read for its page only
        # (ftda.caseload.extras_for_page). Without a membership no follow-up is readable:
        # no annotation at all, since even a constant one makes PostgreSQL project every
        # person before sorting them (the direction's list: 15 ms became 26 ms).
        persons = persons.annotate(last_contact_on=_last_contact_in_my_structures(user))
    filters = PersonFilter(request.GET, queryset=persons, request=request)
    if requested_format(request):
        return export_list(
            request,
            resource_class=PersonResource,
            queryset=filters.qs,
            basename="personnes-suivies",
        )
    # One query for the page and its count, but for the whole directory unfiltered
    # (ftda.pagination: the window would keep all 50,000 persons).
    one_query = bool(access.member_structure_ids(user) or request.GET.get("q", "").strip())
    paginator = (WindowCountPaginator if one_query else Paginator)(
        filters.qs.only(*CASELOAD_ROW_FIELDS), settings.PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    prepare_rows(page.object_list, extras_for_page(request, page.object_list), today)
    context = {
        "filters": filters,
        "page": page,
        "today": today,
        "can_export": can_export(user),
    }
    if request.htmx and request.htmx.target == "caseload-results":
        return render(request, "ftda/_caseload_results.html", context)
    return render(request, "ftda/caseload.html", context)


def _structures_writing_for(user, person):
    """The user's structures that support `person`: where they may log a follow-up."""
    return Structure.objects.where_member(user).filter(pathways__person=person).distinct()


def _person_in_scope(user, pk):
    return get_object_or_404(Person.objects.for_user(user), pk=pk)


def _app_panels(request, person):
    """Sections each app adds to the person's file: `<app>.panels.person_panel(request,
    person)` returns `(template_name, context)` or None. Each must stay within the user's
    scope and run a constant number of queries."""
    panels = []
    for app in settings.DEMO_APPS:
        try:
            module = import_module(f"{app}.panels")
        except ModuleNotFoundError:
            continue
        panel = module.person_panel(request, person)
        if panel is not None:
            panels.append(panel)
    return panels


# The columns the person's file shows of household members and follow-ups
# (ftda/_follow_up_item.jinja): whole users and persons would carry a password hash and a
# phone number parsed for nothing.
HOUSEHOLD_MEMBER_FIELDS = (
    "household_id", "relationship", "person__birth_date",
    *related_fields("person", Person.NAME_FIELDS),
)  # fmt: skip
FOLLOW_UP_ITEM_FIELDS = (
    "person_id", "occurred_on", "kind", "topics", "note", "next_step", "next_step_due_on",
    "structure__name", *related_fields("author", User.NAME_FIELDS),
)  # fmt: skip


def person_detail(request, pk):
    user = request.user
    person = _person_in_scope(user, pk)
    pathways = list(person.pathways.select_related("structure").order_by("-started_on"))
    # Where the user works, and where they manage (right of access): the memberships every
    # part of the page shares, loaded once per request.
    memberships = access.membership_summary(user)
    my_structure_ids = {structure_id for structure_id, _, _ in memberships}
    managed_ids = {sid for sid, _, role in memberships if role == MembershipRole.MANAGER}
    through = next((p.structure for p in pathways if p.structure_id in my_structure_ids), None)
    log_access(request=request, action=AccessAction.VIEW_PERSON, person=person, structure=through)

    household_members = (
        HouseholdMember.objects.filter(household__members__person=person)
        .select_related("person")
        .only(*HOUSEHOLD_MEMBER_FIELDS)
        .order_by("person__birth_date")
    )
    follow_ups = (
        FollowUp.objects.for_user(user)
        .filter(person=person)
        .select_related("author", "structure")
        .only(*FOLLOW_UP_ITEM_FIELDS)[:FOLLOW_UPS_SHOWN]
    )
    writable = [p.structure for p in pathways if p.structure_id in my_structure_ids]
    writable = list({s.pk: s for s in writable}.values())
    form = None
    if writable:
        form = FollowUpForm(
            structures=Structure.objects.filter(pk__in=[s.pk for s in writable]),
            initial={"structure": writable[0].pk},
        )
        # Known here, in the queryset's order: no query for the options.
        offer_choices(form.fields["structure"], [(s.pk, str(s)) for s in sorted(writable, key=str)])
    return render(
        request,
        "ftda/person_detail.html",
        {
            "person": person,
            "panels": _app_panels(request, person),
            "pathways": pathways,
            "household_members": household_members,
            "follow_ups": follow_ups,
            "form": form,
            "can_write": bool(writable),
            "can_produce_personal_data": any(p.structure_id in managed_ids for p in pathways),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def follow_up_create(request, pk):
    """Log a follow-up. With htmx, the form is swapped in place: from the person's file, or
    inline in the caseload (`?depuis=liste`), where the form opens with one click."""
    user = request.user
    person = _person_in_scope(user, pk)
    structures = _structures_writing_for(user, person)
    if not structures.exists():
        raise Http404
    inline = request.GET.get("depuis") == "liste" or request.POST.get("depuis") == "liste"
    template = "ftda/_follow_up_inline.html" if inline else "ftda/_follow_up_form.html"
    if request.method == "GET":
        form = FollowUpForm(structures=structures, initial={"structure": structures[0].pk})
        if not request.htmx:
            return render(
                request, "ftda/follow_up_form_page.html", {"person": person, "form": form}
            )
        return render(request, template, {"person": person, "form": form})

    form = FollowUpForm(request.POST, structures=structures)
    created = None
    if form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.person = person
        created = log_follow_up(follow_up=follow_up, author=user)
        if not request.htmx:
            messages.success(request, "Suivi enregistré.")
            return redirect("ftda:person_detail", pk=person.pk)
        form = FollowUpForm(structures=structures, initial={"structure": created.structure_id})
    elif not request.htmx:
        return render(request, "ftda/follow_up_form_page.html", {"person": person, "form": form})
    return render(
        request, template, {"person": person, "form": form, "created": created, "oob": True}
    )


def person_create(request):
    user = request.user
    if not access.membership_summary(user):
        raise Http404
    form = PersonCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        create_person(
            person=person,
            structure=form.cleaned_data["structure"],
            started_on=form.cleaned_data["started_on"],
            created_by=user,
        )
        messages.success(request, f"Le dossier de {person} est créé.")
        return redirect("ftda:person_detail", pk=person.pk)
    visible_ids = set()
    if form.duplicates:
        visible_ids = set(
            Person.objects.for_user(user)
            .filter(pk__in=[d.pk for d in form.duplicates])
            .values_list("pk", flat=True)
        )
    return render(
        request,
        "ftda/person_form.html",
        {"form": form, "duplicates": form.duplicates, "visible_ids": visible_ids},
    )


def person_update(request, pk):
    user = request.user
    person = _person_in_scope(user, pk)
    if not _structures_writing_for(user, person).exists():
        raise Http404
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            update_person(person=form.instance, expected_version=form.cleaned_data["version"])
        except StaleEdit:
            form.add_error(
                None,
                "Ce dossier a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert. "
                "Rechargez la page pour voir sa version actuelle, puis refaites vos changements.",
            )
        else:
            messages.success(request, "Dossier mis à jour.")
            return redirect("ftda:person_detail", pk=person.pk)
    return render(request, "ftda/person_form.html", {"form": form, "person": person})


def home(request):
    """Admins without casework land in the back office, everyone else on their caseload."""
    user = request.user
    configures_only = not access.sees_all_structures(user) and not access.membership_summary(user)
    if user.is_staff and configures_only:
        return redirect("admin:index")
    return redirect("ftda:caseload")
