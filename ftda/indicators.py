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
