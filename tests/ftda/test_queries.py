"""Query budgets: the same number of queries with 10 and with 500 people."""

import pytest
from django.urls import reverse

from tests.ftda.factories import FollowUpFactory, MembershipFactory, PathwayFactory, PersonFactory

pytestmark = pytest.mark.django_db

BUDGET = 12


def populate(structure, author, count):
    for index in range(count):
        person = PersonFactory(last_name=f"Mohammadi{index}", first_names="Nasrin")
        PathwayFactory(person=person, structure=structure)
        PathwayFactory(person=person)  # a second scheme, elsewhere
        FollowUpFactory(person=person, structure=structure, author=author)


def count_queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(BUDGET):
        client.get(url)
    return len(queries)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda person: reverse("ftda:caseload"),
        lambda person: reverse("ftda:caseload") + "?q=mohamadi",
        lambda person: reverse("ftda:caseload") + "?statut=tous&page=2",
        lambda person: reverse("ftda:person_detail", args=[person.pk]),
    ],
    ids=["caseload", "search", "caseload-page-2", "person-file"],
)
def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, url_of):
    membership = MembershipFactory()
    client.force_login(membership.user)
    populate(membership.structure, membership.user, 30)
    person = membership.structure.pathways.first().person
    small = count_queries(client, django_assert_max_num_queries, url_of(person))
    populate(membership.structure, membership.user, 470)
    for _ in range(40):
        FollowUpFactory(person=person, structure=membership.structure, author=membership.user)
    large = count_queries(client, django_assert_max_num_queries, url_of(person))
    assert small == large
