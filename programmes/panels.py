"""The programmes' section in a person's file: duos, Chiche Chef, Clé de France.

Only records of the user's programmes are listed (the direction reads them all); a constant
number of queries.
"""

from django.db.models import Prefetch

from programmes.enums import Scheme
from programmes.models import (
    CookingParticipant,
    Duo,
    MobilityPathway,
    Participant,
    programmes_of,
)


def person_panel(request, person):
    user = request.user
    duos = list(
        Duo.objects.for_user(user)
        .filter(person=person)
        .with_regularity()
        .select_related("volunteer", "programme")
    )
    participations = list(
        Participant.objects.for_user(user).filter(person=person).select_related("programme")
    )
    cooking = list(
        CookingParticipant.objects.for_user(user)
        .filter(person=person)
        .select_related("event")
        .order_by("-event__held_on")
    )
    mobility = list(
        MobilityPathway.objects.for_user(user)
        .filter(person=person)
        .prefetch_related(Prefetch("stages"))
    )
    duo_team = list(programmes_of(user, Scheme.DUOS, writable=True)[:1])
    cle_team = list(programmes_of(user, Scheme.CLE_DE_FRANCE, writable=True)[:1])
    if not (duos or participations or cooking or mobility or duo_team or cle_team):
        return None
    registered = {p.programme_id for p in participations}
    return (
        "programmes/_person_panel.html",
        {
            "duos": duos,
            "participations": participations,
            "cooking": cooking,
            "mobility": mobility,
            "can_register": bool(duo_team) and duo_team[0].pk not in registered,
            "can_open_mobility": bool(cle_team) and not any(p.ended_on is None for p in mobility),
        },
    )
