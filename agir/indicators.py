"""AGIR figures for a period and a scope, computed with SQL aggregates: entries against the
yearly target, active caseload per referent, time to diagnostic, solutions at exit, exits by
reason, pathways closed at the 24-month limit, referrals by partner and status.

Every figure links to the list of the records behind it, with the same filters."""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, Q
from django.db.models.functions import TruncMonth

from agir.enums import EndReason, ReferralStatus
from agir.filters import solution_at_exit
from agir.models import AgirPathway, Diagnostic, ReferentAssignment, Referral
from ftda.enums import StructureKind
from ftda.indicators import Chart, Figure, Period, Scope, Section, Table
from ftda.models import Structure

MONTHS = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def days_between(later, earlier):
    return Func(
        F(later),
        F(earlier),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


def _month_label(month):
    return f"{MONTHS[month.month - 1]} {month.year}"


def _open_days(platform, start, end):
    """Days from `start` to `end` (included) when the platform was open."""
    if platform.opened_on and platform.opened_on > start:
        start = platform.opened_on
    if platform.closed_on and platform.closed_on < end:
        end = platform.closed_on
    return max((end - start).days + 1, 0)


def prorated_target(platform, start, end) -> Decimal:
    """The yearly target spread over the days the platform was open between `start` and
    `end`, year by year (a leap year has 366 days)."""
    settings = getattr(platform, "agir_settings", None)
    if settings is None:
        return Decimal(0)
    total = Decimal(0)
    year = start.year
    while year <= end.year:
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        days_in_year = 366 if calendar.isleap(year) else 365
        total += (
            Decimal(settings.yearly_entry_target)
            * _open_days(platform, first, last)
            / Decimal(days_in_year)
        )
        year += 1
    return total


def _round(value, places="1"):
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _percent(part, whole):
    if not whole:
        return None
    return _round(Decimal(part) * 100 / Decimal(whole), "0.1")


def section(period: Period, scope: Scope) -> Section:
    platforms = list(
        Structure.objects.filter(pk__in=scope.structure_ids, kind=StructureKind.AGIR)
        .select_related("agir_settings")
        .order_by("name")
    )
    ids = [p.pk for p in platforms]
    start, end = period.start, period.end
    pathways = AgirPathway.objects.filter(platform_id__in=ids)
    entries = pathways.filter(entered_on__range=(start, end))
    exits = pathways.filter(ended_on__range=(start, end))
    active_at_end = pathways.active_on(end)

    def pathways_link(**filters):
        return Figure.link("agir:pathway_list", plateforme=ids, **filters)

    period_filters = {"entree_min": start.isoformat(), "entree_max": end.isoformat()}
    exit_filters = {"sortie_min": start.isoformat(), "sortie_max": end.isoformat()}

    # Entries against the target, month by month.
    by_month = dict(
        entries.annotate(month=TruncMonth("entered_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    months = list(period.months())
    monthly_targets = []
    for month in months:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        first, last = max(month, start), min(last, end)
        monthly_targets.append(sum(prorated_target(p, first, last) for p in platforms))
    entry_count = sum(by_month.values())
    target = sum(prorated_target(p, start, end) for p in platforms)

    # Exits and solutions at exit.
    exit_totals = exits.annotate(
        housing=solution_at_exit("housing"), job=solution_at_exit("job")
    ).aggregate(
        total=Count("pk"),
        with_housing=Count("pk", filter=Q(housing=True)),
        with_job=Count("pk", filter=Q(job=True)),
        with_both=Count("pk", filter=Q(housing=True, job=True)),
    )
    by_reason = dict(
        exits.values("end_reason").annotate(n=Count("pk")).values_list("end_reason", "n")
    )

    # Caseload per referent on the last day of the period.
    caseloads = list(
        ReferentAssignment.objects.current(end)
        .filter(pathway__in=active_at_end)
        .values("pathway__platform__name", "user_id", "user__first_name", "user__last_name")
        .annotate(n=Count("pk"))
        .order_by("pathway__platform__name", "user__last_name", "user__first_name")
    )
    referents = {row["user_id"] for row in caseloads}
    mean_caseload = (
        _round(Decimal(sum(r["n"] for r in caseloads)) / len(referents), "0.1")
        if referents
        else None
    )

    median = Diagnostic.objects.filter(
        pathway__platform_id__in=ids, done_on__range=(start, end)
    ).aggregate(m=Median(days_between("done_on", "pathway__entered_on")))["m"]

    referrals = Referral.objects.filter(
        pathway__platform_id__in=ids, referred_on__range=(start, end)
    )
    referral_rows = {}
    for partner, status, n in (
        referrals.values_list("partner__name", "status")
        .annotate(n=Count("pk"))
        .values_list("partner__name", "status", "n")
    ):
        referral_rows.setdefault(partner, dict.fromkeys(ReferralStatus.values, 0))[status] = n

    figures = [
        Figure(
            "agir_entries",
            "Entrées dans AGIR",
            entry_count,
            drilldown=pathways_link(**period_filters),
        ),
        Figure("agir_entry_target", "Objectif d'entrées sur la période", int(_round(target))),
        Figure(
            "agir_entry_rate",
            "Entrées rapportées à l'objectif",
            _percent(entry_count, target),
            unit="%",
        ),
        Figure(
            "agir_active_at_end",
            f"Parcours en cours au {end:%d/%m/%Y}",
            active_at_end.count(),
            drilldown=pathways_link(actif_le=end.isoformat()),
        ),
        Figure(
            "agir_caseload_per_referent",
            "File active moyenne par référent",
            mean_caseload,
            unit="parcours",
        ),
        Figure(
            "agir_median_days_to_diagnostic",
            "Délai médian entre l'entrée et le diagnostic",
            None if median is None else _round(median, "0.1"),
            unit="jours",
            drilldown=pathways_link(
                diagnostic_min=start.isoformat(), diagnostic_max=end.isoformat()
            ),
        ),
        Figure(
            "agir_exits", "Sorties", exit_totals["total"], drilldown=pathways_link(**exit_filters)
        ),
        Figure(
            "agir_exits_with_housing",
            "Sorties avec une solution logement",
            exit_totals["with_housing"],
            drilldown=pathways_link(**exit_filters, solution="logement"),
        ),
        Figure(
            "agir_exits_with_employment",
            "Sorties avec une solution emploi ou formation",
            exit_totals["with_job"],
            drilldown=pathways_link(**exit_filters, solution="emploi"),
        ),
        Figure(
            "agir_exits_with_both",
            "Sorties avec les deux solutions",
            exit_totals["with_both"],
            drilldown=pathways_link(**exit_filters, solution="les_deux"),
        ),
        Figure(
            "agir_closed_at_24_months",
            "Parcours clos à la limite des 24 mois",
            by_reason.get(EndReason.TIME_LIMIT, 0),
            drilldown=pathways_link(**exit_filters, motif=EndReason.TIME_LIMIT),
        ),
    ]
    figures += [
        Figure(
            f"agir_exits_{reason.value}",
            f"Sorties : {reason.label.lower()}",
            by_reason.get(reason.value, 0),
            drilldown=pathways_link(**exit_filters, motif=reason.value),
        )
        for reason in EndReason
    ]
    figures.append(
        Figure(
            "agir_referrals",
            "Orientations vers des partenaires",
            sum(sum(row.values()) for row in referral_rows.values()),
            drilldown=Figure.link(
                "agir:referral_list",
                plateforme=ids,
                date_min=start.isoformat(),
                date_max=end.isoformat(),
            ),
        )
    )

    tables = [
        _platform_table(platforms, pathways, period),
        Table(
            f"File active par référent au {end:%d/%m/%Y}",
            ["Plateforme", "Référent", "Parcours en cours"],
            [
                [
                    row["pathway__platform__name"],
                    f"{row['user__first_name']} {row['user__last_name']}".strip(),
                    row["n"],
                ]
                for row in caseloads
            ],
        ),
        Table(
            "Orientations par partenaire et statut",
            ["Partenaire", *ReferralStatus.labels, "Total"],
            [
                [partner, *row.values(), sum(row.values())]
                for partner, row in sorted(referral_rows.items())
            ],
        ),
    ]
    charts = [
        Chart(
            "agir_entries_by_month",
            "Entrées AGIR par mois et objectif",
            "bar",
            [_month_label(m) for m in months],
            {
                "Entrées": [by_month.get(m, 0) for m in months],
                "Objectif": [float(_round(t, "0.1")) for t in monthly_targets],
            },
        ),
        Chart(
            "agir_exits_by_reason",
            "Sorties par motif",
            "bar",
            list(EndReason.labels),
            {"Sorties": [by_reason.get(reason.value, 0) for reason in EndReason]},
        ),
    ]
    return Section("agir", "AGIR : accompagnement global des réfugiés", figures, tables, charts)


def _platform_table(platforms, pathways, period):
    start, end = period.start, period.end
    per_platform = {
        row["platform_id"]: row
        for row in pathways.annotate(
            housing=solution_at_exit("housing"), job=solution_at_exit("job")
        )
        .values("platform_id")
        .annotate(
            entries=Count("pk", filter=Q(entered_on__range=(start, end))),
            active=Count(
                "pk",
                filter=Q(entered_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=end)),
            ),
            exits=Count("pk", filter=Q(ended_on__range=(start, end))),
            both=Count("pk", filter=Q(ended_on__range=(start, end), housing=True, job=True)),
        )
    }
    rows = []
    for platform in platforms:
        row = per_platform.get(platform.pk, {})
        settings = getattr(platform, "agir_settings", None)
        target = prorated_target(platform, start, end)
        rows.append(
            [
                platform.name,
                settings.yearly_entry_target if settings else None,
                int(_round(target)),
                row.get("entries", 0),
                _percent(row.get("entries", 0), target),
                row.get("active", 0),
                row.get("exits", 0),
                row.get("both", 0),
            ]
        )
    return Table(
        "Par plateforme",
        [
            "Plateforme",
            "Objectif annuel",
            "Objectif de la période",
            "Entrées",
            "Taux (%)",
            f"En cours au {end:%d/%m/%Y}",
            "Sorties",
            "Sorties avec les deux solutions",
        ],
        rows,
    )


__all__ = ["Period", "Scope", "section"]
