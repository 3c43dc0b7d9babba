"""Matching for Duos de demain: the volunteers of a programme ranked for one refugee, with
the reasons shown to the team (who confirms the duo; nothing is decided automatically).

Weights: a shared language other than French counts most (the duo can talk from day one);
French is shared by nearly every volunteer, so it counts little. Then the same town, or
failing that the same département; then each shared interest and each shared availability.
"""

from dataclasses import dataclass, field

from ftda.languages import LANGUAGE_NAMES
from programmes.enums import Availability, Interest

FRENCH = "fra"
WEIGHTS = {
    "language": 5,
    "french": 1,
    "town": 4,
    "departement": 2,
    "interest": 1,
    "availability": 1,
}


@dataclass
class Match:
    volunteer: object
    score: int = 0
    reasons: list = field(default_factory=list)


def _norm(text):
    return " ".join((text or "").casefold().replace("-", " ").split())


def score(*, languages, city, departement, interests, availabilities, volunteer) -> Match:
    match = Match(volunteer)
    shared = [code for code in languages if code in set(volunteer.languages)]
    for code in shared:
        weight = WEIGHTS["french"] if code == FRENCH else WEIGHTS["language"]
        match.score += weight
        match.reasons.append(f"Parle {LANGUAGE_NAMES.get(code, code).lower()}")
    if city and _norm(city) == _norm(volunteer.city):
        match.score += WEIGHTS["town"]
        match.reasons.append(f"Même ville ({volunteer.city})")
    elif departement and departement == volunteer.departement:
        match.score += WEIGHTS["departement"]
        match.reasons.append(f"Même département ({departement})")
    interest_labels = dict(Interest.choices)
    common = [i for i in interests if i in set(volunteer.interests)]
    if common:
        match.score += WEIGHTS["interest"] * len(common)
        match.reasons.append(
            "Intérêts communs : " + ", ".join(interest_labels.get(i, i) for i in common)
        )
    availability_labels = dict(Availability.choices)
    slots = [a for a in availabilities if a in set(volunteer.availabilities)]
    if slots:
        match.score += WEIGHTS["availability"] * len(slots)
        match.reasons.append(
            "Disponibles : " + ", ".join(availability_labels.get(a, a).lower() for a in slots)
        )
    return match


def rank(participant, volunteers):
    """`volunteers` ranked for `participant` (a `Participant`), best first; ties by name."""
    person = participant.person
    matches = [
        score(
            languages=person.languages,
            city=participant.city,
            departement=participant.departement,
            interests=participant.interests,
            availabilities=participant.availabilities,
            volunteer=volunteer,
        )
        for volunteer in volunteers
        if volunteer.person_id != person.pk
    ]
    matches.sort(key=lambda m: (-m.score, m.volunteer.last_name, m.volunteer.first_names))
    return matches
