"""The activity report: choose a period and a scope, read it with drill-down links, write
the narratives, generate PDF and XLSX (in the background for consolidated scopes), publish,
download; and the lists behind the core's figures."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ftda.enums import AccessAction, FollowUpKind, FollowUpTopic
from ftda.exports import can_export, export_list, requested_format
from ftda.indicators import Period
from ftda.models import FollowUp, HouseholdMember, Pathway, Person, Structure
from ftda.reports import compose, scopes, services
from ftda.reports import dashboard as boards
from ftda.reports import render as rendering
from ftda.reports.forms import ReportChoiceForm, default_initial, parse_date
from ftda.reports.models import Report
from ftda.reports.resources import ReportFollowUpResource, ReportPersonResource
from ftda.services import log_access

FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "xlsx": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def _require_reporter(user):
    if not scopes.may_report(user):
        raise Http404


def _narratives_from(post, document):
    keys = [section["key"] for section in document["sections"]]
    raw = {key: post.get(f"commentaire_{key}", "") for key in keys}
    return services.clean_narratives(raw, keys)


@require_GET
def report(request):
    """The report on screen for the chosen period and scope, with live figures."""
    _require_reporter(request.user)
    bound = bool(request.GET)
    form = ReportChoiceForm(request.GET if bound else None, user=request.user)
    if not bound:
        form = ReportChoiceForm(default_initial(form), user=request.user)
        form.is_valid()
    context = {"form": form}
    if form.is_valid():
        period, choice = form.cleaned_data["period"], form.cleaned_data["choice"]
        document = compose.compose(period, choice.scope(), scope_key=choice.key)
        structure_ids = sorted(s.pk for s in choice.structures)
        draft = Report.objects.filter(
            scope_key=choice.key,
            structure_ids=structure_ids,
            period_start=period.start,
            period_end=period.end,
            status=Report.Status.DRAFT,
        ).first()
        published = Report.objects.filter(
            scope_key=choice.key,
            structure_ids=structure_ids,
            period_start=period.start,
            period_end=period.end,
            status=Report.Status.PUBLISHED,
        ).order_by("-version")
        context.update(
            rendering.context(document, draft.narratives if draft else {}),
            draft=draft,
            published=list(published),
            editable=True,
        )
    return render(request, "reports/report.html", context)


@require_POST
def save_draft(request):
    """Save the narratives with the report as a draft, then open the draft."""
    _require_reporter(request.user)
    form = ReportChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form}, status=400)
    period, choice = form.cleaned_data["period"], form.cleaned_data["choice"]
    document = compose.compose(period, choice.scope(), scope_key=choice.key)
    try:
        narratives = _narratives_from(request.POST, document)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        context = {"form": form, **rendering.context(document, {}), "editable": True}
        return render(request, "reports/report.html", context, status=400)
    draft = services.save_draft(
        user=request.user, period=period, choice=choice, narratives=narratives
    )
    messages.success(request, "Brouillon enregistré.")
    return redirect("reports:detail", pk=draft.pk)


def _report_for(user, pk):
    return get_object_or_404(Report.objects.for_user(user), pk=pk)


def _document_of(report):
    if report.is_published:
        return report.data
    return compose.compose(report.period, report.scope, scope_key=report.scope_key)


@require_http_methods(["GET", "POST"])
def detail(request, pk):
    """A saved report: a draft shows live figures and editable narratives; a published
    version shows its frozen figures."""
    report = _report_for(request.user, pk)
    document = _document_of(report)
    status = 200
    if request.method == "POST":
        if report.is_published:
            messages.error(request, "Un rapport publié ne peut plus être modifié.")
            return redirect("reports:detail", pk=report.pk)
        try:
            narratives = _narratives_from(request.POST, document)
            services.update_narratives(report=report, narratives=narratives)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            status = 400
        else:
            messages.success(request, "Commentaires enregistrés.")
            return redirect("reports:detail", pk=report.pk)
    versions = Report.objects.for_user(request.user).same_subject(report).order_by("-version")
    context = {
        **rendering.context(document, report.narratives, report),
        "report": report,
        "versions": versions,
        "editable": not report.is_published,
    }
    return render(request, "reports/detail.html", context, status=status)


@require_POST
def generate(request, pk):
    report = _report_for(request.user, pk)
    report = services.request_generation(report=report, user=request.user)
    if report.consolidated and report.is_generating:
        messages.info(
            request,
            "La génération a commencé. Vous pouvez quitter cette page : les fichiers "
            "seront dans « Mes rapports ».",
        )
    return redirect("reports:detail", pk=report.pk)


@require_POST
def publish(request, pk):
    report = _report_for(request.user, pk)
    if report.is_published:
        messages.info(request, "Cette version est déjà publiée.")
        return redirect("reports:detail", pk=report.pk)
    report = services.request_generation(report=report, user=request.user, publish=True)
    if report.is_published:
        messages.success(request, f"Version {report.version} publiée : ses chiffres sont figés.")
    else:
        messages.info(request, "La publication est en cours de préparation.")
    return redirect("reports:detail", pk=report.pk)


@require_POST
def new_version(request, pk):
    report = _report_for(request.user, pk)
    if not report.is_published:
        messages.info(request, "Ce rapport est déjà un brouillon modifiable.")
        return redirect("reports:detail", pk=report.pk)
    draft = services.new_version(report=report, user=request.user)
    messages.success(request, f"Version {draft.version} créée en brouillon.")
    return redirect("reports:detail", pk=draft.pk)


@require_GET
def progress(request, pk):
    """The progress bar of a generation; htmx polls it until it is done."""
    report = _report_for(request.user, pk)
    return render(request, "reports/_progress.html", {"report": report})


@require_GET
def download(request, pk, fmt):
    """A generated file: managers of every structure of the report and the direction only;
    each download is written to the access log."""
    report = _report_for(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    field = report.pdf if fmt == "pdf" else report.xlsx
    if not field or not scopes.may_report_on(request.user, report.structure_ids):
        raise Http404
    structure = None
    if len(report.structure_ids) == 1:
        structure = Structure.objects.filter(pk=report.structure_ids[0]).first()
    log_access(request=request, action=AccessAction.REPORT, structure=structure)
    extension, content_type = FORMATS[fmt]
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{report.file_basename()}.{extension}",
        content_type=content_type,
    )


@require_GET
def mine(request):
    """*Mes rapports*: the reports the user made or may read, with their files."""
    _require_reporter(request.user)
    reports = (
        Report.objects.for_user(request.user)
        .filter(Q(created_by=request.user) | Q(status=Report.Status.PUBLISHED))
        .select_related("created_by", "published_by")
        .order_by("-updated_at")
    )
    page = Paginator(reports, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/mine.html", {"page": page})


@require_GET
def dashboard(request):
    """*Tableau de bord*: occupancy, AGIR entries against target, caseload per referent and
    exits, over the last 12 months, for a manager's structures or the whole direction."""
    choices = scopes.scope_choices(request.user)
    if not choices:
        raise Http404
    wanted = request.GET.get("perimetre")
    choice = next((c for c in choices if c.key == wanted), choices[0])
    period, blocks = boards.blocks(choice.scope(), timezone.localdate())
    return render(
        request,
        "reports/dashboard.html",
        {"choices": choices, "choice": choice, "period": period, "blocks": blocks},
    )


