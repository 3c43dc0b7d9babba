import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ftda.models import FollowUp
from tests.ftda.factories import (
    FollowUpFactory,
    MembershipFactory,
    PathwayFactory,
    StructureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    angers = StructureFactory(name="CPH Angers")
    agir = StructureFactory(agir=True, name="AGIR Paris")
    worker = MembershipFactory(structure=angers).user
    agir_worker = MembershipFactory(structure=agir).user
    person = PathwayFactory(structure=angers, person__last_name="Tesfay").person
    PathwayFactory(structure=agir, person=person)
    return angers, agir, worker, agir_worker, person


def follow_up_data(structure, **overrides):
    data = {
        "structure": structure.pk,
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "home_visit",
        "topics": ["housing", "health"],
        "note": "Visite du logement, état des lieux fait.",
        "next_step": "Relancer le bailleur",
        "next_step_due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    data.update(overrides)
    return data


def test_follow_up_logged_with_htmx_returns_the_fragment(client, setting):
    angers, _, worker, _, person = setting
    client.force_login(worker)
    url = reverse("ftda:follow_up_create", args=[person.pk])
    response = client.post(url, follow_up_data(angers), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # a fragment, not a page
    assert 'hx-swap-oob="afterbegin:#follow-up-list"' in body
    assert "Visite du logement" in body
    follow_up = FollowUp.objects.get()
    assert (follow_up.author, follow_up.structure, follow_up.topics) == (
        worker,
        angers,
        ["housing", "health"],
    )


def test_invalid_follow_up_keeps_input_and_explains(client, setting):
    angers, _, worker, _, person = setting
    client.force_login(worker)
    url = reverse("ftda:follow_up_create", args=[person.pk])
    data = follow_up_data(
        angers,
        topics=[],
        next_step_due_on=(timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
    )
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Choisissez au moins un thème." in body
    assert "L&#x27;échéance ne peut précéder la date du suivi." in body
    assert "Visite du logement, état des lieux fait." in body
    assert not FollowUp.objects.exists()


def test_future_follow_up_is_refused(client, setting):
    angers, _, worker, _, person = setting
    client.force_login(worker)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    url = reverse("ftda:follow_up_create", args=[person.pk])
    response = client.post(url, follow_up_data(angers, occurred_on=tomorrow, next_step_due_on=""))
    assert "ne peut pas être dans le futur" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_cannot_log_for_a_structure_one_is_not_member_of(client, setting):
    _, agir, worker, _, person = setting
    client.force_login(worker)
    url = reverse("ftda:follow_up_create", args=[person.pk])
    response = client.post(url, follow_up_data(agir))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_notes_are_visible_to_the_writing_structure_only(client, setting):
    angers, agir, worker, agir_worker, person = setting
    FollowUpFactory(person=person, structure=angers, author=worker, note="Note du CPH")
    FollowUpFactory(person=person, structure=agir, author=agir_worker, note="Note AGIR")
    url = reverse("ftda:person_detail", args=[person.pk])

    client.force_login(agir_worker)
    body = client.get(url).content.decode()
    assert "Note AGIR" in body and "Note du CPH" not in body
    assert "CPH Angers" in body  # the schemes the person is in are shared

    direction = UserFactory(direction=True)
    client.force_login(direction)
    body = client.get(url).content.decode()
    assert "Note AGIR" not in body and "Note du CPH" not in body
    assert "TESFAY" in body


def test_markup_in_a_note_is_shown_inert(client, setting):
    angers, _, worker, _, person = setting
    FollowUpFactory(
        person=person,
        structure=angers,
        author=worker,
        note='<script>alert("x")</script><img src=x onerror=alert(1)>',
    )
    client.force_login(worker)
    body = client.get(reverse("ftda:person_detail", args=[person.pk])).content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<img src=x" not in body


def test_follow_up_insert_is_audited(client, setting):
    angers, _, worker, _, person = setting
    client.force_login(worker)
    url = reverse("ftda:follow_up_create", args=[person.pk])
    client.post(url, follow_up_data(angers))
    event = FollowUp.objects.get().events.get()
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata == {"user": worker.pk, "url": url}


def test_quick_follow_up_form_opens_in_the_caseload_row(client, setting):
    angers, _, worker, _, person = setting
    client.force_login(worker)
    url = reverse("ftda:follow_up_create", args=[person.pk]) + "?depuis=liste"
    response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert f'id="quick-follow-up-{person.pk}"' in body
    assert 'name="depuis" value="liste"' in body
    assert '<option value="interview" selected>' in body
    data = follow_up_data(angers, depuis="liste")
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert "enregistré pour TESFAY" in response.content.decode()
    assert FollowUp.objects.count() == 1


def test_direction_cannot_open_the_follow_up_form(client, setting):
    *_, person = setting
    client.force_login(UserFactory(direction=True))
    url = reverse("ftda:follow_up_create", args=[person.pk])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404


@pytest.mark.parametrize("where", ["file", "form"])
def test_structure_choice_only_for_a_member_of_several_supporting_structures(
    client, setting, where
):
    _angers, agir, worker, _agir_worker, person = setting
    url = {
        "file": reverse("ftda:person_detail", args=[person.pk]),
        "form": reverse("ftda:follow_up_create", args=[person.pk]),
    }[where]
    client.force_login(worker)
    assert '<select name="structure"' not in client.get(url).content.decode()
    MembershipFactory(user=worker, structure=agir)
    page = client.get(url).content.decode()
    assert '<select name="structure"' in page
    assert "AGIR Paris" in page
