"""The programmes' section in a person's file: duos, Chiche Chef, Clé de France.

Only records of the user's programmes are listed (the direction reads them all). One query
(shared with the navigation) for users outside the programmes, at most five otherwise.
"""

from programmes.enums import Scheme
from programmes.models import CookingParticipant, Duo, MobilityPathway, Participant
from programmes.navigation import programmes_for


def person_panel(request, person):
    programmes = programmes_for(request)
    if not programmes:
        return None
    user = request.user
    schemes = {scheme for _, scheme, _ in programmes}
    duos, participations, cooking, mobility = [], [], [], []
    if Scheme.DUOS in schemes:
        duos = list(
            Duo.objects.for_user(user)
            .filter(person=person)
            .with_regularity()
            .select_related("volunteer", "programme")
        )
        participations = list(
            Participant.objects.for_user(user).filter(person=person).select_related("programme")
        )
    if Scheme.CHICHE_CHEF in schemes:
        cooking = list(
            CookingParticipant.objects.for_user(user)
            .filter(person=person)
            .select_related("event")
            .order_by("-event__held_on")
        )
    if Scheme.CLE_DE_FRANCE in schemes:
        mobility = list(MobilityPathway.objects.for_user(user).filter(person=person))
    team = {
        scheme: [pk for pk, s, member in programmes if s == scheme and member]
        for scheme in (Scheme.DUOS, Scheme.CLE_DE_FRANCE)
    }
    registered = {p.programme_id for p in participations}
    if not (duos or participations or cooking or mobility or any(team.values())):
        return None
    return (
        "programmes/_person_panel.html",
        {
            "duos": duos,
            "participations": participations,
            "cooking": cooking,
            "mobility": mobility,
            "can_register": any(pk not in registered for pk in team[Scheme.DUOS]),
            "can_open_mobility": bool(team[Scheme.CLE_DE_FRANCE])
            and not any(p.ended_on is None for p in mobility),
        },
    )
