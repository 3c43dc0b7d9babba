"""Choices of the housing app: English values in the database, French labels for people."""

from django.db import models


class DecisionKind(models.TextChoices):
    CREATION = "creation", "Création"
    EXTENSION = "extension", "Extension"
    REDUCTION = "reduction", "Réduction"


class UnitKind(models.TextChoices):
    COLLECTIVE_ROOM = "collective_room", "Chambre en site collectif"
    SCATTERED_FLAT = "scattered_flat", "Logement diffus"


class CallKind(models.TextChoices):
    CPH = "cph", "Centre provisoire d'hébergement (CPH)"
    ASSIMILATED_HOUSING = "assimilated_housing", "Dispositif assimilé"


class BidKind(models.TextChoices):
    CREATION = "creation", "Création"
    EXTENSION = "extension", "Extension"


class BidStatus(models.TextChoices):
    FILED = "filed", "Déposé"
    RETAINED = "retained", "Retenu"
    REJECTED = "rejected", "Non retenu"


class OrientationOrigin(models.TextChoices):
    CADA = "cada", "CADA"
    HUDA = "huda", "HUDA"
    EMERGENCY_SHELTER = "emergency_shelter", "Hébergement d'urgence"
    HOTEL = "hotel", "Hôtel"
    OTHER = "other", "Autre"


class Opinion(models.TextChoices):
    FAVOURABLE = "favourable", "Favorable"
    UNFAVOURABLE = "unfavourable", "Défavorable"


class ExitOutcome(models.TextChoices):
    SOCIAL_HOUSING = "social_housing", "Logement social"
    PRIVATE_RENTAL = "private_rental", "Parc privé"
    RENTAL_INTERMEDIATION = (
        "rental_intermediation",
        "Intermédiation locative ou bail glissant",
    )
    OTHER_ACCOMMODATION = "other_accommodation", "Autre hébergement"
    NO_SOLUTION = "no_solution", "Départ sans solution"
    BREACH = "breach", "Fin de prise en charge pour manquement"
    DEATH = "death", "Décès"
    OTHER = "other", "Autre"


# Exits counted as "autonomous housing" in the figures.
AUTONOMOUS_HOUSING_OUTCOMES = (
    ExitOutcome.SOCIAL_HOUSING,
    ExitOutcome.PRIVATE_RENTAL,
    ExitOutcome.RENTAL_INTERMEDIATION,
)


class EmploymentSituation(models.TextChoices):
    PERMANENT_JOB = "permanent_job", "Emploi durable (CDI, CDD de 6 mois ou plus)"
    TEMPORARY_JOB = "temporary_job", "Emploi temporaire (CDD court, intérim)"
    TRAINING = "training", "Formation"
    JOB_SEEKER = "job_seeker", "Demandeur d'emploi"
    NOT_AVAILABLE = "not_available", "Sans activité (santé, garde d'enfant, retraite…)"
    UNKNOWN = "unknown", "Non connue"