# --------------------------------------------------------------------------- drill-down


def _drilldown_filters(request):
    """Period and structures of a drill-down list; structures outside what the user may
    report on give 404, like any out-of-scope object."""
    _require_reporter(request.user)
    start, end = parse_date(request.GET.get("du")), parse_date(request.GET.get("au"))
    if not (start and end) or end < start:
        raise Http404
    allowed = scopes.reportable_structures(request.user)
    raw = request.GET.get("structures", "")
    if raw:
        try:
            wanted = {int(pk) for pk in raw.split(",") if pk}
        except ValueError:
            raise Http404 from None
        if not scopes.may_report_on(request.user, wanted):
            raise Http404
        structures = list(allowed.filter(pk__in=wanted))
    else:
        structures = list(allowed)
    return Period(start, end), structures


def _page(request, queryset):
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def persons(request):
    """The persons behind a figure: supported in the period (or whose support started in
    it) in the given structures."""
    period, structures = _drilldown_filters(request)
    ids = [s.pk for s in structures]
    new_only = request.GET.get("critere") == "nouvelles"
    in_scope = Pathway.objects.filter(person=OuterRef("pk"), structure_id__in=ids)
    if new_only:
        in_scope = in_scope.filter(started_on__gte=period.start, started_on__lte=period.end)
    else:
        in_scope = in_scope.filter(started_on__lte=period.end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)
        )
    household = HouseholdMember.objects.filter(person=OuterRef("pk")).values("household__label")
    people = (
        Person.objects.for_user(request.user)
        .filter(Exists(in_scope))
        .annotate(household_label=Subquery(household[:1]))
    )
    if request.GET.get("tri") == "menage":
        people = people.order_by("household_label", "last_name", "first_names")
    else:
        people = people.order_by("last_name", "first_names", "pk")
    if requested_format(request):
        return export_list(
            request, resource_class=ReportPersonResource, queryset=people, basename="personnes"
        )
    page = _page(request, people)
    title = "Nouvelles personnes" if new_only else "Personnes accompagnées"
    return render(
        request,
        "reports/persons.html",
        {
            "page": page,
            "title": title,
            "period": period,
            "structures": structures,
            "query": _query_without_page(request),
            "can_export": can_export(request.user),
        },
    )


@require_GET
def follow_ups(request):
    """The follow-ups behind a figure, without their notes (need to know)."""
    period, structures = _drilldown_filters(request)
    items = (
        FollowUp.objects.filter(
            structure__in=structures,
            occurred_on__gte=period.start,
            occurred_on__lte=period.end,
        )
        .select_related("person", "structure")
        .only(
            "occurred_on",
            "kind",
            "topics",
            "person__last_name",
            "person__first_names",
            "structure__name",
        )
        .order_by("-occurred_on", "-pk")
    )
    kind, topic = request.GET.get("type"), request.GET.get("theme")
    title = "Suivis réalisés"
    if kind in FollowUpKind.values:
        items = items.filter(kind=kind)
        title += f" : {FollowUpKind(kind).label.lower()}"
    if topic in FollowUpTopic.values:
        items = items.filter(topics__contains=[topic])
        title += f" (thème : {FollowUpTopic(topic).label.lower()})"
    if requested_format(request):
        return export_list(
            request, resource_class=ReportFollowUpResource, queryset=items, basename="suivis"
        )
    page = _page(request, items)
    return render(
        request,
        "reports/follow_ups.html",
        {
            "page": page,
            "title": title,
            "period": period,
            "structures": structures,
            "query": _query_without_page(request),
            "can_export": can_export(request.user),
        },
    )
