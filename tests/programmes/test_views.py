"""Pages of the programmes: flows, French errors instead of 500s, scoping, query budgets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ftda.models import Person
from programmes.enums import Scheme
from programmes.models import (
    CollectiveActivity,
    CookingEvent,
    CookingParticipant,
    Duo,
    DuoMeeting,
    GroupCount,
    MobilityPathway,
    Participant,
    Volunteer,
)
from tests.ftda.factories import (
    FollowUpFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
    StructureFactory,
)
from tests.programmes.factories import (
    CookingEventFactory,
    DuoFactory,
    DuoMeetingFactory,
    ParticipantFactory,
    VolunteerFactory,
    programme_structure,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def duos_team(client):
    membership = MembershipFactory(structure=programme_structure(Scheme.DUOS))
    client.force_login(membership.user)
    return membership


# --------------------------------------------------------------------------- scoping


def test_a_duos_team_member_cannot_open_a_cph_follow_up(client, duos_team):
    cph = StructureFactory(name="CPH Caen", departement="14", city="Caen")
    only_cph = PersonFactory(last_name="Warsame", first_names="Hodan")
    PathwayFactory(person=only_cph, structure=cph)
    FollowUpFactory(person=only_cph, structure=cph, note="Note confidentielle du CPH")
    assert client.get(reverse("ftda:person_detail", args=[only_cph.pk])).status_code == 404
    # In a duo too: the identity and the duo are visible, the CPH's notes are not.
    both = PersonFactory(last_name="Mukendi", first_names="Bérénice")
    PathwayFactory(person=both, structure=cph)
    FollowUpFactory(person=both, structure=cph, note="Note confidentielle du CPH")
    DuoFactory(programme=duos_team.structure, person=both)
    PathwayFactory(person=both, structure=duos_team.structure)
    response = client.get(reverse("ftda:person_detail", args=[both.pk]))
    assert response.status_code == 200
    assert "Note confidentielle" not in response.content.decode()
    assert "Duos de demain" in response.content.decode()


def test_lists_show_only_the_programmes_of_the_user(client, duos_team):
    mine = DuoFactory(programme=duos_team.structure)
    other = programme_structure(Scheme.DUOS, name="Duos de demain Lyon")
    theirs = DuoFactory(programme=other)
    content = client.get(reverse("programmes:duo_list")).content.decode()
    assert str(mine.volunteer) in content
    assert str(theirs.volunteer) not in content
    assert client.get(reverse("programmes:duo_detail", args=[theirs.pk])).status_code == 404


# --------------------------------------------------------------------------- flows


def test_register_match_confirm_meet_and_end(client, duos_team):
    structure = duos_team.structure
    person = PersonFactory(last_name="Haidari", first_names="Zahra", languages=["prs", "fra"])
    PathwayFactory(person=person, structure=structure, started_on=D(2024, 2, 1))
    good = VolunteerFactory(programme=structure, last_name="Azimi", languages=["prs"])
    VolunteerFactory(programme=structure, last_name="Zola", languages=["deu"], city="Lyon")
    response = client.post(
        reverse("programmes:participant_create"),
        {
            "programme": structure.pk,
            "person": person.pk,
            "city": "Paris",
            "departement": "75",
            "interests": ["culture"],
            "availabilities": ["saturday"],
            "consent_given_on": "2024-02-29",
        },
    )
    participant = Participant.objects.get(person=person)
    assert response.status_code == 302
    page = client.get(reverse("programmes:matching", args=[participant.pk])).content.decode()
    assert page.index("AZIMI") < page.index("ZOLA")
    assert "Parle dari" in page
    response = client.post(
        reverse("programmes:matching", args=[participant.pk]),
        {"volunteer": good.pk, "started_on": "2024-03-01"},
    )
    duo = Duo.objects.get()
    assert response.status_code == 302 and duo.volunteer == good
    # A meeting outside the duo's dates: a French error, nothing written.
    response = client.post(
        reverse("programmes:meeting_create", args=[duo.pk]),
        {"occurred_on": "2024-02-29", "kind": "coffee"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "pendant le duo" in response.content.decode()
    assert not DuoMeeting.objects.exists()
    response = client.post(
        reverse("programmes:meeting_create", args=[duo.pk]),
        {"occurred_on": "2024-03-15", "kind": "walk"},
        HTTP_HX_REQUEST="true",
    )
    assert "15/03/2024" in response.content.decode()
    # Ending before the logged meeting is refused; an interruption needs a reason.
    url = reverse("programmes:duo_end", args=[duo.pk])
    response = client.post(url, {"status": "finished", "ended_on": "2024-03-10"})
    assert "trop tôt" in response.content.decode()
    response = client.post(url, {"status": "interrupted", "ended_on": "2024-04-10"})
    assert "motif" in response.content.decode()
    response = client.post(
        url, {"status": "interrupted", "ended_on": "2024-04-10", "reason": "Déménagement"}
    )
    duo.refresh_from_db()
    assert response.status_code == 302 and duo.status == "interrupted"


def test_a_second_active_duo_is_a_form_error_not_a_500(client, duos_team):
    structure = duos_team.structure
    participant = ParticipantFactory(programme=structure)
    PathwayFactory(person=participant.person, structure=structure)
    DuoFactory(programme=structure, person=participant.person, started_on=D(2024, 1, 1))
    free = VolunteerFactory(programme=structure)
    response = client.post(
        reverse("programmes:matching", args=[participant.pk]),
        {"volunteer": free.pk, "started_on": "2024-06-01"},
    )
    assert response.status_code == 200
    assert "déjà dans un duo" in response.content.decode()
    assert Duo.objects.count() == 1


def test_a_minor_s_last_name_is_refused_by_the_form(client):
    membership = MembershipFactory(structure=programme_structure(Scheme.CHICHE_CHEF))
    client.force_login(membership.user)
    event = CookingEventFactory(programme=membership.structure)
    response = client.post(
        reverse("programmes:event_detail", args=[event.pk]),
        {"group": "ase_children", "first_name": "Lina", "last_name": "Martin"},
    )
    assert response.status_code == 200
    assert "seul le prénom" in response.content.decode()
    assert not CookingParticipant.objects.exists()
    client.post(
        reverse("programmes:event_detail", args=[event.pk]),
        {"group": "ase_children", "first_name": "Lina"},
    )
    assert CookingParticipant.objects.get().first_name == "Lina"


def test_an_edition_is_saved_with_its_counts_by_group(client):
    membership = MembershipFactory(structure=programme_structure(Scheme.CHICHE_CHEF))
    client.force_login(membership.user)
    response = client.post(
        reverse("programmes:event_create"),
        {
            "programme": membership.structure.pk,
            "held_on": "2024-02-29",
            "departement": "76",
            "city": "Le Havre",
            "place": "Maison des associations",
            "chef": "Anne-Sophie Pic",
            "recipes": "Soupe de lentilles",
            "count_ase_children": "14",
            "count_refugees": "6",
        },
    )
    event = CookingEvent.objects.get()
    assert response.status_code == 302
    assert dict(GroupCount.objects.values_list("group", "count")) == {
        "ase_children": 14,
        "refugees": 6,
    }
    response = client.post(
        reverse("programmes:event_update", args=[event.pk]),
        {
            "programme": membership.structure.pk,
            "held_on": "2024-02-29",
            "departement": "76",
            "city": "Le Havre",
            "place": "Maison des associations",
            "chef": "Anne-Sophie Pic",
            "count_refugees": "7",
        },
    )
    assert dict(GroupCount.objects.values_list("group", "count")) == {"refugees": 7}


def test_a_mobility_pathway_to_ile_de_france_is_refused_in_french(client):
    membership = MembershipFactory(structure=programme_structure(Scheme.CLE_DE_FRANCE))
    client.force_login(membership.user)
    person = PersonFactory()
    PathwayFactory(person=person, structure=membership.structure)
    data = {
        "programme": membership.structure.pk,
        "person": person.pk,
        "started_on": "2024-02-29",
        "destination_departement": "93",
        "destination_city": "Bobigny",
        "employment_solution": "none",
        "housing_solution": "none",
    }
    response = client.post(reverse("programmes:mobility_create"), data)
    assert "hors d&#x27;Île-de-France" in response.content.decode()
    assert not MobilityPathway.objects.exists()
    data |= {"destination_departement": "53", "destination_city": "Laval"}
    response = client.post(reverse("programmes:mobility_create"), data)
    pathway = MobilityPathway.objects.get()
    detail = reverse("programmes:mobility_detail", args=[pathway.pk])
    client.post(detail, {"formulaire": "etape", "etape-kind": "relocation",
                         "etape-occurred_on": "2024-06-03"})  # fmt: skip
    client.post(detail, {"formulaire": "droits", "droits-kind": "caf",
                         "droits-requested_on": "2024-06-04"})  # fmt: skip
    client.post(
        detail,
        {
            "formulaire": "situation",
            "situation-months_after": "6",
            "situation-reviewed_on": "2024-12-03",
            "situation-still_in_destination": "on",
            "situation-housing_solution": "social_housing",
            "situation-employment_solution": "training",
        },
    )
    pathway.refresh_from_db()
    assert pathway.status == "relocated" and pathway.relocated_on == D(2024, 6, 3)
    assert pathway.transfers.count() == 1 and pathway.reviews.count() == 1


def test_caseload_flags_a_duo_without_a_meeting_this_month(client, duos_team):
    structure = duos_team.structure
    today = timezone.localdate()
    quiet = DuoFactory(programme=structure, started_on=today - datetime.timedelta(days=70))
    PathwayFactory(person=quiet.person, structure=structure)
    busy = DuoFactory(programme=structure, started_on=today - datetime.timedelta(days=70))
    PathwayFactory(person=busy.person, structure=structure)
    DuoMeetingFactory(duo=busy, occurred_on=today)
    content = client.get(reverse("ftda:caseload")).content.decode()
    assert content.count("Duo sans rencontre ce mois-ci") == 1
    url = reverse("programmes:duo_list") + "?sans_rencontre=oui"
    content = client.get(url).content.decode()
    assert str(quiet.volunteer) in content and str(busy.volunteer) not in content


# --------------------------------------------------------------------------- query budgets

BUDGET = 12


def _populate(structures, count):
    duos, chiche, cle = structures
    persons = Person.objects.bulk_create(
        [Person(last_name=f"Bah{i}", first_names="Binta", languages=["ful"]) for i in range(count)]
    )  # fmt: skip
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(programme=duos, last_name=f"Durand{i}", first_names="Élise", city="Paris",
                      departement="75", consent_given_on=D(2024, 1, 1), languages=["fra"])
            for i in range(count)
        ]
    )  # fmt: skip
    Participant.objects.bulk_create(
        [Participant(programme=duos, person=p, city="Paris", departement="75",
                     consent_given_on=D(2024, 1, 1)) for p in persons]
    )  # fmt: skip
    made = [Duo(programme=duos, person=p, volunteer=v, started_on=D(2024, 1, 31))
            for p, v in zip(persons, volunteers, strict=True)]  # fmt: skip
    for duo in made:
        duo.fill_derived()
    made = Duo.objects.bulk_create(made)
    DuoMeeting.objects.bulk_create(
        [DuoMeeting(duo=d, occurred_on=D(2024, 2, 29), kind="coffee") for d in made]
    )
    CollectiveActivity.objects.bulk_create(
        [CollectiveActivity(programme=duos, occurred_on=D(2024, 5, 1), place="Paris",
                            theme=f"Pique-nique {i}") for i in range(count)]
    )  # fmt: skip
    events = CookingEvent.objects.bulk_create(
        [CookingEvent(programme=chiche, held_on=D(2022, 10, 15), departement="76",
                      city="Rouen", place="Lycée", chef="Chef") for _ in range(count)]
    )  # fmt: skip
    GroupCount.objects.bulk_create([GroupCount(event=e, group="refugees", count=5) for e in events])
    MobilityPathway.objects.bulk_create(
        [MobilityPathway(programme=cle, person=p, started_on=D(2024, 1, 8),
                         destination_departement="53", destination_city="Laval")
         for p in persons]
    )  # fmt: skip


LIST_URLS = [
    "programmes:duo_list",
    "programmes:volunteer_list",
    "programmes:participant_list",
    "programmes:activity_list",
    "programmes:event_list",
    "programmes:mobility_list",
]


def test_list_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    structures = [
        programme_structure(scheme)
        for scheme in (Scheme.DUOS, Scheme.CHICHE_CHEF, Scheme.CLE_DE_FRANCE)
    ]
    user = MembershipFactory(structure=structures[0]).user
    for structure in structures[1:]:
        MembershipFactory(user=user, structure=structure)
    client.force_login(user)

    def counts():
        result = {}
        for name in LIST_URLS:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(name) + "?page=2")
            assert response.status_code == 200, name
            with django_assert_max_num_queries(BUDGET):
                client.get(reverse(name))
            result[name] = len(queries)
        return result

    _populate(structures, 10)
    small = counts()
    _populate(structures, 490)
    large = counts()
    assert small == large


# --------------------------------------------------------------------------- exports


def test_managers_export_the_filtered_duos_with_french_headers(client):
    structure = programme_structure(Scheme.DUOS)
    manager = MembershipFactory(structure=structure, manager=True).user
    worker = MembershipFactory(structure=structure).user
    kept = DuoFactory(programme=structure, started_on=D(2024, 2, 29))
    DuoFactory(programme=structure, started_on=D(2023, 5, 1))
    DuoFactory(programme=programme_structure(name="Duos de demain Lyon"))
    url = reverse("programmes:duo_list") + "?debut_du=2024-01-01&format=csv"
    client.force_login(worker)
    assert client.get(url).status_code == 404
    client.force_login(manager)
    response = client.get(url)
    content = b"".join(response.streaming_content).decode()
    lines = content.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Programme;Personne réfugiée;Bénévole;Début")
    assert len(lines) == 2 and str(kept.volunteer) in lines[1] and "29/02/2024" in lines[1]


def test_a_cph_worker_does_not_see_the_programmes(client):
    programme_structure(Scheme.DUOS)
    client.force_login(MembershipFactory().user)
    for name in LIST_URLS:
        assert client.get(reverse(name)).status_code == 404, name
    assert "Duos de demain" not in client.get(reverse("ftda:caseload")).content.decode()


def test_search_ignores_accents_and_finds_either_member(client, duos_team):
    volunteer = VolunteerFactory(
        programme=duos_team.structure, last_name="Lefèvre", first_names="Hélène"
    )
    duo = DuoFactory(programme=duos_team.structure, volunteer=volunteer)
    DuoFactory(programme=duos_team.structure)
    content = client.get(reverse("programmes:duo_list") + "?q=helene+lefevre").content.decode()
    assert "1 résultat" in content and str(duo.person) in content


def test_attendance_of_duo_members_and_others(client, duos_team):
    structure = duos_team.structure
    duo = DuoFactory(programme=structure, started_on=D(2024, 5, 1))
    ended = DuoFactory(programme=structure, started_on=D(2023, 1, 2), finished=True,
                       ended_on=D(2023, 7, 2))  # fmt: skip
    activity = CollectiveActivity.objects.create(
        programme=structure, occurred_on=D(2024, 6, 15), place="Parc de la Villette",
        theme="Pique-nique",
    )  # fmt: skip
    url = reverse("programmes:activity_detail", args=[activity.pk])
    page = client.get(url).content.decode()
    assert str(duo.person) in page and str(ended.person) not in page
    response = client.post(
        url, {"persons": [duo.person_id], "volunteers": [duo.volunteer_id], "other_attendees": 7}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.other_attendees == 7 and activity.attendances.count() == 2
    # A person outside the duos of the day cannot be ticked.
    response = client.post(url, {"persons": [ended.person_id], "other_attendees": 0})
    assert response.status_code == 200 and activity.attendances.count() == 2


def test_the_person_file_shows_the_programmes_panel(client, duos_team):
    duo = DuoFactory(programme=duos_team.structure)
    PathwayFactory(person=duo.person, structure=duos_team.structure)
    content = client.get(reverse("ftda:person_detail", args=[duo.person_id])).content.decode()
    assert reverse("programmes:duo_detail", args=[duo.pk]) in content
    assert "Inscrire à Duos de demain" in content  # not registered as a participant yet


def test_the_panel_runs_a_constant_number_of_queries(client, duos_team):
    structure = duos_team.structure

    def person_with(count):
        person = PersonFactory()
        PathwayFactory(person=person, structure=structure)
        for year in range(count):
            DuoFactory(programme=structure, person=person, started_on=D(2015 + year, 1, 5),
                       status="finished", ended_on=D(2015 + year, 7, 5))  # fmt: skip
        return person

    def queries(person):
        url = reverse("ftda:person_detail", args=[person.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(person_with(1)) == queries(person_with(8))


def test_registration_offers_only_people_supported_now_and_not_yet_registered(client, duos_team):
    structure = duos_team.structure
    current = PersonFactory(last_name="Sissoko", first_names="Hawa")
    PathwayFactory(person=current, structure=structure)
    former = PersonFactory(last_name="Camara", first_names="Mariama")
    PathwayFactory(person=former, structure=structure, closed=True)
    registered = ParticipantFactory(programme=structure).person
    PathwayFactory(person=registered, structure=structure)
    page = client.get(reverse("programmes:participant_create")).content.decode()
    assert "SISSOKO Hawa" in page
    assert "CAMARA Mariama" not in page and str(registered) not in page
