import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ftda.models import Person
from tests.ftda.factories import PathwayFactory, PersonFactory, UserFactory

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


def test_every_word_narrows_the_search():
    """`diallo mamadou` finds the Diallo named Mamadou, with a spelling variant, not every
    Mamadou nor every Diallo, who only share one of the two words."""
    for last, first in [
        ("Diallo", "Mamadou"),
        ("Diallo", "Mamadu"),
        ("Barry", "Mamadou"),
        ("Diallo", "Aïssatou"),
        ("Camara", "Mamadou Saliou"),
    ]:
        PersonFactory(last_name=last, first_names=first)
    assert set(found("diallo mamadou")) == {"DIALLO Mamadou", "DIALLO Mamadu"}


def test_words_without_a_sound_match_nobody_by_sound(people):
    """Digits and single letters have no phonetic key: they must not match every person."""
    assert found("12 b") == []


def test_the_duplicates_check_keeps_a_person_sharing_one_word_with_the_same_birth_date():
    born = datetime.date(1994, 2, 28)
    PersonFactory(last_name="Diallo", first_names="Mohamed", birth_date=born)
    PersonFactory(last_name="Diallo", first_names="Mohamed", birth_date=born.replace(day=27))
    duplicates = Person.objects.likely_duplicates(
        last_name="Diallo", first_names="Mohamed Lamine Ousmane", birth_date=born
    )
    assert [str(person) for person in duplicates] == ["DIALLO Mohamed"]


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


def test_the_caseload_search_over_all_persons_can_use_the_trigram_index(client):
    """The page's own query (the first page with its count, the caseload's annotations), not the
    bare search: for the direction, who searches every person, the trigram index must be
    usable (at volume, bench/search.py shows PostgreSQL choosing it)."""
    for index in range(30):
        PathwayFactory(person=PersonFactory(last_name=f"Ouédraogo{index}", first_names="Issouf"))
    client.force_login(UserFactory(direction=True))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("ftda:caseload"), {"q": "ouedraogo"}).status_code == 200
    searches = [q["sql"] for q in captured.captured_queries if "%>" in q["sql"]]
    assert len(searches) == 1  # the first page with its count (ftda.pagination)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        for sql in searches:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "person_name_trgm" in plan, plan
        cursor.execute("SET enable_seqscan = on")
