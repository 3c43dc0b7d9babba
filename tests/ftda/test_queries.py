"""Query budgets: every core list and detail page runs at most BUDGET queries, the same number
with 10 and with 1,000 persons, and none of them counts the follow-up table."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ftda.enums import FollowUpKind, FollowUpTopic
from ftda.models import AccessLog, FollowUp, Pathway, Person
from tests.ftda.factories import (
    MembershipFactory,
    PartnerFactory,
    StructureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 12
SMALL, LARGE = 10, 1_000
NAMES = [
    ("Mohammadi", "Nasrin"),
    ("Mohamadi", "Zahra"),
    ("Nguyễn", "Thị Lan"),
    ("Ouédraogo", "Issouf"),
    ("Al-Hassan", "Muhammad"),
    ("Tesfay", "Mehret"),
    ("Yıldız", "Berfin"),
    ("N'Diaye", "Aïssatou"),
]


def populate(structure, author, count):
    """`count` persons supported by `structure` (and elsewhere), each with follow-ups, in bulk
    so that 1,000 rows take a second."""
    elsewhere = StructureFactory()
    today = datetime.date(2024, 3, 1)
    persons = Person.objects.bulk_create(
        Person(
            last_name=NAMES[index % len(NAMES)][0],
            first_names=NAMES[index % len(NAMES)][1],
            birth_date=datetime.date(1990, 2, 28) + datetime.timedelta(days=index),
            nationality="AF",
            languages=["prs"],
        )
        for index in range(count)
    )
    Pathway.objects.bulk_create(
        Pathway(person=person, structure=place, started_on=today - datetime.timedelta(days=90))
        for person in persons
        for place in (structure, elsewhere)
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            person=person,
            structure=structure,
            author=author,
            occurred_on=today - datetime.timedelta(days=day),
            kind=FollowUpKind.INTERVIEW,
            topics=[FollowUpTopic.HOUSING],
            note="Point logement.",
            next_step="Relancer le SIAO" if day % 2 else "",
        )
        for person in persons
        for day in (3, 40)
    )


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


COUNT_OF_FOLLOW_UPS = re.compile(r'^\s*SELECT\s+COUNT\(.*?\)\s+.*FROM\s+"ftda_followup"', re.I)


def assert_budget(client, django_assert_max_num_queries, url):
    queries = page_queries(client, url)  # first call warms caches (sessions, content types)
    with django_assert_max_num_queries(BUDGET):
        queries = page_queries(client, url)
    counts = [q for q in queries if COUNT_OF_FOLLOW_UPS.search(q)]
    assert not counts, f"the page counts follow-ups: {counts}"
    return len(queries)


def core_pages(person):
    caseload = reverse("ftda:caseload")
    return {
        "caseload": caseload,
        "search": caseload + "?q=mohamadi",
        "search-accents": caseload + "?q=nguyen+thi",
        "caseload-all-page-2": caseload + "?statut=tous&page=2",
        "caseload-by-contact": caseload + "?tri=-contact",
        "person-file": reverse("ftda:person_detail", args=[person.pk]),
    }


@pytest.mark.parametrize("role", ["social_worker", "direction"])
def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, role):
    """Every core page, with 10 then 1,000 persons (the data is built once for all pages)."""
    membership = MembershipFactory()
    user = membership.user if role == "social_worker" else UserFactory(direction=True)
    client.force_login(user)
    populate(membership.structure, membership.user, SMALL)
    person = membership.structure.pathways.first().person
    pages = core_pages(person)
    small = {
        page: assert_budget(client, django_assert_max_num_queries, url)
        for page, url in pages.items()
    }
    populate(membership.structure, membership.user, LARGE - SMALL)
    FollowUp.objects.bulk_create(
        FollowUp(
            person=person,
            structure=membership.structure,
            author=membership.user,
            occurred_on=datetime.date(2024, 2, 29),
            kind=FollowUpKind.CALL,
            topics=[FollowUpTopic.RIGHTS],
        )
        for _ in range(80)
    )
    assert Person.objects.count() == LARGE
    large = {
        page: assert_budget(client, django_assert_max_num_queries, url)
        for page, url in pages.items()
    }
    assert small == large


ADMIN_LISTS = {
    "ftda_structure": "?q=angers",
    "ftda_membership": "?q=angers",
    "ftda_partner": "?q=mission",
    "ftda_agreement": "?q=emploi",
    "ftda_user": "?q=camille",
    "ftda_accesslog": "?action__exact=view_person",
    "hebergement_housingunit": "?q=angers",
    "hebergement_place": "?q=angers",
}


@pytest.mark.parametrize(("model", "filters"), ADMIN_LISTS.items(), ids=list(ADMIN_LISTS))
def test_large_admin_lists_skip_the_full_count_when_filtering(admin_client, model, filters):
    """`show_full_result_count = False`: a filtered admin list counts the matches, not the
    whole table as well."""
    for index in range(3):
        PartnerFactory(name=f"Mission Locale {index}")
        AccessLog.objects.create(action="view_person", path="/personnes/1/")
    url = reverse(f"admin:{model}_changelist") + filters
    queries = page_queries(admin_client, url)
    table = f'"{model}"'
    unfiltered_counts = [
        q for q in queries if q.lstrip().upper().startswith("SELECT COUNT") and table in q
        and "WHERE" not in q.upper()
    ]  # fmt: skip
    assert unfiltered_counts == []
