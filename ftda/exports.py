"""Exports of lists to CSV and XLSX, always within the user's scope.

Every list view of the project exports through `export_list`: the view passes the queryset
it already scoped and filtered, and a django-import-export resource that names the columns.
Rows are streamed (CSV) or written row by row (XLSX, openpyxl's write-only mode) from a
server-side cursor, so memory does not grow with the number of rows.

Spreadsheets run formulas: every text cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is neutralised with a leading apostrophe (OWASP's "CSV injection" advice),
in CSV and XLSX alike. Numbers and dates stay numbers and dates.
"""

import csv
import datetime
import tempfile
from decimal import Decimal

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ftda import access
from ftda.enums import AccessAction

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def can_export(user) -> bool:
    """Exports of personal data: managers (of their structures) and the direction."""
    return access.sees_all_structures(user) or access.is_manager_somewhere(user)


def neutralise(value):
    """A text value a spreadsheet would run as a formula becomes inert text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def requested_format(request):
    return request.GET.get("format") if request.GET.get("format") in FORMATS else None


def _native_value(resource, field, obj):
    """The Python value of a column (dates stay dates), not the widget's text rendering."""
    method = field.get_dehydrate_method(resource.get_field_name(field))
    dehydrate = method if callable(method) else getattr(resource, method, None)
    return dehydrate(obj) if dehydrate is not None else field.get_value(obj)


def _rows(resource, queryset):
    fields = resource.get_export_fields()
    for obj in resource.iter_queryset(queryset):
        yield [neutralise(_native_value(resource, field, obj)) for field in fields]


def _csv_cell(value):
    """French spreadsheets: dd/mm/yyyy dates and decimal commas."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class _Echo:
    def write(self, value):
        return value


def _csv_lines(headers, rows):
    writer = csv.writer(_Echo(), delimiter=";")
    # The byte-order mark makes Excel read the file as UTF-8 (accents intact).
    yield "\ufeff" + writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
    elif isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    elif value is not None and not isinstance(
        value, str | int | float | Decimal | bool | datetime.date
    ):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"
    return cell


def write_xlsx(file, *, title, headers, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    workbook.save(file)


def export_list(request, *, resource_class, queryset, basename):
    """Download `queryset` (already scoped and filtered by the view) as CSV or XLSX.

    Out of permission or with an unknown format, the answer is 404 like anything out of
    scope. Each download is written to the AccessLog.
    """
    from ftda.services import log_access

    fmt = requested_format(request)
    if fmt is None or not can_export(request.user):
        raise Http404
    resource = resource_class()
    headers = resource.get_export_headers()
    rows = _rows(resource, queryset)
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    log_access(request=request, action=AccessAction.EXPORT)
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(headers, rows), content_type=FORMATS["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(spool, title=basename, headers=headers, rows=rows)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=FORMATS["xlsx"])
