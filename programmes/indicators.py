"""Report figures of the programmes, computed with SQL aggregates over a period and a scope.

Definitions (stable keys, compared year on year by the report):
- duos formed: duos started in the period; active: duos running at least one day of it.
- completion: of the duos whose planned end (start + 6 months) falls in the period, those
  that ran six months with at least one meeting in each of their six months.
- share of months with a meeting: over the calendar months each active duo lived in the
  period (up to today), those with at least one meeting.
- Clé de France at 6 months: the people whose six months after relocation end in the period
  (relocated between period start − 6 months and period end − 6 months), with housing / with
  a job or training at their 6-month review.
"""

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ftda.indicators import Chart, Figure, Section, Table
from ftda.models import Structure
from programmes.enums import (
    EmploymentSolution,
    HousingSolution,
    ParticipantGroup,
    Scheme,
)
from programmes.models import (
    Attendance,
    CollectiveActivity,
    CookingEvent,
    Duo,
    GroupCount,
    MobilityPathway,
    Programme,
    SituationReview,
)

MONTHS_SQL = """
    SELECT count(*) AS months,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM programmes_duomeeting m
                WHERE m.duo_id = d.id
                  AND m.occurred_on >= s.month
                  AND m.occurred_on < s.month + interval '1 month')) AS met
      FROM programmes_duo d
      CROSS JOIN LATERAL generate_series(
           date_trunc('month', greatest(d.started_on, %(start)s)),
           date_trunc('month', least(coalesce(d.ended_on, %(end)s), %(end)s)),
           interval '1 month') AS s(month)
     WHERE d.programme_id = ANY(%(ids)s)
       AND d.started_on <= %(end)s
       AND (d.ended_on IS NULL OR d.ended_on >= %(start)s)
"""


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _single_programme(scope, scheme):
    ids = list(
        Structure.objects.filter(pk__in=scope.structure_ids, programme__scheme=scheme).values_list(
            "pk", flat=True
        )
    )
    return ids[0] if len(ids) == 1 else None


def _iso(day):
    return day.isoformat()


def section(period, scope):
    """Only the schemes the scope holds a programme of; empty (left out of the report) when
    the scope has no programme."""
    section = Section(key="programmes", title="Programmes")
    schemes = set(
        Programme.objects.filter(structure_id__in=scope.structure_ids).values_list(
            "scheme", flat=True
        )
    )
    if Scheme.DUOS in schemes:
        _duos(section, period, scope)
    if Scheme.CHICHE_CHEF in schemes:
        _chiche_chef(section, period, scope)
    if Scheme.CLE_DE_FRANCE in schemes:
        _cle_de_france(section, period, scope)
    return section


# --------------------------------------------------------------------------- Duos de demain


