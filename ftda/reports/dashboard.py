"""The manager dashboard (*Tableau de bord*): a few charts and tables of the activity
report, picked by key from the apps' sections, for the last 12 months and for today.

Nothing is computed here: every number comes from `<app>.indicators.section`, through the
report's composition (`compose.section_document`), and every chart is drawn by the report's
renderer (`charts.render`). Each block lists the figures behind it with their drill-down
links to the records.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.safestring import mark_safe

from ftda.indicators import Period
from ftda.reports import charts, compose


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    app: str
    today: bool = False  # from the section of today alone, not of the 12 months
    charts: tuple = ()
    tables: tuple = ()
    figures: tuple = ()


BLOCKS = (
    Block(
        "occupation_jour",
        "Occupation des places aujourd'hui, par structure",
        "hebergement",
        today=True,
        tables=("per_structure",),
        figures=("places_authorised_end", "occupancy_rate", "persons_supported"),
    ),
    Block(
        "occupation_12_mois",
        "Occupation sur 12 mois",
        "hebergement",
        charts=("occupancy_rate_by_month", "capacity_occupancy_by_month"),
        figures=("occupancy_rate", "entries", "exits"),
    ),
    Block(
        "agir_entrees",
        "Entrées AGIR et objectif",
        "agir",
        charts=("agir_entries_by_month",),
        figures=("agir_entries", "agir_entry_target", "agir_entry_rate"),
    ),
    Block(
        "file_active",
        "File active par référent (AGIR)",
        "agir",
        tables=("caseload_per_referent",),
        figures=("agir_active_at_end", "agir_caseload_per_referent"),
    ),
    Block(
        "sorties_hebergement",
        "Sorties d'hébergement par solution",
        "hebergement",
        charts=("exit_outcomes",),
        figures=("exits", "autonomous_housing_exit_share"),
    ),
    Block(
        "sorties_agir",
        "Sorties AGIR par motif",
        "agir",
        charts=("agir_exits_by_reason",),
        figures=("agir_exits", "agir_exits_with_both"),
    ),
)


def last_twelve_months(today: datetime.date) -> Period:
    """From the first day of the month eleven months ago to today: twelve monthly bars."""
    return Period(today.replace(day=1) - relativedelta(months=11), today)


def _sections(period, scope, apps):
    """{app: section document} for the apps of `apps` with something in `scope`."""
    found = {}
    for app, section in compose.providers():
        if app in apps:
            current = section(period, scope)
            if not compose.is_empty(current):
                found[app] = compose.section_document(app, current, None)
    return found


def _pick(items, keys):
    by_key = {item.get("key"): item for item in items}
    return [by_key[key] for key in keys if key in by_key]


def blocks(scope, today: datetime.date):
    """The dashboard's blocks for `scope`, charts drawn; blocks without data are left out."""
    period = last_twelve_months(today)
    apps = {block.app for block in BLOCKS}
    sections = {
        False: _sections(period, scope, apps),
        True: _sections(Period(today, today), scope, {b.app for b in BLOCKS if b.today}),
    }
    shown = []
    for block in BLOCKS:
        section = sections[block.today].get(block.app)
        if section is None:
            continue
        drawn = []
        for chart in _pick(section["charts"], block.charts):
            title_id = f"tableau-{block.key}-{chart['key']}"
            # charts.render strips scripts, handlers, styles and external links
            svg = mark_safe(charts.render(chart, title_id=title_id))  # noqa: S308
            drawn.append({**chart, "title_id": title_id, "svg": svg})
        tables = _pick(section["tables"], block.tables)
        figures = _pick(section["figures"], block.figures)
        if drawn or tables or figures:
            shown.append(
                {
                    "key": block.key,
                    "title": block.title,
                    "charts": drawn,
                    "tables": tables,
                    "figures": figures,
                }
            )
    return period, shown
