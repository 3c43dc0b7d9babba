"""Report figures of the housing app, for any period and scope (SQL aggregates).

Definitions (the date conventions are those of `hebergement.models`):
- **authorised places** at a date: the sum of the capacity periods in force that day;
  the growth is computed on the previous period's value (759 → 939 is +23.7 %);
- **available place-days**: for each day of the period, authorised places minus the places
  of the units out of service that day; **occupied place-days**: for each day, the places
  held by a stay (arrival day counted, exit day not; an infant sharing a parent's place
  occupies no place of their own); **occupancy rate** = occupied ÷ available;
- **persons / households supported**: stays present at least one day in the period (a
  person without a household counts as one household);
- **entries**, **exits**: stays that start / end within the period (persons);
- **length of stay**: exit day − arrival day, over the exits of the period;
- **stays extended**: stays with an OFII extension decided within the period;
- **planned places**: places of the retained bids to the calls for projects of the period's
  years.

Every figure about stays links to the stays list with the same filters.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from ftda.enums import StructureKind
from ftda.indicators import Chart, Figure, Section, Table, growth
from ftda.models import Structure
from hebergement.enums import AUTONOMOUS_HOUSING_OUTCOMES, BidStatus, ExitOutcome
from hebergement.models import Capacity, ProjectBid, Stay, StayExtension

LIST = "hebergement:stay_list"
MONTHS_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
             "nov.", "déc."]  # fmt: skip


def _one_decimal(value):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _percent(part, whole):
    if not whole:
        return None
    return _one_decimal(Decimal(part) * 100 / Decimal(whole))


def authorised_places(day, structure_ids, *, kind=None) -> int:
    capacities = Capacity.objects.on(day).filter(structure_id__in=structure_ids)
    if kind:
        capacities = capacities.filter(structure__kind=kind)
    return capacities.aggregate(total=Coalesce(Sum("places"), 0))["total"]


def _month_slices(period):
    slices = []
    for first in period.months():
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        start = max(first, period.start)
        stop = min(next_month - datetime.timedelta(days=1), period.end)
        slices.append((start, stop))
    return slices


# Each query returns (structure_id, month index, place-days) for the period's month slices.
AUTHORISED_SQL = """
SELECT c.structure_id, mo.i, SUM(c.places * (upper(x.r) - lower(x.r)))
FROM unnest(%(starts)s::date[], %(stops)s::date[]) WITH ORDINALITY AS mo(start, stop, i)
JOIN hebergement_capacity c ON c.structure_id = ANY(%(ids)s)
CROSS JOIN LATERAL (
  SELECT daterange(c.valid_from, c.valid_until, '[]') * daterange(mo.start, mo.stop, '[]') AS r
) x
WHERE NOT isempty(x.r)
GROUP BY 1, 2
"""

OUT_OF_SERVICE_SQL = """
SELECT u.structure_id, mo.i, SUM(p.places * (upper(x.r) - lower(x.r)))
FROM unnest(%(starts)s::date[], %(stops)s::date[]) WITH ORDINALITY AS mo(start, stop, i)
JOIN hebergement_outofservice o ON TRUE
JOIN hebergement_housingunit u ON u.id = o.unit_id AND u.structure_id = ANY(%(ids)s)
CROSS JOIN LATERAL (
  SELECT count(*) AS places FROM hebergement_place WHERE unit_id = u.id
) p
CROSS JOIN LATERAL (
  SELECT daterange(o.starts_on, o.ends_on, '[]') * daterange(mo.start, mo.stop, '[]') AS r
) x
WHERE NOT isempty(x.r)
GROUP BY 1, 2
"""

OCCUPIED_SQL = """
SELECT s.structure_id, mo.i, SUM(upper(x.r) - lower(x.r))
FROM unnest(%(starts)s::date[], %(stops)s::date[]) WITH ORDINALITY AS mo(start, stop, i)
JOIN hebergement_stay s ON s.structure_id = ANY(%(ids)s) AND s.place_id IS NOT NULL
CROSS JOIN LATERAL (
  SELECT daterange(s.arrived_on, s.exited_on, '[)') * daterange(mo.start, mo.stop, '[]') AS r
) x
WHERE NOT isempty(x.r)
GROUP BY 1, 2
"""

MEDIAN_SQL = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY exited_on - arrived_on)
FROM hebergement_stay
WHERE structure_id = ANY(%(ids)s) AND exited_on BETWEEN %(start)s AND %(end)s
"""


