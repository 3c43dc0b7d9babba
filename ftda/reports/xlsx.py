"""The report as an XLSX workbook: a summary sheet, then one sheet per section.

Figures are stored as numbers with number formats (never as text); every text cell that
a spreadsheet could read as a formula (starting with = + - @, a tab or a carriage return)
is neutralised with a leading apostrophe.
"""

import datetime
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ftda.exports import neutralise
from ftda.reports import formats

INTEGER = "#,##0"
DECIMAL = "#,##0.0"
GROWTH = "+0.0%;-0.0%;0.0%"
HEADER_FILL = PatternFill("solid", fgColor="1F5D8C")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _sheet_title(title, taken):
    clean = re.sub(r"[\[\]\*\?/\\:]", " ", title).strip()[:28] or "Section"
    candidate, n = clean, 2
    while candidate.lower() in taken:
        candidate = f"{clean[:25]} {n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def _put(sheet, row, column, value, *, bold=False):
    cell = sheet.cell(row=row, column=column, value=neutralise(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = INTEGER if float(value).is_integer() else DECIMAL
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _header(sheet, row, columns):
    for column, title in enumerate(columns, start=1):
        cell = _put(sheet, row, column, title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def render_xlsx(document: dict, *, narratives=None, status_line="") -> bytes:
    narratives = narratives or {}
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Synthèse"
    taken = {"synthèse"}
    period = document["period"]
    previous = document["previous_period"]
    _put(summary, 1, 1, document["title"], bold=True).font = Font(bold=True, size=14)
    _put(summary, 2, 1, "Périmètre")
    _put(summary, 2, 2, document["scope"]["label"])
    _put(summary, 3, 1, "Période")
    _put(summary, 3, 2, formats.period_long(period["start"], period["end"]))
    _put(summary, 4, 1, "Début")
    summary.cell(row=4, column=2, value=datetime.date.fromisoformat(period["start"]))
    summary.cell(row=4, column=2).number_format = "DD/MM/YYYY"
    _put(summary, 5, 1, "Fin")
    summary.cell(row=5, column=2, value=datetime.date.fromisoformat(period["end"]))
    summary.cell(row=5, column=2).number_format = "DD/MM/YYYY"
    _put(summary, 6, 1, "Période de comparaison")
    _put(summary, 6, 2, formats.period_long(previous["start"], previous["end"]))
    if status_line:
        _put(summary, 7, 1, "Statut")
        _put(summary, 7, 2, status_line)
    _put(summary, 9, 1, "Sections", bold=True)
    for offset, section in enumerate(document["sections"]):
        _put(summary, 10 + offset, 1, section["title"])
    _widths(summary, [28, 60])

    for section in document["sections"]:
        sheet = workbook.create_sheet(_sheet_title(section["title"], taken))
        _put(sheet, 1, 1, section["title"], bold=True).font = Font(bold=True, size=13)
        row = 3
        _header(
            sheet,
            row,
            [
                "Indicateur",
                formats.period_long(period["start"], period["end"]).capitalize(),
                formats.period_long(previous["start"], previous["end"]).capitalize(),
                "Évolution",
                "Unité",
            ],
        )
        sheet.freeze_panes = "A4"
        for figure in section["figures"]:
            row += 1
            _put(sheet, row, 1, figure["label"])
            _put(sheet, row, 2, figure["value"])
            _put(sheet, row, 3, figure["previous"])
            if figure["growth"] is not None:
                cell = sheet.cell(row=row, column=4, value=figure["growth"] / 100)
                cell.number_format = GROWTH
            _put(sheet, row, 5, figure["unit"])
            if figure["unit"] == "%":
                for column in (2, 3):
                    sheet.cell(row=row, column=column).number_format = DECIMAL
        text = narratives.get(section["key"], "")
        if text:
            row += 2
            _put(sheet, row, 1, "Commentaire", bold=True)
            cell = _put(sheet, row + 1, 1, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=5)
            sheet.row_dimensions[row + 1].height = max(30, 15 * (len(text) // 90 + 1))
            row += 1
        for table in section["tables"]:
            row += 2
            _put(sheet, row, 1, table["title"], bold=True)
            row += 1
            _header(sheet, row, table["columns"])
            for values in table["rows"]:
                row += 1
                for column, value in enumerate(values, start=1):
                    _put(sheet, row, column, value)
        for chart in section["charts"]:
            row += 2
            _put(sheet, row, 1, f"Données du graphique : {chart['title']}", bold=True)
            row += 1
            names = list(chart["series"])
            _header(sheet, row, ["", *names])
            for index, label in enumerate(chart["labels"]):
                row += 1
                _put(sheet, row, 1, label)
                for column, name in enumerate(names, start=2):
                    values = chart["series"][name]
                    _put(sheet, row, column, values[index] if index < len(values) else None)
        _widths(sheet, [58, 18, 18, 14, 14])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
