"""The AGIR demo data loads after the core's and every AGIR page renders with it."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from agir.models import AgirPathway, PlatformSettings, ReferentAssignment
from ftda.models import User

pytestmark = pytest.mark.django_db


def test_demo_platforms_pathways_and_pages(client):
    call_command("load_demo", stdout=io.StringIO())
    targets = dict(PlatformSettings.objects.values_list("structure__name", "yearly_entry_target"))
    assert targets == {"AGIR Paris": 3000, "AGIR Manche": 250}
    assert AgirPathway.objects.filter(platform__name="AGIR Paris").count() >= 9
    assert AgirPathway.objects.filter(ended_on__isnull=False).exists()
    # Each open pathway has its pair, two members of its platform.
    for pathway in AgirPathway.objects.filter(ended_on=None):
        pair = ReferentAssignment.objects.current().filter(pathway=pathway)
        assert len({a.user_id for a in pair}) == 2
        assert all(a.user.memberships.filter(structure=pathway.platform).exists() for a in pair)

    yasmina = User.objects.get(username="ts.agirparis")
    client.force_login(yasmina)
    caseload = client.get(reverse("agir:caseload"))
    assert caseload.status_code == 200
    assert caseload.context["page"].paginator.count >= 1
    for pathway in AgirPathway.objects.filter(platform__name="AGIR Paris"):
        assert client.get(reverse("agir:pathway_detail", args=[pathway.pk])).status_code == 200
        assert (
            client.get(reverse("ftda:person_detail", args=[pathway.person_id])).status_code == 200
        )
    manche = AgirPathway.objects.filter(platform__name="AGIR Manche").exclude(
        person__agir_pathways__platform__name="AGIR Paris"
    )
    for pathway in manche:
        assert client.get(reverse("agir:pathway_detail", args=[pathway.pk])).status_code == 404

    client.force_login(User.objects.get(username="chef.agirparis"))
    for name in ["agir:bulk_reassign", "agir:pathway_list", "agir:referral_list", "ftda:caseload"]:
        assert client.get(reverse(name)).status_code == 200, name
    pathway = AgirPathway.objects.filter(platform__name="AGIR Paris", ended_on=None).first()
    assert client.get(reverse("agir:referents", args=[pathway.pk])).status_code == 200
