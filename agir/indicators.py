"""AGIR figures for a period and a scope, computed with SQL aggregates: entries against the
yearly target, active caseload per referent, time to diagnostic, solutions at exit, exits by
reason, pathways closed at the 24-month limit, referrals by partner and status.

Every figure links to the list of the records behind it, with the same filters."""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, Q, Subquery, Value

from agir.enums import EndReason, ReferralStatus
from agir.models import AgirPathway, Diagnostic, ReferentAssignment, Referral
from ftda.enums import StructureKind
from ftda.indicators import Chart, Figure, Period, Scope, Section, Table
from ftda.models import Structure

TITLE = "AGIR : accompagnement global et individualisé des réfugiés"
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


def _platform_aggregates(scope, period, months):
    """One query: each AGIR platform of the scope with its settings and its counts for the
    period (entries by month, active at the end, exits by reason and solutions at exit), and
    the median days from entry to diagnostic over all of them."""
    start, end = period.start, period.end
    pw = "agir_pathways"

    def n(condition):
        return Count(pw, filter=condition, distinct=True)

    def on(lookup, value):
        return Q(**{f"{pw}__{lookup}": value})

    ended = on("ended_on__range", (start, end))
    housing = on("housing_solutions__obtained_on__lte", F(f"{pw}__ended_on"))
    job = on("employment_solutions__started_on__lte", F(f"{pw}__ended_on"))
    active = on("entered_on__lte", end) & (on("ended_on__isnull", True) | on("ended_on__gte", end))
    month_counts = {}
    for index, month in enumerate(months):
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        month_counts[f"month_{index}"] = n(
            on("entered_on__range", (max(month, start), min(last, end)))
        )
    diagnostics = Diagnostic.objects.filter(
        pathway__platform_id__in=scope.structure_ids, done_on__range=(start, end)
    )
    median = Subquery(
        diagnostics.annotate(one=Value(1))
        .values("one")
        .annotate(m=Median(days_between("done_on", "pathway__entered_on")))
        .values("m")[:1],
        output_field=FloatField(),
    )
    return list(
        Structure.objects.filter(pk__in=scope.structure_ids, kind=StructureKind.AGIR)
        .select_related("agir_settings")
        .annotate(
            entries=n(on("entered_on__range", (start, end))),
            active=n(active),
            exits=n(ended),
            with_housing=n(ended & housing),
            with_job=n(ended & job),
            with_both=n(ended & housing & job),
            median_days=median,
            **{f"reason_{reason}": n(ended & on("end_reason", reason)) for reason in EndReason},
            **month_counts,
        )
        .order_by("name")
    )


def section(period: Period, scope: Scope) -> Section:
    start, end = period.start, period.end
    months = list(period.months())
    platforms = _platform_aggregates(scope, period, months)
    if not platforms:
        return Section("agir", TITLE)  # nothing of AGIR in this scope: the report leaves it out
    ids = [p.pk for p in platforms]

    def total(name):
        return sum(getattr(p, name) for p in platforms)

    def pathways_link(**filters):
        return Figure.link("agir:pathway_list", plateforme=ids, **filters)

    period_filters = {"entree_min": start.isoformat(), "entree_max": end.isoformat()}
    exit_filters = {"sortie_min": start.isoformat(), "sortie_max": end.isoformat()}

    entries_by_month = [total(f"month_{i}") for i in range(len(months))]
    monthly_targets = []
    for month in months:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        first, last = max(month, start), min(last, end)
        monthly_targets.append(sum(prorated_target(p, first, last) for p in platforms))
    entry_count = total("entries")
    target = sum(prorated_target(p, start, end) for p in platforms)
    by_reason = {reason.value: total(f"reason_{reason}") for reason in EndReason}
    median = platforms[0].median_days

    # Caseload per referent on the last day of the period.
    caseloads = list(
        ReferentAssignment.objects.current(end)
        .filter(pathway__in=AgirPathway.objects.filter(platform_id__in=ids).active_on(end))
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

    referral_rows = {}
    for partner, status, count in (
        Referral.objects.filter(pathway__platform_id__in=ids, referred_on__range=(start, end))
        .values("partner__name", "status")
        .annotate(n=Count("pk"))
        .values_list("partner__name", "status", "n")
    ):
        referral_rows.setdefault(partner, dict.fromkeys(ReferralStatus.values, 0))[status] = count

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
            total("active"),
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
        Figure("agir_exits", "Sorties", total("exits"), drilldown=pathways_link(**exit_filters)),
        Figure(
            "agir_exits_with_housing",
            "Sorties avec une solution logement",
            total("with_housing"),
            drilldown=pathways_link(**exit_filters, solution="logement"),
        ),
        Figure(
            "agir_exits_with_employment",
            "Sorties avec une solution emploi ou formation",
            total("with_job"),
            drilldown=pathways_link(**exit_filters, solution="emploi"),
        ),
        Figure(
            "agir_exits_with_both",
            "Sorties avec les deux solutions",
            total("with_both"),
            drilldown=pathways_link(**exit_filters, solution="les_deux"),
        ),
        Figure(
            "agir_closed_at_24_months",
            "Parcours clos à la limite des 24 mois",
            by_reason[EndReason.TIME_LIMIT],
            drilldown=pathways_link(**exit_filters, motif=EndReason.TIME_LIMIT),
        ),
    ]
    figures += [
        Figure(
            f"agir_exits_{reason.value}",
            f"Sorties : {reason.label.lower()}",
            by_reason[reason.value],
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
        _platform_table(platforms, period),
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
            key="caseload_per_referent",
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
                "Entrées": entries_by_month,
                "Objectif": [float(_round(t, "0.1")) for t in monthly_targets],
            },
        ),
        Chart(
            "agir_exits_by_reason",
            "Sorties par motif",
            "bar",
            list(EndReason.labels),
            {"Sorties": [by_reason[reason.value] for reason in EndReason]},
        ),
    ]
    return Section("agir", TITLE, figures, tables, charts)


def _platform_table(platforms, period):
    rows = []
    for platform in platforms:
        settings = getattr(platform, "agir_settings", None)
        target = prorated_target(platform, period.start, period.end)
        rows.append(
            [
                platform.name,
                settings.yearly_entry_target if settings else None,
                int(_round(target)),
                platform.entries,
                _percent(platform.entries, target),
                platform.active,
                platform.exits,
                platform.with_both,
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
            f"En cours au {period.end:%d/%m/%Y}",
            "Sorties",
            "Sorties avec les deux solutions",
        ],
        rows,
    )
