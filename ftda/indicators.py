"""The shared vocabulary of report figures: a period, a scope, figures, tables and charts.

Each app's `indicators.py` exposes `section(period, scope) -> Section` computed with SQL
aggregates; dashboards, the HTML report, the PDF and the XLSX all call it, so that a figure
is computed in one place only. Every figure may carry a `drilldown`: the URL of the list of
records behind it, with the same filters.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils.http import urlencode


@dataclass(frozen=True)
class Period:
    """Dates from `start` to `end`, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        ) and self.start.year == self.end.year

    def previous(self) -> "Period":
        """The period just before, of the same calendar length (a year before a year)."""
        if self.is_calendar_year:
            return Period.year(self.start.year - 1)
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if self.start.day == 1 and (self.end + datetime.timedelta(days=1)).day == 1:
            start = self.start - relativedelta(months=months)
            return Period(start, self.start - datetime.timedelta(days=1))
        return Period(
            self.start - datetime.timedelta(days=self.days), self.start - datetime.timedelta(days=1)
        )

    def months(self):
        """First day of each month the period touches."""
        month = self.start.replace(day=1)
        while month <= self.end:
            yield month
            month += relativedelta(months=1)

    def label(self) -> str:
        if self.is_calendar_year:
            return f"année {self.start.year}"
        return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"


@dataclass(frozen=True)
class Scope:
    """The structures a figure covers, already filtered by what the user may see."""

    structure_ids: tuple
    label: str

    @classmethod
    def of(cls, structures, label: str) -> "Scope":
        return cls(tuple(sorted(s.pk for s in structures)), label)


def growth(current, previous):
    """Change computed on the previous value (759 → 939 is +23.7 %), None when undefined."""
    if current is None or not previous:
        return None
    return (Decimal(current) - Decimal(previous)) / Decimal(previous) * 100


@dataclass
class Figure:
    key: str
    label: str
    value: int | float | Decimal | None
    unit: str = ""
    drilldown: str | None = None  # URL of the records behind the figure

    @staticmethod
    def link(url_name: str, **params) -> str:
        query = {k: v for k, v in params.items() if v not in (None, "")}
        return f"{reverse(url_name)}?{urlencode(query, doseq=True)}" if query else reverse(url_name)


@dataclass
class Table:
    title: str
    columns: list
    rows: list  # lists of cell values (numbers stay numbers for the XLSX)
    key: str = ""  # stable, to pick the table out of a section (the manager dashboard)


@dataclass
class Chart:
    """A chart described by its data; ftda.reports renders it to SVG."""

    key: str
    title: str
    kind: str  # "bar", "line", "stacked_bar", "pie"
    labels: list
    series: dict  # series name -> list of values, same length as labels


@dataclass
class Section:
    key: str
    title: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)

    def figure(self, key):
        return next(f for f in self.figures if f.key == key)


# --------------------------------------------------------------------------- core section


def _structures_param(scope):
    return ",".join(str(pk) for pk in scope.structure_ids)


