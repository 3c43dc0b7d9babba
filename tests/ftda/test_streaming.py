"""Streamed CSV: formula neutralisation, lazy consumption, a real server-side cursor."""

import csv
import datetime
import io

import pytest
from django.db import connection

from ftda.models import FollowUp
from ftda.streaming import neutralise, stream_csv
from tests.ftda.factories import FollowUpFactory, PersonFactory


def read(response):
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://exemple.fr")', '\'=HYPERLINK("http://exemple.fr")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("N'Diaye", "N'Diaye"),
        (None, ""),
        (-3, -3),
        (["housing", "rights"], "housing, rights"),
        (datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)),
    ],
)
def test_cells_that_spreadsheets_would_run_are_neutralised(cell, expected):
    assert neutralise(cell) == expected


@pytest.mark.django_db
def test_headers_accents_and_rows_survive_the_round_trip():
    response = stream_csv(
        [("Ouédraogo", "=1+1", datetime.date(2024, 2, 29))], ["Nom", "Note", "Échéance"]
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert read(response) == [["Nom", "Note", "Échéance"], ["Ouédraogo", "'=1+1", "2024-02-29"]]


@pytest.mark.django_db
def test_rows_are_consumed_as_the_response_is_read_not_before():
    consumed = []

    def rows():
        for index in range(2_000):
            consumed.append(index)
            yield (index, "ligne")

    response = stream_csv(rows(), ["n", "texte"], batch_rows=100)
    assert consumed == []
    chunks = iter(response.streaming_content)
    next(chunks)  # headers
    next(chunks)  # first batch
    assert len(consumed) == 100
    assert sum(1 for _ in chunks) == 19


@pytest.mark.django_db(transaction=True)
def test_a_queryset_iterator_is_streamed_by_a_server_side_cursor_not_held():
    person = PersonFactory(last_name="Haidari", first_names="Zahra")
    FollowUpFactory.create_batch(5, person=person, note="-appel")
    rows = FollowUp.objects.values_list("person__last_name", "note").iterator(chunk_size=2)
    chunks = iter(stream_csv(rows, ["Nom", "Note"], batch_rows=1).streaming_content)
    received = [next(chunks), next(chunks)]  # headers, first row: the export is under way
    with connection.cursor() as cursor:
        cursor.execute("SELECT is_holdable FROM pg_cursors")
        cursors = [holdable for (holdable,) in cursor.fetchall()]
    received.extend(chunks)
    # One server-side cursor, not WITH HOLD: PostgreSQL streams it instead of materialising.
    assert cursors == [False]
    text = b"".join(received).decode()
    assert text.count("Haidari") == 5
    assert text.count("'-appel") == 5
