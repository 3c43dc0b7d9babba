"""The housing demo: the 2016 → 2017 capacity of the activity report and plausible stays."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from ftda.indicators import Period, Scope
from ftda.models import Structure, User
from hebergement import indicators
from hebergement.enums import BidStatus
from hebergement.models import ProjectBid, Stay

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")


def test_demo_capacity_matches_the_2017_report(demo):
    housing = Structure.objects.housing()
    section = indicators.section(Period.year(2017), Scope.of(housing, "FTDA"))
    assert section.figure("places_authorised_cph_end").value == 939
    assert (
        indicators.authorised_places(
            datetime.date(2016, 12, 31), [s.pk for s in housing], kind="cph"
        )
        == 759
    )
    assert section.figure("places_growth_cph").value == Decimal("23.7")
    assert section.figure("places_planned").value == 187
    retained = ProjectBid.objects.filter(status=BidStatus.RETAINED, call__year=2017)
    assert sorted(retained.values_list("site", flat=True)) == ["Angers", "Gap", "Laval", "Saint-Lô"]
    assert ProjectBid.objects.filter(call__year=2017).count() == 7


def test_demo_board_of_angers_shows_every_case(demo, client, capsys):
    capsys.readouterr()
    client.force_login(User.objects.get(username="ts.angers"))
    angers = Structure.objects.get(name="CPH Angers")
    response = client.get(reverse("hebergement:board", args=[angers.pk]))
    assert response.status_code == 200
    assert response.context["authorised"].places == 77
    assert response.context["counts"]["total"] == 77
    assert response.context["ending_soon"] and response.context["expected"]
    assert response.context["counts"]["out_free"] > 0
    rouen = Structure.objects.get(name="CPH Rouen")
    assert client.get(reverse("hebergement:board", args=[rouen.pk])).status_code == 404
    assert Stay.objects.filter(structure=rouen, planned_end_on__lt=datetime.date.today()).exists()
    # Households live together: one place each, same arrival.
    haidari = Stay.objects.filter(person__last_name="Haidari", structure=angers)
    assert haidari.count() == 4
    assert len({s.arrived_on for s in haidari}) == 1 and len({s.place_id for s in haidari}) == 4