def section(period: Period, scope: Scope) -> Section:
    """The core's figures: persons supported and new, households, follow-ups by kind and
    topic, and a table per structure. Five queries whatever the volume."""
    from django.db.models import Count, Exists, OuterRef, Q
    from django.db.models.functions import TruncMonth

    from ftda.enums import FollowUpKind, FollowUpTopic
    from ftda.models import FollowUp, Household, HouseholdMember, Pathway, Structure

    ids = scope.structure_ids
    during = Q(started_on__lte=period.end) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)
    )
    started = Q(started_on__gte=period.start, started_on__lte=period.end)
    pathways = Pathway.objects.filter(structure_id__in=ids)
    counts = pathways.aggregate(
        supported=Count("person", filter=during, distinct=True),
        new=Count("person", filter=started, distinct=True),
    )
    supported_households = Household.objects.filter(
        Exists(
            HouseholdMember.objects.filter(
                household=OuterRef("pk"),
                person__in=pathways.filter(during).values("person_id"),
            )
        )
    ).count()
    follow_ups = FollowUp.objects.filter(
        structure_id__in=ids, occurred_on__gte=period.start, occurred_on__lte=period.end
    )
    by_kind = follow_ups.aggregate(
        total=Count("id"),
        **{kind.value: Count("id", filter=Q(kind=kind.value)) for kind in FollowUpKind},
        **{
            f"topic_{topic.value}": Count("id", filter=Q(topics__contains=[topic.value]))
            for topic in FollowUpTopic
        },
    )
    by_month = dict(
        follow_ups.annotate(month=TruncMonth("occurred_on"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )

    base = {"du": period.start.isoformat(), "au": period.end.isoformat()}
    base["structures"] = _structures_param(scope)
    persons_url = "reports:persons"
    follow_ups_url = "reports:follow_ups"
    figures = [
        Figure(
            "persons_supported",
            "Personnes accompagnées dans la période",
            counts["supported"],
            "personnes",
            Figure.link(persons_url, **base),
        ),
        Figure(
            "persons_new",
            "Nouvelles personnes (accompagnement commencé dans la période)",
            counts["new"],
            "personnes",
            Figure.link(persons_url, **base, critere="nouvelles"),
        ),
        Figure(
            "households_supported",
            "Ménages accompagnés",
            supported_households,
            "ménages",
            Figure.link(persons_url, **base, tri="menage"),
        ),
        Figure(
            "follow_ups",
            "Suivis réalisés",
            by_kind["total"],
            "suivis",
            Figure.link(follow_ups_url, **base),
        ),
    ]
    figures += [
        Figure(
            f"follow_ups_{kind.value}",
            f"Suivis : {kind.label.lower()}",
            by_kind[kind.value],
            "suivis",
            Figure.link(follow_ups_url, **base, type=kind.value),
        )
        for kind in FollowUpKind
    ]
    figures += [
        Figure(
            f"follow_ups_topic_{topic.value}",
            f"Suivis sur le thème : {topic.label.lower()}",
            by_kind[f"topic_{topic.value}"],
            "suivis",
            Figure.link(follow_ups_url, **base, theme=topic.value),
        )
        for topic in FollowUpTopic
    ]

    months = list(period.months())
    month_names = [
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
    charts = [
        Chart(
            "follow_ups_by_month",
            "Suivis réalisés par mois",
            "bar",
            [
                f"{month_names[m.month - 1]} {m.year}"
                if len(months) > 12
                else month_names[m.month - 1]
                for m in months
            ],
            {"Suivis": [by_month.get(m, 0) for m in months]},
        ),
        Chart(
            "follow_ups_by_topic",
            "Suivis par thème",
            "horizontal_bar",
            [topic.label for topic in FollowUpTopic],
            {"Suivis": [by_kind[f"topic_{topic.value}"] for topic in FollowUpTopic]},
        ),
    ]

    # Per structure: two GROUP BY queries merged here (a correlated subquery per row of a
    # structure × pathway join took minutes on a 3,000-person platform).
    per_pathway = {
        row["structure_id"]: row
        for row in pathways.values("structure_id").annotate(
            supported=Count("person", filter=during, distinct=True),
            new=Count("person", filter=started, distinct=True),
        )
    }
    per_follow_up = dict(follow_ups.order_by().values_list("structure_id").annotate(n=Count("id")))
    names = Structure.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name")
    empty = {"supported": 0, "new": 0}
    table = Table(
        "Activité par structure",
        ["Structure", "Personnes accompagnées", "Nouvelles personnes", "Suivis réalisés"],
        [
            [
                name,
                per_pathway.get(pk, empty)["supported"],
                per_pathway.get(pk, empty)["new"],
                per_follow_up.get(pk, 0),
            ]
            for pk, name in names
        ],
    )
    return Section(
        key="accompagnement",
        title="Personnes accompagnées et suivis",
        figures=figures,
        tables=[table],
        charts=charts,
    )
