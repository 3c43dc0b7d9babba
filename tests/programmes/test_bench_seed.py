"""The programmes' volume hook (programmes/bench_seed.py) at a small size: 1,500 duos of
persons of the seed, each in a core pathway of Duos de demain, with volunteers, consents and
meetings that keep the rules; Chiche Chef editions; a mobility pathway per person supported
by Clé de France."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import Count, F

from ftda.models import Pathway
from programmes import bench_seed
from programmes.enums import DuoStatus, MobilityStatus, ParticipantGroup
from programmes.models import (
    CookingEvent,
    CookingParticipant,
    Duo,
    DuoMeeting,
    GroupCount,
    MobilityPathway,
    MobilityStage,
    Participant,
    Volunteer,
)
from tests.bench_seeding import seed_small

pytestmark = pytest.mark.django_db(transaction=True)


def test_programmes_volume_keeps_the_rules(monkeypatch):
    # Enough adults for 1,500 duos besides the other schemes.
    structures = seed_small(monkeypatch, [("programmes", bench_seed)], persons=5000)
    today = datetime.date.today()
    duos_programme = structures["duos"]
    duos = list(Duo.objects.filter(programme=duos_programme))
    assert len(duos) == bench_seed.DUOS
    assert len({d.started_on.year for d in duos}) >= 8  # spread over the years

    pathways = {p.person_id: p for p in Pathway.objects.filter(structure=duos_programme)}
    participants = {p.person_id: p for p in Participant.objects.filter(programme=duos_programme)}
    for duo in duos:
        assert duo.planned_end_on == duo.started_on + relativedelta(months=6)
        assert duo.volunteer_person_id != duo.person_id
        assert participants[duo.person_id].consent_given_on <= duo.started_on
        pathway = pathways[duo.person_id]  # the person is supported by the programme
        assert pathway.started_on <= duo.started_on
        assert pathway.ended_on == duo.ended_on
        assert (duo.ended_on is None) == (duo.status == DuoStatus.ONGOING)
        assert duo.started_on < today and (duo.ended_on is None or duo.ended_on < today)
    assert {d.status for d in duos} == set(DuoStatus.values)
    # One duo at a time for a refugee (one each here) and for a volunteer.
    assert len({d.person_id for d in duos}) == len(duos)
    by_volunteer = {}
    for duo in sorted(duos, key=lambda d: d.started_on):
        previous = by_volunteer.get(duo.volunteer_id)
        assert previous is None or (previous.ended_on and previous.ended_on <= duo.started_on)
        by_volunteer[duo.volunteer_id] = duo
    assert len(by_volunteer) < len(duos)  # volunteers take a second duo
    assert Volunteer.objects.filter(person__isnull=False).exists()  # former participants
    assert not Volunteer.objects.filter(languages=[]).exists()
    assert Volunteer.objects.filter(active=True).exists()

    # Meetings within the duo, in most of its months.
    meetings = DuoMeeting.objects.filter(duo__programme=duos_programme)
    assert not meetings.filter(occurred_on__lt=F("duo__started_on")).exists()
    assert not meetings.filter(occurred_on__gt=F("duo__ended_on")).exists()
    assert not meetings.filter(occurred_on__gt=today).exists()
    regularity = Duo.objects.filter(status=DuoStatus.FINISHED).with_regularity(today)
    months = [d.months_with_meeting for d in regularity]
    assert sum(m == 6 for m in months) > len(months) / 3
    assert any(m < 6 for m in months)

    # Chiche Chef: editions since the programme opened, counts by group, children by first
    # name only, refugees linked to persons supported by Chiche Chef.
    chef = structures["chiche_chef"]
    events = CookingEvent.objects.filter(programme=chef)
    assert events.count() >= 6 * (today.year - chef.opened_on.year)
    assert not events.filter(held_on__lt=chef.opened_on).exists()
    assert not events.annotate(n=Count("counts")).filter(n=0).exists()
    assert GroupCount.objects.filter(group=ParticipantGroup.ASE_CHILDREN).count() == events.count()
    children = CookingParticipant.objects.filter(group=ParticipantGroup.ASE_CHILDREN)
    assert children.exists() and not children.exclude(last_name="").exists()
    named = CookingParticipant.objects.filter(person__isnull=False).select_related("event")
    assert named.exists()
    for participant in named:
        assert Pathway.objects.filter(
            person=participant.person_id, structure=chef, started_on__lte=participant.event.held_on
        ).exists()

    # Clé de France: one mobility pathway per person supported there.
    cle = structures["cle_de_france"]
    mobility = MobilityPathway.objects.filter(programme=cle)
    assert mobility.count() == Pathway.objects.filter(structure=cle).count() > 0
    assert mobility.filter(status=MobilityStatus.RELOCATED).exists()
    relocations = MobilityStage.objects.filter(pathway__programme=cle, kind="relocation")
    assert relocations.count() == mobility.filter(status=MobilityStatus.RELOCATED).count()
    assert not relocations.exclude(occurred_on=F("pathway__relocated_on")).exists()
    assert not mobility.filter(relocated_on__gt=today).exists()
