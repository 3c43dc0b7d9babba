"""Streamed CSV for large exports: memory stays flat whatever the number of rows.

    rows = FollowUp.objects.for_user(user).values_list(*fields).iterator(chunk_size=2000)
    return stream_csv(rows, ["Date", "Structure", ...], filename="suivis.csv")

`rows_iterable` should be lazy: a queryset's `.iterator(chunk_size=…)` reads through a
server-side cursor, `chunk_size` rows at a time. `stream_csv` consumes it inside a
transaction, so that Django declares an ordinary cursor that PostgreSQL streams (outside one,
in autocommit, Django declares it `WITH HOLD` and PostgreSQL materialises the whole result
before the first row). The rows leave as `StreamingHttpResponse` chunks of `batch_rows`
lines; nothing accumulates. (`ftda.exports.export_list` reads through `.iterator()` too,
but outside a transaction: its cursor is `WITH HOLD`, so PostgreSQL materialises the result
before the first row; consuming it inside `transaction.atomic()` as here avoids that.)

Cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) are neutralised with a leading apostrophe (OWASP's CSV injection advice). The file
opens with a UTF-8 byte order mark so that Excel shows the accents right.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator, Sequence

from django.db import transaction
from django.http import StreamingHttpResponse

from ftda.exports import neutralise as neutralise_text

BATCH_ROWS = 500


def neutralise(value):
    """A cell as text, safe to open in a spreadsheet (the rule of `ftda.exports`)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    return neutralise_text(value)


class _Line:
    """A file-like object whose `write` returns the line: csv.writer formats, we stream."""

    def write(self, line):
        return line


def csv_chunks(
    rows_iterable: Iterable[Sequence],
    headers: Sequence[str],
    *,
    delimiter: str = ",",
    batch_rows: int = BATCH_ROWS,
    using: str = "default",
) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=delimiter)
    yield "\ufeff" + writer.writerow([neutralise(h) for h in headers])
    with transaction.atomic(using=using):
        batch = []
        for row in rows_iterable:
            batch.append(writer.writerow([neutralise(value) for value in row]))
            if len(batch) >= batch_rows:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)


def stream_csv(
    rows_iterable: Iterable[Sequence],
    headers: Sequence[str],
    *,
    filename: str = "export.csv",
    delimiter: str = ",",
    batch_rows: int = BATCH_ROWS,
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_chunks(rows_iterable, headers, delimiter=delimiter, batch_rows=batch_rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
