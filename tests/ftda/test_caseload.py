import pytest
from django.urls import reverse

from tests.ftda.factories import MembershipFactory, PathwayFactory, PersonFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_with_people():
    membership = MembershipFactory(structure__name="CPH Angers")
    angers = membership.structure
    duos = StructureFactory(programme=True, name="Duos de demain")
    MembershipFactory(structure=duos, user=membership.user)
    rouen = StructureFactory(name="CPH Rouen")
    PathwayFactory(structure=angers, person=PersonFactory(last_name="Zerrouki", first_names="Amel"))
    PathwayFactory(structure=duos, person=PersonFactory(last_name="Bah", first_names="Binta"))
    PathwayFactory(
        structure=angers,
        closed=True,
        person=PersonFactory(last_name="Ancien", first_names="Sortie"),
    )
    PathwayFactory(structure=rouen, person=PersonFactory(last_name="Ailleurs", first_names="Rouen"))
    return membership.user, angers, duos, rouen


def names(response):
    return [str(p) for p in response.context["page"].object_list]


def test_caseload_shows_open_pathways_of_my_structures(client, worker_with_people):
    user, *_ = worker_with_people
    client.force_login(user)
    assert names(client.get(reverse("ftda:caseload"))) == ["BAH Binta", "ZERROUKI Amel"]


def test_closed_pathways_on_demand(client, worker_with_people):
    user, *_ = worker_with_people
    client.force_login(user)
    response = client.get(reverse("ftda:caseload"), {"statut": "tous"})
    assert names(response) == ["ANCIEN Sortie", "BAH Binta", "ZERROUKI Amel"]


def test_filter_by_structure_offers_only_my_structures(client, worker_with_people):
    user, angers, duos, rouen = worker_with_people
    client.force_login(user)
    response = client.get(reverse("ftda:caseload"), {"structure": duos.pk})
    assert names(response) == ["BAH Binta"]
    choices = list(response.context["filters"].form.fields["structure"].queryset)
    assert choices == [angers, duos]
    response = client.get(reverse("ftda:caseload"), {"structure": rouen.pk})
    assert names(response) == ["BAH Binta", "ZERROUKI Amel"]  # invalid choice: ignored
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_sorting(client, worker_with_people):
    user, *_ = worker_with_people
    client.force_login(user)
    response = client.get(reverse("ftda:caseload"), {"tri": "-nom"})
    assert names(response) == ["ZERROUKI Amel", "BAH Binta"]


def test_htmx_search_returns_only_the_results(client, worker_with_people):
    user, *_ = worker_with_people
    client.force_login(user)
    response = client.get(
        reverse("ftda:caseload"),
        {"q": "zeroki"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="caseload-results",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert names(response) == ["ZERROUKI Amel"]


def test_alerts_no_contact_and_overdue_step(client):
    import datetime

    from django.utils import timezone

    from tests.ftda.factories import FollowUpFactory

    today = timezone.localdate()
    membership = MembershipFactory()
    quiet = PathwayFactory(
        structure=membership.structure,
        started_on=today - datetime.timedelta(days=90),
        person=PersonFactory(last_name="Silencieux", first_names="Omar"),
    ).person
    FollowUpFactory(
        person=quiet,
        structure=membership.structure,
        author=membership.user,
        occurred_on=today - datetime.timedelta(days=31),
        next_step="Relancer la CAF",
        next_step_due_on=today - datetime.timedelta(days=1),
    )
    recent = PathwayFactory(
        structure=membership.structure, person=PersonFactory(last_name="Suivi", first_names="Ana")
    ).person
    FollowUpFactory(
        person=recent, structure=membership.structure, author=membership.user, occurred_on=today
    )
    client.force_login(membership.user)
    response = client.get(reverse("ftda:caseload"))
    extras = {str(p): p.extra for p in response.context["page"].object_list}
    assert [a.message for a in extras["SILENCIEUX Omar"].alerts] == [
        "Aucun contact depuis 30 jours",
        f"Échéance dépassée ({today - datetime.timedelta(days=1):%d/%m/%Y})",
    ]
    assert extras["SUIVI Ana"].alerts == []
    assert "Relancer la CAF" in response.content.decode()


def test_last_contact_sort_breaks_ties_by_name(client):
    """Persons last seen the same day come in name order, so pages neither repeat nor skip
    anyone (inserted out of order: the table's order is not the answer)."""
    import datetime

    from django.utils import timezone

    from tests.ftda.factories import FollowUpFactory

    today = timezone.localdate()
    membership = MembershipFactory()
    for last_name, days_ago in [("Diallo", 2), ("Bah", 2), ("Recent", 0), ("Camara", 2)]:
        person = PathwayFactory(
            structure=membership.structure,
            person=PersonFactory(last_name=last_name, first_names="Awa"),
        ).person
        FollowUpFactory(
            person=person,
            structure=membership.structure,
            author=membership.user,
            occurred_on=today - datetime.timedelta(days=days_ago),
        )
    client.force_login(membership.user)
    response = client.get(reverse("ftda:caseload"), {"tri": "-contact"})
    assert names(response) == ["RECENT Awa", "BAH Awa", "CAMARA Awa", "DIALLO Awa"]
    response = client.get(reverse("ftda:caseload"), {"tri": "contact"})
    assert names(response) == ["BAH Awa", "CAMARA Awa", "DIALLO Awa", "RECENT Awa"]


def sort_choices(response):
    return [value for value, _ in response.context["filters"].form.fields["tri"].choices]


def test_last_contact_sort_only_for_members(client, worker_with_people):
    """Without a membership no follow-up is readable (need to know): the direction's last
    contact is empty for everyone, so sorting all persons on it is not offered (it took
    1.3 s on 50,000 persons), and the page reads no follow-up at all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.ftda.factories import UserFactory

    worker, *_ = worker_with_people
    client.force_login(worker)
    assert "-contact" in sort_choices(client.get(reverse("ftda:caseload")))

    client.force_login(UserFactory(direction=True))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("ftda:caseload"), {"tri": "-contact"})
    assert not [value for value in sort_choices(response) if "contact" in value]
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert names(response) == ["AILLEURS Rouen", "ANCIEN Sortie", "BAH Binta", "ZERROUKI Amel"]
    assert not [q for q in captured.captured_queries if '"ftda_followup"' in q["sql"]]