def _place_days(sql, params):
    """{(structure_id, month index): place-days}."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(row[0], row[1]): int(row[2] or 0) for row in cursor.fetchall()}


def place_days(period, structure_ids):
    """Available and occupied place-days by structure and by month of the period."""
    slices = _month_slices(period)
    params = {
        "ids": list(structure_ids),
        "starts": [start for start, _ in slices],
        "stops": [stop for _, stop in slices],
    }
    authorised = _place_days(AUTHORISED_SQL, params)
    out = _place_days(OUT_OF_SERVICE_SQL, params)
    occupied = _place_days(OCCUPIED_SQL, params)
    available = defaultdict(int)
    for key, days in authorised.items():
        available[key] += days
    for key, days in out.items():
        available[key] -= days
    return slices, dict(available), occupied


def occupancy(period, structure_ids):
    """(occupied place-days, available place-days, rate in %) over the period."""
    _, available, occupied = place_days(period, structure_ids)
    occupied_total, available_total = sum(occupied.values()), sum(available.values())
    return occupied_total, available_total, _percent(occupied_total, available_total)


def _month_label(day):
    return f"{MONTHS_FR[day.month - 1]} {day.year}"


def section(period, scope) -> Section:
    ids = list(scope.structure_ids)
    start, end = period.start, period.end
    period_filters = {"structure": ids}
    present = {"present_du": start, "present_au": end, **period_filters}
    exits_filter = {"sortie_du": start, "sortie_au": end, **period_filters}

    # Capacity.
    places_end = authorised_places(end, ids)
    places_end_cph = authorised_places(end, ids, kind=StructureKind.CPH)
    previous = period.previous()
    places_previous = authorised_places(previous.end, ids)
    places_previous_cph = authorised_places(previous.end, ids, kind=StructureKind.CPH)
    planned = ProjectBid.objects.filter(
        structure_id__in=ids,
        status=BidStatus.RETAINED,
        call__year__gte=start.year,
        call__year__lte=end.year,
    ).aggregate(total=Coalesce(Sum("places_requested"), 0))["total"]

    # Occupancy.
    slices, available, occupied = place_days(period, ids)
    occupied_total, available_total = sum(occupied.values()), sum(available.values())

    # Stays.
    stays = Stay.objects.filter(structure_id__in=ids)
    supported = stays.overlapping(start, end).aggregate(
        persons=Count("person", distinct=True),
        # Households are negative ids, persons alone positive ones: one distinct count.
        households=Count(Coalesce(F("household_id") * -1, "person_id"), distinct=True),
    )
    entries = stays.filter(arrived_on__range=(start, end)).count()
    exits_by_outcome = dict(
        stays.filter(exited_on__range=(start, end))
        .values_list("exit_outcome")
        .annotate(n=Count("pk"))
        .values_list("exit_outcome", "n")
    )
    exits = sum(exits_by_outcome.values())
    autonomous = sum(exits_by_outcome.get(o, 0) for o in AUTONOMOUS_HOUSING_OUTCOMES)
    with connection.cursor() as cursor:
        cursor.execute(MEDIAN_SQL, {"ids": ids, "start": start, "end": end})
        median = cursor.fetchone()[0]
    extended = stays.filter(
        Exists(StayExtension.objects.filter(stay=OuterRef("pk"), decided_on__range=(start, end)))
    ).count()
    mean_length = _mean_length(ids, start, end)

    figures = [
        Figure(
            "places_authorised_end", f"Places autorisées au {end:%d/%m/%Y}", places_end, "places"
        ),
        Figure(
            "places_authorised_start",
            f"Places autorisées au {start:%d/%m/%Y}",
            authorised_places(start, ids),
            "places",
        ),
        Figure(
            "places_authorised_cph_end",
            f"dont établissements permanents (CPH) au {end:%d/%m/%Y}",
            places_end_cph,
            "places",
        ),
        Figure(
            "places_authorised_previous_end",
            f"Places autorisées au {previous.end:%d/%m/%Y}",
            places_previous,
            "places",
        ),
        Figure(
            "places_growth",
            "Évolution des places autorisées sur la période précédente",
            _one_decimal(growth(places_end, places_previous)),
            "%",
        ),
        Figure(
            "places_growth_cph",
            "Évolution des places des CPH sur la période précédente",
            _one_decimal(growth(places_end_cph, places_previous_cph)),
            "%",
        ),
        Figure(
            "places_planned",
            "Places prévues (projets retenus aux appels à projets)",
            planned,
            "places",
        ),
        Figure("available_place_days", "Journées-places disponibles", available_total, "journées"),
        Figure(
            "occupied_place_days",
            "Journées-places occupées",
            occupied_total,
            "journées",
            Figure.link(LIST, **present),
        ),
        Figure(
            "occupancy_rate",
            "Taux d'occupation",
            _percent(occupied_total, available_total),
            "%",
            Figure.link(LIST, **present),
        ),
        Figure(
            "persons_supported",
            "Personnes hébergées",
            supported["persons"],
            "personnes",
            Figure.link(LIST, **present),
        ),
        Figure(
            "households_supported",
            "Ménages hébergés",
            supported["households"],
            "ménages",
            Figure.link(LIST, **present),
        ),
        Figure(
            "entries",
            "Entrées",
            entries,
            "personnes",
            Figure.link(LIST, arrivee_du=start, arrivee_au=end, **period_filters),
        ),
        Figure("exits", "Sorties", exits, "personnes", Figure.link(LIST, **exits_filter)),
    ]
    for outcome in ExitOutcome:
        figures.append(
            Figure(
                f"exits_{outcome.value}",
                f"Sorties : {outcome.label}",
                exits_by_outcome.get(outcome.value, 0),
                "personnes",
                Figure.link(LIST, solution=outcome.value, **exits_filter),
            )
        )
    figures += [
        Figure(
            "autonomous_housing_exit_share",
            "Part des sorties vers un logement autonome",
            _percent(autonomous, exits),
            "%",
            Figure.link(LIST, logement_autonome="true", **exits_filter),
        ),
        Figure(
            "mean_length_of_stay_days",
            "Durée moyenne de séjour (sorties)",
            mean_length,
            "jours",
            Figure.link(LIST, **exits_filter),
        ),
        Figure(
            "median_length_of_stay_days",
            "Durée médiane de séjour (sorties)",
            _one_decimal(median),
            "jours",
            Figure.link(LIST, **exits_filter),
        ),
        Figure(
            "stays_extended",
            "Séjours prolongés",
            extended,
            "séjours",
            Figure.link(LIST, prolonge_du=start, prolonge_au=end, **period_filters),
        ),
    ]
    return Section(
        key="hebergement",
        title="Hébergement : CPH et dispositifs assimilés",
        figures=figures,
        tables=[_table_per_structure(period, ids, available, occupied)],
        charts=_charts(period, ids, slices, available, occupied, exits_by_outcome),
    )


def _mean_length(ids, start, end):
    value = (
        Stay.objects.filter(structure_id__in=ids, exited_on__range=(start, end))
        .annotate(days=F("exited_on") - F("arrived_on"))
        .aggregate(mean=Avg("days"))["mean"]
    )
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds() / 86400
    return _one_decimal(value)


def _table_per_structure(period, ids, available, occupied):
    start, end = period.start, period.end
    structures = list(Structure.objects.filter(pk__in=ids).housing().order_by("name"))
    capacity = dict(
        Capacity.objects.on(end).filter(structure_id__in=ids).values_list("structure_id", "places")
    )
    stays = (
        Stay.objects.filter(structure_id__in=ids)
        .values("structure_id")
        .annotate(
            persons=Count(
                "person",
                distinct=True,
                filter=Q(arrived_on__lte=end)
                & (Q(exited_on__isnull=True) | Q(exited_on__gt=start)),
            ),
            entries=Count("pk", filter=Q(arrived_on__range=(start, end))),
            exits=Count("pk", filter=Q(exited_on__range=(start, end))),
            autonomous=Count(
                "pk",
                filter=Q(exited_on__range=(start, end))
                & Q(exit_outcome__in=AUTONOMOUS_HOUSING_OUTCOMES),
            ),
        )
    )
    by_structure = {row["structure_id"]: row for row in stays}
    available_by = defaultdict(int)
    occupied_by = defaultdict(int)
    for (structure_id, _), days in available.items():
        available_by[structure_id] += days
    for (structure_id, _), days in occupied.items():
        occupied_by[structure_id] += days
    rows = []
    for structure in structures:
        row = by_structure.get(structure.pk, {})
        rows.append([
            structure.name,
            capacity.get(structure.pk, 0),
            _percent(occupied_by[structure.pk], available_by[structure.pk]),
            row.get("persons", 0),
            row.get("entries", 0),
            row.get("exits", 0),
            _percent(row.get("autonomous", 0), row.get("exits", 0)),
        ])  # fmt: skip
    return Table(
        title="Par structure",
        columns=[
            "Structure",
            f"Places autorisées au {end:%d/%m/%Y}",
            "Taux d'occupation (%)",
            "Personnes hébergées",
            "Entrées",
            "Sorties",
            "Sorties vers un logement autonome (%)",
        ],
        rows=rows,
        key="per_structure",
    )


def _charts(period, ids, slices, available, occupied, exits_by_outcome):
    labels = [_month_label(start) for start, _ in slices]
    available_by_month = defaultdict(int)
    occupied_by_month = defaultdict(int)
    for (_, month), days in available.items():
        available_by_month[month] += days
    for (_, month), days in occupied.items():
        occupied_by_month[month] += days
    lengths = [(stop - start).days + 1 for start, stop in slices]
    average_available = [_one_decimal(available_by_month[i + 1] / n) for i, n in enumerate(lengths)]
    average_occupied = [_one_decimal(occupied_by_month[i + 1] / n) for i, n in enumerate(lengths)]
    rates = [
        _percent(occupied_by_month[i + 1], available_by_month[i + 1]) or 0
        for i in range(len(slices))
    ]

    stays = Stay.objects.filter(structure_id__in=ids)
    entries = dict(
        stays.filter(arrived_on__range=(period.start, period.end))
        .annotate(month=TruncMonth("arrived_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    exits = dict(
        stays.filter(exited_on__range=(period.start, period.end))
        .annotate(month=TruncMonth("exited_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    firsts = [start.replace(day=1) for start, _ in slices]
    outcomes = [o for o in ExitOutcome if exits_by_outcome.get(o.value)]
    return [
        Chart(
            "capacity_occupancy_by_month",
            "Places disponibles et occupées (moyenne du mois)",
            "line",
            labels,
            {"Places disponibles": average_available, "Places occupées": average_occupied},
        ),
        Chart(
            "occupancy_rate_by_month",
            "Taux d'occupation par mois (%)",
            "bar",
            labels,
            {"Taux d'occupation": rates},
        ),
        Chart(
            "entries_exits_by_month",
            "Entrées et sorties par mois",
            "bar",
            labels,
            {
                "Entrées": [entries.get(f, 0) for f in firsts],
                "Sorties": [exits.get(f, 0) for f in firsts],
            },
        ),
        Chart(
            "exit_outcomes",
            "Solutions de sortie",
            "pie",
            [o.label for o in outcomes],
            {"Sorties": [exits_by_outcome[o.value] for o in outcomes]},
        ),
    ]
