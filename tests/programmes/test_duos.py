"""Duos de demain: database rules, meetings within dates, regularity, matching, pathways."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ftda.models import Pathway
from programmes import matching, services
from programmes.models import Duo, DuoMeeting, Volunteer
from programmes.regularity import calendar_months_without_meeting, duo_months, is_completed
from tests.ftda.factories import MembershipFactory, PersonFactory
from tests.programmes.factories import (
    DuoFactory,
    DuoMeetingFactory,
    ParticipantFactory,
    VolunteerFactory,
    programme_structure,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(callable_, *args, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_(*args, **kwargs)


# --------------------------------------------------------------------------- database rules


def test_planned_end_is_six_months_later_even_at_month_ends():
    assert DuoFactory(started_on=D(2023, 8, 31)).planned_end_on == D(2024, 2, 29)
    assert DuoFactory(started_on=D(2022, 8, 31)).planned_end_on == D(2023, 2, 28)
    assert DuoFactory(started_on=D(2024, 1, 15)).planned_end_on == D(2024, 7, 15)


def test_a_duo_has_two_different_people():
    person = PersonFactory(last_name="Tesfay", first_names="Mehret")
    volunteer = VolunteerFactory(person=person)  # a former participant now volunteers
    refused(DuoFactory, person=person, volunteer=volunteer, programme=volunteer.programme)
    with pytest.raises(ValidationError, match="deux personnes différentes"):
        Duo(
            programme=volunteer.programme, person=person, volunteer=volunteer, started_on=D.today()
        ).full_clean()
    assert DuoFactory(volunteer=volunteer, programme=volunteer.programme).pk


def test_a_refugee_is_in_one_active_duo_at_a_time():
    first = DuoFactory(started_on=D(2024, 1, 31))
    refused(DuoFactory, person=first.person, programme=first.programme, started_on=D(2024, 5, 2))
    first.status, first.ended_on = "finished", D(2024, 7, 31)
    first.save()
    refused(DuoFactory, person=first.person, programme=first.programme, started_on=D(2024, 7, 30))
    # The day the first one ends, a new one may start.
    assert DuoFactory(person=first.person, programme=first.programme, started_on=D(2024, 7, 31))


def test_a_volunteer_is_in_one_active_duo_at_a_time():
    first = DuoFactory()
    refused(DuoFactory, volunteer=first.volunteer, programme=first.programme)


def test_status_and_end_go_together_and_an_interruption_has_a_reason():
    refused(DuoFactory, status="finished")
    refused(DuoFactory, ended_on=D(2024, 3, 1))
    refused(DuoFactory, status="interrupted", ended_on=D(2024, 3, 1), end_reason="")
    refused(DuoFactory, status="finished", ended_on=D(2023, 12, 1))
    assert DuoFactory(interrupted=True).end_reason


# --------------------------------------------------------------------------- meetings


def test_meetings_fall_within_the_duo_dates_in_the_database():
    duo = DuoFactory(started_on=D(2024, 1, 31), finished=True)
    DuoMeetingFactory(duo=duo, occurred_on=D(2024, 1, 31))
    DuoMeetingFactory(duo=duo, occurred_on=D(2024, 7, 31))
    refused(DuoMeeting.objects.bulk_create, [DuoMeeting(duo=duo, occurred_on=D(2024, 1, 30))])
    refused(DuoMeeting.objects.create, duo=duo, occurred_on=D(2024, 8, 1), kind="walk")
    # Moving the duo's end before a logged meeting is refused too.
    refused(Duo.objects.filter(pk=duo.pk).update, ended_on=D(2024, 7, 1))


def test_log_meeting_reports_a_date_outside_the_duo_in_french():
    membership = MembershipFactory(structure=programme_structure())
    duo = DuoFactory(programme=membership.structure, started_on=D(2024, 3, 1))
    meeting = DuoMeeting(duo=duo, occurred_on=D(2024, 2, 29), kind="coffee")
    with pytest.raises(ValidationError, match="pendant le duo"):
        services.log_meeting(meeting=meeting, author=membership.user)
    assert not DuoMeeting.objects.exists()


# --------------------------------------------------------------------------- regularity


def test_duo_months_are_counted_from_the_start_across_a_leap_february():
    months = duo_months(D(2024, 1, 31), [D(2024, 2, 29)])
    assert [m.start for m in months] == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
        D(2024, 5, 31),
        D(2024, 6, 30),
    ]
    assert months[-1].end == D(2024, 7, 31)
    assert [m.meetings for m in months] == [0, 1, 0, 0, 0, 0]
    # 29 February closes month 1 of a duo started on 29 January (month 2 starts 29/02).
    assert duo_months(D(2024, 1, 29), [D(2024, 2, 28)])[0].meetings == 1
    assert duo_months(D(2024, 1, 29), [D(2024, 2, 29)])[1].meetings == 1


def _meetings(duo, days):
    for day in days:
        DuoMeetingFactory(duo=duo, occurred_on=day)


MONTHLY = [D(2024, 2, 1), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 6, 1),
           D(2024, 7, 30)]  # fmt: skip


@pytest.mark.parametrize(
    ("meetings", "ended_on", "completed"),
    [
        (MONTHLY, D(2024, 7, 31), True),
        # Nothing between 31/05 and 29/06 (the duo's 5th month): not completed.
        ([*MONTHLY[:4], D(2024, 6, 30), D(2024, 7, 1)], D(2024, 7, 31), False),
        # Every month met, but ended a day early: did not run six months.
        ([*MONTHLY[:5], D(2024, 7, 29)], D(2024, 7, 30), False),
        # Two meetings in March, none in the duo's 2nd month (29/02 to 30/03).
        ([D(2024, 2, 1), D(2024, 3, 31), D(2024, 4, 1), *MONTHLY[3:]], D(2024, 7, 31), False),
    ],
)
def test_completion_in_python_and_sql_agree(meetings, ended_on, completed):
    duo = DuoFactory(started_on=D(2024, 1, 31), status="finished", ended_on=ended_on)
    _meetings(duo, meetings)
    annotated = Duo.objects.with_regularity(today=D(2025, 1, 1)).get(pk=duo.pk)
    assert annotated.is_completed is completed
    assert is_completed(duo.started_on, duo.ended_on, meetings, D(2025, 1, 1)) is completed
    assert annotated.months_with_meeting == sum(
        1 for m in duo_months(duo.started_on, meetings) if m.meetings
    )


def test_an_ongoing_duo_completes_once_six_months_have_passed():
    duo = DuoFactory(started_on=D(2024, 1, 31))
    _meetings(duo, MONTHLY)
    assert not Duo.objects.with_regularity(today=D(2024, 7, 30)).get(pk=duo.pk).is_completed
    assert Duo.objects.with_regularity(today=D(2024, 7, 31)).get(pk=duo.pk).is_completed


def test_calendar_months_without_meeting_are_flagged():
    missing = calendar_months_without_meeting(
        D(2024, 1, 31), None, [D(2024, 1, 31), D(2024, 3, 1)], today=D(2024, 4, 10)
    )
    assert missing == [D(2024, 2, 1), D(2024, 4, 1)]
    duo = DuoFactory(started_on=D(2024, 1, 31))
    _meetings(duo, [D(2024, 3, 1)])
    assert list(Duo.objects.without_meeting_in_month(D(2024, 2, 1))) == [duo]
    assert not Duo.objects.without_meeting_in_month(D(2024, 3, 1)).exists()


# --------------------------------------------------------------------------- matching


def test_matching_ranks_volunteers_with_reasons():
    structure = programme_structure()
    person = PersonFactory(languages=["prs", "fra"])
    participant = ParticipantFactory(
        programme=structure,
        person=person,
        city="Saint-Denis",
        departement="93",
        interests=["sport", "cooking"],
        availabilities=["saturday"],
    )
    dari_far = VolunteerFactory(
        programme=structure, last_name="Azimi", languages=["prs", "fra"], city="Lyon",
        departement="69", interests=[], availabilities=[],
    )  # fmt: skip
    same_town = VolunteerFactory(
        programme=structure, last_name="Bernard", languages=["fra"], city="Saint-Denis",
        departement="93", interests=["sport"], availabilities=["saturday"],
    )  # fmt: skip
    same_dep = VolunteerFactory(
        programme=structure, last_name="Colin", languages=["fra"], city="Montreuil",
        departement="93", interests=["sport", "cooking"], availabilities=["sunday"],
    )  # fmt: skip
    nothing = VolunteerFactory(
        programme=structure, last_name="Dupont", languages=["deu"], city="Lille",
        departement="59", interests=[], availabilities=[],
    )  # fmt: skip
    ranked = matching.rank(participant, [nothing, same_dep, dari_far, same_town])
    # Bernard: fr 1 + town 4 + sport 1 + saturday 1 = 7; Azimi: dari 5 + fr 1 = 6;
    # Colin: fr 1 + département 2 + two interests 2 = 5; Dupont: 0.
    assert [m.volunteer for m in ranked] == [same_town, dari_far, same_dep, nothing]
    assert [m.score for m in ranked] == [7, 6, 5, 0]
    assert "Même ville (Saint-Denis)" in ranked[0].reasons
    assert any("dari" in reason.lower() for reason in ranked[1].reasons)
    assert "Même département (93)" in ranked[2].reasons
    assert ranked[3].reasons == []


def test_matching_never_proposes_the_person_to_themselves():
    structure = programme_structure()
    participant = ParticipantFactory(programme=structure)
    self_volunteer = VolunteerFactory(programme=structure, person=participant.person)
    assert matching.rank(participant, [self_volunteer]) == []


# --------------------------------------------------------------------------- services


def test_confirming_a_duo_opens_the_pathway_and_ending_closes_it():
    membership = MembershipFactory(structure=programme_structure())
    structure, user = membership.structure, membership.user
    participant = ParticipantFactory(programme=structure)
    volunteer = VolunteerFactory(programme=structure)
    duo = services.confirm_duo(
        participant=participant, volunteer=volunteer, started_on=D(2024, 2, 29), author=user
    )
    pathway = Pathway.objects.get(person=participant.person, structure=structure)
    assert pathway.ended_on is None and pathway.started_on == D(2024, 2, 29)
    assert duo.planned_end_on == D(2024, 8, 29)
    with pytest.raises(ValidationError, match="motif"):
        services.end_duo(duo=duo, status="interrupted", ended_on=D(2024, 4, 1), author=user)
    duo.refresh_from_db()
    assert duo.status == "ongoing"
    services.end_duo(
        duo=duo, status="interrupted", ended_on=D(2024, 4, 1), reason="Départ", author=user
    )
    pathway.refresh_from_db()
    assert pathway.ended_on == D(2024, 4, 1)


def test_a_second_duo_for_the_same_refugee_is_a_clear_error():
    membership = MembershipFactory(structure=programme_structure())
    structure, user = membership.structure, membership.user
    participant = ParticipantFactory(programme=structure)
    services.confirm_duo(
        participant=participant,
        volunteer=VolunteerFactory(programme=structure),
        started_on=D(2024, 2, 1),
        author=user,
    )
    with pytest.raises(ValidationError, match="déjà dans un duo"):
        services.confirm_duo(
            participant=participant,
            volunteer=VolunteerFactory(programme=structure),
            started_on=D(2024, 3, 1),
            author=user,
        )
    assert Duo.objects.count() == 1


def test_only_the_team_writes():
    structure = programme_structure()
    outsider = MembershipFactory().user  # a CPH social worker
    participant = ParticipantFactory(programme=structure)
    with pytest.raises(ValidationError, match="équipe"):
        services.confirm_duo(
            participant=participant,
            volunteer=VolunteerFactory(programme=structure),
            started_on=D(2024, 2, 1),
            author=outsider,
        )


@pytest.mark.parametrize(
    ("start", "day", "month_index"),
    [
        # Started 31/08: the sixth month runs from 31/01 to the day before the planned end,
        # which is 29/02 in a leap year and 28/02 otherwise.
        (D(2023, 8, 31), D(2024, 2, 28), 5),
        (D(2023, 8, 31), D(2024, 2, 29), None),
        (D(2022, 8, 31), D(2023, 2, 27), 5),
        (D(2022, 8, 31), D(2023, 2, 28), None),
        # Started 30/11: month 4 starts on 29/02 in a leap year, 28/02 otherwise.
        (D(2023, 11, 30), D(2024, 2, 28), 2),
        (D(2023, 11, 30), D(2024, 2, 29), 3),
        (D(2022, 11, 30), D(2023, 2, 28), 3),
    ],
)
def test_end_of_month_starts_in_python_and_sql(start, day, month_index):
    duo = DuoFactory(started_on=start, status="finished", ended_on=start + relativedelta(months=7))
    DuoMeetingFactory(duo=duo, occurred_on=day)
    counts = [m.meetings for m in duo_months(start, [day])]
    assert counts == [int(k == month_index) for k in range(6)]
    annotated = Duo.objects.with_regularity(today=D(2030, 1, 1)).get(pk=duo.pk)
    assert annotated.months_with_meeting == sum(counts)


def test_only_available_volunteers_are_offered():
    structure = programme_structure()
    busy = DuoFactory(programme=structure).volunteer
    stopped = VolunteerFactory(programme=structure, active=False)
    free = VolunteerFactory(programme=structure)
    done = DuoFactory(programme=structure, finished=True).volunteer
    offered = set(Volunteer.objects.filter(programme=structure).available())
    assert offered == {free, done}
    assert busy not in offered and stopped not in offered
