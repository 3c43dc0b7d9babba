"""Composition of the activity report from every app's `indicators.section`.

The report is a plain, JSON-serialisable document (dicts, lists, numbers, strings): the
HTML page, the PDF and the XLSX are all rendered from it, and a published report stores it
as is, so that its figures never change afterwards.

Apps contribute through `<app>.indicators.section(period, scope) -> ftda.indicators.Section`
for each app of `settings.REPORT_APPS` (an app without `indicators.py` or without `section`
is skipped). Each section is computed for the period and for the previous one, and figures
are compared by key.
"""

import datetime
from decimal import Decimal
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from ftda.indicators import Period, Scope, growth

DOCUMENT_VERSION = 1


def providers():
    """`(app, section_function)` for every app of REPORT_APPS offering a section."""
    found = []
    for app in settings.REPORT_APPS:
        module_name = f"{app}.indicators"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name in (module_name, app):
                continue
            raise
        section = getattr(module, "section", None)
        if callable(section):
            found.append((app, section))
    return found


def _plain(value):
    """Numbers as JSON numbers: int stays int, Decimal and float become float."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        value = float(value)
        return int(value) if value.is_integer() and abs(value) < 2**53 else round(value, 6)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _local_url(url):
    """Drill-down links stay inside the application (a path, never a scheme or host)."""
    if isinstance(url, str) and url.startswith("/") and not url.startswith(("//", "/\\")):
        return url
    return None


def is_empty(section) -> bool:
    return section is None or not (section.figures or section.tables or section.charts)


def section_document(app, current, previous):
    previous_values = {}
    if previous is not None:
        previous_values = {f.key: f.value for f in previous.figures}
    figures = []
    for figure in current.figures:
        before = previous_values.get(figure.key)
        change = growth(figure.value, before)
        figures.append(
            {
                "key": figure.key,
                "label": figure.label,
                "value": _plain(figure.value),
                "previous": _plain(before),
                "growth": _plain(change),
                "unit": figure.unit,
                "drilldown": _local_url(figure.drilldown),
            }
        )
    return {
        "app": app,
        "key": current.key,
        "title": current.title,
        "figures": figures,
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "columns": [str(c) for c in table.columns],
                "rows": [[_plain(cell) for cell in row] for row in table.rows],
            }
            for table in current.tables
        ],
        "charts": [
            {
                "key": chart.key,
                "title": chart.title,
                "kind": chart.kind,
                "labels": [str(label) for label in chart.labels],
                "series": {
                    str(name): [_plain(v) for v in values] for name, values in chart.series.items()
                },
            }
            for chart in current.charts
        ],
    }


def compose(period: Period, scope: Scope, *, scope_key="", progress=None) -> dict:
    """The report document for `period` and `scope`. `progress(fraction)` is called after
    each app's sections, for background generation."""
    previous_period = period.previous()
    found = providers()
    sections = []
    for index, (app, section) in enumerate(found, start=1):
        current = section(period, scope)
        if not is_empty(current):
            before = section(previous_period, scope)
            sections.append(section_document(app, current, before))
        if progress is not None:
            progress(index / len(found))
    return {
        "version": DOCUMENT_VERSION,
        "title": "Rapport d'activité",
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "previous_period": {
            "start": previous_period.start.isoformat(),
            "end": previous_period.end.isoformat(),
        },
        "scope": {
            "key": scope_key,
            "label": scope.label,
            "structure_ids": list(scope.structure_ids),
        },
        "composed_at": timezone.now().isoformat(),
        "sections": sections,
    }
