import pytest
from django.core.management import call_command

from ftda.models import Membership, Pathway, Person, Structure, User

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_prints_the_accounts(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "Données de démonstration chargées." in first
    for username in ["ts.angers", "ts.agirparis", "chef.rouen", "direction", "admin"]:
        assert username in first
        assert User.objects.filter(username=username).exists()
    names = set(Structure.objects.values_list("name", flat=True))
    assert {
        "CPH Angers",
        "CPH Chaumont",
        "CPH Rouen",
        "AGIR Paris",
        "AGIR Manche",
        "Duos de demain",
        "Chiche Chef",
        "Clé de France",
    } <= names
    assert Membership.objects.get(user__username="chef.rouen").role == "manager"
    counts = (Person.objects.count(), Pathway.objects.count())

    call_command("load_demo")
    assert "déjà chargées" in capsys.readouterr().out
    assert (Person.objects.count(), Pathway.objects.count()) == counts
