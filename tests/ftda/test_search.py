import pytest
from django.db import connection

from ftda.models import Person
from tests.ftda.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    names = [
        ("Haidari", "Mohammed"),
        ("Abdi", "Muhammad"),
        ("Ben Salah", "Mohamed"),
        ("Dupont", "Bérénice"),
        ("Nguyễn", "Thị Lan"),
        ("Martin", "Paul"),
        ("Yıldız", "Berfin"),
    ]
    return {
        f"{last} {first}": PersonFactory(last_name=last, first_names=first) for last, first in names
    }


def found(text):
    return [str(p) for p in Person.objects.search(text)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mohamed", {"HAIDARI Mohammed", "ABDI Muhammad", "BEN SALAH Mohamed"}),
        ("mohammed", {"HAIDARI Mohammed", "ABDI Muhammad", "BEN SALAH Mohamed"}),
        ("MUHAMMAD", {"HAIDARI Mohammed", "ABDI Muhammad", "BEN SALAH Mohamed"}),
        ("Berenice", {"DUPONT Bérénice"}),
        ("bérénice dupont", {"DUPONT Bérénice"}),
        ("Nguyen", {"NGUYỄN Thị Lan"}),
        ("nguyễn", {"NGUYỄN Thị Lan"}),
        ("Yildiz", {"YILDIZ Berfin"}),
    ],
)
def test_search_tolerates_accents_case_and_spelling_variants(people, query, expected):
    results = set(found(query))
    assert expected <= results
    assert "MARTIN Paul" not in results


def test_exact_spelling_ranks_first(people):
    assert found("Ben Salah Mohamed")[0] == "BEN SALAH Mohamed"


def test_empty_search_returns_everything(people):
    assert Person.objects.search("   ").count() == len(people)


def test_unrelated_name_finds_nothing(people):
    assert found("Zhang") == []


def test_search_uses_the_trigram_index():
    PersonFactory.create_batch(30)
    qs = Person.objects.search("Mohamed")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "person_name_trgm" in plan
    assert "person_phonetic_keys" in plan
