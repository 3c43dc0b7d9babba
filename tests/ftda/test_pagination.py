"""One query for a list's page and its count (`ftda.pagination.WindowCountPaginator`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ftda.models import Person
from ftda.pagination import WindowCountPaginator
from tests.ftda.factories import MembershipFactory, PathwayFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SURNAMES = ["Nguyễn", "Ouédraogo", "Yıldız", "Haidari", "Tesfay", "Diallo"]


def supported(structure, count):
    for index in range(count):
        person = PersonFactory(last_name=f"{SURNAMES[index % 6]} {index:02d}")
        PathwayFactory(person=person, structure=structure)


def page(number, per_page=25):
    paginator = WindowCountPaginator(Person.objects.order_by("last_name", "pk"), per_page)
    with CaptureQueriesContext(connection) as queries:
        result = paginator.get_page(number)
        rows = [(person.last_name, person.pk) for person in result.object_list]
    return result, rows, [query["sql"] for query in queries.captured_queries]


def test_the_first_page_and_the_count_come_in_one_query():
    PersonFactory.create_batch(30)
    result, rows, queries = page(1)
    assert len(queries) == 1
    assert "COUNT(*) OVER ()" in queries[0]
    assert (result.number, result.paginator.count, result.paginator.num_pages) == (1, 30, 2)
    assert len(rows) == 25
    assert rows == sorted(rows)
    assert result.has_next()
    second, second_rows, queries = page(2)
    assert len(queries) == 2  # the next pages as Django reads them: COUNT, then the page
    assert (second.number, second.paginator.count, second.start_index()) == (2, 30, 26)
    assert rows[-1] <= second_rows[0]
    assert len(set(rows + second_rows)) == 30


@pytest.mark.parametrize(
    ("asked", "shown", "rows"),
    [("99", 2, 5), ("abc", 1, 25), (None, 1, 25), ("0", 2, 5), ("1.0", 1, 25), ("", 1, 25)],
)
def test_out_of_range_pages_as_django_shows_them(asked, shown, rows):
    """Past the last page: the last one (Django's `get_page`, with its count query); not a
    number: the first."""
    PersonFactory.create_batch(30)
    result, names, _ = page(asked)
    assert result.number == shown
    assert len(names) == rows
    assert result.paginator.count == 30


def test_an_empty_list_has_one_empty_page():
    result, rows, queries = page(1)
    assert len(queries) == 1
    assert rows == []
    assert result.paginator.count == 0
    assert result.number == 1


def test_caseload_counts_with_its_page_for_members_not_for_the_whole_directory(client):
    """A member's caseload and any search: one query; the direction's unfiltered list of
    every person keeps `COUNT` then a top-25 sort (a window would keep every row)."""
    membership = MembershipFactory(structure__name="CPH Angers")
    supported(membership.structure, 30)
    client.force_login(membership.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("ftda:caseload"))
    body = response.content.decode()
    assert "30 personnes" in body
    assert len(response.context["page"].object_list) == 25
    assert not [q for q in queries.captured_queries if 'COUNT(*) AS "__count"' in q["sql"]]

    client.force_login(UserFactory(direction=True))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("ftda:caseload"))
    assert [q for q in queries.captured_queries if 'COUNT(*) AS "__count"' in q["sql"]]
    assert not [q for q in queries.captured_queries if "OVER ()" in q["sql"]]
    response = client.get(reverse("ftda:caseload"), {"q": "Ouedraogo"})
    assert "5 personnes pour « Ouedraogo »" in response.content.decode()