def _duos(section, period, scope):
    ids = scope.structure_ids
    start, end = period.start, period.end
    programme = _single_programme(scope, Scheme.DUOS)
    duos = Duo.objects.filter(programme_id__in=ids)
    active = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    counts = duos.aggregate(
        formed=Count("pk", filter=Q(started_on__range=(start, end))),
        active=Count("pk", filter=active),
    )
    due = duos.filter(planned_end_on__range=(start, end)).with_regularity(today=end)
    due_counts = due.aggregate(due=Count("pk"), completed=Count("pk", filter=Q(is_completed=True)))
    with connection.cursor() as cursor:
        cursor.execute(
            MONTHS_SQL,
            {"start": start, "end": min(end, timezone.localdate()), "ids": list(ids)},
        )
        months, met = cursor.fetchone()
    activities = CollectiveActivity.objects.filter(
        programme_id__in=ids, occurred_on__range=(start, end)
    )
    activity_counts = activities.aggregate(n=Count("pk"), others=Sum("other_attendees"))
    present = Attendance.objects.filter(activity__in=activities).count()

    def link(name="programmes:duo_list", **params):
        return Figure.link(name, programme=programme, **params)

    period_dates = {"debut_du": _iso(start), "debut_au": _iso(end)}
    active_dates = {"actif_du": _iso(start), "actif_au": _iso(end)}
    due_dates = {"fin_prevue_du": _iso(start), "fin_prevue_au": _iso(end)}
    activity_dates = {"du": _iso(start), "au": _iso(end)}
    section.figures += [
        Figure(
            "duos_formed", "Duos formés", counts["formed"], "duos", drilldown=link(**period_dates)
        ),
        Figure(
            "duos_active", "Duos actifs", counts["active"], "duos", drilldown=link(**active_dates)
        ),
        Figure(
            "duos_due",
            "Duos arrivés au terme des six mois",
            due_counts["due"],
            "duos",
            drilldown=link(**due_dates),
        ),
        Figure(
            "duos_completed",
            "Duos menés à terme (six mois, une rencontre par mois)",
            due_counts["completed"],
            "duos",
            drilldown=link(**due_dates, complet="oui"),
        ),
        Figure(
            "duos_completion_rate",
            "Taux de duos menés à terme",
            _pct(due_counts["completed"], due_counts["due"]),
            unit="%",
            drilldown=link(**due_dates),
        ),
        Figure(
            "duos_months_with_meeting_share",
            "Part des mois avec au moins une rencontre",
            _pct(met, months),
            unit="%",
            drilldown=link(**active_dates),
        ),
        Figure(
            "duos_collective_activities",
            "Activités collectives",
            activity_counts["n"],
            "activités",
            drilldown=link("programmes:activity_list", **activity_dates),
        ),
        Figure(
            "duos_activity_attendance",
            "Présences de membres des duos aux activités collectives",
            present,
            "présences",
            drilldown=link("programmes:activity_list", **activity_dates),
        ),
        Figure(
            "duos_activity_other_attendees",
            "Autres participants aux activités collectives",
            activity_counts["others"] or 0,
            "personnes",
            drilldown=link("programmes:activity_list", **activity_dates),
        ),
    ]
    per_year = dict(
        duos.filter(started_on__lte=end)
        .annotate(year=ExtractYear("started_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    if per_year:
        years = list(range(min(per_year), end.year + 1))
        section.charts.append(
            Chart(
                key="duos_per_year",
                title="Duos formés par année",
                kind="bar",
                labels=[str(y) for y in years],
                series={"Duos formés": [per_year.get(y, 0) for y in years]},
            )
        )
    rows = (
        duos.values("programme__name")
        .annotate(
            formed=Count("pk", filter=Q(started_on__range=(start, end))),
            active=Count("pk", filter=active),
        )
        .filter(Q(formed__gt=0) | Q(active__gt=0))
        .order_by("programme__name")
    )
    section.tables.append(
        Table(
            title="Duos de demain par programme",
            columns=["Programme", "Duos formés", "Duos actifs"],
            rows=[[r["programme__name"], r["formed"], r["active"]] for r in rows],
        )
    )


# --------------------------------------------------------------------------- Chiche Chef

GROUPS = ParticipantGroup.choices


def _group_columns(prefix="counts__"):
    return {
        group: Sum(f"{prefix}count", filter=Q(**{f"{prefix}group": group}), default=0)
        for group, _ in GROUPS
    }


def _chiche_chef(section, period, scope):
    ids = scope.structure_ids
    start, end = period.start, period.end
    programme = _single_programme(scope, Scheme.CHICHE_CHEF)
    events = CookingEvent.objects.filter(programme_id__in=ids, held_on__range=(start, end))
    by_group = dict(
        GroupCount.objects.filter(event__in=events)
        .values("group")
        .annotate(n=Sum("count"))
        .values_list("group", "n")
    )
    dates = {"du": _iso(start), "au": _iso(end)}
    link = Figure.link("programmes:event_list", programme=programme, **dates)
    total = sum(by_group.values())
    section.figures += [
        Figure("chiche_chef_editions", "Éditions Chiche Chef", events.count(), "éditions", link),
        Figure("chiche_chef_participants", "Participants à Chiche Chef", total, "personnes", link),
        Figure(
            "chiche_chef_territories",
            "Territoires (départements) de Chiche Chef",
            events.values("departement").distinct().count(),
            "départements",
            link,
        ),
    ]
    for group, label in GROUPS:
        section.figures.append(
            Figure(
                f"chiche_chef_participants_{group}",
                f"Chiche Chef : {label.lower()}",
                by_group.get(group, 0),
                "personnes",
                link,
            )
        )
    section.charts.append(
        Chart(
            key="chiche_chef_participants_by_group",
            title="Participants à Chiche Chef par groupe",
            kind="bar",
            labels=[label for _, label in GROUPS],
            series={"Participants": [by_group.get(group, 0) for group, _ in GROUPS]},
        )
    )
    group_labels = [label for _, label in GROUPS]
    per_edition = events.annotate(**_group_columns()).order_by("held_on", "pk")
    section.tables.append(
        Table(
            title="Chiche Chef par édition",
            columns=["Date", "Territoire", "Lieu", *group_labels, "Total"],
            rows=[
                [
                    e.held_on,
                    e.departement,
                    f"{e.place}, {e.city}",
                    *[getattr(e, g) for g, _ in GROUPS],
                    sum(getattr(e, g) for g, _ in GROUPS),
                ]
                for e in per_edition
            ],
        )
    )
    for title, column, key in (
        ("Chiche Chef par année", "Année", ExtractYear("held_on")),
        ("Chiche Chef par territoire", "Territoire", F("departement")),
    ):
        rows = (
            events.annotate(key=key)
            .values("key")
            .annotate(editions=Count("pk", distinct=True), **_group_columns())
            .order_by("key")
        )
        section.tables.append(
            Table(
                title=title,
                columns=[column, "Éditions", *group_labels, "Total"],
                rows=[
                    [
                        r["key"],
                        r["editions"],
                        *[r[g] for g, _ in GROUPS],
                        sum(r[g] for g, _ in GROUPS),
                    ]
                    for r in rows
                ],
            )
        )


# --------------------------------------------------------------------------- Clé de France


def _cle_de_france(section, period, scope):
    ids = scope.structure_ids
    start, end = period.start, period.end
    programme = _single_programme(scope, Scheme.CLE_DE_FRANCE)
    pathways = MobilityPathway.objects.filter(programme_id__in=ids)
    cohort_from = start - relativedelta(months=6)
    cohort_to = end - relativedelta(months=6)
    cohort = pathways.filter(relocated_on__range=(cohort_from, cohort_to))
    reviews = SituationReview.objects.filter(pathway__in=cohort, months_after=6)
    counts = pathways.aggregate(
        entered=Count("pk", filter=Q(started_on__range=(start, end))),
        relocated=Count("pk", filter=Q(relocated_on__range=(start, end))),
    )
    housed = reviews.exclude(housing_solution=HousingSolution.NONE).count()
    employed = reviews.exclude(employment_solution=EmploymentSolution.NONE).count()

    def link(**params):
        return Figure.link("programmes:mobility_list", programme=programme, **params)

    cohort_dates = {"installe_du": _iso(cohort_from), "installe_au": _iso(cohort_to)}
    section.figures += [
        Figure(
            "cle_de_france_entered",
            "Personnes entrées dans Clé de France",
            counts["entered"],
            "personnes",
            drilldown=link(entree_du=_iso(start), entree_au=_iso(end)),
        ),
        Figure(
            "cle_de_france_relocated",
            "Personnes installées hors d'Île-de-France",
            counts["relocated"],
            "personnes",
            drilldown=link(installe_du=_iso(start), installe_au=_iso(end)),
        ),
        Figure(
            "cle_de_france_six_months_cohort",
            "Personnes à 6 mois de leur installation",
            cohort.count(),
            "personnes",
            drilldown=link(**cohort_dates),
        ),
        Figure(
            "cle_de_france_housed_at_6_months",
            "Logées 6 mois après l'installation",
            housed,
            "personnes",
            drilldown=link(**cohort_dates, logement_6_mois="oui"),
        ),
        Figure(
            "cle_de_france_employed_at_6_months",
            "En emploi ou en formation 6 mois après l'installation",
            employed,
            "personnes",
            drilldown=link(**cohort_dates, emploi_6_mois="oui"),
        ),
    ]
    destinations = (
        pathways.filter(relocated_on__range=(start, end))
        .values("destination_departement")
        .annotate(n=Count("pk"))
        .order_by("-n", "destination_departement")
    )
    section.tables.append(
        Table(
            title="Clé de France : destinations des personnes installées",
            columns=["Département", "Personnes installées"],
            rows=[[r["destination_departement"], r["n"]] for r in destinations],
        )
    )
