"""Pages of the AGIR app through Django's test client: scoping between platforms, the
referent's caseload (alerts, query budget with 10 and 500 people), forms and their French
refusals, htmx sections, bulk reassignment, lists and the person-file panel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agir.enums import Domain, EndReason, GoalStatus, ReferentRole
from agir.models import AgirPathway, Diagnostic, Goal, ReferentAssignment
from ftda.models import FollowUp, Pathway, Person
from tests.agir.factories import (
    AgirPathwayFactory,
    DiagnosticFactory,
    GoalFactory,
    PlatformFactory,
    ReferentAssignmentFactory,
)
from tests.ftda.factories import FollowUpFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def paris():
    platform = PlatformFactory()
    return {
        "platform": platform,
        "manager": MembershipFactory(structure=platform, manager=True).user,
        "yasmina": MembershipFactory(structure=platform, user__first_name="Yasmina").user,
        "karim": MembershipFactory(structure=platform, user__first_name="Karim").user,
    }


def followed(team, *, entered_on=None, person=None, **kwargs):
    pathway = AgirPathwayFactory(
        platform=team["platform"],
        entered_on=entered_on or ago(90),
        person=person or PersonFactory(),
        **kwargs,
    )
    ReferentAssignmentFactory(pathway=pathway, user=team["yasmina"])
    ReferentAssignmentFactory(
        pathway=pathway, user=team["karim"], role=ReferentRole.EMPLOYMENT_TRAINING
    )
    return pathway


# --------------------------------------------------------------------------- scoping


def test_a_paris_referent_gets_404_on_a_person_followed_only_by_agir_manche(client, paris):
    manche = PlatformFactory(manche=True)
    pathway = AgirPathwayFactory(
        platform=manche, person=PersonFactory(last_name="Warsame", first_names="Hodan")
    )
    client.force_login(paris["yasmina"])
    assert client.get(reverse("agir:pathway_detail", args=[pathway.pk])).status_code == 404
    assert client.get(reverse("ftda:person_detail", args=[pathway.person.pk])).status_code == 404
    response = client.get(reverse("agir:pathway_list"))
    assert "WARSAME" not in response.content.decode()
    response = client.post(
        reverse("agir:exit", args=[pathway.pk]),
        {"sortie-ended_on": ago(1).isoformat(), "sortie-end_reason": EndReason.MOVED},
    )
    assert response.status_code == 404
    pathway.refresh_from_db()
    assert pathway.ended_on is None


def test_a_person_followed_by_both_platforms_shows_each_team_its_own_pathway(client, paris):
    person = PersonFactory(last_name="Haidari", first_names="Ali")
    mine = followed(paris, person=person)
    theirs = AgirPathwayFactory(platform=PlatformFactory(manche=True), person=person)
    client.force_login(paris["yasmina"])
    assert client.get(reverse("agir:pathway_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("agir:pathway_detail", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("ftda:person_detail", args=[person.pk])).content.decode()
    assert reverse("agir:pathway_detail", args=[mine.pk]) in page
    assert reverse("agir:pathway_detail", args=[theirs.pk]) not in page


def test_the_direction_reads_without_comments_and_cannot_write(client, paris):
    from tests.ftda.factories import UserFactory

    pathway = followed(paris)
    DiagnosticFactory(pathway=pathway)
    client.force_login(UserFactory(direction=True))
    page = client.get(reverse("agir:pathway_detail", args=[pathway.pk])).content.decode()
    assert "Besoin fort" in page
    assert "Besoin relevé à l'entretien" not in page
    assert "Enregistrer la sortie" not in page


# --------------------------------------------------------------------------- caseload


def test_the_caseload_shows_the_referents_people_and_their_alerts(client, paris):
    near_limit = followed(
        paris,
        entered_on=ago(700),
        person=PersonFactory(last_name="Ahmadzai", first_names="Gul Agha"),
    )
    DiagnosticFactory(pathway=near_limit)
    FollowUpFactory(person=near_limit.person, structure=paris["platform"], occurred_on=ago(2))
    quiet = followed(paris, person=PersonFactory(last_name="Mohamud", first_names="Abdirahman"))
    GoalFactory(pathway=quiet, title="Inscription à France Travail", due_on=ago(3))
    GoalFactory(pathway=quiet, title="Ouvrir un compte bancaire", due_on=ago(-30))
    not_mine = AgirPathwayFactory(
        platform=paris["platform"], person=PersonFactory(last_name="Popescu", first_names="Ioana")
    )
    del not_mine
    client.force_login(paris["yasmina"])
    page = client.get(reverse("agir:caseload")).content.decode()
    assert "AHMADZAI Gul Agha" in page and "MOHAMUD Abdirahman" in page
    assert "POPESCU" not in page
    assert "24 mois le" in page
    assert "Inscription à France Travail" in page  # the next due goal, overdue
    assert "Ouvrir un compte bancaire" not in page
    assert page.count("Diagnostic à faire</span>") == 1
    assert page.count("Aucun suivi depuis 30 jours</span>") == 1

    karim = paris["karim"]
    # Her own role in each pathway, then her partner's name.
    assert page.count("Référent droits et logement<br>") == 2
    assert "Référent emploi et formation" not in page
    assert page.count(f"avec {karim.first_name} {karim.last_name}</span>") == 2  # the partner
    assert "avec Yasmina" not in page
    assert "Toutes (2)" in page
    assert "24 mois dans moins de 60 jours (1)" in page
    assert "Aucun suivi depuis 30 jours (1)" in page
    assert "Diagnostic à faire (1)" in page

    response = client.get(reverse("agir:caseload") + "?alerte=limite")
    limited = response.content.decode()
    assert "AHMADZAI" in limited and "MOHAMUD" not in limited
    assert response.context["page"].paginator.count == 1  # the summary's count, no query
    response = client.get(reverse("agir:caseload") + "?alerte=diagnostic")
    assert "MOHAMUD" in response.content.decode()
    assert "AHMADZAI" not in response.content.decode()
    assert response.context["page"].paginator.count == 1


def test_a_manager_looks_at_a_referents_caseload_a_social_worker_cannot(client, paris):
    followed(paris, person=PersonFactory(last_name="Tekle", first_names="Senait"))
    client.force_login(paris["manager"])
    url = reverse("agir:caseload") + f"?referent={paris['yasmina'].pk}"
    assert "TEKLE Senait" in client.get(url).content.decode()
    client.force_login(paris["karim"])
    assert client.get(url).status_code == 404


def populate(team, count):
    """`count` followed people, in bulk: pathways, referents, goals, follow-ups, diagnostics."""
    persons = Person.objects.bulk_create(
        Person(last_name=f"Sharif{i}", first_names="Leïla", birth_date=datetime.date(1991, 4, 4))
        for i in range(count)
    )
    Pathway.objects.bulk_create(
        Pathway(person=p, structure=team["platform"], started_on=ago(100)) for p in persons
    )
    pathways = AgirPathway.objects.bulk_create(
        AgirPathway(
            person=p,
            platform=team["platform"],
            ofii_oriented_on=ago(130 + i % 600),
            cir_signed_on=ago(120 + i % 600),
            entered_on=ago(100 + i % 600),
            planned_end_on=ago(100 + i % 600) + datetime.timedelta(days=730),
        )
        for i, p in enumerate(persons)
    )
    ReferentAssignment.objects.bulk_create(
        ReferentAssignment(pathway=pw, role=role, user=team[user], started_on=pw.entered_on)
        for pw in pathways
        for role, user in (
            (ReferentRole.RIGHTS_HOUSING, "yasmina"),
            (ReferentRole.EMPLOYMENT_TRAINING, "karim"),
        )
    )
    Goal.objects.bulk_create(
        Goal(pathway=pw, domain=Domain.HOUSING, title="Demande de logement social", due_on=ago(-i))
        for i, pw in enumerate(pathways)
    )
    Diagnostic.objects.bulk_create(
        Diagnostic(pathway=pw, done_on=pw.entered_on) for pw in pathways[::2]
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            person=pw.person,
            structure=team["platform"],
            occurred_on=ago((i * 7) % 60),
            kind="interview",
            topics=["housing"],
        )
        for i, pw in enumerate(pathways)
    )


@pytest.mark.parametrize("query", ["", "?alerte=sans_suivi", "?page=2"])
def test_caseload_queries_do_not_grow_with_the_caseload(
    client, paris, django_assert_max_num_queries, query
):
    client.force_login(paris["yasmina"])
    url = reverse("agir:caseload") + query

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response

    populate(paris, 30 if query == "?page=2" else 10)
    small, _ = count()
    populate(paris, 490)
    with django_assert_max_num_queries(small):
        large, response = count()
    assert small == large
    assert large <= 12
    assert response.context["page"].paginator.count >= 10


@pytest.mark.parametrize("url_name", ["agir:pathway_list", "agir:referral_list", "ftda:caseload"])
def test_lists_queries_do_not_grow(client, paris, url_name):
    client.force_login(paris["yasmina"])
    url = reverse(url_name)
    populate(paris, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    populate(paris, 490)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


# --------------------------------------------------------------------------- forms


def test_entry_without_cir_is_refused_in_french_and_writes_nothing(client, paris):
    person = PersonFactory(last_name="Camara", first_names="Mariama")
    from tests.ftda.factories import PathwayFactory

    PathwayFactory(person=person, structure=paris["platform"], started_on=ago(3))
    client.force_login(paris["manager"])
    url = reverse("agir:entry", args=[person.pk])
    data = {
        "platform": paris["platform"].pk,
        "ofii_oriented_on": ago(20).isoformat(),
        "cir_signed_on": "",
        "entered_on": ago(2).isoformat(),
        "rights_housing_referent": paris["yasmina"].pk,
        "employment_training_referent": paris["karim"].pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "contrat d&#x27;intégration républicaine" in response.content.decode()
    assert not AgirPathway.objects.exists()

    data["cir_signed_on"] = ago(10).isoformat()
    response = client.post(url, data)
    pathway = AgirPathway.objects.get()
    assert response["Location"] == reverse("agir:pathway_detail", args=[pathway.pk])
    assert ReferentAssignment.objects.filter(pathway=pathway).count() == 2


def test_entry_with_one_person_as_both_referents_is_refused(client, paris):
    person = PersonFactory()
    from tests.ftda.factories import PathwayFactory

    PathwayFactory(person=person, structure=paris["platform"], started_on=ago(3))
    client.force_login(paris["manager"])
    response = client.post(
        reverse("agir:entry", args=[person.pk]),
        {
            "platform": paris["platform"].pk,
            "ofii_oriented_on": ago(20).isoformat(),
            "cir_signed_on": ago(10).isoformat(),
            "entered_on": ago(2).isoformat(),
            "rights_housing_referent": paris["yasmina"].pk,
            "employment_training_referent": paris["yasmina"].pk,
        },
    )
    assert response.status_code == 200
    assert "deux personnes différentes" in response.content.decode()
    assert not AgirPathway.objects.exists()


def test_an_exit_beyond_24_months_gets_a_french_message(client, paris):
    pathway = followed(paris, entered_on=datetime.date(2024, 2, 29))
    client.force_login(paris["yasmina"])
    url = reverse("agir:exit", args=[pathway.pk])
    response = client.post(
        url, {"sortie-ended_on": "2026-03-01", "sortie-end_reason": EndReason.TIME_LIMIT}
    )
    assert response.status_code == 200
    assert "24 mois après l&#x27;entrée" in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.ended_on is None
    response = client.post(
        url, {"sortie-ended_on": "2026-02-28", "sortie-end_reason": EndReason.TIME_LIMIT}
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.ended_on == datetime.date(2026, 2, 28)
    core = Pathway.objects.get(person=pathway.person, structure=paris["platform"])
    assert core.ended_on == datetime.date(2026, 2, 28)


def test_an_exit_without_reason_is_refused(client, paris):
    pathway = followed(paris)
    client.force_login(paris["yasmina"])
    response = client.post(
        reverse("agir:exit", args=[pathway.pk]), {"sortie-ended_on": ago(1).isoformat()}
    )
    assert response.status_code == 200
    assert "avec son motif" in response.content.decode()


def test_the_diagnostic_is_recorded_and_corrected(client, paris):
    pathway = followed(paris)
    client.force_login(paris["karim"])
    url = reverse("agir:diagnostic", args=[pathway.pk])
    response = client.post(url, {"done_on": ago(60).isoformat(), "comment_housing": "Hébergé"})
    assert response.status_code == 200
    assert "niveau de besoin de ce domaine" in response.content.decode()
    assert not Diagnostic.objects.exists()
    response = client.post(
        url,
        {
            "done_on": ago(60).isoformat(),
            "level_housing": "high",
            "comment_housing": "Hébergé chez un compatriote à Saint-Denis",
            "level_training_language": "medium",
        },
    )
    assert response.status_code == 302
    diagnostic = Diagnostic.objects.get()
    assert {n.domain: n.level for n in diagnostic.needs.all()} == {
        "housing": "high",
        "training_language": "medium",
    }
    client.post(url, {"done_on": ago(59).isoformat(), "level_health": "low"})
    assert list(Diagnostic.objects.get().needs.values_list("domain", flat=True)) == ["health"]


def test_a_goal_added_with_htmx_returns_its_section(client, paris):
    pathway = followed(paris)
    client.force_login(paris["yasmina"])
    response = client.post(
        reverse("agir:goal_create", args=[pathway.pk]),
        {"domain": Domain.RIGHTS, "title": "Renouveler le récépissé", "due_on": ago(-10)},
        headers={"HX-Request": "true", "HX-Target": "section-goals"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card mb-3" id="section-goals"')
    assert "Renouveler le récépissé" in page and "Objectif ajouté." in page
    goal = Goal.objects.get()
    response = client.post(
        reverse("agir:goal_status", args=[goal.pk]),
        {"status": GoalStatus.ACHIEVED, "on": ago(0).isoformat()},
        headers={"HX-Request": "true", "HX-Target": "section-goals"},
    )
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == (GoalStatus.ACHIEVED, TODAY)


def test_a_referral_before_entry_is_refused(client, paris):
    from tests.ftda.factories import PartnerFactory

    pathway = followed(paris)
    partner = PartnerFactory(name="EPEC", departement="75")
    client.force_login(paris["yasmina"])
    response = client.post(
        reverse("agir:referral_create", args=[pathway.pk]),
        {
            "partner": partner.pk,
            "referred_on": ago(400).isoformat(),
            "purpose": "Atelier de recherche d'emploi",
        },
    )
    assert response.status_code == 200
    assert "ne peut précéder l&#x27;entrée" in response.content.decode()


def test_bulk_reassignment_through_the_page(client, paris):
    for name in ("Koné", "Kouassi", "Baraka"):
        followed(paris, person=PersonFactory(last_name=name))
    newcomer = MembershipFactory(structure=paris["platform"], user__first_name="Inès").user
    client.force_login(paris["manager"])
    response = client.post(
        reverse("agir:bulk_reassign"),
        {
            "platform": paris["platform"].pk,
            "leaving": paris["yasmina"].pk,
            "replacement": newcomer.pk,
            "on": ago(0).isoformat(),
        },
    )
    assert response.status_code == 302
    current = ReferentAssignment.objects.current().filter(role=ReferentRole.RIGHTS_HOUSING)
    assert {a.user for a in current} == {newcomer}
    assert ReferentAssignment.objects.filter(user=paris["yasmina"], ended_on=TODAY).count() == 3

    # Karim is the other referent everywhere: handing him Inès' caseload is refused.
    response = client.post(
        reverse("agir:bulk_reassign"),
        {
            "platform": paris["platform"].pk,
            "leaving": newcomer.pk,
            "replacement": paris["karim"].pk,
            "on": ago(0).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "rien n&#x27;a été modifié" in response.content.decode()


def test_referents_page_changes_the_pair_and_keeps_history(client, paris):
    pathway = followed(paris)
    newcomer = MembershipFactory(structure=paris["platform"]).user
    client.force_login(paris["manager"])
    response = client.post(
        reverse("agir:referents", args=[pathway.pk]),
        {
            "rights_housing": newcomer.pk,
            "employment_training": paris["karim"].pk,
            "on": ago(1).isoformat(),
        },
    )
    assert response.status_code == 302
    assert ReferentAssignment.objects.filter(pathway=pathway).count() == 3
    page = client.get(reverse("agir:pathway_detail", args=[pathway.pk])).content.decode()
    assert "Historique des référents" in page


def test_pathway_list_filters(client, paris):
    open_one = followed(paris, person=PersonFactory(last_name="Dorje", first_names="Tenzin"))
    closed = AgirPathwayFactory(
        platform=paris["platform"],
        person=PersonFactory(last_name="Hussaini", first_names="Reza"),
        entered_on=datetime.date(2024, 1, 8),
        ended_on=datetime.date(2026, 1, 8),
        end_reason=EndReason.TIME_LIMIT,
    )
    client.force_login(paris["yasmina"])
    base = reverse("agir:pathway_list")
    page = client.get(base + "?statut=termines&motif=time_limit").content.decode()
    assert "HUSSAINI" in page and "DORJE" not in page
    page = client.get(base + f"?referent={paris['yasmina'].pk}").content.decode()
    assert "DORJE" in page and "HUSSAINI" not in page
    page = client.get(base + "?q=dorje&tri=-entree").content.decode()
    assert "DORJE" in page
    assert open_one and closed


# --------------------------------------------------------------------------- exports


def test_pathway_export_is_scoped_filtered_and_for_managers(client, paris):
    import csv
    import io

    followed(paris, person=PersonFactory(last_name="Dorje", first_names="Tenzin"))
    AgirPathwayFactory(
        platform=PlatformFactory(manche=True),
        person=PersonFactory(last_name="Warsame", first_names="Hodan"),
    )
    client.force_login(paris["manager"])
    response = client.get(reverse("agir:pathway_list"), {"format": "csv", "statut": "en_cours"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Personne", "Plateforme", "Orientation OFII"]
    assert [r[0] for r in rows[1:]] == ["DORJE Tenzin"]
    client.force_login(paris["yasmina"])
    assert client.get(reverse("agir:pathway_list"), {"format": "csv"}).status_code == 404
    client.force_login(paris["manager"])
    response = client.get(reverse("agir:referral_list"), {"format": "xlsx"})
    assert response.status_code == 200
