"""The programmes' demo data: a plausible history and pages that work on it."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from ftda.indicators import Period, Scope
from ftda.models import Structure, User
from programmes.indicators import section
from programmes.models import CookingEvent, Duo, MobilityPathway, Participant

pytestmark = pytest.mark.django_db


def test_demo_history_and_pages(client):
    call_command("load_demo")
    today = timezone.localdate()
    per_year = dict(
        Duo.objects.annotate(year=ExtractYear("started_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    assert all(per_year[year] > 100 for year in range(2015, today.year))
    assert Duo.objects.filter(status="ongoing").exists()
    editions = set(CookingEvent.objects.values_list("held_on__year", "departement"))
    assert {(2019, "76"), (2021, "76"), (2022, "76")} <= editions
    assert any(dep != "76" for _, dep in editions)
    assert MobilityPathway.objects.filter(status="relocated").count() >= 3

    client.force_login(User.objects.get(username="ts.duos"))
    duo = Duo.objects.filter(status="ongoing").first()
    waiting = Participant.objects.exclude(person__duos__status="ongoing").first()
    for url in [
        reverse("programmes:duo_list"),
        reverse("programmes:duo_detail", args=[duo.pk]),
        reverse("programmes:matching", args=[waiting.pk]),
        reverse("ftda:caseload"),
        reverse("ftda:person_detail", args=[duo.person_id]),
    ]:
        assert client.get(url).status_code == 200, url
    scope = Scope.of(Structure.objects.filter(kind="programme"), "Programmes")
    figures = section(Period.year(today.year - 1), scope)
    assert figures.figure("duos_formed").value > 100
    assert 0 < figures.figure("duos_completion_rate").value < 100
