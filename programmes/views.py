"""Views of the programmes. Everything is read through `for_user`; out of scope is 404.

Reading: the programme's team and the direction. Writing: the programme's team only.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ftda import access
from ftda.exports import can_export, export_list, requested_format
from ftda.models import Partner, Pathway, Person, related_fields
from programmes import forms, matching, services
from programmes.enums import DuoStatus, ParticipantGroup, Scheme
from programmes.filters import (
    ActivityFilter,
    CookingEventFilter,
    DuoFilter,
    MobilityFilter,
    ParticipantFilter,
    VolunteerFilter,
)
from programmes.models import (
    Attendance,
    CollectiveActivity,
    CookingEvent,
    CookingParticipant,
    Duo,
    DuoMeeting,
    GroupCount,
    MobilityPathway,
    Participant,
    Volunteer,
    member_programme_ids,
    programmes_of,
)
from programmes.regularity import calendar_months_without_meeting, duo_months
from programmes.resources import (
    CookingEventResource,
    DuoResource,
    MobilityPathwayResource,
    VolunteerResource,
)

MATCHES_SHOWN = 20


# --------------------------------------------------------------------------- helpers


def _readable_or_404(user, scheme):
    if not (access.sees_all_structures(user) or member_programme_ids(user, scheme)):
        raise Http404


def _writable_or_404(user, scheme):
    if not member_programme_ids(user, scheme):
        raise Http404
    return programmes_of(user, scheme, writable=True)


def _member_or_404(user, structure):
    if not access.is_member(user, structure):
        raise Http404


def _apply_errors(form, error):
    """Turn a service's ValidationError into form errors (never a 500)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _page(request, queryset):
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _list(
    request,
    *,
    scheme,
    filterset,
    template,
    title,
    create_url=None,
    export=None,
    extra=None,
    row_fields=None,
):
    """A scoped, filtered, paginated list; `export=(resource_class, basename)` offers
    CSV/XLSX downloads of the same filtered rows (managers and the direction).
    `row_fields`: the only columns the page's rows read (the export reads them all)."""
    user = request.user
    _readable_or_404(user, scheme)
    if export and requested_format(request):
        resource_class, basename = export
        return export_list(
            request, resource_class=resource_class, queryset=filterset.qs, basename=basename
        )
    rows = filterset.qs.only(*row_fields) if row_fields else filterset.qs
    page = _page(request, rows)
    can_write = bool(member_programme_ids(user, scheme))
    context = {
        "filters": filterset,
        "page": page,
        "title": title,
        "create_url": create_url if can_write else None,
        "can_write": can_write,
        "today": timezone.localdate(),
        "results_template": template,
        "can_export": bool(export) and can_export(user),
        "advanced_open": any(request.GET.get(name) for name in list(filterset.form.fields)[4:]),
        **(extra or {}),
    }
    if request.htmx and request.htmx.target == "list-results":
        return render(request, template, context)
    return render(request, "programmes/list.html", context)


def _persons_supported_now(user):
    """Persons with an open pathway in one of the user's structures: whom they may enrol
    (a person is first created, or supported, by the programme through the core)."""
    open_here = Pathway.objects.open().filter(
        person=OuterRef("pk"), structure_id__in=access.member_structure_ids(user)
    )
    return Person.objects.for_user(user).filter(Exists(open_here))


# --------------------------------------------------------------------------- Duos de demain


def _duos(user):
    month = timezone.localdate().replace(day=1)
    last_meeting = DuoMeeting.objects.filter(duo=OuterRef("pk")).order_by("-occurred_on")
    meetings = (
        DuoMeeting.objects.filter(duo=OuterRef("pk"))
        .order_by()
        .values("duo")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Duo.objects.for_user(user)
        .with_regularity()
        .select_related("person", "volunteer", "programme")
        .annotate(
            last_meeting_on=Subquery(last_meeting.values("occurred_on")[:1]),
            meeting_count=Subquery(meetings),
            met_this_month=Exists(
                DuoMeeting.objects.filter(duo=OuterRef("pk"), occurred_on__gte=month)
            ),
        )
    )


# What a row of the duos list shows (programmes/_duo_results.html): whole persons and
# volunteers would have their phone numbers parsed for nothing.
DUO_ROW_FIELDS = (
    "started_on", "planned_end_on", "status", "ended_on", "programme__name",
    *related_fields("person", Person.NAME_FIELDS),
    *related_fields("volunteer", Volunteer.NAME_FIELDS),
)  # fmt: skip


def duo_list(request):
    filterset = DuoFilter(request.GET, queryset=_duos(request.user), request=request)
    return _list(
        request,
        scheme=Scheme.DUOS,
        filterset=filterset,
        template="programmes/_duo_results.html",
        title="Duos de demain · duos",
        export=(DuoResource, "duos"),
        row_fields=DUO_ROW_FIELDS,
    )


def duo_detail(request, pk):
    user = request.user
    duo = get_object_or_404(_duos(user), pk=pk)
    meetings = list(duo.meetings.all())
    dates = [m.occurred_on for m in meetings]
    today = timezone.localdate()
    can_write = access.is_member(user, duo.programme)
    return render(
        request,
        "programmes/duo_detail.html",
        {
            "duo": duo,
            "meetings": meetings,
            "months": duo_months(duo.started_on, dates),
            "missing_months": calendar_months_without_meeting(
                duo.started_on, duo.ended_on, dates, today
            ),
            "form": forms.MeetingForm(initial={"occurred_on": today}) if can_write else None,
            "can_write": can_write,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    user = request.user
    duo = get_object_or_404(Duo.objects.for_user(user).select_related("programme"), pk=pk)
    _member_or_404(user, duo.programme)
    form = forms.MeetingForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.duo = duo
        try:
            services.log_meeting(meeting=meeting, author=user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, "Rencontre enregistrée.")
                return redirect("programmes:duo_detail", pk=duo.pk)
            form = forms.MeetingForm(initial={"occurred_on": timezone.localdate()})
    meetings = list(duo.meetings.all())
    context = {"duo": duo, "form": form, "meetings": meetings, "can_write": True}
    if request.htmx:
        return render(request, "programmes/_meetings.html", context)
    return render(request, "programmes/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
def duo_end(request, pk):
    user = request.user
    duo = get_object_or_404(Duo.objects.for_user(user).select_related("programme"), pk=pk)
    _member_or_404(user, duo.programme)
    if duo.status != DuoStatus.ONGOING:
        messages.info(request, "Ce duo est déjà clos.")
        return redirect("programmes:duo_detail", pk=duo.pk)
    form = forms.DuoEndForm(
        request.POST or None,
        duo=duo,
        initial={"ended_on": min(timezone.localdate(), duo.planned_end_on)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_duo(
                duo=duo,
                status=data["status"],
                ended_on=data["ended_on"],
                reason=data["reason"],
                author=user,
            )
        except ValidationError as error:
            duo.refresh_from_db()
            _apply_errors(form, error)
        else:
            messages.success(request, "Le duo est clos.")
            return redirect("programmes:duo_detail", pk=duo.pk)
    return render(request, "programmes/duo_end.html", {"duo": duo, "form": form})


def volunteer_list(request):
    user = request.user
    queryset = (
        Volunteer.objects.for_user(user)
        .select_related("programme")
        .annotate(
            duo_count=Subquery(
                Duo.objects.filter(volunteer=OuterRef("pk"))
                .order_by()
                .values("volunteer")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            in_duo=Exists(Duo.objects.filter(volunteer=OuterRef("pk"), ended_on__isnull=True)),
        )
    )
    filterset = VolunteerFilter(request.GET, queryset=queryset, request=request)
    return _list(
        request,
        scheme=Scheme.DUOS,
        filterset=filterset,
        template="programmes/_volunteer_results.html",
        title="Duos de demain · bénévoles",
        create_url="programmes:volunteer_create",
        export=(VolunteerResource, "benevoles"),
    )


def _form_page(request, form, *, title, cancel_url, template="programmes/form.html", **extra):
    return render(
        request, template, {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    )


@require_http_methods(["GET", "POST"])
def volunteer_create(request):
    user = request.user
    programmes = _writable_or_404(user, Scheme.DUOS)
    form = forms.VolunteerForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.save_volunteer(volunteer=form.save(commit=False), author=user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{volunteer} est inscrit(e).")
            return redirect("programmes:volunteer_list")
    return _form_page(
        request, form, title="Nouveau bénévole", cancel_url="programmes:volunteer_list"
    )


@require_http_methods(["GET", "POST"])
def volunteer_update(request, pk):
    user = request.user
    volunteer = get_object_or_404(Volunteer.objects.for_user(user), pk=pk)
    _member_or_404(user, volunteer.programme)
    programmes = programmes_of(user, Scheme.DUOS, writable=True)
    form = forms.VolunteerForm(request.POST or None, instance=volunteer, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_volunteer(volunteer=form.save(commit=False), author=user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Bénévole mis à jour.")
            return redirect("programmes:volunteer_list")
    duos = volunteer.duos.select_related("person").order_by("-started_on")
    return _form_page(
        request,
        form,
        title=f"Bénévole : {volunteer}",
        cancel_url="programmes:volunteer_list",
        duos=duos,
    )


def participant_list(request):
    user = request.user
    queryset = (
        Participant.objects.for_user(user)
        .select_related("person", "programme")
        .annotate(
            in_duo=Exists(
                Duo.objects.filter(
                    person=OuterRef("person"),
                    programme=OuterRef("programme"),
                    ended_on__isnull=True,
                )
            )
        )
    )
    filterset = ParticipantFilter(request.GET, queryset=queryset, request=request)
    return _list(
        request,
        scheme=Scheme.DUOS,
        filterset=filterset,
        template="programmes/_participant_results.html",
        title="Duos de demain · personnes réfugiées inscrites",
        create_url="programmes:participant_create",
    )


@require_http_methods(["GET", "POST"])
def participant_create(request):
    user = request.user
    programmes = _writable_or_404(user, Scheme.DUOS)
    persons = _persons_supported_now(user).exclude(duo_participations__programme__in=programmes)
    initial = {"consent_given_on": timezone.localdate()}
    if request.GET.get("personne", "").isdigit():
        initial["person"] = int(request.GET["personne"])
    form = forms.ParticipantForm(
        request.POST or None, programmes=programmes, persons=persons, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.register_participant(
                participant=form.save(commit=False), author=user
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{participant} est inscrit(e) : proposez un binôme.")
            return redirect("programmes:matching", pk=participant.pk)
    return _form_page(
        request,
        form,
        title="Inscrire une personne réfugiée",
        cancel_url="programmes:participant_list",
    )


@require_http_methods(["GET", "POST"])
def matching_view(request, pk):
    """The volunteers ranked for a refugee, with the reasons; the team confirms a duo."""
    user = request.user
    participant = get_object_or_404(
        Participant.objects.for_user(user).select_related("person", "programme"), pk=pk
    )
    _member_or_404(user, participant.programme)
    current = Duo.objects.filter(
        person=participant.person, programme=participant.programme, ended_on__isnull=True
    ).first()
    volunteers = Volunteer.objects.filter(programme=participant.programme).available()
    form = forms.DuoConfirmForm(
        request.POST or None,
        volunteers=volunteers,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            duo = services.confirm_duo(
                participant=participant,
                volunteer=form.cleaned_data["volunteer"],
                started_on=form.cleaned_data["started_on"],
                author=user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Le duo {duo} est formé.")
            return redirect("programmes:duo_detail", pk=duo.pk)
    matches = matching.rank(participant, volunteers)[:MATCHES_SHOWN]
    return render(
        request,
        "programmes/matching.html",
        {"participant": participant, "matches": matches, "form": form, "current": current},
    )


def activity_list(request):
    queryset = (
        CollectiveActivity.objects.for_user(request.user)
        .select_related("programme")
        .annotate(attendee_count=Count("attendances"))
        .order_by("-occurred_on", "pk")
    )
    filterset = ActivityFilter(request.GET, queryset=queryset, request=request)
    return _list(
        request,
        scheme=Scheme.DUOS,
        filterset=filterset,
        template="programmes/_activity_results.html",
        title="Duos de demain · activités collectives",
        create_url="programmes:activity_create",
    )


@require_http_methods(["GET", "POST"])
def activity_create(request):
    user = request.user
    programmes = _writable_or_404(user, Scheme.DUOS)
    form = forms.ActivityForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        try:
            services.save_record(instance=activity, programme=activity.programme, author=user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Activité enregistrée : notez les présences.")
            return redirect("programmes:activity_detail", pk=activity.pk)
    return _form_page(
        request, form, title="Nouvelle activité collective", cancel_url="programmes:activity_list"
    )


@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    user = request.user
    activity = get_object_or_404(
        CollectiveActivity.objects.for_user(user).select_related("programme"), pk=pk
    )
    can_write = access.is_member(user, activity.programme)
    if request.method == "POST" and not can_write:
        raise Http404
    # Members of the duos active on the day are offered; those already noted stay ticked.
    duos = Duo.objects.filter(programme=activity.programme).active_on(activity.occurred_on)
    attendances = list(activity.attendances.select_related("person", "volunteer"))
    noted_persons = [a.person_id for a in attendances if a.person_id]
    noted_volunteers = [a.volunteer_id for a in attendances if a.volunteer_id]
    persons = Person.objects.filter(Q(duos__in=duos) | Q(pk__in=noted_persons)).distinct()
    volunteers = Volunteer.objects.filter(Q(duos__in=duos) | Q(pk__in=noted_volunteers)).distinct()
    form = forms.AttendanceForm(
        request.POST or None,
        persons=persons,
        volunteers=volunteers,
        initial={
            "persons": noted_persons,
            "volunteers": noted_volunteers,
            "other_attendees": activity.other_attendees,
        },
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.check_member(user, activity.programme)
            activity.attendances.all().delete()
            Attendance.objects.bulk_create(
                [Attendance(activity=activity, person=p) for p in form.cleaned_data["persons"]]
                + [
                    Attendance(activity=activity, volunteer=v)
                    for v in form.cleaned_data["volunteers"]
                ]
            )
            activity.other_attendees = form.cleaned_data["other_attendees"]
            activity.save(update_fields=["other_attendees"])
        messages.success(request, "Présences enregistrées.")
        return redirect("programmes:activity_detail", pk=activity.pk)
    return render(
        request,
        "programmes/activity_detail.html",
        {
            "activity": activity,
            "attendances": attendances,
            "form": form if can_write else None,
        },
    )


# --------------------------------------------------------------------------- Chiche Chef


def _events(user):
    return (
        CookingEvent.objects.for_user(user)
        .select_related("programme")
        .annotate(participant_total=Sum("counts__count"))
        .order_by("-held_on", "pk")
    )


def event_list(request):
    filterset = CookingEventFilter(request.GET, queryset=_events(request.user), request=request)
    return _list(
        request,
        scheme=Scheme.CHICHE_CHEF,
        filterset=filterset,
        template="programmes/_event_results.html",
        title="Chiche Chef · éditions",
        create_url="programmes:event_create",
        export=(CookingEventResource, "chiche-chef"),
    )


def _save_event(request, form, user):
    event = form.save(commit=False)
    with transaction.atomic():
        services.save_record(instance=event, programme=event.programme, author=user)
        form.save_m2m()
        counts = form.group_counts()
        event.counts.exclude(group__in=list(counts)).delete()
        for group, count in counts.items():
            GroupCount.objects.update_or_create(event=event, group=group, defaults={"count": count})
    return event


@require_http_methods(["GET", "POST"])
def event_create(request):
    user = request.user
    programmes = _writable_or_404(user, Scheme.CHICHE_CHEF)
    form = forms.CookingEventForm(
        request.POST or None, programmes=programmes, partners=Partner.objects.for_user(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = _save_event(request, form, user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Édition enregistrée.")
            return redirect("programmes:event_detail", pk=event.pk)
    return _form_page(
        request, form, title="Nouvelle édition Chiche Chef", cancel_url="programmes:event_list"
    )


@require_http_methods(["GET", "POST"])
def event_update(request, pk):
    user = request.user
    event = get_object_or_404(
        CookingEvent.objects.for_user(user).select_related("programme"), pk=pk
    )
    _member_or_404(user, event.programme)
    programmes = programmes_of(user, Scheme.CHICHE_CHEF, writable=True)
    form = forms.CookingEventForm(
        request.POST or None,
        instance=event,
        programmes=programmes,
        partners=Partner.objects.for_user(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_event(request, form, user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Édition mise à jour.")
            return redirect("programmes:event_detail", pk=event.pk)
    return _form_page(
        request, form, title=f"Modifier : {event}", cancel_url="programmes:event_list"
    )


@require_http_methods(["GET", "POST"])
def event_detail(request, pk):
    user = request.user
    event = get_object_or_404(
        _events(user).prefetch_related(
            "partners",
            "themes",
            "counts",
            Prefetch("participants", queryset=CookingParticipant.objects.select_related("person")),
        ),
        pk=pk,
    )
    can_write = access.is_member(user, event.programme)
    if request.method == "POST" and not can_write:
        raise Http404
    form = None
    if can_write:
        form = forms.CookingParticipantForm(
            request.POST or None, persons=Person.objects.for_user(user)
        )
        if request.method == "POST" and form.is_valid():
            participant = form.save(commit=False)
            participant.event = event
            try:
                services.save_record(instance=participant, programme=event.programme, author=user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Participant ajouté.")
                return redirect("programmes:event_detail", pk=event.pk)
    counts = {c.group: c.count for c in event.counts.all()}
    return render(
        request,
        "programmes/event_detail.html",
        {
            "event": event,
            "counts": [(label, counts.get(g, 0)) for g, label in ParticipantGroup.choices],
            "form": form,
            "can_write": can_write,
        },
    )


# --------------------------------------------------------------------------- Clé de France


def mobility_list(request):
    queryset = MobilityPathway.objects.for_user(request.user).select_related("person", "programme")
    filterset = MobilityFilter(request.GET, queryset=queryset, request=request)
    return _list(
        request,
        scheme=Scheme.CLE_DE_FRANCE,
        filterset=filterset,
        template="programmes/_mobility_results.html",
        title="Clé de France · parcours mobilité",
        create_url="programmes:mobility_create",
        export=(MobilityPathwayResource, "cle-de-france"),
    )


@require_http_methods(["GET", "POST"])
def mobility_create(request):
    user = request.user
    programmes = _writable_or_404(user, Scheme.CLE_DE_FRANCE)
    initial = {"started_on": timezone.localdate()}
    if request.GET.get("personne", "").isdigit():
        initial["person"] = int(request.GET["personne"])
    form = forms.MobilityPathwayForm(
        request.POST or None,
        programmes=programmes,
        persons=_persons_supported_now(user).exclude(
            Exists(MobilityPathway.objects.filter(person=OuterRef("pk"), ended_on__isnull=True))
        ),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            pathway = services.open_mobility_pathway(pathway=form.save(commit=False), author=user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Parcours mobilité ouvert.")
            return redirect("programmes:mobility_detail", pk=pathway.pk)
    return _form_page(
        request, form, title="Nouveau parcours mobilité", cancel_url="programmes:mobility_list"
    )


MOBILITY_STEP_FORMS = {
    "etape": (forms.StageForm, "Étape enregistrée."),
    "droits": (forms.TransferForm, "Démarche enregistrée."),
    "situation": (forms.ReviewForm, "Point de situation enregistré."),
}


@require_http_methods(["GET", "POST"])
def mobility_detail(request, pk):
    user = request.user
    pathway = get_object_or_404(
        MobilityPathway.objects.for_user(user)
        .select_related("person", "programme")
        .prefetch_related("stages", "transfers", "reviews"),
        pk=pk,
    )
    can_write = access.is_member(user, pathway.programme)
    if request.method == "POST" and not can_write:
        raise Http404
    step_forms = {}
    if can_write:
        posted = request.POST.get("formulaire")
        for key, (form_class, _) in MOBILITY_STEP_FORMS.items():
            data = request.POST if posted == key else None
            step_forms[key] = form_class(data, prefix=key)
        if posted in MOBILITY_STEP_FORMS:
            form = step_forms[posted]
            if form.is_valid():
                record = form.save(commit=False)
                record.pathway = pathway
                try:
                    if posted == "etape":
                        services.record_stage(stage=record, author=user)
                    else:
                        services.save_record(
                            instance=record, programme=pathway.programme, author=user
                        )
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(request, MOBILITY_STEP_FORMS[posted][1])
                    return redirect("programmes:mobility_detail", pk=pathway.pk)
    return render(
        request,
        "programmes/mobility_detail.html",
        {"pathway": pathway, "forms": step_forms, "can_write": can_write},
    )


@require_http_methods(["GET", "POST"])
def mobility_update(request, pk):
    user = request.user
    pathway = get_object_or_404(
        MobilityPathway.objects.for_user(user).select_related("person", "programme"), pk=pk
    )
    _member_or_404(user, pathway.programme)
    form = forms.MobilityUpdateForm(request.POST or None, instance=pathway)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                pathway = form.save(commit=False)
                services.save_record(instance=pathway, programme=pathway.programme, author=user)
                if data["end"] or data["abandoned"]:
                    services.end_mobility_pathway(
                        pathway=pathway,
                        ended_on=data["ended_on"],
                        reason=data["end_reason"],
                        abandoned=data["abandoned"],
                        author=user,
                    )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Parcours mis à jour.")
            return redirect("programmes:mobility_detail", pk=pathway.pk)
    return _form_page(
        request,
        form,
        title=f"Modifier le parcours de {pathway.person}",
        cancel_url="programmes:mobility_list",
    )
